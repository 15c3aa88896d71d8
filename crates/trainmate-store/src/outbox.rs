//! The transactional outbox and the persisted hybrid logical clock (sync.md "On the device").
//!
//! Records are appended inside the caller's transaction, so a change and its record commit or
//! roll back together. `device_seq` is contiguous: it comes from `sync_state`, which the same
//! transaction updates.

use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// The synced schema's version stamped on each record: the migration that last changed a synced
/// table's columns (V4). Migrations that add only local tables (V5: sync links, conflicts) leave
/// it, so a server that knows V4's columns keeps accepting this device's changes.
pub const SCHEMA_VERSION: i64 = 4;

/// One change record's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    pub change_id: &'a str,
    pub tx_id: &'a str,
    pub trainer_id: &'a str,
    pub table: &'a str,
    pub row_id: &'a str,
    /// "upsert", "delete" or "undelete".
    pub op: &'a str,
    /// JSON object of the changed columns.
    pub columns: &'a str,
    pub base_seq: i64,
    pub hlc: i64,
    pub now: i64,
}

/// Whether changes in `trainer_id`'s scope are captured (the trainer linked a sync server).
pub fn capture_enabled(conn: &Connection, trainer_id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_capture WHERE trainer_id = ?1")?
        .query_row([trainer_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn enable_capture(conn: &Connection, trainer_id: &str, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_capture (trainer_id, enabled_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?
    .execute(params![trainer_id, now])?;
    Ok(())
}

/// The last HLC value this device issued.
pub fn last_hlc(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT hlc FROM sync_state")?
        .query_row([], |r| r.get(0))?)
}

pub fn store_hlc(conn: &Connection, hlc: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_state SET hlc = ?1")?
        .execute([hlc])?;
    Ok(())
}

/// Appends one record with the next device-wide `device_seq` (the local order) and the next
/// `scope_seq` of its trainer's scope (the number the server sees as `device_seq`, contiguous
/// per scope); returns the scope_seq.
pub fn append(conn: &Connection, record: &Record<'_>) -> Result<i64, StoreError> {
    let device_seq: i64 = conn
        .prepare_cached(
            "UPDATE sync_state SET next_device_seq = next_device_seq + 1
             RETURNING next_device_seq - 1",
        )?
        .query_row([], |r| r.get(0))?;
    let scope_seq: i64 = conn
        .prepare_cached(
            "INSERT INTO sync_scopes (trainer_id, next_device_seq) VALUES (?1, 2)
             ON CONFLICT (trainer_id) DO UPDATE SET next_device_seq = next_device_seq + 1
             RETURNING next_device_seq - 1",
        )?
        .query_row([record.trainer_id], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO outbox (device_seq, change_id, tx_id, trainer_id, table_name, row_id, op,
             columns, base_seq, hlc, schema_version, created_at, scope_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        device_seq,
        record.change_id,
        record.tx_id,
        record.trainer_id,
        record.table,
        record.row_id,
        record.op,
        record.columns,
        record.base_seq,
        record.hlc,
        SCHEMA_VERSION,
        record.now,
        scope_seq
    ])?;
    Ok(scope_seq)
}

/// The `_row_seq` of a synced row (0 when it does not exist yet). `table` must be one of the
/// synced tables; it is checked, never interpolated from input.
pub fn row_seq(conn: &Connection, table: &str, row_id: &str) -> Result<i64, StoreError> {
    let sql = match table {
        "users" => "SELECT _row_seq FROM users WHERE id = ?1",
        "body_metrics" => "SELECT _row_seq FROM body_metrics WHERE id = ?1",
        "custom_exercises" => "SELECT _row_seq FROM custom_exercises WHERE id = ?1",
        "daily_workouts" => "SELECT _row_seq FROM daily_workouts WHERE id = ?1",
        "workout_exercises" => "SELECT _row_seq FROM workout_exercises WHERE id = ?1",
        "exercise_sets" => "SELECT _row_seq FROM exercise_sets WHERE id = ?1",
        _ => return Err(StoreError::Corrupt("not a synced table")),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([row_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}
