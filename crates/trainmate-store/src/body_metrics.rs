//! A member's dated body-metrics history. Deletes are tombstones: `_cl` (causal length) goes up
//! by one, even means deleted, and every read here filters `_cl % 2 = 1`.

use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

use crate::StoreError;

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyMetricRow {
    pub id: String,
    pub member_id: String,
    pub measured_on: String,
    pub height_mm: Option<u32>,
    pub weight_g: Option<u32>,
    pub body_fat_tenths: Option<u32>,
    pub skeletal_muscle_g: Option<u32>,
}

const COLUMNS: &str =
    "id, member_id, measured_on, height_mm, weight_g, body_fat_tenths, skeletal_muscle_g";

fn from_row(row: &Row<'_>) -> rusqlite::Result<BodyMetricRow> {
    Ok(BodyMetricRow {
        id: row.get(0)?,
        member_id: row.get(1)?,
        measured_on: row.get(2)?,
        height_mm: row.get(3)?,
        weight_g: row.get(4)?,
        body_fat_tenths: row.get(5)?,
        skeletal_muscle_g: row.get(6)?,
    })
}

/// The values of an entry, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Values<'a> {
    pub measured_on: &'a str,
    pub height_mm: Option<u32>,
    pub weight_g: Option<u32>,
    pub body_fat_tenths: Option<u32>,
    pub skeletal_muscle_g: Option<u32>,
}

pub fn insert(
    conn: &Connection,
    id: &str,
    member_id: &str,
    values: &Values<'_>,
    created_by: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO body_metrics (id, member_id, measured_on, height_mm, weight_g,
             body_fat_tenths, skeletal_muscle_g, created_by, created_at, updated_at)
         VALUES (:id, :member_id, :measured_on, :height, :weight, :fat, :muscle, :by, :now, :now)",
    )?
    .execute(named_params! {
        ":id": id,
        ":member_id": member_id,
        ":measured_on": values.measured_on,
        ":height": values.height_mm,
        ":weight": values.weight_g,
        ":fat": values.body_fat_tenths,
        ":muscle": values.skeletal_muscle_g,
        ":by": created_by,
        ":now": now,
    })?;
    Ok(())
}

/// Replaces the date and the four values of a live entry.
pub fn update(
    conn: &Connection,
    id: &str,
    values: &Values<'_>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE body_metrics SET measured_on = :measured_on, height_mm = :height,
             weight_g = :weight, body_fat_tenths = :fat, skeletal_muscle_g = :muscle,
             updated_at = :now
         WHERE id = :id AND _cl % 2 = 1",
    )?
    .execute(named_params! {
        ":id": id,
        ":measured_on": values.measured_on,
        ":height": values.height_mm,
        ":weight": values.weight_g,
        ":fat": values.body_fat_tenths,
        ":muscle": values.skeletal_muscle_g,
        ":now": now,
    })?;
    Ok(())
}

/// Tombstones a live entry and answers its new causal length (even), or `None` if it was not
/// alive.
pub fn delete(conn: &Connection, id: &str, now: i64) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE body_metrics SET _cl = _cl + 1, updated_at = ?2
             WHERE id = ?1 AND _cl % 2 = 1 RETURNING _cl",
        )?
        .query_row(params![id, now], |r| r.get(0))
        .optional()?)
}

/// A live entry.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<BodyMetricRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM body_metrics WHERE id = ?1 AND _cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// A member's live entries, newest first: by date, then by last change, then by id.
pub fn history(conn: &Connection, member_id: &str) -> Result<Vec<BodyMetricRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM body_metrics WHERE member_id = ?1 AND _cl % 2 = 1
         ORDER BY measured_on DESC, updated_at DESC, id DESC"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([member_id], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The latest known value of each metric, each from its own most recent live entry that has it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Latest {
    pub height_mm: Option<u32>,
    pub weight_g: Option<u32>,
    pub body_fat_tenths: Option<u32>,
    pub skeletal_muscle_g: Option<u32>,
}

pub fn latest(conn: &Connection, member_id: &str) -> Result<Latest, StoreError> {
    // The column names are constants, never input.
    let one = |column: &str| {
        format!(
            "(SELECT {column} FROM body_metrics
              WHERE member_id = ?1 AND _cl % 2 = 1 AND {column} IS NOT NULL
              ORDER BY measured_on DESC, updated_at DESC, id DESC LIMIT 1)"
        )
    };
    let sql = format!(
        "SELECT {}, {}, {}, {}",
        one("height_mm"),
        one("weight_g"),
        one("body_fat_tenths"),
        one("skeletal_muscle_g")
    );
    Ok(conn.prepare_cached(&sql)?.query_row([member_id], |r| {
        Ok(Latest {
            height_mm: r.get(0)?,
            weight_g: r.get(1)?,
            body_fat_tenths: r.get(2)?,
            skeletal_muscle_g: r.get(3)?,
        })
    })?)
}

/// The member's body weight as of `date`, ignoring entry `except` (the one being edited): the
/// latest weight on or before the date, else the earliest after it.
pub fn weight_as_of(
    conn: &Connection,
    member_id: &str,
    date: &str,
    except: Option<&str>,
) -> Result<Option<u32>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT weight_g FROM body_metrics
             WHERE member_id = ?1 AND _cl % 2 = 1 AND weight_g IS NOT NULL AND id IS NOT ?3
             ORDER BY measured_on > ?2,
                      CASE WHEN measured_on <= ?2 THEN measured_on END DESC,
                      measured_on, updated_at DESC, id DESC
             LIMIT 1",
        )?
        .query_row(params![member_id, date, except], |r| r.get(0))
        .optional()?)
}
