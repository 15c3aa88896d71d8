//! Writes the sync outbox records of one transaction.
//!
//! A command that changes synced rows makes a [`Recorder`] for the scope (trainer) the rows belong
//! to, notes each change, and calls [`Recorder::finish`] before its transaction commits. When
//! capture is off for that trainer (no sync server linked) nothing is written. Changes to one row
//! within a transaction are merged into one record (one record per changed row per transaction).

use rusqlite::Connection;
use serde_json::{Map, Value};
use trainmate_core::hlc::{tick, Hlc};
use trainmate_store::{outbox, StoreError};

thread_local! {
    /// Set when a transaction on this thread appended outbox records (read after the commit, to
    /// wake the sync job; the write closure runs on the caller's thread).
    static RECORDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Notes that records were appended on this thread (a writer other than [`Recorder`]).
pub(crate) fn mark_recorded() {
    RECORDED.with(|r| r.set(true));
}

/// Whether records were appended on this thread since the last call (and resets it).
pub(crate) fn take_recorded() -> bool {
    RECORDED.with(|r| r.replace(false))
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Upsert,
    Delete,
    Undelete,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
            Op::Undelete => "undelete",
        }
    }
}

struct Pending {
    table: &'static str,
    row_id: String,
    op: Op,
    columns: Map<String, Value>,
    base_seq: i64,
}

/// The changes of one transaction in one trainer's scope.
pub struct Recorder {
    trainer_id: Option<String>,
    pending: Vec<Pending>,
    now: i64,
    /// `base_seq` for every record instead of the row's `_row_seq` (a resend after the server
    /// lost versions: 0, "seen nothing", so each column meets the server's by the merge rule).
    base_override: Option<i64>,
}

impl Recorder {
    /// A recorder for `scope_trainer`'s scope; inert when there is none or capture is off.
    pub fn new(
        conn: &Connection,
        scope_trainer: Option<&str>,
        now: i64,
    ) -> Result<Recorder, StoreError> {
        let trainer_id = match scope_trainer {
            Some(t) if outbox::capture_enabled(conn, t)? => Some(t.to_owned()),
            _ => None,
        };
        Ok(Recorder {
            trainer_id,
            pending: Vec::new(),
            now,
            base_override: None,
        })
    }

    /// Records of a resend ([`App::sync_recover`](crate::App::sync_recover)): `base_seq` 0.
    pub(crate) fn resending(mut self) -> Recorder {
        self.base_override = Some(0);
        self
    }

    pub fn is_capturing(&self) -> bool {
        self.trainer_id.is_some()
    }

    /// Notes a change of `columns` (a JSON object) of `row_id` in `table`. Call it *before*
    /// the row's `_row_seq` could change (it reads the base the device had seen).
    pub fn note(
        &mut self,
        conn: &Connection,
        table: &'static str,
        row_id: &str,
        op: Op,
        columns: Value,
    ) -> Result<(), StoreError> {
        if !self.is_capturing() {
            return Ok(());
        }
        let mut columns = match columns {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        // Every store write of a synced row sets `updated_at` to the transaction's time; the
        // record carries it too, or the server would lack it for a new row (`missing_columns`)
        // and other devices would keep the old value.
        columns
            .entry("updated_at")
            .or_insert_with(|| Value::from(self.now));
        if let Some(existing) = self
            .pending
            .iter_mut()
            .find(|p| p.table == table && p.row_id == row_id)
        {
            existing.columns.extend(columns);
            // A delete after an upsert in one transaction is a delete; anything after a delete
            // revives the row.
            existing.op = match (existing.op, op) {
                (_, Op::Delete) => Op::Delete,
                (Op::Delete, _) => Op::Undelete,
                (current, _) => current,
            };
            return Ok(());
        }
        let base_seq = match self.base_override {
            Some(base) => base,
            None => outbox::row_seq(conn, table, row_id)?,
        };
        // A row noted before it exists is new: the server needs its creation time too (every
        // synced table but sets, which carry `logged_at`, has `created_at`; the store sets it to
        // the transaction's time).
        if table != "exercise_sets"
            && trainmate_store::sync::row_state(conn, table, row_id)?.is_none()
        {
            columns
                .entry("created_at")
                .or_insert_with(|| Value::from(self.now));
        }
        self.pending.push(Pending {
            table,
            row_id: row_id.to_owned(),
            op,
            columns,
            base_seq,
        });
        Ok(())
    }

    /// Appends the records, stamping each with the next HLC value. Call inside the transaction.
    pub fn finish(self, conn: &Connection) -> Result<(), StoreError> {
        let Some(trainer_id) = self.trainer_id else {
            return Ok(());
        };
        if self.pending.is_empty() {
            return Ok(());
        }
        let tx_id = uuid::Uuid::now_v7().to_string();
        let mut hlc = Hlc::from_i64(outbox::last_hlc(conn)?)
            // A stored clock out of range means a damaged database: refuse rather than restart
            // the clock at zero, which would stamp new changes as older than old ones.
            .ok_or(StoreError::Corrupt("the stored sync clock is out of range"))?;
        let wall = u64::try_from(self.now).unwrap_or(0);
        for change in &self.pending {
            hlc = tick(hlc, wall);
            let change_id = uuid::Uuid::now_v7().to_string();
            let columns = Value::Object(change.columns.clone()).to_string();
            outbox::append(
                conn,
                &outbox::Record {
                    change_id: &change_id,
                    tx_id: &tx_id,
                    trainer_id: &trainer_id,
                    table: change.table,
                    row_id: &change.row_id,
                    op: change.op.as_str(),
                    columns: &columns,
                    base_seq: change.base_seq,
                    hlc: hlc.to_i64(),
                    now: self.now,
                },
            )?;
            // The stamp of each value this device wrote, for a resend after a restore.
            trainmate_store::sync::note_column_hlcs(
                conn,
                change.table,
                &change.row_id,
                change.columns.keys().map(|name| (name, hlc.to_i64())),
            )?;
        }
        RECORDED.with(|r| r.set(true));
        outbox::store_hlc(conn, hlc.to_i64())
    }
}

/// The trainer whose scope a user's rows belong to: a trainer's own, a member's trainer's, or none
/// (an unassigned member's rows stay on the device).
pub(crate) fn scope_of(owner: &trainmate_store::accounts::UserRow) -> Option<&str> {
    if owner.user_type == "trainer" {
        Some(&owner.id)
    } else {
        owner.trainer_id.as_deref()
    }
}

impl Recorder {
    /// Notes every synced column of `row_id` (a new row, or a row joining the scope). The columns
    /// come from [`trainmate_store::snapshot`], which leaves device-only columns out.
    pub(crate) fn note_snapshot(
        &mut self,
        conn: &Connection,
        table: &'static str,
        row_id: &str,
    ) -> Result<(), StoreError> {
        if !self.is_capturing() {
            return Ok(());
        }
        let Some(columns) = trainmate_store::snapshot::synced_columns(conn, table, row_id)? else {
            return Ok(());
        };
        let columns: Map<String, Value> = columns
            .into_iter()
            .map(|(name, value)| (name.to_owned(), sql_to_json(value)))
            .collect();
        self.note(conn, table, row_id, Op::Upsert, Value::Object(columns))
    }
}

pub(crate) fn sql_to_json(value: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as Sql;
    match value {
        Sql::Null | Sql::Blob(_) => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => Value::from(f),
        Sql::Text(s) => Value::String(s),
    }
}
