//! S5 (performance.md): linking a trainer of the studio fixture — the busiest one, their whole
//! scope (~225,000 sets) — to an empty server on its default database (a SQLite file on
//! 127.0.0.1) ≤ 30 s, timed from "link" until the server has acknowledged the whole snapshot
//! (the device's outbox is empty again).
//!
//! The limit measured in the same run is S1's, on the snapshot's own records: the first
//! `S5_LIMIT_SAMPLE` records (default 50,000) as the device pushes them, inserted raw into a
//! bare table of the server's shape (one durable transaction per push), plus the loopback round
//! trip of the same bodies; the per-record cost times the snapshot's size is the limit.
//!
//! `cargo bench -p trainmate-sync --bench s5_link` (S5_LIMIT_SAMPLE).

mod support;

use serde_json::{json, Value};
use support::device::{self, verdict};
use support::*;

const BUDGET_S: f64 = 30.0;

fn main() {
    let sample: usize = std::env::var("S5_LIMIT_SAMPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let studio = studio();
    let scope_sets: i64 =
        rusqlite::Connection::open(studio.data.path().join(trainmate_app::DATABASE_FILE))
            .expect("open")
            .query_row(
                "SELECT COUNT(*) FROM exercise_sets s
               JOIN workout_exercises e ON e.id = s.workout_exercise_id
               JOIN users u ON u.id = e.member_id
              WHERE u.id = ?1 OR u.trainer_id = ?1",
                [studio.trainer.to_string()],
                |r| r.get(0),
            )
            .expect("count");
    println!(
        "S5 link the busiest trainer of the studio fixture ({} sets in all, {scope_sets} in the \
         trainer's scope) to an empty server",
        studio.built.sets
    );
    let server = SyncServer::start();
    let (engine, enqueued) = link(&server, &studio);
    // The limit's sample: the first snapshot records as the device pushes them (read before the
    // push, outside the timed part).
    let batches: Vec<Vec<Value>> = {
        let changes = studio
            .app
            .sync_next_push(studio.trainer, sample)
            .expect("pending");
        let values: Vec<Value> = changes
            .iter()
            .map(|c| serde_json::to_value(c).expect("json"))
            .collect();
        values
            .chunks(trainmate_api::sync::MAX_PUSH_CHANGES)
            .map(<[Value]>::to_vec)
            .collect()
    };
    let linked = push_snapshot(&server, &studio, &engine, enqueued);
    let seconds = linked.acknowledged.as_secs_f64();

    let sampled: usize = batches.iter().map(Vec::len).sum();
    let limit_dir = limits::disk_dir();
    let raw_rate = limits::raw_sqlite_insert_rate(limit_dir.path(), &batches);
    let limit_server = SyncServer::start();
    let round_trip = limit_server.runtime.block_on(limits::loopback_round_trip(
        &reqwest::Client::new(),
        &limit_server.base,
        &batches,
    ));
    limit_server.stop();
    server.stop();
    let per_record_s =
        1.0 / raw_rate + round_trip.as_secs_f64() * batches.len() as f64 / sampled.max(1) as f64;
    let limit_s = per_record_s * linked.records as f64;
    let ratio = seconds / limit_s;

    println!(
        "  link → snapshot enqueued: {:.2} s; {} records in {} pushes",
        linked.enqueued.as_secs_f64(),
        linked.records,
        linked.pushes
    );
    println!(
        "  S5 link → acknowledged:   {seconds:>8.2} s  ({:.0} records/s)  budget ≤ {BUDGET_S:.0} s: {}",
        linked.records as f64 / seconds,
        verdict(seconds <= BUDGET_S)
    );
    println!(
        "  limit, same run (the first {sampled} snapshot records: raw insert {raw_rate:.0} rows/s \
         + loopback {:.2} ms per push of {}): {limit_s:.2} s",
        round_trip.as_secs_f64() * 1e3,
        trainmate_api::sync::MAX_PUSH_CHANGES
    );
    println!("  ratio S5 / limit = {ratio:.2}");
    println!(
        "  (the linking round then pulled {} rows back — the ones just pushed — and ended at \
         {:.2} s)",
        linked.pulled_back,
        linked.round.as_secs_f64()
    );
    device::write_result(
        "s5_link",
        &json!({
            "conditions": device::conditions(studio.built.sets),
            "budget_s": BUDGET_S,
            "scope_sets": scope_sets,
            "records": linked.records,
            "pushes": linked.pushes,
            "enqueued_s": linked.enqueued.as_secs_f64(),
            "round_end_s": linked.round.as_secs_f64(),
            "rows_pulled_back": linked.pulled_back,
            "seconds": seconds,
            "records_per_s": linked.records as f64 / seconds,
            "limit_sample_records": sampled,
            "raw_insert_rows_per_s": raw_rate,
            "loopback_round_trip_ms_per_push": round_trip.as_secs_f64() * 1e3,
            "limit_s": limit_s,
            "ratio_to_limit": ratio,
            "within_budget": seconds <= BUDGET_S,
        }),
    );
}
