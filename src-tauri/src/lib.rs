//! TrainMate's Tauri shell: resolves where the data lives, opens the app, creates the window and
//! registers one thin command per command of `trainmate-api`. Everything a command does lives in
//! `trainmate-app`; this crate only adapts it to Tauri.

pub mod commands;
pub mod data_dir;
pub mod startup;

/// What every command reaches through `tauri::State`.
pub struct AppState {
    pub app: std::sync::Arc<trainmate_app::App>,
}

/// Starts the sync layer (its runtime and job) and installs it as the app's gateway. A failure
/// leaves the app local-only: it is complete without a server.
pub fn start_sync(
    app: &std::sync::Arc<trainmate_app::App>,
) -> Option<std::sync::Arc<trainmate_sync::SyncService>> {
    let name = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "TrainMate".to_owned());
    match trainmate_sync::SyncService::start(app.clone(), &name) {
        Ok(service) => {
            app.set_sync_gateway(service.clone());
            Some(service)
        }
        Err(e) => {
            log::error!("sync could not start: {e}");
            None
        }
    }
}

/// Registers every command of the contract on `builder` (the test runs it on the mock runtime).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    commands::register(builder)
}
