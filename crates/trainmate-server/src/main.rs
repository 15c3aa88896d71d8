//! `trainmate-server`: the sync server's command line.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::Parser;
use trainmate_server::storage::postgres::PgStorage;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::storage::Storage;
use trainmate_server::{AppState, Fault, SystemClock};

/// TrainMate's optional sync server: trainers' devices push their changes here and pull each
/// other's. Every flag can also be set through the environment variable shown.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Where the data lives: `sqlite://PATH` (a file, created if missing), or PostgreSQL
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (the database must exist; the server creates
    /// its tables). Several instances may serve one PostgreSQL database.
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

enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

fn database(database: &str) -> anyhow::Result<Database> {
    if let Some(path) = database.strip_prefix("sqlite://") {
        if path.is_empty() {
            bail!("--database sqlite:// needs a file path, e.g. sqlite://trainmate-server.db");
        }
        return Ok(Database::Sqlite(PathBuf::from(path)));
    }
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return Ok(Database::Postgres(database.to_owned()));
    }
    bail!("--database must look like sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
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
    match database(&args.database)? {
        Database::Sqlite(path) => serve(args, move || SqliteStorage::open(&path)).await,
        Database::Postgres(url) => serve(args, move || PgStorage::open(&url)).await,
    }
}

async fn serve<S: Storage, E: std::error::Error + Send + Sync + 'static>(
    args: Args,
    open: impl FnOnce() -> Result<S, E> + Send + 'static,
) -> anyhow::Result<()> {
    let (secret, fault) = (args.jwt_secret.clone(), args.test_fault);
    // Opening and the first transaction block (the PostgreSQL client runs its own runtime).
    let state = tokio::task::spawn_blocking(move || {
        let store = open().context("opening the database")?;
        AppState::new(store, secret.as_deref(), Arc::new(SystemClock), fault).context("starting")
    })
    .await??;
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
