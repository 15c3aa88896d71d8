//! Every workout and catalog command: success paths, each validation error (field and rule),
//! authorization spot checks, calories with hand-worked figures, and the original product's
//! faults (domain.md "Things the original product did wrong": 2, 4, 5, 6 elsewhere, 7, 9).
//!
//! Oracles are literals worked by hand (the arithmetic is in the comments), plain SQL on the
//! database file, or the independent recomputation in `support`.

mod support;

use serde_json::json;
use support::*;
use trainmate_api::*;
use trainmate_app::App;
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures, SetType};
use uuid::Uuid;

const DATE: &str = "2026-03-02";

/// A trainer (signed in) with one assigned member.
struct Studio {
    t: TestApp,
    trainer: User,
    member: User,
}

fn studio() -> Studio {
    let t = TestApp::new();
    let trainer = trainer(&t, "Trainer");
    let member = member_of(&t, &trainer, "Member");
    sign_in(&t.app, &trainer);
    Studio { t, trainer, member }
}

impl Studio {
    fn app(&self) -> &App {
        &self.t.app
    }
    fn count(&self, sql: &str) -> i64 {
        self.t.sql().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn catalog(id: u32) -> ExerciseRef {
    ExerciseRef::Catalog(id)
}

/// The fields and rules of an `invalid` answer.
fn invalid_fields(error: ApiError) -> Vec<(String, Rule)> {
    match error {
        ApiError::Invalid { fields } => fields.into_iter().map(|f| (f.field, f.rule)).collect(),
        other => panic!("expected invalid, got {other:?}"),
    }
}

fn one(field: &str, rule: Rule) -> Vec<(String, Rule)> {
    vec![(field.to_owned(), rule)]
}

/// Adds a body-weight entry through the app (the signed-in trainer, for their member).
fn weight_entry(s: &Studio, member: &User, date: &str, grams: i64) -> Uuid {
    s.app()
        .add_body_metric(AddBodyMetricArgs {
            member_id: member.id,
            measured_on: date.to_owned(),
            height_mm: None,
            weight_g: Some(grams),
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .expect("add body metric")
        .entry_id
}

// ---------------------------------------------------------------------------------------------
// Days and workout exercises

#[test]
fn get_day_of_a_date_without_a_workout_is_empty() {
    let s = studio();
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.member_id, s.member.id);
    assert_eq!(day.date, DATE);
    assert_eq!(day.workout_id, None);
    assert!(day.exercises.is_empty());
    assert_eq!(day.totals, TotalsView::default());
    assert_eq!(
        s.count("SELECT COUNT(*) FROM daily_workouts"),
        0,
        "a read creates nothing"
    );
}

#[test]
fn get_day_rejects_a_bad_date_an_unknown_member_and_a_signed_out_caller() {
    let s = studio();
    let bad = |date: &str| {
        s.app()
            .get_day(DayRef {
                member_id: s.member.id,
                date: date.to_owned(),
            })
            .unwrap_err()
    };
    for date in [
        "2026-02-30",
        "2026-13-01",
        "2026-3-2",
        "yesterday",
        "2026-03-02T00:00",
    ] {
        assert_eq!(
            invalid_fields(bad(date)),
            one("date", Rule::Format),
            "{date:?}"
        );
    }
    assert_eq!(invalid_fields(bad("")), one("date", Rule::Required));
    let unknown = s.app().get_day(DayRef {
        member_id: Uuid::now_v7(),
        date: DATE.into(),
    });
    assert_eq!(unknown.unwrap_err(), ApiError::NotFound);
    s.app().sign_out(NoArgs {}).unwrap();
    let signed_out = s.app().get_day(DayRef {
        member_id: s.member.id,
        date: DATE.into(),
    });
    assert_eq!(signed_out.unwrap_err(), ApiError::Unauthenticated);
}

#[test]
fn add_workout_exercise_creates_the_day_and_appends_in_order() {
    let s = studio();
    let day = s
        .app()
        .add_workout_exercise(AddWorkoutExerciseArgs {
            member_id: s.member.id,
            date: DATE.into(),
            exercise: catalog(BARBELL_SQUAT),
        })
        .unwrap();
    assert!(day.workout_id.is_some());
    assert_eq!(day.exercises.len(), 1);
    let first = &day.exercises[0];
    assert_eq!(first.exercise.exercise, catalog(BARBELL_SQUAT));
    assert_eq!(first.exercise.name_ko, "바벨 스쿼트");
    assert_eq!(first.exercise.measures, Measures::Reps);
    assert_eq!(first.exercise.met_tenths, 50);
    assert_eq!(first.intensity, Intensity::ExerciseDefault);
    assert!(first.sets.is_empty());
    assert_eq!(first.totals, TotalsView::default());
    let day = s
        .app()
        .add_workout_exercise(AddWorkoutExerciseArgs {
            member_id: s.member.id,
            date: DATE.into(),
            exercise: catalog(PUSH_UP),
        })
        .unwrap();
    let order: Vec<_> = day.exercises.iter().map(|e| e.exercise.exercise).collect();
    assert_eq!(order, vec![catalog(BARBELL_SQUAT), catalog(PUSH_UP)]);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM daily_workouts"),
        1,
        "one day per member and date"
    );
    let (member, date): (String, String) =
        s.t.sql()
            .query_row(
                "SELECT member_id, workout_date FROM daily_workouts",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
    assert_eq!((member, date), (s.member.id.to_string(), DATE.to_owned()));
}

#[test]
fn add_workout_exercise_rejects_bad_dates_and_unknown_exercises() {
    let s = studio();
    let add = |date: &str, exercise| {
        s.app().add_workout_exercise(AddWorkoutExerciseArgs {
            member_id: s.member.id,
            date: date.to_owned(),
            exercise,
        })
    };
    assert_eq!(
        invalid_fields(add("2026-02-30", catalog(PUSH_UP)).unwrap_err()),
        one("date", Rule::Format)
    );
    // 8 and 9999 are not catalog ids? 8 is (rotation push-up); 651+ are not; 0 is not.
    for id in [0, 651, 9_999] {
        assert_eq!(
            add(DATE, catalog(id)).unwrap_err(),
            ApiError::NotFound,
            "{id}"
        );
    }
    assert_eq!(
        add(DATE, ExerciseRef::Custom(Uuid::now_v7())).unwrap_err(),
        ApiError::NotFound
    );
    let wrong_shape = s
        .app()
        .dispatch(
            "add_workout_exercise",
            json!({"member_id": s.member.id, "date": DATE, "exercise": {"catalog": "nine"}}),
        )
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&wrong_shape, ApiError::Invalid { fields } if fields[0].field.starts_with("exercise")),
        "{wrong_shape:?}"
    );
    assert_eq!(s.count("SELECT COUNT(*) FROM daily_workouts"), 0);
    assert_eq!(s.count("SELECT COUNT(*) FROM workout_exercises"), 0);
}

#[test]
fn regression_5_same_exercise_twice_is_two_entries() {
    let s = studio();
    let first = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let second = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    assert_ne!(first, second);
    log(s.app(), first, fields(Some(10), Some(10_000), None));
    log(s.app(), second, fields(Some(8), Some(12_000), None));
    log(s.app(), second, fields(Some(8), Some(12_000), None));
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.exercises.len(), 2);
    assert_eq!(day.exercises[0].sets.len(), 1);
    assert_eq!(day.exercises[1].sets.len(), 2);
    // 10 × 10 kg = 100_000 g; 2 × 8 × 12 kg = 192_000 g.
    assert_eq!(day.exercises[0].totals.volume_g, 100_000);
    assert_eq!(day.exercises[1].totals.volume_g, 192_000);
    assert_eq!(day.totals.volume_g, 292_000);
    assert_eq!(day.totals.sets, 3);
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM workout_exercises WHERE catalog_exercise_id = {DUMBBELL_FLY}"
        )),
        2
    );
    assert_totals_match(&s.t.sql());
}

// ---------------------------------------------------------------------------------------------
// Sets: values, ranges, validation

#[test]
fn log_set_keeps_every_field_and_answers_the_totals() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let change = s
        .app()
        .log_set(LogSetArgs {
            workout_exercise_id: we,
            fields: SetFields {
                reps: Some(12),
                weight_g: Some(17_500),
                duration_s: Some(45),
                distance_m: Some(3),
                set_type: SetType::WarmUp,
                notes: "  slow negatives \n".into(),
            },
        })
        .unwrap();
    let set = change.set.unwrap();
    assert_eq!(set.number, 1);
    assert_eq!(set.reps, Some(12));
    assert_eq!(set.weight_g, Some(17_500));
    assert_eq!(set.duration_s, Some(45));
    assert_eq!(set.distance_m, Some(3));
    assert_eq!(set.set_type, SetType::WarmUp);
    assert_eq!(set.notes, "slow negatives", "notes are trimmed");
    assert_eq!(set.recorded_by, s.trainer.id);
    assert!(set.editable);
    assert!(set.logged_at > 1_700_000_000_000, "UTC ms when saved");
    assert_eq!(change.workout_exercise_id, we);
    // 12 × 17.5 kg = 210_000 g; MET 3.5, 70 kg (default), max(45, 90) = 90 s → 6_125 cal.
    let expected = TotalsView {
        sets: 1,
        reps: 12,
        volume_g: 210_000,
        duration_s: 45,
        cal: 6_125,
        estimated: true,
    };
    assert_eq!(change.exercise_totals, expected);
    assert_eq!(change.day_totals, expected);
    let row: (i64, i64, i64, i64, String, String, String) =
        s.t.sql()
            .query_row(
                "SELECT reps, weight_g, duration_s, distance_m, set_type, notes, recorded_by
             FROM exercise_sets",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap();
    assert_eq!(
        row,
        (
            12,
            17_500,
            45,
            3,
            "warm_up".into(),
            "slow negatives".into(),
            s.trainer.id.to_string()
        )
    );
}

#[test]
fn a_set_may_leave_every_number_out() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(PUSH_UP));
    let change = log(s.app(), we, SetFields::default());
    let set = change.set.unwrap();
    assert_eq!(
        (set.reps, set.weight_g, set.duration_s, set.distance_m),
        (None, None, None, None)
    );
    assert_eq!(
        set.set_type,
        SetType::Working,
        "working is the default type"
    );
    // MET 3.0 × 70 kg × 90 s: 30 × 70_000 × 90 / 36_000 = 5_250 cal.
    assert_eq!(change.exercise_totals.cal, 5_250);
    assert_eq!(change.exercise_totals.sets, 1);
    assert_eq!(change.exercise_totals.reps, 0);
}

#[test]
fn set_numbers_accept_both_ends_of_each_range() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let cases = [
        (Some(0), Some(0), Some(0), Some(0)),
        (Some(1_000), Some(1_000_000), Some(86_400), Some(1_000_000)),
    ];
    for (reps, weight_g, duration_s, distance_m) in cases {
        let set = s
            .app()
            .log_set(LogSetArgs {
                workout_exercise_id: we,
                fields: SetFields {
                    reps,
                    weight_g,
                    duration_s,
                    distance_m,
                    ..SetFields::default()
                },
            })
            .unwrap()
            .set
            .unwrap();
        let as_u32 = |v: Option<i64>| v.map(|v| v as u32);
        assert_eq!(
            (set.reps, set.weight_g, set.duration_s, set.distance_m),
            (
                as_u32(reps),
                as_u32(weight_g),
                as_u32(duration_s),
                as_u32(distance_m)
            )
        );
    }
    // 1_000 reps × 1_000_000 g = 1e9 g of volume, exactly.
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.totals.volume_g, 1_000_000_000);
    assert_eq!(day.totals.duration_s, 86_400);
    assert_totals_match(&s.t.sql());
}

#[test]
fn each_out_of_range_field_is_named_with_its_rule() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let try_log = |f: SetFields| {
        s.app()
            .log_set(LogSetArgs {
                workout_exercise_id: we,
                fields: f,
            })
            .unwrap_err()
    };
    let with = |reps, weight_g, duration_s, distance_m| SetFields {
        reps,
        weight_g,
        duration_s,
        distance_m,
        ..SetFields::default()
    };
    let cases: Vec<(SetFields, Vec<(String, Rule)>)> = vec![
        (with(Some(-1), None, None, None), one("reps", Rule::Min)),
        (with(Some(1_001), None, None, None), one("reps", Rule::Max)),
        (
            with(None, Some(-500), None, None),
            one("weight_g", Rule::Min),
        ),
        (
            with(None, Some(1_000_001), None, None),
            one("weight_g", Rule::Max),
        ),
        (
            with(None, None, Some(-1), None),
            one("duration_s", Rule::Min),
        ),
        (
            with(None, None, Some(86_401), None),
            one("duration_s", Rule::Max),
        ),
        (
            with(None, None, None, Some(-1)),
            one("distance_m", Rule::Min),
        ),
        (
            with(None, None, None, Some(1_000_001)),
            one("distance_m", Rule::Max),
        ),
        (
            SetFields {
                notes: "x".repeat(1_001),
                ..SetFields::default()
            },
            one("notes", Rule::TooLong),
        ),
        (
            with(Some(-3), Some(2_000_000), Some(-9), Some(i64::MAX)),
            vec![
                ("reps".into(), Rule::Min),
                ("weight_g".into(), Rule::Max),
                ("duration_s".into(), Rule::Min),
                ("distance_m".into(), Rule::Max),
            ],
        ),
    ];
    for (f, expected) in cases {
        let mut got = invalid_fields(try_log(f.clone()));
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let mut expected = expected;
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, expected, "{f:?}");
    }
    // 1_000 characters (multi-byte ones too) are allowed.
    let notes = "가".repeat(1_000);
    let set = log(
        s.app(),
        we,
        SetFields {
            notes: notes.clone(),
            ..SetFields::default()
        },
    );
    assert_eq!(set.set.unwrap().notes, notes);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM exercise_sets"),
        1,
        "only the valid set"
    );
}

#[test]
fn regression_7_weights_and_reps_beyond_the_old_limits_are_kept() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    // The original product allowed whole kg 1–100 and at most 30 reps.
    let sets = [
        (5, 250_000),  // 250 kg
        (100, 60_000), // 100 reps
        (8, 42_500),   // 42.5 kg: a 0.5 kg step
        (12, 0),       // bodyweight (0 g)
        (31, 100_500), // 31 reps of 100.5 kg
    ];
    for (reps, weight) in sets {
        log(s.app(), we, fields(Some(reps), Some(weight), None));
    }
    let day = day_view(s.app(), &s.member, DATE);
    let kept: Vec<_> = day.exercises[0]
        .sets
        .iter()
        .map(|s| (s.reps.unwrap() as i64, s.weight_g.unwrap() as i64))
        .collect();
    assert_eq!(kept, sets.to_vec());
    let stored: Vec<(i64, i64)> =
        s.t.sql()
            .prepare("SELECT reps, weight_g FROM exercise_sets ORDER BY order_key")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(stored, sets.to_vec());
    // Volume: 5×250_000 + 100×60_000 + 8×42_500 + 12×0 + 31×100_500
    //       = 1_250_000 + 6_000_000 + 340_000 + 0 + 3_115_500 = 10_705_500 g.
    assert_eq!(day.totals.volume_g, 10_705_500);
    // Reps: 5 + 100 + 8 + 12 + 31 = 156.
    assert_eq!(day.totals.reps, 156);
}

#[test]
fn regression_9_bad_input_is_rejected_and_nothing_is_stored() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    let app = s.app();
    // Negative reps (typed and through JSON).
    let negative = app
        .dispatch(
            "log_set",
            json!({"workout_exercise_id": we, "reps": -5, "weight_g": 60000}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(negative), one("reps", Rule::Min));
    // A string for a weight.
    let string_weight = app
        .dispatch(
            "log_set",
            json!({"workout_exercise_id": we, "reps": 5, "weight_g": "60kg"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(string_weight), one("weight_g", Rule::Type));
    let fractional = app
        .call::<LogSet>(Some(json!({"workout_exercise_id": we, "reps": 5.5})))
        .unwrap_err();
    assert_eq!(invalid_fields(fractional), one("reps", Rule::Type));
    let bad_type = app
        .call::<LogSet>(Some(
            json!({"workout_exercise_id": we, "set_type": "giant"}),
        ))
        .unwrap_err();
    assert_eq!(invalid_fields(bad_type), one("set_type", Rule::Type));
    // The set arguments keep their flat wire shape.
    let args = LogSetArgs {
        workout_exercise_id: we,
        fields: fields(Some(5), Some(42_500), None),
    };
    let wire = serde_json::to_value(&args).unwrap();
    assert_eq!(wire["weight_g"], json!(42_500));
    assert_eq!(serde_json::from_value::<LogSetArgs>(wire).unwrap(), args);
    let missing = app.call::<LogSet>(Some(json!({"reps": 5}))).unwrap_err();
    assert_eq!(
        invalid_fields(missing),
        one("workout_exercise_id", Rule::Required)
    );
    // A bad date.
    for command in ["add_workout_exercise", "get_day"] {
        let bad_date = app
            .dispatch(
                command,
                json!({"member_id": s.member.id, "date": "2026-02-30", "exercise": {"catalog": 7}}),
            )
            .unwrap()
            .unwrap_err();
        assert_eq!(
            invalid_fields(bad_date),
            one("date", Rule::Format),
            "{command}"
        );
    }
    // An update with bad values leaves the set as it was.
    let set = log(app, we, fields(Some(5), Some(60_000), None))
        .set
        .unwrap();
    let bad_update = app
        .dispatch(
            "update_set",
            json!({"set_id": set.set_id, "reps": -1, "weight_g": 1}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad_update), one("reps", Rule::Min));
    let bad_update = app
        .dispatch(
            "update_set",
            json!({"set_id": set.set_id, "reps": 3, "weight_g": "heavy"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad_update), one("weight_g", Rule::Type));

    let conn = s.t.sql();
    let stored: Vec<(i64, i64)> = conn
        .prepare("SELECT reps, weight_g FROM exercise_sets")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stored,
        vec![(5, 60_000)],
        "only the one valid set, unchanged"
    );
    assert_eq!(
        s.count("SELECT COUNT(*) FROM daily_workouts WHERE workout_date <> '2026-03-02'"),
        0
    );
    assert_eq!(s.count("SELECT COUNT(*) FROM workout_exercises"), 1);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM exercise_sets WHERE reps < 0 OR weight_g < 0"),
        0
    );
    assert_totals_match(&conn);
}

#[test]
fn update_set_rewrites_values_and_totals() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let first = log(s.app(), we, fields(Some(10), Some(10_000), None))
        .set
        .unwrap();
    log(s.app(), we, fields(Some(10), Some(10_000), None));
    let change = s
        .app()
        .update_set(UpdateSetArgs {
            set_id: first.set_id,
            fields: SetFields {
                reps: Some(12),
                weight_g: Some(12_500),
                duration_s: Some(120),
                distance_m: None,
                set_type: SetType::Failure,
                notes: "grip".into(),
            },
        })
        .unwrap();
    let set = change.set.unwrap();
    assert_eq!(set.set_id, first.set_id);
    assert_eq!(set.number, 1, "the number does not change");
    assert_eq!(
        (set.reps, set.weight_g, set.duration_s),
        (Some(12), Some(12_500), Some(120))
    );
    assert_eq!(set.set_type, SetType::Failure);
    assert_eq!(set.notes, "grip");
    assert_eq!(
        set.logged_at, first.logged_at,
        "logged_at is when it was first saved"
    );
    // Volume: 12 × 12_500 + 10 × 10_000 = 150_000 + 100_000 = 250_000 g.
    assert_eq!(change.exercise_totals.volume_g, 250_000);
    assert_eq!(change.exercise_totals.reps, 22);
    // Cal: 35 × 70_000 × 120 / 36_000 = 8_166.67 → 8_167; plus 6_125 for the 90 s set = 14_292.
    assert_eq!(change.exercise_totals.cal, 14_292);
    assert_eq!(change.day_totals, change.exercise_totals);

    let missing = s.app().update_set(UpdateSetArgs {
        set_id: Uuid::now_v7(),
        fields: SetFields::default(),
    });
    assert_eq!(missing.unwrap_err(), ApiError::NotFound);
    let invalid = s.app().update_set(UpdateSetArgs {
        set_id: first.set_id,
        fields: fields(None, None, Some(86_401)),
    });
    assert_eq!(
        invalid_fields(invalid.unwrap_err()),
        one("duration_s", Rule::Max)
    );
    assert_totals_match(&s.t.sql());
}

#[test]
fn delete_set_hides_it_and_renumbers_the_rest() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let ids: Vec<Uuid> = (1..=3)
        .map(|i| {
            log(s.app(), we, fields(Some(i), Some(10_000), None))
                .set
                .unwrap()
                .set_id
        })
        .collect();
    let change = s.app().delete_set(SetRef { set_id: ids[1] }).unwrap();
    assert_eq!(change.set, None);
    // Left: 1 × 10 kg + 3 × 10 kg = 40_000 g; 2 sets × 6_125 cal.
    assert_eq!(change.exercise_totals.sets, 2);
    assert_eq!(change.exercise_totals.volume_g, 40_000);
    assert_eq!(change.exercise_totals.cal, 12_250);
    let day = day_view(s.app(), &s.member, DATE);
    let numbered: Vec<_> = day.exercises[0]
        .sets
        .iter()
        .map(|s| (s.number, s.set_id))
        .collect();
    assert_eq!(numbered, vec![(1, ids[0]), (2, ids[2])]);
    // A tombstone, not a deleted row.
    assert_eq!(s.count("SELECT COUNT(*) FROM exercise_sets"), 3);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM exercise_sets WHERE _cl % 2 = 0"),
        1
    );
    // Again, or an update of the deleted set: not found.
    assert_eq!(
        s.app().delete_set(SetRef { set_id: ids[1] }).unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        s.app()
            .update_set(UpdateSetArgs {
                set_id: ids[1],
                fields: SetFields::default()
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    // Deleting the last sets is allowed; the exercise stays with zero totals.
    s.app().delete_set(SetRef { set_id: ids[0] }).unwrap();
    let last = s.app().delete_set(SetRef { set_id: ids[2] }).unwrap();
    assert_eq!(last.exercise_totals, TotalsView::default());
    assert_eq!(last.day_totals, TotalsView::default());
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.exercises.len(), 1);
    assert!(day.exercises[0].sets.is_empty());
    assert_totals_match(&s.t.sql());
}

#[test]
fn a_new_set_after_deletions_gets_the_next_number() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let a = log(s.app(), we, fields(Some(1), None, None)).set.unwrap();
    let b = log(s.app(), we, fields(Some(2), None, None)).set.unwrap();
    s.app().delete_set(SetRef { set_id: b.set_id }).unwrap();
    let c = log(s.app(), we, fields(Some(3), None, None)).set.unwrap();
    assert_eq!((a.number, b.number, c.number), (1, 2, 2));
    let day = day_view(s.app(), &s.member, DATE);
    let reps: Vec<_> = day.exercises[0].sets.iter().map(|s| s.reps).collect();
    assert_eq!(reps, vec![Some(1), Some(3)]);
}

#[test]
fn move_set_reorders_and_numbers_follow() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let ids: Vec<Uuid> = (1..=4)
        .map(|i| {
            log(s.app(), we, fields(Some(i), None, None))
                .set
                .unwrap()
                .set_id
        })
        .collect();
    let reps_in_order = |day: &Day| -> Vec<u32> {
        day.exercises[0]
            .sets
            .iter()
            .map(|s| s.reps.unwrap())
            .collect()
    };
    let numbers =
        |day: &Day| -> Vec<u32> { day.exercises[0].sets.iter().map(|s| s.number).collect() };
    // Last to first.
    let day = s
        .app()
        .move_set(MoveArgs {
            id: ids[3],
            after: None,
            before: Some(ids[0]),
        })
        .unwrap();
    assert_eq!(reps_in_order(&day), vec![4, 1, 2, 3]);
    assert_eq!(numbers(&day), vec![1, 2, 3, 4]);
    // First (now set 4's) to between 2 and 3.
    let day = s
        .app()
        .move_set(MoveArgs {
            id: ids[3],
            after: Some(ids[1]),
            before: Some(ids[2]),
        })
        .unwrap();
    assert_eq!(reps_in_order(&day), vec![1, 2, 4, 3]);
    // To the end.
    let day = s
        .app()
        .move_set(MoveArgs {
            id: ids[0],
            after: Some(ids[2]),
            before: None,
        })
        .unwrap();
    assert_eq!(reps_in_order(&day), vec![2, 4, 3, 1]);
    assert_eq!(numbers(&day), vec![1, 2, 3, 4]);
    // Only the moved row changed order key; no position numbers are stored.
    assert_eq!(
        s.count("SELECT COUNT(DISTINCT order_key) FROM exercise_sets WHERE _cl % 2 = 1"),
        4
    );
    // A neighbour that is the set itself, not a sibling, or unknown: not found.
    for (after, before) in [
        (Some(ids[0]), None),
        (Some(Uuid::now_v7()), None),
        (None, Some(Uuid::now_v7())),
    ] {
        let err = s
            .app()
            .move_set(MoveArgs {
                id: ids[0],
                after,
                before,
            })
            .unwrap_err();
        assert_eq!(err, ApiError::NotFound);
    }
    let err = s
        .app()
        .move_set(MoveArgs {
            id: Uuid::now_v7(),
            after: None,
            before: None,
        })
        .unwrap_err();
    assert_eq!(err, ApiError::NotFound);
    // Neighbours in the wrong order name the field.
    let err = s
        .app()
        .move_set(MoveArgs {
            id: ids[0],
            after: Some(ids[2]),
            before: Some(ids[1]),
        })
        .unwrap_err();
    assert!(matches!(err, ApiError::Invalid { .. }), "{err:?}");
    // A set of another exercise is not a neighbour.
    let other = add_exercise(s.app(), &s.member, DATE, catalog(PUSH_UP));
    let foreign = log(s.app(), other, fields(Some(1), None, None))
        .set
        .unwrap();
    let err = s
        .app()
        .move_set(MoveArgs {
            id: ids[0],
            after: Some(foreign.set_id),
            before: None,
        })
        .unwrap_err();
    assert_eq!(err, ApiError::NotFound);
    assert_totals_match(&s.t.sql());
}

#[test]
fn move_workout_exercise_reorders_the_day() {
    let s = studio();
    let a = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    let b = add_exercise(s.app(), &s.member, DATE, catalog(PUSH_UP));
    let c = add_exercise(s.app(), &s.member, DATE, catalog(PLANK));
    let order = |day: &Day| -> Vec<Uuid> {
        day.exercises
            .iter()
            .map(|e| e.workout_exercise_id)
            .collect()
    };
    let day = s
        .app()
        .move_workout_exercise(MoveArgs {
            id: c,
            after: None,
            before: Some(a),
        })
        .unwrap();
    assert_eq!(order(&day), vec![c, a, b]);
    let day = s
        .app()
        .move_workout_exercise(MoveArgs {
            id: c,
            after: Some(b),
            before: None,
        })
        .unwrap();
    assert_eq!(order(&day), vec![a, b, c]);
    let day = s
        .app()
        .move_workout_exercise(MoveArgs {
            id: a,
            after: Some(b),
            before: Some(c),
        })
        .unwrap();
    assert_eq!(order(&day), vec![b, a, c]);
    assert_eq!(order(&day_view(s.app(), &s.member, DATE)), vec![b, a, c]);
    // An exercise of another day is not a neighbour; unknown ids are not found.
    let elsewhere = add_exercise(s.app(), &s.member, "2026-03-03", catalog(PUSH_UP));
    for args in [
        MoveArgs {
            id: a,
            after: Some(elsewhere),
            before: None,
        },
        MoveArgs {
            id: Uuid::now_v7(),
            after: None,
            before: None,
        },
    ] {
        assert_eq!(
            s.app().move_workout_exercise(args).unwrap_err(),
            ApiError::NotFound
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise-level changes

#[test]
fn set_intensity_changes_the_met_and_the_totals() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    log(s.app(), we, fields(Some(5), Some(100_000), None));
    log(s.app(), we, fields(Some(5), Some(100_000), None));
    let cal = |day: &Day| {
        (
            day.exercises[0].totals.cal,
            day.totals.cal,
            day.exercises[0].calories.met_tenths,
        )
    };
    // Default MET 5.0: 50 × 70_000 × 90 / 36_000 = 8_750 per set → 17_500.
    assert_eq!(
        cal(&day_view(s.app(), &s.member, DATE)),
        (17_500, 17_500, 50)
    );
    let set = |intensity| {
        s.app()
            .set_intensity(SetIntensityArgs {
                workout_exercise_id: we,
                intensity,
            })
            .unwrap()
    };
    let day_low = set(Intensity::Low);
    // Low 3.5: 35 × 70_000 × 90 / 36_000 = 6_125 per set → 12_250.
    assert_eq!(cal(&day_low), (12_250, 12_250, 35));
    assert_eq!(day_low.exercises[0].intensity, Intensity::Low);
    assert_eq!(
        day_low.exercises[0].calories.compendium_code.as_deref(),
        Some("02054")
    );
    assert_eq!(day_low.exercises[0].sets[0].cal, 6_125);
    // Moderate/vigorous 6.0: 60 × 70_000 × 90 / 36_000 = 10_500 per set → 21_000.
    let day_vigorous = set(Intensity::ModerateVigorous);
    assert_eq!(cal(&day_vigorous), (21_000, 21_000, 60));
    assert_eq!(
        day_vigorous.exercises[0]
            .calories
            .compendium_code
            .as_deref(),
        Some("02050")
    );
    assert_eq!(cal(&set(Intensity::ExerciseDefault)), (17_500, 17_500, 50));
    let stored: String =
        s.t.sql()
            .query_row("SELECT intensity FROM workout_exercises", [], |r| r.get(0))
            .unwrap();
    assert_eq!(stored, "exercise_default");
    let bad = s
        .app()
        .dispatch(
            "set_intensity",
            json!({"workout_exercise_id": we, "intensity": "extreme"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad), one("intensity", Rule::Type));
    let missing = s.app().set_intensity(SetIntensityArgs {
        workout_exercise_id: Uuid::now_v7(),
        intensity: Intensity::Low,
    });
    assert_eq!(missing.unwrap_err(), ApiError::NotFound);
    assert_totals_match(&s.t.sql());
}

#[test]
fn exercise_and_day_notes_are_kept_trimmed_and_limited() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    let day = s
        .app()
        .set_exercise_notes(NotesArgs {
            workout_exercise_id: we,
            notes: "  knees out  ".into(),
        })
        .unwrap();
    assert_eq!(day.exercises[0].notes, "knees out");
    let too_long = s.app().set_exercise_notes(NotesArgs {
        workout_exercise_id: we,
        notes: "a".repeat(1_001),
    });
    assert_eq!(
        invalid_fields(too_long.unwrap_err()),
        one("notes", Rule::TooLong)
    );
    let missing = s.app().set_exercise_notes(NotesArgs {
        workout_exercise_id: Uuid::now_v7(),
        notes: "x".into(),
    });
    assert_eq!(missing.unwrap_err(), ApiError::NotFound);

    let day = s
        .app()
        .set_day_notes(DayNotesArgs {
            member_id: s.member.id,
            date: DATE.into(),
            notes: "slept badly\nlight day".into(),
        })
        .unwrap();
    assert_eq!(day.notes, "slept badly\nlight day");
    // Notes on a day without exercises create the day (it is still not a session).
    let other = s
        .app()
        .set_day_notes(DayNotesArgs {
            member_id: s.member.id,
            date: "2026-03-09".into(),
            notes: "rest".into(),
        })
        .unwrap();
    assert!(other.workout_id.is_some());
    assert_eq!(other.notes, "rest");
    let errors = s.app().set_day_notes(DayNotesArgs {
        member_id: s.member.id,
        date: "2026-02-30".into(),
        notes: "b".repeat(1_001),
    });
    let mut got = invalid_fields(errors.unwrap_err());
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            ("date".into(), Rule::Format),
            ("notes".into(), Rule::TooLong)
        ]
    );
    let stranger = s.app().set_day_notes(DayNotesArgs {
        member_id: Uuid::now_v7(),
        date: DATE.into(),
        notes: "x".into(),
    });
    assert_eq!(stranger.unwrap_err(), ApiError::NotFound);
    let notes: Vec<String> =
        s.t.sql()
            .prepare("SELECT notes FROM daily_workouts ORDER BY workout_date")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        notes,
        vec!["slept badly\nlight day".to_owned(), "rest".to_owned()]
    );
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert!(sessions.is_empty(), "days without sets are not sessions");
}

#[test]
fn delete_workout_exercise_hides_its_sets_and_drops_the_day_totals() {
    let s = studio();
    let squat = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    let fly = add_exercise(s.app(), &s.member, DATE, catalog(DUMBBELL_FLY));
    let squat_set = log(s.app(), squat, fields(Some(5), Some(100_000), None))
        .set
        .unwrap();
    log(s.app(), fly, fields(Some(10), Some(10_000), None));
    // Day: 8_750 + 6_125 = 14_875 cal; 500_000 + 100_000 = 600_000 g.
    let before = day_view(s.app(), &s.member, DATE);
    assert_eq!(
        (before.totals.cal, before.totals.volume_g),
        (14_875, 600_000)
    );
    let after = s
        .app()
        .delete_workout_exercise(WorkoutExerciseRef {
            workout_exercise_id: squat,
        })
        .unwrap();
    assert_eq!(after.exercises.len(), 1);
    assert_eq!(after.exercises[0].workout_exercise_id, fly);
    assert_eq!(after.totals.cal, 6_125);
    assert_eq!(after.totals.volume_g, 100_000);
    assert_eq!(after.totals.sets, 1);
    let exercises: i64 =
        s.t.sql()
            .query_row("SELECT exercises FROM daily_workout_totals", [], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(exercises, 1);
    // The sets are hidden with their exercise: no edits, not found.
    assert_eq!(
        s.app()
            .delete_set(SetRef {
                set_id: squat_set.set_id
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        s.app()
            .log_set(LogSetArgs {
                workout_exercise_id: squat,
                fields: SetFields::default()
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        s.app()
            .delete_workout_exercise(WorkoutExerciseRef {
                workout_exercise_id: squat
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].exercises, 1);
    assert_eq!(sessions[0].totals.cal, 6_125);
    // Deleting the last exercise with sets ends the session.
    s.app()
        .delete_workout_exercise(WorkoutExerciseRef {
            workout_exercise_id: fly,
        })
        .unwrap();
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert!(sessions.is_empty());
    assert_totals_match(&s.t.sql());
}

// ---------------------------------------------------------------------------------------------
// History, today, previous performance, dates

#[test]
fn list_sessions_lists_days_with_sets_newest_first_within_the_range() {
    let s = studio();
    for (date, reps) in [("2026-03-01", 1), ("2026-03-05", 2), ("2026-03-03", 3)] {
        let we = add_exercise(s.app(), &s.member, date, catalog(DUMBBELL_FLY));
        log(s.app(), we, fields(Some(reps), Some(10_000), None));
    }
    // An exercise without sets does not make a session.
    add_exercise(s.app(), &s.member, "2026-03-04", catalog(DUMBBELL_FLY));
    let list = |from: Option<&str>, to: Option<&str>| {
        s.app()
            .list_sessions(ListSessionsArgs {
                member_id: s.member.id,
                from: from.map(str::to_owned),
                to: to.map(str::to_owned),
            })
            .map(|l| l.into_iter().map(|s| s.date).collect::<Vec<_>>())
    };
    assert_eq!(
        list(None, None).unwrap(),
        ["2026-03-05", "2026-03-03", "2026-03-01"]
    );
    assert_eq!(
        list(Some("2026-03-03"), None).unwrap(),
        ["2026-03-05", "2026-03-03"]
    );
    assert_eq!(
        list(None, Some("2026-03-03")).unwrap(),
        ["2026-03-03", "2026-03-01"]
    );
    assert_eq!(
        list(Some("2026-03-02"), Some("2026-03-04")).unwrap(),
        ["2026-03-03"]
    );
    assert!(list(Some("2026-03-06"), None).unwrap().is_empty());
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    let newest = &sessions[0];
    assert_eq!(newest.exercises, 1);
    assert_eq!(newest.totals.reps, 2);
    assert_eq!(newest.totals.volume_g, 20_000);
    assert_eq!(newest.totals.cal, 6_125);
    let mut errors = invalid_fields(list(Some("2026-02-30"), Some("03/05/2026")).unwrap_err());
    errors.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        errors,
        vec![("from".into(), Rule::Format), ("to".into(), Rule::Format)]
    );
    let stranger = s.app().list_sessions(ListSessionsArgs {
        member_id: Uuid::now_v7(),
        from: None,
        to: None,
    });
    assert_eq!(stranger.unwrap_err(), ApiError::NotFound);
}

#[test]
fn today_summary_counts_sessions_kcal_and_members_of_the_date() {
    let s = studio();
    let other_member = member_of(&s.t, &s.trainer, "Second");
    let today = "2026-03-02";
    // Member: 2 sets of a MET 3.5 exercise (2 × 6_125 = 12_250 cal).
    let we = add_exercise(s.app(), &s.member, today, catalog(DUMBBELL_FLY));
    log(s.app(), we, fields(Some(10), Some(10_000), None));
    log(s.app(), we, fields(Some(10), Some(10_000), None));
    // The trainer's own workout: 1 set of MET 3.0 (5_250 cal).
    let own = add_exercise(s.app(), &s.trainer, today, catalog(PUSH_UP));
    log(s.app(), own, fields(Some(20), None, None));
    // The second member: an exercise without sets (not a session), and a set on another date.
    add_exercise(s.app(), &other_member, today, catalog(PUSH_UP));
    let elsewhere = add_exercise(s.app(), &other_member, "2026-03-01", catalog(PUSH_UP));
    log(s.app(), elsewhere, fields(Some(20), None, None));
    let summary = s
        .app()
        .today_summary(TodayArgs { date: today.into() })
        .unwrap();
    assert_eq!(
        summary,
        TodaySummaryReply {
            sessions: 2,
            cal: 12_250 + 5_250,
            // The trainer's own session is not a member trained.
            members_trained: 1,
        }
    );
    let bad = s.app().today_summary(TodayArgs {
        date: "2026-02-29".into(),
    });
    assert_eq!(invalid_fields(bad.unwrap_err()), one("date", Rule::Format));
    // A member sees only their own day.
    sign_in(s.app(), &s.member);
    let mine = s
        .app()
        .today_summary(TodayArgs { date: today.into() })
        .unwrap();
    assert_eq!(
        mine,
        TodaySummaryReply {
            sessions: 1,
            cal: 12_250,
            members_trained: 1,
        }
    );
}

#[test]
fn previous_performance_is_relative_to_the_day_being_edited() {
    let s = studio();
    let log_day = |date: &str, reps: &[i64]| {
        let we = add_exercise(s.app(), &s.member, date, catalog(BARBELL_SQUAT));
        for r in reps {
            log(s.app(), we, fields(Some(*r), Some(80_000), None));
        }
        we
    };
    log_day("2026-03-01", &[5, 5]);
    log_day("2026-03-03", &[6]);
    // A day with the exercise but without sets is not a session: skipped.
    add_exercise(s.app(), &s.member, "2026-03-04", catalog(BARBELL_SQUAT));
    log_day("2026-03-07", &[8, 8, 8]);
    let previous = |date: &str| {
        add_exercise(s.app(), &s.member, date, catalog(BARBELL_SQUAT));
        let day = day_view(s.app(), &s.member, date);
        day.exercises.last().unwrap().previous.as_ref().map(|p| {
            (
                p.date.clone(),
                p.sets.iter().map(|s| s.reps.unwrap()).collect::<Vec<_>>(),
            )
        })
    };
    // Editing 03-02: the earlier 03-01 appears; the later 03-03 and 03-07 do not.
    assert_eq!(
        previous("2026-03-02"),
        Some(("2026-03-01".into(), vec![5, 5]))
    );
    // Editing 03-05: 03-03 (03-04 had no sets).
    assert_eq!(previous("2026-03-05"), Some(("2026-03-03".into(), vec![6])));
    // Editing 02-28: nothing earlier.
    assert_eq!(previous("2026-02-28"), None);
    // Editing 03-08: the latest, 03-07.
    assert_eq!(
        previous("2026-03-08"),
        Some(("2026-03-07".into(), vec![8, 8, 8]))
    );
    // Another exercise has no history.
    let fly = add_exercise(s.app(), &s.member, "2026-03-08", catalog(DUMBBELL_FLY));
    let day = day_view(s.app(), &s.member, "2026-03-08");
    let fly_view = day
        .exercises
        .iter()
        .find(|e| e.workout_exercise_id == fly)
        .unwrap();
    assert_eq!(fly_view.previous, None);
    // Another member's history is not this member's.
    let second = member_of(&s.t, &s.trainer, "Second");
    add_exercise(s.app(), &second, "2026-03-08", catalog(BARBELL_SQUAT));
    assert_eq!(
        day_of(&s, &second, "2026-03-08").exercises[0].previous,
        None
    );
}

fn day_of(s: &Studio, member: &User, date: &str) -> Day {
    day_view(s.app(), member, date)
}

#[test]
fn regression_4_local_dates_are_kept() {
    let s = studio();
    // 07:30 in Seoul on 2 March is 22:30 UTC on 1 March; the UI sends the local date.
    let we = add_exercise(s.app(), &s.member, "2026-03-02", catalog(BARBELL_SQUAT));
    log(s.app(), we, fields(Some(5), Some(100_000), None));
    let stored: String =
        s.t.sql()
            .query_row("SELECT workout_date FROM daily_workouts", [], |r| r.get(0))
            .unwrap();
    assert_eq!(stored, "2026-03-02");
    assert_eq!(
        day_view(s.app(), &s.member, "2026-03-02").exercises.len(),
        1
    );
    assert!(day_view(s.app(), &s.member, "2026-03-01")
        .exercises
        .is_empty());
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].date, "2026-03-02");
    let summary = s
        .app()
        .today_summary(TodayArgs {
            date: "2026-03-02".into(),
        })
        .unwrap();
    assert_eq!(summary.sessions, 1);
    let yesterday = s
        .app()
        .today_summary(TodayArgs {
            date: "2026-03-01".into(),
        })
        .unwrap();
    assert_eq!(yesterday.sessions, 0);
    // Any past date can be logged.
    let old = add_exercise(s.app(), &s.member, "2019-12-31", catalog(PUSH_UP));
    log(s.app(), old, fields(Some(10), None, None));
    assert_eq!(day_view(s.app(), &s.member, "2019-12-31").totals.sets, 1);
}

// ---------------------------------------------------------------------------------------------
// Calories (domain.md "Calories (MET)")

#[test]
fn calories_domain_example_four_sets_are_24_5_kcal() {
    let s = studio();
    weight_entry(&s, &s.member, "2026-02-20", 70_000);
    // Exercise 9 (중량 푸시 업): MET 3.5, measured in reps.
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    let mut last = None;
    for _ in 0..4 {
        let change = log(s.app(), we, fields(Some(10), Some(10_000), None));
        // 35 × 70_000 × 90 / 36_000 = 220_500_000 / 36_000 = 6_125 cal.
        assert_eq!(change.set.as_ref().unwrap().cal, 6_125);
        last = Some(change);
    }
    let last = last.unwrap();
    assert_eq!(last.exercise_totals.cal, 24_500, "4 × 6_125 = 24.5 kcal");
    assert_eq!(last.day_totals.cal, 24_500);
    assert!(!last.day_totals.estimated);
    let day = day_view(s.app(), &s.member, DATE);
    let basis = &day.exercises[0].calories;
    assert_eq!(
        basis,
        &CalorieBasis {
            met_tenths: 35,
            compendium_code: Some("02054".into()),
            body_weight_g: 70_000,
            body_weight_date: Some("2026-02-20".into()),
            body_weight_estimated: false,
        }
    );
    assert_eq!(day.totals.cal, 24_500);
    assert!(!day.totals.estimated);
    assert_totals_match(&s.t.sql());
}

#[test]
fn calories_without_a_weight_entry_use_70_kg_and_are_estimated() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    let change = log(s.app(), we, fields(Some(10), None, None));
    assert_eq!(change.exercise_totals.cal, 6_125);
    assert!(change.exercise_totals.estimated);
    let basis = day_view(s.app(), &s.member, DATE).exercises[0]
        .calories
        .clone();
    assert_eq!(basis.body_weight_g, 70_000);
    assert_eq!(basis.body_weight_date, None);
    assert!(basis.body_weight_estimated);
}

#[test]
fn calories_with_only_a_later_entry_use_it_estimated() {
    let s = studio();
    weight_entry(&s, &s.member, "2026-03-20", 90_000);
    weight_entry(&s, &s.member, "2026-03-10", 80_000);
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    let change = log(s.app(), we, fields(Some(10), None, None));
    // The earliest later entry, 80 kg: 35 × 80_000 × 90 / 36_000 = 252_000_000 / 36_000 = 7_000.
    assert_eq!(change.exercise_totals.cal, 7_000);
    assert!(change.exercise_totals.estimated);
    let basis = day_view(s.app(), &s.member, DATE).exercises[0]
        .calories
        .clone();
    assert_eq!(basis.body_weight_g, 80_000);
    assert_eq!(basis.body_weight_date.as_deref(), Some("2026-03-10"));
    assert!(basis.body_weight_estimated);
    // A workout after both entries uses the latest one before it, measured.
    let later = add_exercise(s.app(), &s.member, "2026-03-15", catalog(WEIGHTED_PUSH_UP));
    let change = log(s.app(), later, fields(Some(10), None, None));
    assert_eq!(change.exercise_totals.cal, 7_000);
    assert!(!change.exercise_totals.estimated);
    assert_totals_match(&s.t.sql());
}

#[test]
fn calories_count_a_measured_duration_above_90_s_rounding_half_up() {
    let s = studio();
    weight_entry(&s, &s.member, DATE, 70_000);
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    // 35 × 70_000 × 120 / 36_000 = 294_000_000 / 36_000 = 8_166.67 → 8_167.
    assert_eq!(
        log(s.app(), we, fields(Some(10), None, Some(120)))
            .set
            .unwrap()
            .cal,
        8_167
    );
    // Below 90 s counts as 90 s: 6_125.
    assert_eq!(
        log(s.app(), we, fields(Some(10), None, Some(30)))
            .set
            .unwrap()
            .cal,
        6_125
    );
    // 35 × 70_000 × 99 / 36_000 = 242_550_000 / 36_000 = 6_737.5 → 6_738 (half up).
    assert_eq!(
        log(s.app(), we, fields(Some(10), None, Some(99)))
            .set
            .unwrap()
            .cal,
        6_738
    );
    let totals = day_view(s.app(), &s.member, DATE).totals;
    // 8_167 + 6_125 + 6_738 = 21_030 cal; measured time 120 + 30 + 99 = 249 s.
    assert_eq!(totals.cal, 21_030);
    assert_eq!(totals.duration_s, 249);
    assert!(!totals.estimated);
    assert_totals_match(&s.t.sql());
}

#[test]
fn calories_follow_the_intensity_override() {
    let s = studio();
    weight_entry(&s, &s.member, DATE, 70_000);
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    log(s.app(), we, fields(Some(10), None, None));
    let day = s
        .app()
        .set_intensity(SetIntensityArgs {
            workout_exercise_id: we,
            intensity: Intensity::ModerateVigorous,
        })
        .unwrap();
    // MET 6.0: 60 × 70_000 × 90 / 36_000 = 378_000_000 / 36_000 = 10_500.
    assert_eq!(day.exercises[0].calories.met_tenths, 60);
    assert_eq!(day.exercises[0].sets[0].cal, 10_500);
    assert_eq!(day.totals.cal, 10_500);
}

#[test]
fn calories_of_time_and_distance_exercises_need_a_duration() {
    let s = studio();
    weight_entry(&s, &s.member, DATE, 70_000);
    let plank = add_exercise(s.app(), &s.member, DATE, catalog(PLANK));
    // No duration: 90 s stands in, estimated. 28 × 70_000 × 90 / 36_000 = 4_900.
    let change = log(s.app(), plank, SetFields::default());
    assert_eq!(change.exercise_totals.cal, 4_900);
    assert!(change.exercise_totals.estimated);
    // 60 s measured: 28 × 70_000 × 60 / 36_000 = 117_600_000 / 36_000 = 3_266.67 → 3_267, not
    // floored at 90 s (only rep exercises are).
    let set = log(s.app(), plank, fields(None, None, Some(60)))
        .set
        .unwrap();
    assert_eq!(set.cal, 3_267);
    let swim = add_exercise(s.app(), &s.member, DATE, catalog(SWIMMING));
    // 1 km in 30 minutes: 60 × 70_000 × 1_800 / 36_000 = 210_000.
    let change = log(
        s.app(),
        swim,
        SetFields {
            distance_m: Some(1_000),
            duration_s: Some(1_800),
            ..SetFields::default()
        },
    );
    assert_eq!(change.exercise_totals.cal, 210_000);
    assert!(!change.exercise_totals.estimated);
    // Day: 4_900 + 3_267 + 210_000 = 218_167; one estimated set.
    assert_eq!(change.day_totals.cal, 218_167);
    assert!(change.day_totals.estimated);
    assert_eq!(change.day_totals.duration_s, 1_860);
    assert_totals_match(&s.t.sql());
}

#[test]
fn body_weight_entries_added_edited_or_deleted_afterwards_recompute_the_totals() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(WEIGHTED_PUSH_UP));
    for _ in 0..2 {
        log(s.app(), we, fields(Some(10), Some(20_000), None));
    }
    let other_day = add_exercise(s.app(), &s.member, "2026-04-01", catalog(WEIGHTED_PUSH_UP));
    log(s.app(), other_day, fields(Some(10), None, None));
    let day_cal = |date: &str| {
        let d = day_view(s.app(), &s.member, date);
        (d.totals.cal, d.totals.estimated)
    };
    let session_cal = || -> Vec<u64> {
        s.app()
            .list_sessions(ListSessionsArgs {
                member_id: s.member.id,
                from: None,
                to: None,
            })
            .unwrap()
            .iter()
            .map(|x| x.totals.cal)
            .collect()
    };
    // No entry: 70 kg, estimated. 2 × 6_125 = 12_250.
    assert_eq!(day_cal(DATE), (12_250, true));
    // An 80 kg entry after both days... only later than DATE: earliest-after, still estimated.
    // 35 × 80_000 × 90 / 36_000 = 7_000 per set.
    let later = weight_entry(&s, &s.member, "2026-03-15", 80_000);
    assert_eq!(day_cal(DATE), (14_000, true));
    assert_eq!(day_cal("2026-04-01"), (7_000, false));
    // A 60 kg entry before DATE: measured. 35 × 60_000 × 90 / 36_000 = 5_250 per set.
    let before = weight_entry(&s, &s.member, "2026-03-01", 60_000);
    assert_eq!(day_cal(DATE), (10_500, false));
    assert_eq!(day_cal("2026-04-01"), (7_000, false));
    assert_eq!(session_cal(), vec![7_000, 10_500]);
    assert_totals_match(&s.t.sql());
    // Edited to 72 kg: 35 × 72_000 × 90 / 36_000 = 6_300 per set.
    s.app()
        .update_body_metric(UpdateBodyMetricArgs {
            entry_id: before,
            measured_on: "2026-03-01".into(),
            height_mm: None,
            weight_g: Some(72_000),
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .unwrap();
    assert_eq!(day_cal(DATE), (12_600, false));
    // Moved after the workout: both entries are later; the earliest (03-10, 72 kg) is used,
    // estimated.
    s.app()
        .update_body_metric(UpdateBodyMetricArgs {
            entry_id: before,
            measured_on: "2026-03-10".into(),
            height_mm: None,
            weight_g: Some(72_000),
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .unwrap();
    assert_eq!(day_cal(DATE), (12_600, true));
    // The 04-01 day now uses the latest before it: 03-15, 80 kg → 7_000.
    assert_eq!(day_cal("2026-04-01"), (7_000, false));
    assert_totals_match(&s.t.sql());
    // Deleted: back to the 80 kg later entry, then to the 70 kg default.
    s.app()
        .delete_body_metric(EntryRef { entry_id: before })
        .unwrap();
    assert_eq!(day_cal(DATE), (14_000, true));
    s.app()
        .delete_body_metric(EntryRef { entry_id: later })
        .unwrap();
    assert_eq!(day_cal(DATE), (12_250, true));
    assert_eq!(day_cal("2026-04-01"), (6_125, true));
    assert_eq!(session_cal(), vec![6_125, 12_250]);
    // An entry with no weight (height only) changes nothing.
    s.app()
        .add_body_metric(AddBodyMetricArgs {
            member_id: s.member.id,
            measured_on: "2026-03-01".into(),
            height_mm: Some(1_750),
            weight_g: None,
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .unwrap();
    assert_eq!(day_cal(DATE), (12_250, true));
    assert_totals_match(&s.t.sql());
}

#[test]
fn a_members_body_weight_does_not_change_another_members_calories() {
    let s = studio();
    let second = member_of(&s.t, &s.trainer, "Second");
    let we = add_exercise(s.app(), &second, DATE, catalog(WEIGHTED_PUSH_UP));
    log(s.app(), we, fields(Some(10), None, None));
    weight_entry(&s, &s.member, "2026-01-01", 100_000);
    weight_entry(&s, &s.trainer, "2026-01-01", 90_000);
    assert_eq!(day_view(s.app(), &second, DATE).totals.cal, 6_125);
    assert_totals_match(&s.t.sql());
}

#[test]
fn assisted_counterweight_adds_no_volume() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(ASSISTED_PULL_UP));
    let change = log(s.app(), we, fields(Some(8), Some(30_000), None));
    assert_eq!(change.exercise_totals.volume_g, 0);
    assert_eq!(change.exercise_totals.reps, 8);
    assert_totals_match(&s.t.sql());
}

// ---------------------------------------------------------------------------------------------
// Catalog: browse, search, custom exercises, favourites, recents

/// Korean initial consonants, written again here for the search oracle.
fn initials(text: &str) -> String {
    const CHO: [char; 19] = [
        'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ',
        'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
    ];
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xAC00..=0xD7A3 => CHO[((c as u32 - 0xAC00) / 588) as usize],
            _ => c,
        })
        .collect()
}

/// The catalog file's rows: (id, body_part, equipment, name_ko, name_en, measures, load, met).
/// id, body part, equipment, Korean and English names, measures, load, MET tenths.
type CatalogRow = (u32, String, String, String, String, String, String, u32);

fn catalog_rows() -> Vec<CatalogRow> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../trainmate-store/catalog/exercises.tsv"
    ))
    .unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (
                f[0].parse().unwrap(),
                f[1].to_owned(),
                f[2].to_owned(),
                f[3].to_owned(),
                f[4].to_owned(),
                f[5].to_owned(),
                f[6].to_owned(),
                f[7].parse().unwrap(),
            )
        })
        .collect()
}

fn ids(list: &[ExerciseSummary]) -> Vec<ExerciseRef> {
    list.iter().map(|e| e.exercise).collect()
}

#[test]
fn browse_by_body_part_and_equipment_matches_the_catalog_file() {
    let s = studio();
    let rows = catalog_rows();
    assert_eq!(rows.len(), 618);
    let all = s.app().browse_exercises(BrowseArgs::default()).unwrap();
    assert_eq!(all.len(), 618);
    let chest_dumbbell = s
        .app()
        .browse_exercises(BrowseArgs {
            body_part: Some(BodyPart::Chest),
            equipment: Some(Equipment::Dumbbell),
        })
        .unwrap();
    let mut expected: Vec<ExerciseRef> = rows
        .iter()
        .filter(|r| r.1 == "chest" && r.2 == "dumbbell")
        .map(|r| catalog(r.0))
        .collect();
    let mut got = ids(&chest_dumbbell);
    expected.sort_by_key(|e| format!("{e:?}"));
    got.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(got, expected);
    assert!(got.contains(&catalog(DUMBBELL_FLY)));
    let fly = chest_dumbbell
        .iter()
        .find(|e| e.exercise == catalog(DUMBBELL_FLY))
        .unwrap();
    assert_eq!(fly.name_ko, "덤벨 플라이");
    assert_eq!(fly.name_en, "Dumbbell Fly");
    assert_eq!(
        (fly.measures, fly.load, fly.met_tenths),
        (Measures::Reps, Load::External, 35)
    );
    assert_eq!(fly.compendium_code.as_deref(), Some("02054"));
    let cardio = s
        .app()
        .browse_exercises(BrowseArgs {
            body_part: None,
            equipment: Some(Equipment::Cardio),
        })
        .unwrap();
    assert_eq!(
        cardio.len(),
        rows.iter().filter(|r| r.2 == "cardio").count()
    );
    let bad = s
        .app()
        .dispatch("browse_exercises", json!({"body_part": "neck"}))
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad), one("body_part", Rule::Type));
}

#[test]
fn search_finds_korean_english_and_initial_consonants() {
    let s = studio();
    let search = |q: &str| {
        s.app()
            .search_exercises(SearchArgs { query: q.into() })
            .unwrap()
    };
    let found = search("ㅂㅂㅅ");
    assert!(found
        .iter()
        .any(|e| e.exercise == catalog(BARBELL_SQUAT) && e.name_ko == "바벨 스쿼트"));
    // Exactly the rows whose initials contain ㅂㅂㅅ (worked out here from the file).
    let mut expected: Vec<u32> = catalog_rows()
        .iter()
        .filter(|r| initials(&r.3).contains("ㅂㅂㅅ"))
        .map(|r| r.0)
        .collect();
    let mut got: Vec<u32> = found
        .iter()
        .map(|e| match e.exercise {
            ExerciseRef::Catalog(id) => id,
            ExerciseRef::Custom(_) => 0,
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(search("바벨 스쿼트")
        .iter()
        .any(|e| e.exercise == catalog(BARBELL_SQUAT)));
    assert!(search("바벨스쿼트")
        .iter()
        .any(|e| e.exercise == catalog(BARBELL_SQUAT)));
    assert!(search("barbell back SQUAT")
        .iter()
        .any(|e| e.exercise == catalog(BARBELL_SQUAT)));
    assert!(search("   ").is_empty());
    assert!(search("zzzz-no-such-exercise").is_empty());
    assert!(search("squat").len() <= 50, "answers are capped");
    s.app().sign_out(NoArgs {}).unwrap();
    assert_eq!(
        s.app()
            .search_exercises(SearchArgs {
                query: "squat".into()
            })
            .unwrap_err(),
        ApiError::Unauthenticated
    );
}

fn custom_args(name: &str, measures: Measures, load: Load, met: Option<i64>) -> CustomExerciseArgs {
    CustomExerciseArgs {
        body_part: BodyPart::Chest,
        equipment: Equipment::Machine,
        name_ko: name.into(),
        name_en: String::new(),
        measures,
        load,
        met_tenths: met,
    }
}

#[test]
fn custom_exercise_met_defaults_by_what_is_measured() {
    let s = studio();
    let cases = [
        (Measures::Reps, Load::External, 35),
        (Measures::Reps, Load::None, 30),
        (Measures::Reps, Load::Assisted, 30),
        (Measures::Time, Load::None, 50),
        (Measures::Distance, Load::None, 50),
    ];
    for (i, (measures, load, met)) in cases.into_iter().enumerate() {
        let created = s
            .app()
            .create_custom_exercise(custom_args(&format!("운동 {i}"), measures, load, None))
            .unwrap();
        assert_eq!(created.met_tenths, met, "{measures:?} {load:?}");
        assert_eq!((created.measures, created.load), (measures, load));
        assert!(matches!(created.exercise, ExerciseRef::Custom(_)));
        assert_eq!(
            created.name_en, created.name_ko,
            "English falls back to Korean"
        );
    }
    let explicit = s
        .app()
        .create_custom_exercise(custom_args(
            "케틀벨 스윙",
            Measures::Reps,
            Load::External,
            Some(98),
        ))
        .unwrap();
    assert_eq!(explicit.met_tenths, 98);
    let stored: i64 =
        s.t.sql()
            .query_row(
                "SELECT met_tenths FROM custom_exercises WHERE name_ko = '케틀벨 스윙'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(stored, 98);
}

#[test]
fn custom_exercise_validation_names_each_field() {
    let s = studio();
    let create = |args| s.app().create_custom_exercise(args).unwrap_err();
    let cases = [
        (
            custom_args("  ", Measures::Reps, Load::External, None),
            "name_ko",
            Rule::Required,
        ),
        (
            custom_args("운동", Measures::Reps, Load::External, Some(9)),
            "met_tenths",
            Rule::Min,
        ),
        (
            custom_args("운동", Measures::Reps, Load::External, Some(231)),
            "met_tenths",
            Rule::Max,
        ),
        (
            custom_args(&"가".repeat(101), Measures::Reps, Load::External, None),
            "name_ko",
            Rule::TooLong,
        ),
        (
            CustomExerciseArgs {
                name_en: "x".repeat(101),
                ..custom_args("운동", Measures::Reps, Load::External, None)
            },
            "name_en",
            Rule::TooLong,
        ),
    ];
    for (args, field, rule) in cases {
        assert_eq!(
            invalid_fields(create(args.clone())),
            one(field, rule),
            "{args:?}"
        );
    }
    // Bounds are allowed.
    for met in [10, 230] {
        s.app()
            .create_custom_exercise(custom_args(
                "운동",
                Measures::Reps,
                Load::External,
                Some(met),
            ))
            .unwrap();
    }
    let bad = s
        .app()
        .dispatch(
            "create_custom_exercise",
            json!({"body_part": "chest", "equipment": "machine", "name_ko": "x",
                   "measures": "weight", "load": "external"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad), one("measures", Rule::Type));
    let created = s
        .app()
        .create_custom_exercise(custom_args("운동", Measures::Reps, Load::External, None))
        .unwrap();
    let ExerciseRef::Custom(id) = created.exercise else {
        panic!("custom")
    };
    let bad = s
        .app()
        .dispatch(
            "update_custom_exercise",
            json!({"exercise_id": id, "body_part": "chest", "equipment": "machine",
                   "name_ko": "x", "measures": "reps", "load": "external", "met_tenths": "high"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad), one("met_tenths", Rule::Type));
    let bad = s
        .app()
        .dispatch(
            "update_custom_exercise",
            json!({"exercise_id": id, "body_part": "chest"}),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(invalid_fields(bad), one("equipment", Rule::Required));
    assert_eq!(s.count("SELECT COUNT(*) FROM custom_exercises"), 3);
}

#[test]
fn custom_exercises_are_the_trainers_and_their_members_only() {
    let s = studio();
    let created = s
        .app()
        .create_custom_exercise(custom_args(
            "슬레드 푸시",
            Measures::Reps,
            Load::External,
            None,
        ))
        .unwrap();
    let id = match created.exercise {
        ExerciseRef::Custom(id) => id,
        other => panic!("{other:?}"),
    };
    // The trainer uses it for their member.
    let we = add_exercise(s.app(), &s.member, DATE, created.exercise);
    log(s.app(), we, fields(Some(10), Some(50_000), None));
    assert!(s
        .app()
        .search_exercises(SearchArgs {
            query: "슬레드".into()
        })
        .unwrap()
        .iter()
        .any(|e| e.exercise == created.exercise));

    // Their member sees it and may log it on their own day, but may not create or edit one.
    sign_in(s.app(), &s.member);
    let browse = s.app().browse_exercises(BrowseArgs::default()).unwrap();
    assert!(ids(&browse).contains(&created.exercise));
    assert_eq!(browse.len(), 619);
    add_exercise(s.app(), &s.member, "2026-03-03", created.exercise);
    assert_eq!(
        s.app()
            .create_custom_exercise(custom_args("내 운동", Measures::Reps, Load::None, None))
            .unwrap_err(),
        ApiError::Forbidden
    );
    assert_eq!(
        s.app()
            .update_custom_exercise(UpdateCustomExerciseArgs {
                exercise_id: id,
                fields: custom_args("바꿈", Measures::Reps, Load::None, None),
            })
            .unwrap_err(),
        ApiError::Forbidden
    );

    // Another trainer: invisible, unusable, not editable — not found.
    let other = trainer(&s.t, "Other");
    let other_member = member_of(&s.t, &other, "OtherMember");
    sign_in(s.app(), &other);
    let browse = s.app().browse_exercises(BrowseArgs::default()).unwrap();
    assert!(!ids(&browse).contains(&created.exercise));
    assert!(s
        .app()
        .search_exercises(SearchArgs {
            query: "슬레드".into()
        })
        .unwrap()
        .is_empty());
    let use_it = s.app().add_workout_exercise(AddWorkoutExerciseArgs {
        member_id: other_member.id,
        date: DATE.into(),
        exercise: created.exercise,
    });
    assert_eq!(use_it.unwrap_err(), ApiError::NotFound);
    let edit = s.app().update_custom_exercise(UpdateCustomExerciseArgs {
        exercise_id: id,
        fields: custom_args("훔침", Measures::Reps, Load::None, Some(100)),
    });
    assert_eq!(edit.unwrap_err(), ApiError::NotFound);
    let favourite = s.app().set_favourite(SetFavouriteArgs {
        exercise: created.exercise,
        favourite: true,
    });
    assert_eq!(favourite.unwrap_err(), ApiError::NotFound);
    let name: String =
        s.t.sql()
            .query_row("SELECT name_ko FROM custom_exercises", [], |r| r.get(0))
            .unwrap();
    assert_eq!(name, "슬레드 푸시", "unchanged");
    // The other trainer's member does not see it either.
    sign_in(s.app(), &other_member);
    assert!(
        !ids(&s.app().browse_exercises(BrowseArgs::default()).unwrap()).contains(&created.exercise)
    );
}

#[test]
fn updating_a_custom_exercise_met_recomputes_existing_totals() {
    let s = studio();
    let created = s
        .app()
        .create_custom_exercise(custom_args(
            "랜드마인 프레스",
            Measures::Reps,
            Load::External,
            None,
        ))
        .unwrap();
    let id = match created.exercise {
        ExerciseRef::Custom(id) => id,
        other => panic!("{other:?}"),
    };
    let we = add_exercise(s.app(), &s.member, DATE, created.exercise);
    log(s.app(), we, fields(Some(10), Some(20_000), None));
    log(s.app(), we, fields(Some(10), Some(20_000), None));
    // Default MET 3.5: 2 × 6_125 = 12_250.
    assert_eq!(day_view(s.app(), &s.member, DATE).totals.cal, 12_250);
    let updated = s
        .app()
        .update_custom_exercise(UpdateCustomExerciseArgs {
            exercise_id: id,
            fields: custom_args("랜드마인 프레스", Measures::Reps, Load::External, Some(70)),
        })
        .unwrap();
    assert_eq!(updated.met_tenths, 70);
    // MET 7.0: 70 × 70_000 × 90 / 36_000 = 12_250 per set → 24_500.
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.exercises[0].totals.cal, 24_500);
    assert_eq!(day.totals.cal, 24_500);
    assert_eq!(day.exercises[0].calories.met_tenths, 70);
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.member.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(sessions[0].totals.cal, 24_500);
    // Time-measured now: the 90 s stand-in, estimated. 70 × 70_000 × 90 / 36_000 = 12_250 each.
    s.app()
        .update_custom_exercise(UpdateCustomExerciseArgs {
            exercise_id: id,
            fields: custom_args("랜드마인 프레스", Measures::Time, Load::None, Some(70)),
        })
        .unwrap();
    let day = day_view(s.app(), &s.member, DATE);
    assert_eq!(day.totals.cal, 24_500);
    assert!(day.totals.estimated);
    // Load none: volume still reps × weight (10 × 20 kg × 2).
    assert_eq!(day.totals.volume_g, 400_000);
    assert_totals_match(&s.t.sql());
    let unknown = s.app().update_custom_exercise(UpdateCustomExerciseArgs {
        exercise_id: Uuid::now_v7(),
        fields: custom_args("x", Measures::Reps, Load::None, None),
    });
    assert_eq!(unknown.unwrap_err(), ApiError::NotFound);
}

#[test]
fn favourites_are_per_user_and_flagged_in_lists() {
    let s = studio();
    let favourite = |exercise, on| {
        s.app().set_favourite(SetFavouriteArgs {
            exercise,
            favourite: on,
        })
    };
    favourite(catalog(BARBELL_SQUAT), true).unwrap();
    favourite(catalog(PUSH_UP), true).unwrap();
    favourite(catalog(PUSH_UP), true).unwrap(); // twice is once
    let list = s.app().list_favourites(NoArgs {}).unwrap();
    assert_eq!(ids(&list), vec![catalog(BARBELL_SQUAT), catalog(PUSH_UP)]);
    assert!(list.iter().all(|e| e.favourite));
    let browse = s.app().browse_exercises(BrowseArgs::default()).unwrap();
    let flagged: Vec<_> = browse
        .iter()
        .filter(|e| e.favourite)
        .map(|e| e.exercise)
        .collect();
    assert_eq!(flagged.len(), 2);
    let searched = s
        .app()
        .search_exercises(SearchArgs {
            query: "바벨 스쿼트".into(),
        })
        .unwrap();
    assert!(
        searched
            .iter()
            .find(|e| e.exercise == catalog(BARBELL_SQUAT))
            .unwrap()
            .favourite
    );
    favourite(catalog(BARBELL_SQUAT), false).unwrap();
    assert_eq!(
        ids(&s.app().list_favourites(NoArgs {}).unwrap()),
        vec![catalog(PUSH_UP)]
    );
    assert_eq!(
        favourite(catalog(9_999), true).unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        favourite(ExerciseRef::Custom(Uuid::now_v7()), true).unwrap_err(),
        ApiError::NotFound
    );
    // Another user's favourites are their own.
    sign_in(s.app(), &s.member);
    assert!(s.app().list_favourites(NoArgs {}).unwrap().is_empty());
    s.app().sign_out(NoArgs {}).unwrap();
    assert_eq!(
        s.app().list_favourites(NoArgs {}).unwrap_err(),
        ApiError::Unauthenticated
    );
}

#[test]
fn recent_exercises_are_the_members_newest_first_without_repeats() {
    let s = studio();
    add_exercise(s.app(), &s.member, "2026-03-01", catalog(BARBELL_SQUAT));
    add_exercise(s.app(), &s.member, "2026-03-01", catalog(PUSH_UP));
    add_exercise(s.app(), &s.member, "2026-03-05", catalog(DUMBBELL_FLY));
    add_exercise(s.app(), &s.member, "2026-03-05", catalog(BARBELL_SQUAT));
    add_exercise(s.app(), &s.member, "2026-02-01", catalog(PLANK));
    // The trainer's own day is not the member's.
    add_exercise(s.app(), &s.trainer, "2026-03-06", catalog(SWIMMING));
    let recent = s
        .app()
        .recent_exercises(MemberRef {
            member_id: s.member.id,
        })
        .unwrap();
    assert_eq!(
        ids(&recent),
        vec![
            catalog(BARBELL_SQUAT),
            catalog(DUMBBELL_FLY),
            catalog(PUSH_UP),
            catalog(PLANK)
        ]
    );
    sign_in(s.app(), &s.member);
    let own = s
        .app()
        .recent_exercises(MemberRef {
            member_id: s.member.id,
        })
        .unwrap();
    assert_eq!(ids(&own), ids(&recent));
    let trainers = s.app().recent_exercises(MemberRef {
        member_id: s.trainer.id,
    });
    assert_eq!(trainers.unwrap_err(), ApiError::NotFound);
}

// ---------------------------------------------------------------------------------------------
// Authorization spot checks

#[test]
fn regression_2_trainer_cannot_log_sets_for_unassigned_or_other_members() {
    let s = studio();
    let unassigned = unassigned_member(&s.t, "Loner");
    let other_trainer = trainer(&s.t, "Rival");
    let theirs = member_of(&s.t, &other_trainer, "Theirs");
    // Workouts that exist for those members (made by themselves / their trainer).
    sign_in(s.app(), &other_trainer);
    let their_we = add_exercise(s.app(), &theirs, DATE, catalog(PUSH_UP));
    let their_set = log(s.app(), their_we, fields(Some(10), None, None))
        .set
        .unwrap();
    sign_in(s.app(), &unassigned);
    let loner_we = add_exercise(s.app(), &unassigned, DATE, catalog(PUSH_UP));
    let loner_set = log(s.app(), loner_we, fields(Some(10), None, None))
        .set
        .unwrap();

    sign_in(s.app(), &s.trainer);
    let before = s.count("SELECT COUNT(*) FROM exercise_sets")
        + s.count("SELECT COUNT(*) FROM workout_exercises");
    for (member, we, set) in [
        (&unassigned, loner_we, loner_set.set_id),
        (&theirs, their_we, their_set.set_id),
        (&other_trainer, their_we, their_set.set_id),
    ] {
        let app = s.app();
        let nf = |r: Result<(), ApiError>, what: &str| {
            assert_eq!(r.unwrap_err(), ApiError::NotFound, "{what}")
        };
        nf(
            app.add_workout_exercise(AddWorkoutExerciseArgs {
                member_id: member.id,
                date: DATE.into(),
                exercise: catalog(PUSH_UP),
            })
            .map(drop),
            "add exercise",
        );
        nf(
            app.log_set(LogSetArgs {
                workout_exercise_id: we,
                fields: fields(Some(5), Some(5_000), None),
            })
            .map(drop),
            "log set",
        );
        nf(
            app.update_set(UpdateSetArgs {
                set_id: set,
                fields: fields(Some(1), None, None),
            })
            .map(drop),
            "update set",
        );
        nf(
            app.delete_set(SetRef { set_id: set }).map(drop),
            "delete set",
        );
        nf(
            app.move_set(MoveArgs {
                id: set,
                after: None,
                before: None,
            })
            .map(drop),
            "move set",
        );
        nf(
            app.get_day(DayRef {
                member_id: member.id,
                date: DATE.into(),
            })
            .map(drop),
            "get day",
        );
        nf(
            app.list_sessions(ListSessionsArgs {
                member_id: member.id,
                from: None,
                to: None,
            })
            .map(drop),
            "list sessions",
        );
        nf(
            app.set_intensity(SetIntensityArgs {
                workout_exercise_id: we,
                intensity: Intensity::Low,
            })
            .map(drop),
            "set intensity",
        );
        nf(
            app.set_exercise_notes(NotesArgs {
                workout_exercise_id: we,
                notes: "x".into(),
            })
            .map(drop),
            "exercise notes",
        );
        nf(
            app.set_day_notes(DayNotesArgs {
                member_id: member.id,
                date: DATE.into(),
                notes: "x".into(),
            })
            .map(drop),
            "day notes",
        );
        nf(
            app.delete_workout_exercise(WorkoutExerciseRef {
                workout_exercise_id: we,
            })
            .map(drop),
            "delete exercise",
        );
        nf(
            app.move_workout_exercise(MoveArgs {
                id: we,
                after: None,
                before: None,
            })
            .map(drop),
            "move exercise",
        );
        nf(
            app.recent_exercises(MemberRef {
                member_id: member.id,
            })
            .map(drop),
            "recent",
        );
    }
    let after = s.count("SELECT COUNT(*) FROM exercise_sets")
        + s.count("SELECT COUNT(*) FROM workout_exercises");
    assert_eq!(before, after);
    let untouched: (i64, i64, i64) =
        s.t.sql()
            .query_row(
                "SELECT COUNT(*), SUM(reps), SUM(_cl) FROM exercise_sets",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
    assert_eq!(untouched, (2, 20, 2), "both sets as they were, alive");
    let notes: i64 = s.count("SELECT COUNT(*) FROM daily_workouts WHERE notes <> ''");
    assert_eq!(notes, 0);
    // Today's summary does not count them either.
    assert_eq!(
        s.app()
            .today_summary(TodayArgs { date: DATE.into() })
            .unwrap(),
        TodaySummaryReply::default()
    );
}

#[test]
fn a_member_cannot_delete_or_re_rate_an_exercise_holding_the_trainers_sets() {
    let s = studio();
    let mixed = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    log(s.app(), mixed, fields(Some(5), Some(100_000), None));
    sign_in(s.app(), &s.member);
    log(s.app(), mixed, fields(Some(6), Some(60_000), None));
    let own = add_exercise(s.app(), &s.member, DATE, catalog(PUSH_UP));
    log(s.app(), own, fields(Some(12), None, None));
    let live_sets = |we: Uuid| -> i64 {
        s.t.sql()
            .query_row(
                "SELECT COUNT(*) FROM exercise_sets WHERE workout_exercise_id = ?1 AND _cl % 2 = 1",
                [we.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    // Deleting an exercise tombstones the exercise; its sets go with it (reads filter by parent).
    let alive = |we: Uuid| -> bool {
        s.t.sql()
            .query_row(
                "SELECT _cl % 2 = 1 FROM workout_exercises WHERE id = ?1",
                [we.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    let intensity_of = |we: Uuid| -> String {
        s.t.sql()
            .query_row(
                "SELECT intensity FROM workout_exercises WHERE id = ?1",
                [we.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    // The trainer's set would be deleted, or its calories changed: refused like editing it.
    let delete = s.app().delete_workout_exercise(WorkoutExerciseRef {
        workout_exercise_id: mixed,
    });
    assert_eq!(delete.unwrap_err(), ApiError::NotFound);
    let re_rate = s.app().set_intensity(SetIntensityArgs {
        workout_exercise_id: mixed,
        intensity: Intensity::ModerateVigorous,
    });
    assert_eq!(re_rate.unwrap_err(), ApiError::NotFound);
    assert!(alive(mixed));
    assert_eq!(live_sets(mixed), 2, "both sets kept");
    assert_eq!(
        intensity_of(mixed),
        "exercise_default",
        "intensity unchanged"
    );
    // Notes and order stay the member's to change.
    s.app()
        .set_exercise_notes(NotesArgs {
            workout_exercise_id: mixed,
            notes: "knees out".into(),
        })
        .unwrap();
    // An exercise holding only their own sets: theirs to re-rate and delete.
    s.app()
        .set_intensity(SetIntensityArgs {
            workout_exercise_id: own,
            intensity: Intensity::ModerateVigorous,
        })
        .unwrap();
    s.app()
        .delete_workout_exercise(WorkoutExerciseRef {
            workout_exercise_id: own,
        })
        .unwrap();
    assert!(!alive(own));
    // The trainer may do both on the mixed one.
    sign_in(s.app(), &s.trainer);
    s.app()
        .set_intensity(SetIntensityArgs {
            workout_exercise_id: mixed,
            intensity: Intensity::Low,
        })
        .unwrap();
    s.app()
        .delete_workout_exercise(WorkoutExerciseRef {
            workout_exercise_id: mixed,
        })
        .unwrap();
    assert!(!alive(mixed));
}

#[test]
fn a_member_edits_sets_they_recorded_but_only_reads_the_trainers() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(BARBELL_SQUAT));
    let by_trainer = log(s.app(), we, fields(Some(5), Some(100_000), None))
        .set
        .unwrap();
    sign_in(s.app(), &s.member);
    let by_member = log(s.app(), we, fields(Some(6), Some(60_000), None))
        .set
        .unwrap();
    assert_eq!(by_member.recorded_by, s.member.id);
    assert!(by_member.editable);
    let day = day_view(s.app(), &s.member, DATE);
    let editable: Vec<_> = day.exercises[0]
        .sets
        .iter()
        .map(|s| (s.set_id, s.editable))
        .collect();
    assert_eq!(
        editable,
        vec![(by_trainer.set_id, false), (by_member.set_id, true)]
    );
    // The trainer's set: not found for writes.
    assert_eq!(
        s.app()
            .update_set(UpdateSetArgs {
                set_id: by_trainer.set_id,
                fields: fields(Some(50), None, None)
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        s.app()
            .delete_set(SetRef {
                set_id: by_trainer.set_id
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    assert_eq!(
        s.app()
            .move_set(MoveArgs {
                id: by_trainer.set_id,
                after: Some(by_member.set_id),
                before: None
            })
            .unwrap_err(),
        ApiError::NotFound
    );
    // Their own: allowed.
    let updated = s
        .app()
        .update_set(UpdateSetArgs {
            set_id: by_member.set_id,
            fields: fields(Some(7), Some(60_000), None),
        })
        .unwrap();
    assert_eq!(updated.set.unwrap().reps, Some(7));
    let reps: i64 =
        s.t.sql()
            .query_row(
                "SELECT reps FROM exercise_sets WHERE id = ?1",
                [by_trainer.set_id.to_string()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(reps, 5, "the trainer's set is unchanged");
    // A fellow member of the same trainer is invisible.
    let fellow = member_of(&s.t, &s.trainer, "Fellow");
    let fellow_day = s.app().get_day(DayRef {
        member_id: fellow.id,
        date: DATE.into(),
    });
    assert_eq!(fellow_day.unwrap_err(), ApiError::NotFound);
    let fellow_add = s.app().add_workout_exercise(AddWorkoutExerciseArgs {
        member_id: fellow.id,
        date: DATE.into(),
        exercise: catalog(PUSH_UP),
    });
    assert_eq!(fellow_add.unwrap_err(), ApiError::NotFound);
    // So is the trainer's own workout.
    let trainers = s.app().get_day(DayRef {
        member_id: s.trainer.id,
        date: DATE.into(),
    });
    assert_eq!(trainers.unwrap_err(), ApiError::NotFound);
    s.app()
        .delete_set(SetRef {
            set_id: by_member.set_id,
        })
        .unwrap();
    // The trainer may edit what the member recorded.
    sign_in(s.app(), &s.trainer);
    let own_day = day_view(s.app(), &s.member, DATE);
    assert!(own_day.exercises[0].sets.iter().all(|s| s.editable));
    assert_totals_match(&s.t.sql());
}

#[test]
fn a_trainer_logs_their_own_workouts_the_same_way() {
    let s = studio();
    let we = add_exercise(s.app(), &s.trainer, DATE, catalog(BARBELL_SQUAT));
    let set = log(s.app(), we, fields(Some(3), Some(140_000), None))
        .set
        .unwrap();
    assert!(set.editable);
    let sessions = s
        .app()
        .list_sessions(ListSessionsArgs {
            member_id: s.trainer.id,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(sessions.len(), 1);
    // 3 × 140 kg = 420_000 g.
    assert_eq!(sessions[0].totals.volume_g, 420_000);
    // Their member cannot see it.
    sign_in(s.app(), &s.member);
    assert_eq!(
        s.app()
            .list_sessions(ListSessionsArgs {
                member_id: s.trainer.id,
                from: None,
                to: None
            })
            .unwrap_err(),
        ApiError::NotFound
    );
}

#[test]
fn workout_commands_need_a_signed_in_user() {
    let s = studio();
    let we = add_exercise(s.app(), &s.member, DATE, catalog(PUSH_UP));
    s.app().sign_out(NoArgs {}).unwrap();
    let app = s.app();
    let results: Vec<(&str, Option<Result<serde_json::Value, ApiError>>)> = vec![
        (
            "get_day",
            app.dispatch("get_day", json!({"member_id": s.member.id, "date": DATE})),
        ),
        (
            "log_set",
            app.dispatch("log_set", json!({"workout_exercise_id": we, "reps": 1})),
        ),
        (
            "today_summary",
            app.dispatch("today_summary", json!({"date": DATE})),
        ),
        (
            "browse_exercises",
            app.dispatch("browse_exercises", json!({})),
        ),
        (
            "list_favourites",
            app.dispatch("list_favourites", json!({})),
        ),
    ];
    for (name, result) in results {
        assert_eq!(
            result.unwrap().unwrap_err(),
            ApiError::Unauthenticated,
            "{name}"
        );
    }
    assert_eq!(s.count("SELECT COUNT(*) FROM exercise_sets"), 0);
}
