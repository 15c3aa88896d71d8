//! Start-up timing. The UI calls `ui_ready` once its first screen is mounted and enabled; the
//! shell logs how long that took from `main`. With `TRAINMATE_EXIT_WHEN_READY=1` it also prints
//! `ready <ms>` on stdout and exits, which is how the start-up benchmark (P4) starts the app again
//! and again; the minimal fixture app in `fixtures/minimal-app` answers the same way.

use std::sync::OnceLock;
use std::time::Instant;

/// Set when the app asks to exit as soon as the UI is ready (benchmarks only).
pub const EXIT_WHEN_READY_VAR: &str = "TRAINMATE_EXIT_WHEN_READY";

static STARTED: OnceLock<Instant> = OnceLock::new();
static READY_REPORTED: OnceLock<()> = OnceLock::new();

/// Records the start; call first thing in `main`.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

/// Whether the process should exit once the UI is ready.
pub fn exit_when_ready() -> bool {
    std::env::var_os(EXIT_WHEN_READY_VAR).is_some_and(|v| v == "1")
}

/// The UI is interactive. Logs the time since [`mark_start`] the first time only (a reload of
/// the page calls again); answers whether the process should now exit.
pub fn ui_ready() -> bool {
    if READY_REPORTED.set(()).is_err() {
        return false;
    }
    let elapsed = STARTED.get().map(|t| t.elapsed());
    if let Some(elapsed) = elapsed {
        log::info!("interactive after {} ms", elapsed.as_millis());
    }
    if exit_when_ready() {
        println!("ready {}", elapsed.map_or(0, |e| e.as_millis()));
        return true;
    }
    false
}
