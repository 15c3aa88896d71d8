//! A synced row's whole synced state, for outbox records that carry every column: a new row, or
//! the snapshot of a member's rows when they join a trainer's scope (sync.md "Capture starts at
//! linking"; "Assigning a member enqueues a snapshot").
//!
//! Local-only columns are left out on purpose: `users.recovery_code_hash` (a trainer's offline
//! reset secret stays on the device), `users.photo_file` (photos are not synced in this release),
//! and the sync bookkeeping `_row_seq` / `_cl` (the record's op carries aliveness).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;

/// The synced columns of `table` in schema order (`None`: not a synced table).
pub fn synced(table: &str) -> Option<&'static [&'static str]> {
    columns(table)
}

/// The synced columns of each table this module knows, in schema order.
fn columns(table: &str) -> Option<&'static [&'static str]> {
    Some(match table {
        "users" => &[
            "user_type",
            "name",
            "email",
            "email_key",
            "phone",
            "birth_date",
            "password_hash",
            "trainer_id",
            "terms_consent_at",
            "privacy_consent_at",
            "marketing_consent_at",
            "created_at",
            "updated_at",
        ],
        "body_metrics" => &[
            "member_id",
            "measured_on",
            "height_mm",
            "weight_g",
            "body_fat_tenths",
            "skeletal_muscle_g",
            "created_by",
            "created_at",
            "updated_at",
        ],
        "custom_exercises" => &[
            "trainer_id",
            "body_part",
            "equipment",
            "name_ko",
            "name_en",
            "measures",
            "load",
            "met_tenths",
            "created_at",
            "updated_at",
        ],
        "daily_workouts" => &[
            "member_id",
            "workout_date",
            "recorded_by",
            "notes",
            "created_at",
            "updated_at",
        ],
        "workout_exercises" => &[
            "workout_id",
            "member_id",
            "workout_date",
            "catalog_exercise_id",
            "custom_exercise_id",
            "order_key",
            "intensity",
            "notes",
            "recorded_by",
            "created_at",
            "updated_at",
        ],
        "exercise_sets" => &[
            "workout_exercise_id",
            "order_key",
            "reps",
            "weight_g",
            "duration_s",
            "distance_m",
            "set_type",
            "notes",
            "recorded_by",
            "logged_at",
            "updated_at",
        ],
        _ => return None,
    })
}

/// Every synced column of row `id` in `table` (`None` if there is no such row). `table` is
/// checked against a fixed list, never interpolated from input.
pub fn synced_columns(
    conn: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<Vec<(&'static str, Value)>>, StoreError> {
    let names = columns(table).ok_or(StoreError::Corrupt("no snapshot for this table"))?;
    let sql = format!("SELECT {} FROM {table} WHERE id = ?1", names.join(", "));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            names
                .iter()
                .enumerate()
                .map(|(i, name)| Ok((*name, r.get::<_, Value>(i)?)))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .optional()?)
}

/// The ids of a member's live body-metric entries (for the snapshot when they join a scope).
pub fn live_body_metric_ids(conn: &Connection, member_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM body_metrics WHERE member_id = ?1 AND _cl % 2 = 1 ORDER BY id",
    )?;
    let rows = statement.query_map([member_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A member's live workout rows, parents before children: `(table, id)` for each day, workout
/// exercise and set (for the snapshot when they join a trainer's scope).
pub fn live_workout_rows(
    conn: &Connection,
    member_id: &str,
) -> Result<Vec<(&'static str, String)>, StoreError> {
    let mut rows = Vec::new();
    let queries: [(&'static str, &str); 3] = [
        (
            "daily_workouts",
            "SELECT id FROM daily_workouts WHERE member_id = ?1 AND _cl % 2 = 1 ORDER BY id",
        ),
        (
            "workout_exercises",
            "SELECT id FROM workout_exercises WHERE member_id = ?1 AND _cl % 2 = 1 ORDER BY id",
        ),
        (
            "exercise_sets",
            "SELECT s.id FROM exercise_sets s
             JOIN workout_exercises we ON we.id = s.workout_exercise_id
             WHERE we.member_id = ?1 AND we._cl % 2 = 1 AND s._cl % 2 = 1 ORDER BY s.id",
        ),
    ];
    for (table, sql) in queries {
        let mut statement = conn.prepare_cached(sql)?;
        let ids = statement.query_map([member_id], |r| r.get::<_, String>(0))?;
        for id in ids {
            rows.push((table, id?));
        }
    }
    Ok(rows)
}
