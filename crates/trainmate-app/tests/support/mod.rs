//! Helpers of the workout tests (workouts, totals_property, concurrency, crash, arbitrary_json,
//! outbox, photos), on top of the shared [`TestApp`] of `common/mod.rs`. Users are made with the app's own sign-up and add-member commands. Everything
//! that judges the app is independent of the production code: totals are recomputed from the
//! live sets with plain SQL and a calorie formula written out again below from domain.md, and the
//! outbox is replayed here on its own.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};
use trainmate_api::*;
use trainmate_app::App;
use uuid::Uuid;

#[path = "../common/mod.rs"]
mod common;
// Each test binary uses a different part of these.
#[allow(unused_imports)]
pub use common::{read_only, TestApp};

/// The password of every user made here.
pub const PASSWORD: &str = "Correct horse 1!";

/// Fixed catalog exercises (id, met_tenths, measures, load), copied by hand from
/// `crates/trainmate-store/catalog/exercises.tsv`.
pub const WEIGHTED_PUSH_UP: u32 = 9; // reps, external, MET 3.5 (02054)
pub const DUMBBELL_FLY: u32 = 23; // reps, external, MET 3.5
pub const PUSH_UP: u32 = 7; // reps, none, MET 3.0
pub const ASSISTED_PULL_UP: u32 = 114; // reps, assisted, MET 3.5
pub const PLANK: u32 = 349; // time, none, MET 2.8
pub const SWIMMING: u32 = 161; // distance, none, MET 6.0
pub const BARBELL_SQUAT: u32 = 572; // 바벨 스쿼트: reps, external, MET 5.0

/// An app on a fresh temporary data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(trainmate_app::DATABASE_FILE)
}

pub fn read_write(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("open the database");
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A user made through the app's own sign-up and add-member commands.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub email: String,
}

fn email_for(name: &str) -> String {
    format!(
        "{}-{}@example.com",
        name.to_lowercase(),
        Uuid::now_v7().simple()
    )
}

/// Runs `work` signed in as `as_user` (or signed out), then signs back in as whoever was signed
/// in before, so making users in the middle of a test does not change who is acting.
fn keeping_session<T>(app: &App, as_user: Option<&User>, work: impl FnOnce() -> T) -> T {
    let before = app.current_user(NoArgs {}).expect("current user");
    let same =
        |me: &Option<Me>, user: Option<&User>| me.as_ref().map(|m| m.user_id) == user.map(|u| u.id);
    if !same(&before, as_user) {
        match as_user {
            Some(user) => {
                sign_in(app, user);
            }
            None => app.sign_out(NoArgs {}).expect("sign out"),
        }
    }
    let value = work();
    let now = app.current_user(NoArgs {}).expect("current user");
    if now.as_ref().map(|m| m.user_id) != before.as_ref().map(|m| m.user_id) {
        match before {
            Some(me) => {
                sign_in(
                    app,
                    &User {
                        id: me.user_id,
                        email: me.email,
                    },
                );
            }
            None => app.sign_out(NoArgs {}).expect("sign out"),
        }
    }
    value
}

fn sign_up(app: &App, user_type: UserType, name: &str) -> User {
    let email = email_for(name);
    let reply = app
        .sign_up(SignUpArgs {
            accept_terms: true,
            accept_privacy: true,
            accept_marketing: false,
            user_type,
            name: name.to_owned(),
            email: email.clone(),
            password: PASSWORD.to_owned(),
            password_confirmation: PASSWORD.to_owned(),
        })
        .unwrap_or_else(|e| panic!("sign-up of {name}: {e:?}"));
    User {
        id: reply.me.user_id,
        email,
    }
}

/// Signs up a trainer (whoever was signed in stays signed in).
pub fn trainer_in(app: &App, name: &str) -> User {
    keeping_session(app, None, || sign_up(app, UserType::Trainer, name))
}

/// `trainer` adds a member who can sign in with [`PASSWORD`] (whoever was signed in stays).
pub fn member_in(app: &App, trainer: &User, name: &str) -> User {
    keeping_session(app, Some(trainer), || {
        let email = email_for(name);
        let summary = app
            .add_member(AddMemberArgs {
                name: name.to_owned(),
                email: email.clone(),
                phone: None,
                password: Some(PASSWORD.to_owned()),
                password_confirmation: Some(PASSWORD.to_owned()),
            })
            .unwrap_or_else(|e| panic!("add member {name}: {e:?}"));
        User {
            id: summary.member_id,
            email,
        }
    })
}

pub fn trainer(t: &TestApp, name: &str) -> User {
    trainer_in(&t.app, name)
}

pub fn member_of(t: &TestApp, trainer: &User, name: &str) -> User {
    member_in(&t.app, trainer, name)
}

/// A member who signed up alone (no trainer).
pub fn unassigned_member(t: &TestApp, name: &str) -> User {
    keeping_session(&t.app, None, || sign_up(&t.app, UserType::Member, name))
}

/// Signs in; a member a trainer added gives the required consents at this first sign-in.
pub fn sign_in(app: &App, user: &User) -> Me {
    let me = app
        .sign_in(SignInArgs {
            email: user.email.clone(),
            password: PASSWORD.to_owned(),
            keep_signed_in: false,
        })
        .expect("sign in");
    if !me.needs_consent {
        return me;
    }
    app.give_consent(ConsentArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
    })
    .expect("consent")
}

/// Turns outbox capture on for a trainer's scope (what linking a sync server does).
pub fn enable_capture(data_dir: &Path, trainer: &User) {
    let conn = read_write(&db_path(data_dir));
    trainmate_store::outbox::enable_capture(&conn, &trainer.id.to_string(), now_ms())
        .expect("enable capture");
}

// ---------------------------------------------------------------------------------------------
// Command shorthands

pub fn add_exercise(app: &App, member: &User, date: &str, exercise: ExerciseRef) -> Uuid {
    let day = app
        .add_workout_exercise(AddWorkoutExerciseArgs {
            member_id: member.id,
            date: date.to_owned(),
            exercise,
        })
        .expect("add workout exercise");
    day.exercises
        .last()
        .expect("the new exercise is last")
        .workout_exercise_id
}

pub fn fields(reps: Option<i64>, weight_g: Option<i64>, duration_s: Option<i64>) -> SetFields {
    SetFields {
        reps,
        weight_g,
        duration_s,
        ..SetFields::default()
    }
}

pub fn log(app: &App, we: Uuid, f: SetFields) -> SetChange {
    app.log_set(LogSetArgs {
        workout_exercise_id: we,
        fields: f,
    })
    .expect("log set")
}

pub fn day_view(app: &App, member: &User, date: &str) -> Day {
    app.get_day(DayRef {
        member_id: member.id,
        date: date.to_owned(),
    })
    .expect("get day")
}

// ---------------------------------------------------------------------------------------------
// The independent oracle

/// Totals as the test computes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expected {
    pub sets: i64,
    pub reps: i64,
    pub volume_g: i64,
    pub duration_s: i64,
    pub cal: i64,
    pub estimated_sets: i64,
}

impl Expected {
    fn add(&mut self, other: &Expected) {
        self.sets += other.sets;
        self.reps += other.reps;
        self.volume_g += other.volume_g;
        self.duration_s += other.duration_s;
        self.cal += other.cal;
        self.estimated_sets += other.estimated_sets;
    }
}

/// domain.md: `cal = met_tenths × body_grams × seconds / 36,000`, rounded half up.
pub fn cal_half_up(met_tenths: i64, grams: i64, seconds: i64) -> i64 {
    let product = met_tenths as i128 * grams as i128 * seconds as i128;
    ((product + 18_000) / 36_000) as i64
}

/// domain.md "Body weight": the latest weight entry on or before the date (the one recorded last
/// when a date has two); else the earliest entry after it (estimated); else 70 kg (estimated).
/// Answers (grams, estimated).
pub fn body_weight(conn: &Connection, member_id: &str, date: &str) -> (i64, bool) {
    let mut entries: Vec<(String, i64, i64, String)> = conn
        .prepare(
            "SELECT measured_on, updated_at, weight_g, id FROM body_metrics
             WHERE member_id = ?1 AND weight_g IS NOT NULL AND _cl % 2 = 1",
        )
        .unwrap()
        .query_map([member_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Oldest first; among equal dates the one recorded last comes last.
    entries.sort_by(|a, b| (&a.0, a.1, &a.3).cmp(&(&b.0, b.1, &b.3)));
    if let Some(e) = entries.iter().rev().find(|e| e.0.as_str() <= date) {
        return (e.2, false);
    }
    // Earliest after; among equal dates the one recorded last.
    if let Some(first_date) = entries
        .iter()
        .find(|e| e.0.as_str() > date)
        .map(|e| e.0.clone())
    {
        let e = entries.iter().rev().find(|e| e.0 == first_date).unwrap();
        return (e.2, true);
    }
    (70_000, true)
}

/// The reviewed catalog file: id → (met_tenths, measures, load).
pub fn catalog_file() -> &'static HashMap<i64, (i64, String, String)> {
    static FILE: std::sync::OnceLock<HashMap<i64, (i64, String, String)>> =
        std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../trainmate-store/catalog/exercises.tsv"
        ))
        .expect("the catalog file");
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (id, met, measures, load) =
            (col("id"), col("met_tenths"), col("measures"), col("load"));
        lines
            .map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                (
                    f[id].parse().unwrap(),
                    (
                        f[met].parse().unwrap(),
                        f[measures].to_owned(),
                        f[load].to_owned(),
                    ),
                )
            })
            .collect()
    })
}

/// A custom exercise's MET, measurement and load.
type CustomFacts = (i64, String, String);
/// A workout exercise's member, date, intensity and exercise.
type ExerciseFacts = (String, String, String, Option<i64>, Option<CustomFacts>);

/// What one live workout exercise's totals must be, from its live sets.
pub fn expected_exercise(conn: &Connection, we_id: &str) -> Expected {
    let (member, date, intensity, catalog_id, custom): ExerciseFacts = conn
        .query_row(
            "SELECT dw.member_id, dw.workout_date, we.intensity, we.catalog_exercise_id,
                    c.met_tenths, c.measures, c.load
             FROM workout_exercises we JOIN daily_workouts dw ON dw.id = we.workout_id
             LEFT JOIN custom_exercises c ON c.id = we.custom_exercise_id
             WHERE we.id = ?1",
            [we_id],
            |r| {
                let custom = match r.get::<_, Option<i64>>(4)? {
                    Some(met) => Some((met, r.get(5)?, r.get(6)?)),
                    None => None,
                };
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, custom))
            },
        )
        .unwrap();
    // A catalog exercise's MET, measurement and load come from the reviewed catalog file, a
    // custom one's from the trainer's row.
    let (met, measures, load) = match (catalog_id, custom) {
        (Some(id), _) => catalog_file()
            .get(&id)
            .cloned()
            .unwrap_or_else(|| panic!("exercise {id} is not in the catalog file")),
        (None, Some(custom)) => custom,
        (None, None) => panic!("workout exercise {we_id} has no exercise"),
    };
    // Plain SQL aggregates for the counted figures.
    let volume_sql = if load == "assisted" {
        // An assisted machine's weight is a counterweight that helps: no lifted volume.
        "0"
    } else {
        "COALESCE(SUM(COALESCE(reps, 0) * COALESCE(weight_g, 0)), 0)"
    };
    let (sets, reps, volume_g, duration_s): (i64, i64, i64, i64) = conn
        .query_row(
            &format!(
                "SELECT COUNT(*), COALESCE(SUM(reps), 0), {volume_sql},
                        COALESCE(SUM(duration_s), 0)
                 FROM exercise_sets WHERE workout_exercise_id = ?1 AND _cl % 2 = 1"
            ),
            [we_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let met = match intensity.as_str() {
        "low" => 35,
        "moderate_vigorous" => 60,
        _ => met,
    };
    let (grams, weight_estimated) = body_weight(conn, &member, &date);
    let durations: Vec<Option<i64>> = conn
        .prepare(
            "SELECT duration_s FROM exercise_sets WHERE workout_exercise_id = ?1 AND _cl % 2 = 1",
        )
        .unwrap()
        .query_map([we_id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (mut cal, mut estimated_sets) = (0, 0);
    for duration in durations {
        let (seconds, seconds_estimated) = match (measures.as_str(), duration) {
            // Resistance and bodyweight: max(measured, 90 s), the rule, not a guess.
            ("reps", d) => (d.unwrap_or(0).max(90), false),
            // Time and distance: the entered duration; none (or 0) → 90 s, estimated.
            (_, Some(d)) if d > 0 => (d, false),
            (_, _) => (90, true),
        };
        cal += cal_half_up(met, grams, seconds);
        estimated_sets += i64::from(seconds_estimated || weight_estimated);
    }
    Expected {
        sets,
        reps,
        volume_g,
        duration_s,
        cal,
        estimated_sets,
    }
}

fn stored_exercise(conn: &Connection, we_id: &str) -> Option<Expected> {
    conn.query_row(
        "SELECT sets, reps, volume_g, duration_s, cal, estimated_sets
         FROM workout_exercise_totals WHERE workout_exercise_id = ?1",
        [we_id],
        |r| {
            Ok(Expected {
                sets: r.get(0)?,
                reps: r.get(1)?,
                volume_g: r.get(2)?,
                duration_s: r.get(3)?,
                cal: r.get(4)?,
                estimated_sets: r.get(5)?,
            })
        },
    )
    .optional()
    .unwrap()
}

/// Checks every stored total of the database against the oracle; answers a description of each
/// difference (empty: all equal).
pub fn totals_mismatches(conn: &Connection) -> Vec<String> {
    let mut problems = Vec::new();
    let days: Vec<(String, String, String)> = conn
        .prepare("SELECT id, member_id, workout_date FROM daily_workouts WHERE _cl % 2 = 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (day_id, member, date) in days {
        let wes: Vec<String> = conn
            .prepare("SELECT id FROM workout_exercises WHERE workout_id = ?1 AND _cl % 2 = 1")
            .unwrap()
            .query_map([&day_id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut day_expected = Expected::default();
        for we in &wes {
            let expected = expected_exercise(conn, we);
            day_expected.add(&expected);
            let stored = stored_exercise(conn, we);
            if stored != Some(expected) {
                problems.push(format!(
                    "workout exercise {we} ({date}): stored {stored:?}, expected {expected:?}"
                ));
            }
        }
        let stored_day = conn
            .query_row(
                "SELECT exercises, member_id, workout_date, sets, reps, volume_g, duration_s,
                        cal, estimated_sets
                 FROM daily_workout_totals WHERE workout_id = ?1",
                [&day_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        Expected {
                            sets: r.get(3)?,
                            reps: r.get(4)?,
                            volume_g: r.get(5)?,
                            duration_s: r.get(6)?,
                            cal: r.get(7)?,
                            estimated_sets: r.get(8)?,
                        },
                    ))
                },
            )
            .optional()
            .unwrap();
        let expected_day = (wes.len() as i64, member.clone(), date.clone(), day_expected);
        if stored_day.as_ref() != Some(&expected_day) {
            problems.push(format!(
                "day {day_id} ({member} {date}): stored {stored_day:?}, expected {expected_day:?}"
            ));
        }
    }
    problems
}

pub fn assert_totals_match(conn: &Connection) {
    let problems = totals_mismatches(conn);
    assert!(
        problems.is_empty(),
        "totals differ:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Outbox replay

/// The synced tables this module checks (users are made with SQL here, outside the outbox).
pub const SYNCED: &[&str] = &[
    "daily_workouts",
    "workout_exercises",
    "exercise_sets",
    "body_metrics",
    "custom_exercises",
];

fn sql_to_json(value: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as Sql;
    match value {
        Sql::Null => Value::Null,
        Sql::Integer(i) => json!(i),
        Sql::Real(f) => json!(f),
        Sql::Text(s) => json!(s),
        Sql::Blob(b) => json!(b),
    }
}

/// Replays the outbox (by device_seq) over an empty state: (table, row id) → column → value,
/// `_cl` included (1 for a row first seen in an upsert).
pub fn replay_outbox(conn: &Connection) -> BTreeMap<(String, String), BTreeMap<String, Value>> {
    let mut state: BTreeMap<(String, String), BTreeMap<String, Value>> = BTreeMap::new();
    let records: Vec<(i64, String, String, String, String)> = conn
        .prepare(
            "SELECT device_seq, table_name, row_id, op, columns FROM outbox ORDER BY device_seq",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (seq, table, row, op, columns) in records {
        let columns: Value = serde_json::from_str(&columns)
            .unwrap_or_else(|e| panic!("record {seq}: columns are not JSON: {e}"));
        let Value::Object(columns) = columns else {
            panic!("record {seq}: columns are not an object");
        };
        let entry = state.entry((table, row)).or_default();
        let previous_cl = entry.get("_cl").and_then(Value::as_i64).unwrap_or(1);
        let carries_cl = columns.contains_key("_cl");
        for (name, value) in columns {
            entry.insert(name, value);
        }
        // A record that carries `_cl` sets it; otherwise the op toggles aliveness.
        let toggled = match op.as_str() {
            "upsert" => previous_cl,
            "delete" if previous_cl % 2 == 1 => previous_cl + 1,
            "undelete" if previous_cl % 2 == 0 => previous_cl + 1,
            "delete" | "undelete" => previous_cl,
            other => panic!("record {seq}: unknown op {other}"),
        };
        if !carries_cl {
            entry.insert("_cl".to_owned(), json!(toggled));
        }
    }
    state
}

/// Compares the replayed outbox with the database: every replayed column equals the row's value,
/// and every row of `tables` whose scope is captured (`in_scope` says so for a row) was replayed.
/// Answers the differences.
pub fn outbox_mismatches(
    conn: &Connection,
    in_scope: &dyn Fn(&str, &HashMap<String, Value>) -> bool,
) -> Vec<String> {
    let replayed = replay_outbox(conn);
    let mut problems = Vec::new();
    for table in SYNCED {
        let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let names: Vec<String> = statement.column_names().map(|n| n.to_owned()).collect();
        let rows: Vec<(String, HashMap<String, Value>)> = statement
            .query_map([], |r| {
                let mut map = HashMap::new();
                for (i, name) in names.iter().enumerate() {
                    map.insert(
                        name.clone(),
                        sql_to_json(r.get::<_, rusqlite::types::Value>(i)?),
                    );
                }
                let id = map["id"].as_str().unwrap_or_default().to_owned();
                Ok((id, map))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut seen = 0;
        for (id, db) in &rows {
            match replayed.get(&((*table).to_owned(), id.clone())) {
                Some(columns) => {
                    seen += 1;
                    for (name, value) in columns {
                        match db.get(name) {
                            Some(actual) if actual == value => {}
                            Some(actual) => problems.push(format!(
                                "{table} {id}.{name}: outbox replay gives {value}, database has {actual}"
                            )),
                            None => problems.push(format!(
                                "{table} {id}: outbox carries unknown column {name}"
                            )),
                        }
                    }
                }
                None if in_scope(table, db) => problems.push(format!(
                    "{table} {id}: in the captured scope but never in the outbox"
                )),
                None => {}
            }
        }
        let replayed_here = replayed.keys().filter(|(t, _)| t == table).count();
        if replayed_here != seen {
            problems.push(format!(
                "{table}: {replayed_here} rows in the outbox, {seen} of them in the database"
            ));
        }
    }
    // device_seq contiguous from 1; one record per row per transaction.
    let seqs: Vec<i64> = conn
        .prepare("SELECT device_seq FROM outbox ORDER BY device_seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if seqs.iter().enumerate().any(|(i, s)| *s != i as i64 + 1) {
        problems.push(format!("device_seq not contiguous from 1: {seqs:?}"));
    }
    let duplicates: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT 1 FROM outbox GROUP BY tx_id, table_name, row_id
                                   HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if duplicates > 0 {
        problems.push(format!(
            "{duplicates} rows with two records in one transaction"
        ));
    }
    problems
}

pub fn outbox_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap()
}
