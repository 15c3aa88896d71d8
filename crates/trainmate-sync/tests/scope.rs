//! Members joining and leaving a trainer's scope across two devices (sync.md "Shape", test 9):
//! assigning an unassigned member with earlier history brings that history to the trainer's
//! second device; releasing a member hides them there (nothing deleted, on either side).
//!
//! Oracles: row counts in plain SQL per member, hand-worked totals, and the two devices' dumps.

mod common;

use common::*;
use trainmate_api::*;

async fn sync(device: &Device, coach: &User) {
    device
        .engine
        .sync_scope(coach.id)
        .await
        .expect("sync round");
}

/// Rows of `member`'s history on `device`: (body metrics, days, workout exercises, sets).
fn history(device: &Device, member: &User) -> (i64, i64, i64, i64) {
    let id = member.id.to_string();
    let conn = device.sql();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [&id], |r| r.get(0)).unwrap() };
    (
        count("SELECT COUNT(*) FROM body_metrics WHERE member_id = ?1 AND _cl % 2 = 1"),
        count("SELECT COUNT(*) FROM daily_workouts WHERE member_id = ?1 AND _cl % 2 = 1"),
        count("SELECT COUNT(*) FROM workout_exercises WHERE member_id = ?1 AND _cl % 2 = 1"),
        count(
            "SELECT COUNT(*) FROM exercise_sets s JOIN workout_exercises w \
             ON w.id = s.workout_exercise_id WHERE w.member_id = ?1 AND s._cl % 2 = 1",
        ),
    )
}

fn member_ids(device: &Device) -> Vec<uuid::Uuid> {
    device
        .app
        .list_members(NoArgs {})
        .expect("list members")
        .into_iter()
        .filter(|m| !m.is_self)
        .map(|m| m.member_id)
        .collect()
}

/// A member who signs up alone on `device` and logs their own history there: two body-metric
/// entries, two days of push-ups (10 + 8 reps at 20 kg, then 12 reps at 22.5 kg).
fn unassigned_with_history(device: &Device, name: &str) -> User {
    let email = format!("{}@example.com", name.to_lowercase());
    let reply = device
        .app
        .sign_up(SignUpArgs {
            accept_terms: true,
            accept_privacy: true,
            accept_marketing: false,
            user_type: UserType::Member,
            name: name.to_owned(),
            email: email.clone(),
            password: PASSWORD.to_owned(),
            password_confirmation: PASSWORD.to_owned(),
        })
        .expect("a member signs up alone");
    let member = User {
        id: reply.me.user_id,
        email,
    };
    sign_in(&device.app, &member);
    for (day, weight) in [("2026-02-20", 70_000), ("2026-02-27", 69_500)] {
        device
            .app
            .add_body_metric(AddBodyMetricArgs {
                member_id: member.id,
                measured_on: day.to_owned(),
                height_mm: Some(1_750),
                weight_g: Some(weight),
                body_fat_tenths: None,
                skeletal_muscle_g: None,
            })
            .expect("own body metric");
    }
    let we = add_exercise(
        &device.app,
        &member,
        "2026-02-20",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    log(&device.app, we, fields(Some(10), Some(20_000), None));
    log(&device.app, we, fields(Some(8), Some(20_000), None));
    let we = add_exercise(
        &device.app,
        &member,
        "2026-02-27",
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    log(&device.app, we, fields(Some(12), Some(22_500), None));
    device.app.sign_out(NoArgs {}).expect("sign out");
    member
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assigning_a_member_brings_their_earlier_history_to_the_second_device() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let jun = unassigned_with_history(&a, "Jun");
    assert_eq!(history(&a, &jun), (2, 2, 2, 3));
    let (coach, _mina, _) = studio(&a);
    link(&a, &server, &coach, true).await;
    sync(&a, &coach).await;
    let b = fresh_device(&server, &coach, "phone").await;
    // Unassigned: Jun's data stayed on the first device.
    assert_eq!(history(&b, &jun), (0, 0, 0, 0));
    assert_eq!(
        b.count(&format!(
            "SELECT COUNT(*) FROM users WHERE id = '{}'",
            jun.id
        )),
        0
    );

    // The coach assigns Jun on the first device; the second device syncs.
    sign_in(&a.app, &coach);
    let found = a
        .app
        .search_unassigned(SearchArgs {
            query: "jun".to_owned(),
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    a.app
        .assign_member(MemberRef { member_id: jun.id })
        .expect("assign");
    sync(&a, &coach).await;
    sync(&b, &coach).await;
    assert_eq!(history(&b, &jun), (2, 2, 2, 3), "the earlier history came");
    assert_eq!(a.dump(), b.dump(), "the devices are equal");
    assert_totals_match(&b.sql());
    sign_in(&b.app, &coach);
    assert!(member_ids(&b).contains(&jun.id));
    let first = day_view(&b.app, &jun, "2026-02-20");
    assert_eq!(first.totals.sets, 2);
    assert_eq!(first.totals.reps, 18);
    assert_eq!(first.totals.volume_g, 18 * 20_000);
    let second = day_view(&b.app, &jun, "2026-02-27");
    assert_eq!(second.totals.volume_g, 12 * 22_500);
    let weights: Vec<i64> = b
        .sql()
        .prepare("SELECT weight_g FROM body_metrics WHERE member_id = ?1 ORDER BY measured_on")
        .unwrap()
        .query_map([jun.id.to_string()], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(weights, vec![70_000, 69_500]);
    // Jun signs in on the second device with their own password.
    sign_in(&b.app, &jun);

    // A change after the assignment travels the other way as well.
    sign_in(&b.app, &coach);
    let we = second.exercises[0].workout_exercise_id;
    log(&b.app, we, fields(Some(11), Some(22_500), None));
    sync(&b, &coach).await;
    sync(&a, &coach).await;
    assert_eq!(history(&a, &jun), (2, 2, 2, 4));
    assert_eq!(a.dump(), b.dump());
    assert_totals_match(&a.sql());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_a_member_hides_them_on_the_second_device_and_deletes_nothing() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, mina, _) = studio(&a);
    let juno = member_in(&a.app, &coach, "Juno");
    link(&a, &server, &coach, true).await;
    sync(&a, &coach).await;
    let b = fresh_device(&server, &coach, "phone").await;
    sign_in(&b.app, &coach);
    let mut listed = member_ids(&b);
    listed.sort();
    let mut both = vec![mina.id, juno.id];
    both.sort();
    assert_eq!(listed, both);

    // The second device logs a set for Mina while the first releases her (neither has seen
    // the other's change).
    let we = day_view(&b.app, &mina, "2026-03-02").exercises[0].workout_exercise_id;
    log(&b.app, we, fields(Some(5), Some(20_000), None));
    // Released on the first device.
    a.app
        .release_member(MemberRef { member_id: mina.id })
        .expect("release");
    assert_eq!(member_ids(&a), vec![juno.id]);
    sync(&a, &coach).await;
    let version = b.app.sync_status(NoArgs {}).unwrap().pulled_version;
    sync(&b, &coach).await;
    assert!(
        b.app.sync_status(NoArgs {}).unwrap().pulled_version > version,
        "the status tells the screens to ask again"
    );
    assert_eq!(member_ids(&b), vec![juno.id], "gone from the list");
    assert_eq!(
        day_view_error(&b, &mina),
        ApiError::NotFound,
        "not the trainer's data any more"
    );
    // Unassigned on the second device, and nothing deleted on either.
    let trainer_of: Option<String> = b
        .sql()
        .query_row(
            "SELECT trainer_id FROM users WHERE id = ?1 AND _cl % 2 = 1",
            [mina.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trainer_of, None);
    // The set logged before the release was seen is kept, on both devices.
    assert_eq!(history(&b, &mina), (0, 1, 1, 4));
    sync(&a, &coach).await;
    assert_eq!(history(&a, &mina), (0, 1, 1, 4));
    assert_eq!(a.dump(), b.dump());
    assert_totals_match(&a.sql());
    let found = b
        .app
        .search_unassigned(SearchArgs {
            query: "mina".to_owned(),
        })
        .unwrap();
    assert_eq!(
        found.len(),
        1,
        "the coach finds Mina among unassigned members"
    );
    // Mina still signs in on the second device (her account is hers).
    sign_in(&b.app, &mina);

    // Assigned again on the second device: back on both, history included.
    sign_in(&b.app, &coach);
    b.app
        .assign_member(MemberRef { member_id: mina.id })
        .expect("assign again");
    sync(&b, &coach).await;
    sync(&a, &coach).await;
    let mut listed = member_ids(&a);
    listed.sort();
    assert_eq!(listed, both);
    assert_eq!(day_view(&a.app, &mina, "2026-03-02").totals.reps, 27 + 5);
    assert_eq!(a.dump(), b.dump());
    assert_eq!(a.count("SELECT COUNT(*) FROM sync_rejected"), 0);
    assert_eq!(b.count("SELECT COUNT(*) FROM sync_rejected"), 0);
}

fn day_view_error(device: &Device, member: &User) -> ApiError {
    device
        .app
        .get_day(DayRef {
            member_id: member.id,
            date: "2026-03-02".to_owned(),
        })
        .expect_err("refused")
}
