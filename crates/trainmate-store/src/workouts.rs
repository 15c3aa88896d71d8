//! Days, workout exercises, sets and their maintained totals.
//!
//! Every read filters tombstones (`_cl % 2 = 1`). Order is by `(order_key, id)`; the set number
//! shown is computed by the caller from that order. Totals live in their own tables and are
//! rewritten by the app in the same transaction as the change that affects them.

use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRow {
    pub id: String,
    pub member_id: String,
    pub date: String,
    pub notes: String,
}

/// A workout exercise with what the calorie math needs about its exercise and day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkoutExerciseRow {
    pub id: String,
    pub workout_id: String,
    pub member_id: String,
    pub date: String,
    pub catalog_exercise_id: Option<i64>,
    pub custom_exercise_id: Option<String>,
    pub order_key: String,
    pub intensity: String,
    pub notes: String,
    /// The exercise's own MET, measurement and load (catalog or custom).
    pub met_tenths: i64,
    pub compendium_code: Option<String>,
    pub measures: String,
    pub load: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRow {
    pub id: String,
    pub workout_exercise_id: String,
    pub order_key: String,
    pub reps: Option<i64>,
    pub weight_g: Option<i64>,
    pub duration_s: Option<i64>,
    pub distance_m: Option<i64>,
    pub set_type: String,
    pub notes: String,
    pub recorded_by: String,
    pub logged_at: i64,
}

/// Stored totals of an exercise or a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TotalsRow {
    pub sets: i64,
    pub reps: i64,
    pub volume_g: i64,
    pub duration_s: i64,
    pub cal: i64,
    pub estimated_sets: i64,
}

pub fn day(conn: &Connection, member_id: &str, date: &str) -> Result<Option<DayRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, member_id, workout_date, notes FROM daily_workouts
             WHERE member_id = ?1 AND workout_date = ?2 AND _cl % 2 = 1",
        )?
        .query_row([member_id, date], |r| {
            Ok(DayRow {
                id: r.get(0)?,
                member_id: r.get(1)?,
                date: r.get(2)?,
                notes: r.get(3)?,
            })
        })
        .optional()?)
}

/// Creates the day (with zero totals) unless it exists. Answers whether it was created.
pub fn ensure_day(
    conn: &Connection,
    id: &str,
    member_id: &str,
    date: &str,
    recorded_by: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let created = conn
        .prepare_cached(
            "INSERT INTO daily_workouts (id, member_id, workout_date, recorded_by, created_at,
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (member_id, workout_date) DO NOTHING",
        )?
        .execute(params![id, member_id, date, recorded_by, now])?
        > 0;
    conn.prepare_cached(
        "INSERT INTO daily_workout_totals (workout_id, member_id, workout_date, exercises, sets,
             reps, volume_g, duration_s, cal, estimated_sets)
         VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
    )?
    .execute(params![id, member_id, date])?;
    Ok(created)
}

pub fn set_day_notes(
    conn: &Connection,
    day_id: &str,
    notes: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE daily_workouts SET notes = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![day_id, notes, now])?;
    Ok(())
}

const WORKOUT_EXERCISE_SELECT: &str = "
    SELECT we.id, we.workout_id, dw.member_id, dw.workout_date, we.catalog_exercise_id,
           we.custom_exercise_id, we.order_key, we.intensity, we.notes,
           COALESCE(e.met_tenths, c.met_tenths), e.compendium_code,
           COALESCE(e.measures, c.measures), COALESCE(e.load, c.load)
    FROM workout_exercises we
    JOIN daily_workouts dw ON dw.id = we.workout_id
    LEFT JOIN exercises e ON e.id = we.catalog_exercise_id
    LEFT JOIN custom_exercises c ON c.id = we.custom_exercise_id";

fn workout_exercise_from_row(r: &Row<'_>) -> rusqlite::Result<WorkoutExerciseRow> {
    Ok(WorkoutExerciseRow {
        id: r.get(0)?,
        workout_id: r.get(1)?,
        member_id: r.get(2)?,
        date: r.get(3)?,
        catalog_exercise_id: r.get(4)?,
        custom_exercise_id: r.get(5)?,
        order_key: r.get(6)?,
        intensity: r.get(7)?,
        notes: r.get(8)?,
        met_tenths: r.get(9)?,
        compendium_code: r.get(10)?,
        measures: r.get(11)?,
        load: r.get(12)?,
    })
}

pub fn workout_exercise(
    conn: &Connection,
    id: &str,
) -> Result<Option<WorkoutExerciseRow>, StoreError> {
    let sql =
        format!("{WORKOUT_EXERCISE_SELECT} WHERE we.id = ?1 AND we._cl % 2 = 1 AND dw._cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], workout_exercise_from_row)
        .optional()?)
}

/// A day's workout exercises in order.
pub fn workout_exercises(
    conn: &Connection,
    workout_id: &str,
) -> Result<Vec<WorkoutExerciseRow>, StoreError> {
    let sql = format!(
        "{WORKOUT_EXERCISE_SELECT} WHERE we.workout_id = ?1 AND we._cl % 2 = 1
         ORDER BY we.order_key, we.id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([workout_id], workout_exercise_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every live workout exercise of a member (for recomputing calories after a weight change).
pub fn member_workout_exercises(
    conn: &Connection,
    member_id: &str,
) -> Result<Vec<WorkoutExerciseRow>, StoreError> {
    let sql = format!(
        "{WORKOUT_EXERCISE_SELECT} WHERE dw.member_id = ?1 AND we._cl % 2 = 1 AND dw._cl % 2 = 1"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([member_id], workout_exercise_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The largest order key ever used among a day's workout exercises (tombstones included, so a
/// deleted key is never reused).
pub fn last_exercise_key(
    conn: &Connection,
    workout_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT MAX(order_key) FROM workout_exercises WHERE workout_id = ?1")?
        .query_row([workout_id], |r| r.get(0))?)
}

pub struct NewWorkoutExercise<'a> {
    pub id: &'a str,
    pub workout_id: &'a str,
    /// The day's member and date (repeated for the history indexes).
    pub member_id: &'a str,
    pub workout_date: &'a str,
    pub catalog_exercise_id: Option<i64>,
    pub custom_exercise_id: Option<&'a str>,
    pub order_key: &'a str,
    pub recorded_by: &'a str,
    pub now: i64,
}

pub fn insert_workout_exercise(
    conn: &Connection,
    new: &NewWorkoutExercise<'_>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO workout_exercises (id, workout_id, member_id, workout_date,
             catalog_exercise_id, custom_exercise_id, order_key, recorded_by, created_at,
             updated_at)
         VALUES (:id, :workout_id, :member_id, :workout_date, :catalog, :custom, :order_key,
             :recorded_by, :now, :now)",
    )?
    .execute(named_params! {
        ":id": new.id,
        ":workout_id": new.workout_id,
        ":member_id": new.member_id,
        ":workout_date": new.workout_date,
        ":catalog": new.catalog_exercise_id,
        ":custom": new.custom_exercise_id,
        ":order_key": new.order_key,
        ":recorded_by": new.recorded_by,
        ":now": new.now,
    })?;
    conn.prepare_cached(
        "INSERT INTO workout_exercise_totals (workout_exercise_id, sets, reps, volume_g,
             duration_s, cal, estimated_sets) VALUES (?1, 0, 0, 0, 0, 0, 0)",
    )?
    .execute([new.id])?;
    Ok(())
}

/// Updates one column of a workout exercise: `intensity`, `notes` or `order_key`.
pub fn update_workout_exercise(
    conn: &Connection,
    id: &str,
    column: &str,
    value: &str,
    now: i64,
) -> Result<(), StoreError> {
    let sql = match column {
        "intensity" => "UPDATE workout_exercises SET intensity = ?2, updated_at = ?3 WHERE id = ?1",
        "notes" => "UPDATE workout_exercises SET notes = ?2, updated_at = ?3 WHERE id = ?1",
        "order_key" => "UPDATE workout_exercises SET order_key = ?2, updated_at = ?3 WHERE id = ?1",
        _ => {
            return Err(StoreError::Corrupt(
                "not an editable workout exercise column",
            ))
        }
    };
    conn.prepare_cached(sql)?.execute(params![id, value, now])?;
    Ok(())
}

/// Tombstones a workout exercise (its sets stay, hidden with it; undelete restores both).
pub fn delete_workout_exercise(conn: &Connection, id: &str, now: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE workout_exercises SET _cl = _cl + 1, updated_at = ?2
             WHERE id = ?1 AND _cl % 2 = 1 RETURNING _cl",
        )?
        .query_row(params![id, now], |r| r.get(0))?)
}

pub fn delete_exercise_totals(
    conn: &Connection,
    workout_exercise_id: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM workout_exercise_totals WHERE workout_exercise_id = ?1")?
        .execute([workout_exercise_id])?;
    Ok(())
}

const SET_SELECT: &str = "SELECT id, workout_exercise_id, order_key, reps, weight_g, duration_s,
    distance_m, set_type, notes, recorded_by, logged_at FROM exercise_sets";

fn set_from_row(r: &Row<'_>) -> rusqlite::Result<SetRow> {
    Ok(SetRow {
        id: r.get(0)?,
        workout_exercise_id: r.get(1)?,
        order_key: r.get(2)?,
        reps: r.get(3)?,
        weight_g: r.get(4)?,
        duration_s: r.get(5)?,
        distance_m: r.get(6)?,
        set_type: r.get(7)?,
        notes: r.get(8)?,
        recorded_by: r.get(9)?,
        logged_at: r.get(10)?,
    })
}

pub fn set(conn: &Connection, id: &str) -> Result<Option<SetRow>, StoreError> {
    let sql = format!("{SET_SELECT} WHERE id = ?1 AND _cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], set_from_row)
        .optional()?)
}

/// A workout exercise's live sets in order.
pub fn sets(conn: &Connection, workout_exercise_id: &str) -> Result<Vec<SetRow>, StoreError> {
    let sql = format!(
        "{SET_SELECT} WHERE workout_exercise_id = ?1 AND _cl % 2 = 1 ORDER BY order_key, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([workout_exercise_id], set_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn last_set_key(
    conn: &Connection,
    workout_exercise_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT MAX(order_key) FROM exercise_sets WHERE workout_exercise_id = ?1")?
        .query_row([workout_exercise_id], |r| r.get(0))?)
}

pub fn insert_set(conn: &Connection, set: &SetRow, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO exercise_sets (id, workout_exercise_id, order_key, reps, weight_g, duration_s,
             distance_m, set_type, notes, recorded_by, logged_at, updated_at)
         VALUES (:id, :we, :key, :reps, :weight, :duration, :distance, :set_type, :notes,
             :recorded_by, :logged_at, :now)",
    )?
    .execute(named_params! {
        ":id": set.id,
        ":we": set.workout_exercise_id,
        ":key": set.order_key,
        ":reps": set.reps,
        ":weight": set.weight_g,
        ":duration": set.duration_s,
        ":distance": set.distance_m,
        ":set_type": set.set_type,
        ":notes": set.notes,
        ":recorded_by": set.recorded_by,
        ":logged_at": set.logged_at,
        ":now": now,
    })?;
    Ok(())
}

/// Rewrites a set's values (not its order, author or time).
pub fn update_set(conn: &Connection, set: &SetRow, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE exercise_sets SET reps = :reps, weight_g = :weight, duration_s = :duration,
             distance_m = :distance, set_type = :set_type, notes = :notes, updated_at = :now
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": set.id,
        ":reps": set.reps,
        ":weight": set.weight_g,
        ":duration": set.duration_s,
        ":distance": set.distance_m,
        ":set_type": set.set_type,
        ":notes": set.notes,
        ":now": now,
    })?;
    Ok(())
}

pub fn move_set(conn: &Connection, id: &str, order_key: &str, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE exercise_sets SET order_key = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, order_key, now])?;
    Ok(())
}

/// Tombstones a set; answers its new causal length.
pub fn delete_set(conn: &Connection, id: &str, now: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE exercise_sets SET _cl = _cl + 1, updated_at = ?2
             WHERE id = ?1 AND _cl % 2 = 1 RETURNING _cl",
        )?
        .query_row(params![id, now], |r| r.get(0))?)
}

fn totals_from_row(r: &Row<'_>) -> rusqlite::Result<TotalsRow> {
    Ok(TotalsRow {
        sets: r.get(0)?,
        reps: r.get(1)?,
        volume_g: r.get(2)?,
        duration_s: r.get(3)?,
        cal: r.get(4)?,
        estimated_sets: r.get(5)?,
    })
}

pub fn exercise_totals(
    conn: &Connection,
    workout_exercise_id: &str,
) -> Result<TotalsRow, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT sets, reps, volume_g, duration_s, cal, estimated_sets
             FROM workout_exercise_totals WHERE workout_exercise_id = ?1",
        )?
        .query_row([workout_exercise_id], totals_from_row)
        .optional()?
        .unwrap_or_default())
}

pub fn write_exercise_totals(
    conn: &Connection,
    workout_exercise_id: &str,
    t: &TotalsRow,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO workout_exercise_totals (workout_exercise_id, sets, reps, volume_g,
             duration_s, cal, estimated_sets) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (workout_exercise_id) DO UPDATE SET sets = ?2, reps = ?3, volume_g = ?4,
             duration_s = ?5, cal = ?6, estimated_sets = ?7",
    )?
    .execute(params![
        workout_exercise_id,
        t.sets,
        t.reps,
        t.volume_g,
        t.duration_s,
        t.cal,
        t.estimated_sets
    ])?;
    Ok(())
}

/// Rewrites a day's totals as the sum of its live exercises' totals (a handful of rows).
pub fn refresh_day_totals(
    conn: &Connection,
    workout_id: &str,
    member_id: &str,
    date: &str,
) -> Result<TotalsRow, StoreError> {
    let (exercises, totals): (i64, TotalsRow) = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(t.sets), 0), COALESCE(SUM(t.reps), 0),
                    COALESCE(SUM(t.volume_g), 0), COALESCE(SUM(t.duration_s), 0),
                    COALESCE(SUM(t.cal), 0), COALESCE(SUM(t.estimated_sets), 0)
             FROM workout_exercises we
             JOIN workout_exercise_totals t ON t.workout_exercise_id = we.id
             WHERE we.workout_id = ?1 AND we._cl % 2 = 1",
        )?
        .query_row([workout_id], |r| {
            Ok((
                r.get(0)?,
                TotalsRow {
                    sets: r.get(1)?,
                    reps: r.get(2)?,
                    volume_g: r.get(3)?,
                    duration_s: r.get(4)?,
                    cal: r.get(5)?,
                    estimated_sets: r.get(6)?,
                },
            ))
        })?;
    conn.prepare_cached(
        "UPDATE daily_workout_totals SET exercises = ?3, sets = ?4, reps = ?5, volume_g = ?6,
             duration_s = ?7, cal = ?8, estimated_sets = ?9
         WHERE member_id = ?1 AND workout_date = ?2",
    )?
    .execute(params![
        member_id,
        date,
        exercises,
        totals.sets,
        totals.reps,
        totals.volume_g,
        totals.duration_s,
        totals.cal,
        totals.estimated_sets
    ])?;
    Ok(totals)
}

/// Moves a day's totals by the change of one of its exercises' totals (`new − old`) and answers
/// the day's new totals.
pub fn shift_day_totals(
    conn: &Connection,
    member_id: &str,
    date: &str,
    old: &TotalsRow,
    new: &TotalsRow,
) -> Result<TotalsRow, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE daily_workout_totals SET sets = sets + ?3, reps = reps + ?4,
                 volume_g = volume_g + ?5, duration_s = duration_s + ?6, cal = cal + ?7,
                 estimated_sets = estimated_sets + ?8
             WHERE member_id = ?1 AND workout_date = ?2
             RETURNING sets, reps, volume_g, duration_s, cal, estimated_sets",
        )?
        .query_row(
            params![
                member_id,
                date,
                new.sets - old.sets,
                new.reps - old.reps,
                new.volume_g - old.volume_g,
                new.duration_s - old.duration_s,
                new.cal - old.cal,
                new.estimated_sets - old.estimated_sets
            ],
            totals_from_row,
        )?)
}

pub fn day_totals(conn: &Connection, member_id: &str, date: &str) -> Result<TotalsRow, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT sets, reps, volume_g, duration_s, cal, estimated_sets
             FROM daily_workout_totals WHERE member_id = ?1 AND workout_date = ?2",
        )?
        .query_row([member_id, date], totals_from_row)
        .optional()?
        .unwrap_or_default())
}

/// A session of the history list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub workout_id: String,
    pub date: String,
    pub exercises: i64,
    pub totals: TotalsRow,
}

/// A member's sessions (days with at least one set) between two dates, newest first — read from
/// the maintained totals alone.
pub fn sessions(
    conn: &Connection,
    member_id: &str,
    from: &str,
    to: &str,
) -> Result<Vec<SessionRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT workout_id, workout_date, exercises, sets, reps, volume_g, duration_s, cal,
                estimated_sets
         FROM daily_workout_totals
         WHERE member_id = ?1 AND sets > 0 AND workout_date BETWEEN ?2 AND ?3
         ORDER BY workout_date DESC",
    )?;
    let rows = statement.query_map(params![member_id, from, to], |r| {
        Ok(SessionRow {
            workout_id: r.get(0)?,
            date: r.get(1)?,
            exercises: r.get(2)?,
            totals: TotalsRow {
                sets: r.get(3)?,
                reps: r.get(4)?,
                volume_g: r.get(5)?,
                duration_s: r.get(6)?,
                cal: r.get(7)?,
                estimated_sets: r.get(8)?,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The most recent earlier day of `member_id` (before `date`) where the same exercise has live
/// sets: that workout exercise's id and the day's date. One seek in a history index.
pub fn previous_with_exercise(
    conn: &Connection,
    member_id: &str,
    date: &str,
    catalog_exercise_id: Option<i64>,
    custom_exercise_id: Option<&str>,
) -> Result<Option<(String, String)>, StoreError> {
    // Separate statements so each uses its own partial index with plain equality.
    const TAIL: &str = "AND we.workout_date < ?3 AND we._cl % 2 = 1
         AND EXISTS (SELECT 1 FROM workout_exercise_totals t
                     WHERE t.workout_exercise_id = we.id AND t.sets > 0)
         AND EXISTS (SELECT 1 FROM daily_workouts dw WHERE dw.id = we.workout_id AND dw._cl % 2 = 1)
         ORDER BY we.workout_date DESC, we.order_key DESC, we.id DESC LIMIT 1";
    let row = |r: &Row<'_>| Ok((r.get(0)?, r.get(1)?));
    let found = match (catalog_exercise_id, custom_exercise_id) {
        (Some(id), _) => conn
            .prepare_cached(&format!(
                "SELECT we.id, we.workout_date FROM workout_exercises we
                 WHERE we.member_id = ?1 AND we.catalog_exercise_id = ?2 {TAIL}"
            ))?
            .query_row(params![member_id, id, date], row)
            .optional()?,
        (None, Some(id)) => conn
            .prepare_cached(&format!(
                "SELECT we.id, we.workout_date FROM workout_exercises we
                 WHERE we.member_id = ?1 AND we.custom_exercise_id = ?2 {TAIL}"
            ))?
            .query_row(params![member_id, id, date], row)
            .optional()?,
        (None, None) => None,
    };
    Ok(found)
}

/// The body-weight entries that can decide a day's weight: the latest on or before the date and
/// the earliest after it, in recording order.
pub fn weight_candidates(
    conn: &Connection,
    member_id: &str,
    date: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    let mut found = Vec::with_capacity(2);
    let before = conn
        .prepare_cached(
            "SELECT measured_on, weight_g FROM body_metrics
             WHERE member_id = ?1 AND weight_g IS NOT NULL AND _cl % 2 = 1 AND measured_on <= ?2
             ORDER BY measured_on DESC, updated_at DESC, id DESC LIMIT 1",
        )?
        .query_row([member_id, date], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let after = conn
        .prepare_cached(
            "SELECT measured_on, weight_g FROM body_metrics
             WHERE member_id = ?1 AND weight_g IS NOT NULL AND _cl % 2 = 1 AND measured_on > ?2
             ORDER BY measured_on ASC, updated_at DESC, id DESC LIMIT 1",
        )?
        .query_row([member_id, date], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    found.extend(before);
    found.extend(after);
    Ok(found)
}

/// Who among `people` had a session (a day with sets) on `date`, with that day's calories.
pub fn sessions_on(
    conn: &Connection,
    people: &[String],
    date: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT cal FROM daily_workout_totals
         WHERE member_id = ?1 AND workout_date = ?2 AND sets > 0",
    )?;
    let mut found = Vec::new();
    for person in people {
        if let Some(cal) = statement
            .query_row([person.as_str(), date], |r| r.get::<_, i64>(0))
            .optional()?
        {
            found.push((person.clone(), cal));
        }
    }
    Ok(found)
}

/// Every workout exercise of a day, tombstoned ones included (recomputing after a pull).
pub fn day_exercise_ids(conn: &Connection, workout_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT id FROM workout_exercises WHERE workout_id = ?1")?;
    let rows = statement.query_map([workout_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The member and date of a day, tombstoned or not.
pub fn day_key(
    conn: &Connection,
    workout_id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT member_id, workout_date FROM daily_workouts WHERE id = ?1")?
        .query_row([workout_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Makes a day's totals row (zeros) unless it exists.
pub fn ensure_day_totals(
    conn: &Connection,
    workout_id: &str,
    member_id: &str,
    date: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO daily_workout_totals (workout_id, member_id, workout_date, exercises, sets,
             reps, volume_g, duration_s, cal, estimated_sets)
         VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
    )?
    .execute(params![workout_id, member_id, date])?;
    Ok(())
}

/// The days a workout exercise, a member's body weight or a custom exercise affect.
pub fn days_of_member(conn: &Connection, member_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT id FROM daily_workouts WHERE member_id = ?1")?;
    let rows = statement.query_map([member_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn days_using_custom(conn: &Connection, custom_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT workout_id FROM workout_exercises WHERE custom_exercise_id = ?1",
    )?;
    let rows = statement.query_map([custom_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn day_of_exercise(conn: &Connection, we_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT workout_id FROM workout_exercises WHERE id = ?1")?
        .query_row([we_id], |r| r.get(0))
        .optional()?)
}

pub fn exercise_of_set(conn: &Connection, set_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT workout_exercise_id FROM exercise_sets WHERE id = ?1")?
        .query_row([set_id], |r| r.get(0))
        .optional()?)
}
