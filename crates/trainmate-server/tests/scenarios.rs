//! The server's side of sync.md tests 5, 7 and 9: a 100,000-change backlog, tokens that expire
//! or devices revoked in the middle of a sync, and a fresh second device that ends equal to the
//! first, including a member assigned later with their earlier history.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// sync.md test 5 (server side): two weeks offline, 100,000 changes (`TRAINMATE_BACKLOG` to
/// change), pushed in full batches; every change is acknowledged once, a second device pulls the
/// same state, and a set logged between two pull pages arrives in a later page.
#[tokio::test]
async fn a_hundred_thousand_change_backlog_syncs_completely() {
    let total: usize = std::env::var("TRAINMATE_BACKLOG")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let trainer = laptop.trainer;
    let member = Uuid::now_v7();

    // The device's own view of what it wrote: table/id → columns (the oracle).
    let mut expected: BTreeMap<(String, Uuid), Map<String, Value>> = BTreeMap::new();
    let mut outbox: Vec<Value> = Vec::with_capacity(total);
    let mut clock = T0 - 14 * 24 * 3_600_000;
    let mut record = |device: &mut Device,
                      expected: &mut BTreeMap<(String, Uuid), Map<String, Value>>,
                      table: &str,
                      id: Uuid,
                      columns: Value| {
        clock += 1;
        // Base 0: the device has pulled nothing; its own earlier changes count as seen.
        let change = device.change(table, id, "upsert", columns.clone(), 0, clock);
        let entry = expected.entry((table.to_owned(), id)).or_default();
        for (k, v) in columns.as_object().expect("object") {
            entry.insert(k.clone(), v.clone());
        }
        change
    };
    outbox.push(record(
        &mut laptop,
        &mut expected,
        "users",
        trainer,
        trainer_row(T0),
    ));
    outbox.push(record(
        &mut laptop,
        &mut expected,
        "users",
        member,
        member_row(trainer, "Lee Member", T0),
    ));
    let mut sets: Vec<Uuid> = Vec::new();
    let mut day_index = 0;
    'fill: loop {
        let day = Uuid::now_v7();
        let mut day_columns = day_row(member, trainer, T0);
        day_columns["workout_date"] = json!(format!(
            "{}-{:02}-{:02}",
            2000 + day_index / 336,
            1 + (day_index / 28) % 12,
            1 + day_index % 28
        ));
        day_index += 1;
        outbox.push(record(
            &mut laptop,
            &mut expected,
            "daily_workouts",
            day,
            day_columns,
        ));
        for e in 0..10 {
            if outbox.len() >= total {
                break 'fill;
            }
            let exercise = Uuid::now_v7();
            let mut columns = exercise_row(day, member, trainer, T0);
            columns["order_key"] = json!(format!("a{e}"));
            outbox.push(record(
                &mut laptop,
                &mut expected,
                "workout_exercises",
                exercise,
                columns,
            ));
            for s in 0..8 {
                if outbox.len() >= total {
                    break 'fill;
                }
                let set = Uuid::now_v7();
                sets.push(set);
                outbox.push(record(
                    &mut laptop,
                    &mut expected,
                    "exercise_sets",
                    set,
                    set_row(exercise, &format!("a{s}"), 8 + s, 40_000, trainer, T0),
                ));
            }
            // Every third exercise's sets are corrected afterwards: edits of existing rows.
            if e % 3 == 0 {
                for set in sets.iter().rev().take(8).copied().collect::<Vec<_>>() {
                    if outbox.len() >= total {
                        break 'fill;
                    }
                    outbox.push(record(
                        &mut laptop,
                        &mut expected,
                        "exercise_sets",
                        set,
                        json!({ "reps": 12, "notes": "corrected" }),
                    ));
                }
            }
        }
    }
    assert_eq!(outbox.len(), total);

    // Push it all, 1,000 at a time; every change is applied once, in order, without gaps.
    let mut next_seq = 1;
    // Printed for orientation only (S1/S3 are benchmarks, not tests).
    let started = std::time::Instant::now();
    for batch in outbox.chunks(1_000) {
        let body = client.push(&laptop.token, batch).await.expect(200);
        for outcome in body["outcomes"].as_array().expect("outcomes") {
            assert_eq!(outcome["status"], "applied", "{outcome}");
            assert_eq!(outcome["seq"], next_seq);
            next_seq += 1;
        }
    }
    assert_eq!(next_seq - 1, total as i64);
    eprintln!("pushed {total} changes in {:?}", started.elapsed());
    let started = std::time::Instant::now();

    // A second device pulls it page by page; between two pages the laptop logs one more set,
    // which must arrive in a later page of the same pull.
    let tablet = Device::sign_in(&client, "kim@example.com").await;
    let mut pulled: BTreeMap<(String, Uuid), Map<String, Value>> = BTreeMap::new();
    let mut cursor = 0;
    let mut pages = 0;
    let late_set = Uuid::now_v7();
    loop {
        let page = client.pull(&tablet.token, cursor, 5_000).await.expect(200);
        let mut previous = cursor;
        for row in page["rows"].as_array().expect("rows") {
            let seq = row["seq"].as_i64().expect("seq");
            assert!(seq > previous, "rows come in seq order");
            previous = seq;
            let key = (
                row["table"].as_str().expect("table").to_owned(),
                Uuid::parse_str(row["row_id"].as_str().expect("id")).expect("uuid"),
            );
            assert!(
                pulled
                    .insert(key, row["columns"].as_object().expect("columns").clone())
                    .is_none(),
                "each row once: it changed no more after the backlog"
            );
        }
        cursor = page["cursor"].as_i64().expect("cursor");
        pages += 1;
        if pages == 1 {
            let exercise = expected
                .keys()
                .find(|(t, _)| t == "workout_exercises")
                .map(|(_, id)| *id)
                .expect("an exercise");
            let change = record(
                &mut laptop,
                &mut expected,
                "exercise_sets",
                late_set,
                set_row(exercise, "z", 5, 20_000, trainer, T0),
            );
            let body = client.push(&laptop.token, &[change]).await.expect(200);
            assert_eq!(body["outcomes"][0]["seq"], total as i64 + 1);
        }
        if !page["has_more"].as_bool().expect("has_more") {
            break;
        }
    }
    eprintln!(
        "pulled {} rows in {pages} pages in {:?}",
        pulled.len(),
        started.elapsed()
    );
    assert_eq!(cursor, total as i64 + 1);
    assert!(pulled.contains_key(&("exercise_sets".to_owned(), late_set)));
    assert_eq!(pulled, expected, "the second device equals the first");
}

/// sync.md test 7 (server side): an access token that expires between two pushes, and a device
/// revoked while offline. Nothing is applied from a refused request, nothing is lost, and the
/// device carries on from where it was after refreshing or signing in again.
#[tokio::test]
async fn expiry_and_revocation_mid_sync_lose_nothing() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let (fixture, changes) = seed_changes(&mut laptop, 4, T0); // 8 changes
    client.push(&laptop.token, &changes[..4]).await.expect(200);
    server.advance_ms(15 * 60_000);
    client
        .push(&laptop.token, &changes[4..])
        .await
        .expect_error(401, "token_expired");
    let page = client
        .pull(
            &Device::sign_in(&client, "kim@example.com").await.token,
            0,
            100,
        )
        .await
        .expect(200);
    assert_eq!(page["cursor"], 4, "the refused push applied nothing");
    let tokens = client.refresh(&laptop.refresh).await.expect(200);
    laptop.token = tokens["access_token"].as_str().expect("token").to_owned();
    let body = client.push(&laptop.token, &changes[4..]).await.expect(200);
    assert_eq!(statuses(&body), vec!["applied"; 4]);

    // Revoked from another device while the laptop is offline with two more edits.
    let tablet = Device::sign_in(&client, "kim@example.com").await;
    let edits = vec![
        laptop.change(
            "exercise_sets",
            fixture.sets[0],
            "upsert",
            json!({ "reps": 11 }),
            8,
            T0 + 1,
        ),
        laptop.change(
            "exercise_sets",
            fixture.sets[1],
            "upsert",
            json!({ "reps": 13 }),
            8,
            T0 + 2,
        ),
    ];
    let reply = client
        .delete(&format!("/v1/devices/{}", laptop.id), Some(&tablet.token))
        .await;
    assert_eq!(reply.status.as_u16(), 204);
    client
        .push(&laptop.token, &edits)
        .await
        .expect_error(401, "device_revoked");
    client
        .refresh(&laptop.refresh)
        .await
        .expect_error(401, "invalid_refresh_token");
    // Signing in again on the same device: its outbox numbering carries on, the edits apply.
    let tokens = client
        .sign_in("kim@example.com", PASSWORD, laptop.id)
        .await
        .expect(200);
    laptop.token = tokens["access_token"].as_str().expect("token").to_owned();
    let body = client.push(&laptop.token, &edits).await.expect(200);
    assert_eq!(statuses(&body), ["applied", "applied"]);
    assert_eq!(body["next_device_seq"], 11);
    let (rows, _, cursor) = client.pull_all(&tablet.token, 0).await;
    assert_eq!(cursor, 10);
    assert_eq!(rows.len(), 8);
    assert_eq!(
        find(&rows, "exercise_sets", fixture.sets[0]).expect("set")["columns"]["reps"],
        11
    );
    assert_eq!(
        find(&rows, "exercise_sets", fixture.sets[1]).expect("set")["columns"]["reps"],
        13
    );
}

/// sync.md test 9 (server side): a fresh device signs in and pulls a state equal to the first
/// device's; assigning a member later brings their earlier history (a snapshot with old stamps)
/// to it; releasing them hides nothing on the server; a refresh replay keeps it signed in.
#[tokio::test]
async fn a_fresh_device_ends_equal_and_receives_an_assigned_members_history() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let trainer = laptop.trainer;
    let fixture = seed(&client, &mut laptop, 3, T0).await; // seqs 1–7

    let tablet_id = Uuid::new_v4();
    let tokens = client
        .sign_in("kim@example.com", PASSWORD, tablet_id)
        .await
        .expect(200);
    let mut tablet = Device::from_tokens(tablet_id, &tokens);
    let (rows, _, cursor) = client.pull_all(&tablet.token, 0).await;
    assert_eq!(cursor, 7);
    assert_eq!(
        find(&rows, "users", trainer).expect("the trainer")["columns"],
        trainer_row(T0)
    );
    assert_eq!(rows.len(), 7);

    // A member who logged alone for months is assigned on the laptop: the snapshot of their
    // rows (made long ago, old stamps) joins the scope and reaches the tablet after its cursor.
    let long_ago = T0 - 90 * 24 * 3_600_000;
    let newcomer = Uuid::now_v7();
    let day = Uuid::now_v7();
    let exercise = Uuid::now_v7();
    let set = Uuid::now_v7();
    let metrics = Uuid::now_v7();
    let tx = Uuid::now_v7();
    let mut user = member_row(trainer, "Choi Newcomer", long_ago);
    user["updated_at"] = json!(T0);
    let snapshot = vec![
        laptop.change_in_tx(tx, "users", newcomer, "upsert", user, 0, T0),
        laptop.change_in_tx(
            tx,
            "body_metrics",
            metrics,
            "upsert",
            json!({
                "member_id": newcomer, "measured_on": "2026-10-01", "height_mm": 1720,
                "weight_g": 68_500, "body_fat_tenths": 215, "skeletal_muscle_g": null,
                "created_by": newcomer, "created_at": long_ago, "updated_at": long_ago,
            }),
            0,
            long_ago,
        ),
        laptop.change_in_tx(
            tx,
            "daily_workouts",
            day,
            "upsert",
            day_row(newcomer, newcomer, long_ago),
            0,
            long_ago,
        ),
        laptop.change_in_tx(
            tx,
            "workout_exercises",
            exercise,
            "upsert",
            exercise_row(day, newcomer, newcomer, long_ago),
            0,
            long_ago,
        ),
        laptop.change_in_tx(
            tx,
            "exercise_sets",
            set,
            "upsert",
            set_row(exercise, "a0", 15, 10_000, newcomer, long_ago),
            0,
            long_ago,
        ),
    ];
    let body = client.push(&laptop.token, &snapshot).await.expect(200);
    assert_eq!(statuses(&body), vec!["applied"; 5]);
    let (rows, _, cursor) = client.pull_all(&tablet.token, 7).await;
    assert_eq!(cursor, 12);
    assert_eq!(rows.len(), 5);
    assert_eq!(
        find(&rows, "exercise_sets", set).expect("history")["columns"]["reps"],
        15
    );
    assert_eq!(
        find(&rows, "body_metrics", metrics).expect("history")["columns"]["weight_g"],
        68_500
    );

    // Released: the member's row says so; their rows stay on the server.
    let release = laptop.change(
        "users",
        newcomer,
        "upsert",
        json!({ "trainer_id": null, "updated_at": T0 + 5 }),
        8,
        T0 + 5,
    );
    assert_eq!(
        statuses(&client.push(&laptop.token, &[release]).await.expect(200)),
        ["applied"]
    );
    let (rows, _, _) = client.pull_all(&tablet.token, 12).await;
    assert_eq!(
        find(&rows, "users", newcomer).expect("member")["columns"]["trainer_id"],
        Value::Null
    );
    let (all, _, _) = client.pull_all(&tablet.token, 0).await;
    assert!(find(&all, "exercise_sets", set).is_some());
    assert_eq!(
        find(&all, "exercise_sets", fixture.sets[0]).expect("set")["cl"],
        1
    );

    // The tablet's refresh answer is lost; the replay keeps it signed in.
    let lost = client.refresh(&tablet.refresh).await.expect(200);
    let replay = client.refresh(&tablet.refresh).await.expect(200);
    assert_eq!(replay["refresh_token"], lost["refresh_token"]);
    tablet.token = replay["access_token"].as_str().expect("token").to_owned();
    client.pull(&tablet.token, 0, 10).await.expect(200);
}
