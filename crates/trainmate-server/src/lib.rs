//! TrainMate's optional sync server (sync.md): accounts and devices, and push/pull of one
//! trainer's scope, over HTTP/JSON.
//!
//! The server keeps no state of its own between requests: everything lives in the database
//! ([`storage`]) and the configuration, so restarts — and, with PostgreSQL, several instances —
//! behave as one. The scope a request may touch comes from its access token, never its body.

pub mod accounts;
pub mod error;
pub mod openapi;
pub mod schema;
pub mod storage;
pub mod sync;
pub mod tokens;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;

use crate::error::ApiError;
use crate::storage::{Storage, StorageError, Tx};
use crate::tokens::Keys;
use trainmate_api::sync::ErrorBody;

/// The largest request body accepted, after decompression.
pub const BODY_LIMIT_BYTES: usize = 8 * 1024 * 1024;

/// The server's wall clock, injected so tests can move time.
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A deliberate crash for the fault tests (sync.md test 1): the process aborts at this point of
/// the `nth` push (1-based). Never set in production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    AbortBeforeCommit { nth: u32 },
    AbortAfterCommit { nth: u32 },
}

impl std::str::FromStr for Fault {
    type Err = String;

    /// `before-commit:N` or `after-commit:N`.
    fn from_str(text: &str) -> Result<Fault, String> {
        let (point, nth) = text
            .split_once(':')
            .ok_or("expected before-commit:N or after-commit:N")?;
        let nth: u32 = nth.parse().map_err(|_| "N must be a positive number")?;
        match point {
            "before-commit" => Ok(Fault::AbortBeforeCommit { nth }),
            "after-commit" => Ok(Fault::AbortAfterCommit { nth }),
            _ => Err("expected before-commit:N or after-commit:N".into()),
        }
    }
}

pub struct AppState<S> {
    pub store: Arc<S>,
    pub keys: Arc<Keys>,
    pub clock: Arc<dyn Clock>,
    pub fault: Option<Fault>,
    pushes: Arc<AtomicU32>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        AppState {
            store: self.store.clone(),
            keys: self.keys.clone(),
            clock: self.clock.clone(),
            fault: self.fault,
            pushes: self.pushes.clone(),
        }
    }
}

impl<S: Storage> AppState<S> {
    /// `secret`: the token signing secret from configuration; `None` uses the one stored in the
    /// database, generating it on first start.
    pub fn new(
        store: S,
        secret: Option<&str>,
        clock: Arc<dyn Clock>,
        fault: Option<Fault>,
    ) -> Result<AppState<S>, StartError> {
        let secret = match secret {
            Some(s) if s.len() >= tokens::MIN_SECRET_BYTES => s.to_owned(),
            Some(_) => return Err(StartError::ShortSecret),
            None => store.write(|tx| tx.meta_init("jwt_secret", &tokens::new_secret()))?,
        };
        Ok(AppState {
            store: Arc::new(store),
            keys: Arc::new(Keys::new(secret.as_bytes())),
            clock,
            fault,
            pushes: Arc::new(AtomicU32::new(0)),
        })
    }

    /// Runs blocking storage work off the async runtime.
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&S) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|error| {
                tracing::error!(%error, "blocking task failed");
                ApiError::internal()
            })?
    }

    /// Counts a push and answers its number (1-based), for the fault points.
    fn next_push(&self) -> u32 {
        self.pushes.fetch_add(1, Ordering::SeqCst) + 1
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the JWT secret must be at least {} bytes", tokens::MIN_SECRET_BYTES)]
    ShortSecret,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Every route of the server.
pub fn router<S: Storage>(state: AppState<S>) -> Router {
    Router::new()
        .route("/v1/health", get(health::<S>))
        .route("/v1/auth/signup", post(accounts::sign_up::<S>))
        .route("/v1/auth/login", post(accounts::sign_in::<S>))
        .route("/v1/auth/refresh", post(accounts::refresh::<S>))
        .route("/v1/auth/logout", post(accounts::sign_out::<S>))
        .route("/v1/devices", get(accounts::list_devices::<S>))
        .route(
            "/v1/devices/{device_id}",
            delete(accounts::revoke_device::<S>),
        )
        .route("/v1/sync/push", post(sync::push::<S>))
        .route("/v1/sync/pull", get(sync::pull::<S>))
        .route("/v1/sync/epoch", post(sync::bump_epoch::<S>))
        .route("/v1/openapi.json", get(openapi::document))
        .route("/v1/docs", get(openapi::docs_page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(RequestDecompressionLayer::new())
        .layer(axum::middleware::map_response(error::json_errors))
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(CatchPanicLayer::custom(|_| {
            use axum::response::IntoResponse;
            tracing::error!("a request handler panicked");
            ApiError::internal().into_response()
        }))
        .with_state(state)
}

/// Reachability for devices and load balancers: answers only when the database does.
#[utoipa::path(get, path = "/v1/health", tag = "sync",
    responses(
        (status = 200, description = "Serving", body = trainmate_api::sync::Health),
        (status = 415, description = "An unknown Content-Encoding", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
        (status = 503, description = "`unavailable`: the database does not answer", body = ErrorBody),
    ))]
async fn health<S: Storage>(
    axum::extract::State(state): axum::extract::State<AppState<S>>,
) -> Result<axum::Json<trainmate_api::sync::Health>, ApiError> {
    state
        .blocking(|store| {
            store.read(|tx| tx.meta("jwt_secret")).map_err(|error| {
                tracing::error!(%error, "health: the database does not answer");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "The server cannot reach its database; try again later.",
                )
            })
        })
        .await?;
    Ok(axum::Json(trainmate_api::sync::Health {
        status: "ok".into(),
        server_time_ms: state.clock.now_ms(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "No such endpoint; see /v1/health for a start.",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept that method.",
    )
}

/// A server listening in the background (tests, and the binary).
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until serving ends by itself (an I/O error). After it answers, do not `stop`.
    pub async fn finished(&mut self) -> std::io::Result<()> {
        match (&mut self.task).await {
            Ok(result) => result,
            Err(error) => Err(std::io::Error::other(error)),
        }
    }
}

/// Binds `addr` and serves `state` in a background task.
pub async fn start<S: Storage>(state: AppState<S>, addr: &str) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown, receiver) = tokio::sync::oneshot::channel::<()>();
    let app = router(state);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = receiver.await;
            })
            .await
    });
    Ok(Running {
        addr,
        shutdown: Some(shutdown),
        task,
    })
}
