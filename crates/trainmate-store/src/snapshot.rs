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
