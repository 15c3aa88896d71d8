//! The device's sync bookkeeping (migration V5): per-trainer links and cursors, the pending
//! outbox as the sync job reads it, refused changes, conflicts, and writing pulled rows.
//!
//! Nothing here deletes domain rows: pulled rows are upserted (a delete is a tombstone carried by
//! `_cl`), and outbox records leave the outbox only once the server answered for them (applied,
//! partial, duplicate) or refused them — then into `sync_rejected`, never dropped.

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::StoreError;

/// One trainer scope's sync state.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub trainer_id: String,
    pub next_device_seq: i64,
    pub cursor: i64,
    pub server_url: Option<String>,
    pub account_id: Option<String>,
    pub account_email: Option<String>,
    pub refresh_token: Option<String>,
    pub needs_sign_in: bool,
    pub linked_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub clock_skew_ms: Option<i64>,
    /// The server's scope epoch this scope last synced under (V6); `None`: none seen yet.
    pub epoch: Option<i64>,
}

const SCOPE_SELECT: &str = "SELECT trainer_id, next_device_seq, cursor, server_url, account_id,
    account_email, refresh_token, needs_sign_in, linked_at, last_attempt_at, last_success_at,
    last_error, clock_skew_ms, epoch FROM sync_scopes";

fn scope_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Scope> {
    Ok(Scope {
        trainer_id: r.get(0)?,
        next_device_seq: r.get(1)?,
        cursor: r.get(2)?,
        server_url: r.get(3)?,
        account_id: r.get(4)?,
        account_email: r.get(5)?,
        refresh_token: r.get(6)?,
        needs_sign_in: r.get::<_, i64>(7)? != 0,
        linked_at: r.get(8)?,
        last_attempt_at: r.get(9)?,
        last_success_at: r.get(10)?,
        last_error: r.get(11)?,
        clock_skew_ms: r.get(12)?,
        epoch: r.get(13)?,
    })
}

pub fn scope(conn: &Connection, trainer_id: &str) -> Result<Option<Scope>, StoreError> {
    let sql = format!("{SCOPE_SELECT} WHERE trainer_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([trainer_id], scope_from_row)
        .optional()?)
}

/// Every scope linked to a server.
pub fn linked_scopes(conn: &Connection) -> Result<Vec<Scope>, StoreError> {
    let sql = format!("{SCOPE_SELECT} WHERE server_url IS NOT NULL ORDER BY trainer_id");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], scope_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Links `trainer_id`'s scope to a server account (or re-links after signing in again).
pub fn save_link(
    conn: &Connection,
    trainer_id: &str,
    server_url: &str,
    account_id: &str,
    email: &str,
    refresh_token: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_scopes (trainer_id, server_url, account_id, account_email,
             refresh_token, linked_at, needs_sign_in)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)
         ON CONFLICT (trainer_id) DO UPDATE SET server_url = ?2, account_id = ?3,
             account_email = ?4, refresh_token = ?5, needs_sign_in = 0, last_error = NULL,
             linked_at = COALESCE(linked_at, ?6)",
    )?
    .execute(params![
        trainer_id,
        server_url,
        account_id,
        email,
        refresh_token,
        now
    ])?;
    Ok(())
}

/// Forgets the server of a scope (the device keeps every row and the outbox; capture stays on,
/// so linking again later pushes what was written meanwhile).
pub fn unlink(conn: &Connection, trainer_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_scopes SET server_url = NULL, account_id = NULL, account_email = NULL,
             refresh_token = NULL, needs_sign_in = 0, last_error = NULL
         WHERE trainer_id = ?1",
    )?
    .execute([trainer_id])?;
    Ok(())
}

pub fn store_refresh_token(
    conn: &Connection,
    trainer_id: &str,
    token: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_scopes SET refresh_token = ?2 WHERE trainer_id = ?1")?
        .execute([trainer_id, token])?;
    Ok(())
}

/// The server no longer accepts the scope's tokens: the user must sign in again. Nothing else
/// changes (the refresh token is kept for the record; the outbox and rows stay).
pub fn set_needs_sign_in(conn: &Connection, trainer_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_scopes SET needs_sign_in = 1, last_error = 'sign_in' WHERE trainer_id = ?1",
    )?
    .execute([trainer_id])?;
    Ok(())
}

/// Notes the end of a sync attempt: a success clears the error, a failure keeps its code.
pub fn record_attempt(
    conn: &Connection,
    trainer_id: &str,
    now: i64,
    error: Option<&str>,
) -> Result<(), StoreError> {
    match error {
        None => conn
            .prepare_cached(
                "UPDATE sync_scopes SET last_attempt_at = ?2, last_success_at = ?2,
                     last_error = NULL WHERE trainer_id = ?1",
            )?
            .execute(params![trainer_id, now])?,
        Some(code) => conn
            .prepare_cached(
                "UPDATE sync_scopes SET last_attempt_at = ?2, last_error = ?3
                 WHERE trainer_id = ?1",
            )?
            .execute(params![trainer_id, now, code])?,
    };
    Ok(())
}

pub fn set_clock_skew(
    conn: &Connection,
    trainer_id: &str,
    skew_ms: Option<i64>,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_scopes SET clock_skew_ms = ?2 WHERE trainer_id = ?1")?
        .execute(params![trainer_id, skew_ms])?;
    Ok(())
}

/// The server's scope epoch this scope now syncs under.
pub fn set_epoch(conn: &Connection, trainer_id: &str, epoch: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_scopes SET epoch = ?2 WHERE trainer_id = ?1")?
        .execute(params![trainer_id, epoch])?;
    Ok(())
}

/// Notes that this device wrote `columns` (their names; `_`-prefixed bookkeeping keys skipped)
/// of a row with stamp `hlc` (V6 `sync_column_hlcs`).
pub fn note_column_hlcs<'a>(
    conn: &Connection,
    table: &str,
    row_id: &str,
    columns: impl Iterator<Item = (&'a String, i64)>,
) -> Result<(), StoreError> {
    let mut stamps = Map::new();
    for (name, hlc) in columns {
        if !name.starts_with('_') {
            stamps.insert(name.clone(), Value::from(hlc));
        }
    }
    if stamps.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO sync_column_hlcs (table_name, row_id, hlcs) VALUES (?1, ?2, ?3)
         ON CONFLICT (table_name, row_id) DO UPDATE SET hlcs = json_patch(hlcs, excluded.hlcs)",
    )?
    .execute(params![table, row_id, Value::Object(stamps).to_string()])?;
    Ok(())
}

/// The stamps this device holds for a row's columns (those it wrote itself).
pub fn column_hlcs(
    conn: &Connection,
    table: &str,
    row_id: &str,
) -> Result<Map<String, Value>, StoreError> {
    let text: Option<String> = conn
        .prepare_cached("SELECT hlcs FROM sync_column_hlcs WHERE table_name = ?1 AND row_id = ?2")?
        .query_row([table, row_id], |r| r.get(0))
        .optional()?;
    match text.map(|t| serde_json::from_str(&t)) {
        None => Ok(Map::new()),
        Some(Ok(Value::Object(map))) => Ok(map),
        Some(_) => Err(StoreError::Corrupt(
            "stored column stamps are not a JSON object",
        )),
    }
}

/// Forgets the stamps of `columns` of a row (a pull brought another writer's values for them).
pub fn forget_column_hlcs(
    conn: &Connection,
    table: &str,
    row_id: &str,
    columns: &[&str],
) -> Result<(), StoreError> {
    if columns.is_empty() {
        return Ok(());
    }
    let nulls: Map<String, Value> = columns
        .iter()
        .map(|c| ((*c).to_owned(), Value::Null))
        .collect();
    conn.prepare_cached(
        "UPDATE sync_column_hlcs SET hlcs = json_patch(hlcs, ?3)
         WHERE table_name = ?1 AND row_id = ?2",
    )?
    .execute(params![table, row_id, Value::Object(nulls).to_string()])?;
    Ok(())
}

/// Whether a stored value and a pulled one are the same (numbers compared as numbers: a REAL
/// column holds `20000.0` where JSON says `20000`).
pub fn same_value(local: &Sql, pulled: &Value) -> bool {
    let pulled = to_sql(pulled);
    match (local, &pulled) {
        (Sql::Integer(a), Sql::Real(b)) | (Sql::Real(b), Sql::Integer(a)) => (*a as f64) == *b,
        (a, b) => a == b,
    }
}

/// Whether the device's row already holds every value of `columns` (a pulled version it has:
/// typically its own pushed edits coming back, as after linking). Columns this build does not
/// sync are ignored, as [`write_row`] ignores them.
pub fn holds_values(
    conn: &Connection,
    table: &str,
    row_id: &str,
    columns: &Map<String, Value>,
) -> Result<bool, StoreError> {
    let Some(local) = crate::snapshot::synced_columns(conn, table, row_id)? else {
        return Ok(false);
    };
    Ok(columns.iter().all(|(name, pulled)| {
        local
            .iter()
            .find(|(local_name, _)| *local_name == name)
            .is_none_or(|(_, value)| same_value(value, pulled))
    }))
}

/// Records that the device holds version `row_seq` of a row whose values it already has.
pub fn set_row_seq(
    conn: &Connection,
    table: &str,
    row_id: &str,
    row_seq: i64,
) -> Result<(), StoreError> {
    if !TABLE_ORDER.contains(&table) {
        return Err(StoreError::Corrupt("not a synced table"));
    }
    let sql = format!("UPDATE {table} SET _row_seq = ?2 WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .execute(params![row_id, row_seq])?;
    Ok(())
}

pub fn set_cursor(conn: &Connection, trainer_id: &str, cursor: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_scopes SET cursor = ?2 WHERE trainer_id = ?1")?
        .execute(params![trainer_id, cursor])?;
    Ok(())
}

/// One outbox record as the sync job pushes it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub scope_seq: i64,
    pub change_id: String,
    pub tx_id: String,
    pub trainer_id: String,
    pub table: String,
    pub row_id: String,
    pub op: String,
    pub columns: String,
    pub base_seq: i64,
    pub hlc: i64,
    pub schema_version: i64,
    pub created_at: i64,
}

const OUTBOX_SELECT: &str = "SELECT scope_seq, change_id, tx_id, trainer_id, table_name, row_id,
    op, columns, base_seq, hlc, schema_version, created_at FROM outbox";

fn outbox_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        scope_seq: r.get(0)?,
        change_id: r.get(1)?,
        tx_id: r.get(2)?,
        trainer_id: r.get(3)?,
        table: r.get(4)?,
        row_id: r.get(5)?,
        op: r.get(6)?,
        columns: r.get(7)?,
        base_seq: r.get(8)?,
        hlc: r.get(9)?,
        schema_version: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// The scope's oldest pending records, in `scope_seq` order, at most `limit`.
pub fn pending(
    conn: &Connection,
    trainer_id: &str,
    limit: usize,
) -> Result<Vec<OutboxRow>, StoreError> {
    let sql = format!("{OUTBOX_SELECT} WHERE trainer_id = ?1 ORDER BY scope_seq LIMIT ?2");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![trainer_id, i64::try_from(limit).unwrap_or(i64::MAX)],
        outbox_from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The pending records of one row after `after` (the server's acknowledged device_seq).
pub fn pending_for_row(
    conn: &Connection,
    trainer_id: &str,
    table: &str,
    row_id: &str,
    after: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    let sql = format!(
        "{OUTBOX_SELECT} WHERE trainer_id = ?1 AND table_name = ?2 AND row_id = ?3
         AND scope_seq > ?4 ORDER BY scope_seq"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![trainer_id, table, row_id, after], outbox_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many records wait, and when the oldest was written.
pub fn pending_summary(
    conn: &Connection,
    trainer_id: &str,
) -> Result<(i64, Option<i64>), StoreError> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE trainer_id = ?1")?
        .query_row([trainer_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The server answered for this record (applied, partial or duplicate): it leaves the outbox.
pub fn acknowledge(conn: &Connection, change_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM outbox WHERE change_id = ?1")?
        .execute([change_id])?;
    Ok(())
}

/// The server refused this record: it moves to `sync_rejected` with the reason.
pub fn reject(
    conn: &Connection,
    record: &OutboxRow,
    code: &str,
    message: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_rejected (change_id, trainer_id, scope_seq, table_name, row_id, op,
             columns, code, message, rejected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        record.change_id,
        record.trainer_id,
        record.scope_seq,
        record.table,
        record.row_id,
        record.op,
        record.columns,
        code,
        message,
        now
    ])?;
    acknowledge(conn, &record.change_id)
}

#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub change_id: String,
    pub table: String,
    pub row_id: String,
    pub op: String,
    pub columns: String,
    pub code: String,
    pub message: String,
    pub rejected_at: i64,
}

pub fn rejected(conn: &Connection, trainer_id: &str) -> Result<Vec<RejectedRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT change_id, table_name, row_id, op, columns, code, message, rejected_at
         FROM sync_rejected WHERE trainer_id = ?1 AND dismissed_at IS NULL
         ORDER BY scope_seq",
    )?;
    let rows = statement.query_map([trainer_id], |r| {
        Ok(RejectedRow {
            change_id: r.get(0)?,
            table: r.get(1)?,
            row_id: r.get(2)?,
            op: r.get(3)?,
            columns: r.get(4)?,
            code: r.get(5)?,
            message: r.get(6)?,
            rejected_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A conflict as the server reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub id: i64,
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub column: String,
    pub kept: String,
    pub lost: String,
    pub kept_hlc: i64,
    pub lost_hlc: i64,
    pub received_at: i64,
    pub resolution: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_conflict(
    conn: &Connection,
    trainer_id: &str,
    seq: i64,
    table: &str,
    row_id: &str,
    column: &str,
    kept: &str,
    lost: &str,
    kept_hlc: i64,
    lost_hlc: i64,
    lost_change_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_conflicts (trainer_id, seq, table_name, row_id, column_name, kept, lost,
             kept_hlc, lost_hlc, lost_change_id, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        trainer_id,
        seq,
        table,
        row_id,
        column,
        kept,
        lost,
        kept_hlc,
        lost_hlc,
        lost_change_id,
        now
    ])?;
    Ok(())
}

const CONFLICT_SELECT: &str = "SELECT id, seq, table_name, row_id, column_name, kept, lost,
    kept_hlc, lost_hlc, received_at, resolution FROM sync_conflicts";

fn conflict_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConflictRow> {
    Ok(ConflictRow {
        id: r.get(0)?,
        seq: r.get(1)?,
        table: r.get(2)?,
        row_id: r.get(3)?,
        column: r.get(4)?,
        kept: r.get(5)?,
        lost: r.get(6)?,
        kept_hlc: r.get(7)?,
        lost_hlc: r.get(8)?,
        received_at: r.get(9)?,
        resolution: r.get(10)?,
    })
}

/// The scope's conflicts not yet resolved, newest first.
pub fn open_conflicts(conn: &Connection, trainer_id: &str) -> Result<Vec<ConflictRow>, StoreError> {
    let sql = format!(
        "{CONFLICT_SELECT} WHERE trainer_id = ?1 AND resolved_at IS NULL ORDER BY seq DESC, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([trainer_id], conflict_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn conflict(
    conn: &Connection,
    trainer_id: &str,
    id: i64,
) -> Result<Option<ConflictRow>, StoreError> {
    let sql = format!("{CONFLICT_SELECT} WHERE trainer_id = ?1 AND id = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![trainer_id, id], conflict_from_row)
        .optional()?)
}

pub fn resolve_conflict(
    conn: &Connection,
    id: i64,
    resolution: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
    )?
    .execute(params![id, now, resolution])?;
    Ok(())
}

// ---- pulled rows ----

/// Synced tables in parent-before-child order (how a page is applied).
pub const TABLE_ORDER: [&str; 6] = [
    "users",
    "custom_exercises",
    "body_metrics",
    "daily_workouts",
    "workout_exercises",
    "exercise_sets",
];

/// The references each synced table's columns make to other synced rows: (column, table).
fn parents(table: &str) -> &'static [(&'static str, &'static str)] {
    match table {
        "users" => &[("trainer_id", "users")],
        "body_metrics" => &[("member_id", "users"), ("created_by", "users")],
        "custom_exercises" => &[("trainer_id", "users")],
        "daily_workouts" => &[("member_id", "users"), ("recorded_by", "users")],
        "workout_exercises" => &[
            ("workout_id", "daily_workouts"),
            ("member_id", "users"),
            ("custom_exercise_id", "custom_exercises"),
            ("recorded_by", "users"),
        ],
        "exercise_sets" => &[
            ("workout_exercise_id", "workout_exercises"),
            ("recorded_by", "users"),
        ],
        _ => &[],
    }
}

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool, StoreError> {
    let sql = match table {
        "users" => "SELECT 1 FROM users WHERE id = ?1",
        "custom_exercises" => "SELECT 1 FROM custom_exercises WHERE id = ?1",
        "daily_workouts" => "SELECT 1 FROM daily_workouts WHERE id = ?1",
        "workout_exercises" => "SELECT 1 FROM workout_exercises WHERE id = ?1",
        _ => return Err(StoreError::Corrupt("not a parent table")),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a row with these values (the pulled columns over the local row's) points at a row
/// this device does not have yet.
pub fn missing_parent(
    conn: &Connection,
    table: &str,
    row_id: &str,
    columns: &Map<String, Value>,
) -> Result<bool, StoreError> {
    for (column, parent) in parents(table) {
        let value = match columns.get(*column) {
            Some(v) => v.as_str().map(str::to_owned),
            None => local_text(conn, table, row_id, column)?,
        };
        if let Some(id) = value {
            if !exists(conn, parent, &id)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn local_text(
    conn: &Connection,
    table: &str,
    row_id: &str,
    column: &str,
) -> Result<Option<String>, StoreError> {
    let names = crate::snapshot::synced(table).ok_or(StoreError::Corrupt("not a synced table"))?;
    let column = names
        .iter()
        .find(|n| **n == column)
        .ok_or(StoreError::Corrupt("not a synced column"))?;
    let sql = format!("SELECT {column} FROM {table} WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([row_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The local `(_row_seq, _cl)` of a row, if the device has it.
pub fn row_state(
    conn: &Connection,
    table: &str,
    row_id: &str,
) -> Result<Option<(i64, i64)>, StoreError> {
    if crate::snapshot::synced(table).is_none() {
        return Err(StoreError::Corrupt("not a synced table"));
    }
    let sql = format!("SELECT _row_seq, _cl FROM {table} WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([row_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn to_sql(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// Writes `columns` (synced columns only; others are ignored) of a row, with `_row_seq` and
/// `_cl` when given: inserts the row when the device lacks it, updates it otherwise. Device-only
/// columns of an existing row are kept.
pub fn write_row(
    conn: &Connection,
    table: &str,
    row_id: &str,
    columns: &Map<String, Value>,
    row_seq: Option<i64>,
    cl: Option<i64>,
) -> Result<(), StoreError> {
    let names = crate::snapshot::synced(table).ok_or(StoreError::Corrupt("not a synced table"))?;
    let mut set: Vec<(&str, Sql)> = names
        .iter()
        .filter_map(|name| columns.get(*name).map(|v| (*name, to_sql(v))))
        .collect();
    if let Some(seq) = row_seq {
        set.push(("_row_seq", Sql::Integer(seq)));
    }
    if let Some(cl) = cl {
        set.push(("_cl", Sql::Integer(cl)));
    }
    let present = row_state(conn, table, row_id)?.is_some();
    if present {
        if set.is_empty() {
            return Ok(());
        }
        let assignments: Vec<String> = set
            .iter()
            .enumerate()
            .map(|(i, (name, _))| format!("{name} = ?{}", i + 2))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {} WHERE id = ?1",
            assignments.join(", ")
        );
        let mut values = vec![Sql::Text(row_id.to_owned())];
        values.extend(set.into_iter().map(|(_, v)| v));
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
    } else {
        let mut names_sql = vec!["id"];
        names_sql.extend(set.iter().map(|(n, _)| *n));
        let marks: Vec<String> = (1..=names_sql.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names_sql.join(", "),
            marks.join(", ")
        );
        let mut values = vec![Sql::Text(row_id.to_owned())];
        values.extend(set.into_iter().map(|(_, v)| v));
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

/// A pulled row waiting for its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxRow {
    pub table: String,
    pub row_id: String,
    pub seq: i64,
    pub cl: i64,
    pub columns: String,
}

pub fn stage(conn: &Connection, trainer_id: &str, row: &InboxRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_inbox (table_name, row_id, trainer_id, seq, cl, columns)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (table_name, row_id) DO UPDATE SET seq = ?4, cl = ?5, columns = ?6
         WHERE ?4 > sync_inbox.seq",
    )?
    .execute(params![
        row.table,
        row.row_id,
        trainer_id,
        row.seq,
        row.cl,
        row.columns
    ])?;
    Ok(())
}

pub fn staged(conn: &Connection, trainer_id: &str) -> Result<Vec<InboxRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT table_name, row_id, seq, cl, columns FROM sync_inbox WHERE trainer_id = ?1
         ORDER BY seq",
    )?;
    let rows = statement.query_map([trainer_id], |r| {
        Ok(InboxRow {
            table: r.get(0)?,
            row_id: r.get(1)?,
            seq: r.get(2)?,
            cl: r.get(3)?,
            columns: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn unstage(conn: &Connection, table: &str, row_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM sync_inbox WHERE table_name = ?1 AND row_id = ?2")?
        .execute([table, row_id])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A server restored from an older backup: the device sends its scope again.

/// The scope's acknowledged numbering as the device knows it: every record numbered before the
/// oldest pending one was answered (applied, duplicate or rejected).
pub fn acknowledged_device_seq(conn: &Connection, trainer_id: &str) -> Result<i64, StoreError> {
    let first_pending: Option<i64> = conn
        .prepare_cached("SELECT MIN(scope_seq) FROM outbox WHERE trainer_id = ?1")?
        .query_row([trainer_id], |r| r.get(0))?;
    Ok(match first_pending {
        Some(first) => first - 1,
        None => scope(conn, trainer_id)?.map_or(0, |s| s.next_device_seq - 1),
    })
}

/// Moves the scope's pending records out of the way of a new numbering (negated, order kept)
/// and makes `next` the scope's next number. Answers how many records were moved; put them back
/// with [`renumber_moved`]. Nothing is deleted.
pub fn move_pending_aside(
    conn: &Connection,
    trainer_id: &str,
    next: i64,
) -> Result<i64, StoreError> {
    let moved = conn
        .prepare_cached(
            "UPDATE outbox SET scope_seq = -scope_seq WHERE trainer_id = ?1 AND scope_seq > 0",
        )?
        .execute([trainer_id])?;
    conn.prepare_cached("UPDATE sync_scopes SET next_device_seq = ?2 WHERE trainer_id = ?1")?
        .execute(params![trainer_id, next])?;
    Ok(i64::try_from(moved).unwrap_or(i64::MAX))
}

/// Numbers the records [`move_pending_aside`] moved after every other record of the scope, in
/// their old order, with `base_seq` capped at `max_base` (their base was in the numbering the
/// server lost).
pub fn renumber_moved(
    conn: &Connection,
    trainer_id: &str,
    max_base: i64,
) -> Result<(), StoreError> {
    let mut next: i64 = conn
        .prepare_cached("SELECT next_device_seq FROM sync_scopes WHERE trainer_id = ?1")?
        .query_row([trainer_id], |r| r.get(0))?;
    // Negated numbers: the oldest record has the highest (closest to zero) value.
    let moved: Vec<String> = conn
        .prepare_cached(
            "SELECT change_id FROM outbox WHERE trainer_id = ?1 AND scope_seq < 0
             ORDER BY scope_seq DESC",
        )?
        .query_map([trainer_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut update = conn.prepare_cached(
        "UPDATE outbox SET scope_seq = ?2, base_seq = MIN(base_seq, ?3) WHERE change_id = ?1",
    )?;
    for change_id in &moved {
        update.execute(params![change_id, next, max_base])?;
        next += 1;
    }
    conn.prepare_cached("UPDATE sync_scopes SET next_device_seq = ?2 WHERE trainer_id = ?1")?
        .execute(params![trainer_id, next])?;
    Ok(())
}

/// Caps a row's `_row_seq` at `max` (the server's head after a restore: a higher seq names a
/// version the server no longer has, and would make the device skip the row's next version).
pub fn cap_row_seq(
    conn: &Connection,
    table: &str,
    row_id: &str,
    max: i64,
) -> Result<(), StoreError> {
    if !TABLE_ORDER.contains(&table) {
        return Err(StoreError::Corrupt("not a synced table"));
    }
    let sql = format!("UPDATE {table} SET _row_seq = ?2 WHERE id = ?1 AND _row_seq > ?2");
    conn.prepare_cached(&sql)?.execute(params![row_id, max])?;
    Ok(())
}

/// The deleted rows (tombstones) of the people `persons` (a trainer and their members) and of
/// the trainer's custom exercises, parents before children: `(table, id, _cl)`.
pub fn scope_tombstones(
    conn: &Connection,
    trainer_id: &str,
    persons: &[String],
) -> Result<Vec<(&'static str, String, i64)>, StoreError> {
    let mut rows = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT id, _cl FROM custom_exercises WHERE trainer_id = ?1 AND _cl % 2 = 0 ORDER BY id",
    )?;
    for row in statement.query_map([trainer_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, cl) = row?;
        rows.push(("custom_exercises", id, cl));
    }
    let queries: [(&'static str, &str); 4] = [
        (
            "body_metrics",
            "SELECT id, _cl FROM body_metrics WHERE member_id = ?1 AND _cl % 2 = 0 ORDER BY id",
        ),
        (
            "daily_workouts",
            "SELECT id, _cl FROM daily_workouts WHERE member_id = ?1 AND _cl % 2 = 0 ORDER BY id",
        ),
        (
            "workout_exercises",
            "SELECT id, _cl FROM workout_exercises WHERE member_id = ?1 AND _cl % 2 = 0
             ORDER BY id",
        ),
        (
            "exercise_sets",
            "SELECT s.id, s._cl FROM exercise_sets s
             JOIN workout_exercises we ON we.id = s.workout_exercise_id
             WHERE we.member_id = ?1 AND s._cl % 2 = 0 ORDER BY s.id",
        ),
    ];
    for (table, sql) in queries {
        let mut statement = conn.prepare_cached(sql)?;
        for person in persons {
            for row in statement.query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (id, cl) = row?;
                rows.push((table, id, cl));
            }
        }
    }
    Ok(rows)
}
