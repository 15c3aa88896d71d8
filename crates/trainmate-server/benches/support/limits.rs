//! The limits the server benchmarks measure in the same run (S1's, also used by the device's
//! S5 through `#[path]`): the raw insert of pushed records in a bare table of the server's shape,
//! the loopback round trip of the same bodies, and the conditions recorded with a result.

use std::time::{Duration, Instant};

use rusqlite::params;
use serde_json::{json, Value};

/// A temporary directory on the real disk (not /dev/shm): the server's fsyncs count.
pub fn disk_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir")
}

/// The limit of the database part: the same rows (the row with its per-column stamps, and the
/// change's stored outcome) inserted with prepared statements, one durable transaction per
/// batch, in a bare table of the server's shape — WAL, `synchronous=FULL`, like the server.
/// Answers rows per second.
pub fn raw_sqlite_insert_rate(dir: &std::path::Path, batches: &[Vec<Value>]) -> f64 {
    let conn = rusqlite::Connection::open(dir.join("raw.db")).expect("opens");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE sync_rows (table_name TEXT NOT NULL, row_id TEXT NOT NULL,
             trainer_id TEXT NOT NULL, row_seq INTEGER NOT NULL, cl INTEGER NOT NULL,
             cl_seq INTEGER NOT NULL, data TEXT NOT NULL, meta TEXT NOT NULL,
             PRIMARY KEY (table_name, row_id)) STRICT;
         CREATE INDEX sync_rows_by_seq ON sync_rows (trainer_id, row_seq);
         CREATE TABLE change_outcomes (trainer_id TEXT NOT NULL, change_id TEXT NOT NULL,
             device INTEGER NOT NULL, device_seq INTEGER NOT NULL, seq INTEGER,
             outcome TEXT NOT NULL, PRIMARY KEY (trainer_id, change_id)) STRICT, WITHOUT ROWID;",
    )
    .expect("schema");
    let start = Instant::now();
    let mut seq = 0i64;
    let mut rows = 0usize;
    for batch in batches {
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        {
            let mut row = conn
                .prepare_cached("INSERT INTO sync_rows VALUES (?1, ?2, ?3, ?4, 1, ?4, ?5, ?6)")
                .expect("prepares");
            let mut outcome = conn
                .prepare_cached("INSERT INTO change_outcomes VALUES (?1, ?2, 1, ?3, ?3, ?4)")
                .expect("prepares");
            for change in batch {
                seq += 1;
                let columns = change["columns"].to_string();
                let stamps: serde_json::Map<String, Value> = change["columns"]
                    .as_object()
                    .expect("columns")
                    .keys()
                    .map(|k| (k.clone(), json!([seq, change["hlc"], "device", seq])))
                    .collect();
                row.execute(params![
                    change["table"].as_str(),
                    change["row_id"].as_str(),
                    change["trainer_id"].as_str(),
                    seq,
                    columns,
                    Value::Object(stamps).to_string(),
                ])
                .expect("inserts");
                outcome
                    .execute(params![
                        change["trainer_id"].as_str(),
                        change["change_id"].as_str(),
                        seq,
                        json!({"status": "applied", "seq": seq}).to_string(),
                    ])
                    .expect("inserts");
                rows += 1;
            }
        }
        conn.execute_batch("COMMIT").expect("commit");
    }
    rows as f64 / start.elapsed().as_secs_f64()
}

/// The limit of the network part: the same request bodies sent over loopback HTTP to a route
/// that reads the whole body but not the database (`/v1/auth/refresh`, which refuses a push body
/// with 422 after skipping through it), so only transfer, HTTP and one pass over the JSON
/// remain. Answers the time per request.
pub async fn loopback_round_trip(
    http: &reqwest::Client,
    base: &str,
    batches: &[Vec<Value>],
) -> Duration {
    let bodies: Vec<String> = batches
        .iter()
        .map(|b| json!({ "changes": b }).to_string())
        .collect();
    let start = Instant::now();
    for body in &bodies {
        let reply = http
            .post(format!("{base}/v1/auth/refresh"))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .expect("answers");
        assert_eq!(reply.status(), 422);
        let _ = reply.bytes().await;
    }
    start.elapsed() / bodies.len().max(1) as u32
}

/// Machine and database conditions recorded with every result.
pub fn conditions() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    json!({
        "database": "SQLite (the server's default), a file in the temp dir",
        "sqlite": rusqlite::version(),
        "pragmas": "journal_mode=WAL, synchronous=FULL, foreign_keys=ON",
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "loadavg": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    })
}
