//! S3: a 100,000-change backlog (two weeks offline) pushed to the server on its default database
//! (SQLite) in batches of 1000, every change acknowledged, then pulled back whole by a second
//! device in pages of 5000; budget ≤ 8 s. In the same run: the raw insert of the same rows
//! (one durable transaction per batch), a raw read of them in seq order, and the loopback
//! round trip of the same bodies; together the limit the figure is compared with.
//!
//! `cargo bench -p trainmate-server --bench s3_backlog` (S3_CHANGES=N, default 100,000).

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;

const BUDGET_S: f64 = 8.0;
const BATCH: usize = trainmate_api::sync::MAX_PUSH_CHANGES;
const PAGE: u32 = trainmate_api::sync::MAX_PULL_LIMIT;

#[tokio::main]
async fn main() {
    let total: usize = std::env::var("S3_CHANGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = disk_dir();
    let (running, client) = start_server(dir.path()).await;
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut laptop, 0, T0).await; // seqs 1–4
    let tablet = Device::sign_in(&client, "kim@example.com").await;
    let batches = set_batches(&mut laptop, fixture.exercise, total, BATCH, T0);

    // The limits, on the same rows and bodies.
    let raw_insert_rate = raw_sqlite_insert_rate(dir.path(), &batches);
    let raw_read = {
        let conn = rusqlite::Connection::open(dir.path().join("raw.db")).expect("opens");
        let start = Instant::now();
        let mut statement = conn
            .prepare("SELECT table_name, row_id, row_seq, cl, data FROM sync_rows ORDER BY row_seq")
            .expect("prepares");
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .expect("reads")
            .count();
        assert_eq!(rows, total);
        start.elapsed()
    };
    let round_trip = loopback_round_trip(&client.http, &client.base, &batches).await;

    let start = Instant::now();
    let mut acknowledged = 0usize;
    for batch in &batches {
        let body = client.push(&laptop.token, batch).await.expect(200);
        acknowledged += body["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .filter(|o| o["status"] == "applied")
            .count();
    }
    let pushed = start.elapsed();
    let mut cursor = 0;
    let mut pulled = 0usize;
    let mut pages = 0usize;
    loop {
        let page = client.pull(&tablet.token, cursor, PAGE).await.expect(200);
        pulled += page["rows"].as_array().expect("rows").len();
        pages += 1;
        cursor = page["cursor"].as_i64().expect("cursor");
        if !page["has_more"].as_bool().expect("has_more") {
            break;
        }
    }
    let elapsed = start.elapsed();
    running.stop().await;
    assert_eq!(acknowledged, total, "every change acknowledged once");
    assert_eq!(pulled, total + 4, "every row pulled back");

    let limit_s = total as f64 / raw_insert_rate
        + raw_read.as_secs_f64()
        + (batches.len() + pages) as f64 * round_trip.as_secs_f64();
    let seconds = elapsed.as_secs_f64();
    println!("S3 a {total}-change backlog: push (batches of {BATCH}), acknowledge, pull back (pages of {PAGE}), SQLite");
    println!(
        "  server:                  {seconds:>8.2} s  (push {:.2} s, pull {:.2} s)  budget ≤ {BUDGET_S} s: {}",
        pushed.as_secs_f64(),
        seconds - pushed.as_secs_f64(),
        verdict(seconds <= BUDGET_S)
    );
    println!("  raw SQLite insert of the same rows: {raw_insert_rate:>10.0} rows/s");
    println!(
        "  raw SQLite read of them in seq order: {:>8.3} s",
        raw_read.as_secs_f64()
    );
    println!(
        "  loopback round trip per request:      {:>8.2} ms",
        round_trip.as_secs_f64() * 1e3
    );
    println!("  limit (raw insert + raw read + round trips): {limit_s:>8.2} s");
    println!(
        "  ratio server / limit:                   {:>8.2}",
        seconds / limit_s
    );
    write_result(
        "s3_backlog",
        &json!({
            "budget_s": BUDGET_S,
            "changes": total,
            "batch": BATCH,
            "page": PAGE,
            "seconds": seconds,
            "push_seconds": pushed.as_secs_f64(),
            "pull_seconds": seconds - pushed.as_secs_f64(),
            "raw_insert_rows_per_s": raw_insert_rate,
            "raw_read_s": raw_read.as_secs_f64(),
            "loopback_round_trip_ms": round_trip.as_secs_f64() * 1e3,
            "limit_s": limit_s,
            "ratio_to_limit": seconds / limit_s,
            "within_budget": seconds <= BUDGET_S,
            "conditions": conditions(),
        }),
    );
}
