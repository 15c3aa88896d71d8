//! The physical limits every device write benchmark is compared with, measured in one run:
//! the latency of one `fsync` of a small file, and of one durable single-row SQLite transaction
//! (WAL, `synchronous=FULL`) on a table shaped like a set. P1 reports its ratio to these.
//!
//! `cargo bench -p trainmate-store --bench durable_write` (SAMPLES=N to change the sample count).

use std::io::Write;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn summarize(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p99) = (percentile(&samples, 0.50), percentile(&samples, 0.99));
    println!(
        "{name:<40} n={:<6} p50={:>8.3} ms  p99={:>8.3} ms",
        samples.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
    (p50, p99)
}

fn main() {
    let samples: usize = std::env::var("SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    // Benchmarks must reflect the real disk: a directory beside the target dir, not /dev/shm.
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");

    let mut file = std::fs::File::create(dir.path().join("fsync.bin")).expect("file");
    let fsync: Vec<Duration> = (0..samples + 50)
        .map(|i| {
            file.write_all(&[i as u8; 64]).expect("write");
            let start = Instant::now();
            file.sync_data().expect("fsync");
            start.elapsed()
        })
        .skip(50)
        .collect();

    let conn = rusqlite::Connection::open(dir.path().join("raw.sqlite3")).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
         CREATE TABLE t (id TEXT PRIMARY KEY, parent TEXT NOT NULL, reps INTEGER, weight INTEGER,
                         logged_at INTEGER NOT NULL) STRICT;",
    )
    .expect("schema");
    let raw: Vec<Duration> = (0..samples + 50)
        .map(|i| {
            let start = Instant::now();
            conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
            conn.execute(
                "INSERT INTO t VALUES (?1, 'p', 10, 40000, ?2)",
                rusqlite::params![format!("{i:016}"), i as i64],
            )
            .expect("insert");
            conn.execute_batch("COMMIT").expect("commit");
            start.elapsed()
        })
        .skip(50)
        .collect();

    println!("SQLite {}", rusqlite::version());
    let (fsync_p50, _) = summarize("fsync (64 B append)", fsync);
    let (raw_p50, _) = summarize("raw durable single-row transaction", raw);
    println!(
        "ratio: raw transaction p50 / fsync p50 = {:.2}",
        raw_p50.as_secs_f64() / fsync_p50.as_secs_f64()
    );
}
