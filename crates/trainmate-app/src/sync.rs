//! The device half of sync that touches the database (the HTTP half is `trainmate-sync`): what a
//! push carries, what its answer does to the outbox, applying a pull page in one transaction,
//! linking (the scope's snapshot), and restoring a conflict's lost value.
//!
//! Invariants kept here:
//! - A pull page is applied in one transaction: rows (respecting `_row_seq`), the still-pending
//!   local edits after the server's `acknowledged_device_seq` re-applied on top, totals
//!   recomputed with the same functions commands use, conflicts stored, then the cursor moved.
//!   If the device's cursor is not the one the page was asked with, nothing is applied.
//! - Outbox records leave the outbox only when the server answered for them; refused ones go to
//!   `sync_rejected`. Nothing in this module deletes a domain row.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde_json::{Map, Value};
use trainmate_api::sync::{Change, ChangeOp, Outcome, PullResponse, PushResponse};
use trainmate_api::ApiError;
use trainmate_core::hlc::{receive, Hlc};
use trainmate_store::sync::{self as store, OutboxRow, Scope};
use trainmate_store::{outbox, snapshot, StoreError};
use uuid::Uuid;

use crate::capture::{Op, Recorder};
use crate::workouts::{recompute_day, recompute_day_exercises};
use crate::{App, Failure};

/// The key of a resend record's per-column stamps in its outbox `columns` (not a column: synced
/// columns never start with `_`, and writing a row ignores it).
pub const RESEND_HLCS: &str = "_hlcs";

/// Records per snapshot transaction when linking (each is one `tx_id`, pushed whole).
pub const SNAPSHOT_BATCH: usize = 500;

/// What applying one page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub rows: usize,
    /// Rows skipped because the device already had the same or a newer version.
    pub skipped: usize,
    /// Rows waiting in the inbox for a parent from a later page.
    pub staged: usize,
    pub conflicts: usize,
}

fn corrupt(what: &'static str) -> Failure {
    Failure(crate::internal(StoreError::Corrupt(what)))
}

fn change_of(row: &OutboxRow) -> Result<Change, Failure> {
    let op = match row.op.as_str() {
        "upsert" => ChangeOp::Upsert,
        "delete" => ChangeOp::Delete,
        "undelete" => ChangeOp::Undelete,
        _ => return Err(corrupt("an outbox record has an unknown op")),
    };
    let mut columns: Map<String, Value> =
        serde_json::from_str(&row.columns).map_err(|_| corrupt("outbox columns are not JSON"))?;
    // A resend's per-column stamps travel beside the columns (`_hlcs`, see `sync_recover`).
    let column_hlcs = match columns.remove(RESEND_HLCS) {
        Some(Value::Object(stamps)) => Some(
            stamps
                .into_iter()
                .map(|(name, hlc)| {
                    let hlc = hlc
                        .as_i64()
                        .and_then(Hlc::from_i64)
                        .ok_or_else(|| corrupt("a resent column stamp is out of range"))?;
                    Ok((name, hlc))
                })
                .collect::<Result<_, Failure>>()?,
        ),
        _ => None,
    };
    Ok(Change {
        column_hlcs,
        change_id: Uuid::parse_str(&row.change_id).map_err(|_| corrupt("outbox change id"))?,
        device_seq: row.scope_seq,
        tx_id: Uuid::parse_str(&row.tx_id).map_err(|_| corrupt("outbox tx id"))?,
        trainer_id: Uuid::parse_str(&row.trainer_id).ok(),
        table: row.table.clone(),
        row_id: Uuid::parse_str(&row.row_id).map_err(|_| corrupt("outbox row id"))?,
        op,
        columns,
        base_seq: row.base_seq,
        hlc: Hlc::from_i64(row.hlc).ok_or_else(|| corrupt("outbox hlc out of range"))?,
        schema_version: row.schema_version,
        created_at: Some(row.created_at),
    })
}

/// A clock difference smaller than this is not reported (sync.md's 60 s, the server's re-stamp
/// limit; a request's round trip is far below it).
pub const CLOCK_SKEW_REPORT_MS: i64 = 60_000;

/// How far this device's wall clock is ahead of the server's (negative: behind), from the
/// server's time in an answer and the device's time when it is applied; `None` within
/// [`CLOCK_SKEW_REPORT_MS`].
pub fn measured_skew(device_now: i64, server_time_ms: i64) -> Option<i64> {
    let skew = device_now.saturating_sub(server_time_ms);
    (skew.abs() > CLOCK_SKEW_REPORT_MS).then_some(skew)
}

/// Moves the persisted clock past the server's (sync.md "Clock": nudged by every response).
fn nudge_clock(conn: &Connection, server: Hlc, now: i64) -> Result<(), StoreError> {
    let last = Hlc::from_i64(outbox::last_hlc(conn)?)
        .ok_or(StoreError::Corrupt("the stored sync clock is out of range"))?;
    let next = receive(last, server, u64::try_from(now).unwrap_or(0));
    if next != last {
        outbox::store_hlc(conn, next.to_i64())?;
    }
    Ok(())
}

impl App {
    /// This device's id (the server's device id for every linked scope).
    pub fn device_id(&self) -> Result<Uuid, ApiError> {
        let text = self.store.device_id().map_err(crate::internal)?;
        Uuid::parse_str(&text).map_err(|_| ApiError::Internal)
    }

    /// The scope's sync state, linked or not.
    pub fn sync_scope(&self, trainer_id: Uuid) -> Result<Option<Scope>, ApiError> {
        self.read(|conn| Ok(store::scope(conn, &trainer_id.to_string())?))
    }

    /// Whether a command wrote within `window` (someone is using the app): the sync job then
    /// asks for smaller pages, so a command waits less for the page being applied.
    pub fn sync_user_active(&self, window: std::time::Duration) -> bool {
        self.store.foreground_within(window)
    }

    /// Every scope linked to a server.
    pub fn sync_linked_scopes(&self) -> Result<Vec<Scope>, ApiError> {
        self.read(|conn| Ok(store::linked_scopes(conn)?))
    }

    /// `(pending records, oldest pending created_at)` of a scope.
    pub fn sync_pending_summary(&self, trainer_id: Uuid) -> Result<(i64, Option<i64>), ApiError> {
        self.read(|conn| Ok(store::pending_summary(conn, &trainer_id.to_string())?))
    }

    /// The next push: the scope's oldest pending records, whole transactions only, at most
    /// `limit` (a single transaction larger than `limit` goes alone).
    pub fn sync_next_push(&self, trainer_id: Uuid, limit: usize) -> Result<Vec<Change>, ApiError> {
        self.read(|conn| {
            let mut rows = store::pending(conn, &trainer_id.to_string(), limit + 1)?;
            if rows.len() > limit {
                let cut_tx = rows[limit].tx_id.clone();
                rows.truncate(limit);
                let whole = rows
                    .iter()
                    .rposition(|r| r.tx_id != cut_tx)
                    .map_or(0, |i| i + 1);
                if whole > 0 {
                    rows.truncate(whole);
                }
            }
            rows.iter().map(change_of).collect()
        })
    }

    /// Applies a push's answer: answered records leave the outbox, refused ones are kept in
    /// `sync_rejected`; the clock is nudged and a reported skew kept for the status.
    pub fn sync_record_push(
        &self,
        trainer_id: Uuid,
        response: &PushResponse,
    ) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        let trainer = trainer_id.to_string();
        self.write_background(true, |tx| {
            for answered in &response.outcomes {
                let id = answered.change_id.to_string();
                let mut outcome = &answered.outcome;
                while let Outcome::Duplicate { original } = outcome {
                    outcome = original;
                }
                match outcome {
                    Outcome::Rejected { reason } => {
                        let Some(record) = pending_record(tx, &trainer, &id)? else {
                            continue;
                        };
                        store::reject(tx, &record, &reason.code, &reason.message, now)?;
                    }
                    _ => store::acknowledge(tx, &id)?,
                }
            }
            nudge_clock(tx, response.server_hlc, now)?;
            // The measured difference of the wall clocks; else the server's report that a change
            // was stamped ahead of it (an HLC that ran ahead while the clock was wrong).
            let skew = measured_skew(now, response.server_time_ms).or(response.clock_skew_ms);
            store::set_clock_skew(tx, &trainer, skew)?;
            Ok(())
        })
    }

    /// Applies one pull page in one transaction (see the module's invariants). `asked_cursor`
    /// is the cursor the page was asked with; a device whose cursor moved since applies nothing
    /// and answers `conflict`.
    pub fn sync_apply_page(
        &self,
        trainer_id: Uuid,
        asked_cursor: i64,
        page: &PullResponse,
    ) -> Result<Applied, ApiError> {
        let now = self.clock.now_ms();
        let trainer = trainer_id.to_string();
        let applied = self.write_background(false, |tx| {
            let Some(scope) = store::scope(tx, &trainer)? else {
                return Err(ApiError::NotFound.into());
            };
            if scope.cursor != asked_cursor {
                return Err(ApiError::Conflict {
                    reason: "cursor_moved".to_owned(),
                }
                .into());
            }
            // Parents and children of one page may come in any order: checked at commit.
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            let mut applied = Applied::default();
            let mut state = PageState {
                acknowledged: page.acknowledged_device_seq,
                any_pending: store::pending_summary(tx, &trainer)?.0 > 0,
                days: BTreeSet::new(),
                exercises: std::collections::BTreeMap::new(),
                day_of: std::collections::HashMap::new(),
            };
            let mut rows: Vec<&trainmate_api::sync::PulledRow> = page.rows.iter().collect();
            rows.sort_by_key(|r| {
                (
                    store::TABLE_ORDER
                        .iter()
                        .position(|t| *t == r.table)
                        .unwrap_or(usize::MAX),
                    r.seq,
                )
            });
            for row in rows {
                if snapshot::synced(&row.table).is_none() {
                    // A table this build does not know (a newer server): skipped, not fatal.
                    applied.skipped += 1;
                    continue;
                }
                let incoming = Incoming {
                    table: &row.table,
                    row_id: &row.row_id.to_string(),
                    seq: row.seq,
                    cl: row.cl,
                    columns: &row.columns,
                };
                apply_row(tx, &trainer, &incoming, &mut state, &mut applied)?;
            }
            // Staged rows whose parent arrived (in this page or earlier) go in now.
            loop {
                let mut progress = false;
                let mut staged = store::staged(tx, &trainer)?;
                staged.sort_by_key(|r| {
                    store::TABLE_ORDER
                        .iter()
                        .position(|t| *t == r.table)
                        .unwrap_or(usize::MAX)
                });
                for row in staged {
                    let columns: Map<String, Value> = serde_json::from_str(&row.columns)
                        .map_err(|_| corrupt("inbox columns are not JSON"))?;
                    if store::missing_parent(tx, &row.table, &row.row_id, &columns)? {
                        continue;
                    }
                    store::unstage(tx, &row.table, &row.row_id)?;
                    applied.staged = applied.staged.saturating_sub(1);
                    let incoming = Incoming {
                        table: &row.table,
                        row_id: &row.row_id,
                        seq: row.seq,
                        cl: row.cl,
                        columns: &columns,
                    };
                    apply_row(tx, &trainer, &incoming, &mut state, &mut applied)?;
                    progress = true;
                }
                if !progress {
                    break;
                }
            }
            for conflict in &page.conflicts {
                // `updated_at` is bookkeeping every edit sets: two edits of a row always "meet"
                // on it, and neither value is something a user would restore.
                if conflict.column == "updated_at" {
                    continue;
                }
                store::insert_conflict(
                    tx,
                    &trainer,
                    conflict.seq,
                    &conflict.table,
                    &conflict.row_id.to_string(),
                    &conflict.column,
                    &conflict.kept.to_string(),
                    &conflict.lost.to_string(),
                    conflict.kept_hlc.to_i64(),
                    conflict.lost_hlc.to_i64(),
                    conflict.lost_change_id.map(|c| c.to_string()).as_deref(),
                    now,
                )?;
                applied.conflicts += 1;
            }
            for day in &state.days {
                recompute_day(tx, day)?;
            }
            for (day, exercises) in state.exercises {
                if !state.days.contains(&day) {
                    recompute_day_exercises(tx, &day, exercises)?;
                }
            }
            nudge_clock(tx, page.server_hlc, now)?;
            store::set_clock_skew(tx, &trainer, measured_skew(now, page.server_time_ms))?;
            store::set_cursor(tx, &trainer, page.cursor)?;
            if scope.epoch.is_none() {
                // The first epoch this scope syncs under (a fresh link, or a device that synced
                // before epochs existed): adopted as it is.
                store::set_epoch(tx, &trainer, page.epoch)?;
            }
            // A fresh device's scope captures local edits from the moment its trainer is here.
            if scope.server_url.is_some()
                && store::row_state(tx, "users", &trainer)?.is_some()
                && !outbox::capture_enabled(tx, &trainer)?
            {
                outbox::enable_capture(tx, &trainer, now)?;
            }
            Ok(applied)
        })?;
        if applied.rows > 0 || applied.conflicts > 0 {
            // Screens showing synced data ask again (the status carries the count).
            self.pulled
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(applied)
    }

    /// Pull pages that wrote rows or conflicts since the app opened.
    pub fn sync_pulled_version(&self) -> u64 {
        self.pulled.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The device's acknowledged numbering of a scope (every record before the oldest pending
    /// one was answered by the server).
    pub fn sync_acknowledged(&self, trainer_id: Uuid) -> Result<i64, ApiError> {
        self.read(|conn| {
            Ok(store::acknowledged_device_seq(
                conn,
                &trainer_id.to_string(),
            )?)
        })
    }

    /// Recovers from a server restored from an older backup. Two cases:
    /// - `full == false`: this device found the server behind it — its head (`server_head`)
    ///   behind the device's cursor, or its acknowledged numbering of this device
    ///   (`server_acknowledged`) behind the device's — and bumped the scope's epoch to `epoch`;
    /// - `full == true`: the scope's epoch is not the one this device last synced under (another
    ///   device found the restore and bumped it, possibly after resending rows numbered at or
    ///   below this device's cursor).
    ///
    /// In one transaction the device
    /// - (`full == false` only) writes one filler per seq the server lost below the device's
    ///   cursor (the trainer's `updated_at`, unchanged), so the resend is numbered above that
    ///   cursor (for devices of earlier releases, which do not know epochs);
    /// - sends its scope again: every row in scope (live rows, then deleted ones as an upsert
    ///   followed by their delete) as records with `base_seq` 0, numbered from the server's
    ///   next expected number, each column with its own stamp — the one of this device's write
    ///   that set it (`sync_column_hlcs`), so the newest write wins whichever device resends
    ///   first; a value another device wrote (its stamp unknown here) goes with stamp 0, which
    ///   the server applies only where it holds no value;
    /// - renumbers its pending records after them, in their order (`base_seq` 0 likewise);
    /// - sets each row's `_row_seq` and the cursor to 0, so the whole scope is pulled again
    ///   after the resend (rows the restored server numbered anew — by this device's resend or
    ///   another device's — may sit at or below any cursor the device had);
    /// - remembers `epoch`.
    ///
    /// Nothing is deleted. Answers the records written, `None` when the server is not behind
    /// and `full` is false (then nothing changed).
    pub fn sync_recover(
        &self,
        trainer_id: Uuid,
        server_head: i64,
        server_acknowledged: i64,
        epoch: i64,
        full: bool,
    ) -> Result<Option<usize>, ApiError> {
        let now = self.clock.now_ms();
        let trainer = trainer_id.to_string();
        self.write(|tx| {
            let Some(scope) = store::scope(tx, &trainer)? else {
                return Err(ApiError::NotFound.into());
            };
            let ours = store::acknowledged_device_seq(tx, &trainer)?;
            if !full && server_head >= scope.cursor && server_acknowledged >= ours {
                return Ok(None);
            }
            store::move_pending_aside(tx, &trainer, server_acknowledged.min(ours) + 1)?;
            let rows = scope_rows(tx, &trainer)?;
            let persons: Vec<String> = rows
                .iter()
                .filter(|(table, _)| *table == "users")
                .map(|(_, id)| id.clone())
                .collect();
            let tombstones = store::scope_tombstones(tx, &trainer, &persons)?;
            let mut upserts = rows;
            upserts.extend(tombstones.iter().map(|(t, id, _)| (*t, id.clone())));
            // The whole scope is pulled again: rows renumbered by the restored server (by this
            // device's resend or another's) may sit at or below any cursor this device had.
            for (table, id) in &upserts {
                store::cap_row_seq(tx, table, id, 0)?;
            }
            let mut written = 0;
            // Fillers first: the trainer's `updated_at` written again as it is, once per seq the
            // server lost below this device's cursor, so that every resent row is numbered above
            // that cursor — a device that had pulled as far as this one pulls all of them
            // (numbered from the server's head, the first ones would fall at or below its
            // cursor and be missed). Devices that know epochs pull the whole scope again anyway.
            let fillers = if full {
                0
            } else {
                scope.cursor.saturating_sub(server_head).max(0)
            };
            let updated_at = snapshot::synced_columns(tx, "users", &trainer)?
                .and_then(|columns| columns.into_iter().find(|(name, _)| *name == "updated_at"))
                .map(|(_, value)| value);
            if let Some(rusqlite::types::Value::Integer(updated_at)) = updated_at {
                for _ in 0..fillers {
                    let mut recorder = Recorder::new(tx, Some(&trainer), now)?.resending();
                    let mut columns = Map::new();
                    columns.insert("updated_at".to_owned(), Value::from(updated_at));
                    recorder.note(tx, "users", &trainer, Op::Upsert, Value::Object(columns))?;
                    recorder.finish(tx)?;
                    written += 1;
                }
            }
            for batch in upserts.chunks(SNAPSHOT_BATCH) {
                let tx_id = Uuid::now_v7().to_string();
                for (table, id) in batch {
                    written += usize::from(resend_row(tx, &trainer, &tx_id, table, id, now)?);
                }
            }
            for batch in tombstones.chunks(SNAPSHOT_BATCH) {
                let mut recorder = Recorder::new(tx, Some(&trainer), now)?.resending();
                for (table, id, cl) in batch {
                    let mut columns = Map::new();
                    columns.insert("_cl".to_owned(), Value::from(*cl));
                    recorder.note(tx, table, id, Op::Delete, Value::Object(columns))?;
                }
                written += batch.len();
                recorder.finish(tx)?;
            }
            store::renumber_moved(tx, &trainer, 0)?;
            store::set_cursor(tx, &trainer, 0)?;
            store::set_epoch(tx, &trainer, epoch)?;
            Ok(Some(written))
        })
    }

    /// Notes the end of a sync attempt for the status (`None`: success).
    pub fn sync_record_attempt(
        &self,
        trainer_id: Uuid,
        error: Option<&str>,
    ) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        self.write_background(true, |tx| {
            Ok(store::record_attempt(
                tx,
                &trainer_id.to_string(),
                now,
                error,
            )?)
        })
    }

    pub fn sync_store_refresh_token(&self, trainer_id: Uuid, token: &str) -> Result<(), ApiError> {
        self.write_background(true, |tx| {
            Ok(store::store_refresh_token(
                tx,
                &trainer_id.to_string(),
                token,
            )?)
        })
    }

    /// The server refused the scope's tokens: the user signs in again; nothing is deleted.
    pub fn sync_needs_sign_in(&self, trainer_id: Uuid) -> Result<(), ApiError> {
        self.write_background(true, |tx| {
            Ok(store::set_needs_sign_in(tx, &trainer_id.to_string())?)
        })
    }

    /// Links a local trainer to a server account: stores the link, turns capture on and
    /// enqueues a snapshot of every live row in the trainer's scope (in transactions of
    /// [`SNAPSHOT_BATCH`] records) — all in one SQLite transaction, so a write made meanwhile
    /// is either in the snapshot or recorded after it. Linking again (after signing in again)
    /// keeps the outbox and enqueues nothing.
    pub fn sync_link(
        &self,
        trainer_id: Uuid,
        server_url: &str,
        account_id: Uuid,
        email: &str,
        refresh_token: &str,
    ) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        let trainer = trainer_id.to_string();
        self.write_background(true, |tx| {
            let already = outbox::capture_enabled(tx, &trainer)?;
            store::save_link(
                tx,
                &trainer,
                server_url,
                &account_id.to_string(),
                email,
                refresh_token,
                now,
            )?;
            if already {
                return Ok(());
            }
            outbox::enable_capture(tx, &trainer, now)?;
            let rows = scope_rows(tx, &trainer)?;
            for batch in rows.chunks(SNAPSHOT_BATCH) {
                let mut recorder = Recorder::new(tx, Some(&trainer), now)?;
                for (table, id) in batch {
                    recorder.note_snapshot(tx, table, id)?;
                }
                recorder.finish(tx)?;
            }
            Ok(())
        })
    }

    /// A fresh device's link ("sign in with my sync server"): the scope's link is stored
    /// before any of its rows are here; pulling brings them, and capture turns on with the page
    /// that brings the trainer's own row. No snapshot: the rows come from the server.
    pub fn sync_link_fresh(
        &self,
        trainer_id: Uuid,
        server_url: &str,
        account_id: Uuid,
        email: &str,
        refresh_token: &str,
    ) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        self.write_background(true, |tx| {
            store::save_link(
                tx,
                &trainer_id.to_string(),
                server_url,
                &account_id.to_string(),
                email,
                refresh_token,
                now,
            )?;
            Ok(())
        })
    }

    /// Forgets the server of a scope; every row and the outbox stay.
    pub fn sync_unlink(&self, trainer_id: Uuid) -> Result<(), ApiError> {
        self.write(|tx| Ok(store::unlink(tx, &trainer_id.to_string())?))
    }

    pub fn sync_open_conflicts(
        &self,
        trainer_id: Uuid,
    ) -> Result<Vec<store::ConflictRow>, ApiError> {
        self.read(|conn| Ok(store::open_conflicts(conn, &trainer_id.to_string())?))
    }

    pub fn sync_rejected(&self, trainer_id: Uuid) -> Result<Vec<store::RejectedRow>, ApiError> {
        self.read(|conn| Ok(store::rejected(conn, &trainer_id.to_string())?))
    }

    /// Writes a conflict's lost value back as a new local edit (recorded in the outbox, so it
    /// reaches the server and the other devices), recomputes totals, marks the conflict.
    pub fn sync_restore_conflict(
        &self,
        trainer_id: Uuid,
        conflict_id: i64,
    ) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        let trainer = trainer_id.to_string();
        self.write(|tx| {
            let conflict = store::conflict(tx, &trainer, conflict_id)?
                .filter(|c| c.resolution.is_none())
                .ok_or(ApiError::NotFound)?;
            let columns = snapshot::synced(&conflict.table).ok_or(ApiError::NotFound)?;
            let column = columns
                .iter()
                .find(|c| **c == conflict.column)
                .ok_or(ApiError::NotFound)?;
            let lost: Value = serde_json::from_str(&conflict.lost)
                .map_err(|_| corrupt("a stored conflict value is not JSON"))?;
            if store::row_state(tx, &conflict.table, &conflict.row_id)?.is_none() {
                return Err(ApiError::NotFound.into());
            }
            let mut change = Map::new();
            change.insert((*column).to_owned(), lost);
            let table = store::TABLE_ORDER
                .iter()
                .find(|t| **t == conflict.table)
                .ok_or(ApiError::NotFound)?;
            let mut recorder = Recorder::new(tx, Some(&trainer), now)?;
            recorder.note(
                tx,
                table,
                &conflict.row_id,
                Op::Upsert,
                Value::Object(change.clone()),
            )?;
            store::write_row(tx, &conflict.table, &conflict.row_id, &change, None, None)?;
            recorder.finish(tx)?;
            let mut days = BTreeSet::new();
            affected_days(tx, &conflict.table, &conflict.row_id, &change, &mut days)?;
            for day in &days {
                recompute_day(tx, day)?;
            }
            store::resolve_conflict(tx, conflict.id, "restored", now)?;
            Ok(())
        })
    }
}

/// Appends one resend record of a row (every synced column, `base_seq` 0) whose columns carry
/// their own stamps (`RESEND_HLCS`): this device's write's where it has one, else 0. The
/// record's own stamp is the highest of them. Answers whether a record was written.
fn resend_row(
    tx: &Connection,
    trainer: &str,
    tx_id: &str,
    table: &'static str,
    row_id: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let Some(values) = snapshot::synced_columns(tx, table, row_id)? else {
        return Ok(false);
    };
    let ours = store::column_hlcs(tx, table, row_id)?;
    let mut columns = Map::new();
    let mut stamps = Map::new();
    let mut newest = 0_i64;
    for (name, value) in values {
        let hlc = ours.get(name).and_then(Value::as_i64).unwrap_or(0);
        newest = newest.max(hlc);
        stamps.insert(name.to_owned(), Value::from(hlc));
        columns.insert(name.to_owned(), crate::capture::sql_to_json(value));
    }
    columns.insert(RESEND_HLCS.to_owned(), Value::Object(stamps));
    let change_id = Uuid::now_v7().to_string();
    outbox::append(
        tx,
        &outbox::Record {
            change_id: &change_id,
            tx_id,
            trainer_id: trainer,
            table,
            row_id,
            op: "upsert",
            columns: &Value::Object(columns).to_string(),
            base_seq: 0,
            hlc: newest,
            now,
        },
    )?;
    crate::capture::mark_recorded();
    Ok(true)
}

fn pending_record(
    conn: &Connection,
    trainer: &str,
    change_id: &str,
) -> Result<Option<OutboxRow>, StoreError> {
    // The record is among the oldest pending ones (it was just pushed).
    Ok(store::pending(conn, trainer, usize::MAX >> 1)?
        .into_iter()
        .find(|r| r.change_id == change_id))
}

struct Incoming<'a> {
    table: &'a str,
    row_id: &'a str,
    seq: i64,
    cl: i64,
    columns: &'a Map<String, Value>,
}

/// What applying one page keeps between rows.
struct PageState {
    /// The server's acknowledged device_seq: pending records after it are re-applied.
    acknowledged: i64,
    /// Whether the scope has pending records at all (if not, no row needs a look).
    any_pending: bool,
    /// Days whose every exercise is recomputed (a change to the day, an exercise, a body weight
    /// or a custom exercise can move all of them).
    days: BTreeSet<String>,
    /// Day → the exercises whose sets changed: only these are recomputed (a page of a few sets
    /// in a day of many exercises; recomputing every exercise was most of a small page's time).
    exercises: std::collections::BTreeMap<String, BTreeSet<String>>,
    /// Workout exercise → its day, as looked up during this page.
    day_of: std::collections::HashMap<String, Option<String>>,
}

fn apply_row(
    tx: &Connection,
    trainer: &str,
    row: &Incoming<'_>,
    page: &mut PageState,
    applied: &mut Applied,
) -> Result<(), Failure> {
    let existed = store::row_state(tx, row.table, row.row_id)?;
    if let Some((local_seq, local_cl)) = existed {
        if local_seq >= row.seq {
            applied.skipped += 1;
            return Ok(());
        }
        // A version whose values the device already holds (its own edits coming back, as in
        // the linking round, which pulls back the whole snapshot it pushed): nothing to write,
        // no totals to recompute, no stamps replaced, and pending edits are already on top.
        if local_cl == row.cl && store::holds_values(tx, row.table, row.row_id, row.columns)? {
            store::set_row_seq(tx, row.table, row.row_id, row.seq)?;
            applied.rows += 1;
            return Ok(());
        }
    }
    if store::missing_parent(tx, row.table, row.row_id, row.columns)? {
        store::stage(
            tx,
            trainer,
            &store::InboxRow {
                table: row.table.to_owned(),
                row_id: row.row_id.to_owned(),
                seq: row.seq,
                cl: row.cl,
                columns: Value::Object(row.columns.clone()).to_string(),
            },
        )?;
        applied.staged += 1;
        return Ok(());
    }
    // Totals of the days the row was in before (if it was here) and is in after.
    if existed.is_some() {
        page_days(tx, row, page)?;
        // Values another writer set replace this device's: their stamps are no longer ours.
        let ours = store::column_hlcs(tx, row.table, row.row_id)?;
        if !ours.is_empty() {
            let local = snapshot::synced_columns(tx, row.table, row.row_id)?.unwrap_or_default();
            let replaced: Vec<&str> = local
                .iter()
                .filter(|(name, value)| {
                    ours.contains_key(*name)
                        && row
                            .columns
                            .get(*name)
                            .is_some_and(|pulled| !store::same_value(value, pulled))
                })
                .map(|(name, _)| *name)
                .collect();
            store::forget_column_hlcs(tx, row.table, row.row_id, &replaced)?;
        }
    }
    store::write_row(
        tx,
        row.table,
        row.row_id,
        row.columns,
        Some(row.seq),
        Some(row.cl),
    )?;
    // Local edits the server has not seen yet go back on top.
    let pending = if page.any_pending {
        store::pending_for_row(tx, trainer, row.table, row.row_id, page.acknowledged)?
    } else {
        Vec::new()
    };
    for record in pending {
        let mut columns: Map<String, Value> = serde_json::from_str(&record.columns)
            .map_err(|_| corrupt("outbox columns are not JSON"))?;
        // The pending values are this device's again, with their records' stamps.
        let stamps = match columns.remove(RESEND_HLCS) {
            Some(Value::Object(stamps)) => stamps,
            _ => Map::new(),
        };
        store::note_column_hlcs(
            tx,
            row.table,
            row.row_id,
            columns.keys().map(|name| {
                let hlc = stamps.get(name).and_then(Value::as_i64);
                (name, hlc.unwrap_or(record.hlc))
            }),
        )?;
        let cl = columns.remove("_cl").and_then(|v| v.as_i64());
        let cl = match (record.op.as_str(), cl) {
            ("delete" | "undelete", Some(cl)) => {
                let current = store::row_state(tx, row.table, row.row_id)?.map_or(cl, |s| s.1);
                Some(cl.max(current))
            }
            _ => None,
        };
        store::write_row(tx, row.table, row.row_id, &columns, None, cl)?;
    }
    page_days(tx, row, page)?;
    applied.rows += 1;
    Ok(())
}

/// Notes what a row's change makes stale: for a set, its exercise (the page's cache maps
/// workout exercise → day: many sets of few exercises); for other rows, [`affected_days`].
fn page_days(tx: &Connection, row: &Incoming<'_>, page: &mut PageState) -> Result<(), StoreError> {
    if row.table != "exercise_sets" {
        return affected_days(tx, row.table, row.row_id, &Map::new(), &mut page.days);
    }
    let Some(we) = trainmate_store::workouts::exercise_of_set(tx, row.row_id)? else {
        return Ok(());
    };
    let day = match page.day_of.get(&we) {
        Some(day) => day.clone(),
        None => {
            let day = trainmate_store::workouts::day_of_exercise(tx, &we)?;
            page.day_of.insert(we.clone(), day.clone());
            day
        }
    };
    if let Some(day) = day {
        page.exercises.entry(day).or_default().insert(we);
    }
    Ok(())
}

/// The days whose totals a row's change can move.
fn affected_days(
    tx: &Connection,
    table: &str,
    row_id: &str,
    _columns: &Map<String, Value>,
    days: &mut BTreeSet<String>,
) -> Result<(), StoreError> {
    use trainmate_store::workouts as w;
    match table {
        "daily_workouts" if w::day_key(tx, row_id)?.is_some() => {
            days.insert(row_id.to_owned());
        }
        "workout_exercises" => days.extend(w::day_of_exercise(tx, row_id)?),
        "exercise_sets" => {
            if let Some(we) = w::exercise_of_set(tx, row_id)? {
                days.extend(w::day_of_exercise(tx, &we)?);
            }
        }
        "body_metrics" => {
            let member: Option<String> = tx
                .prepare_cached("SELECT member_id FROM body_metrics WHERE id = ?1")?
                .query_row([row_id], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            if let Some(member) = member {
                days.extend(w::days_of_member(tx, &member)?);
            }
        }
        "custom_exercises" => days.extend(w::days_using_custom(tx, row_id)?),
        _ => {}
    }
    Ok(())
}

/// Every live row of a trainer's scope, parents before children: the trainer, their custom
/// exercises, then for the trainer and each assigned member their account, body metrics and
/// workouts.
fn scope_rows(conn: &Connection, trainer: &str) -> Result<Vec<(&'static str, String)>, StoreError> {
    let mut rows: Vec<(&'static str, String)> = vec![("users", trainer.to_owned())];
    let mut statement = conn.prepare_cached(
        "SELECT id FROM custom_exercises WHERE trainer_id = ?1 AND _cl % 2 = 1 ORDER BY id",
    )?;
    for id in statement.query_map([trainer], |r| r.get::<_, String>(0))? {
        rows.push(("custom_exercises", id?));
    }
    let mut statement = conn
        .prepare_cached("SELECT id FROM users WHERE trainer_id = ?1 AND _cl % 2 = 1 ORDER BY id")?;
    let members: Vec<String> = statement
        .query_map([trainer], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for member in &members {
        rows.push(("users", member.clone()));
    }
    for person in std::iter::once(&trainer.to_owned()).chain(members.iter()) {
        for id in snapshot::live_body_metric_ids(conn, person)? {
            rows.push(("body_metrics", id));
        }
        rows.extend(snapshot::live_workout_rows(conn, person)?);
    }
    Ok(rows)
}
