//! Every command of the contract, fed arbitrary JSON through `dispatch` (as the shell hands it
//! over), signed out and signed in as a trainer: it always answers, never panics, and a failure is
//! one of the typed errors — `invalid` naming at least one field, or not_found /
//! unauthenticated / forbidden and the other typed codes — never `ipc` (domain.md fault 9: bad
//! input crashed the original server).
//!
//! Inputs: arbitrary nested values, and valid argument objects of each command with one field
//! replaced by a value of the wrong type, removed, or joined by an unknown one.
//! Cases: `PROPTEST_CASES` (default 24); each case runs every command in both states.

mod support;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use support::*;
use trainmate_api::*;
use trainmate_app::App;

/// A 1×1 PNG, so `set_photo` reaches its decoder with a real image.
const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// One app for the whole run: a trainer with a member, a day with a set, a custom exercise and
/// a body-metric entry, so valid-looking ids reach the commands' real paths.
struct World {
    _dir: tempfile::TempDir,
    app: App,
    trainer: User,
    valid: BTreeMap<&'static str, Value>,
}

fn world() -> &'static Mutex<World> {
    static WORLD: OnceLock<Mutex<World>> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path()).unwrap();
        let trainer = trainer_in(&app, "Trainer");
        let member = member_in(&app, &trainer, "Member");
        sign_in(&app, &trainer);
        let we = add_exercise(&app, &member, "2026-03-02", ExerciseRef::Catalog(DUMBBELL_FLY));
        let set = log(&app, we, fields(Some(10), Some(20_000), None)).set.unwrap().set_id;
        let custom = app
            .create_custom_exercise(CustomExerciseArgs {
                body_part: trainmate_core::catalog::BodyPart::Back,
                equipment: trainmate_core::catalog::Equipment::Machine,
                name_ko: "로우".into(),
                name_en: String::new(),
                measures: trainmate_core::catalog::Measures::Reps,
                load: trainmate_core::catalog::Load::External,
                met_tenths: None,
            })
            .unwrap();
        let ExerciseRef::Custom(custom) = custom.exercise else {
            panic!("custom")
        };
        let entry = app
            .add_body_metric(AddBodyMetricArgs {
                member_id: member.id,
                measured_on: "2026-03-01".into(),
                height_mm: Some(1_700),
                weight_g: Some(65_000),
                body_fat_tenths: None,
                skeletal_muscle_g: None,
            })
            .unwrap()
            .entry_id;
        let m = member.id;
        // A valid argument object of each command. Passwords that would change a known
        // account's password are wrong on purpose (the current one), and sign-in and the
        // recovery-code reset use a stranger's email so the trainer is never backed off.
        let strong = "Another pass 9#";
        let valid: BTreeMap<&'static str, Value> = [
            (
                "sign_up",
                json!({"accept_terms": true, "accept_privacy": true, "accept_marketing": false,
                       "user_type": "member", "name": "New", "email": "new@example.com",
                       "password": strong, "password_confirmation": strong}),
            ),
            (
                "sign_in",
                json!({"email": "stranger@example.com", "password": strong, "keep_signed_in": false}),
            ),
            (
                "change_password",
                json!({"current_password": "not the password 1!", "password": strong,
                       "password_confirmation": strong}),
            ),
            (
                "reset_with_recovery_code",
                json!({"email": "stranger@example.com", "recovery_code": "AAAA-BBBB-CCCC",
                       "password": strong, "password_confirmation": strong}),
            ),
            (
                "give_consent",
                json!({"accept_terms": true, "accept_privacy": true}),
            ),
            (
                "add_member",
                json!({"name": "Added", "email": "added@example.com", "phone": "010-1234-5678"}),
            ),
            ("search_unassigned", json!({"query": "a"})),
            ("assign_member", json!({"member_id": m})),
            ("release_member", json!({"member_id": uuid::Uuid::now_v7()})),
            (
                "reset_member_password",
                json!({"member_id": m, "password": strong, "password_confirmation": strong}),
            ),
            ("get_profile", json!({"member_id": m})),
            (
                "update_profile",
                json!({"member_id": m, "name": "Member", "phone": null, "birth_date": "1990-01-31"}),
            ),
            ("list_body_metrics", json!({"member_id": m})),
            (
                "add_body_metric",
                json!({"member_id": m, "measured_on": "2026-03-03", "weight_g": 64_500}),
            ),
            (
                "update_body_metric",
                json!({"entry_id": entry, "measured_on": "2026-03-01", "weight_g": 65_500}),
            ),
            ("delete_body_metric", json!({"entry_id": uuid::Uuid::now_v7()})),
            ("set_photo", json!({"member_id": m, "data_base64": PNG_1X1})),
            ("get_photo", json!({"member_id": m})),
            ("browse_exercises", json!({"body_part": "chest", "equipment": "dumbbell"})),
            ("search_exercises", json!({"query": "ㅂㅂㅅ"})),
            (
                "create_custom_exercise",
                json!({"body_part": "chest", "equipment": "machine", "name_ko": "머신",
                       "measures": "reps", "load": "external", "met_tenths": 40}),
            ),
            (
                "update_custom_exercise",
                json!({"exercise_id": custom, "body_part": "back", "equipment": "machine",
                       "name_ko": "로우", "measures": "reps", "load": "external"}),
            ),
            (
                "set_favourite",
                json!({"exercise": {"catalog": 7}, "favourite": true}),
            ),
            ("recent_exercises", json!({"member_id": m})),
            ("get_day", json!({"member_id": m, "date": "2026-03-02"})),
            (
                "add_workout_exercise",
                json!({"member_id": m, "date": "2026-03-02", "exercise": {"custom": custom}}),
            ),
            (
                "log_set",
                json!({"workout_exercise_id": we, "reps": 8, "weight_g": 42_500,
                       "duration_s": 60, "distance_m": 0, "set_type": "drop", "notes": "ok"}),
            ),
            (
                "update_set",
                json!({"set_id": set, "reps": 9, "weight_g": 20_000, "set_type": "failure"}),
            ),
            ("delete_set", json!({"set_id": uuid::Uuid::now_v7()})),
            ("move_set", json!({"id": set, "after": null, "before": null})),
            (
                "set_intensity",
                json!({"workout_exercise_id": we, "intensity": "moderate_vigorous"}),
            ),
            (
                "set_exercise_notes",
                json!({"workout_exercise_id": we, "notes": "note"}),
            ),
            (
                "set_day_notes",
                json!({"member_id": m, "date": "2026-03-02", "notes": "day"}),
            ),
            (
                "delete_workout_exercise",
                json!({"workout_exercise_id": uuid::Uuid::now_v7()}),
            ),
            ("move_workout_exercise", json!({"id": we})),
            (
                "list_sessions",
                json!({"member_id": m, "from": "2026-01-01", "to": "2026-12-31"}),
            ),
            ("today_summary", json!({"date": "2026-03-02"})),
            (
                "update_settings",
                json!({"language": "ko", "units": "lb", "theme": "dark"}),
            ),
        ]
        .into_iter()
        .collect();
        Mutex::new(World {
            _dir: dir,
            app,
            trainer,
            valid,
        })
    })
}

/// Arbitrary JSON: scalars of every kind (with the edges that break parsers and ranges), and
/// nested arrays and objects whose keys are often real field names.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "member_id",
            "date",
            "reps",
            "weight_g",
            "duration_s",
            "distance_m",
            "set_type",
            "notes",
            "exercise",
            "catalog",
            "custom",
            "workout_exercise_id",
            "set_id",
            "id",
            "after",
            "before",
            "intensity",
            "email",
            "password",
            "name",
            "query",
            "entry_id",
            "measured_on",
            "body_part",
            "equipment",
            "measures",
            "load",
            "met_tenths",
            "from",
            "to",
            "favourite",
            "data_base64",
            "language",
            "units",
            "theme",
            "user_type",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            any::<i64>(),
            Just(i64::MIN),
            Just(i64::MAX),
            Just(-1i64),
            Just(0i64),
            Just(u32::MAX as i64 + 1),
            -5..=2_000i64,
        ]
        .prop_map(|n| json!(n)),
        Just(json!(u64::MAX)),
        prop_oneof![any::<f64>(), Just(0.5f64), Just(-0.0f64), Just(1e300f64)]
            .prop_map(|f| json!(f)),
        prop_oneof![
            ".{0,12}",
            Just(String::new()),
            Just("2026-02-30".to_owned()),
            Just("2026-03-02".to_owned()),
            Just("00000000-0000-0000-0000-000000000000".to_owned()),
            Just(uuid::Uuid::now_v7().to_string()),
            Just("ㅂㅂㅅ".to_owned()),
            Just("x".repeat(2_000)),
            Just("\u{0}\u{feff}\u{202e}".to_owned()),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// How to spoil a valid argument object.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the field at this index (mod the field count) by a value.
    Replace(usize, Value),
    Remove(usize),
    Add(String, Value),
    /// The whole value replaced (not an object at all, or another command's arguments).
    Whole(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => ("[a-z_]{1,10}", any_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
        1 => any_json().prop_map(Mutation::Whole),
    ]
}

fn mutate(valid: &Value, mutation: &Mutation) -> Value {
    let Value::Object(map) = valid else {
        return valid.clone();
    };
    let mut map = map.clone();
    let keys: Vec<String> = map.keys().cloned().collect();
    match mutation {
        Mutation::Replace(i, v) if !keys.is_empty() => {
            map.insert(keys[i % keys.len()].clone(), v.clone());
        }
        Mutation::Remove(i) if !keys.is_empty() => {
            map.remove(&keys[i % keys.len()]);
        }
        Mutation::Add(k, v) => {
            map.insert(k.clone(), v.clone());
        }
        Mutation::Whole(v) => return v.clone(),
        _ => {}
    }
    Value::Object(map)
}

/// Dispatches one call and checks the answer's shape; answers a description of what is wrong.
fn check_call(app: &App, name: &str, input: &Value, state: &str) -> Result<(), String> {
    let answer = catch_unwind(AssertUnwindSafe(|| app.dispatch(name, input.clone())));
    let answer = match answer {
        Ok(answer) => answer,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            return Err(format!("{name} ({state}) panicked on {input}: {message}"));
        }
    };
    match answer {
        None => Err(format!(
            "{name} is in ALL_COMMANDS but dispatch does not know it"
        )),
        Some(Ok(_)) => Ok(()),
        Some(Err(ApiError::Invalid { fields })) => {
            if fields.is_empty() || fields.iter().any(|f| f.field.is_empty()) {
                Err(format!(
                    "{name} ({state}) on {input}: invalid without a field: {fields:?}"
                ))
            } else {
                Ok(())
            }
        }
        Some(Err(ApiError::Ipc { message })) => {
            Err(format!("{name} ({state}) on {input}: ipc error {message}"))
        }
        Some(Err(ApiError::Internal)) => Err(format!(
            "{name} ({state}) on {input}: internal error on bad input"
        )),
        Some(Err(
            ApiError::NotFound
            | ApiError::Unauthenticated
            | ApiError::Forbidden
            | ApiError::ConsentRequired
            | ApiError::WrongCredentials
            | ApiError::TooManyAttempts { .. }
            | ApiError::Conflict { .. },
        )) => Ok(()),
    }
}

/// Runs every command on `input_for(name)` signed out, then signed in as the trainer.
fn every_command(input_for: &dyn Fn(&str, &World) -> Value) -> Result<(), TestCaseError> {
    let world = world().lock().unwrap_or_else(|p| p.into_inner());
    for signed_in in [false, true] {
        for name in ALL_COMMANDS {
            // Put the caller back first: a command may have signed someone in or out.
            let current = world
                .app
                .current_user(NoArgs {})
                .map_err(|e| TestCaseError::fail(format!("current_user: {e:?}")))?;
            match (signed_in, current.map(|m| m.user_id)) {
                (false, Some(_)) => world.app.sign_out(NoArgs {}).unwrap(),
                (true, Some(id)) if id == world.trainer.id => {}
                (true, _) => {
                    sign_in(&world.app, &world.trainer);
                }
                (false, None) => {}
            }
            let input = input_for(name, &world);
            let state = if signed_in { "trainer" } else { "signed out" };
            check_call(&world.app, name, &input, state).map_err(TestCaseError::fail)?;
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_json_gets_a_typed_answer_from_every_command(input in any_json()) {
        every_command(&|_, _| input.clone())?;
    }

    #[test]
    fn spoiled_valid_arguments_get_a_typed_answer_from_every_command(mutation in mutation()) {
        every_command(&|name, world| {
            let valid = world.valid.get(name).cloned().unwrap_or_else(|| json!({}));
            mutate(&valid, &mutation)
        })?;
    }
}

#[test]
fn every_command_answers_its_valid_example_and_the_plain_bad_shapes() {
    for bad in [
        json!(null),
        json!([]),
        json!("args"),
        json!(42),
        json!({}),
        json!({"unknown": true}),
    ] {
        every_command(&|_, _| bad.clone()).unwrap();
    }
    every_command(&|name, world| world.valid.get(name).cloned().unwrap_or_else(|| json!({})))
        .unwrap();
}

#[test]
fn a_string_for_a_number_names_the_field_in_every_set_command() {
    let world = world().lock().unwrap_or_else(|p| p.into_inner());
    sign_in(&world.app, &world.trainer);
    for name in ["log_set", "update_set"] {
        for field in ["reps", "weight_g", "duration_s", "distance_m"] {
            let mut input = world.valid[name].clone();
            input[field] = json!("12");
            let answer = world.app.dispatch(name, input).unwrap().unwrap_err();
            assert_eq!(
                answer,
                ApiError::invalid(field, Rule::Type),
                "{name}.{field}"
            );
        }
    }
}
