//! S1: push throughput of one device over loopback to the server on its default database
//! (SQLite), budget ≥ 20,000 changes/s. In the same run: the raw insert rate of the same rows in
//! a bare table (one durable transaction per batch) and the loopback round trip of the same
//! bodies; their combination is the limit the figure is compared with.
//!
//! `cargo bench -p trainmate-server --bench s1_push` (S1_CHANGES=N, default 50,000).

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;

const BUDGET_PER_S: f64 = 20_000.0;
const BATCH: usize = trainmate_api::sync::MAX_PUSH_CHANGES;

#[tokio::main]
async fn main() {
    let total: usize = std::env::var("S1_CHANGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let dir = disk_dir();
    let (running, client) = start_server(dir.path()).await;
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut device, 0, T0).await;

    // Warm up: one batch (prepared statements, connections, allocations).
    let warm = set_batches(&mut device, fixture.exercise, BATCH, BATCH, T0);
    client.push(&device.token, &warm[0]).await.expect(200);

    let batches = set_batches(&mut device, fixture.exercise, total, BATCH, T0);
    // The limits first, on the same rows and bodies.
    let raw_rate = raw_sqlite_insert_rate(dir.path(), &batches);
    let round_trip = loopback_round_trip(&client.http, &client.base, &batches).await;

    let start = Instant::now();
    for batch in &batches {
        let body = client.push(&device.token, batch).await.expect(200);
        debug_assert!(body["outcomes"][0]["status"] == "applied");
    }
    let elapsed = start.elapsed();
    running.stop().await;

    let rate = total as f64 / elapsed.as_secs_f64();
    let per_change_limit_s = 1.0 / raw_rate + round_trip.as_secs_f64() / BATCH as f64;
    let limit_rate = 1.0 / per_change_limit_s;
    println!(
        "S1 push throughput, one device, loopback, SQLite ({total} changes, batches of {BATCH})"
    );
    println!(
        "  server:                   {rate:>10.0} changes/s  ({:.2} s)  budget ≥ {BUDGET_PER_S:.0}: {}",
        elapsed.as_secs_f64(),
        verdict(rate >= BUDGET_PER_S)
    );
    println!("  raw SQLite insert (same rows + outcomes, a transaction per batch): {raw_rate:>10.0} rows/s");
    println!(
        "  loopback round trip of the same body:    {:>8.2} ms per batch",
        round_trip.as_secs_f64() * 1e3
    );
    println!("  limit (raw insert + round trip):          {limit_rate:>10.0} changes/s");
    println!(
        "  ratio server / limit:                     {:>10.2}",
        rate / limit_rate
    );
    write_result(
        "s1_push",
        &json!({
            "budget_changes_per_s": BUDGET_PER_S,
            "changes": total,
            "batch": BATCH,
            "changes_per_s": rate,
            "seconds": elapsed.as_secs_f64(),
            "raw_insert_rows_per_s": raw_rate,
            "loopback_round_trip_ms_per_batch": round_trip.as_secs_f64() * 1e3,
            "limit_changes_per_s": limit_rate,
            "ratio_to_limit": rate / limit_rate,
            "within_budget": rate >= BUDGET_PER_S,
            "conditions": conditions(),
        }),
    );
}
