//! What the server benchmarks share: a server on a real SQLite file (the default database) on
//! 127.0.0.1, the limits measured in the same run, and the result files.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::{AppState, Running, SystemClock};

#[path = "../../tests/common/mod.rs"]
pub mod common;
pub mod limits;

pub use common::*;
pub use limits::*;

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The server as the binary runs it, on `dir/server.db`.
pub async fn start_server(dir: &std::path::Path) -> (Running, Client) {
    let path = dir.join("server.db");
    let state = tokio::task::spawn_blocking(move || {
        let store = SqliteStorage::open(&path).expect("opens");
        AppState::new(store, None, Arc::new(SystemClock), None).expect("state")
    })
    .await
    .expect("join");
    let running = trainmate_server::start(state, "127.0.0.1:0")
        .await
        .expect("listens");
    let client = Client::new(&format!("http://{}", running.addr));
    (running, client)
}

/// `batches` of set upserts (one device transaction each) under `seed`'s exercise.
pub fn set_batches(
    device: &mut Device,
    exercise: uuid::Uuid,
    total: usize,
    batch: usize,
    now: i64,
) -> Vec<Vec<Value>> {
    let trainer = device.trainer;
    let changes: Vec<Value> = (0..total)
        .map(|i| {
            device.change(
                "exercise_sets",
                uuid::Uuid::now_v7(),
                "upsert",
                set_row(exercise, &format!("b{i:07}"), 10, 50_000, trainer, now),
                0,
                now,
            )
        })
        .collect();
    changes.chunks(batch).map(<[Value]>::to_vec).collect()
}

/// Writes `$CARGO_TARGET_DIR/bench-results/<name>.json` and says where.
pub fn write_result(name: &str, value: &Value) {
    let dir = target_dir().join("bench-results");
    std::fs::create_dir_all(&dir).expect("results dir");
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    println!("  result: {}", path.display());
}

pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "within budget"
    } else {
        "OVER BUDGET"
    }
}
