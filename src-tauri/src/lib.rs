//! TrainMate's Tauri shell: resolves where the data lives, opens the app, creates the window and
//! registers one thin command per command of `trainmate-api`. Everything a command does lives in
//! `trainmate-app`; this crate only adapts it to Tauri.

pub mod commands;
pub mod data_dir;
pub mod startup;

/// What every command reaches through `tauri::State`.
pub struct AppState {
    pub app: trainmate_app::App,
}

/// Registers every command of the contract on `builder` (the test runs it on the mock runtime).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    commands::register(builder)
}
