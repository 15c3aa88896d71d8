//! `trainmate-server`: the sync server's command line.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::Parser;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::{AppState, Fault, SystemClock};

/// TrainMate's optional sync server: trainers' devices push their changes here and pull each
/// other's. Every flag can also be set through the environment variable shown.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Where the data lives: `sqlite://PATH` (a file, created if missing). PostgreSQL
    /// (`postgres://…`) comes in a later version.
    #[arg(
        long,
        env = "TRAINMATE_DATABASE",
        default_value = "sqlite://trainmate-server.db"
    )]
    database: String,

    /// The address and port to listen on. Use 0.0.0.0:8080 to accept other machines (put TLS
    /// in front: tokens travel in headers).
    #[arg(long, env = "TRAINMATE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,

    /// The secret that signs access tokens (at least 32 bytes). Give every instance the same
    /// one; without it the server makes one and keeps it in the database.
    #[arg(long, env = "TRAINMATE_JWT_SECRET", hide_env_values = true)]
    jwt_secret: Option<String>,

    /// Test only: abort the process at a point of a push (`before-commit:N`, `after-commit:N`).
    #[arg(long, env = "TRAINMATE_TEST_FAULT", hide = true)]
    test_fault: Option<Fault>,
}

fn sqlite_path(database: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = database.strip_prefix("sqlite://") {
        if path.is_empty() {
            bail!("--database sqlite:// needs a file path, e.g. sqlite://trainmate-server.db");
        }
        return Ok(PathBuf::from(path));
    }
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        bail!("PostgreSQL is not supported by this version yet; use --database sqlite://PATH");
    }
    bail!("--database must look like sqlite://PATH")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let path = sqlite_path(&args.database)?;
    let store = tokio::task::spawn_blocking(move || SqliteStorage::open(&path))
        .await?
        .context("opening the database")?;
    let state = AppState::new(
        store,
        args.jwt_secret.as_deref(),
        Arc::new(SystemClock),
        args.test_fault,
    )
    .context("starting")?;
    let mut running = trainmate_server::start(state, &args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    // Tests read this line to find the port when listening on port 0.
    println!("listening on {}", running.addr);
    tracing::info!(addr = %running.addr, "trainmate-server is serving");
    tokio::select! {
        result = running.finished() => return Ok(result?),
        () = shutdown_requested() => {}
    }
    tracing::info!("stopping: finishing the requests in flight");
    running.stop().await;
    Ok(())
}

/// Ctrl-C, or SIGTERM from a service manager.
async fn shutdown_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
