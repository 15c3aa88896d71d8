//! Settings → Sync and the header's sync status (sync.md; ui.md §3, §9). Only a signed-in
//! trainer sees and changes their own scope's sync; "sign in with my sync server" is for a
//! device where no one is signed in.

use serde::{Deserialize, Serialize};

/// What the header's sync slot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No sync server linked: the app is complete on its own.
    LocalOnly,
    /// Linked, nothing waiting, the last round succeeded.
    Synced,
    /// Linked, changes waiting to be sent.
    Pending,
    /// The last round reached no server.
    Offline,
    /// The server refused the device's tokens: sign in again (nothing was deleted).
    SignIn,
    /// The last round failed for another reason (`last_error` says which).
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatusReply {
    pub state: SyncState,
    pub server_url: Option<String>,
    pub account_email: Option<String>,
    /// Changes waiting to be sent.
    pub pending: i64,
    /// When the oldest waiting change was made (UTC ms).
    pub oldest_pending_at: Option<i64>,
    pub last_success_at: Option<i64>,
    /// A stable code: offline, server, version, server_behind, sign_in, local, rate_limited, …
    pub last_error: Option<String>,
    /// Conflicts to review and changes the server refused.
    pub conflicts: i64,
    pub rejected: i64,
    /// How far this device's clock is ahead of the server's (negative: behind), as measured
    /// from the server's time in the last answer; `None` within a minute.
    pub clock_skew_ms: Option<i64>,
    /// Bumped each time a pull wrote rows on this device (since the app started): screens
    /// showing synced data (the member list) ask again when it changes.
    #[serde(default)]
    pub pulled_version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncLinkArgs {
    pub server_url: String,
    pub email: String,
    pub password: String,
    /// Create the account on the server (else sign in to an existing one).
    pub create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSignInArgs {
    pub server_url: String,
    pub email: String,
    pub password: String,
}

/// A column edited on two devices at once: the value kept and the one that lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConflictView {
    pub id: i64,
    /// users, body_metrics, custom_exercises, daily_workouts, workout_exercises, exercise_sets.
    pub table: String,
    pub row_id: String,
    pub column: String,
    /// The values as JSON text (numbers in the stored units, strings quoted).
    pub kept: String,
    pub lost: String,
    pub received_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRef {
    pub id: i64,
}

/// A change the server refused, kept and shown (never dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRejectedView {
    pub change_id: String,
    pub table: String,
    pub row_id: String,
    pub op: String,
    pub code: String,
    pub message: String,
    pub rejected_at: i64,
}
