//! Authorization as one table: every command of trainmate-api × every relation of domain.md's
//! table, with the expected outcome per cell. A command missing from the table fails the test.
//!
//! The world: trainer A with members A1 and A2, trainer B with member B1, and an unassigned member
//! U, each with a body-metric entry and a day with one exercise and one set. Every cell runs on a
//! fresh copy of that world, so a cell that changes data (release, delete) cannot affect another.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use trainmate_api::*;
use trainmate_app::App;

const PASSWORD: &str = "correct horse 1!";
const DATE: &str = "2026-03-02";

/// Which user signs in for a cell, and whose data the cell targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Caller {
    TrainerA,
    MemberA1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// The caller themselves.
    SelfUser,
    /// Member A1's trainer A (for caller A1).
    MyTrainer,
    /// A1 (for trainer A).
    MyAssignedMember,
    /// A2 (for member A1).
    FellowMember,
    Unassigned,
    /// B1: another trainer's member.
    OtherMember,
    /// B: another trainer.
    OtherTrainer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    NotFound,
    Forbidden,
}
use Outcome::*;

/// The ids of one user's data in the world.
#[derive(Debug, Clone)]
struct Owned {
    user: String,
    email: String,
    entry: String,
    workout_exercise: String,
    set: String,
    custom_exercise: Option<String>,
}

struct World {
    dir: tempfile::TempDir,
    users: BTreeMap<&'static str, Owned>,
    /// A set in A1's day recorded by A1 themselves.
    a1_own_set: String,
    /// An exercise in A1's day holding only sets A1 recorded.
    a1_own_exercise: String,
}

fn sign_in(app: &App, email: &str) {
    app.sign_in(SignInArgs {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        keep_signed_in: false,
    })
    .expect("sign in");
}

fn sign_up(app: &App, user_type: UserType, name: &str, email: &str) -> String {
    app.sign_up(SignUpArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
        user_type,
        name: name.to_owned(),
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        password_confirmation: PASSWORD.to_owned(),
    })
    .expect("sign up")
    .me
    .user_id
    .to_string()
}

fn add_member(app: &App, name: &str, email: &str) -> String {
    app.add_member(AddMemberArgs {
        name: name.to_owned(),
        email: email.to_owned(),
        phone: None,
        password: Some(PASSWORD.to_owned()),
        password_confirmation: Some(PASSWORD.to_owned()),
    })
    .expect("add member")
    .member_id
    .to_string()
}

/// As the signed-in user, gives `user` a metric entry, a day with one exercise and one set.
fn give_data(app: &App, user: &str, email: &str, custom: Option<String>) -> Owned {
    let member_id: uuid::Uuid = user.parse().unwrap();
    let entry = app
        .add_body_metric(AddBodyMetricArgs {
            member_id,
            measured_on: "2026-03-01".into(),
            height_mm: None,
            weight_g: Some(70_000),
            body_fat_tenths: None,
            skeletal_muscle_g: None,
        })
        .expect("metric")
        .entry_id
        .to_string();
    let day = app
        .add_workout_exercise(AddWorkoutExerciseArgs {
            member_id,
            date: DATE.into(),
            exercise: ExerciseRef::Catalog(9),
        })
        .expect("exercise");
    let workout_exercise = day.exercises[0].workout_exercise_id;
    let set = log(app, workout_exercise);
    Owned {
        user: user.to_owned(),
        email: email.to_owned(),
        entry,
        workout_exercise: workout_exercise.to_string(),
        set,
        custom_exercise: custom,
    }
}

fn log(app: &App, workout_exercise_id: uuid::Uuid) -> String {
    app.log_set(LogSetArgs {
        workout_exercise_id,
        fields: SetFields {
            reps: Some(10),
            weight_g: Some(40_000),
            ..SetFields::default()
        },
    })
    .expect("log set")
    .set
    .expect("set")
    .set_id
    .to_string()
}

fn custom(app: &App, name: &str) -> String {
    match app
        .create_custom_exercise(CustomExerciseArgs {
            body_part: trainmate_core::catalog::BodyPart::Chest,
            equipment: trainmate_core::catalog::Equipment::Machine,
            name_ko: name.to_owned(),
            name_en: String::new(),
            measures: trainmate_core::catalog::Measures::Reps,
            load: trainmate_core::catalog::Load::External,
            met_tenths: None,
        })
        .expect("custom")
        .exercise
    {
        ExerciseRef::Custom(id) => id.to_string(),
        ExerciseRef::Catalog(_) => unreachable!(),
    }
}

fn build_world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path()).unwrap();
    let mut users = BTreeMap::new();

    let a = sign_up(&app, UserType::Trainer, "Trainer A", "a@test.kr");
    let a1 = add_member(&app, "Member A1", "a1@test.kr");
    let a2 = add_member(&app, "Member A2", "a2@test.kr");
    // A member's "custom exercise" is their trainer's: the one they may use.
    let a_custom = custom(&app, "A의 머신");
    users.insert(
        "A",
        give_data(&app, &a, "a@test.kr", Some(a_custom.clone())),
    );
    users.insert(
        "A1",
        give_data(&app, &a1, "a1@test.kr", Some(a_custom.clone())),
    );
    users.insert("A2", give_data(&app, &a2, "a2@test.kr", Some(a_custom)));
    app.sign_out(NoArgs {}).unwrap();

    let b = sign_up(&app, UserType::Trainer, "Trainer B", "b@test.kr");
    let b1 = add_member(&app, "Member B1", "b1@test.kr");
    let b_custom = custom(&app, "B의 머신");
    users.insert(
        "B",
        give_data(&app, &b, "b@test.kr", Some(b_custom.clone())),
    );
    users.insert("B1", give_data(&app, &b1, "b1@test.kr", Some(b_custom)));
    app.sign_out(NoArgs {}).unwrap();

    let u = sign_up(&app, UserType::Member, "Unassigned U", "u@test.kr");
    users.insert("U", give_data(&app, &u, "u@test.kr", None));
    app.sign_out(NoArgs {}).unwrap();

    // Members give consent at first sign-in; A1 also records a set of their own.
    sign_in(&app, "a1@test.kr");
    app.give_consent(ConsentArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
    })
    .unwrap();
    let a1_own_set = log(&app, users["A1"].workout_exercise.parse().unwrap());
    let a1_own_exercise = app
        .add_workout_exercise(AddWorkoutExerciseArgs {
            member_id: users["A1"].user.parse().unwrap(),
            date: DATE.into(),
            exercise: ExerciseRef::Catalog(16),
        })
        .expect("A1 adds an exercise")
        .exercises
        .last()
        .expect("the added exercise")
        .workout_exercise_id;
    log(&app, a1_own_exercise);
    app.sign_out(NoArgs {}).unwrap();
    drop(app);
    World {
        dir,
        users,
        a1_own_set,
        a1_own_exercise: a1_own_exercise.to_string(),
    }
}

fn owner_key(caller: Caller, target: Target) -> Option<&'static str> {
    use Target::*;
    Some(match (caller, target) {
        (Caller::TrainerA, SelfUser) => "A",
        (Caller::TrainerA, MyAssignedMember) => "A1",
        (Caller::TrainerA, Unassigned) => "U",
        (Caller::TrainerA, OtherMember) => "B1",
        (Caller::TrainerA, OtherTrainer) => "B",
        (Caller::MemberA1, SelfUser) => "A1",
        (Caller::MemberA1, MyTrainer) => "A",
        (Caller::MemberA1, FellowMember) => "A2",
        (Caller::MemberA1, Unassigned) => "U",
        (Caller::MemberA1, OtherMember) => "B1",
        (Caller::MemberA1, OtherTrainer) => "B",
        _ => return None,
    })
}

/// Arguments of a targeted command aimed at `owner`'s data.
fn targeted_args(command: &str, owner: &Owned, world: &World, caller: Caller) -> Value {
    let a1_on_self = caller == Caller::MemberA1 && owner.user == world.users["A1"].user;
    // A member's own-recorded set; the trainer-recorded one is checked separately.
    let set = if a1_on_self {
        world.a1_own_set.clone()
    } else {
        owner.set.clone()
    };
    // Deleting or re-rating an exercise reaches its sets: for A1, one holding only their own
    // (the one holding the trainer's set is checked separately).
    let sets_reaching_exercise = if a1_on_self {
        world.a1_own_exercise.clone()
    } else {
        owner.workout_exercise.clone()
    };
    // An unassigned member has no trainer and so no custom exercise: an id that exists nowhere.
    let custom = owner
        .custom_exercise
        .clone()
        .unwrap_or_else(|| "00000000-0000-7000-8000-000000000000".to_owned());
    let password = json!({"member_id": owner.user, "password": "another one 2!",
                          "password_confirmation": "another one 2!"});
    match command {
        "get_profile" | "list_body_metrics" | "recent_exercises" | "assign_member"
        | "release_member" => json!({"member_id": owner.user}),
        "update_profile" => json!({"member_id": owner.user, "name": "Renamed"}),
        "add_body_metric" => {
            json!({"member_id": owner.user, "measured_on": DATE, "weight_g": 71_000})
        }
        "update_body_metric" => {
            json!({"entry_id": owner.entry, "measured_on": DATE, "weight_g": 72_000})
        }
        "delete_body_metric" => json!({"entry_id": owner.entry}),
        "get_day" => json!({"member_id": owner.user, "date": DATE}),
        "add_workout_exercise" => {
            json!({"member_id": owner.user, "date": DATE, "exercise": {"catalog": 16}})
        }
        "log_set" => json!({"workout_exercise_id": owner.workout_exercise, "reps": 8}),
        "update_set" => json!({"set_id": set, "reps": 9}),
        "delete_set" => json!({"set_id": set}),
        "move_set" => json!({"id": set}),
        "set_intensity" => {
            json!({"workout_exercise_id": sets_reaching_exercise, "intensity": "low"})
        }
        "set_exercise_notes" => {
            json!({"workout_exercise_id": owner.workout_exercise, "notes": "slow"})
        }
        "set_day_notes" => json!({"member_id": owner.user, "date": DATE, "notes": "good"}),
        "delete_workout_exercise" => json!({"workout_exercise_id": sets_reaching_exercise}),
        "move_workout_exercise" => json!({"id": owner.workout_exercise}),
        "list_sessions" | "get_photo" => json!({"member_id": owner.user}),
        "set_photo" => json!({"member_id": owner.user, "data_base64": tiny_png_base64()}),
        "reset_member_password" => password,
        "search_unassigned" => json!({"query": owner.email}),
        "update_custom_exercise" => json!({
            "exercise_id": custom,
            "body_part": "chest", "equipment": "machine", "name_ko": "이름", "measures": "reps",
            "load": "external"}),
        "set_favourite" => json!({"exercise": {"custom": custom}, "favourite": true}),
        other => panic!("no targeted arguments for {other}"),
    }
}

/// A 2×2 PNG, base64.
fn tiny_png_base64() -> String {
    use base64::Engine;
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 2, 2);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[90u8; 12]).unwrap();
    }
    base64::engine::general_purpose::STANDARD.encode(png)
}

/// domain.md's table, per targeted command: the expected outcome for each (caller, target).
/// Rows list (TrainerA: self, my member, unassigned, other member, other trainer) and
/// (MemberA1: self, my trainer, fellow, unassigned, other member, other trainer).
fn expectations() -> BTreeMap<&'static str, ([Outcome; 5], [Outcome; 6])> {
    let read_write_own = (
        [Allowed, Allowed, NotFound, NotFound, NotFound],
        [Allowed, NotFound, NotFound, NotFound, NotFound, NotFound],
    );
    let trainer_only_on_members = (
        [NotFound, Allowed, NotFound, NotFound, NotFound],
        [Forbidden; 6],
    );
    BTreeMap::from([
        ("get_profile", read_write_own),
        ("update_profile", read_write_own),
        ("list_body_metrics", read_write_own),
        ("add_body_metric", read_write_own),
        ("update_body_metric", read_write_own),
        ("delete_body_metric", read_write_own),
        ("get_day", read_write_own),
        ("add_workout_exercise", read_write_own),
        ("log_set", read_write_own),
        ("update_set", read_write_own),
        ("delete_set", read_write_own),
        ("move_set", read_write_own),
        ("set_intensity", read_write_own),
        ("set_exercise_notes", read_write_own),
        ("set_day_notes", read_write_own),
        ("delete_workout_exercise", read_write_own),
        ("move_workout_exercise", read_write_own),
        ("list_sessions", read_write_own),
        ("recent_exercises", read_write_own),
        ("set_photo", read_write_own),
        // A member also sees their trainer's photo (with name, email and phone).
        (
            "get_photo",
            (
                [Allowed, Allowed, NotFound, NotFound, NotFound],
                [Allowed, Allowed, NotFound, NotFound, NotFound, NotFound],
            ),
        ),
        ("reset_member_password", trainer_only_on_members),
        ("release_member", trainer_only_on_members),
        // Only an unassigned member can be assigned.
        (
            "assign_member",
            (
                [NotFound, NotFound, Allowed, NotFound, NotFound],
                [Forbidden; 6],
            ),
        ),
        // Search finds only unassigned members: "not found" here means absent from the results.
        (
            "search_unassigned",
            (
                [NotFound, NotFound, Allowed, NotFound, NotFound],
                [Forbidden; 6],
            ),
        ),
        // Custom exercises (a member's column means their trainer's exercise): the trainer who
        // made one edits it; that trainer and their members use it.
        (
            "update_custom_exercise",
            (
                [Allowed, Allowed, NotFound, NotFound, NotFound],
                [Forbidden; 6],
            ),
        ),
        (
            "set_favourite",
            (
                [Allowed, Allowed, NotFound, NotFound, NotFound],
                [Allowed, Allowed, Allowed, NotFound, NotFound, NotFound],
            ),
        ),
    ])
}

/// Commands without a target: what a signed-out caller, trainer A and member A1 get.
fn untargeted() -> BTreeMap<&'static str, (Value, [Outcome; 2])> {
    let any = [Allowed, Allowed];
    BTreeMap::from([
        ("app_info", (json!({}), any)),
        ("ui_ready", (json!({}), any)),
        ("current_user", (json!({}), any)),
        ("sign_out", (json!({}), any)),
        (
            "change_password",
            (
                json!({"current_password": PASSWORD, "password": "brand new 3!!", "password_confirmation": "brand new 3!!"}),
                any,
            ),
        ),
        (
            "give_consent",
            (json!({"accept_terms": true, "accept_privacy": true}), any),
        ),
        ("get_my_trainer", (json!({}), any)),
        ("browse_exercises", (json!({"body_part": "chest"}), any)),
        ("search_exercises", (json!({"query": "ㅂㅂ"}), any)),
        ("list_favourites", (json!({}), any)),
        ("today_summary", (json!({"date": DATE}), any)),
        ("get_settings", (json!({}), any)),
        (
            "update_settings",
            (
                json!({"language": "en", "units": "lb", "theme": "dark"}),
                any,
            ),
        ),
        (
            "add_member",
            (
                json!({"name": "New", "email": "new@test.kr"}),
                [Allowed, Forbidden],
            ),
        ),
        ("list_members", (json!({}), [Allowed, Forbidden])),
        // Sync: only a trainer, for their own scope; members nothing.
        ("sync_status", (json!({}), [Allowed, Forbidden])),
        (
            "sync_link",
            (
                json!({"server_url": "http://127.0.0.1:9", "email": "a@test.kr", "password": PASSWORD, "create": false}),
                [Allowed, Forbidden],
            ),
        ),
        ("sync_now", (json!({}), [Allowed, Forbidden])),
        ("list_sync_conflicts", (json!({}), [Allowed, Forbidden])),
        // The world has no conflict: a trainer gets not_found for any id, a member forbidden.
        (
            "restore_sync_conflict",
            (json!({"id": 1}), [NotFound, Forbidden]),
        ),
        ("list_sync_rejected", (json!({}), [Allowed, Forbidden])),
        ("sync_unlink", (json!({}), [Allowed, Forbidden])),
        // "Sign in with my sync server" is for a device where no one is signed in.
        (
            "sync_sign_in",
            (
                json!({"server_url": "http://127.0.0.1:9", "email": "a@test.kr", "password": PASSWORD}),
                [Forbidden, Forbidden],
            ),
        ),
        (
            "create_custom_exercise",
            (
                json!({"body_part": "chest", "equipment": "machine", "name_ko": "새 머신", "measures": "reps", "load": "external"}),
                [Allowed, Forbidden],
            ),
        ),
    ])
}

/// Commands used before anyone is signed in; they take no signed-in caller.
const SIGNED_OUT_COMMANDS: &[&str] = &["sign_up", "sign_in", "reset_with_recovery_code"];

fn outcome(result: Option<Result<Value, ApiError>>, context: &str) -> Outcome {
    match result.unwrap_or_else(|| panic!("{context}: command not dispatched")) {
        Ok(_) => Allowed,
        Err(ApiError::NotFound) => NotFound,
        Err(ApiError::Forbidden) => Forbidden,
        // Through authorization to the network half of sync, which these tests do not install.
        Err(ApiError::Conflict { reason }) if reason == "sync_unavailable" => Allowed,
        // Allowed through authorization; the reply itself is beside the point here.
        Err(other) => panic!("{context}: unexpected {other:?}"),
    }
}

fn open_copy(world: &World) -> (tempfile::TempDir, App) {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(world.dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    let app = App::open(copy.path()).unwrap();
    (copy, app)
}

fn caller_email(caller: Caller) -> &'static str {
    match caller {
        Caller::TrainerA => "a@test.kr",
        Caller::MemberA1 => "a1@test.kr",
    }
}

#[test]
fn every_command_against_every_relation() {
    let world = build_world();
    let targeted = expectations();
    let untargeted = untargeted();
    let missing: Vec<_> = ALL_COMMANDS
        .iter()
        .filter(|c| {
            !targeted.contains_key(*c)
                && !untargeted.contains_key(*c)
                && !SIGNED_OUT_COMMANDS.contains(c)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "commands missing from the table: {missing:?}"
    );

    let trainer_targets = [
        Target::SelfUser,
        Target::MyAssignedMember,
        Target::Unassigned,
        Target::OtherMember,
        Target::OtherTrainer,
    ];
    let member_targets = [
        Target::SelfUser,
        Target::MyTrainer,
        Target::FellowMember,
        Target::Unassigned,
        Target::OtherMember,
        Target::OtherTrainer,
    ];
    let mut failures = Vec::new();
    for (command, (as_trainer, as_member)) in &targeted {
        let cells = trainer_targets
            .iter()
            .zip(as_trainer)
            .map(|(t, o)| (Caller::TrainerA, *t, *o))
            .chain(
                member_targets
                    .iter()
                    .zip(as_member)
                    .map(|(t, o)| (Caller::MemberA1, *t, *o)),
            );
        for (caller, target, expected) in cells {
            let (_copy, app) = open_copy(&world);
            sign_in(&app, caller_email(caller));
            let owner = &world.users[owner_key(caller, target).unwrap()];
            let args = targeted_args(command, owner, &world, caller);
            let context = format!("{command} as {caller:?} on {target:?}");
            let mut got = outcome(app.dispatch(command, args), &context);
            if *command == "search_unassigned" && got == Allowed {
                let found = app
                    .search_unassigned(SearchArgs {
                        query: owner.email.clone(),
                    })
                    .unwrap();
                if !found.iter().any(|m| m.member_id.to_string() == owner.user) {
                    got = NotFound;
                }
            }
            if got != expected {
                failures.push(format!("{context}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    for (command, (args, [as_trainer, as_member])) in &untargeted {
        for (caller, expected) in [
            (Caller::TrainerA, as_trainer),
            (Caller::MemberA1, as_member),
        ] {
            let (_copy, app) = open_copy(&world);
            sign_in(&app, caller_email(caller));
            let context = format!("{command} as {caller:?}");
            let got = outcome(app.dispatch(command, args.clone()), &context);
            if got != *expected {
                failures.push(format!("{context}: expected {expected:?}, got {got:?}"));
            }
        }
        // Signed out, everything but the app's own info needs a session.
        let (_copy, app) = open_copy(&world);
        let signed_out = app.dispatch(command, args.clone()).unwrap();
        let expected_ok = matches!(
            *command,
            "app_info" | "ui_ready" | "current_user" | "sign_out"
        );
        if *command == "sync_sign_in" {
            // The one signed-out sync command: it reaches the (here absent) network half.
            if signed_out
                != Err(ApiError::Conflict {
                    reason: "sync_unavailable".to_owned(),
                })
            {
                failures.push(format!("{command} signed out: got {signed_out:?}"));
            }
        } else if expected_ok != signed_out.is_ok()
            || (!expected_ok && signed_out != Err(ApiError::Unauthenticated))
        {
            failures.push(format!("{command} signed out: got {signed_out:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_member_reads_but_cannot_change_sets_their_trainer_recorded() {
    let world = build_world();
    let (_copy, app) = open_copy(&world);
    sign_in(&app, "a1@test.kr");
    let trainer_set = &world.users["A1"].set;
    let a1: uuid::Uuid = world.users["A1"].user.parse().unwrap();
    let day = app
        .get_day(DayRef {
            member_id: a1,
            date: DATE.into(),
        })
        .unwrap();
    let sets = &day.exercises[0].sets;
    let by_trainer = sets
        .iter()
        .find(|s| s.set_id.to_string() == *trainer_set)
        .unwrap();
    let own = sets
        .iter()
        .find(|s| s.set_id.to_string() == world.a1_own_set)
        .unwrap();
    assert!(!by_trainer.editable && own.editable);
    let mixed = &world.users["A1"].workout_exercise;
    for command in [
        "update_set",
        "delete_set",
        "move_set",
        "set_intensity",
        "delete_workout_exercise",
    ] {
        let args = match command {
            "update_set" => json!({"set_id": trainer_set, "reps": 1}),
            "delete_set" => json!({"set_id": trainer_set}),
            "set_intensity" => json!({"workout_exercise_id": mixed, "intensity": "low"}),
            "delete_workout_exercise" => json!({"workout_exercise_id": mixed}),
            _ => json!({"id": trainer_set}),
        };
        assert_eq!(
            app.dispatch(command, args),
            Some(Err(ApiError::NotFound)),
            "{command}"
        );
    }
}
