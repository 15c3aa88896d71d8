//! `/v1/sync/push` and `/v1/sync/pull` (sync.md "Merge", "Endpoints").
//!
//! Invariants:
//! - A push is one write transaction: every change in it is applied, rejected or answered from
//!   its stored outcome, and the scope's `head_seq`, the device's `next_device_seq` and all
//!   outcomes commit together — or nothing does.
//! - Every applied change gets the next seq of its trainer's scope, without gaps; a row's
//!   `row_seq` is the seq of its latest change, so a pull page ending on a row ends on a seq.
//! - A change's outcome is stored under its `change_id`; a second delivery answers `duplicate`
//!   with the stored outcome and applies nothing.
//! - The changes of one device transaction (`tx_id`) are applied together or rejected together.
//! - A change may touch only rows of the token's scope, and may point only at rows of it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;

use trainmate_api::sync::{
    Change, ChangeOp, ChangeOutcome, Conflict, EpochAnswer, EpochBump, ErrorBody, Outcome,
    PullResponse, PushRequest, PushResponse, Rejection, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT,
    MAX_PUSH_CHANGES,
};
use trainmate_core::hlc::{receive, tick, Hlc, MAX_FUTURE_SKEW_MS};
use uuid::Uuid;

use crate::accounts::Caller;
use crate::error::{ApiError, Body, Query};
use crate::schema::{self, check_value, Kind, ValueError, SUPPORTED_SCHEMA_VERSION};
use crate::storage::{ConflictRow, OutcomeRow, RowState, Storage, StorageError, Tx};
use crate::{AppState, Fault};

/// The largest causal length accepted: one delete or undelete per millisecond for 30 years
/// stays below it, and counting on from it cannot overflow.
pub const MAX_CAUSAL_LENGTH: i64 = 1 << 40;

fn reject(code: &str, message: impl Into<String>) -> Rejection {
    Rejection {
        code: code.to_owned(),
        message: message.into(),
    }
}

/// Pushes whole device transactions, in ascending `device_seq`, at most 1000 changes; one
/// database transaction; an outcome per change.
#[utoipa::path(post, path = "/v1/sync/push", tag = "sync",
    security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "An outcome per change", body = PushResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 409, description = "`device_seq_gap` or `device_seq_reused` (see `expected_device_seq`)", body = ErrorBody),
        (status = 413, description = "`batch_too_large` or body too large", body = ErrorBody),
        (status = 415, description = "Not JSON, or an unknown Content-Encoding", body = ErrorBody),
        (status = 422, description = "`invalid_body`, `unsupported_schema_version`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn push<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(request): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.changes.len() > MAX_PUSH_CHANGES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            format!("Send at most {MAX_PUSH_CHANGES} changes per push."),
        ));
    }
    if let Some(change) = request
        .changes
        .iter()
        .find(|c| c.schema_version > SUPPORTED_SCHEMA_VERSION || c.schema_version < 1)
    {
        // Nothing is applied or consumed: the device keeps its outbox until the server knows
        // its schema.
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_schema_version",
            format!(
                "This server understands changes up to schema version \
                 {SUPPORTED_SCHEMA_VERSION}, not {}; upgrade the server.",
                change.schema_version
            ),
        ));
    }
    let nth = state.next_push();
    let fault = state.fault;
    let app = state.clone();
    let response = state
        .blocking(move |store| {
            let response = store.write(|tx| {
                let now = app.clock.now_ms();
                let response = apply_push(tx, &caller, &request.changes, now)?;
                if fault == Some(Fault::AbortBeforeCommit { nth }) {
                    eprintln!("fault injection: aborting before commit of push {nth}");
                    std::process::abort();
                }
                Ok::<_, ApiError>(response)
            })?;
            if fault == Some(Fault::AbortAfterCommit { nth }) {
                eprintln!("fault injection: aborting after commit of push {nth}");
                std::process::abort();
            }
            Ok(response)
        })
        .await?;
    Ok(Json(response))
}

/// Applies a push inside the caller's transaction.
pub fn apply_push<T: Tx + ?Sized>(
    tx: &mut T,
    caller: &Caller,
    changes: &[Change],
    now: i64,
) -> Result<PushResponse, ApiError> {
    let trainer = caller.trainer_id.as_str();
    // The scope first: its lock serializes every push of this trainer (PostgreSQL takes it as
    // a row lock), so the device row read next cannot move under this push.
    let (head, hlc) = tx.scope(trainer)?;
    // Read again inside the transaction: another push of this device may have moved it on.
    let device = tx
        .device(caller.device.id)?
        .filter(|d| d.revoked_at.is_none())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "device_revoked",
                "This device was signed out; sign in again.",
            )
        })?;
    let mut run = Run {
        trainer,
        device_row: device.id,
        device_id: device.device_id.clone(),
        head,
        clock: Hlc::from_i64(hlc).unwrap_or(Hlc::ZERO),
        expected: device.next_device_seq,
        skew_ms: None,
        outcomes: Vec::with_capacity(changes.len()),
        now,
        in_scope: HashSet::new(),
    };
    let mut start = 0;
    while start < changes.len() {
        let end = changes[start..]
            .iter()
            .position(|c| c.tx_id != changes[start].tx_id)
            .map_or(changes.len(), |n| start + n);
        run.group(tx, &changes[start..end])?;
        start = end;
    }
    tx.set_scope(trainer, run.head, run.clock.to_i64())?;
    tx.update_device_progress(device.id, run.expected, now)?;
    let epoch = tx.epoch(trainer)?;
    Ok(PushResponse {
        epoch,
        outcomes: run.outcomes,
        next_device_seq: run.expected,
        head_seq: run.head,
        server_hlc: run.clock,
        server_time_ms: now,
        clock_skew_ms: run.skew_ms,
    })
}

struct Run<'a> {
    trainer: &'a str,
    device_row: i64,
    device_id: String,
    head: i64,
    clock: Hlc,
    expected: i64,
    skew_ms: Option<i64>,
    outcomes: Vec<ChangeOutcome>,
    now: i64,
    /// Rows found in the caller's scope by reference checks during this push: a row never
    /// leaves its scope, so one look-up per referenced row is enough (a thousand sets under one
    /// exercise). Cleared when a savepoint rolls back.
    in_scope: HashSet<(&'static str, String)>,
}

impl Run<'_> {
    /// One device transaction: applied whole, or rolled back to the savepoint and every new
    /// change of it stored as rejected.
    ///
    /// A transaction of one change takes no savepoint: a change is rejected only by its checks,
    /// before it writes anything, so there is nothing to undo. (A savepoint makes SQLite copy
    /// every page the change touches to a sub-journal first: with one per change, pushes ran at
    /// half the speed — S1.)
    fn group<T: Tx + ?Sized>(&mut self, tx: &mut T, group: &[Change]) -> Result<(), ApiError> {
        let saved = (
            self.head,
            self.clock,
            self.expected,
            self.skew_ms,
            self.outcomes.len(),
        );
        let savepoint = group.len() > 1;
        if savepoint {
            tx.savepoint()?;
        }
        let mut failure = None;
        for (index, change) in group.iter().enumerate() {
            if self.duplicate(tx, change)? {
                continue;
            }
            self.take_device_seq(change)?;
            match self.apply(tx, change)? {
                Ok(outcome) => self.record(tx, change, outcome)?,
                Err(rejection) => {
                    failure = Some((index, rejection));
                    break;
                }
            }
        }
        let Some((failed, rejection)) = failure else {
            if savepoint {
                tx.release_savepoint()?;
            }
            return Ok(());
        };
        if savepoint {
            tx.rollback_to_savepoint()?;
            // Rows this group created are gone again.
            self.in_scope.clear();
        }
        (self.head, self.clock, self.expected, self.skew_ms) = (saved.0, saved.1, saved.2, saved.3);
        self.outcomes.truncate(saved.4);
        for (index, change) in group.iter().enumerate() {
            if self.duplicate(tx, change)? {
                continue;
            }
            self.take_device_seq(change)?;
            let reason = if index == failed {
                rejection.clone()
            } else {
                reject(
                    "transaction_rejected",
                    format!(
                        "Another change of the same transaction was rejected ({}).",
                        rejection.code
                    ),
                )
            };
            self.record(tx, change, Outcome::Rejected { reason })?;
        }
        Ok(())
    }

    /// Answers a change delivered before with its stored outcome.
    fn duplicate<T: Tx + ?Sized>(&mut self, tx: &mut T, change: &Change) -> Result<bool, ApiError> {
        let Some(stored) = tx.outcome(self.trainer, &change.change_id.to_string())? else {
            return Ok(false);
        };
        let original: Outcome = serde_json::from_str(&stored.outcome).map_err(|error| {
            tracing::error!(%error, "a stored outcome does not parse");
            ApiError::internal()
        })?;
        self.outcomes.push(ChangeOutcome {
            change_id: change.change_id,
            outcome: Outcome::Duplicate {
                original: Box::new(original),
            },
        });
        Ok(true)
    }

    /// The device's records arrive in order and without gaps (sync.md "Endpoints").
    fn take_device_seq(&mut self, change: &Change) -> Result<(), ApiError> {
        if change.device_seq != self.expected {
            let mut error = if change.device_seq > self.expected {
                ApiError::new(
                    StatusCode::CONFLICT,
                    "device_seq_gap",
                    format!(
                        "Changes are missing before device_seq {}; push from {}.",
                        change.device_seq, self.expected
                    ),
                )
            } else {
                ApiError::new(
                    StatusCode::CONFLICT,
                    "device_seq_reused",
                    format!(
                        "device_seq {} was already used by another change; push from {}.",
                        change.device_seq, self.expected
                    ),
                )
            };
            error.body.expected_device_seq = Some(self.expected);
            return Err(error);
        }
        self.expected += 1;
        Ok(())
    }

    fn record<T: Tx + ?Sized>(
        &mut self,
        tx: &mut T,
        change: &Change,
        outcome: Outcome,
    ) -> Result<(), ApiError> {
        let seq = match &outcome {
            Outcome::Applied { seq, .. } | Outcome::Partial { seq, .. } => Some(*seq),
            _ => None,
        };
        let text = serde_json::to_string(&outcome).map_err(|_| ApiError::internal())?;
        tx.insert_outcome(&OutcomeRow {
            trainer_id: self.trainer.to_owned(),
            change_id: change.change_id.to_string(),
            device: self.device_row,
            device_seq: change.device_seq,
            seq,
            outcome: text,
        })?;
        self.outcomes.push(ChangeOutcome {
            change_id: change.change_id,
            outcome,
        });
        Ok(())
    }

    /// Validates, authorizes and merges one change (sync.md "Merge").
    fn apply<T: Tx + ?Sized>(
        &mut self,
        tx: &mut T,
        change: &Change,
    ) -> Result<Result<Outcome, Rejection>, StorageError> {
        let checked = match self.check(tx, change)? {
            Ok(checked) => checked,
            Err(rejection) => return Ok(Err(rejection)),
        };
        let Checked {
            existing,
            columns,
            cl,
        } = checked;

        // The stamp: re-stamped when too far in the server's future (sync.md "Clock").
        let mut hlc = change.hlc;
        let mut restamped_hlc = None;
        let wall = u64::try_from(self.now).unwrap_or(0);
        let ahead = hlc.ahead_of_ms(wall);
        if ahead > MAX_FUTURE_SKEW_MS {
            hlc = tick(self.clock, wall);
            restamped_hlc = Some(hlc);
            let ahead = i64::try_from(ahead).unwrap_or(i64::MAX);
            self.skew_ms = Some(self.skew_ms.map_or(ahead, |s| s.max(ahead)));
        }
        self.clock = receive(self.clock, hlc, wall);
        // A resend's own stamps per column (never above the change's: a column stamped ahead
        // of the server's clock takes the change's, re-stamped, stamp).
        let fill_only = |name: &str| {
            change
                .column_hlcs
                .as_ref()
                .and_then(|m| m.get(name))
                .is_some_and(|own| *own == Hlc::ZERO)
        };
        let column_hlc = |name: &str| -> Hlc {
            match change.column_hlcs.as_ref().and_then(|m| m.get(name)) {
                Some(own) if own.ahead_of_ms(wall) <= MAX_FUTURE_SKEW_MS => *own,
                _ => hlc,
            }
        };
        self.head += 1;
        let seq = self.head;

        let (mut data, mut meta, current_cl, mut cl_seq) = match &existing {
            Some(row) => (
                parse_object(&row.data)?,
                parse_object(&row.meta)?,
                row.cl,
                row.cl_seq,
            ),
            None => (Map::new(), Map::new(), 1, seq),
        };
        let mut superseded = Vec::new();
        let mut conflicts = Vec::new();
        for (name, value) in columns {
            let stamp = meta.get(&name).and_then(Stamp::parse);
            let current = data.get(&name).cloned().unwrap_or(Value::Null);
            let hlc = column_hlc(&name);
            let mine = Stamp {
                seq,
                hlc,
                device: self.device_id.clone(),
                device_seq: change.device_seq,
                shared: false,
            };
            let Some(stamp) = stamp else {
                meta.insert(name.clone(), mine.to_json());
                data.insert(name, value);
                continue;
            };
            if fill_only(&name) {
                // A resent value of unknown age: only where the server has none.
                continue;
            }
            // Rule 2: the change had seen the current value. A device's own later change has
            // seen its earlier one — unless another device wrote the same value concurrently
            // (a shared stamp), whose write this device has not seen.
            let seen = change.base_seq >= stamp.seq
                || (!stamp.shared
                    && stamp.device == self.device_id
                    && stamp.device_seq < change.device_seq);
            if seen {
                meta.insert(name.clone(), mine.to_json());
                data.insert(name, value);
                continue;
            }
            // Rule 3: concurrent; the higher (hlc, device id) wins.
            let wins = (hlc, self.device_id.as_str()) > (stamp.hlc, stamp.device.as_str());
            if current == value {
                // Both wrote the same value: nothing to report, but the cell now has two
                // writers, and the stamp stays the higher one so the order of arrival does not
                // matter.
                let kept = if wins { mine } else { stamp };
                meta.insert(
                    name.clone(),
                    Stamp {
                        shared: true,
                        ..kept
                    }
                    .to_json(),
                );
                continue;
            }
            if wins {
                conflicts.push((name.clone(), value.clone(), current, hlc, stamp.hlc, None));
                meta.insert(name.clone(), mine.to_json());
                data.insert(name, value);
            } else {
                conflicts.push((
                    name.clone(),
                    current,
                    value,
                    stamp.hlc,
                    hlc,
                    Some(change.change_id.to_string()),
                ));
                superseded.push(name);
            }
        }

        // Causal length: the higher wins; a delete or undelete that lost says so.
        let new_cl = match (change.op, cl) {
            (ChangeOp::Upsert, _) => current_cl,
            (ChangeOp::Delete, given) => given.unwrap_or(if current_cl % 2 == 1 {
                current_cl + 1
            } else {
                current_cl
            }),
            (ChangeOp::Undelete, given) => given.unwrap_or(if current_cl % 2 == 0 {
                current_cl + 1
            } else {
                current_cl
            }),
        };
        let cl = if new_cl > current_cl {
            cl_seq = seq;
            new_cl
        } else {
            if new_cl < current_cl {
                superseded.push("_cl".to_owned());
            }
            current_cl
        };

        let row_id = change.row_id.to_string();
        tx.put_row(&RowState {
            table: change.table.clone(),
            row_id: row_id.clone(),
            trainer_id: self.trainer.to_owned(),
            row_seq: seq,
            cl,
            cl_seq,
            data: Value::Object(data).to_string(),
            meta: Value::Object(meta).to_string(),
        })?;
        for (column, kept, lost, kept_hlc, lost_hlc, lost_change_id) in conflicts {
            tx.insert_conflict(&ConflictRow {
                trainer_id: self.trainer.to_owned(),
                seq,
                table: change.table.clone(),
                row_id: row_id.clone(),
                column,
                kept: kept.to_string(),
                lost: lost.to_string(),
                kept_hlc: kept_hlc.to_i64(),
                lost_hlc: lost_hlc.to_i64(),
                lost_change_id,
            })?;
        }
        Ok(Ok(if superseded.is_empty() {
            Outcome::Applied { seq, restamped_hlc }
        } else {
            Outcome::Partial {
                seq,
                superseded,
                restamped_hlc,
            }
        }))
    }

    /// Validation (known table and columns, types and ranges) and authorization (the row and
    /// every row it points at belong to the caller's scope).
    fn check<T: Tx + ?Sized>(
        &mut self,
        tx: &mut T,
        change: &Change,
    ) -> Result<Result<Checked, Rejection>, StorageError> {
        let trainer = self.trainer;
        let not_in_scope = || {
            reject(
                "not_in_scope",
                "This change touches data that does not belong to your account.",
            )
        };
        if change.trainer_id.is_some_and(|t| t.to_string() != trainer) {
            return Ok(Err(not_in_scope()));
        }
        let Some(table) = schema::table(&change.table) else {
            return Ok(Err(reject(
                "unknown_table",
                format!("`{}` is not a synced table.", change.table),
            )));
        };
        let mut cl = None;
        let mut columns = Vec::with_capacity(change.columns.len());
        for (name, value) in &change.columns {
            if name == "_cl" {
                let parity_ok = |n: i64| match change.op {
                    ChangeOp::Delete => n % 2 == 0,
                    ChangeOp::Undelete => n % 2 == 1,
                    ChangeOp::Upsert => false,
                };
                match value.as_i64() {
                    Some(n) if (1..=MAX_CAUSAL_LENGTH).contains(&n) && parity_ok(n) => cl = Some(n),
                    _ => {
                        return Ok(Err(reject(
                            "invalid_value",
                            "`_cl` must be an even number on a delete and an odd one on an \
                             undelete (at most 2^40), and is not allowed on an upsert.",
                        )))
                    }
                }
                continue;
            }
            let Some(column) = table.column(name) else {
                return Ok(Err(reject(
                    "unknown_column",
                    format!("`{}` has no synced column `{name}`.", table.name),
                )));
            };
            if let Err(error) = check_value(column, value) {
                let why = match error {
                    ValueError::Null => "must not be empty".to_owned(),
                    ValueError::Type(kind) => format!("must be {}", article(kind)),
                    ValueError::OutOfRange => "is out of range".to_owned(),
                    ValueError::TooLong => "is too long".to_owned(),
                };
                return Ok(Err(reject(
                    "invalid_value",
                    format!("`{}.{name}` {why}.", table.name),
                )));
            }
            // Ids are compared as text: store them in one spelling.
            let value = match (column.kind, value.as_str()) {
                (Kind::Ref(_) | Kind::ScopeTrainer | Kind::TrainerOrNone, Some(id)) => {
                    Value::String(
                        Uuid::parse_str(id)
                            .map(|u| u.to_string())
                            .unwrap_or_default(),
                    )
                }
                _ => value.clone(),
            };
            columns.push((column, value));
        }

        let row_id = change.row_id.to_string();
        let existing = tx.row(table.name, &row_id)?;
        match &existing {
            Some(row) if row.trainer_id != trainer => return Ok(Err(not_in_scope())),
            Some(_) => {}
            None => {
                if change.op != ChangeOp::Upsert {
                    return Ok(Err(reject(
                        "unknown_row",
                        "A delete or undelete names a row the server does not have.",
                    )));
                }
                let missing: Vec<&str> = table
                    .columns
                    .iter()
                    .filter(|c| c.required && !change.columns.contains_key(c.name))
                    .map(|c| c.name)
                    .collect();
                if !missing.is_empty() {
                    return Ok(Err(reject(
                        "missing_columns",
                        format!("A new `{}` row needs: {}.", table.name, missing.join(", ")),
                    )));
                }
                if table.name == "workout_exercises" {
                    let set = |n: &str| change.columns.get(n).is_some_and(|v| !v.is_null());
                    if set("catalog_exercise_id") == set("custom_exercise_id") {
                        return Ok(Err(reject(
                            "invalid_value",
                            "A workout exercise names exactly one of catalog_exercise_id and \
                             custom_exercise_id.",
                        )));
                    }
                }
            }
        }

        // The trainer's own row, and members joining the scope.
        if table.name == "users" {
            let value = |n: &str| {
                columns
                    .iter()
                    .find(|(c, _)| c.name == n)
                    .map(|(_, v)| v.clone())
            };
            let user_type = value("user_type");
            if row_id == trainer {
                if user_type.is_some_and(|t| t != "trainer")
                    || value("trainer_id").is_some_and(|t| !t.is_null())
                {
                    return Ok(Err(reject(
                        "invalid_value",
                        "The trainer's own account stays a trainer without a trainer.",
                    )));
                }
            } else {
                if user_type.is_some_and(|t| t != "member") {
                    return Ok(Err(not_in_scope()));
                }
                if existing.is_none()
                    && value("trainer_id").is_none_or(|t| t.as_str() != Some(trainer))
                {
                    return Ok(Err(not_in_scope()));
                }
            }
        }
        for (column, value) in &columns {
            let Some(id) = value.as_str() else { continue };
            let in_scope = match column.kind {
                Kind::ScopeTrainer | Kind::TrainerOrNone => id == trainer,
                Kind::Ref("users") if id == trainer => true,
                Kind::Ref(target) => {
                    let key = (target, id.to_owned());
                    if self.in_scope.contains(&key) {
                        true
                    } else if tx.row(target, id)?.is_some_and(|r| r.trainer_id == trainer) {
                        self.in_scope.insert(key);
                        true
                    } else {
                        false
                    }
                }
                _ => true,
            };
            if !in_scope {
                return Ok(Err(reject(
                    "reference_not_in_scope",
                    format!(
                        "`{}.{}` points at a row that does not belong to your account.",
                        table.name, column.name
                    ),
                )));
            }
        }
        Ok(Ok(Checked {
            existing,
            columns: columns
                .into_iter()
                .map(|(c, v)| (c.name.to_owned(), v))
                .collect(),
            cl,
        }))
    }
}

fn article(kind: &str) -> String {
    match kind {
        "integer" | "id" | "argon2 hash" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

struct Checked {
    existing: Option<RowState>,
    columns: Vec<(String, Value)>,
    cl: Option<i64>,
}

/// Who last wrote a column: `[seq, hlc, device id, device_seq, shared]` in the row's meta.
/// `shared`: another device wrote the same value concurrently.
struct Stamp {
    seq: i64,
    hlc: Hlc,
    device: String,
    device_seq: i64,
    shared: bool,
}

impl Stamp {
    fn parse(value: &Value) -> Option<Stamp> {
        let parts = value.as_array()?;
        Some(Stamp {
            seq: parts.first()?.as_i64()?,
            hlc: Hlc::from_i64(parts.get(1)?.as_i64()?)?,
            device: parts.get(2)?.as_str()?.to_owned(),
            device_seq: parts.get(3)?.as_i64()?,
            shared: parts.get(4).and_then(Value::as_bool).unwrap_or(false),
        })
    }

    fn to_json(&self) -> Value {
        let mut parts = vec![
            self.seq.into(),
            self.hlc.to_i64().into(),
            self.device.clone().into(),
            self.device_seq.into(),
        ];
        if self.shared {
            parts.push(true.into());
        }
        Value::Array(parts)
    }
}

/// A pull page as it is sent: the JSON of [`PullResponse`] (the documented type), but each row's
/// stored columns go out as stored — checked to be one JSON object, not parsed into a map and
/// printed again (the larger part of a page's cost on the server).
#[derive(Serialize)]
pub struct PullPage {
    rows: Vec<PulledRowOut>,
    conflicts: Vec<Conflict>,
    cursor: i64,
    has_more: bool,
    acknowledged_device_seq: i64,
    server_hlc: Hlc,
    server_time_ms: i64,
    epoch: i64,
}

#[derive(Serialize)]
struct PulledRowOut {
    table: String,
    row_id: Uuid,
    seq: i64,
    cl: i64,
    columns: Box<RawValue>,
}

/// A stored row's columns as they go out: valid JSON and an object, else the store is corrupt.
fn raw_object(text: &str) -> Result<Box<RawValue>, StorageError> {
    let corrupt = || StorageError::Backend("a stored row is not a JSON object".into());
    let raw = RawValue::from_string(text.trim().to_owned()).map_err(|_| corrupt())?;
    if raw.get().starts_with('{') {
        Ok(raw)
    } else {
        Err(corrupt())
    }
}

fn parse_object(text: &str) -> Result<Map<String, Value>, StorageError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(StorageError::Backend(
            "a stored row is not a JSON object".into(),
        )),
    }
}

/// A fresh epoch: random, nonzero (0 is "never bumped").
fn fresh_epoch() -> i64 {
    let (high, _) = Uuid::new_v4().as_u64_pair();
    // The top bit cleared (a positive i64), the lowest set (never 0).
    i64::try_from(high >> 1).unwrap_or(i64::MAX) | 1
}

/// The device found the server behind it (restored from an older backup) while the scope's
/// epoch was `from`: the epoch becomes a fresh one if it still is `from`, else it is answered as
/// it is. Idempotent (a second delivery, or a second device that found the same restore, bumps
/// nothing), and only ever of the caller's own scope.
#[utoipa::path(post, path = "/v1/sync/epoch", tag = "sync",
    security(("bearer" = [])),
    request_body = EpochBump,
    responses(
        (status = 200, description = "The scope's epoch, and whether this request changed it", body = EpochAnswer),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 415, description = "Not JSON, or an unknown Content-Encoding", body = ErrorBody),
        (status = 422, description = "`invalid_body`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn bump_epoch<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(request): Body<EpochBump>,
) -> Result<Json<EpochAnswer>, ApiError> {
    let answer = state
        .blocking(move |store| {
            store.write(|tx| {
                let trainer = caller.trainer_id.as_str();
                // The scope's lock first, as a push takes it.
                tx.scope(trainer)?;
                let (epoch, bumped) = tx.bump_epoch(trainer, request.from, fresh_epoch())?;
                Ok::<_, ApiError>(EpochAnswer { epoch, bumped })
            })
        })
        .await?;
    if answer.bumped {
        tracing::warn!(
            epoch = answer.epoch,
            "a device found its scope behind it (a restore): epoch bumped"
        );
    }
    Ok(Json(answer))
}

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub cursor: i64,
    pub limit: Option<u32>,
}

/// The latest state of the scope's rows changed after `cursor`, in pages ending on a seq
/// boundary, with the conflicts of those seqs.
#[utoipa::path(get, path = "/v1/sync/pull", tag = "sync",
    security(("bearer" = [])),
    params(
        ("cursor" = Option<i64>, Query, minimum = 0, description = "The last `cursor` answered (0 first)"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 4_294_967_295_i64, description = "Rows per page (default 500; above 5000 taken as 5000)"),
    ),
    responses(
        (status = 200, description = "A page", body = PullResponse),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 415, description = "An unknown Content-Encoding", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn pull<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullPage>, ApiError> {
    if query.cursor < 0 {
        return Err(ApiError::bad_request(
            "invalid_query",
            "`cursor` is a seq the server answered, 0 or more.",
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 {
        return Err(ApiError::bad_request(
            "invalid_query",
            "`limit` must be at least 1.",
        ));
    }
    let limit = limit.min(MAX_PULL_LIMIT);
    let app = state.clone();
    let response = state
        .blocking(move |store| {
            store.read(|tx| {
                let trainer = caller.trainer_id.as_str();
                let (head, hlc) = tx.scope(trainer)?;
                let epoch = tx.epoch(trainer)?;
                // Read in the same snapshot as the rows, so the two agree.
                let acknowledged_device_seq = tx
                    .device(caller.device.id)?
                    .map_or(0, |d| d.next_device_seq - 1);
                let mut rows = tx.rows_after(trainer, query.cursor, limit + 1)?;
                let has_more = rows.len() > limit as usize;
                rows.truncate(limit as usize);
                let cursor = match rows.last() {
                    Some(last) if has_more => last.row_seq,
                    _ => head,
                };
                let conflicts = tx.conflicts_between(trainer, query.cursor, cursor)?;
                let id = |text: &str| {
                    Uuid::parse_str(text).map_err(|_| {
                        tracing::error!("a stored id is not a UUID");
                        ApiError::internal()
                    })
                };
                let json = |text: &str| {
                    serde_json::from_str::<Value>(text).map_err(|_| ApiError::internal())
                };
                Ok::<_, ApiError>(PullPage {
                    rows: rows
                        .iter()
                        .map(|r| {
                            Ok(PulledRowOut {
                                table: r.table.clone(),
                                row_id: id(&r.row_id)?,
                                seq: r.row_seq,
                                cl: r.cl,
                                columns: raw_object(&r.data)?,
                            })
                        })
                        .collect::<Result<_, ApiError>>()?,
                    conflicts: conflicts
                        .iter()
                        .map(|c| {
                            Ok(Conflict {
                                seq: c.seq,
                                table: c.table.clone(),
                                row_id: id(&c.row_id)?,
                                column: c.column.clone(),
                                kept: json(&c.kept)?,
                                lost: json(&c.lost)?,
                                kept_hlc: Hlc::from_i64(c.kept_hlc).unwrap_or(Hlc::ZERO),
                                lost_hlc: Hlc::from_i64(c.lost_hlc).unwrap_or(Hlc::ZERO),
                                lost_change_id: c.lost_change_id.as_deref().map(id).transpose()?,
                            })
                        })
                        .collect::<Result<_, ApiError>>()?,
                    cursor,
                    has_more,
                    acknowledged_device_seq,
                    server_hlc: Hlc::from_i64(hlc).unwrap_or(Hlc::ZERO),
                    server_time_ms: app.clock.now_ms(),
                    epoch,
                })
            })
        })
        .await?;
    Ok(Json(response))
}
