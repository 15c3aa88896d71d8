//! Push and pull over HTTP against a real server and SQLite file. Expected values are worked out
//! by hand in the comments (seqs, winners, causal lengths), never computed by the server's code.

mod common;

use common::*;
use serde_json::{json, Value};
use uuid::Uuid;

#[tokio::test]
async fn push_then_pull_on_a_second_device_gives_the_same_rows() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let (fixture, changes) = seed_changes(&mut laptop, 2, T0);
    let body = client.push(&laptop.token, &changes).await.expect(200);
    // Six changes, six seqs in order, nothing skipped.
    let seqs: Vec<i64> = body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o["seq"].as_i64().expect("seq"))
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    assert_eq!(body["head_seq"], 6);
    assert_eq!(body["next_device_seq"], 7);
    for (outcome, change) in body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .zip(&changes)
    {
        assert_eq!(outcome["change_id"], change["change_id"]);
        assert_eq!(outcome["status"], "applied");
    }

    let tablet = Device::sign_in(&client, "kim@example.com").await;
    let (rows, conflicts, cursor) = client.pull_all(&tablet.token, 0).await;
    assert_eq!(cursor, 6);
    assert!(conflicts.is_empty());
    assert_eq!(rows.len(), 6);
    let trainer = laptop.trainer;
    let expected = [
        ("users", trainer, 1, trainer_row(T0)),
        (
            "users",
            fixture.member,
            2,
            member_row(trainer, "Lee Member", T0),
        ),
        (
            "daily_workouts",
            fixture.day,
            3,
            day_row(fixture.member, trainer, T0),
        ),
        (
            "workout_exercises",
            fixture.exercise,
            4,
            exercise_row(fixture.day, fixture.member, trainer, T0),
        ),
        (
            "exercise_sets",
            fixture.sets[0],
            5,
            set_row(fixture.exercise, "a000", 10, 50_000, trainer, T0),
        ),
        (
            "exercise_sets",
            fixture.sets[1],
            6,
            set_row(fixture.exercise, "a001", 10, 50_000, trainer, T0),
        ),
    ];
    for ((table, id, seq, columns), row) in expected.iter().zip(&rows) {
        assert_eq!(row["table"], *table);
        assert_eq!(row["row_id"], id.to_string());
        assert_eq!(row["seq"], *seq);
        assert_eq!(row["cl"], 1);
        assert_eq!(row["columns"], *columns);
    }

    // Nothing after the cursor.
    let page = client.pull(&tablet.token, 6, 10).await.expect(200);
    assert_eq!(page["rows"], json!([]));
    assert_eq!(page["cursor"], 6);
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn a_replayed_push_answers_the_stored_outcomes_and_applies_nothing_twice() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let (fixture, changes) = seed_changes(&mut device, 3, T0);
    let first = client.push(&device.token, &changes).await.expect(200);
    let again = client.push(&device.token, &changes).await.expect(200);
    assert_eq!(statuses(&again), vec!["duplicate"; 7]);
    for (replay, original) in again["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .zip(first["outcomes"].as_array().expect("outcomes"))
    {
        assert_eq!(replay["change_id"], original["change_id"]);
        let mut stored = original.clone();
        stored.as_object_mut().expect("object").remove("change_id");
        assert_eq!(replay["original"], stored);
    }
    assert_eq!(again["head_seq"], 7);
    assert_eq!(again["next_device_seq"], 8);

    // A response lost after the first of three edits: the retry carries all three.
    let edits: Vec<Value> = (0..3)
        .map(|i| {
            device.change(
                "exercise_sets",
                fixture.sets[i],
                "upsert",
                json!({ "reps": 12 }),
                7,
                T0 + 1_000,
            )
        })
        .collect();
    client.push(&device.token, &edits[..1]).await.expect(200);
    let retry = client.push(&device.token, &edits).await.expect(200);
    assert_eq!(statuses(&retry), ["duplicate", "applied", "applied"]);
    assert_eq!(retry["outcomes"][0]["original"]["seq"], 8);
    assert_eq!(retry["outcomes"][1]["seq"], 9);
    assert_eq!(retry["outcomes"][2]["seq"], 10);

    let (rows, _, cursor) = client.pull_all(&device.token, 0).await;
    assert_eq!(cursor, 10);
    assert_eq!(rows.len(), 7);
    // All ten of the device's changes are in the rows: none is to be re-applied on top.
    let page = client.pull(&device.token, 10, 10).await.expect(200);
    assert_eq!(page["acknowledged_device_seq"], 10);
    for (i, set) in fixture.sets.iter().enumerate() {
        let row = find(&rows, "exercise_sets", *set).expect("pulled");
        assert_eq!(row["columns"]["reps"], 12);
        assert_eq!(row["seq"], 8 + i as i64);
    }
}

#[tokio::test]
async fn gaps_and_reused_device_seqs_are_refused_whole() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let trainer = device.trainer;
    let first = device.change("users", trainer, "upsert", trainer_row(T0), 0, T0);
    let second = device.change(
        "users",
        trainer,
        "upsert",
        json!({ "name": "Kim T." }),
        1,
        T0,
    );
    // Record 2 without record 1.
    let gap = client
        .push(&device.token, std::slice::from_ref(&second))
        .await;
    gap.expect_error(409, "device_seq_gap");
    assert_eq!(gap.body["expected_device_seq"], 1);
    // A gap after a good change rolls the good one back too.
    let mut third = device.change("users", trainer, "upsert", json!({ "name": "Kim" }), 1, T0);
    let gap = client
        .push(&device.token, &[first.clone(), third.clone()])
        .await;
    gap.expect_error(409, "device_seq_gap");
    assert_eq!(gap.body["expected_device_seq"], 2);
    let page = client.pull(&device.token, 0, 10).await.expect(200);
    assert_eq!(page["rows"], json!([]));
    assert_eq!(page["cursor"], 0);

    let body = client
        .push(&device.token, &[first, second])
        .await
        .expect(200);
    assert_eq!(statuses(&body), ["applied", "applied"]);
    // A different change under an already used number.
    third["device_seq"] = json!(2);
    let reused = client.push(&device.token, &[third]).await;
    reused.expect_error(409, "device_seq_reused");
    assert_eq!(reused.body["expected_device_seq"], 3);
}

/// Two devices edit the same set offline from the same base (seq 5).
/// A: reps 12 at T0+1 s. B: reps 11 and weight 52.5 kg at T0+2 s.
/// Different fields merge; for reps B's later stamp wins and A's 12 is kept as a conflict —
/// whichever push arrives first.
#[tokio::test]
async fn concurrent_edits_merge_per_column_in_either_arrival_order() {
    for a_first in [true, false] {
        let server = TestServer::start().await;
        let client = server.client();
        let mut a = Device::sign_up(&client, "kim@example.com").await;
        let fixture = seed(&client, &mut a, 1, T0).await;
        let mut b = Device::sign_in(&client, "kim@example.com").await;
        let set = fixture.sets[0];
        let edit_a = a.change(
            "exercise_sets",
            set,
            "upsert",
            json!({ "reps": 12 }),
            5,
            T0 + 1_000,
        );
        let edit_b = b.change(
            "exercise_sets",
            set,
            "upsert",
            json!({ "reps": 11, "weight_g": 52_500 }),
            5,
            T0 + 2_000,
        );
        let (answer_a, answer_b) = if a_first {
            let answer_a = client
                .push(&a.token, std::slice::from_ref(&edit_a))
                .await
                .expect(200);
            let answer_b = client
                .push(&b.token, std::slice::from_ref(&edit_b))
                .await
                .expect(200);
            (answer_a, answer_b)
        } else {
            let answer_b = client
                .push(&b.token, std::slice::from_ref(&edit_b))
                .await
                .expect(200);
            let answer_a = client
                .push(&a.token, std::slice::from_ref(&edit_a))
                .await
                .expect(200);
            (answer_a, answer_b)
        };
        if a_first {
            // A applies at seq 6; B then overwrites reps (later stamp) and applies fully.
            assert_eq!(
                answer_a["outcomes"][0],
                json!({"change_id": edit_a["change_id"], "status": "applied", "seq": 6})
            );
            assert_eq!(
                answer_b["outcomes"][0],
                json!({"change_id": edit_b["change_id"], "status": "applied", "seq": 7})
            );
        } else {
            // B applies at seq 6; A's reps loses to B's later stamp.
            assert_eq!(
                answer_b["outcomes"][0],
                json!({"change_id": edit_b["change_id"], "status": "applied", "seq": 6})
            );
            assert_eq!(
                answer_a["outcomes"][0],
                json!({"change_id": edit_a["change_id"], "status": "partial", "seq": 7, "superseded": ["reps"]})
            );
        }
        let (rows, conflicts, cursor) = client.pull_all(&b.token, 5).await;
        assert_eq!(cursor, 7);
        let row = find(&rows, "exercise_sets", set).expect("pulled");
        assert_eq!(row["columns"]["reps"], 11);
        assert_eq!(row["columns"]["weight_g"], 52_500);
        assert_eq!(row["columns"]["order_key"], "a000");
        assert_eq!(row["seq"], 7);
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let conflict = &conflicts[0];
        assert_eq!(conflict["seq"], 7);
        assert_eq!(conflict["table"], "exercise_sets");
        assert_eq!(conflict["row_id"], set.to_string());
        assert_eq!(conflict["column"], "reps");
        assert_eq!(conflict["kept"], 11);
        assert_eq!(conflict["lost"], 12);
        assert_eq!(conflict["kept_hlc"], hlc(T0 + 2_000, 0));
        assert_eq!(conflict["lost_hlc"], hlc(T0 + 1_000, 0));
        let lost_change = if a_first {
            Value::Null
        } else {
            edit_a["change_id"].clone()
        };
        assert_eq!(conflict["lost_change_id"], lost_change);
    }
}

#[tokio::test]
async fn equal_stamps_are_broken_by_device_id() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 1, T0).await;
    let mut b = Device::sign_in(&client, "kim@example.com").await;
    let set = fixture.sets[0];
    let edit_a = a.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "notes": "A" }),
        5,
        T0 + 9,
    );
    let edit_b = b.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "notes": "B" }),
        5,
        T0 + 9,
    );
    client.push(&a.token, &[edit_a]).await.expect(200);
    client.push(&b.token, &[edit_b]).await.expect(200);
    let winner = if b.id.to_string() > a.id.to_string() {
        "B"
    } else {
        "A"
    };
    let (rows, conflicts, _) = client.pull_all(&a.token, 5).await;
    assert_eq!(
        find(&rows, "exercise_sets", set).expect("pulled")["columns"]["notes"],
        winner
    );
    assert_eq!(conflicts[0]["kept"], winner);
}

/// A device's own later change applies even when its clock went backwards and it had not
/// pulled its earlier change's seq.
#[tokio::test]
async fn a_later_change_from_the_same_device_always_applies() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 1, T0).await;
    let set = fixture.sets[0];
    let first = a.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 20 }),
        5,
        T0 + 5_000,
    );
    let second = a.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 21 }),
        5,
        T0 + 100,
    );
    let body = client.push(&a.token, &[first, second]).await.expect(200);
    assert_eq!(statuses(&body), ["applied", "applied"]);
    let (rows, conflicts, _) = client.pull_all(&a.token, 0).await;
    assert_eq!(
        find(&rows, "exercise_sets", set).expect("pulled")["columns"]["reps"],
        21
    );
    assert!(conflicts.is_empty());
}

/// Causal length: odd alive, even deleted; the higher wins; an explicit undelete revives.
#[tokio::test]
async fn deletes_win_by_causal_length_and_undelete_restores_the_edits() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 1, T0).await;
    let mut b = Device::sign_in(&client, "kim@example.com").await;
    let set = fixture.sets[0];

    // A deletes (cl 1 → 2) while B edits reps from the same base: the set stays deleted, and
    // B's edit is kept in it.
    let delete = a.change(
        "exercise_sets",
        set,
        "delete",
        json!({ "_cl": 2 }),
        5,
        T0 + 1_000,
    );
    let edit = b.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 9 }),
        5,
        T0 + 2_000,
    );
    assert_eq!(
        statuses(&client.push(&a.token, &[delete]).await.expect(200)),
        ["applied"]
    );
    assert_eq!(
        statuses(&client.push(&b.token, &[edit]).await.expect(200)),
        ["applied"]
    );
    let (rows, _, _) = client.pull_all(&a.token, 5).await;
    let row = find(&rows, "exercise_sets", set).expect("pulled");
    assert_eq!(
        (row["cl"].as_i64(), row["seq"].as_i64()),
        (Some(2), Some(7))
    );
    assert_eq!(row["columns"]["reps"], 9);

    // A undeletes (cl 3); B, which saw cl 1, deletes with cl 2: the higher length wins.
    let undelete = a.change(
        "exercise_sets",
        set,
        "undelete",
        json!({ "_cl": 3 }),
        7,
        T0 + 3_000,
    );
    let stale_delete = b.change(
        "exercise_sets",
        set,
        "delete",
        json!({ "_cl": 2 }),
        5,
        T0 + 4_000,
    );
    assert_eq!(
        statuses(&client.push(&a.token, &[undelete]).await.expect(200)),
        ["applied"]
    );
    let answer = client.push(&b.token, &[stale_delete]).await.expect(200);
    assert_eq!(answer["outcomes"][0]["status"], "partial");
    assert_eq!(answer["outcomes"][0]["superseded"], json!(["_cl"]));
    let (rows, _, _) = client.pull_all(&a.token, 7).await;
    let row = find(&rows, "exercise_sets", set).expect("pulled");
    assert_eq!(row["cl"], 3);
    assert_eq!(row["columns"]["reps"], 9);

    // Both delete at length 4: deleted, once.
    let a_delete = a.change(
        "exercise_sets",
        set,
        "delete",
        json!({ "_cl": 4 }),
        9,
        T0 + 5_000,
    );
    let b_delete = b.change(
        "exercise_sets",
        set,
        "delete",
        json!({ "_cl": 4 }),
        9,
        T0 + 5_000,
    );
    client.push(&a.token, &[a_delete]).await.expect(200);
    client.push(&b.token, &[b_delete]).await.expect(200);
    let (rows, _, _) = client.pull_all(&a.token, 9).await;
    assert_eq!(find(&rows, "exercise_sets", set).expect("pulled")["cl"], 4);

    // A delete without a length counts one up from the server's; a delete of an unknown row is
    // refused.
    let undelete = a.change("exercise_sets", set, "undelete", json!({}), 11, T0 + 6_000);
    let delete = a.change("exercise_sets", set, "delete", json!({}), 12, T0 + 7_000);
    let unknown = a.change("exercise_sets", Uuid::now_v7(), "delete", json!({}), 0, T0);
    let body = client
        .push(&a.token, &[undelete, delete, unknown])
        .await
        .expect(200);
    assert_eq!(statuses(&body), ["applied", "applied", "rejected"]);
    assert_eq!(body["outcomes"][2]["reason"]["code"], "unknown_row");
    let (rows, _, _) = client.pull_all(&a.token, 11).await;
    assert_eq!(find(&rows, "exercise_sets", set).expect("pulled")["cl"], 6);
}

/// One device deletes an exercise while another adds a set to it: both stay on the server (the
/// set is hidden under its deleted parent on devices), and undeleting the parent shows both.
#[tokio::test]
async fn a_set_added_under_a_parent_deleted_elsewhere_is_kept() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 1, T0).await;
    let mut b = Device::sign_in(&client, "kim@example.com").await;
    let delete = a.change(
        "workout_exercises",
        fixture.exercise,
        "delete",
        json!({ "_cl": 2 }),
        5,
        T0 + 1_000,
    );
    let new_set = Uuid::now_v7();
    let add = b.change(
        "exercise_sets",
        new_set,
        "upsert",
        set_row(fixture.exercise, "a001", 8, 60_000, a.trainer, T0 + 2_000),
        0,
        T0 + 2_000,
    );
    client.push(&a.token, &[delete]).await.expect(200);
    assert_eq!(
        statuses(&client.push(&b.token, &[add]).await.expect(200)),
        ["applied"]
    );
    let (rows, _, _) = client.pull_all(&a.token, 5).await;
    assert_eq!(
        find(&rows, "workout_exercises", fixture.exercise).expect("pulled")["cl"],
        2
    );
    let set = find(&rows, "exercise_sets", new_set).expect("pulled");
    assert_eq!(set["cl"], 1);
    assert_eq!(set["columns"]["reps"], 8);
    let undelete = a.change(
        "workout_exercises",
        fixture.exercise,
        "undelete",
        json!({ "_cl": 3 }),
        7,
        T0 + 3_000,
    );
    client.push(&a.token, &[undelete]).await.expect(200);
    let (rows, _, _) = client.pull_all(&b.token, 0).await;
    assert_eq!(
        find(&rows, "workout_exercises", fixture.exercise).expect("pulled")["cl"],
        3
    );
    assert_eq!(
        find(&rows, "exercise_sets", new_set).expect("pulled")["cl"],
        1
    );
}

/// Sets added to one exercise on two devices offline are two sets, never merged.
#[tokio::test]
async fn sets_added_on_two_devices_are_two_sets() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 0, T0).await;
    let mut b = Device::sign_in(&client, "kim@example.com").await;
    let (set_a, set_b) = (Uuid::now_v7(), Uuid::now_v7());
    let trainer = a.trainer;
    let add_a = a.change(
        "exercise_sets",
        set_a,
        "upsert",
        set_row(fixture.exercise, "a0", 5, 0, trainer, T0),
        0,
        T0,
    );
    let add_b = b.change(
        "exercise_sets",
        set_b,
        "upsert",
        set_row(fixture.exercise, "a0", 6, 0, trainer, T0),
        0,
        T0,
    );
    client.push(&a.token, &[add_a]).await.expect(200);
    client.push(&b.token, &[add_b]).await.expect(200);
    let (rows, conflicts, _) = client.pull_all(&a.token, 0).await;
    assert_eq!(
        find(&rows, "exercise_sets", set_a).expect("a")["columns"]["reps"],
        5
    );
    assert_eq!(
        find(&rows, "exercise_sets", set_b).expect("b")["columns"]["reps"],
        6
    );
    assert!(conflicts.is_empty());
}

/// The changes of one device transaction apply together or not at all.
#[tokio::test]
async fn a_transaction_with_one_bad_change_is_rejected_whole() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut device, 0, T0).await; // seqs 1–4
    let tx = Uuid::now_v7();
    let day = Uuid::now_v7();
    let mut bad_exercise = exercise_row(day, fixture.member, device.trainer, T0);
    bad_exercise["catalog_exercise_id"] = json!(0);
    let mut day_columns = day_row(fixture.member, device.trainer, T0);
    day_columns["workout_date"] = json!("2027-01-16");
    let changes = vec![
        device.change_in_tx(tx, "daily_workouts", day, "upsert", day_columns, 0, T0),
        device.change_in_tx(
            tx,
            "workout_exercises",
            Uuid::now_v7(),
            "upsert",
            bad_exercise,
            0,
            T0,
        ),
        device.change(
            "exercise_sets",
            Uuid::now_v7(),
            "upsert",
            set_row(fixture.exercise, "a0", 5, 0, device.trainer, T0),
            0,
            T0,
        ),
    ];
    let body = client.push(&device.token, &changes).await.expect(200);
    assert_eq!(statuses(&body), ["rejected", "rejected", "applied"]);
    assert_eq!(
        body["outcomes"][0]["reason"]["code"],
        "transaction_rejected"
    );
    assert_eq!(body["outcomes"][1]["reason"]["code"], "invalid_value");
    // The rolled-back day took no seq: the next applied change is 5.
    assert_eq!(body["outcomes"][2]["seq"], 5);
    assert_eq!(body["next_device_seq"], 8);
    let (rows, _, _) = client.pull_all(&device.token, 4).await;
    assert_eq!(rows.len(), 1);
    assert!(find(&rows, "daily_workouts", day).is_none());
    // A replay answers the same rejections.
    let again = client.push(&device.token, &changes).await.expect(200);
    assert_eq!(
        again["outcomes"][1]["original"],
        body["outcomes"][1]
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.remove("change_id");
                Value::Object(o)
            })
            .expect("object")
    );
}

/// sync.md test 4: a clock 12 h fast is re-stamped and reported, so it cannot win every
/// conflict; a clock 12 h slow loses nothing it edited after seeing the current value.
#[tokio::test]
async fn skewed_clocks_lose_no_causally_later_edit() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut fast = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut fast, 1, T0).await;
    let mut honest = Device::sign_in(&client, "kim@example.com").await;
    let set = fixture.sets[0];
    const HOURS_12: i64 = 12 * 60 * 60 * 1000;

    // The server's clock after the seed: five receives of (T0, 0) at wall T0 → (T0, 5).
    // The fast change is re-stamped to the next tick, (T0, 6).
    let ahead = fast.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 30 }),
        5,
        T0 + HOURS_12,
    );
    let body = client.push(&fast.token, &[ahead]).await.expect(200);
    assert_eq!(body["outcomes"][0]["status"], "applied");
    assert_eq!(body["outcomes"][0]["restamped_hlc"], hlc(T0, 6));
    assert_eq!(body["clock_skew_ms"], HOURS_12);

    // An honest edit one second later, concurrent (base 5): it wins over the re-stamped one.
    server.advance_ms(1_000);
    let edit = honest.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 31 }),
        5,
        T0 + 1_000,
    );
    let body = client.push(&honest.token, &[edit]).await.expect(200);
    assert_eq!(body["outcomes"][0]["status"], "applied");
    assert!(body.get("clock_skew_ms").is_none());

    // A device 12 h slow edits after pulling seq 7: causally later, so it applies although its
    // stamp is the lowest of all.
    let mut slow = Device::sign_in(&client, "kim@example.com").await;
    let (rows, conflicts, _) = client.pull_all(&slow.token, 0).await;
    assert_eq!(find(&rows, "exercise_sets", set).expect("pulled")["seq"], 7);
    assert_eq!(conflicts.len(), 1);
    let behind = slow.change(
        "exercise_sets",
        set,
        "upsert",
        json!({ "reps": 40 }),
        7,
        T0 - HOURS_12,
    );
    let body = client.push(&slow.token, &[behind]).await.expect(200);
    assert_eq!(
        body["outcomes"][0],
        json!({"change_id": body["outcomes"][0]["change_id"], "status": "applied", "seq": 8})
    );
    let (rows, conflicts, _) = client.pull_all(&slow.token, 7).await;
    assert_eq!(
        find(&rows, "exercise_sets", set).expect("pulled")["columns"]["reps"],
        40
    );
    assert!(conflicts.is_empty());
}

/// Pages end on seq boundaries and carry the latest state of each row once.
#[tokio::test]
async fn pull_pages_follow_row_seqs() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut device, 20, T0).await; // seqs 1–24; set 0 is seq 5
    let edit = device.change(
        "exercise_sets",
        fixture.sets[0],
        "upsert",
        json!({ "reps": 1 }),
        5,
        T0 + 1,
    );
    client.push(&device.token, &[edit]).await.expect(200); // set 0 → seq 25
    let seqs = |page: &Value| -> Vec<i64> {
        page["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["seq"].as_i64().expect("seq"))
            .collect()
    };
    let page = client.pull(&device.token, 0, 10).await.expect(200);
    assert_eq!(seqs(&page), [1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
    assert_eq!(
        (page["cursor"].as_i64(), page["has_more"].as_bool()),
        (Some(11), Some(true))
    );
    let page = client.pull(&device.token, 11, 10).await.expect(200);
    assert_eq!(seqs(&page), (12..=21).collect::<Vec<_>>());
    assert_eq!(
        (page["cursor"].as_i64(), page["has_more"].as_bool()),
        (Some(21), Some(true))
    );
    let page = client.pull(&device.token, 21, 10).await.expect(200);
    assert_eq!(seqs(&page), [22, 23, 24, 25]);
    assert_eq!(
        (page["cursor"].as_i64(), page["has_more"].as_bool()),
        (Some(25), Some(false))
    );
    assert_eq!(page["rows"][3]["columns"]["reps"], 1);
    // The default page size serves everything here.
    let page = client
        .get("/v1/sync/pull", Some(&device.token))
        .await
        .expect(200);
    assert_eq!(page["rows"].as_array().expect("rows").len(), 24);
}

/// A second trainer can never read or write the first trainer's rows: not by naming their ids,
/// not by pointing at them, not by claiming their scope.
#[tokio::test]
async fn a_second_trainer_can_never_touch_the_first_trainers_rows() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut kim = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut kim, 1, T0).await;
    let mut park = Device::sign_up(&client, "park@example.com").await;
    let kim_id = kim.trainer;
    let park_id = park.trainer;
    let set = fixture.sets[0];

    let mut attempts = vec![
        // Edit, delete and overwrite rows of Kim's by id.
        park.change(
            "exercise_sets",
            set,
            "upsert",
            json!({ "reps": 1 }),
            99,
            T0 + 1,
        ),
        park.change(
            "exercise_sets",
            set,
            "delete",
            json!({ "_cl": 2 }),
            99,
            T0 + 1,
        ),
        park.change(
            "users",
            kim_id,
            "upsert",
            json!({ "name": "Mallory" }),
            99,
            T0 + 1,
        ),
        park.change(
            "users",
            fixture.member,
            "upsert",
            member_row(park_id, "Taken", T0),
            0,
            T0,
        ),
        // New rows of Park's pointing into Kim's scope.
        park.change(
            "exercise_sets",
            Uuid::now_v7(),
            "upsert",
            set_row(fixture.exercise, "a1", 5, 0, park_id, T0),
            0,
            T0,
        ),
        park.change(
            "daily_workouts",
            Uuid::now_v7(),
            "upsert",
            day_row(fixture.member, park_id, T0),
            0,
            T0,
        ),
        // A member placed in Kim's scope, a custom exercise in Kim's name, another trainer.
        park.change(
            "users",
            Uuid::now_v7(),
            "upsert",
            member_row(kim_id, "Sneaky", T0),
            0,
            T0,
        ),
        park.change(
            "custom_exercises",
            Uuid::now_v7(),
            "upsert",
            json!({
                "trainer_id": kim_id, "body_part": "legs", "equipment": "barbell",
                "name_ko": "스쿼트", "name_en": "Squat", "measures": "reps", "load": "external",
                "met_tenths": 50, "created_at": T0, "updated_at": T0,
            }),
            0,
            T0,
        ),
        park.change("users", Uuid::now_v7(), "upsert", trainer_row(T0), 0, T0),
    ];
    // A change claiming Kim's scope in its body.
    let mut forged_scope = park.change(
        "custom_exercises",
        Uuid::now_v7(),
        "upsert",
        json!({
            "trainer_id": park_id, "body_part": "legs", "equipment": "barbell",
            "name_ko": "스쿼트", "name_en": "Squat", "measures": "reps", "load": "external",
            "met_tenths": 50, "created_at": T0, "updated_at": T0,
        }),
        0,
        T0,
    );
    forged_scope["trainer_id"] = json!(kim_id);
    attempts.push(forged_scope);
    let body = client.push(&park.token, &attempts).await.expect(200);
    let codes: Vec<&str> = body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            assert_eq!(o["status"], "rejected", "{o}");
            o["reason"]["code"].as_str().expect("code")
        })
        .collect();
    assert_eq!(
        codes,
        [
            "not_in_scope",
            "not_in_scope",
            "not_in_scope",
            "not_in_scope",
            "reference_not_in_scope",
            "reference_not_in_scope",
            "not_in_scope",
            "reference_not_in_scope",
            "not_in_scope",
            "not_in_scope",
        ]
    );
    assert_eq!(body["head_seq"], 0);

    // Park reads nothing of Kim's; Kim's rows are as Kim left them.
    let (rows, conflicts, cursor) = client.pull_all(&park.token, 0).await;
    assert!(rows.is_empty() && conflicts.is_empty());
    assert_eq!(cursor, 0);
    let (rows, conflicts, cursor) = client.pull_all(&kim.token, 0).await;
    assert_eq!(cursor, 5);
    assert!(conflicts.is_empty());
    let row = find(&rows, "exercise_sets", set).expect("pulled");
    assert_eq!(
        (row["seq"].as_i64(), row["cl"].as_i64()),
        (Some(5), Some(1))
    );
    assert_eq!(row["columns"]["reps"], 10);
    assert_eq!(
        find(&rows, "users", kim_id).expect("pulled")["columns"]["name"],
        "Kim Trainer"
    );

    // Park's own scope works normally, with its own seqs from 1.
    let own = park.change("users", park_id, "upsert", trainer_row(T0), 0, T0);
    let body = client.push(&park.token, &[own]).await.expect(200);
    assert_eq!(body["outcomes"][0]["seq"], 1);
    // Kim replaying Park's change id is not answered with Park's outcome.
    let mut replay = kim.change(
        "users",
        kim_id,
        "upsert",
        json!({ "name": "Kim" }),
        1,
        T0 + 2,
    );
    replay["change_id"] = attempts_first_id(&body);
    let body = client.push(&kim.token, &[replay]).await.expect(200);
    assert_eq!(statuses(&body), ["applied"]);
}

fn attempts_first_id(body: &Value) -> Value {
    body["outcomes"][0]["change_id"].clone()
}

/// Malformed requests answer 4xx with a stable code and a message, never a 500.
#[tokio::test]
async fn malformed_requests_answer_4xx_with_codes() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let url = format!("{}/v1/sync/push", client.base);
    let raw = |body: &'static str, content_type: &'static str| {
        client
            .http
            .post(&url)
            .bearer_auth(&device.token)
            .header("content-type", content_type)
            .body(body)
    };
    client
        .send(raw("{not json", "application/json"))
        .await
        .expect_error(400, "malformed_json");
    client
        .send(raw("{}", "text/plain"))
        .await
        .expect_error(415, "unsupported_media_type");
    client
        .send(raw(r#"{"changes": "none"}"#, "application/json"))
        .await
        .expect_error(422, "invalid_body");
    client
        .send(raw(
            r#"{"changes": [{"change_id": "x"}]}"#,
            "application/json",
        ))
        .await
        .expect_error(422, "invalid_body");

    // Out-of-range stamps and ids that are not UUIDs are shape errors.
    let mut change = device.change("users", device.trainer, "upsert", trainer_row(T0), 0, T0);
    device.next_seq -= 1;
    let mut bad = change.clone();
    bad["hlc"] = json!(u64::MAX);
    client
        .push(&device.token, &[bad])
        .await
        .expect_error(422, "invalid_body");
    let mut bad = change.clone();
    bad["row_id"] = json!("1 OR 1=1");
    client
        .push(&device.token, &[bad])
        .await
        .expect_error(422, "invalid_body");
    let mut bad = change.clone();
    bad["op"] = json!("truncate");
    client
        .push(&device.token, &[bad])
        .await
        .expect_error(422, "invalid_body");

    // A newer device schema: refused whole, nothing consumed.
    change["schema_version"] = json!(5);
    client
        .push(&device.token, std::slice::from_ref(&change))
        .await
        .expect_error(422, "unsupported_schema_version");
    change["schema_version"] = json!(4);
    let body = client.push(&device.token, &[change]).await.expect(200);
    assert_eq!(body["outcomes"][0]["seq"], 1);
    device.next_seq = 2;

    // Too many changes, too many bytes.
    let template = device.change(
        "users",
        device.trainer,
        "upsert",
        json!({ "name": "K" }),
        1,
        T0,
    );
    device.next_seq -= 1;
    let many: Vec<Value> = (0..1001).map(|_| template.clone()).collect();
    client
        .push(&device.token, &many)
        .await
        .expect_error(413, "batch_too_large");
    let huge = format!(
        r#"{{"changes": [], "padding": "{}"}}"#,
        "x".repeat(9 * 1024 * 1024)
    );
    let reply = client
        .send(
            client
                .http
                .post(&url)
                .bearer_auth(&device.token)
                .header("content-type", "application/json")
                .body(huge),
        )
        .await;
    reply.expect_error(413, "payload_too_large");

    // Per-change validation: each refused with its own code; the device's numbering goes on.
    let trainer = device.trainer;
    let set = Uuid::now_v7();
    let mut invalid = vec![
        device.change("sessions", Uuid::now_v7(), "upsert", json!({}), 0, T0),
        device.change(
            "users",
            trainer,
            "upsert",
            json!({ "recovery_code_hash": "x" }),
            1,
            T0,
        ),
        device.change(
            "users",
            trainer,
            "upsert",
            json!({ "birth_date": "1990-13-01" }),
            1,
            T0,
        ),
        device.change("users", trainer, "upsert", json!({ "name": 7 }), 1, T0),
        device.change("users", trainer, "upsert", json!({ "name": null }), 1, T0),
        device.change("users", trainer, "upsert", json!({ "_cl": 2 }), 1, T0),
        device.change("users", trainer, "delete", json!({ "_cl": 3 }), 1, T0),
        device.change("exercise_sets", set, "upsert", json!({ "reps": 5 }), 0, T0),
        device.change(
            "users",
            trainer,
            "upsert",
            json!({ "password_hash": "plain text" }),
            1,
            T0,
        ),
        device.change(
            "users",
            trainer,
            "upsert",
            json!({ "name": "x".repeat(201) }),
            1,
            T0,
        ),
    ];
    // A causal length beyond 2^40: counting on from it must never overflow.
    invalid.push(device.change(
        "users",
        trainer,
        "delete",
        json!({ "_cl": i64::MAX - 1 }),
        1,
        T0,
    ));
    let mut out_of_range = device.change(
        "users",
        trainer,
        "upsert",
        json!({ "updated_at": -1 }),
        1,
        T0,
    );
    out_of_range["columns"]["updated_at"] = json!(-1);
    invalid.push(out_of_range);
    let body = client.push(&device.token, &invalid).await.expect(200);
    let codes: Vec<&str> = body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o["reason"]["code"].as_str().expect("rejected"))
        .collect();
    assert_eq!(
        codes,
        [
            "unknown_table",
            "unknown_column",
            "invalid_value",
            "invalid_value",
            "invalid_value",
            "invalid_value",
            "invalid_value",
            "missing_columns",
            "invalid_value",
            "invalid_value",
            "invalid_value",
            "invalid_value",
        ]
    );
    for outcome in body["outcomes"].as_array().expect("outcomes") {
        assert_no_internals(&outcome["reason"]);
    }
    assert_eq!(body["head_seq"], 1);
    assert_eq!(body["next_device_seq"], 14);

    // Pull's query, routes and methods.
    client
        .get("/v1/sync/pull?cursor=-1", Some(&device.token))
        .await
        .expect_error(400, "invalid_query");
    client
        .get("/v1/sync/pull?cursor=abc", Some(&device.token))
        .await
        .expect_error(400, "invalid_query");
    client
        .get("/v1/sync/pull?limit=0", Some(&device.token))
        .await
        .expect_error(400, "invalid_query");
    client
        .get("/v1/nothing", None)
        .await
        .expect_error(404, "not_found");
    client
        .get("/v1/sync/push", Some(&device.token))
        .await
        .expect_error(405, "method_not_allowed");
    client
        .post("/v1/sync/push", None, &json!({"changes": []}))
        .await
        .expect_error(401, "unauthorized");
    client
        .post("/v1/auth/login", None, &json!({"email": 1}))
        .await
        .expect_error(422, "invalid_body");
    client
        .post("/v1/auth/refresh", None, &json!({}))
        .await
        .expect_error(422, "invalid_body");
}

/// Bodies may travel gzip-compressed both ways (sync.md: "JSON; gzip").
#[tokio::test]
async fn gzip_request_and_response_bodies() {
    use std::io::Write;
    let server = TestServer::start().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let (_, changes) = seed_changes(&mut device, 50, T0);
    let json = serde_json::to_vec(&json!({ "changes": changes })).expect("json");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&json).expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    let reply = client
        .send(
            client
                .http
                .post(format!("{}/v1/sync/push", client.base))
                .bearer_auth(&device.token)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(gzipped),
        )
        .await;
    assert_eq!(statuses(&reply.expect(200)), vec!["applied"; 54]);
    let response = client
        .http
        .get(format!("{}/v1/sync/pull", client.base))
        .bearer_auth(&device.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.headers()["content-encoding"], "gzip");

    // An encoding the server does not speak, and a small gzip that inflates past the limit.
    let reply = client
        .send(
            client
                .http
                .post(format!("{}/v1/sync/push", client.base))
                .bearer_auth(&device.token)
                .header("content-type", "application/json")
                .header("content-encoding", "br")
                .body("{}"),
        )
        .await;
    reply.expect_error(415, "unsupported_media_type");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(b"{\"changes\": [], \"padding\": \"")
        .expect("gzip");
    encoder
        .write_all(&vec![b' '; 20 * 1024 * 1024])
        .expect("gzip");
    encoder.write_all(b"\"}").expect("gzip");
    let bomb = encoder.finish().expect("gzip");
    assert!(bomb.len() < 100 * 1024);
    let reply = client
        .send(
            client
                .http
                .post(format!("{}/v1/sync/push", client.base))
                .bearer_auth(&device.token)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(bomb),
        )
        .await;
    reply.expect_error(413, "payload_too_large");
}

/// Pushes from several devices at once, through two server instances on one database: the
/// scope's seqs stay gapless and each is given once, and every page a pull returns meanwhile is
/// consistent (seqs ascending, cursor at its end).
#[tokio::test]
async fn concurrent_pushes_get_gapless_unique_seqs() {
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let (_second, other) = server.another_instance().await;
    let mut first = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut first, 0, T0).await; // seqs 1–4
    let mut devices = vec![first];
    for _ in 1..6 {
        devices.push(Device::sign_in(&client, "kim@example.com").await);
    }
    let tasks: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(n, mut device)| {
            let client = if n % 2 == 0 { &client } else { &other }.clone();
            let exercise = fixture.exercise;
            tokio::spawn(async move {
                let mut seqs = Vec::new();
                for push in 0..8 {
                    let changes: Vec<Value> = (0..5)
                        .map(|i| {
                            device.change(
                                "exercise_sets",
                                Uuid::now_v7(),
                                "upsert",
                                set_row(exercise, &format!("{push}{i}"), 5, 0, device.trainer, T0),
                                0,
                                T0,
                            )
                        })
                        .collect();
                    let body = client.push(&device.token, &changes).await.expect(200);
                    for outcome in body["outcomes"].as_array().expect("outcomes") {
                        assert_eq!(outcome["status"], "applied");
                        seqs.push(outcome["seq"].as_i64().expect("seq"));
                    }
                }
                seqs
            })
        })
        .collect();
    let reader = {
        let client = other.clone();
        let token = Device::sign_in(&client, "kim@example.com").await.token;
        tokio::spawn(async move {
            for _ in 0..20 {
                let page = client.pull(&token, 4, 1000).await.expect(200);
                let rows = page["rows"].as_array().expect("rows");
                let seqs: Vec<i64> = rows
                    .iter()
                    .map(|r| r["seq"].as_i64().expect("seq"))
                    .collect();
                assert!(seqs.windows(2).all(|w| w[0] < w[1]));
                // Not a page boundary here: the cursor is the head, at or after the last row,
                // and every seq up to it is present (each change made its own row).
                let cursor = page["cursor"].as_i64().expect("cursor");
                assert_eq!(seqs, (5..=cursor).collect::<Vec<_>>());
            }
        })
    };
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("joins"));
    }
    reader.await.expect("joins");
    all.sort_unstable();
    assert_eq!(all, (5..=4 + 6 * 8 * 5).collect::<Vec<i64>>());
}
