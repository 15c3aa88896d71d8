//! The outbox record format (sync.md "On the device"): contiguous device_seq, a hybrid logical
//! clock that never runs backwards — across restarts and wall-clock jumps — base_seq and the
//! schema version, and one record per changed row per transaction.

mod support;

use std::sync::Arc;

use support::*;
use trainmate_api::*;
use trainmate_app::{App, ManualClock};

fn records(t: &TestApp) -> Vec<(i64, i64, String, String, i64, i64)> {
    let conn = t.sql();
    let mut statement = conn
        .prepare(
            "SELECT device_seq, hlc, table_name, op, base_seq, schema_version
             FROM outbox ORDER BY device_seq",
        )
        .unwrap();
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn the_clock_only_moves_forward_across_restarts_and_clock_jumps() {
    let mut t = TestApp::new();
    let coach = trainer(&t, "Coach");
    sign_in(&t.app, &coach);
    enable_capture(t.data_dir(), &coach);
    let we = add_exercise(
        &t.app,
        &coach,
        "2026-03-02",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    log(&t.app, we, fields(Some(10), Some(40_000), None));

    // Restart with the wall clock set a day back (a wrong device clock).
    let day_ago = t.now() - 86_400_000;
    t.app = App::open_with_clock(t.data_dir(), Arc::new(ManualClock::at(day_ago))).unwrap();
    sign_in(&t.app, &coach);
    log(&t.app, we, fields(Some(9), Some(40_000), None));
    log(&t.app, we, fields(Some(8), Some(40_000), None));

    let records = records(&t);
    assert!(
        records.len() >= 5,
        "day, exercise, and three sets: {records:?}"
    );
    for (i, pair) in records.windows(2).enumerate() {
        assert_eq!(pair[1].0, pair[0].0 + 1, "device_seq is contiguous at {i}");
        assert!(pair[1].1 > pair[0].1, "hlc increases at {i}: {pair:?}");
    }
    // The synced schema last changed in V4 (V5 added local sync tables only).
    assert!(
        records.iter().all(|r| r.5 == 4),
        "schema version = the synced schema's (V4)"
    );
    assert!(
        records.iter().all(|r| r.4 == 0),
        "nothing was acknowledged yet: base_seq 0"
    );
}

#[test]
fn one_record_per_changed_row_per_transaction() {
    let t = TestApp::new();
    let coach = trainer(&t, "Coach");
    sign_in(&t.app, &coach);
    enable_capture(t.data_dir(), &coach);
    // One command creating the day and the exercise: one transaction, two rows, two records.
    add_exercise(
        &t.app,
        &coach,
        "2026-03-02",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    let conn = t.sql();
    let per_row: Vec<(String, String, i64)> = conn
        .prepare("SELECT tx_id, row_id, COUNT(*) FROM outbox GROUP BY tx_id, row_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(per_row.len(), 2, "{per_row:?}");
    assert!(per_row.iter().all(|(_, _, n)| *n == 1));
    assert_eq!(per_row[0].0, per_row[1].0, "both in one transaction");
}

#[test]
fn records_are_numbered_per_trainer_scope() {
    // The server checks device_seq per (account, device): a device with two linked trainers
    // numbers each trainer's records 1, 2, 3, … on their own.
    let t = TestApp::new();
    let first = trainer(&t, "First");
    let second = trainer(&t, "Second");
    enable_capture(t.data_dir(), &first);
    enable_capture(t.data_dir(), &second);
    sign_in(&t.app, &first);
    add_exercise(
        &t.app,
        &first,
        "2026-03-02",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    sign_in(&t.app, &second);
    add_exercise(
        &t.app,
        &second,
        "2026-03-02",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    sign_in(&t.app, &first);
    add_exercise(
        &t.app,
        &first,
        "2026-03-03",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );

    let conn = t.sql();
    let numbers = |trainer: &User| -> Vec<(i64, i64)> {
        conn.prepare(
            "SELECT device_seq, scope_seq FROM outbox WHERE trainer_id = ?1 ORDER BY device_seq",
        )
        .unwrap()
        .query_map([trainer.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    // Two records per new day (day + exercise): device-wide 1..6, per scope 1..4 and 1..2.
    assert_eq!(numbers(&first), vec![(1, 1), (2, 2), (5, 3), (6, 4)]);
    assert_eq!(numbers(&second), vec![(3, 1), (4, 2)]);
    let next: Vec<(String, i64)> = conn
        .prepare("SELECT trainer_id, next_device_seq FROM sync_scopes ORDER BY next_device_seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        next,
        vec![(second.id.to_string(), 3), (first.id.to_string(), 5)]
    );
}
