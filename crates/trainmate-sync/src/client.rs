//! The sync server's HTTP client: JSON over reqwest (rustls with the ring provider), gzip
//! answers decoded, large push bodies sent gzip-compressed (the server accepts both).

use std::io::Write;
use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use trainmate_api::sync::{
    EpochAnswer, EpochBump, ErrorBody, Health, PullResponse, PushRequest, PushResponse,
    RefreshRequest, SignInRequest, SignUpRequest, Tokens,
};

/// Bodies larger than this go gzip-compressed.
const COMPRESS_ABOVE_BYTES: usize = 8 * 1024;

/// Why a request did not give an answer to use. Classified for the job: what to retry, when to
/// ask the user to sign in again, what to show.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// No answer: connection refused, DNS, timeout, a broken connection. Counts as offline.
    #[error("the sync server could not be reached: {0}")]
    Offline(String),
    /// 5xx or an answer that could not be read: transient, retried with backoff.
    #[error("the sync server failed ({status})")]
    Server { status: u16 },
    /// 429: retried after the server's Retry-After.
    #[error("the sync server asks to wait")]
    RateLimited { retry_after: Option<Duration> },
    /// 401: the access token (and then the refresh token) was refused.
    #[error("sign in to the sync server again")]
    Unauthorized,
    /// The server does not understand this app's data (422 `unsupported_schema_version`).
    #[error("the sync server is older than this app")]
    Version,
    /// The server's numbering of this device's changes disagrees with the device's. When the
    /// server is behind (restored from an older backup) the engine recovers by itself
    /// ([`crate::Engine`] resends the scope); when the device is behind (restored from a
    /// backup itself) it is reported and nothing is sent or deleted.
    #[error("the sync server's numbering disagrees with this device's")]
    ServerBehind { expected: i64 },
    /// The scope's epoch is not the one this device last synced under: another device found the
    /// server restored from an older backup. The engine sends the scope again and pulls it all
    /// ([`crate::Engine`]); seen only inside a round.
    #[error("the sync server was restored from an older backup")]
    EpochChanged { epoch: i64 },
    /// Any other refusal of the whole request, with the server's code and message.
    #[error("the sync server refused: {code}")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    /// The local database failed.
    #[error("local storage failed")]
    Local,
}

impl SyncError {
    /// A stable code for the status (`sync_scopes.last_error`).
    pub fn code(&self) -> &str {
        match self {
            SyncError::Offline(_) => "offline",
            SyncError::Server { .. } => "server",
            SyncError::RateLimited { .. } => "rate_limited",
            SyncError::Unauthorized => "sign_in",
            SyncError::Version => "version",
            SyncError::ServerBehind { .. } => "server_behind",
            SyncError::EpochChanged { .. } => "server_restored",
            SyncError::Refused { code, .. } => code,
            SyncError::Local => "local",
        }
    }

    /// Whether retrying later (with backoff) can help without the user.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Offline(_) | SyncError::Server { .. } | SyncError::RateLimited { .. }
        )
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

fn install_crypto_provider() {
    // Idempotent: a second install (another client) is refused and ignored.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// A client of the server at `base` (e.g. `https://sync.example.com`).
    pub fn new(base: &str) -> Result<Client, SyncError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| SyncError::Offline(e.to_string()))?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn health(&self) -> Result<Health, SyncError> {
        let request = self.http.get(format!("{}/v1/health", self.base));
        answer(request.send().await).await
    }

    pub async fn sign_up(&self, body: &SignUpRequest) -> Result<Tokens, SyncError> {
        self.post("/v1/auth/signup", None, body).await
    }

    pub async fn sign_in(&self, body: &SignInRequest) -> Result<Tokens, SyncError> {
        self.post("/v1/auth/login", None, body).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<Tokens, SyncError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        };
        self.post("/v1/auth/refresh", None, &body).await
    }

    pub async fn push(&self, access: &str, body: &PushRequest) -> Result<PushResponse, SyncError> {
        self.post("/v1/sync/push", Some(access), body).await
    }

    /// Bumps the scope's epoch if it still is `from` (the device found the server behind it).
    pub async fn bump_epoch(&self, access: &str, from: i64) -> Result<EpochAnswer, SyncError> {
        self.post("/v1/sync/epoch", Some(access), &EpochBump { from })
            .await
    }

    pub async fn pull(
        &self,
        access: &str,
        cursor: i64,
        limit: u32,
    ) -> Result<PullResponse, SyncError> {
        let request = self
            .http
            .get(format!(
                "{}/v1/sync/pull?cursor={cursor}&limit={limit}",
                self.base
            ))
            .header(AUTHORIZATION, bearer(access)?);
        answer(request.send().await).await
    }

    async fn post<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        access: Option<&str>,
        body: &B,
    ) -> Result<R, SyncError> {
        let json = serde_json::to_vec(body).map_err(|_| SyncError::Local)?;
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(CONTENT_TYPE, "application/json");
        if let Some(token) = access {
            request = request.header(AUTHORIZATION, bearer(token)?);
        }
        request = if json.len() > COMPRESS_ABOVE_BYTES {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&json).map_err(|_| SyncError::Local)?;
            let gz = encoder.finish().map_err(|_| SyncError::Local)?;
            request.header(CONTENT_ENCODING, "gzip").body(gz)
        } else {
            request.body(json)
        };
        answer(request.send().await).await
    }
}

fn bearer(token: &str) -> Result<HeaderValue, SyncError> {
    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| SyncError::Unauthorized)
}

async fn answer<R: DeserializeOwned>(
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<R, SyncError> {
    let response = sent.map_err(|e| SyncError::Offline(e.to_string()))?;
    let status = response.status();
    if status.is_success() {
        // A body cut off mid-way is a broken connection: offline, retried.
        let bytes = response
            .bytes()
            .await
            .map_err(|e| SyncError::Offline(e.to_string()))?;
        return serde_json::from_slice(&bytes).map_err(|_| SyncError::Server {
            status: status.as_u16(),
        });
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_secs);
    let body: Option<ErrorBody> = response
        .bytes()
        .await
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    Err(classify(status, body, retry_after))
}

fn classify(
    status: StatusCode,
    body: Option<ErrorBody>,
    retry_after: Option<Duration>,
) -> SyncError {
    if status == StatusCode::UNAUTHORIZED {
        return SyncError::Unauthorized;
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return SyncError::RateLimited { retry_after };
    }
    if status.is_server_error() {
        return SyncError::Server {
            status: status.as_u16(),
        };
    }
    let body = body.unwrap_or(ErrorBody {
        code: "unknown".to_owned(),
        message: String::new(),
        expected_device_seq: None,
        fields: Vec::new(),
    });
    match body.code.as_str() {
        "unsupported_schema_version" => SyncError::Version,
        "device_seq_gap" | "device_seq_reused" => SyncError::ServerBehind {
            expected: body.expected_device_seq.unwrap_or(0),
        },
        _ => SyncError::Refused {
            status: status.as_u16(),
            code: body.code,
            message: body.message,
        },
    }
}
