//! Storage behind one trait, so SQLite (this crate's default) and PostgreSQL run the same
//! account and merge logic and pass the same tests.
//!
//! A backend provides transactions ([`Storage::write`], [`Storage::read`]) and, inside them, the
//! plain data access of [`Tx`]. Everything that decides anything — token rotation, the merge —
//! lives in the modules that call these, written once over `impl Tx`. Calls block: handlers run
//! them on `spawn_blocking`.

pub mod postgres;
pub mod sqlite;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StorageError {
    /// A unique constraint refused the write; names what was taken.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// Anything else the backend reported. Logged, never shown to a client.
    #[error("storage: {0}")]
    Backend(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
        StorageError::Backend(error.to_string())
    }
}

pub trait Storage: Send + Sync + 'static {
    type Tx<'a>: Tx
    where
        Self: 'a;

    /// Runs `f` in one write transaction that takes the write lock up front (SQLite
    /// `BEGIN IMMEDIATE`; PostgreSQL row locks on the scope), committing when `f` answers `Ok`.
    fn write<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E>;

    /// Runs `f` on one consistent snapshot; writes inside it are an error.
    fn read<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub password_hash: String,
    pub trainer_id: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRow {
    pub id: i64,
    pub account_id: String,
    pub device_id: String,
    pub name: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub revoked_at: Option<i64>,
    pub next_device_seq: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefreshRow {
    pub token_hash: String,
    pub device: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub rotated_at: Option<i64>,
    pub successor_hash: Option<String>,
}

/// One synced row as stored: its columns and, per column, the stamp of the write that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowState {
    pub table: String,
    pub row_id: String,
    pub trainer_id: String,
    pub row_seq: i64,
    pub cl: i64,
    pub cl_seq: i64,
    /// JSON object of the columns.
    pub data: String,
    /// JSON object: column → [seq, hlc, device id, device_seq].
    pub meta: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub trainer_id: String,
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub column: String,
    pub kept: String,
    pub lost: String,
    pub kept_hlc: i64,
    pub lost_hlc: i64,
    pub lost_change_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub trainer_id: String,
    pub change_id: String,
    pub device: i64,
    pub device_seq: i64,
    pub seq: Option<i64>,
    pub outcome: String,
}

/// Data access inside one transaction.
pub trait Tx {
    fn meta(&mut self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores `value` unless the key has one; answers the value in force (so concurrent
    /// instances agree on the first one written).
    fn meta_init(&mut self, key: &str, value: &str) -> Result<String, StorageError>;

    /// [`StorageError::Conflict`] with "email" or "trainer_id" when taken.
    fn insert_account(&mut self, account: &AccountRow) -> Result<(), StorageError>;
    fn account_by_email_key(&mut self, email_key: &str)
        -> Result<Option<AccountRow>, StorageError>;
    fn account_by_id(&mut self, id: &str) -> Result<Option<AccountRow>, StorageError>;

    /// The account's row for `device_id`, created or renamed, signed in again if revoked.
    fn sign_in_device(
        &mut self,
        account_id: &str,
        device_id: &str,
        name: &str,
        now: i64,
    ) -> Result<DeviceRow, StorageError>;
    fn device(&mut self, id: i64) -> Result<Option<DeviceRow>, StorageError>;
    fn devices_of(&mut self, account_id: &str) -> Result<Vec<DeviceRow>, StorageError>;
    /// Marks the device signed out and deletes its refresh tokens.
    fn revoke_device(&mut self, id: i64, now: i64) -> Result<(), StorageError>;
    fn update_device_progress(
        &mut self,
        id: i64,
        next_device_seq: i64,
        now: i64,
    ) -> Result<(), StorageError>;

    fn insert_refresh(&mut self, token: &RefreshRow) -> Result<(), StorageError>;
    fn refresh(&mut self, token_hash: &str) -> Result<Option<RefreshRow>, StorageError>;
    fn mark_rotated(
        &mut self,
        token_hash: &str,
        now: i64,
        successor_hash: &str,
    ) -> Result<(), StorageError>;

    /// (failures, last failure time) for an email.
    fn sign_in_failures(&mut self, email_key: &str) -> Result<Option<(i64, i64)>, StorageError>;
    fn record_sign_in_failure(&mut self, email_key: &str, now: i64) -> Result<(), StorageError>;
    fn clear_sign_in_failures(&mut self, email_key: &str) -> Result<(), StorageError>;

    /// (head seq, hlc) of a trainer scope; (0, 0) for a scope with no changes yet. In a write
    /// transaction it takes the scope's lock (SQLite: the database's, from `BEGIN IMMEDIATE`;
    /// PostgreSQL: create the `scopes` row if missing, then `SELECT … FOR UPDATE`), so seqs are
    /// handed out one push at a time and commit order equals seq order. A push calls it first.
    fn scope(&mut self, trainer_id: &str) -> Result<(i64, i64), StorageError>;
    fn set_scope(&mut self, trainer_id: &str, head_seq: i64, hlc: i64) -> Result<(), StorageError>;
    /// The scope's epoch (0 until a device bumps it after a restore from an older backup).
    fn epoch(&mut self, trainer_id: &str) -> Result<i64, StorageError>;
    /// Sets the scope's epoch to `fresh` if it is still `from` (call [`Tx::scope`] first in the
    /// write transaction: the scope row exists and is locked). Answers the epoch after, and
    /// whether this call changed it.
    fn bump_epoch(
        &mut self,
        trainer_id: &str,
        from: i64,
        fresh: i64,
    ) -> Result<(i64, bool), StorageError>;

    fn row(&mut self, table: &str, row_id: &str) -> Result<Option<RowState>, StorageError>;
    fn put_row(&mut self, row: &RowState) -> Result<(), StorageError>;
    /// Rows of the scope with `row_seq > after`, by `row_seq`, at most `limit`.
    fn rows_after(
        &mut self,
        trainer_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<RowState>, StorageError>;

    fn outcome(
        &mut self,
        trainer_id: &str,
        change_id: &str,
    ) -> Result<Option<OutcomeRow>, StorageError>;
    fn insert_outcome(&mut self, outcome: &OutcomeRow) -> Result<(), StorageError>;

    fn insert_conflict(&mut self, conflict: &ConflictRow) -> Result<(), StorageError>;
    /// Conflicts of the scope with `after < seq <= upto`, by seq.
    fn conflicts_between(
        &mut self,
        trainer_id: &str,
        after: i64,
        upto: i64,
    ) -> Result<Vec<ConflictRow>, StorageError>;

    /// Marks a point the transaction can return to (one device transaction in a push).
    fn savepoint(&mut self) -> Result<(), StorageError>;
    fn release_savepoint(&mut self) -> Result<(), StorageError>;
    fn rollback_to_savepoint(&mut self) -> Result<(), StorageError>;
}
