//! The device half of sync.md's tests against the real server on 127.0.0.1 with real SQLite
//! files: linking, a fresh second device, convergence, conflicts, and a set logged while a page
//! is applied.

mod common;

use common::*;
use trainmate_api::*;
use trainmate_sync::{Client, SyncError};

async fn sync(device: &Device, coach: &User) -> trainmate_sync::Round {
    device
        .engine
        .sync_scope(coach.id)
        .await
        .expect("sync round")
}

fn reps_of(device: &Device, set: &str) -> i64 {
    device
        .sql()
        .query_row("SELECT reps FROM exercise_sets WHERE id = ?1", [set], |r| {
            r.get(0)
        })
        .unwrap()
}

fn set_ids(device: &Device) -> Vec<String> {
    device
        .sql()
        .prepare("SELECT id FROM exercise_sets WHERE _cl % 2 = 1 ORDER BY logged_at, id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linking_pushes_the_scope_and_a_fresh_device_ends_equal() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, _) = studio(&a);
    // Before linking nothing is captured.
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    link(&a, &server, &coach, true).await;
    // The snapshot: trainer, member, day, exercise, three sets.
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 7);
    let round = sync(&a, &coach).await;
    assert_eq!(round.pushed, 7);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM outbox"),
        0,
        "all acknowledged"
    );

    let b = Device::new("phone");
    let trainer_id = b
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .expect("fresh device signs in");
    assert_eq!(trainer_id, coach.id, "the same trainer, not a second copy");
    assert_eq!(a.dump(), b.dump(), "the fresh device equals the first");
    assert_totals_match(&b.sql());
    // The trainer and the member sign in on the fresh device with their passwords.
    sign_in(&b.app, &coach);
    let day = day_view(&b.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 3);
    assert_eq!(day.totals.reps, 27);
    assert_eq!(day.totals.volume_g, 27 * 20_000);
    sign_in(&b.app, &member);
    // Capture is on for the fresh device: its edits reach the first device.
    sign_in(&b.app, &coach);
    let we = day.exercises[0].workout_exercise_id;
    log(&b.app, we, fields(Some(7), Some(22_500), None));
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox WHERE table_name = 'exercise_sets'"),
        1
    );
    sync(&b, &coach).await;
    sync(&a, &coach).await;
    assert_eq!(a.dump(), b.dump());
    assert_totals_match(&a.sql());
    let day = day_view(&a.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 4);
    assert_eq!(day.totals.volume_g, 27 * 20_000 + 7 * 22_500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_work_on_two_devices_merges_and_conflicts_are_kept_and_restorable() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    sync(&a, &coach).await;
    let b = fresh_device(&server, &coach, "phone").await;
    sign_in(&b.app, &coach);
    let sets = set_ids(&a);
    assert_eq!(sets, set_ids(&b));

    // Offline on both: different fields of the first set, the same field of the second, a new
    // set on each (two sets, never merged), and a deletion on B.
    let update = |app: &trainmate_app::App, set: &str, f: SetFields| {
        app.update_set(UpdateSetArgs {
            set_id: set.parse().unwrap(),
            fields: f,
        })
        .expect("update set")
    };
    update(&a.app, &sets[0], fields(Some(12), Some(20_000), None));
    update(&b.app, &sets[0], fields(Some(10), Some(25_000), None));
    a.clock.advance_ms(1_000);
    update(&a.app, &sets[1], fields(Some(5), Some(20_000), None));
    b.clock.advance_ms(2_000);
    update(&b.app, &sets[1], fields(Some(6), Some(20_000), None));
    log(&a.app, we, fields(Some(1), Some(10_000), None));
    log(&b.app, we, fields(Some(2), Some(10_000), None));
    b.app
        .delete_set(SetRef {
            set_id: sets[2].parse().unwrap(),
        })
        .unwrap();

    sync(&a, &coach).await;
    sync(&b, &coach).await;
    sync(&a, &coach).await;
    for device in [&a, &b] {
        assert_eq!(device.app.sync_rejected(coach.id).unwrap(), vec![]);
        assert_eq!(device.count("SELECT COUNT(*) FROM outbox"), 0);
        assert_eq!(device.count("SELECT COUNT(*) FROM sync_inbox"), 0);
    }
    assert_eq!(a.dump(), b.dump(), "converged");
    assert_totals_match(&a.sql());
    assert_totals_match(&b.sql());
    // Different fields merge: A's reps and B's weight.
    let (reps, weight): (i64, i64) = a
        .sql()
        .query_row(
            "SELECT reps, weight_g FROM exercise_sets WHERE id = ?1",
            [&sets[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((reps, weight), (12, 25_000));
    // Two new sets, the deleted one gone: 3 − 1 + 2.
    let day = day_view(&a.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 4);
    // The same field: one value kept, the other in conflicts on both devices.
    let kept = reps_of(&a, &sets[1]);
    assert!(kept == 5 || kept == 6, "{kept}");
    let lost = 11 - kept;
    for device in [&a, &b] {
        let conflicts = device.app.sync_open_conflicts(coach.id).unwrap();
        let reps_conflict = conflicts
            .iter()
            .find(|c| c.row_id == sets[1] && c.column == "reps")
            .unwrap_or_else(|| panic!("the reps conflict is reported: {conflicts:?}"));
        assert_eq!(reps_conflict.kept, kept.to_string());
        assert_eq!(reps_conflict.lost, lost.to_string());
    }

    // Restoring the lost value on B is a new edit that reaches A.
    let conflict = b
        .app
        .sync_open_conflicts(coach.id)
        .unwrap()
        .into_iter()
        .find(|c| c.row_id == sets[1] && c.column == "reps")
        .unwrap();
    b.app.sync_restore_conflict(coach.id, conflict.id).unwrap();
    assert_eq!(reps_of(&b, &sets[1]), lost);
    assert_totals_match(&b.sql());
    assert!(b
        .app
        .sync_open_conflicts(coach.id)
        .unwrap()
        .iter()
        .all(|c| c.id != conflict.id));
    sync(&b, &coach).await;
    sync(&a, &coach).await;
    assert_eq!(reps_of(&a, &sets[1]), lost);
    assert_eq!(a.dump(), b.dump());
    assert_totals_match(&a.sql());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_edit_between_fetching_and_applying_a_page_is_kept() {
    // sync.md test 5's ordering: the page is fetched, then a set is logged and another edited
    // locally, then the page is applied. Checked by order, not time.
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    sync(&a, &coach).await;
    let b = fresh_device(&server, &coach, "phone").await;
    sign_in(&b.app, &coach);
    let sets = set_ids(&a);
    // B edits the first set's weight and syncs: the server's next page carries that row.
    b.app
        .update_set(UpdateSetArgs {
            set_id: sets[0].parse().unwrap(),
            fields: fields(Some(10), Some(30_000), None),
        })
        .unwrap();
    sync(&b, &coach).await;

    // A fetches the page by hand ...
    let scope = a.app.sync_scope(coach.id).unwrap().unwrap();
    let client = Client::new(&server.base).unwrap();
    let tokens = client
        .sign_in(&trainmate_api::sync::SignInRequest {
            email: coach.email.clone(),
            password: PASSWORD.to_owned(),
            device_id: a.app.device_id().unwrap(),
            device_name: "tablet".to_owned(),
        })
        .await
        .unwrap();
    let page = client
        .pull(&tokens.access_token, scope.cursor, 100)
        .await
        .unwrap();
    assert!(page.rows.iter().any(|r| r.row_id.to_string() == sets[0]));
    // ... logs a set and edits the same row's reps while the page is in flight ...
    let logged = log(&a.app, we, fields(Some(4), Some(15_000), None));
    a.app
        .update_set(UpdateSetArgs {
            set_id: sets[0].parse().unwrap(),
            fields: fields(Some(11), Some(20_000), None),
        })
        .unwrap();
    // ... and applies it.
    a.app
        .sync_apply_page(coach.id, scope.cursor, &page)
        .expect("applies");
    let new_set = logged.set.expect("the logged set").set_id.to_string();
    assert!(
        set_ids(&a).contains(&new_set),
        "the set logged meanwhile is kept"
    );
    assert_eq!(
        reps_of(&a, &sets[0]),
        11,
        "the pending local edit stays on top"
    );
    assert_totals_match(&a.sql());
    // Both reach the server and B.
    let page_again = a.app.sync_apply_page(coach.id, scope.cursor, &page);
    assert!(
        matches!(page_again, Err(ApiError::Conflict { .. })),
        "a page asked with an old cursor is not applied twice"
    );
    sync(&a, &coach).await;
    sync(&b, &coach).await;
    assert!(set_ids(&b).contains(&new_set));
    assert_eq!(a.dump(), b.dump());
    let day = day_view(&b.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 4);
    let _ = SyncError::Local;
}

/// A page that changes one exercise of a day recomputes only that exercise; the day's totals
/// still count every exercise (worked by hand: 3 sets of push-ups 10 + 9 + 8 at 20 kg, and flyes
/// 5 + 5 at 12.5 kg, then a third fly of 6).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_touching_one_exercise_keeps_the_days_other_exercises_in_its_totals() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, push_ups) = studio(&a);
    let flyes = add_exercise(
        &a.app,
        &member,
        "2026-03-02",
        ExerciseRef::Catalog(DUMBBELL_FLY),
    );
    for reps in [5, 5] {
        log(&a.app, flyes, fields(Some(reps), Some(12_500), None));
    }
    link(&a, &server, &coach, true).await;
    sync(&a, &coach).await;
    let b = fresh_device(&server, &coach, "phone").await;

    log(&a.app, flyes, fields(Some(6), Some(12_500), None));
    sync(&a, &coach).await;
    let round = sync(&b, &coach).await;
    assert_eq!(round.pulled, 1, "one set, nothing else");
    assert_totals_match(&b.sql());
    sign_in(&b.app, &coach);
    let day = day_view(&b.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 6);
    assert_eq!(day.totals.reps, 27 + 16);
    assert_eq!(day.totals.volume_g, 27 * 20_000 + 16 * 12_500);
    let totals = |we: uuid::Uuid| {
        let exercise = day
            .exercises
            .iter()
            .find(|e| e.workout_exercise_id == we)
            .expect("on the day");
        (exercise.totals.sets, exercise.totals.reps)
    };
    assert_eq!(totals(push_ups), (3, 27));
    assert_eq!(totals(flyes), (3, 16));
}
