//! S4 (performance.md): logging a set while a large sync runs — P1 p99 ≤ 1.5 × idle.
//!
//! The studio fixture's busiest trainer (the P1 device, a copy of the cached fixture) is linked
//! to a sync server on 127.0.0.1 (its default database, a SQLite file) and its snapshot pushed.
//! Another device of the trainer then pushes a backlog of `S4_SETS` sets (default 150,000) in
//! whole sessions. P1 is measured as `p1_log_set` measures it — through the app layer, with the
//! scope linked, so every set also writes its outbox record — first idle (no sync job), then
//! while the device's real sync job (`SyncService`, started as the app starts it) pulls that
//! backlog and pushes the sets being logged. The limit measured in the same run is P1 idle; the
//! figure is the ratio of the p99s. Between sets a random think time (uniform in 0–2 × `S4_PAUSE_MS`,
//! default 2 ms, the same in both phases) keeps the moments sets are logged independent of the
//! job's transactions, as a trainer's taps are.
//!
//! `cargo bench -p trainmate-sync --bench s4_log_during_sync` (SAMPLES, S4_SETS, S4_PAUSE_MS).

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::device::{self, ms, print, stats, stats_json, verdict};
use support::*;

const BUDGET_RATIO: f64 = 1.5;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = device::samples();
    let backlog = env("S4_SETS", 150_000) as usize;
    let pause = Duration::from_millis(env("S4_PAUSE_MS", 2));
    let studio = studio();
    println!(
        "S4 log a set while a large sync runs — fixture {} sets, busiest trainer ({} members)",
        studio.built.sets,
        studio.members.len()
    );
    let server = SyncServer::start();
    let linked = link_and_push(&server, &studio);
    println!(
        "  set-up: linked, snapshot of {} records acknowledged in {:.1} s (round over at {:.1} s)",
        linked.records,
        linked.acknowledged.as_secs_f64(),
        linked.round.as_secs_f64()
    );
    let start = Instant::now();
    let head = push_backlog(&server, &studio, backlog);
    println!(
        "  set-up: another device pushed a backlog of {backlog} sets (server head seq {head}) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let cursor = |app: &trainmate_app::App| {
        app.sync_scope(studio.trainer)
            .expect("scope")
            .expect("linked")
            .cursor
    };
    let cursor_before = cursor(&studio.app);

    // The limit: P1 idle, the same method, nothing else running on the device.
    let fsync = device::fsync_baseline(studio.data.path(), n);
    let idle = log_sets(&studio.app, &studio.members, n, 0, pause, || true);
    let idle = stats(idle.samples);

    // The device's sync job, as the app starts it: its first round (at start-up) pushes the
    // sets logged so far and pulls the backlog; the sets logged meanwhile wake it again.
    let pending_before = studio
        .app
        .sync_pending_summary(studio.trainer)
        .expect("pending")
        .0;
    let sync_start = Instant::now();
    let service =
        trainmate_sync::SyncService::start(studio.app.clone(), "studio tablet").expect("job");
    studio.app.set_sync_gateway(service.clone());
    let loaded = log_sets(&studio.app, &studio.members, n, 400, pause, || {
        cursor(&studio.app) < head
    });
    let measured_for = sync_start.elapsed();
    let cursor_at_end_of_samples = cursor(&studio.app);
    while cursor(&studio.app) < head {
        std::thread::sleep(Duration::from_millis(20));
    }
    let pulled_in = sync_start.elapsed();
    let rows_pulled: i64 = {
        let conn =
            rusqlite::Connection::open(studio.data.path().join(trainmate_app::DATABASE_FILE))
                .expect("open");
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM daily_workouts WHERE workout_date LIKE '209_-%'
                                                         AND workout_date < '2099')
                  + (SELECT COUNT(*) FROM workout_exercises WHERE workout_date LIKE '209_-%'
                                                         AND workout_date < '2099')
                  + (SELECT COUNT(*) FROM exercise_sets s JOIN workout_exercises e
                         ON e.id = s.workout_exercise_id
                      WHERE e.workout_date LIKE '209_-%' AND e.workout_date < '2099')",
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    let under_load = loaded.samples.len();
    let loaded = stats(loaded.samples);
    drop(service);
    server.stop();

    let ratio = loaded.p99.as_secs_f64() / idle.p99.as_secs_f64();
    print("limit, same run: fsync (64 B append)", &fsync);
    print("limit, same run: P1 log_set idle", &idle);
    print("P1 log_set while the sync job runs", &loaded);
    println!(
        "  the job: {pending_before} records pushed, {rows_pulled} backlog rows pulled in {:.1} s \
         ({:.0} rows/s while sets were logged); P1 sampled for the first {:.1} s (cursor {} of {} \
         by then, from {cursor_before})",
        pulled_in.as_secs_f64(),
        rows_pulled as f64 / pulled_in.as_secs_f64(),
        measured_for.as_secs_f64(),
        cursor_at_end_of_samples,
        head
    );
    if under_load < n {
        println!(
            "  note: the sync finished after {under_load} of {n} samples; raise S4_SETS for a \
             full p99"
        );
    }
    println!(
        "  S4 ratio p99 under sync / p99 idle = {:.3} / {:.3} ms = {ratio:.2} (budget ≤ {BUDGET_RATIO}) — {}",
        ms(loaded.p99),
        ms(idle.p99),
        verdict(ratio <= BUDGET_RATIO)
    );
    println!(
        "  p50 under sync / idle = {:.2}",
        loaded.p50.as_secs_f64() / idle.p50.as_secs_f64()
    );
    device::write_result(
        "s4_log_during_sync",
        &json!({
            "conditions": device::conditions(studio.built.sets),
            "budget_ratio_p99": BUDGET_RATIO,
            "fsync": stats_json(&fsync),
            "log_set_idle": stats_json(&idle),
            "log_set_during_sync": stats_json(&loaded),
            "ratio_p99": ratio,
            "ratio_p50": loaded.p50.as_secs_f64() / idle.p50.as_secs_f64(),
            "within_budget": ratio <= BUDGET_RATIO,
            "think_time_mean_ms": ms(pause),
            "snapshot_records": linked.records,
            "backlog_sets": backlog,
            "backlog_rows_pulled": rows_pulled,
            "records_pushed_by_the_job": pending_before,
            "sync_seconds": pulled_in.as_secs_f64(),
            "sampled_seconds": measured_for.as_secs_f64(),
            "samples_under_sync": under_load,
        }),
    );
}
