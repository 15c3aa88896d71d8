//! S2 (performance.md): pull and apply on the device ≥ 50,000 rows/s. A server on 127.0.0.1
//! holds a trainer's scope of `S2_SETS` sets (default 50,000); a fresh device signs in and pulls
//! it all (HTTP, JSON, one SQLite transaction per page, totals recomputed). Printed beside it, in
//! the same run: applying the same pages without the network, and the limit — the same rows
//! inserted raw in one transaction with prepared statements.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use trainmate_api::sync::{PullResponse, SignInRequest};
use trainmate_app::App;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::AppState;
use trainmate_sync::{Client, Engine};

const PASSWORD: &str = "Correct horse 1!";
const BUDGET_ROWS_PER_S: f64 = 50_000.0;

struct WallClock;

impl trainmate_server::Clock for WallClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    }
}

fn sign_up(app: &App, user_type: trainmate_api::UserType, name: &str, email: &str) -> uuid::Uuid {
    app.sign_up(trainmate_api::SignUpArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
        user_type,
        name: name.to_owned(),
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        password_confirmation: PASSWORD.to_owned(),
    })
    .expect("sign up")
    .me
    .user_id
}

fn bulk(db: &std::path::Path, member: &str, coach: &str, sets: u32) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let per_day = 250;
    for d in 0..sets.div_ceil(per_day) {
        let day = uuid::Uuid::now_v7().to_string();
        let date = format!(
            "20{:02}-{:02}-{:02}",
            10 + d / 336,
            d / 28 % 12 + 1,
            d % 28 + 1
        );
        tx.execute(
            "INSERT INTO daily_workouts (id, member_id, workout_date, recorded_by, created_at,
                 updated_at) VALUES (?1, ?2, ?3, ?4, 1, 1)",
            rusqlite::params![day, member, date, coach],
        )
        .unwrap();
        let we = uuid::Uuid::now_v7().to_string();
        tx.execute(
            "INSERT INTO workout_exercises (id, workout_id, member_id, workout_date,
                 catalog_exercise_id, order_key, recorded_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 9, 'a0', ?5, 1, 1)",
            rusqlite::params![we, day, member, date, coach],
        )
        .unwrap();
        let mut key = trainmate_core::order_key::first();
        for i in 0..per_day.min(sets - d * per_day) {
            tx.execute(
                "INSERT INTO exercise_sets (id, workout_exercise_id, order_key, reps, weight_g,
                     recorded_by, logged_at, updated_at) VALUES (?1, ?2, ?3, ?4, 20000, ?5, 1, 1)",
                rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    we,
                    key,
                    i64::from(i % 15 + 1),
                    coach
                ],
            )
            .unwrap();
            key = trainmate_core::order_key::after(&key).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// The limit: the pulled sets inserted raw (prepared statement, one transaction) into a fresh
/// device database.
fn raw_insert(pages: &[PullResponse]) -> (usize, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(trainmate_app::DATABASE_FILE);
    drop(trainmate_store::Store::open(&db).unwrap());
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    let mut rows = 0;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO exercise_sets (id, workout_exercise_id, order_key, reps, weight_g,
                     recorded_by, logged_at, updated_at, _row_seq, _cl)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .unwrap();
        for page in pages {
            for row in page.rows.iter().filter(|r| r.table == "exercise_sets") {
                let c = &row.columns;
                insert
                    .execute(rusqlite::params![
                        row.row_id.to_string(),
                        c["workout_exercise_id"].as_str(),
                        c["order_key"].as_str(),
                        c["reps"].as_i64(),
                        c["weight_g"].as_i64(),
                        c["recorded_by"].as_str(),
                        c["logged_at"].as_i64(),
                        c["updated_at"].as_i64(),
                        row.seq,
                        row.cl
                    ])
                    .unwrap();
                rows += 1;
            }
        }
    }
    tx.commit().unwrap();
    (rows, start.elapsed())
}

/// CPU time used by this process so far, every thread (user + system).
fn process_cpu() -> Duration {
    // SAFETY: a zeroed rusage is a valid out-parameter for getrusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn main() {
    let sets: u32 = std::env::var("S2_SETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server_dir = tempfile::tempdir().unwrap();
    let path = server_dir.path().join("server.db");
    let running = runtime.block_on(async {
        let store = SqliteStorage::open(&path).unwrap();
        let state = AppState::new(store, None, Arc::new(WallClock), None).unwrap();
        trainmate_server::start(state, "127.0.0.1:0").await.unwrap()
    });
    let base = format!("http://{}", running.addr);

    // The first device: a trainer, a member, `sets` sets, linked and pushed.
    let a_dir = tempfile::tempdir().unwrap();
    let a = Arc::new(App::open(a_dir.path()).unwrap());
    let coach = sign_up(
        &a,
        trainmate_api::UserType::Trainer,
        "Coach",
        "coach@example.com",
    );
    let member = a
        .add_member(trainmate_api::AddMemberArgs {
            name: "Mina".to_owned(),
            email: "mina@example.com".to_owned(),
            phone: None,
            password: None,
            password_confirmation: None,
        })
        .unwrap()
        .member_id;
    bulk(
        &a_dir.path().join(trainmate_app::DATABASE_FILE),
        &member.to_string(),
        &coach.to_string(),
        sets,
    );
    let engine_a = Engine::new(a.clone(), "tablet");
    let setup = Instant::now();
    runtime.block_on(async {
        engine_a
            .link(coach, &base, "coach@example.com", PASSWORD, "Coach", true)
            .await
            .unwrap();
        engine_a.sync_scope(coach).await.unwrap();
    });
    println!(
        "S2 pull and apply — {sets} sets pushed by the first device in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    // Pull and apply through the engine on a fresh device.
    let b_dir = tempfile::tempdir().unwrap();
    let b = Arc::new(App::open(b_dir.path()).unwrap());
    let engine_b = Engine::new(b.clone(), "phone");
    let (start, cpu_start) = (Instant::now(), process_cpu());
    runtime
        .block_on(engine_b.sign_in_fresh(&base, "coach@example.com", PASSWORD))
        .unwrap();
    let pull_apply = start.elapsed();
    // The whole process (device and server): on 2 shared cores, how much CPU the pull got.
    let pull_apply_cpu = process_cpu() - cpu_start;
    let rows: i64 = rusqlite::Connection::open(b_dir.path().join(trainmate_app::DATABASE_FILE))
        .unwrap()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM daily_workouts)
                  + (SELECT COUNT(*) FROM workout_exercises) + (SELECT COUNT(*) FROM exercise_sets)",
            [],
            |r| r.get(0),
        )
        .unwrap();

    // The same pages fetched first, then applied without the network on another fresh device.
    let client = Client::new(&base).unwrap();
    let pages = runtime.block_on(async {
        let c_dir_id = uuid::Uuid::now_v7();
        let tokens = client
            .sign_in(&SignInRequest {
                email: "coach@example.com".to_owned(),
                password: PASSWORD.to_owned(),
                device_id: c_dir_id,
                device_name: "bench".to_owned(),
            })
            .await
            .unwrap();
        let mut pages = Vec::new();
        let mut cursor = 0;
        let fetch_start = Instant::now();
        loop {
            let page = client
                .pull(
                    &tokens.access_token,
                    cursor,
                    trainmate_sync::engine::PULL_LIMIT,
                )
                .await
                .unwrap();
            cursor = page.cursor;
            let more = page.has_more;
            pages.push(page);
            if !more {
                return (pages, tokens, fetch_start.elapsed());
            }
        }
    });
    let (pages, tokens, fetch) = pages;
    let c_dir = tempfile::tempdir().unwrap();
    let c = App::open(c_dir.path()).unwrap();
    c.sync_link_fresh(
        coach,
        &base,
        tokens.account_id,
        "coach@example.com",
        &tokens.refresh_token,
    )
    .unwrap();
    let start = Instant::now();
    let mut cursor = 0;
    for page in &pages {
        c.sync_apply_page(coach, cursor, page).unwrap();
        cursor = page.cursor;
    }
    let apply = start.elapsed();
    let (raw_rows, raw) = raw_insert(&pages);

    let rate = |n: f64, d: Duration| n / d.as_secs_f64();
    let pull_rate = rate(rows as f64, pull_apply);
    let apply_rate = rate(rows as f64, apply);
    let raw_rate = rate(raw_rows as f64, raw);
    let fetch_rate = rate(rows as f64, fetch);
    println!("  pull + apply (HTTP, JSON, pages of {}): {rows} rows in {:.2} s = {:.0} rows/s (budget ≥ 50,000)",
        trainmate_sync::engine::PULL_LIMIT, pull_apply.as_secs_f64(), pull_rate);
    println!(
        "  CPU used meanwhile by the process (device + server, all threads): {:.2} s over {:.2} s \
         wall = {:.2} cores (load average {})",
        pull_apply_cpu.as_secs_f64(),
        pull_apply.as_secs_f64(),
        pull_apply_cpu.as_secs_f64() / pull_apply.as_secs_f64(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!(
        "  apply only (the same pages, no network):  {:.0} rows/s",
        apply_rate
    );
    println!(
        "  fetch only (the same pages, one after another, not applied): {:.0} rows/s",
        fetch_rate
    );
    println!("  limit, same run (raw prepared inserts, one transaction): {:.0} rows/s; apply / limit = {:.2}",
        raw_rate, apply_rate / raw_rate);
    println!(
        "  S2 pull + apply / limit = {:.2}; {}",
        pull_rate / raw_rate,
        support::device::verdict(pull_rate >= BUDGET_ROWS_PER_S)
    );
    let mut conditions = support::limits::conditions();
    conditions["device_pragmas"] = "journal_mode=WAL, synchronous=FULL, foreign_keys=ON".into();
    support::device::write_result(
        "s2_pull_apply",
        &serde_json::json!({
            "budget_rows_per_s": BUDGET_ROWS_PER_S,
            "sets": sets,
            "rows": rows,
            "page_rows": trainmate_sync::engine::PULL_LIMIT,
            "pages": pages.len(),
            "seconds": pull_apply.as_secs_f64(),
            "process_cpu_seconds": pull_apply_cpu.as_secs_f64(),
            "rows_per_s": pull_rate,
            "apply_only_rows_per_s": apply_rate,
            "fetch_only_rows_per_s": fetch_rate,
            "limit_raw_insert_rows_per_s": raw_rate,
            "ratio_to_limit": pull_rate / raw_rate,
            "apply_only_ratio_to_limit": apply_rate / raw_rate,
            "within_budget": pull_rate >= BUDGET_ROWS_PER_S,
            "conditions": conditions,
        }),
    );
    runtime.block_on(running.stop());
}
