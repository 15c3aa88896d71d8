//! A trainer's members: add, search unassigned, assign, release, list, reset a password.

mod common;

use common::*;
use rusqlite::params;
use serde_json::json;
use trainmate_api::*;
use uuid::Uuid;

fn member_ref(member: Uuid) -> MemberRef {
    MemberRef { member_id: member }
}

/// A member row made with plain SQL (no password: cannot sign in), for bulk arrangements.
fn insert_member(t: &TestApp, name: &str, email: &str, trainer: Option<Uuid>) -> Uuid {
    let member = Uuid::now_v7();
    t.sql_rw()
        .execute(
            "INSERT INTO users (id, user_type, name, email, email_key, trainer_id, created_at,
                 updated_at)
             VALUES (?1, 'member', ?2, ?3, lower(?3), ?4, 0, 0)",
            params![id(member), name, email, trainer.map(id)],
        )
        .unwrap();
    member
}

// ---------------------------------------------------------------- add

#[test]
fn a_trainer_adds_a_member_who_can_sign_in_and_then_gives_consent() {
    let t = TestApp::new();
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    t.advance_ms(10);
    let summary = t
        .run::<AddMember>(AddMemberArgs {
            name: " 이 회원 ".into(),
            email: " Lee@Gym.kr ".into(),
            phone: Some(" 010-1234-5678 ".into()),
            password: Some(PASSWORD.into()),
            password_confirmation: Some(PASSWORD.into()),
        })
        .unwrap();
    let member = summary.member_id;
    assert_eq!(
        summary,
        MemberSummary {
            member_id: member,
            user_type: UserType::Member,
            name: "이 회원".into(),
            email: "Lee@Gym.kr".into(),
            phone: Some("010-1234-5678".into()),
            has_photo: false,
            last_session: None,
            is_self: false,
        }
    );
    assert_eq!(
        t.user_column::<Option<String>>(member, "trainer_id"),
        Some(id(trainer))
    );
    assert_eq!(t.user_column::<String>(member, "email_key"), "lee@gym.kr");
    assert_eq!(t.user_column::<String>(member, "user_type"), "member");
    assert_eq!(t.user_column::<i64>(member, "created_at"), T0 + 10);
    for consent in [
        "terms_consent_at",
        "privacy_consent_at",
        "marketing_consent_at",
    ] {
        assert_eq!(t.user_column::<Option<i64>>(member, consent), None);
    }
    assert_eq!(
        t.user_column::<Option<String>>(member, "recovery_code_hash"),
        None
    );
    assert!(t
        .user_column::<String>(member, "password_hash")
        .starts_with("$argon2id$"));
    t.sign_out();
    let me = t.sign_in("lee@gym.kr");
    assert_eq!(me.user_id, member);
    assert!(me.needs_consent);
}

#[test]
fn a_member_added_without_a_password_cannot_sign_in() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    let member = t
        .run::<AddMember>(AddMemberArgs {
            name: "Park".into(),
            email: "park@gym.kr".into(),
            phone: None,
            password: None,
            password_confirmation: Some(String::new()),
        })
        .unwrap()
        .member_id;
    assert_eq!(
        t.user_column::<Option<String>>(member, "password_hash"),
        None
    );
    assert_eq!(t.user_column::<Option<String>>(member, "phone"), None);
    t.sign_out();
    assert_err(
        t.sign_in_with("park@gym.kr", PASSWORD),
        ApiError::WrongCredentials,
    );
    assert_err(
        t.sign_in_with("park@gym.kr", ""),
        invalid(&[("password", Rule::Required)]),
    );
}

#[test]
fn add_member_validation() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    let args =
        |name: &str, email: &str, phone: Option<&str>, pw: Option<&str>, conf: Option<&str>| {
            AddMemberArgs {
                name: name.into(),
                email: email.into(),
                phone: phone.map(Into::into),
                password: pw.map(Into::into),
                password_confirmation: conf.map(Into::into),
            }
        };
    let cases = [
        (
            args("", "bad", Some("phone"), Some("weak"), None),
            invalid(&[
                ("name", Rule::Required),
                ("email", Rule::Format),
                ("phone", Rule::Format),
                ("password", Rule::TooShort),
                ("password_confirmation", Rule::Required),
            ]),
        ),
        (
            args("Lee", "lee@gym.kr", Some("12-34"), None, None),
            invalid(&[("phone", Rule::TooShort)]),
        ),
        (
            args(
                "Lee",
                "lee@gym.kr",
                Some("+1 234 567 890 123 456 789 01"),
                None,
                None,
            ),
            invalid(&[("phone", Rule::TooLong)]),
        ),
        (
            args("Lee", "lee@gym.kr", Some("010+1234+5678"), None, None),
            invalid(&[("phone", Rule::Format)]),
        ),
        (
            // A confirmation without a password: the password is missing (and differs).
            args("Lee", "lee@gym.kr", None, None, Some(PASSWORD)),
            invalid(&[
                ("password", Rule::Required),
                ("password_confirmation", Rule::Mismatch),
            ]),
        ),
        (
            args(
                "Lee",
                "lee@gym.kr",
                None,
                Some(PASSWORD),
                Some("Correct horse 2!"),
            ),
            invalid(&[("password_confirmation", Rule::Mismatch)]),
        ),
        (
            args(
                "Lee",
                "lee@gym.kr",
                None,
                Some("nodigits!!!"),
                Some("nodigits!!!"),
            ),
            invalid(&[("password", Rule::Weak)]),
        ),
        (
            // The trainer's own email is taken (case-insensitively).
            args("Lee", "KIM@gym.kr", None, None, None),
            invalid(&[("email", Rule::Taken)]),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(
            t.run::<AddMember>(args.clone()).unwrap_err(),
            expected,
            "{args:?}"
        );
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 1);
}

#[test]
fn only_a_signed_in_trainer_adds_members() {
    let t = TestApp::new();
    let args = AddMemberArgs {
        name: "Lee".into(),
        email: "lee@gym.kr".into(),
        phone: None,
        password: None,
        password_confirmation: None,
    };
    assert_err(t.run::<AddMember>(args.clone()), ApiError::Unauthenticated);
    t.lone_member("Park", "park@gym.kr");
    assert_err(t.run::<AddMember>(args), ApiError::Forbidden);
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 1);
}

// ---------------------------------------------------------------- search

#[test]
fn search_finds_unassigned_members_by_name_or_email_ignoring_case() {
    let t = TestApp::new();
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    let minsu = insert_member(&t, "김민수", "Minsu.Kim@Mail.kr", None);
    let elodie = insert_member(&t, "Élodie Martin", "elodie@example.fr", None);
    let bob = insert_member(&t, "Bob", "BOB@Example.com", None);
    // Not found: a member assigned to this trainer, another trainer, a deleted member.
    insert_member(&t, "Kim Assigned", "assigned@mail.kr", Some(trainer));
    t.sql_rw()
        .execute(
            "INSERT INTO users (id, user_type, name, email, email_key, created_at, updated_at)
             VALUES (?1, 'trainer', 'Kim Other Trainer', 'other@mail.kr', 'other@mail.kr', 0, 0)",
            [Uuid::now_v7().to_string()],
        )
        .unwrap();
    let deleted = insert_member(&t, "Kim Deleted", "deleted@mail.kr", None);
    t.sql_rw()
        .execute("UPDATE users SET _cl = 2 WHERE id = ?1", [id(deleted)])
        .unwrap();

    let search = |query: &str| -> Vec<UnassignedMember> {
        t.run::<SearchUnassigned>(SearchArgs {
            query: query.into(),
        })
        .unwrap()
    };
    let found = |members: &[(Uuid, &str, &str)]| -> Vec<UnassignedMember> {
        members
            .iter()
            .map(|(member, name, email)| UnassignedMember {
                member_id: *member,
                name: (*name).into(),
                email: (*email).into(),
            })
            .collect()
    };
    assert_eq!(
        search("KIM"),
        found(&[(minsu, "김민수", "Minsu.Kim@Mail.kr")])
    );
    assert_eq!(
        search(" 민수 "),
        found(&[(minsu, "김민수", "Minsu.Kim@Mail.kr")])
    );
    assert_eq!(
        search("ÉLODIE"),
        found(&[(elodie, "Élodie Martin", "elodie@example.fr")])
    );
    // By name order: Bob, then Élodie.
    assert_eq!(
        search("example"),
        found(&[
            (bob, "Bob", "BOB@Example.com"),
            (elodie, "Élodie Martin", "elodie@example.fr"),
        ])
    );
    assert_eq!(search(""), vec![]);
    assert_eq!(search("   "), vec![]);
    assert_eq!(search("nobody"), vec![]);
    // `%` and `_` are plain characters, not patterns.
    assert_eq!(search("%"), vec![]);
    assert_eq!(search("_"), vec![]);
}

#[test]
fn search_answers_at_most_fifty_members() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    for i in 0..55 {
        insert_member(
            &t,
            &format!("Member {i:02}"),
            &format!("m{i:02}@gym.kr"),
            None,
        );
    }
    let found = t
        .run::<SearchUnassigned>(SearchArgs {
            query: "member".into(),
        })
        .unwrap();
    assert_eq!(found.len(), 50);
    assert_eq!(found[0].name, "Member 00");
    assert_eq!(found[49].name, "Member 49");
}

#[test]
fn members_may_not_search() {
    let t = TestApp::new();
    assert_err(
        t.run::<SearchUnassigned>(SearchArgs { query: "a".into() }),
        ApiError::Unauthenticated,
    );
    t.lone_member("Park", "park@gym.kr");
    assert_err(
        t.run::<SearchUnassigned>(SearchArgs { query: "a".into() }),
        ApiError::Forbidden,
    );
}

// ---------------------------------------------------------------- assign and release

#[test]
fn a_trainer_assigns_an_unassigned_member_and_releases_them_without_deleting_anything() {
    let t = TestApp::new();
    let member = t.lone_member("Lee", "lee@gym.kr");
    t.run::<AddBodyMetric>(AddBodyMetricArgs {
        member_id: member,
        measured_on: "2025-06-01".into(),
        height_mm: None,
        weight_g: Some(70_000),
        body_fat_tenths: None,
        skeletal_muscle_g: None,
    })
    .unwrap();
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    t.advance_ms(100);
    let summary = t.run::<AssignMember>(member_ref(member)).unwrap();
    assert_eq!(
        summary,
        MemberSummary {
            member_id: member,
            user_type: UserType::Member,
            name: "Lee".into(),
            email: "lee@gym.kr".into(),
            phone: None,
            has_photo: false,
            last_session: None,
            is_self: false,
        }
    );
    assert_eq!(
        t.user_column::<Option<String>>(member, "trainer_id"),
        Some(id(trainer))
    );
    assert_eq!(t.user_column::<i64>(member, "updated_at"), T0 + 100);
    // Assigned now: no longer in the search; assigning again is not found.
    assert_eq!(
        t.run::<SearchUnassigned>(SearchArgs {
            query: "lee".into()
        })
        .unwrap(),
        vec![]
    );
    assert_err(
        t.run::<AssignMember>(member_ref(member)),
        ApiError::NotFound,
    );
    // The trainer now sees the member's data.
    assert_eq!(
        t.run::<ListBodyMetrics>(member_ref(member)).unwrap().len(),
        1
    );

    t.run::<ReleaseMember>(member_ref(member)).unwrap();
    assert_eq!(t.user_column::<Option<String>>(member, "trainer_id"), None);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM users WHERE id = ?1 AND _cl = 1",
            [id(member)]
        ),
        1
    );
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM body_metrics WHERE member_id = ?1 AND _cl = 1",
            [id(member)]
        ),
        1,
        "nothing is deleted"
    );
    assert_err(
        t.run::<ReleaseMember>(member_ref(member)),
        ApiError::NotFound,
    );
    assert_err(
        t.run::<ListBodyMetrics>(member_ref(member)),
        ApiError::NotFound,
    );
    // Findable and assignable again.
    assert_eq!(
        t.run::<SearchUnassigned>(SearchArgs {
            query: "lee".into()
        })
        .unwrap()
        .len(),
        1
    );
    t.run::<AssignMember>(member_ref(member)).unwrap();
}

#[test]
fn assign_and_release_answer_not_found_for_anyone_else() {
    let t = TestApp::new();
    let (other_trainer, _) = t.trainer("Choi", "choi@gym.kr");
    let others_member = t.add_member("Jung", "jung@gym.kr");
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    let mine = t.add_member("Lee", "lee@gym.kr");
    let unassigned = insert_member(&t, "Park", "park@gym.kr", None);
    let missing = Uuid::now_v7();
    for target in [other_trainer, others_member, trainer, mine, missing] {
        assert_err(
            t.run::<AssignMember>(member_ref(target)),
            ApiError::NotFound,
        );
    }
    for target in [other_trainer, others_member, trainer, unassigned, missing] {
        assert_err(
            t.run::<ReleaseMember>(member_ref(target)),
            ApiError::NotFound,
        );
    }
    // Nothing changed.
    assert_eq!(
        t.user_column::<Option<String>>(others_member, "trainer_id"),
        Some(id(other_trainer))
    );
    assert_eq!(
        t.user_column::<Option<String>>(unassigned, "trainer_id"),
        None
    );
    // Members may not call either: role-level, so `forbidden`.
    t.sign_in_consented("lee@gym.kr");
    assert_err(
        t.run::<AssignMember>(member_ref(unassigned)),
        ApiError::Forbidden,
    );
    assert_err(
        t.run::<ReleaseMember>(member_ref(mine)),
        ApiError::Forbidden,
    );
}

// ---------------------------------------------------------------- list

/// A day of `member` on `date` with `sets` sets in the maintained totals (plain SQL).
fn insert_day(t: &TestApp, member: Uuid, date: &str, sets: i64) {
    let conn = t.sql_rw();
    let workout = Uuid::now_v7().to_string();
    conn.execute(
        "INSERT INTO daily_workouts (id, member_id, workout_date, recorded_by, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?2, 0, 0)",
        params![workout, id(member), date],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO daily_workout_totals (workout_id, member_id, workout_date, exercises, sets,
             reps, volume_g, duration_s, cal, estimated_sets)
         VALUES (?1, ?2, ?3, 1, ?4, 0, 0, 0, 0, 0)",
        params![workout, id(member), date, sets],
    )
    .unwrap();
}

#[test]
fn the_member_list_shows_the_trainer_first_then_their_members_by_name() {
    let t = TestApp::new();
    let (other, _) = t.trainer("Choi", "choi@gym.kr");
    t.add_member("Another's member", "x@gym.kr");
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    let yoon = t.add_member("윤", "yoon@gym.kr");
    let ahn = t.add_member("안", "ahn@gym.kr");
    let bob = t.add_member("Bob", "bob@gym.kr");
    let released = t.add_member("Released", "released@gym.kr");
    t.run::<ReleaseMember>(member_ref(released)).unwrap();
    insert_member(&t, "Unassigned", "u@gym.kr", None);
    insert_day(&t, ahn, "2025-06-01", 4);
    insert_day(&t, ahn, "2025-06-10", 2);
    // An empty day is not a session.
    insert_day(&t, ahn, "2025-06-12", 0);
    insert_day(&t, trainer, "2025-05-30", 1);
    insert_day(&t, other, "2025-06-14", 3);

    let list = t.run::<ListMembers>(NoArgs {}).unwrap();
    let rows: Vec<(Uuid, &str, Option<&str>, bool, UserType)> = list
        .iter()
        .map(|m| {
            (
                m.member_id,
                m.name.as_str(),
                m.last_session.as_deref(),
                m.is_self,
                m.user_type,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (trainer, "Kim", Some("2025-05-30"), true, UserType::Trainer),
            (bob, "Bob", None, false, UserType::Member),
            (ahn, "안", Some("2025-06-10"), false, UserType::Member),
            (yoon, "윤", None, false, UserType::Member),
        ]
    );
    assert_eq!(list[1].email, "bob@gym.kr");

    t.sign_in_consented("bob@gym.kr");
    assert_err(t.run::<ListMembers>(NoArgs {}), ApiError::Forbidden);
    t.sign_out();
    assert_err(t.run::<ListMembers>(NoArgs {}), ApiError::Unauthenticated);
}

// ---------------------------------------------------------------- reset a member's password

#[test]
fn a_trainer_resets_an_assigned_members_password() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    let member = t.add_member("Lee", "lee@gym.kr");
    let before: String = t.user_column(member, "password_hash");
    t.run::<ResetMemberPassword>(ResetMemberPasswordArgs {
        member_id: member,
        password: NEW_PASSWORD.into(),
        password_confirmation: NEW_PASSWORD.into(),
    })
    .unwrap();
    assert_ne!(t.user_column::<String>(member, "password_hash"), before);
    assert_err(
        t.sign_in_with("lee@gym.kr", PASSWORD),
        ApiError::WrongCredentials,
    );
    t.sign_in_with("lee@gym.kr", NEW_PASSWORD)
        .expect("the new password");
}

#[test]
fn reset_member_password_refusals_and_validation() {
    let t = TestApp::new();
    t.trainer("Choi", "choi@gym.kr");
    let others_member = t.add_member("Jung", "jung@gym.kr");
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    let mine = t.add_member("Lee", "lee@gym.kr");
    let unassigned = insert_member(&t, "Park", "park@gym.kr", None);
    let reset = |member: Uuid, password: &str, confirmation: &str| {
        t.run::<ResetMemberPassword>(ResetMemberPasswordArgs {
            member_id: member,
            password: password.into(),
            password_confirmation: confirmation.into(),
        })
    };
    // Not theirs: not found, whatever the password.
    for target in [others_member, unassigned, trainer, Uuid::now_v7()] {
        assert_err(
            reset(target, NEW_PASSWORD, NEW_PASSWORD),
            ApiError::NotFound,
        );
        assert_err(reset(target, "weak", ""), ApiError::NotFound);
    }
    assert_err(
        reset(mine, "weakpassword1", "weakpassword1"),
        invalid(&[("password", Rule::Weak)]),
    );
    assert_err(
        reset(mine, NEW_PASSWORD, ""),
        invalid(&[("password_confirmation", Rule::Required)]),
    );
    let jung_hash: String = t.user_column(others_member, "password_hash");
    assert!(jung_hash.starts_with("$argon2id$"));
    t.sign_in_consented("lee@gym.kr");
    assert_err(reset(mine, NEW_PASSWORD, NEW_PASSWORD), ApiError::Forbidden);
    // Malformed ids are typed errors too.
    assert_err(
        t.json::<ResetMemberPassword>(json!({
            "member_id": "42", "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD,
        })),
        invalid(&[("member_id", Rule::Type)]),
    );
}

// ---------------------------------------------------------------- capture

#[test]
fn assigning_snapshots_the_member_into_the_trainers_scope_and_releasing_is_recorded() {
    let t = TestApp::new();
    let member = t.lone_member("Lee", "lee@gym.kr");
    let entry = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            member_id: member,
            measured_on: "2025-06-01".into(),
            height_mm: Some(1_700),
            weight_g: Some(70_000),
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .unwrap()
        .entry_id;
    // Before joining anyone, the member logged a workout of their own.
    let day = t
        .run::<AddWorkoutExercise>(AddWorkoutExerciseArgs {
            member_id: member,
            date: "2025-06-02".into(),
            exercise: ExerciseRef::Catalog(7),
        })
        .unwrap();
    let workout_exercise = day.exercises[0].workout_exercise_id;
    let set = t
        .run::<LogSet>(LogSetArgs {
            workout_exercise_id: workout_exercise,
            fields: SetFields {
                reps: Some(12),
                ..SetFields::default()
            },
        })
        .unwrap()
        .set
        .unwrap()
        .set_id;
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    trainmate_store::outbox::enable_capture(&t.sql_rw(), &id(trainer), T0).unwrap();
    assert_eq!(
        t.outbox().len(),
        0,
        "an unassigned member's data stays local"
    );

    t.run::<AssignMember>(member_ref(member)).unwrap();
    let records = t.outbox();
    assert_eq!(records.len(), 5, "{records:#?}");
    assert!(records
        .iter()
        .all(|r| r.trainer_id == id(trainer) && r.op == "upsert"));
    assert_eq!(
        (records[0].table.as_str(), records[0].row_id.clone()),
        ("users", id(member))
    );
    assert_eq!(records[0].columns["trainer_id"], json!(id(trainer)));
    assert_eq!(records[0].columns["email"], json!("lee@gym.kr"));
    assert!(records[0].columns.get("recovery_code_hash").is_none());
    assert_eq!(
        (records[1].table.as_str(), records[1].row_id.clone()),
        ("body_metrics", id(entry))
    );
    assert_eq!(records[1].columns["weight_g"], json!(70_000));
    assert_eq!(records[1].columns["height_mm"], json!(1_700));
    assert_eq!(records[1].columns["member_id"], json!(id(member)));
    // Their workout history joins the scope too, parents before children.
    let workout_id = day.workout_id.unwrap();
    assert_eq!(
        records[2..]
            .iter()
            .map(|r| (r.table.as_str(), r.row_id.clone()))
            .collect::<Vec<_>>(),
        vec![
            ("daily_workouts", id(workout_id)),
            ("workout_exercises", id(workout_exercise)),
            ("exercise_sets", id(set)),
        ]
    );
    assert_eq!(records[4].columns["reps"], json!(12));
    // All in one transaction.
    let tx_ids = t.count("SELECT COUNT(DISTINCT tx_id) FROM outbox", []);
    assert_eq!(tx_ids, 1);

    t.run::<ReleaseMember>(member_ref(member)).unwrap();
    let records = t.outbox();
    assert_eq!(records.len(), 6);
    let release = &records[5];
    assert_eq!(
        (
            release.trainer_id.as_str(),
            release.table.as_str(),
            release.op.as_str()
        ),
        (id(trainer).as_str(), "users", "upsert")
    );
    assert_eq!(release.row_id, id(member));
    assert_eq!(
        release.columns,
        json!({"trainer_id": null, "updated_at": t.now()})
    );
}
