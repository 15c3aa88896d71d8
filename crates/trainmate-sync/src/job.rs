//! The sync job: a tokio task on the sync layer's own runtime, woken by local commits
//! (debounced), a timer and start-up; after a transient failure (offline, 5xx, 429) it waits with
//! exponential backoff and jitter, capped at a minute. "Online" means a request succeeded.
//! [`SyncService`] is also the app's [`SyncGateway`]: the commands that need the server run
//! their request on this runtime and wait for the answer.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::Notify;
use trainmate_api::ApiError;
use trainmate_app::sync_commands::{GatewayResult, SyncGateway};
use trainmate_app::App;
use uuid::Uuid;

use crate::client::SyncError;
use crate::engine::Engine;

/// How long after a local commit the job waits for more before a round
/// (`TRAINMATE_SYNC_DEBOUNCE_MS` overrides it, e.g. for the end-to-end tests to see "pending").
pub const DEBOUNCE: Duration = Duration::from_millis(750);

fn debounce() -> Duration {
    std::env::var("TRAINMATE_SYNC_DEBOUNCE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEBOUNCE, |ms| Duration::from_millis(ms.min(60_000)))
}
/// A round every so often even without local commits (other devices' changes).
pub const INTERVAL: Duration = Duration::from_secs(60);
/// The longest wait after failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The wait after `failures` transient failures in a row: 1 s, 2 s, 4 s, … capped at
/// [`MAX_BACKOFF`], scaled by `jitter` ∈ [0, 1] into its upper half (so devices do not retry in
/// step).
pub fn backoff(failures: u32, jitter: f64) -> Duration {
    let exponent = failures.saturating_sub(1).min(16);
    let base = Duration::from_secs(1 << exponent).min(MAX_BACKOFF);
    base.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// The running sync layer of one app.
pub struct SyncService {
    runtime: tokio::runtime::Runtime,
    engine: Arc<Engine>,
    trigger: Arc<Notify>,
}

impl SyncService {
    /// Starts the sync layer of `app`: its runtime and the job. Install the returned service as
    /// the app's gateway (`app.set_sync_gateway(service.clone())`).
    pub fn start(app: Arc<App>, device_name: &str) -> std::io::Result<Arc<SyncService>> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(2)
            .thread_name("trainmate-sync")
            .enable_all()
            .build()?;
        let engine = Arc::new(Engine::new(app, device_name));
        let trigger = Arc::new(Notify::new());
        runtime.spawn(run(engine.clone(), trigger.clone(), INTERVAL));
        Ok(Arc::new(SyncService {
            runtime,
            engine,
            trigger,
        }))
    }

    /// Runs `future` on the sync runtime and waits for it (from any thread, inside another
    /// runtime or not).
    fn wait<T: Send + 'static>(
        &self,
        future: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Option<T> {
        let (send, receive) = std::sync::mpsc::channel();
        self.runtime.spawn(async move {
            let _ = send.send(future.await);
        });
        receive.recv().ok()
    }
}

/// The job's loop: a round at start-up, then on a debounced commit or the timer; after transient
/// failures only the backoff timer (a manual "sync now" goes through the gateway).
pub async fn run(engine: Arc<Engine>, trigger: Arc<Notify>, interval: Duration) {
    let mut failures: u32 = 0;
    let mut wait = Duration::ZERO;
    let debounce = debounce();
    loop {
        if failures == 0 {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = trigger.notified() => tokio::time::sleep(debounce).await,
            }
        } else {
            tokio::time::sleep(wait).await;
        }
        let outcomes = engine.sync_all().await;
        let mut retry_after = None;
        let transient = outcomes.iter().any(|(_, outcome)| match outcome {
            Err(SyncError::RateLimited { retry_after: after }) => {
                retry_after = retry_after.max(*after);
                true
            }
            Err(e) => e.is_transient(),
            Ok(_) => false,
        });
        if transient {
            failures = failures.saturating_add(1);
            let jitter = rand::thread_rng().gen::<f64>();
            wait = backoff(failures, jitter).max(retry_after.unwrap_or_default());
            log::info!("sync: round failed ({failures} in a row); next in {wait:?}");
        } else {
            failures = 0;
            wait = interval;
        }
    }
}

/// The contract's error for a failed server request of a command.
fn api_error(error: SyncError) -> ApiError {
    match error {
        SyncError::Unauthorized => ApiError::WrongCredentials,
        SyncError::RateLimited { retry_after } => ApiError::TooManyAttempts {
            retry_after_secs: retry_after.map_or(30, |d| d.as_secs()),
        },
        SyncError::Refused { code, .. } if code == "email_taken" || code == "conflict" => {
            ApiError::Conflict {
                reason: "sync_email_taken".to_owned(),
            }
        }
        other => ApiError::Conflict {
            reason: format!("sync_{}", other.code()),
        },
    }
}

impl SyncGateway for SyncService {
    fn link(
        &self,
        trainer: Uuid,
        server_url: &str,
        email: &str,
        password: &str,
        name: &str,
        create: bool,
    ) -> GatewayResult<()> {
        let engine = self.engine.clone();
        let (url, email, password, name) = (
            server_url.to_owned(),
            email.to_owned(),
            password.to_owned(),
            name.to_owned(),
        );
        self.wait(async move {
            engine
                .link(trainer, &url, &email, &password, &name, create)
                .await
        })
        .ok_or(ApiError::Internal)?
        .map_err(api_error)
    }

    fn sign_in_fresh(&self, server_url: &str, email: &str, password: &str) -> GatewayResult<Uuid> {
        let engine = self.engine.clone();
        let (url, email, password) = (server_url.to_owned(), email.to_owned(), password.to_owned());
        self.wait(async move { engine.sign_in_fresh(&url, &email, &password).await })
            .ok_or(ApiError::Internal)?
            .map_err(api_error)
    }

    fn sync_now(&self, trainer: Uuid) {
        let engine = self.engine.clone();
        let _ = self.wait(async move { engine.sync_scope(trainer).await });
    }

    fn kick(&self) {
        self.trigger.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_second_to_a_minute_with_jitter_in_the_upper_half() {
        let s = Duration::from_secs;
        assert_eq!(backoff(1, 1.0), s(1));
        assert_eq!(backoff(2, 1.0), s(2));
        assert_eq!(backoff(3, 1.0), s(4));
        assert_eq!(backoff(6, 1.0), s(32));
        assert_eq!(backoff(7, 1.0), s(60));
        assert_eq!(backoff(40, 1.0), s(60));
        assert_eq!(backoff(1, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(7, 0.0), s(30));
        assert_eq!(backoff(3, 0.5), s(3));
    }
}
