//! Custom exercises, favourites and recently used exercises.

use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomRow {
    pub id: String,
    pub trainer_id: String,
    pub body_part: String,
    pub equipment: String,
    pub name_ko: String,
    pub name_en: String,
    pub measures: String,
    pub load: String,
    pub met_tenths: i64,
}

const CUSTOM_SELECT: &str = "SELECT id, trainer_id, body_part, equipment, name_ko, name_en,
    measures, load, met_tenths FROM custom_exercises";

fn custom_from_row(r: &Row<'_>) -> rusqlite::Result<CustomRow> {
    Ok(CustomRow {
        id: r.get(0)?,
        trainer_id: r.get(1)?,
        body_part: r.get(2)?,
        equipment: r.get(3)?,
        name_ko: r.get(4)?,
        name_en: r.get(5)?,
        measures: r.get(6)?,
        load: r.get(7)?,
        met_tenths: r.get(8)?,
    })
}

pub fn custom(conn: &Connection, id: &str) -> Result<Option<CustomRow>, StoreError> {
    let sql = format!("{CUSTOM_SELECT} WHERE id = ?1 AND _cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], custom_from_row)
        .optional()?)
}

/// A trainer's custom exercises by Korean name.
pub fn customs_of(conn: &Connection, trainer_id: &str) -> Result<Vec<CustomRow>, StoreError> {
    let sql = format!("{CUSTOM_SELECT} WHERE trainer_id = ?1 AND _cl % 2 = 1 ORDER BY name_ko, id");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([trainer_id], custom_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Inserts or rewrites a custom exercise.
pub fn upsert_custom(conn: &Connection, row: &CustomRow, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO custom_exercises (id, trainer_id, body_part, equipment, name_ko, name_en,
             measures, load, met_tenths, created_at, updated_at)
         VALUES (:id, :trainer, :body_part, :equipment, :name_ko, :name_en, :measures, :load,
             :met, :now, :now)
         ON CONFLICT (id) DO UPDATE SET body_part = :body_part, equipment = :equipment,
             name_ko = :name_ko, name_en = :name_en, measures = :measures, load = :load,
             met_tenths = :met, updated_at = :now",
    )?
    .execute(named_params! {
        ":id": row.id,
        ":trainer": row.trainer_id,
        ":body_part": row.body_part,
        ":equipment": row.equipment,
        ":name_ko": row.name_ko,
        ":name_en": row.name_en,
        ":measures": row.measures,
        ":load": row.load,
        ":met": row.met_tenths,
        ":now": now,
    })?;
    Ok(())
}

/// Live workout exercises using a custom exercise (their calories follow its MET).
pub fn uses_of_custom(conn: &Connection, custom_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM workout_exercises WHERE custom_exercise_id = ?1 AND _cl % 2 = 1",
    )?;
    let rows = statement.query_map([custom_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A favourite: exactly one of the two references.
pub type ExerciseKey = (Option<i64>, Option<String>);

pub fn set_favourite(
    conn: &Connection,
    user_id: &str,
    key: &ExerciseKey,
    favourite: bool,
    now: i64,
) -> Result<(), StoreError> {
    if favourite {
        conn.prepare_cached(
            "INSERT INTO favourite_exercises (user_id, catalog_exercise_id, custom_exercise_id,
                 created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )?
        .execute(params![user_id, key.0, key.1, now])?;
    } else {
        conn.prepare_cached(
            "DELETE FROM favourite_exercises WHERE user_id = ?1
                 AND catalog_exercise_id IS ?2 AND custom_exercise_id IS ?3",
        )?
        .execute(params![user_id, key.0, key.1])?;
    }
    Ok(())
}

pub fn favourites(conn: &Connection, user_id: &str) -> Result<Vec<ExerciseKey>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT catalog_exercise_id, custom_exercise_id FROM favourite_exercises
         WHERE user_id = ?1 ORDER BY created_at, rowid",
    )?;
    let rows = statement.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The exercises of a member's most recent days, newest first, without repeats.
pub fn recent(
    conn: &Connection,
    member_id: &str,
    limit: usize,
) -> Result<Vec<ExerciseKey>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT we.catalog_exercise_id, we.custom_exercise_id
         FROM daily_workouts dw JOIN workout_exercises we ON we.workout_id = dw.id
         WHERE dw.member_id = ?1 AND dw._cl % 2 = 1 AND we._cl % 2 = 1
         ORDER BY dw.workout_date DESC, we.created_at DESC, we.order_key DESC, we.id DESC
         LIMIT 200",
    )?;
    let rows = statement.query_map([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut seen: Vec<ExerciseKey> = Vec::new();
    for row in rows {
        let key: ExerciseKey = row?;
        if !seen.contains(&key) {
            seen.push(key);
            if seen.len() == limit {
                break;
            }
        }
    }
    Ok(seen)
}
