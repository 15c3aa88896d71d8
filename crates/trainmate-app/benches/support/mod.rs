//! What the device benchmarks share: the cached studio fixture, the physical limits measured in
//! the same run (fsync, a raw durable transaction), percentiles, and the result files.
#![allow(dead_code)] // each bench uses a different part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use trainmate_store::fixture::{self, Built, Shape};

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Samples per measurement (≥ 1,000 for a p99), overridable with SAMPLES.
pub fn samples() -> usize {
    std::env::var("SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}

/// The studio fixture's data directory, built once (under a minute) and reused. Bump the
/// directory's version when the schema or the fixture's shape changes.
pub fn studio() -> (PathBuf, Built) {
    let dir = target_dir().join("bench-fixture").join("studio-v4");
    let info_path = dir.join("built.json");
    if let Ok(text) = std::fs::read_to_string(&info_path) {
        if let Ok(info) = serde_json::from_str::<Value>(&text) {
            if let Some(built) = built_from_json(&info) {
                return (dir, built);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let db = dir.join(trainmate_app::DATABASE_FILE);
    drop(trainmate_store::Store::open(&db).expect("migrate fixture"));
    let mut conn = rusqlite::Connection::open(&db).expect("open fixture");
    let hash = trainmate_app::passwords::hash(fixture::PASSWORD).expect("hash");
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_secs() / 86_400) as i64)
        .unwrap_or(20_000);
    let start = Instant::now();
    let built = fixture::build(&mut conn, Shape::STUDIO, &hash, today - 1).expect("build fixture");
    println!(
        "built the studio fixture: {} sets in {:.1} s",
        built.sets,
        start.elapsed().as_secs_f64()
    );
    let info = json!({
        "trainer_emails": built.trainer_emails,
        "busiest_trainer_email": built.busiest_trainer_email,
        "busiest_member_id": built.busiest_member_id,
        "first_date": built.first_date,
        "last_date": built.last_date,
        "sets": built.sets,
    });
    std::fs::write(&info_path, info.to_string()).expect("fixture info");
    (dir, built)
}

fn built_from_json(v: &Value) -> Option<Built> {
    Some(Built {
        trainer_emails: v["trainer_emails"]
            .as_array()?
            .iter()
            .filter_map(|e| e.as_str().map(str::to_owned))
            .collect(),
        busiest_trainer_email: v["busiest_trainer_email"].as_str()?.to_owned(),
        busiest_member_id: v["busiest_member_id"].as_str()?.to_owned(),
        first_date: v["first_date"].as_str()?.to_owned(),
        last_date: v["last_date"].as_str()?.to_owned(),
        sets: v["sets"].as_u64()?,
    })
}

/// The app on `data_dir`, signed in as the fixture's busiest trainer.
pub fn busiest_trainer_app(data_dir: &Path, built: &Built) -> trainmate_app::App {
    let app = trainmate_app::App::open(data_dir).expect("open fixture");
    app.sign_in(trainmate_api::SignInArgs {
        email: built.busiest_trainer_email.clone(),
        password: fixture::PASSWORD.to_owned(),
        keep_signed_in: false,
    })
    .expect("sign in");
    app
}

/// Copies the fixture's data directory (for benchmarks that write).
pub fn copy_of(dir: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir_in(target_dir()).expect("temp dir");
    for entry in std::fs::read_dir(dir).expect("fixture dir") {
        let entry = entry.expect("entry");
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copy");
        }
    }
    copy
}

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub n: usize,
}

pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |p: f64| samples[(((samples.len() - 1) as f64) * p).round() as usize];
    Stats {
        p50: at(0.50),
        p99: at(0.99),
        max: *samples.last().expect("samples"),
        n: samples.len(),
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn print(name: &str, s: &Stats) {
    println!(
        "  {name:<44} n={:<6} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        s.n,
        ms(s.p50),
        ms(s.p99),
        ms(s.max)
    );
}

pub fn stats_json(s: &Stats) -> Value {
    json!({ "n": s.n, "p50_ms": ms(s.p50), "p99_ms": ms(s.p99), "max_ms": ms(s.max) })
}

/// fsync latency of a small append in `dir` (the disk the database is on).
pub fn fsync_baseline(dir: &Path, n: usize) -> Stats {
    let mut file = std::fs::File::create(dir.join("fsync-probe.bin")).expect("probe");
    let mut samples = Vec::with_capacity(n);
    for i in 0..n + 20 {
        file.write_all(&[i as u8; 64]).expect("write");
        let start = Instant::now();
        file.sync_data().expect("fsync");
        if i >= 20 {
            samples.push(start.elapsed());
        }
    }
    stats(samples)
}

/// A raw durable single-row SQLite transaction (WAL, synchronous=FULL) in `dir`.
pub fn raw_transaction_baseline(dir: &Path, n: usize) -> Stats {
    let conn = rusqlite::Connection::open(dir.join("raw-probe.sqlite3")).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
         CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, parent TEXT NOT NULL, reps INTEGER,
             weight INTEGER, logged_at INTEGER NOT NULL) STRICT;",
    )
    .expect("schema");
    let mut samples = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let start = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        conn.execute(
            "INSERT INTO t VALUES (?1, 'p', 10, 40000, ?2)",
            rusqlite::params![format!("{i:016}-{}", std::process::id()), i as i64],
        )
        .expect("insert");
        conn.execute_batch("COMMIT").expect("commit");
        if i >= 20 {
            samples.push(start.elapsed());
        }
    }
    stats(samples)
}

/// The CPU time this thread has used (excludes time blocked on fsync).
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer for clock_gettime.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// This thread's (user, system) CPU time: the system part is the kernel work of the WAL writes
/// and the fsync, the user part is SQLite and the app.
pub fn thread_cpu_split() -> (Duration, Duration) {
    // SAFETY: a zeroed rusage is a valid out-parameter for getrusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    (tv(usage.ru_utime), tv(usage.ru_stime))
}

/// Machine and database conditions recorded with every result.
pub fn conditions(fixture_sets: u64) -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    json!({
        "sqlite": rusqlite::version(),
        "pragmas": "journal_mode=WAL, synchronous=FULL, foreign_keys=ON",
        "fixture_sets": fixture_sets,
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "loadavg": load.trim(),
    })
}

/// Writes `target/bench-results/<name>.json` and says where.
pub fn write_result(name: &str, value: &Value) {
    let dir = target_dir().join("bench-results");
    std::fs::create_dir_all(&dir).expect("results dir");
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    println!("  result: {}", path.display());
}

/// "PASS"/"OVER" for a budget line.
pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "within budget"
    } else {
        "OVER BUDGET"
    }
}
