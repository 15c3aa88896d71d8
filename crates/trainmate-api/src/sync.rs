//! The wire contract between a device and the sync server (sync.md "Endpoints"): JSON bodies of
//! `/v1/auth/*`, `/v1/devices`, `/v1/sync/push` and `/v1/sync/pull`, and the error body every
//! endpoint answers with. The server (trainmate-server) and the device's sync job use these same
//! types, so a renamed field breaks the build, not the protocol.
//!
//! HLC stamps travel as plain numbers (they exceed 2^53): only Rust ends read them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use trainmate_core::hlc::Hlc;
use trainmate_core::validate::FieldError;
use uuid::Uuid;

/// The largest number of changes one push may carry.
pub const MAX_PUSH_CHANGES: usize = 1000;
/// Rows per pull page when the device does not ask for a size, and the most it may ask for.
pub const DEFAULT_PULL_LIMIT: u32 = 500;
pub const MAX_PULL_LIMIT: u32 = 5000;

/// Every 4xx/5xx body: a stable `code` for programs, a human `message`, and details for some codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// `device_seq_gap`: the `device_seq` the server expects next from this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_device_seq: Option<i64>,
    /// `invalid`: which fields broke which rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<FieldErrorSchema>))]
    pub fields: Vec<FieldError>,
}

// ---- accounts ----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
    pub name: String,
    pub device_id: Uuid,
    pub device_name: String,
    /// The local trainer's user id when a device links an existing trainer; the server makes one
    /// when absent. It names the scope: the trainer's `users` row has this id.
    #[serde(default)]
    pub trainer_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    pub device_id: Uuid,
    pub device_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// The answer of sign-up, sign-in and refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tokens {
    /// A short-lived JWT for `Authorization: Bearer …`.
    pub access_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque; rotated on every use (sync.md "Endpoints").
    pub refresh_token: String,
    pub account_id: Uuid,
    pub trainer_id: Uuid,
    pub device_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub device_id: Uuid,
    pub name: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub revoked: bool,
    /// The device whose token asked.
    pub current: bool,
}

// ---- sync ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    Upsert,
    Delete,
    Undelete,
}

/// One outbox record (trainmate-store's `outbox` table), as the device pushes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// UUIDv7, the idempotency key.
    pub change_id: Uuid,
    /// Contiguous per (trainer scope, device).
    pub device_seq: i64,
    pub tx_id: Uuid,
    /// The scope the device recorded; when present it must be the token's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainer_id: Option<Uuid>,
    pub table: String,
    pub row_id: Uuid,
    pub op: ChangeOp,
    /// Only the changed columns; `_cl` carries the causal length of a delete or undelete.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub columns: Map<String, Value>,
    /// The row's seq the device had seen (0: none).
    pub base_seq: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub hlc: Hlc,
    pub schema_version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// Per column, the stamp of the write that set its value, when it is not `hlc`: a device
    /// sending its scope again after a restore from an older backup carries each value's own
    /// stamp (0: unknown — applied only where the server holds no value for the column, else
    /// skipped without a conflict). Columns not named here take `hlc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::BTreeMap<String, u64>>))]
    pub column_hlcs: Option<std::collections::BTreeMap<String, Hlc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub code: String,
    pub message: String,
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Every column applied; `seq` is the change's place in the trainer's sequence.
    Applied {
        seq: i64,
        /// Set when the change's stamp was too far in the future and the server re-stamped it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
        restamped_hlc: Option<Hlc>,
    },
    /// Applied, but these columns lost to a concurrent edit (kept in conflicts).
    Partial {
        seq: i64,
        superseded: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
        restamped_hlc: Option<Hlc>,
    },
    /// Delivered before: the stored outcome of the earlier delivery; nothing applied again.
    Duplicate {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        original: Box<Outcome>,
    },
    /// Refused; nothing of it applied. Never retried by the device (recorded and shown).
    Rejected { reason: Rejection },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeOutcome {
    pub change_id: Uuid,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// One per pushed change, in the request's order.
    pub outcomes: Vec<ChangeOutcome>,
    /// The device_seq the server expects next from this device.
    pub next_device_seq: i64,
    /// The trainer's latest seq.
    pub head_seq: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub server_hlc: Hlc,
    pub server_time_ms: i64,
    /// How far (ms) the furthest re-stamped change was ahead of the server's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_skew_ms: Option<i64>,
    /// The scope's epoch: changes when a device found the server restored from an older backup
    /// (`POST /v1/sync/epoch`); a device that synced under another epoch pulls the whole scope
    /// again from cursor 0. 0 until the first bump.
    #[serde(default)]
    pub epoch: i64,
}

/// The current state of a row changed after the pull's cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PulledRow {
    pub table: String,
    pub row_id: Uuid,
    /// The seq of the row's latest change (the device's `_row_seq`).
    pub seq: i64,
    /// Causal length: odd = alive, even = deleted.
    pub cl: i64,
    /// Every synced column the server holds for the row.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub columns: Map<String, Value>,
}

/// A column edited on two devices concurrently: which value was kept and which lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conflict {
    /// The seq of the change that met the conflict.
    pub seq: i64,
    pub table: String,
    pub row_id: Uuid,
    pub column: String,
    pub kept: Value,
    pub lost: Value,
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub kept_hlc: Hlc,
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub lost_hlc: Hlc,
    /// The change whose value lost.
    pub lost_change_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub rows: Vec<PulledRow>,
    pub conflicts: Vec<Conflict>,
    /// Pass as `cursor` next time; never ahead of the rows returned.
    pub cursor: i64,
    pub has_more: bool,
    /// The asking device's changes up to this `device_seq` are applied (or rejected) and
    /// reflected in `rows`: when applying the page, re-apply only pending changes after it on
    /// top. (A push whose answer was lost is applied but still pending on the device; applying
    /// it again over a newer row would undo a later edit of another device.)
    pub acknowledged_device_seq: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub server_hlc: Hlc,
    pub server_time_ms: i64,
    /// The scope's epoch: changes when a device found the server restored from an older backup
    /// (`POST /v1/sync/epoch`); a device that synced under another epoch pulls the whole scope
    /// again from cursor 0. 0 until the first bump.
    #[serde(default)]
    pub epoch: i64,
}

/// `POST /v1/sync/epoch`: the device found the server behind it (restored from an older backup)
/// while the scope's epoch was `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EpochBump {
    /// The epoch the server answered when the device found it behind.
    pub from: i64,
}

/// The scope's epoch after a bump request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EpochAnswer {
    pub epoch: i64,
    /// Whether this request changed it (false: it was no longer `from` — another device, or an
    /// earlier delivery of this request, bumped it for the same restore).
    pub bumped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub server_time_ms: i64,
    pub version: String,
}

/// The OpenAPI schema of `trainmate_core::validate::FieldError` as it travels: the field and the
/// rule it broke (snake_case).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "a schema only")]
pub struct FieldErrorSchema {
    pub field: String,
    /// The rule, e.g. `required`, `too_long`, `invalid_email`.
    pub rule: String,
}
