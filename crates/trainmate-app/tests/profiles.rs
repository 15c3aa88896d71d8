//! Profiles, the trainer contact, body metrics (with the original product's bugs 1, 3 and 9),
//! calorie recomputation after weight changes, and settings.

mod common;

use common::*;
use serde_json::json;
use trainmate_api::*;
use uuid::Uuid;

fn member_ref(member: Uuid) -> MemberRef {
    MemberRef { member_id: member }
}

fn metric(member: Uuid, date: &str) -> AddBodyMetricArgs {
    AddBodyMetricArgs {
        member_id: member,
        measured_on: date.into(),
        height_mm: None,
        weight_g: None,
        body_fat_tenths: None,
        skeletal_muscle_g: None,
    }
}

fn update(entry: Uuid, date: &str) -> UpdateBodyMetricArgs {
    UpdateBodyMetricArgs {
        entry_id: entry,
        measured_on: date.into(),
        height_mm: None,
        weight_g: None,
        body_fat_tenths: None,
        skeletal_muscle_g: None,
    }
}

/// A stored entry's columns, read with plain SQL:
/// (member_id, measured_on, height, weight, fat, muscle, created_by, _cl).
type StoredEntry = (
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    i64,
);

fn stored_entry(t: &TestApp, entry: Uuid) -> StoredEntry {
    t.sql()
        .query_row(
            "SELECT member_id, measured_on, height_mm, weight_g, body_fat_tenths,
                    skeletal_muscle_g, created_by, _cl
             FROM body_metrics WHERE id = ?1",
            [id(entry)],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap()
}

/// A studio: trainer Kim with members Lee and Moon, trainer Choi with member Jung, and Park
/// unassigned. Kim is signed in at the end.
struct Studio {
    t: TestApp,
    kim: Uuid,
    lee: Uuid,
    moon: Uuid,
    choi: Uuid,
    jung: Uuid,
    park: Uuid,
}

fn studio() -> Studio {
    let t = TestApp::new();
    let park = t.lone_member("Park", "park@gym.kr");
    let (choi, _) = t.trainer("Choi", "choi@gym.kr");
    let jung = t.add_member("Jung", "jung@gym.kr");
    let (kim, _) = t.trainer("Kim", "kim@gym.kr");
    let lee = t.add_member("Lee", "lee@gym.kr");
    let moon = t.add_member("Moon", "moon@gym.kr");
    Studio {
        t,
        kim,
        lee,
        moon,
        choi,
        jung,
        park,
    }
}

// ---------------------------------------------------------------- profiles

#[test]
fn the_profile_shows_each_metric_from_its_own_latest_entry() {
    let s = studio();
    let t = &s.t;
    let add = |args: AddBodyMetricArgs| t.run::<AddBodyMetric>(args).unwrap().entry_id;
    add(AddBodyMetricArgs {
        height_mm: Some(1_750),
        weight_g: Some(70_000),
        ..metric(s.lee, "2024-01-01")
    });
    add(AddBodyMetricArgs {
        weight_g: Some(72_500),
        body_fat_tenths: Some(185),
        ..metric(s.lee, "2024-03-01")
    });
    add(AddBodyMetricArgs {
        skeletal_muscle_g: Some(31_200),
        ..metric(s.lee, "2024-02-01")
    });
    // Same date: the entry changed last wins.
    t.advance_ms(1_000);
    add(AddBodyMetricArgs {
        body_fat_tenths: Some(190),
        ..metric(s.lee, "2024-03-01")
    });
    // A deleted entry, even the newest, does not count.
    let deleted = add(AddBodyMetricArgs {
        height_mm: Some(1_800),
        weight_g: Some(99_000),
        ..metric(s.lee, "2024-12-31")
    });
    t.run::<DeleteBodyMetric>(EntryRef { entry_id: deleted })
        .unwrap();

    let profile = t.run::<GetProfile>(member_ref(s.lee)).unwrap();
    assert_eq!(
        profile,
        Profile {
            user_id: s.lee,
            user_type: UserType::Member,
            name: "Lee".into(),
            email: "lee@gym.kr".into(),
            phone: None,
            birth_date: None,
            has_photo: false,
            latest: LatestMetrics {
                height_mm: Some(1_750),
                weight_g: Some(72_500),
                body_fat_tenths: Some(190),
                skeletal_muscle_g: Some(31_200),
            },
            completeness: 4,
        }
    );
    // No entries: nothing known.
    let moon = t.run::<GetProfile>(member_ref(s.moon)).unwrap();
    assert_eq!(moon.latest, LatestMetrics::default());
    assert_eq!(moon.completeness, 0);
    // Two of four known.
    add(AddBodyMetricArgs {
        height_mm: Some(1_600),
        weight_g: Some(55_000),
        ..metric(s.moon, "2025-01-01")
    });
    assert_eq!(
        t.run::<GetProfile>(member_ref(s.moon))
            .unwrap()
            .completeness,
        2
    );
    // The trainer's own profile.
    let own = t.run::<GetProfile>(member_ref(s.kim)).unwrap();
    assert_eq!(
        (own.user_type, own.name.as_str(), own.completeness),
        (UserType::Trainer, "Kim", 0)
    );
}

#[test]
fn regression_1_member_cannot_read_another_members_profile_by_id() {
    let s = studio();
    let t = &s.t;
    // Lee has data worth hiding from everyone else.
    t.run::<AddBodyMetric>(AddBodyMetricArgs {
        weight_g: Some(70_000),
        ..metric(s.lee, "2025-06-01")
    })
    .unwrap();
    t.sign_in_consented("moon@gym.kr");
    let missing = Uuid::now_v7();
    // A fellow member, another trainer's member, an unassigned member, another trainer: all
    // answer exactly like an id that does not exist.
    for target in [s.lee, s.jung, s.park, s.choi, missing] {
        assert_err(t.run::<GetProfile>(member_ref(target)), ApiError::NotFound);
        assert_err(
            t.run::<ListBodyMetrics>(member_ref(target)),
            ApiError::NotFound,
        );
        assert_err(
            t.run::<UpdateProfile>(UpdateProfileArgs {
                member_id: target,
                name: "Hacked".into(),
                phone: None,
                birth_date: None,
            }),
            ApiError::NotFound,
        );
        assert_err(
            t.run::<AddBodyMetric>(AddBodyMetricArgs {
                weight_g: Some(1),
                ..metric(target, "not a date")
            }),
            ApiError::NotFound,
        );
    }
    // Not even their own trainer's profile (only the contact).
    assert_err(t.run::<GetProfile>(member_ref(s.kim)), ApiError::NotFound);
    assert_eq!(t.user_column::<String>(s.lee, "name"), "Lee");
    // Their own: yes.
    assert_eq!(
        t.run::<GetProfile>(member_ref(s.moon)).unwrap().user_id,
        s.moon
    );
    // A trainer sees only their own members.
    t.sign_in_consented("kim@gym.kr");
    for target in [s.jung, s.park, s.choi, missing] {
        assert_err(t.run::<GetProfile>(member_ref(target)), ApiError::NotFound);
        assert_err(
            t.run::<ListBodyMetrics>(member_ref(target)),
            ApiError::NotFound,
        );
    }
    assert_eq!(
        t.run::<ListBodyMetrics>(member_ref(s.lee)).unwrap().len(),
        1
    );
    // Signed out: nobody.
    t.sign_out();
    assert_err(
        t.run::<GetProfile>(member_ref(s.lee)),
        ApiError::Unauthenticated,
    );
}

#[test]
fn update_profile_stores_the_normalised_fields() {
    let s = studio();
    let t = &s.t;
    t.advance_ms(42);
    let profile = t
        .run::<UpdateProfile>(UpdateProfileArgs {
            member_id: s.lee,
            name: "  Lee Min-ho ".into(),
            phone: Some(" +82 10-1234-5678 ".into()),
            birth_date: Some("1990-02-28".into()),
        })
        .unwrap();
    assert_eq!(profile.name, "Lee Min-ho");
    assert_eq!(profile.phone.as_deref(), Some("+82 10-1234-5678"));
    assert_eq!(profile.birth_date.as_deref(), Some("1990-02-28"));
    assert_eq!(t.user_column::<String>(s.lee, "name"), "Lee Min-ho");
    assert_eq!(
        t.user_column::<Option<String>>(s.lee, "phone").as_deref(),
        Some("+82 10-1234-5678")
    );
    assert_eq!(
        t.user_column::<Option<String>>(s.lee, "birth_date")
            .as_deref(),
        Some("1990-02-28")
    );
    assert_eq!(t.user_column::<i64>(s.lee, "updated_at"), T0 + 42);
    // The email does not change through the profile.
    assert_eq!(t.user_column::<String>(s.lee, "email"), "lee@gym.kr");
    // Blank phone and birth date clear them.
    t.run::<UpdateProfile>(UpdateProfileArgs {
        member_id: s.lee,
        name: "Lee".into(),
        phone: Some("  ".into()),
        birth_date: Some("".into()),
    })
    .unwrap();
    assert_eq!(t.user_column::<Option<String>>(s.lee, "phone"), None);
    assert_eq!(t.user_column::<Option<String>>(s.lee, "birth_date"), None);
    // A member edits their own profile; a trainer their own.
    t.sign_in_consented("moon@gym.kr");
    t.run::<UpdateProfile>(UpdateProfileArgs {
        member_id: s.moon,
        name: "Moon Ji".into(),
        phone: None,
        birth_date: Some("2000-01-01".into()),
    })
    .unwrap();
    assert_eq!(t.user_column::<String>(s.moon, "name"), "Moon Ji");
    t.sign_in_consented("kim@gym.kr");
    t.run::<UpdateProfile>(UpdateProfileArgs {
        member_id: s.kim,
        name: "Kim Coach".into(),
        phone: None,
        birth_date: None,
    })
    .unwrap();
    assert_eq!(t.user_column::<String>(s.kim, "name"), "Kim Coach");
}

#[test]
fn update_profile_validation() {
    let s = studio();
    let t = &s.t;
    let attempt = |name: &str, phone: Option<&str>, birth: Option<&str>| {
        t.run::<UpdateProfile>(UpdateProfileArgs {
            member_id: s.lee,
            name: name.into(),
            phone: phone.map(Into::into),
            birth_date: birth.map(Into::into),
        })
    };
    let cases = [
        (
            attempt("", Some("12"), Some("1990-02-30")),
            invalid(&[
                ("name", Rule::Required),
                ("phone", Rule::TooShort),
                ("birth_date", Rule::Format),
            ]),
        ),
        (
            attempt("Lee", None, Some("31/12/1990")),
            invalid(&[("birth_date", Rule::Format)]),
        ),
        (
            attempt("Lee", None, Some("2023-02-29")),
            invalid(&[("birth_date", Rule::Format)]),
        ),
        (
            attempt(&"x".repeat(101), Some("phone"), None),
            invalid(&[("name", Rule::TooLong), ("phone", Rule::Format)]),
        ),
    ];
    for (result, expected) in cases {
        assert_err(result, expected);
    }
    assert_eq!(t.user_column::<String>(s.lee, "name"), "Lee");
    assert_eq!(t.user_column::<Option<String>>(s.lee, "birth_date"), None);
    // A leap day that exists is fine.
    attempt("Lee", None, Some("2024-02-29")).unwrap();
}

#[test]
fn a_member_sees_their_trainers_contact_and_nothing_else() {
    let s = studio();
    let t = &s.t;
    t.run::<UpdateProfile>(UpdateProfileArgs {
        member_id: s.kim,
        name: "Kim".into(),
        phone: Some("010-9999-0000".into()),
        birth_date: Some("1985-05-05".into()),
    })
    .unwrap();
    assert_eq!(t.run::<GetMyTrainer>(NoArgs {}).unwrap(), None, "a trainer");
    t.sign_in_consented("lee@gym.kr");
    assert_eq!(
        t.run::<GetMyTrainer>(NoArgs {}).unwrap(),
        Some(Contact {
            user_id: s.kim,
            name: "Kim".into(),
            email: "kim@gym.kr".into(),
            phone: Some("010-9999-0000".into()),
            has_photo: false,
        })
    );
    t.sign_in_consented("park@gym.kr");
    assert_eq!(
        t.run::<GetMyTrainer>(NoArgs {}).unwrap(),
        None,
        "unassigned"
    );
    t.sign_out();
    assert_err(t.run::<GetMyTrainer>(NoArgs {}), ApiError::Unauthenticated);
}

// ---------------------------------------------------------------- body metrics

#[test]
fn body_metrics_are_added_listed_updated_and_deleted_as_tombstones() {
    let s = studio();
    let t = &s.t;
    t.advance_ms(5);
    let first = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            height_mm: Some(1_720),
            weight_g: Some(68_400),
            body_fat_tenths: Some(215),
            skeletal_muscle_g: Some(29_800),
            ..metric(s.lee, "2025-05-01")
        })
        .unwrap();
    assert_eq!(
        first,
        BodyMetricEntry {
            entry_id: first.entry_id,
            member_id: s.lee,
            measured_on: "2025-05-01".into(),
            height_mm: Some(1_720),
            weight_g: Some(68_400),
            body_fat_tenths: Some(215),
            skeletal_muscle_g: Some(29_800),
        }
    );
    assert_eq!(
        stored_entry(t, first.entry_id),
        (
            id(s.lee),
            "2025-05-01".into(),
            Some(1_720),
            Some(68_400),
            Some(215),
            Some(29_800),
            id(s.kim),
            1
        )
    );
    let second = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(67_000),
            ..metric(s.lee, "2025-06-01")
        })
        .unwrap();
    let older = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            height_mm: Some(1_719),
            ..metric(s.lee, "2024-12-24")
        })
        .unwrap();
    // Newest first.
    let listed: Vec<Uuid> = t
        .run::<ListBodyMetrics>(member_ref(s.lee))
        .unwrap()
        .iter()
        .map(|e| e.entry_id)
        .collect();
    assert_eq!(listed, [second.entry_id, first.entry_id, older.entry_id]);

    // Update replaces the date and all four values.
    t.advance_ms(5);
    let updated = t
        .run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
            weight_g: Some(66_500),
            body_fat_tenths: Some(200),
            ..update(second.entry_id, "2025-06-02")
        })
        .unwrap();
    assert_eq!(updated.measured_on, "2025-06-02");
    assert_eq!(
        stored_entry(t, second.entry_id),
        (
            id(s.lee),
            "2025-06-02".into(),
            None,
            Some(66_500),
            Some(200),
            None,
            id(s.kim),
            1
        )
    );
    let updated_at: i64 = t
        .sql()
        .query_row(
            "SELECT updated_at FROM body_metrics WHERE id = ?1",
            [id(second.entry_id)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(updated_at, T0 + 10);

    // Delete is a tombstone: the row stays with an even causal length, every read skips it.
    t.run::<DeleteBodyMetric>(EntryRef {
        entry_id: first.entry_id,
    })
    .unwrap();
    assert_eq!(stored_entry(t, first.entry_id).7, 2);
    let listed: Vec<Uuid> = t
        .run::<ListBodyMetrics>(member_ref(s.lee))
        .unwrap()
        .iter()
        .map(|e| e.entry_id)
        .collect();
    assert_eq!(listed, [second.entry_id, older.entry_id]);
    assert_err(
        t.run::<DeleteBodyMetric>(EntryRef {
            entry_id: first.entry_id,
        }),
        ApiError::NotFound,
    );
    assert_err(
        t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
            weight_g: Some(70_000),
            ..update(first.entry_id, "2025-05-01")
        }),
        ApiError::NotFound,
    );
    assert_eq!(stored_entry(t, first.entry_id).7, 2, "still deleted");
    // The latest values skip the tombstone: body fat 20.0 % from the updated entry, muscle gone.
    let latest = t.run::<GetProfile>(member_ref(s.lee)).unwrap().latest;
    assert_eq!(
        latest,
        LatestMetrics {
            height_mm: Some(1_719),
            weight_g: Some(66_500),
            body_fat_tenths: Some(200),
            skeletal_muscle_g: None,
        }
    );
}

#[test]
fn regression_3_metrics_dialog_saves_to_that_member_not_the_trainer() {
    let s = studio();
    let t = &s.t;
    // Kim is signed in and on Lee's page.
    let entry = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(81_300),
            ..metric(s.lee, "2025-06-15")
        })
        .unwrap();
    assert_eq!(entry.member_id, s.lee);
    let (member_id, _, _, weight, _, _, created_by, _) = stored_entry(t, entry.entry_id);
    assert_eq!(member_id, id(s.lee), "saved to the member");
    assert_eq!(created_by, id(s.kim), "recorded by the trainer");
    assert_eq!(weight, Some(81_300));
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM body_metrics WHERE member_id = ?1",
            [id(s.kim)]
        ),
        0,
        "nothing on the trainer's own profile"
    );
    assert_eq!(
        t.run::<GetProfile>(member_ref(s.kim))
            .unwrap()
            .latest
            .weight_g,
        None
    );
    assert_eq!(
        t.run::<GetProfile>(member_ref(s.lee))
            .unwrap()
            .latest
            .weight_g,
        Some(81_300)
    );
    // Editing it keeps it on the member: the update names no member at all.
    t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
        weight_g: Some(80_000),
        ..update(entry.entry_id, "2025-06-15")
    })
    .unwrap();
    assert_eq!(stored_entry(t, entry.entry_id).0, id(s.lee));
    // The trainer's own metrics go to the trainer.
    let own = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(90_000),
            ..metric(s.kim, "2025-06-15")
        })
        .unwrap();
    assert_eq!(stored_entry(t, own.entry_id).0, id(s.kim));
}

#[test]
fn body_metric_ranges_and_rules() {
    let s = studio();
    let t = &s.t;
    let add = |args: AddBodyMetricArgs| t.run::<AddBodyMetric>(args);
    let on = |date: &str| metric(s.lee, date);
    let cases: Vec<(AddBodyMetricArgs, ApiError)> = vec![
        (
            AddBodyMetricArgs {
                height_mm: Some(499),
                ..on("2025-06-01")
            },
            invalid(&[("height_mm", Rule::Min)]),
        ),
        (
            AddBodyMetricArgs {
                height_mm: Some(2_721),
                ..on("2025-06-01")
            },
            invalid(&[("height_mm", Rule::Max)]),
        ),
        (
            AddBodyMetricArgs {
                weight_g: Some(1_999),
                ..on("2025-06-01")
            },
            invalid(&[("weight_g", Rule::Min)]),
        ),
        (
            AddBodyMetricArgs {
                weight_g: Some(635_001),
                ..on("2025-06-01")
            },
            invalid(&[("weight_g", Rule::Max)]),
        ),
        (
            AddBodyMetricArgs {
                body_fat_tenths: Some(9),
                ..on("2025-06-01")
            },
            invalid(&[("body_fat_tenths", Rule::Min)]),
        ),
        (
            AddBodyMetricArgs {
                body_fat_tenths: Some(751),
                ..on("2025-06-01")
            },
            invalid(&[("body_fat_tenths", Rule::Max)]),
        ),
        (
            AddBodyMetricArgs {
                skeletal_muscle_g: Some(999),
                ..on("2025-06-01")
            },
            invalid(&[("skeletal_muscle_g", Rule::Min)]),
        ),
        (
            // Muscle heavier than the body weight of the same entry.
            AddBodyMetricArgs {
                weight_g: Some(60_000),
                skeletal_muscle_g: Some(60_001),
                ..on("2025-06-01")
            },
            invalid(&[("skeletal_muscle_g", Rule::Max)]),
        ),
        (
            // Without a weight anywhere: bounded by the largest body weight.
            AddBodyMetricArgs {
                skeletal_muscle_g: Some(635_001),
                ..on("2025-06-01")
            },
            invalid(&[("skeletal_muscle_g", Rule::Max)]),
        ),
        (on("2025-06-01"), invalid(&[("values", Rule::Required)])),
        (
            AddBodyMetricArgs {
                weight_g: Some(70_000),
                ..on("")
            },
            invalid(&[("measured_on", Rule::Required)]),
        ),
        (
            AddBodyMetricArgs {
                weight_g: Some(70_000),
                ..on("2025-13-01")
            },
            invalid(&[("measured_on", Rule::Format)]),
        ),
        (
            // Every broken rule at once.
            AddBodyMetricArgs {
                height_mm: Some(0),
                weight_g: Some(-5),
                body_fat_tenths: Some(1_000),
                skeletal_muscle_g: Some(10),
                ..on("yesterday")
            },
            invalid(&[
                ("measured_on", Rule::Format),
                ("height_mm", Rule::Min),
                ("weight_g", Rule::Min),
                ("body_fat_tenths", Rule::Max),
                ("skeletal_muscle_g", Rule::Min),
            ]),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(add(args.clone()).unwrap_err(), expected, "{args:?}");
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM body_metrics", []), 0);

    // The edges are allowed.
    for args in [
        AddBodyMetricArgs {
            height_mm: Some(500),
            weight_g: Some(2_000),
            body_fat_tenths: Some(10),
            skeletal_muscle_g: Some(1_000),
            ..on("2020-01-01")
        },
        AddBodyMetricArgs {
            height_mm: Some(2_720),
            weight_g: Some(635_000),
            body_fat_tenths: Some(750),
            skeletal_muscle_g: Some(635_000),
            ..on("2020-01-02")
        },
    ] {
        add(args).expect("edge values");
    }
}

#[test]
fn skeletal_muscle_without_a_weight_is_bounded_by_the_weight_as_of_that_date() {
    let s = studio();
    let t = &s.t;
    let add = |args: AddBodyMetricArgs| t.run::<AddBodyMetric>(args);
    add(AddBodyMetricArgs {
        weight_g: Some(60_000),
        ..metric(s.lee, "2025-01-01")
    })
    .unwrap();
    let later = add(AddBodyMetricArgs {
        weight_g: Some(80_000),
        ..metric(s.lee, "2025-06-01")
    })
    .unwrap();
    let muscle = |date: &str, grams: i64| {
        add(AddBodyMetricArgs {
            skeletal_muscle_g: Some(grams),
            ..metric(s.lee, date)
        })
    };
    // On 2025-03-01 the latest weight is 60 kg.
    assert_err(
        muscle("2025-03-01", 60_001),
        invalid(&[("skeletal_muscle_g", Rule::Max)]),
    );
    muscle("2025-03-01", 60_000).expect("equal to the weight");
    // On 2025-07-01 it is 80 kg.
    muscle("2025-07-01", 75_000).expect("below 80 kg");
    // Before any weight: the earliest one after (60 kg).
    assert_err(
        muscle("2024-06-01", 65_000),
        invalid(&[("skeletal_muscle_g", Rule::Max)]),
    );
    // An update is not bounded by its own old weight: 80 kg → muscle only, 70 kg; the weight
    // as of 2025-06-01 is then the 60 kg of January.
    assert_err(
        t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
            skeletal_muscle_g: Some(70_000),
            ..update(later.entry_id, "2025-06-01")
        }),
        invalid(&[("skeletal_muscle_g", Rule::Max)]),
    );
    // Another member's weights do not count.
    assert_err(
        add(AddBodyMetricArgs {
            skeletal_muscle_g: Some(635_001),
            ..metric(s.moon, "2025-07-01")
        }),
        invalid(&[("skeletal_muscle_g", Rule::Max)]),
    );
    add(AddBodyMetricArgs {
        skeletal_muscle_g: Some(90_000),
        ..metric(s.moon, "2025-07-01")
    })
    .expect("Moon has no weight: the widest bound");
}

#[test]
fn regression_9_bad_input_is_rejected_not_stored() {
    let s = studio();
    let t = &s.t;
    let lee = id(s.lee);
    let cases = [
        (
            json!({"member_id": lee, "measured_on": "2025-06-01", "weight_g": -70000}),
            invalid(&[("weight_g", Rule::Min)]),
        ),
        (
            json!({"member_id": lee, "measured_on": "2025-06-01", "weight_g": "70"}),
            invalid(&[("weight_g", Rule::Type)]),
        ),
        (
            json!({"member_id": lee, "measured_on": "2025-06-01", "weight_g": 70.5}),
            invalid(&[("weight_g", Rule::Type)]),
        ),
        (
            json!({"member_id": lee, "measured_on": "2025-02-30", "weight_g": 70000}),
            invalid(&[("measured_on", Rule::Format)]),
        ),
        (
            json!({"member_id": lee, "measured_on": 20250601, "weight_g": 70000}),
            invalid(&[("measured_on", Rule::Type)]),
        ),
        (
            json!({"member_id": lee, "weight_g": 70000}),
            invalid(&[("measured_on", Rule::Required)]),
        ),
        (
            json!({"member_id": "lee", "measured_on": "2025-06-01", "weight_g": 70000}),
            invalid(&[("member_id", Rule::Type)]),
        ),
        (
            json!({"member_id": lee, "measured_on": "2025-06-01", "height_mm": 1e300}),
            invalid(&[("height_mm", Rule::Type)]),
        ),
        (
            json!({"member_id": lee, "measured_on": "2025-06-01",
                   "body_fat_tenths": 9_223_372_036_854_775_807_i64}),
            invalid(&[("body_fat_tenths", Rule::Max)]),
        ),
    ];
    for (args, expected) in cases {
        assert_err(t.json::<AddBodyMetric>(args.clone()), expected);
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM body_metrics", []), 0);

    // Updates and profiles reject the same way, and keep what was stored.
    let entry = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(70_000),
            ..metric(s.lee, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    assert_err(
        t.json::<UpdateBodyMetric>(
            json!({"entry_id": id(entry), "measured_on": "2025-06-01", "weight_g": -1}),
        ),
        invalid(&[("weight_g", Rule::Min)]),
    );
    assert_err(
        t.json::<UpdateBodyMetric>(
            json!({"entry_id": id(entry), "measured_on": "01.06.2025", "weight_g": 71000}),
        ),
        invalid(&[("measured_on", Rule::Format)]),
    );
    assert_eq!(stored_entry(t, entry).3, Some(70_000));
    assert_eq!(stored_entry(t, entry).1, "2025-06-01");
    assert_err(
        t.json::<UpdateProfile>(
            json!({"member_id": lee, "name": "Lee", "birth_date": "1990-13-01"}),
        ),
        invalid(&[("birth_date", Rule::Format)]),
    );
    assert_err(
        t.json::<UpdateProfile>(json!({"member_id": lee, "name": ["Lee"]})),
        invalid(&[("name", Rule::Type)]),
    );
    assert_eq!(t.user_column::<Option<String>>(s.lee, "birth_date"), None);
    assert_err(
        t.json::<DeleteBodyMetric>(json!({"entry_id": 7})),
        invalid(&[("entry_id", Rule::Type)]),
    );
}

#[test]
fn metrics_of_someone_elses_member_are_not_found_and_members_manage_their_own() {
    let s = studio();
    let t = &s.t;
    // Choi's member Jung has an entry.
    t.sign_in_consented("choi@gym.kr");
    let jungs = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(70_000),
            ..metric(s.jung, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    t.sign_in_consented("kim@gym.kr");
    let lees = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(65_000),
            ..metric(s.lee, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    let missing = Uuid::now_v7();
    for entry in [jungs, missing] {
        assert_err(
            t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
                weight_g: Some(1),
                ..update(entry, "2025-06-01")
            }),
            ApiError::NotFound,
        );
        assert_err(
            t.run::<DeleteBodyMetric>(EntryRef { entry_id: entry }),
            ApiError::NotFound,
        );
    }
    assert_eq!(stored_entry(t, jungs).3, Some(70_000));
    assert_eq!(stored_entry(t, jungs).7, 1);
    // Lee manages their own entries, including the one the trainer recorded; not Moon's.
    t.sign_in_consented("lee@gym.kr");
    assert_eq!(
        t.run::<ListBodyMetrics>(member_ref(s.lee)).unwrap().len(),
        1
    );
    let own = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            height_mm: Some(1_650),
            ..metric(s.lee, "2025-06-10")
        })
        .unwrap();
    assert_eq!(
        stored_entry(t, own.entry_id).6,
        id(s.lee),
        "recorded by Lee"
    );
    t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
        weight_g: Some(64_000),
        ..update(lees, "2025-06-01")
    })
    .unwrap();
    t.run::<DeleteBodyMetric>(EntryRef { entry_id: lees })
        .unwrap();
    assert_eq!(stored_entry(t, lees).7, 2);
    t.sign_in_consented("kim@gym.kr");
    let moons = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(50_000),
            ..metric(s.moon, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    t.sign_in_consented("lee@gym.kr");
    assert_err(
        t.run::<DeleteBodyMetric>(EntryRef { entry_id: moons }),
        ApiError::NotFound,
    );
    // Signed out.
    t.sign_out();
    assert_err(
        t.run::<DeleteBodyMetric>(EntryRef { entry_id: moons }),
        ApiError::Unauthenticated,
    );
}

#[test]
fn body_metric_changes_are_captured_in_the_members_trainers_scope() {
    let s = studio();
    let t = &s.t;
    trainmate_store::outbox::enable_capture(&t.sql_rw(), &id(s.kim), T0).unwrap();
    let entry = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(70_000),
            body_fat_tenths: Some(150),
            ..metric(s.lee, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    t.advance_ms(1);
    t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
        weight_g: Some(71_000),
        ..update(entry, "2025-06-02")
    })
    .unwrap();
    t.advance_ms(1);
    t.run::<DeleteBodyMetric>(EntryRef { entry_id: entry })
        .unwrap();
    t.run::<UpdateProfile>(UpdateProfileArgs {
        member_id: s.lee,
        name: "Lee Two".into(),
        phone: None,
        birth_date: Some("1999-09-09".into()),
    })
    .unwrap();
    // Choi's scope is not captured: nothing from there.
    t.sign_in_consented("choi@gym.kr");
    t.run::<AddBodyMetric>(AddBodyMetricArgs {
        weight_g: Some(70_000),
        ..metric(s.jung, "2025-06-01")
    })
    .unwrap();

    let records = t.outbox();
    assert_eq!(records.len(), 4, "{records:#?}");
    assert!(records.iter().all(|r| r.trainer_id == id(s.kim)));
    let added = &records[0];
    assert_eq!(
        (
            added.table.as_str(),
            added.row_id.clone(),
            added.op.as_str()
        ),
        ("body_metrics", id(entry), "upsert")
    );
    assert_eq!(
        added.columns,
        json!({
            "member_id": id(s.lee), "measured_on": "2025-06-01", "height_mm": null,
            "weight_g": 70_000, "body_fat_tenths": 150, "skeletal_muscle_g": null,
            "created_by": id(s.kim), "created_at": T0, "updated_at": T0,
        })
    );
    assert_eq!(
        records[1].columns,
        json!({
            "measured_on": "2025-06-02", "height_mm": null, "weight_g": 71_000,
            "body_fat_tenths": null, "skeletal_muscle_g": null, "updated_at": T0 + 1,
        })
    );
    assert_eq!(
        (records[2].op.as_str(), records[2].row_id.clone()),
        ("delete", id(entry))
    );
    assert_eq!(records[2].columns, json!({"_cl": 2, "updated_at": T0 + 2}));
    assert_eq!(
        (records[3].table.as_str(), records[3].row_id.clone()),
        ("users", id(s.lee))
    );
    assert_eq!(
        records[3].columns,
        json!({"name": "Lee Two", "phone": null, "birth_date": "1999-09-09", "updated_at": T0 + 2})
    );
}

// ---------------------------------------------------------------- calories follow body weight

/// Kim logs one weighted push-up set (catalog 9: MET 3.5, reps) for Lee on 2025-06-10 and
/// answers the day's calories as stored in the maintained totals.
fn log_one_set(t: &TestApp, member: Uuid) {
    let day = t
        .json::<AddWorkoutExercise>(json!({
            "member_id": id(member), "date": "2025-06-10", "exercise": {"catalog": 9},
        }))
        .unwrap();
    let workout_exercise = day.exercises[0].workout_exercise_id;
    t.json::<LogSet>(json!({
        "workout_exercise_id": id(workout_exercise), "reps": 10, "weight_g": 10_000,
    }))
    .unwrap();
}

fn day_cal(t: &TestApp, member: Uuid) -> i64 {
    t.count(
        "SELECT cal FROM daily_workout_totals WHERE member_id = ?1 AND workout_date = '2025-06-10'",
        [id(member)],
    )
}

#[test]
fn adding_editing_and_deleting_a_weight_recomputes_the_members_calories() {
    let s = studio();
    let t = &s.t;
    log_one_set(t, s.lee);
    // cal = met_tenths × body_grams × seconds / 36_000, with 90 s per resistance set.
    // No weight: 70 kg → 35 × 70_000 × 90 / 36_000 = 6_125.
    assert_eq!(day_cal(t, s.lee), 6_125);
    let entry = t
        .run::<AddBodyMetric>(AddBodyMetricArgs {
            weight_g: Some(80_000),
            ..metric(s.lee, "2025-06-01")
        })
        .unwrap()
        .entry_id;
    // 35 × 80_000 × 90 / 36_000 = 7_000.
    assert_eq!(day_cal(t, s.lee), 7_000);
    t.run::<UpdateBodyMetric>(UpdateBodyMetricArgs {
        weight_g: Some(60_000),
        ..update(entry, "2025-06-01")
    })
    .unwrap();
    // 35 × 60_000 × 90 / 36_000 = 5_250.
    assert_eq!(day_cal(t, s.lee), 5_250);
    // An entry without a weight changes nothing.
    t.run::<AddBodyMetric>(AddBodyMetricArgs {
        height_mm: Some(1_700),
        ..metric(s.lee, "2025-06-05")
    })
    .unwrap();
    assert_eq!(day_cal(t, s.lee), 5_250);
    t.run::<DeleteBodyMetric>(EntryRef { entry_id: entry })
        .unwrap();
    assert_eq!(day_cal(t, s.lee), 6_125);
}

// ---------------------------------------------------------------- settings

#[test]
fn settings_default_then_persist_per_user_across_restarts() {
    let t = TestApp::new();
    assert_err(t.run::<GetSettings>(NoArgs {}), ApiError::Unauthenticated);
    assert_err(
        t.run::<UpdateSettings>(Settings::default()),
        ApiError::Unauthenticated,
    );
    let (kim, _) = t.trainer("Kim", "kim@gym.kr");
    assert_eq!(
        t.run::<GetSettings>(NoArgs {}).unwrap(),
        Settings {
            language: Language::Ko,
            units: WeightUnits::Kg,
            theme: Theme::Light,
        }
    );
    let chosen = Settings {
        language: Language::En,
        units: WeightUnits::Lb,
        theme: Theme::Dark,
    };
    assert_eq!(t.run::<UpdateSettings>(chosen).unwrap(), chosen);
    let stored: (String, String, String) = t
        .sql()
        .query_row(
            "SELECT language, units, theme FROM user_settings WHERE user_id = ?1",
            [id(kim)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(stored, ("en".into(), "lb".into(), "dark".into()));
    // Someone else still has the defaults.
    t.lone_member("Lee", "lee@gym.kr");
    assert_eq!(
        t.run::<GetSettings>(NoArgs {}).unwrap(),
        Settings::default()
    );
    let t = t.restart();
    t.sign_in_consented("kim@gym.kr");
    assert_eq!(t.run::<GetSettings>(NoArgs {}).unwrap(), chosen);
    // Changing one setting keeps the row single.
    let light = Settings {
        theme: Theme::Light,
        ..chosen
    };
    t.run::<UpdateSettings>(light).unwrap();
    assert_eq!(t.run::<GetSettings>(NoArgs {}).unwrap(), light);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM user_settings WHERE user_id = ?1",
            [id(kim)]
        ),
        1
    );
    // Unknown codes on the wire are typed errors.
    assert_err(
        t.json::<UpdateSettings>(json!({"language": "fr", "units": "kg", "theme": "light"})),
        invalid(&[("language", Rule::Type)]),
    );
    assert_err(
        t.json::<UpdateSettings>(json!({"language": "ko", "units": "kg"})),
        invalid(&[("theme", Rule::Required)]),
    );
    assert_eq!(t.run::<GetSettings>(NoArgs {}).unwrap(), light);
}
