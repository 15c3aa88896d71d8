//! Random sequences of workout and body-weight edits on a trainer, two members and a custom
//! exercise, with sync capture on. After each sequence:
//!
//! (a) every row of `workout_exercise_totals` and `daily_workout_totals` equals the test's own
//!     recomputation (plain SQL aggregates; the calorie rule of domain.md written out again in
//!     `support`), and every command's reply carried the totals of that moment;
//! (b) replaying the outbox in `device_seq` order over an empty state gives exactly the columns
//!     of the synced rows now in the database (sync.md "On the device").
//!
//! A second property runs with capture off and proves nothing reaches the outbox.
//!
//! Cases: `PROPTEST_CASES` (default 48 with capture, 12 without); each case copies a prepared
//! database, so no password hashing happens per case.

mod support;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use support::*;
use trainmate_api::*;
use trainmate_app::{App, ManualClock};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures};
use uuid::Uuid;

/// Catalog exercises of every kind the calorie rule distinguishes (see `support`).
const EXERCISES: &[u32] = &[
    WEIGHTED_PUSH_UP,
    PUSH_UP,
    ASSISTED_PULL_UP,
    PLANK,
    SWIMMING,
    BARBELL_SQUAT,
];
const WORKOUT_DATES: &[&str] = &["2026-03-01", "2026-03-02", "2026-03-05"];
/// Before, on, between and after the workout dates.
const WEIGHT_DATES: &[&str] = &[
    "2026-02-28",
    "2026-03-01",
    "2026-03-03",
    "2026-03-05",
    "2026-03-09",
];

#[derive(Debug, Clone)]
enum Op {
    /// `who`: 0 and 1 the members, 2 the trainer themselves; `exercise` past the catalog list
    /// is the custom exercise.
    AddExercise {
        who: usize,
        date: usize,
        exercise: usize,
    },
    LogSet {
        target: usize,
        values: Values,
    },
    UpdateSet {
        target: usize,
        values: Values,
    },
    DeleteSet {
        target: usize,
    },
    MoveSet {
        target: usize,
        to_front: bool,
    },
    DeleteExercise {
        target: usize,
    },
    SetIntensity {
        target: usize,
        intensity: usize,
    },
    AddWeight {
        who: usize,
        date: usize,
        grams: i64,
    },
    UpdateWeight {
        target: usize,
        date: usize,
        grams: i64,
    },
    DeleteWeight {
        target: usize,
    },
    UpdateCustom {
        met: i64,
        measures: usize,
    },
}

#[derive(Debug, Clone)]
struct Values {
    reps: Option<i64>,
    weight_g: Option<i64>,
    duration_s: Option<i64>,
    distance_m: Option<i64>,
}

fn values() -> impl Strategy<Value = Values> {
    (
        // Mostly valid, sometimes just outside the range (then the command must refuse).
        prop::option::of(prop_oneof![8 => 0..=30i64, 1 => 995..=1_001i64, 1 => Just(-1i64)]),
        prop::option::of(prop_oneof![
            8 => (0..=400i64).prop_map(|half_kg| half_kg * 500),
            1 => Just(1_000_000i64),
            1 => Just(1_000_001i64),
        ]),
        prop::option::of(prop_oneof![3 => Just(0i64), 6 => 1..=400i64, 1 => Just(86_401i64)]),
        prop::option::of(0..=5_000i64),
    )
        .prop_map(|(reps, weight_g, duration_s, distance_m)| Values {
            reps,
            weight_g,
            duration_s,
            distance_m,
        })
}

fn op() -> impl Strategy<Value = Op> {
    let target = 0..64usize;
    prop_oneof![
        4 => (0..3usize, 0..WORKOUT_DATES.len(), 0..=EXERCISES.len())
            .prop_map(|(who, date, exercise)| Op::AddExercise { who, date, exercise }),
        10 => (target.clone(), values()).prop_map(|(target, values)| Op::LogSet { target, values }),
        3 => (target.clone(), values()).prop_map(|(target, values)| Op::UpdateSet { target, values }),
        2 => target.clone().prop_map(|target| Op::DeleteSet { target }),
        1 => (target.clone(), any::<bool>()).prop_map(|(target, to_front)| Op::MoveSet { target, to_front }),
        1 => target.clone().prop_map(|target| Op::DeleteExercise { target }),
        2 => (target.clone(), 0..3usize).prop_map(|(target, intensity)| Op::SetIntensity { target, intensity }),
        2 => (0..3usize, 0..WEIGHT_DATES.len(), 80..=240i64)
            .prop_map(|(who, date, half_kg)| Op::AddWeight { who, date, grams: half_kg * 500 }),
        1 => (target.clone(), 0..WEIGHT_DATES.len(), 80..=240i64)
            .prop_map(|(target, date, half_kg)| Op::UpdateWeight { target, date, grams: half_kg * 500 }),
        1 => target.prop_map(|target| Op::DeleteWeight { target }),
        1 => (10..=230i64, 0..3usize).prop_map(|(met, measures)| Op::UpdateCustom { met, measures }),
    ]
}

/// A prepared data directory: a trainer (kept signed in) with two members and a custom
/// exercise, capture on or off. Made once; each case works on a copy.
struct Template {
    dir: tempfile::TempDir,
    trainer: User,
    members: [User; 2],
    custom: Uuid,
}

fn template(capture: bool) -> &'static Template {
    static ON: OnceLock<Template> = OnceLock::new();
    static OFF: OnceLock<Template> = OnceLock::new();
    let cell = if capture { &ON } else { &OFF };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path()).unwrap();
        let trainer = trainer_in(&app, "Trainer");
        let members = [
            member_in(&app, &trainer, "Ahn"),
            member_in(&app, &trainer, "Baek"),
        ];
        app.sign_in(SignInArgs {
            email: trainer.email.clone(),
            password: PASSWORD.into(),
            keep_signed_in: true,
        })
        .unwrap();
        if capture {
            enable_capture(dir.path(), &trainer);
        }
        let custom = app
            .create_custom_exercise(CustomExerciseArgs {
                body_part: BodyPart::Back,
                equipment: Equipment::Machine,
                name_ko: "스미스 로우".into(),
                name_en: String::new(),
                measures: Measures::Reps,
                load: Load::External,
                met_tenths: None,
            })
            .unwrap();
        let ExerciseRef::Custom(custom) = custom.exercise else {
            panic!("custom")
        };
        drop(app);
        Template {
            dir,
            trainer,
            members,
            custom,
        }
    })
}

fn copy_data(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// What the test knows is alive, by the ids the app answered.
#[derive(Default)]
struct Live {
    exercises: Vec<Uuid>,
    /// (set, its workout exercise)
    sets: Vec<(Uuid, Uuid)>,
    weights: Vec<Uuid>,
}

fn pick<T: Copy>(list: &[T], target: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[target % list.len()])
}

fn in_range(v: &Values) -> bool {
    let ok = |x: Option<i64>, max: i64| x.is_none_or(|x| (0..=max).contains(&x));
    ok(v.reps, 1_000)
        && ok(v.weight_g, 1_000_000)
        && ok(v.duration_s, 86_400)
        && ok(v.distance_m, 1_000_000)
}

fn set_fields(v: &Values) -> SetFields {
    SetFields {
        reps: v.reps,
        weight_g: v.weight_g,
        duration_s: v.duration_s,
        distance_m: v.distance_m,
        ..SetFields::default()
    }
}

/// The stored totals as the reply shows them, from the oracle.
fn as_view(e: &Expected) -> TotalsView {
    TotalsView {
        sets: e.sets as u32,
        reps: e.reps as u64,
        volume_g: e.volume_g as u64,
        duration_s: e.duration_s as u64,
        cal: e.cal as u64,
        estimated: e.estimated_sets > 0,
    }
}

fn run_case(ops: &[Op], capture: bool) -> Result<(), TestCaseError> {
    let template = template(capture);
    let dir = tempfile::tempdir().unwrap();
    copy_data(template.dir.path(), dir.path());
    let clock = ManualClock::at(now_ms_for_tests());
    let app = App::open_with_clock(dir.path(), Arc::new(clock.clone())).unwrap();
    let me = app.current_user(NoArgs {}).unwrap();
    prop_assert_eq!(
        me.map(|m| m.user_id),
        Some(template.trainer.id),
        "kept session"
    );
    let people = [
        template.members[0].clone(),
        template.members[1].clone(),
        template.trainer.clone(),
    ];
    let conn = read_only(&db_path(dir.path()));
    let mut live = Live::default();
    for (step, op) in ops.iter().enumerate() {
        clock.advance_ms(1_000);
        let context = format!("step {step}: {op:?}");
        match op {
            Op::AddExercise {
                who,
                date,
                exercise,
            } => {
                let exercise = match EXERCISES.get(*exercise) {
                    Some(id) => ExerciseRef::Catalog(*id),
                    None => ExerciseRef::Custom(template.custom),
                };
                let day = app
                    .add_workout_exercise(AddWorkoutExerciseArgs {
                        member_id: people[*who].id,
                        date: WORKOUT_DATES[*date].into(),
                        exercise,
                    })
                    .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
                live.exercises
                    .push(day.exercises.last().unwrap().workout_exercise_id);
            }
            Op::LogSet { target, values } => {
                let Some(we) = pick(&live.exercises, *target) else {
                    continue;
                };
                let result = app.log_set(LogSetArgs {
                    workout_exercise_id: we,
                    fields: set_fields(values),
                });
                match result {
                    Ok(change) => {
                        prop_assert!(in_range(values), "{}: accepted", context);
                        let set = change.set.as_ref().unwrap();
                        prop_assert_eq!(set.reps.map(i64::from), values.reps);
                        prop_assert_eq!(set.weight_g.map(i64::from), values.weight_g);
                        live.sets.push((set.set_id, we));
                        let expected = expected_exercise(&conn, &we.to_string());
                        prop_assert_eq!(change.exercise_totals, as_view(&expected), "{}", context);
                    }
                    Err(ApiError::Invalid { .. }) => {
                        prop_assert!(!in_range(values), "{}: refused", context)
                    }
                    Err(e) => return Err(TestCaseError::fail(format!("{context}: {e:?}"))),
                }
            }
            Op::UpdateSet { target, values } => {
                let Some((set, we)) = pick(&live.sets, *target) else {
                    continue;
                };
                match app.update_set(UpdateSetArgs {
                    set_id: set,
                    fields: set_fields(values),
                }) {
                    Ok(change) => {
                        prop_assert!(in_range(values), "{}: accepted", context);
                        let expected = expected_exercise(&conn, &we.to_string());
                        prop_assert_eq!(change.exercise_totals, as_view(&expected), "{}", context);
                    }
                    Err(ApiError::Invalid { .. }) => {
                        prop_assert!(!in_range(values), "{}: refused", context)
                    }
                    Err(e) => return Err(TestCaseError::fail(format!("{context}: {e:?}"))),
                }
            }
            Op::DeleteSet { target } => {
                let Some((set, we)) = pick(&live.sets, *target) else {
                    continue;
                };
                let change = app
                    .delete_set(SetRef { set_id: set })
                    .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
                live.sets.retain(|(s, _)| *s != set);
                let expected = expected_exercise(&conn, &we.to_string());
                prop_assert_eq!(change.exercise_totals, as_view(&expected), "{}", context);
            }
            Op::MoveSet { target, to_front } => {
                let Some((set, we)) = pick(&live.sets, *target) else {
                    continue;
                };
                let siblings: Vec<Uuid> = live
                    .sets
                    .iter()
                    .filter(|(s, w)| *w == we && *s != set)
                    .map(|(s, _)| *s)
                    .collect();
                // First or last among the set's siblings, by their current order.
                let order: Vec<Uuid> = conn
                    .prepare(
                        "SELECT id FROM exercise_sets WHERE workout_exercise_id = ?1
                         AND _cl % 2 = 1 ORDER BY order_key, id",
                    )
                    .unwrap()
                    .query_map([we.to_string()], |r| r.get::<_, String>(0))
                    .unwrap()
                    .map(|id| id.unwrap().parse().unwrap())
                    .filter(|id| siblings.contains(id))
                    .collect();
                let (after, before) = match (to_front, order.first(), order.last()) {
                    (true, Some(first), _) => (None, Some(*first)),
                    (false, _, Some(last)) => (Some(*last), None),
                    _ => (None, None),
                };
                app.move_set(MoveArgs {
                    id: set,
                    after,
                    before,
                })
                .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
            }
            Op::DeleteExercise { target } => {
                let Some(we) = pick(&live.exercises, *target) else {
                    continue;
                };
                app.delete_workout_exercise(WorkoutExerciseRef {
                    workout_exercise_id: we,
                })
                .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
                live.exercises.retain(|w| *w != we);
                live.sets.retain(|(_, w)| *w != we);
            }
            Op::SetIntensity { target, intensity } => {
                let Some(we) = pick(&live.exercises, *target) else {
                    continue;
                };
                let intensity = [
                    Intensity::ExerciseDefault,
                    Intensity::Low,
                    Intensity::ModerateVigorous,
                ][*intensity];
                app.set_intensity(SetIntensityArgs {
                    workout_exercise_id: we,
                    intensity,
                })
                .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
            }
            Op::AddWeight { who, date, grams } => {
                let entry = app
                    .add_body_metric(AddBodyMetricArgs {
                        member_id: people[*who].id,
                        measured_on: WEIGHT_DATES[*date].into(),
                        height_mm: None,
                        weight_g: Some(*grams),
                        body_fat_tenths: None,
                        skeletal_muscle_g: None,
                    })
                    .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
                live.weights.push(entry.entry_id);
            }
            Op::UpdateWeight {
                target,
                date,
                grams,
            } => {
                let Some(entry) = pick(&live.weights, *target) else {
                    continue;
                };
                app.update_body_metric(UpdateBodyMetricArgs {
                    entry_id: entry,
                    measured_on: WEIGHT_DATES[*date].into(),
                    height_mm: None,
                    weight_g: Some(*grams),
                    body_fat_tenths: None,
                    skeletal_muscle_g: None,
                })
                .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
            }
            Op::DeleteWeight { target } => {
                let Some(entry) = pick(&live.weights, *target) else {
                    continue;
                };
                app.delete_body_metric(EntryRef { entry_id: entry })
                    .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
                live.weights.retain(|w| *w != entry);
            }
            Op::UpdateCustom { met, measures } => {
                let (measures, load) = [
                    (Measures::Reps, Load::External),
                    (Measures::Time, Load::None),
                    (Measures::Distance, Load::None),
                ][*measures];
                app.update_custom_exercise(UpdateCustomExerciseArgs {
                    exercise_id: template.custom,
                    fields: CustomExerciseArgs {
                        body_part: BodyPart::Back,
                        equipment: Equipment::Machine,
                        name_ko: "스미스 로우".into(),
                        name_en: String::new(),
                        measures,
                        load,
                        met_tenths: Some(*met),
                    },
                })
                .map_err(|e| TestCaseError::fail(format!("{context}: {e:?}")))?;
            }
        }
    }

    // (a) Stored totals equal the independent recomputation.
    let problems = totals_mismatches(&conn);
    prop_assert!(problems.is_empty(), "totals:\n{}", problems.join("\n"));
    // The sets the test believes alive are exactly the live sets under live exercises.
    let live_in_db: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM exercise_sets s
             JOIN workout_exercises we ON we.id = s.workout_exercise_id
             WHERE s._cl % 2 = 1 AND we._cl % 2 = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    prop_assert_eq!(live_in_db, live.sets.len() as i64);

    // (b) The outbox replays to the synced rows — or is empty without capture.
    if capture {
        let problems = outbox_mismatches(&conn, &|_, _| true);
        prop_assert!(problems.is_empty(), "outbox:\n{}", problems.join("\n"));
    } else {
        prop_assert_eq!(
            outbox_count(&conn),
            0,
            "capture off writes no outbox records"
        );
    }
    Ok(())
}

fn now_ms_for_tests() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(48),
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn totals_and_outbox_follow_random_edits_with_capture_on(
        ops in prop::collection::vec(op(), 20..=60)
    ) {
        run_case(&ops, true)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(12),
        max_shrink_iters: 100,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn totals_follow_random_edits_with_capture_off_and_nothing_is_captured(
        ops in prop::collection::vec(op(), 20..=60)
    ) {
        run_case(&ops, false)?;
    }
}
