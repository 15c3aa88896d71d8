//! A member's days, workout exercises and sets, with totals and calories kept exact.
//!
//! Every change to a set, an exercise's intensity or a custom exercise's MET recomputes the
//! affected workout exercise's totals from its sets (a handful of rows) and the day's totals
//! from its exercises' totals, in the same transaction as the change and its outbox record.
//! History reads only the maintained day totals.

use std::str::FromStr;

use rusqlite::Connection;
use serde_json::json;
use trainmate_api::*;
use trainmate_core::authz::{decide, Action, Role};
use trainmate_core::calories::{self, BodyWeightSource, CalorieInputs, Intensity};
use trainmate_core::catalog::{Load, Measures, SetType};
use trainmate_core::totals::{SetContribution, Totals};
use trainmate_core::validate::{check_range, normalize_notes, parse_date, FieldErrors};
use trainmate_core::{order_key, units, LocalDate};
use trainmate_store::accounts::UserRow;
use trainmate_store::workouts::{self as store, SetRow, TotalsRow, WorkoutExerciseRow};
use trainmate_store::StoreError;
use uuid::Uuid;

use crate::authz::{self, relation, Caller};
use crate::capture::{scope_of, Op, Recorder};
use crate::{validation, App, Failure};

/// Namespace of the deterministic day ids (a member's workout on a date).
const DAY_NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_1c2a_8b7e_4c55_9a2e_71f0_0de5_a11d);

/// The id of `member_id`'s workout on `date`: the same on every device.
pub fn day_id(member_id: &str, date: &str) -> String {
    Uuid::new_v5(&DAY_NAMESPACE, format!("{member_id}/{date}").as_bytes()).to_string()
}

/// What a change to a workout exercise reaches besides the exercise row itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Only the exercise (notes, position).
    Exercise,
    /// Its sets too: deleting them, or changing their calories (intensity).
    Sets,
}

fn parse_id(id: &str) -> Result<Uuid, Failure> {
    id.parse().map_err(|_| Failure(ApiError::Internal))
}

fn to_u32(value: Option<i64>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

fn totals_view(t: &TotalsRow) -> TotalsView {
    TotalsView {
        sets: u32::try_from(t.sets).unwrap_or(0),
        reps: u64::try_from(t.reps).unwrap_or(0),
        volume_g: u64::try_from(t.volume_g).unwrap_or(0),
        duration_s: u64::try_from(t.duration_s).unwrap_or(0),
        cal: u64::try_from(t.cal).unwrap_or(0),
        estimated: t.estimated_sets > 0,
    }
}

fn totals_row(t: &Totals) -> TotalsRow {
    let i = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    TotalsRow {
        sets: i(t.sets),
        reps: i(t.reps),
        volume_g: i(t.volume_g),
        duration_s: i(t.duration_s),
        cal: i(t.cal),
        estimated_sets: i(t.estimated_sets),
    }
}

/// The calorie context of one workout exercise: its MET after the intensity override, what it
/// measures and loads, and the body weight its day uses.
struct CalorieContext {
    measures: Measures,
    load: Load,
    met_tenths: u32,
    code: String,
    intensity: Intensity,
    body_weight: calories::BodyWeightUsed,
}

/// The body weight a member's workouts on `date` use (domain.md's rule, in core).
fn body_weight_on(
    conn: &Connection,
    member_id: &str,
    date: &str,
) -> Result<calories::BodyWeightUsed, StoreError> {
    let day = LocalDate::parse(date).map_err(|_| StoreError::Corrupt("workout date"))?;
    let entries: Vec<(LocalDate, u32)> = store::weight_candidates(conn, member_id, date)?
        .into_iter()
        .filter_map(|(d, g)| Some((LocalDate::parse(&d).ok()?, u32::try_from(g).ok()?)))
        .collect();
    Ok(calories::resolve_body_weight(&entries, day))
}

fn calorie_context(
    conn: &Connection,
    we: &WorkoutExerciseRow,
) -> Result<CalorieContext, StoreError> {
    let body_weight = body_weight_on(conn, &we.member_id, &we.date)?;
    calorie_context_with(we, body_weight)
}

fn calorie_context_with(
    we: &WorkoutExerciseRow,
    body_weight: calories::BodyWeightUsed,
) -> Result<CalorieContext, StoreError> {
    let measures = Measures::from_str(&we.measures).map_err(|_| StoreError::Corrupt("measures"))?;
    let load = Load::from_str(&we.load).map_err(|_| StoreError::Corrupt("load"))?;
    // Catalog exercises carry their code; a custom one has its default code, if any.
    let code = match &we.compendium_code {
        Some(code) => code.clone(),
        None => crate::catalog::custom_code(measures, load, we.met_tenths)
            .unwrap_or_default()
            .to_owned(),
    };
    Ok(CalorieContext {
        measures,
        load,
        met_tenths: u32::try_from(we.met_tenths).map_err(|_| StoreError::Corrupt("met"))?,
        code,
        intensity: Intensity::from_str(&we.intensity).unwrap_or_default(),
        body_weight,
    })
}

impl CalorieContext {
    fn set_calories(&self, set: &SetRow) -> calories::SetCalories {
        calories::set_calories(&CalorieInputs {
            measures: self.measures,
            exercise_met_tenths: self.met_tenths,
            exercise_code: &self.code,
            intensity: self.intensity,
            duration_s: to_u32(set.duration_s),
            body_weight: self.body_weight,
        })
    }

    fn contribution(&self, set: &SetRow) -> SetContribution {
        let calories = self.set_calories(set);
        SetContribution::new(
            self.load,
            to_u32(set.reps).unwrap_or(0),
            to_u32(set.weight_g).unwrap_or(0),
            to_u32(set.duration_s),
            calories.cal,
            calories.estimated,
        )
    }

    fn basis(&self) -> CalorieBasis {
        let (met, code) = calories::effective_met(self.intensity, self.met_tenths, &self.code);
        CalorieBasis {
            met_tenths: met,
            compendium_code: (!code.is_empty()).then(|| code.to_owned()),
            body_weight_g: self.body_weight.grams,
            body_weight_date: match self.body_weight.source {
                BodyWeightSource::OnOrBefore(d) | BodyWeightSource::EarliestAfter(d) => {
                    Some(d.to_string())
                }
                BodyWeightSource::Default70kg => None,
            },
            body_weight_estimated: self.body_weight.estimated,
        }
    }
}

/// Recomputes one workout exercise's totals from its sets, then its day's totals.
pub(crate) fn recompute_exercise(
    conn: &Connection,
    workout_exercise_id: &str,
) -> Result<(TotalsRow, TotalsRow), StoreError> {
    let Some(we) = store::workout_exercise(conn, workout_exercise_id)? else {
        return Err(StoreError::Corrupt(
            "recomputing a missing workout exercise",
        ));
    };
    let recomputed = recompute(conn, &we)?;
    Ok((recomputed.exercise, recomputed.day))
}

/// What recomputing a workout exercise found, for the reply to reuse.
struct Recomputed {
    exercise: TotalsRow,
    day: TotalsRow,
    context: CalorieContext,
    sets: Vec<SetRow>,
}

/// Recomputes `we`'s totals from its sets and moves its day's totals by the difference (the
/// day's other exercises are untouched, so their totals need not be read).
fn recompute(conn: &Connection, we: &WorkoutExerciseRow) -> Result<Recomputed, StoreError> {
    let context = calorie_context(conn, we)?;
    let sets = store::sets(conn, &we.id)?;
    let contributions: Vec<SetContribution> =
        sets.iter().map(|s| context.contribution(s)).collect();
    let exercise = totals_row(&Totals::from_sets(&contributions));
    let previous = store::exercise_totals(conn, &we.id)?;
    store::write_exercise_totals(conn, &we.id, &exercise)?;
    let day = store::shift_day_totals(conn, &we.member_id, &we.date, &previous, &exercise)?;
    Ok(Recomputed {
        exercise,
        day,
        context,
        sets,
    })
}

/// Recomputes the calories of every workout of a member (after a body-weight entry changed).
pub(crate) fn recompute_member_calories(
    conn: &Connection,
    member_id: &str,
) -> Result<(), StoreError> {
    for we in store::member_workout_exercises(conn, member_id)? {
        recompute_exercise(conn, &we.id)?;
    }
    Ok(())
}

/// Validated set values.
struct SetValues {
    reps: Option<i64>,
    weight_g: Option<i64>,
    duration_s: Option<i64>,
    distance_m: Option<i64>,
    set_type: SetType,
    notes: String,
}

fn range(r: &std::ops::RangeInclusive<u32>) -> std::ops::RangeInclusive<i64> {
    i64::from(*r.start())..=i64::from(*r.end())
}

fn validate_set(fields: &SetFields) -> Result<SetValues, ApiError> {
    let mut errors = FieldErrors::new();
    let mut checked = |name: &str, value: Option<i64>, allowed: &std::ops::RangeInclusive<u32>| {
        value.and_then(|v| errors.check(check_range(name, v, range(allowed))))
    };
    let values = SetValues {
        reps: checked("reps", fields.reps, &units::REPS),
        weight_g: checked("weight_g", fields.weight_g, &units::WEIGHT_LIFTED_GRAMS),
        duration_s: checked(
            "duration_s",
            fields.duration_s,
            &units::SET_DURATION_SECONDS,
        ),
        distance_m: checked("distance_m", fields.distance_m, &units::DISTANCE_METRES),
        set_type: fields.set_type,
        notes: errors
            .check(normalize_notes("notes", Some(&fields.notes)))
            .flatten()
            .unwrap_or_default(),
    };
    validation::finish(errors)?;
    Ok(values)
}

fn set_columns(set: &SetRow) -> serde_json::Value {
    json!({
        "workout_exercise_id": set.workout_exercise_id, "order_key": set.order_key,
        "reps": set.reps, "weight_g": set.weight_g, "duration_s": set.duration_s,
        "distance_m": set.distance_m, "set_type": set.set_type, "notes": set.notes,
        "recorded_by": set.recorded_by, "logged_at": set.logged_at,
    })
}

impl App {
    fn set_view(
        &self,
        caller: &Caller,
        owner: &UserRow,
        context: &CalorieContext,
        set: &SetRow,
        number: usize,
    ) -> Result<SetView, Failure> {
        let recorded_by_caller = set.recorded_by == caller.id;
        let calories = context.set_calories(set);
        let editable = decide(
            caller.role,
            relation(caller, owner),
            Action::EditSet { recorded_by_caller },
        )
        .is_allowed();
        Ok(SetView {
            set_id: parse_id(&set.id)?,
            number: u32::try_from(number + 1).unwrap_or(u32::MAX),
            reps: to_u32(set.reps),
            weight_g: to_u32(set.weight_g),
            duration_s: to_u32(set.duration_s),
            distance_m: to_u32(set.distance_m),
            set_type: SetType::from_str(&set.set_type).unwrap_or_default(),
            notes: set.notes.clone(),
            logged_at: set.logged_at,
            recorded_by: parse_id(&set.recorded_by)?,
            editable,
            cal: calories.cal,
            counted_s: calories.seconds,
            estimated: calories.estimated,
        })
    }

    fn exercise_of(
        &self,
        conn: &Connection,
        we: &WorkoutExerciseRow,
    ) -> Result<ExerciseSummary, Failure> {
        let exercise = match (&we.catalog_exercise_id, &we.custom_exercise_id) {
            (Some(id), _) => self
                .catalog
                .get(u32::try_from(*id).map_err(|_| Failure(ApiError::Internal))?)
                .cloned(),
            (None, Some(id)) => trainmate_store::exercises::custom(conn, id)?
                .as_ref()
                .and_then(crate::catalog::custom_summary),
            (None, None) => None,
        };
        exercise.ok_or(Failure(ApiError::Internal))
    }

    fn previous(
        &self,
        conn: &Connection,
        we: &WorkoutExerciseRow,
    ) -> Result<Option<PreviousPerformance>, Failure> {
        let Some((previous_id, date)) = store::previous_with_exercise(
            conn,
            &we.member_id,
            &we.date,
            we.catalog_exercise_id,
            we.custom_exercise_id.as_deref(),
        )?
        else {
            return Ok(None);
        };
        let sets = store::sets(conn, &previous_id)?
            .iter()
            .map(|s| PreviousSet {
                reps: to_u32(s.reps),
                weight_g: to_u32(s.weight_g),
                duration_s: to_u32(s.duration_s),
                distance_m: to_u32(s.distance_m),
                set_type: SetType::from_str(&s.set_type).unwrap_or_default(),
            })
            .collect();
        Ok(Some(PreviousPerformance { date, sets }))
    }

    fn exercise_view(
        &self,
        conn: &Connection,
        caller: &Caller,
        owner: &UserRow,
        we: &WorkoutExerciseRow,
        body_weight: calories::BodyWeightUsed,
    ) -> Result<WorkoutExerciseView, Failure> {
        let context = calorie_context_with(we, body_weight)?;
        let sets = store::sets(conn, &we.id)?;
        let set_views = sets
            .iter()
            .enumerate()
            .map(|(i, s)| self.set_view(caller, owner, &context, s, i))
            .collect::<Result<_, _>>()?;
        Ok(WorkoutExerciseView {
            workout_exercise_id: parse_id(&we.id)?,
            exercise: self.exercise_of(conn, we)?,
            intensity: context.intensity,
            notes: we.notes.clone(),
            sets: set_views,
            totals: totals_view(&store::exercise_totals(conn, &we.id)?),
            calories: context.basis(),
            previous: self.previous(conn, we)?,
        })
    }

    fn day_view(
        &self,
        conn: &Connection,
        caller: &Caller,
        owner: &UserRow,
        date: &str,
    ) -> Result<Day, Failure> {
        let member_id = parse_id(&owner.id)?;
        let Some(day) = store::day(conn, &owner.id, date)? else {
            return Ok(Day {
                member_id,
                date: date.to_owned(),
                workout_id: None,
                notes: String::new(),
                exercises: Vec::new(),
                totals: TotalsView::default(),
            });
        };
        // One body weight for the whole day.
        let body_weight = body_weight_on(conn, &owner.id, &day.date)?;
        let exercises = store::workout_exercises(conn, &day.id)?
            .iter()
            .map(|we| self.exercise_view(conn, caller, owner, we, body_weight))
            .collect::<Result<_, _>>()?;
        Ok(Day {
            member_id,
            date: day.date.clone(),
            workout_id: Some(parse_id(&day.id)?),
            notes: day.notes,
            exercises,
            totals: totals_view(&store::day_totals(conn, &owner.id, &day.date)?),
        })
    }

    /// The workout exercise `id` after checking `action` on its member; refused → not_found.
    fn authorized_exercise(
        &self,
        conn: &Connection,
        caller: &Caller,
        id: &Uuid,
        action: Action,
    ) -> Result<(WorkoutExerciseRow, UserRow), Failure> {
        let we = store::workout_exercise(conn, &id.to_string())?.ok_or(ApiError::NotFound)?;
        let owner = authz::require(conn, caller, &we.member_id, action)?;
        Ok((we, owner))
    }

    pub fn get_day(&self, args: DayRef) -> Result<Day, ApiError> {
        let caller = self.caller()?;
        let date = parse_date("date", &args.date)
            .map_err(|e| validation::invalid(vec![e]))?
            .to_string();
        self.read(|conn| {
            let owner = authz::require(
                conn,
                &caller,
                &args.member_id.to_string(),
                Action::ReadWorkouts,
            )?;
            self.day_view(conn, &caller, &owner, &date)
        })
    }

    /// Creates the day if needed (deterministic id) and records it for sync.
    fn ensure_day(
        &self,
        tx: &Connection,
        recorder: &mut Recorder,
        caller: &Caller,
        owner: &UserRow,
        date: &str,
        now: i64,
    ) -> Result<String, Failure> {
        let id = day_id(&owner.id, date);
        if store::day(tx, &owner.id, date)?.is_none() {
            recorder.note(tx, "daily_workouts", &id, Op::Upsert, json!({
                "member_id": owner.id, "workout_date": date, "recorded_by": caller.id, "notes": "",
                "created_at": now,
            }))?;
            store::ensure_day(tx, &id, &owner.id, date, &caller.id, now)?;
        }
        Ok(id)
    }

    pub fn add_workout_exercise(&self, args: AddWorkoutExerciseArgs) -> Result<Day, ApiError> {
        let caller = self.caller()?;
        let date = parse_date("date", &args.date)
            .map_err(|e| validation::invalid(vec![e]))?
            .to_string();
        let now = self.clock.now_ms();
        self.write(|tx| {
            let owner =
                authz::require(tx, &caller, &args.member_id.to_string(), Action::LogWorkout)?;
            let scope = scope_of(&owner);
            self.visible_exercise(tx, args.exercise, scope)?;
            let mut recorder = Recorder::new(tx, scope, now)?;
            let workout_id = self.ensure_day(tx, &mut recorder, &caller, &owner, &date, now)?;
            let key = match store::last_exercise_key(tx, &workout_id)? {
                Some(last) => order_key::after(&last).map_err(|_| Failure(ApiError::Internal))?,
                None => order_key::first(),
            };
            let id = Uuid::now_v7().to_string();
            let (catalog_id, custom_id) = crate::catalog::key_of(args.exercise);
            recorder.note(
                tx,
                "workout_exercises",
                &id,
                Op::Upsert,
                json!({
                    "workout_id": workout_id, "member_id": owner.id, "workout_date": date,
                    "catalog_exercise_id": catalog_id,
                    "custom_exercise_id": custom_id, "order_key": key,
                    "intensity": "exercise_default", "notes": "", "recorded_by": caller.id,
                    "created_at": now,
                }),
            )?;
            store::insert_workout_exercise(
                tx,
                &store::NewWorkoutExercise {
                    id: &id,
                    workout_id: &workout_id,
                    member_id: &owner.id,
                    workout_date: &date,
                    catalog_exercise_id: catalog_id,
                    custom_exercise_id: custom_id.as_deref(),
                    order_key: &key,
                    recorded_by: &caller.id,
                    now,
                },
            )?;
            store::refresh_day_totals(tx, &workout_id, &owner.id, &date)?;
            recorder.finish(tx)?;
            self.day_view(tx, &caller, &owner, &date)
        })
    }

    fn set_change(
        &self,
        caller: &Caller,
        owner: &UserRow,
        we: &WorkoutExerciseRow,
        set_id: Option<&str>,
        recomputed: &Recomputed,
    ) -> Result<SetChange, Failure> {
        let set = match set_id {
            Some(id) => {
                let (number, set) = recomputed
                    .sets
                    .iter()
                    .enumerate()
                    .find(|(_, s)| s.id == id)
                    .ok_or(Failure(ApiError::Internal))?;
                Some(self.set_view(caller, owner, &recomputed.context, set, number)?)
            }
            None => None,
        };
        Ok(SetChange {
            set,
            workout_exercise_id: parse_id(&we.id)?,
            calories: recomputed.context.basis(),
            exercise_totals: totals_view(&recomputed.exercise),
            day_totals: totals_view(&recomputed.day),
        })
    }

    pub fn log_set(&self, args: LogSetArgs) -> Result<SetChange, ApiError> {
        let caller = self.caller()?;
        let values = validate_set(&args.fields)?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let (we, owner) = self.authorized_exercise(
                tx,
                &caller,
                &args.workout_exercise_id,
                Action::LogWorkout,
            )?;
            let key = match store::last_set_key(tx, &we.id)? {
                Some(last) => order_key::after(&last).map_err(|_| Failure(ApiError::Internal))?,
                None => order_key::first(),
            };
            let set = SetRow {
                id: Uuid::now_v7().to_string(),
                workout_exercise_id: we.id.clone(),
                order_key: key,
                reps: values.reps,
                weight_g: values.weight_g,
                duration_s: values.duration_s,
                distance_m: values.distance_m,
                set_type: values.set_type.as_str().to_owned(),
                notes: values.notes,
                recorded_by: caller.id.clone(),
                logged_at: now,
            };
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(tx, "exercise_sets", &set.id, Op::Upsert, set_columns(&set))?;
            store::insert_set(tx, &set, now)?;
            let recomputed = recompute(tx, &we)?;
            recorder.finish(tx)?;
            self.set_change(&caller, &owner, &we, Some(&set.id), &recomputed)
        })
    }

    /// The set `id` after checking the caller may edit it; refused → not_found.
    fn editable_set(
        &self,
        conn: &Connection,
        caller: &Caller,
        id: &Uuid,
    ) -> Result<(SetRow, WorkoutExerciseRow, UserRow), Failure> {
        let set = store::set(conn, &id.to_string())?.ok_or(ApiError::NotFound)?;
        let we =
            store::workout_exercise(conn, &set.workout_exercise_id)?.ok_or(ApiError::NotFound)?;
        let owner = authz::require(
            conn,
            caller,
            &we.member_id,
            Action::EditSet {
                recorded_by_caller: set.recorded_by == caller.id,
            },
        )?;
        Ok((set, we, owner))
    }

    pub fn update_set(&self, args: UpdateSetArgs) -> Result<SetChange, ApiError> {
        let caller = self.caller()?;
        let values = validate_set(&args.fields)?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let (mut set, we, owner) = self.editable_set(tx, &caller, &args.set_id)?;
            let before = set.clone();
            set.reps = values.reps;
            set.weight_g = values.weight_g;
            set.duration_s = values.duration_s;
            set.distance_m = values.distance_m;
            set.set_type = values.set_type.as_str().to_owned();
            set.notes = values.notes;
            // Only the columns that changed (sync.md): an edit of the reps on one device and of
            // the weight on another merge instead of one overwriting the other.
            let mut changed = serde_json::Map::new();
            let after = json!({
                "reps": set.reps, "weight_g": set.weight_g, "duration_s": set.duration_s,
                "distance_m": set.distance_m, "set_type": set.set_type, "notes": set.notes,
            });
            let before = json!({
                "reps": before.reps, "weight_g": before.weight_g,
                "duration_s": before.duration_s, "distance_m": before.distance_m,
                "set_type": before.set_type, "notes": before.notes,
            });
            if let (serde_json::Value::Object(after), serde_json::Value::Object(before)) =
                (after, before)
            {
                for (name, value) in after {
                    if before.get(&name) != Some(&value) {
                        changed.insert(name, value);
                    }
                }
            }
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(
                tx,
                "exercise_sets",
                &set.id,
                Op::Upsert,
                serde_json::Value::Object(changed),
            )?;
            store::update_set(tx, &set, now)?;
            let recomputed = recompute(tx, &we)?;
            recorder.finish(tx)?;
            self.set_change(&caller, &owner, &we, Some(&set.id), &recomputed)
        })
    }

    pub fn delete_set(&self, args: SetRef) -> Result<SetChange, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let (set, we, owner) = self.editable_set(tx, &caller, &args.set_id)?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(tx, "exercise_sets", &set.id, Op::Delete, json!({}))?;
            let cl = store::delete_set(tx, &set.id, now)?;
            recorder.note(
                tx,
                "exercise_sets",
                &set.id,
                Op::Delete,
                json!({ "_cl": cl }),
            )?;
            let recomputed = recompute(tx, &we)?;
            recorder.finish(tx)?;
            self.set_change(&caller, &owner, &we, None, &recomputed)
        })
    }

    pub fn move_set(&self, args: MoveArgs) -> Result<Day, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let (set, we, owner) = self.editable_set(tx, &caller, &args.id)?;
            let siblings = store::sets(tx, &we.id)?;
            let keys = siblings
                .iter()
                .map(|s| (s.id.as_str(), s.order_key.as_str()));
            let key = key_between(keys, &set.id, &args)?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(
                tx,
                "exercise_sets",
                &set.id,
                Op::Upsert,
                json!({ "order_key": key }),
            )?;
            store::move_set(tx, &set.id, &key, now)?;
            recorder.finish(tx)?;
            self.day_view(tx, &caller, &owner, &we.date)
        })
    }

    /// Runs `change` on a workout exercise the caller may log on, then answers the day.
    /// Runs `change` on a workout exercise the caller may log for. With `Reach::Sets` the change
    /// also alters its sets (deleting them, or their calories): then every set's recorder counts,
    /// as for editing each set — a member cannot touch sets their trainer recorded this way.
    fn change_exercise(
        &self,
        id: &Uuid,
        reach: Reach,
        change: impl FnOnce(&Connection, &mut Recorder, &WorkoutExerciseRow, i64) -> Result<(), Failure>,
    ) -> Result<Day, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let (we, owner) = self.authorized_exercise(tx, &caller, id, Action::LogWorkout)?;
            if reach == Reach::Sets
                && store::sets(tx, &we.id)?
                    .iter()
                    .any(|s| s.recorded_by != caller.id)
            {
                authz::require(
                    tx,
                    &caller,
                    &we.member_id,
                    Action::EditSet {
                        recorded_by_caller: false,
                    },
                )?;
            }
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            change(tx, &mut recorder, &we, now)?;
            recorder.finish(tx)?;
            self.day_view(tx, &caller, &owner, &we.date)
        })
    }

    pub fn set_intensity(&self, args: SetIntensityArgs) -> Result<Day, ApiError> {
        self.change_exercise(
            &args.workout_exercise_id,
            Reach::Sets,
            |tx, recorder, we, now| {
                let intensity = args.intensity.as_str();
                recorder.note(
                    tx,
                    "workout_exercises",
                    &we.id,
                    Op::Upsert,
                    json!({ "intensity": intensity }),
                )?;
                store::update_workout_exercise(tx, &we.id, "intensity", intensity, now)?;
                recompute_exercise(tx, &we.id)?;
                Ok(())
            },
        )
    }

    pub fn set_exercise_notes(&self, args: NotesArgs) -> Result<Day, ApiError> {
        let notes = normalize_notes("notes", Some(&args.notes))
            .map_err(|e| validation::invalid(vec![e]))?
            .unwrap_or_default();
        self.change_exercise(
            &args.workout_exercise_id,
            Reach::Exercise,
            |tx, recorder, we, now| {
                recorder.note(
                    tx,
                    "workout_exercises",
                    &we.id,
                    Op::Upsert,
                    json!({ "notes": notes }),
                )?;
                store::update_workout_exercise(tx, &we.id, "notes", &notes, now)?;
                Ok(())
            },
        )
    }

    pub fn delete_workout_exercise(&self, args: WorkoutExerciseRef) -> Result<Day, ApiError> {
        self.change_exercise(
            &args.workout_exercise_id,
            Reach::Sets,
            |tx, recorder, we, now| {
                let cl = store::delete_workout_exercise(tx, &we.id, now)?;
                recorder.note(
                    tx,
                    "workout_exercises",
                    &we.id,
                    Op::Delete,
                    json!({ "_cl": cl }),
                )?;
                store::delete_exercise_totals(tx, &we.id)?;
                store::refresh_day_totals(tx, &we.workout_id, &we.member_id, &we.date)?;
                Ok(())
            },
        )
    }

    pub fn move_workout_exercise(&self, args: MoveArgs) -> Result<Day, ApiError> {
        self.change_exercise(&args.id, Reach::Exercise, |tx, recorder, we, now| {
            let siblings = store::workout_exercises(tx, &we.workout_id)?;
            let keys = siblings
                .iter()
                .map(|s| (s.id.as_str(), s.order_key.as_str()));
            let key = key_between(keys, &we.id, &args)?;
            recorder.note(
                tx,
                "workout_exercises",
                &we.id,
                Op::Upsert,
                json!({ "order_key": key }),
            )?;
            store::update_workout_exercise(tx, &we.id, "order_key", &key, now)?;
            Ok(())
        })
    }

    pub fn set_day_notes(&self, args: DayNotesArgs) -> Result<Day, ApiError> {
        let caller = self.caller()?;
        let mut errors = FieldErrors::new();
        let date = errors.check(parse_date("date", &args.date));
        let notes = errors
            .check(normalize_notes("notes", Some(&args.notes)))
            .flatten()
            .unwrap_or_default();
        validation::finish(errors)?;
        let date = date.ok_or(ApiError::Internal)?.to_string();
        let now = self.clock.now_ms();
        self.write(|tx| {
            let owner =
                authz::require(tx, &caller, &args.member_id.to_string(), Action::LogWorkout)?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            let id = self.ensure_day(tx, &mut recorder, &caller, &owner, &date, now)?;
            recorder.note(
                tx,
                "daily_workouts",
                &id,
                Op::Upsert,
                json!({ "notes": notes }),
            )?;
            store::set_day_notes(tx, &id, &notes, now)?;
            recorder.finish(tx)?;
            self.day_view(tx, &caller, &owner, &date)
        })
    }

    pub fn list_sessions(&self, args: ListSessionsArgs) -> Result<Vec<SessionSummary>, ApiError> {
        let caller = self.caller()?;
        let mut errors = FieldErrors::new();
        let from = args
            .from
            .as_deref()
            .and_then(|d| errors.check(parse_date("from", d)));
        let to = args
            .to
            .as_deref()
            .and_then(|d| errors.check(parse_date("to", d)));
        validation::finish(errors)?;
        let from = from.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        self.read(|conn| {
            let owner = authz::require(
                conn,
                &caller,
                &args.member_id.to_string(),
                Action::ReadWorkouts,
            )?;
            store::sessions(conn, &owner.id, &from, &to)?
                .iter()
                .map(|s| {
                    Ok(SessionSummary {
                        workout_id: parse_id(&s.workout_id)?,
                        date: s.date.clone(),
                        exercises: u32::try_from(s.exercises).unwrap_or(0),
                        totals: totals_view(&s.totals),
                    })
                })
                .collect()
        })
    }

    /// Today on this device: for a trainer, their own and their members' sessions; for a member,
    /// their own.
    pub fn today_summary(&self, args: TodayArgs) -> Result<TodaySummaryReply, ApiError> {
        let caller = self.caller()?;
        let date = parse_date("date", &args.date)
            .map_err(|e| validation::invalid(vec![e]))?
            .to_string();
        self.read(|conn| {
            let mut people = vec![caller.id.clone()];
            if caller.role == Role::Trainer {
                people.extend(trainmate_store::accounts::member_ids_of(conn, &caller.id)?);
            }
            let sessions = store::sessions_on(conn, &people, &date)?;
            // A trainer's own workout is a session but not a member trained.
            let members = sessions
                .iter()
                .filter(|(who, _)| !(caller.is_trainer() && *who == caller.id))
                .count();
            Ok(TodaySummaryReply {
                sessions: u32::try_from(sessions.len()).unwrap_or(u32::MAX),
                cal: sessions
                    .iter()
                    .map(|(_, cal)| u64::try_from(*cal).unwrap_or(0))
                    .sum(),
                members_trained: u32::try_from(members).unwrap_or(u32::MAX),
            })
        })
    }
}

/// The order key that puts `moving` between the neighbours `args` names (either may be absent:
/// first / last) among `siblings` `(id, key)`. A neighbour that is not a sibling is `not_found`.
/// Two neighbours with equal keys (two devices appended offline at the same place) are ordered
/// by id, so the new key goes above both, below the next larger key. Neighbours in the wrong
/// order are `invalid`.
fn key_between<'a>(
    siblings: impl Iterator<Item = (&'a str, &'a str)>,
    moving: &str,
    args: &MoveArgs,
) -> Result<String, Failure> {
    let others: Vec<(&str, &str)> = siblings.filter(|(id, _)| *id != moving).collect();
    let key_of = |id: &Option<Uuid>| -> Result<Option<&str>, Failure> {
        match id {
            None => Ok(None),
            Some(id) => others
                .iter()
                .find(|(other, _)| *other == id.to_string())
                .map(|(_, key)| Some(*key))
                .ok_or(Failure(ApiError::NotFound)),
        }
    };
    let (after, mut before) = (key_of(&args.after)?, key_of(&args.before)?);
    if let (Some(low), Some(high)) = (after, before) {
        if low == high {
            before = others.iter().map(|(_, k)| *k).filter(|k| *k > low).min();
        }
    }
    order_key::between(after, before)
        .map_err(|_| Failure(ApiError::invalid("before", Rule::Format)))
}

/// Recomputes a whole day from its rows (after a pull changed any of them): each live
/// exercise's totals through [`recompute`], dead exercises' totals dropped, then the day's sum.
pub(crate) fn recompute_day(conn: &Connection, workout_id: &str) -> Result<(), StoreError> {
    let exercises = store::day_exercise_ids(conn, workout_id)?;
    recompute_day_exercises(conn, workout_id, exercises)
}

/// [`recompute_day`] for only some of the day's exercises (`exercise_ids`: ones whose sets
/// changed, here or gone): their totals from their sets, then the day's from all its
/// exercises' totals. The other exercises' totals stand: nothing they depend on changed.
pub(crate) fn recompute_day_exercises(
    conn: &Connection,
    workout_id: &str,
    exercise_ids: impl IntoIterator<Item = String>,
) -> Result<(), StoreError> {
    let Some((member_id, date)) = store::day_key(conn, workout_id)? else {
        return Ok(());
    };
    store::ensure_day_totals(conn, workout_id, &member_id, &date)?;
    for id in exercise_ids {
        match store::workout_exercise(conn, &id)? {
            Some(we) => {
                recompute(conn, &we)?;
            }
            None => store::delete_exercise_totals(conn, &id)?,
        }
    }
    store::refresh_day_totals(conn, workout_id, &member_id, &date)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> [Uuid; 4] {
        [1u128, 2, 3, 4].map(Uuid::from_u128)
    }

    #[test]
    fn moving_between_neighbours_with_equal_keys_goes_below_the_next_key() {
        let [a, b, c, m] = ids().map(|id| id.to_string());
        // a and b were appended offline on two devices with the same key "a1".
        let siblings = [
            (a.as_str(), "a1"),
            (b.as_str(), "a1"),
            (c.as_str(), "a2"),
            (m.as_str(), "a0"),
        ];
        let args = MoveArgs {
            id: ids()[3],
            after: Some(ids()[0]),
            before: Some(ids()[1]),
        };
        let key = key_between(siblings.iter().copied(), &m, &args)
            .ok()
            .unwrap();
        assert!(key.as_str() > "a1" && key.as_str() < "a2", "{key}");
        // The wrong order is refused, and a stranger is not a neighbour.
        let wrong = MoveArgs {
            after: Some(ids()[2]),
            before: Some(ids()[0]),
            ..args.clone()
        };
        assert!(key_between(siblings.iter().copied(), &m, &wrong).is_err());
        let stranger = MoveArgs {
            after: Some(Uuid::from_u128(9)),
            ..args
        };
        assert!(matches!(
            key_between(siblings.iter().copied(), &m, &stranger),
            Err(Failure(ApiError::NotFound))
        ));
    }
}
