// Without this a release build on Windows would open a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use anyhow::Context;
use tauri::{WebviewUrl, WebviewWindowBuilder};
use trainmate_shell::{data_dir, with_commands, AppState};

fn main() -> anyhow::Result<()> {
    trainmate_shell::startup::mark_start();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let resolved = data_dir::resolve(
        std::env::args_os().skip(1),
        std::env::var_os(data_dir::ENV_VAR),
        dirs::data_dir(),
    )
    .map_err(anyhow::Error::msg)?;
    for arg in &resolved.ignored {
        log::warn!("ignoring unknown argument {arg:?}");
    }
    let data_dir = resolved.data_dir;
    log::info!("data directory: {}", data_dir.display());
    let app = std::sync::Arc::new(trainmate_app::App::open(&data_dir)?);
    // The sync job runs on its own runtime for the life of the process.
    let _sync = trainmate_shell::start_sync(&app);
    // The web view's storage goes inside the data directory so one --data-dir isolates everything.
    let webview_dir = data_dir.join("webview");
    with_commands(tauri::Builder::default())
        .manage(AppState { app })
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("TrainMate")
                .inner_size(1280.0, 800.0)
                .min_inner_size(360.0, 560.0)
                .data_directory(webview_dir.clone())
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .context("the TrainMate window failed")?;
    Ok(())
}
