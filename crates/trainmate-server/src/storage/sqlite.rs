//! The SQLite backend: one writer connection behind a mutex (writes use `BEGIN IMMEDIATE`, so a
//! push holds the write lock from its first statement) and a small pool of reader connections;
//! WAL, `synchronous=FULL` (an acknowledged change survives power loss), foreign keys on; WAL
//! checkpoints on a thread of their own.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use super::{
    AccountRow, ConflictRow, DeviceRow, OutcomeRow, RefreshRow, RowState, Storage, StorageError, Tx,
};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Readers kept open between requests.
const IDLE_READERS: usize = 4;

pub struct SqliteStorage {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Nudges the checkpointer after a commit; dropping it ends the thread.
    checkpoints: Option<std::sync::mpsc::SyncSender<()>>,
}

/// Copies the WAL into the database file on a thread of its own, after commits, so a push does
/// not wait for it (SQLite's automatic checkpoint runs inside the committing `COMMIT`: an eighth
/// of a push's time in S1). PASSIVE: it never blocks the writer or readers.
fn start_checkpointer(path: &Path) -> Result<std::sync::mpsc::SyncSender<()>, StorageError> {
    let conn = connect(path)?;
    let (nudge, nudged) = std::sync::mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while nudged.recv().is_ok() {
                // Let a burst of pushes add up before copying.
                std::thread::sleep(Duration::from_millis(50));
                while nudged.try_recv().is_ok() {}
                if let Err(error) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                {
                    tracing::warn!(%error, "WAL checkpoint failed; the next commit retries");
                }
            }
        })
        .map_err(|e| StorageError::Backend(format!("checkpoint thread: {e}")))?;
    Ok(nudge)
}

impl SqliteStorage {
    /// Opens (creating if missing) the database at `path` and applies the server's migrations.
    pub fn open(path: &Path) -> Result<SqliteStorage, StorageError> {
        let mut writer = connect(path)?;
        // A push of 1000 changes touches a few thousand pages: with SQLite's default 2 MB cache
        // the writer spilled pages to the WAL in the middle of the transaction (S1).
        writer.execute_batch("PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0")?;
        let checkpoints = Some(start_checkpointer(path)?);
        embedded::migrations::runner()
            .run(&mut writer)
            .map_err(|e| StorageError::Backend(format!("migrations: {e}")))?;
        Ok(SqliteStorage {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            checkpoints,
        })
    }

    fn reader(&self) -> Result<Connection, StorageError> {
        let idle = self
            .readers
            .lock()
            .map_err(|_| StorageError::Backend("reader pool poisoned".into()))?
            .pop();
        match idle {
            Some(conn) => Ok(conn),
            None => {
                let conn = connect(&self.path)?;
                conn.execute_batch("PRAGMA query_only = ON")?;
                Ok(conn)
            }
        }
    }

    fn return_reader(&self, conn: Connection) {
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < IDLE_READERS {
                pool.push(conn);
            }
        }
    }
}

fn connect(path: &Path) -> Result<Connection, StorageError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    )?;
    Ok(conn)
}

impl Storage for SqliteStorage {
    type Tx<'a> = SqliteTx<'a>;

    fn write<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut SqliteTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self
            .writer
            .lock()
            // A panic mid-transaction leaves nothing committed (the transaction rolled back on
            // drop), so the connection is still fine to use.
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StorageError::from)?;
        let mut wrapped = SqliteTx {
            conn: &tx,
            savepoints: 0,
        };
        let value = f(&mut wrapped)?;
        tx.commit().map_err(StorageError::from)?;
        if let Some(nudge) = &self.checkpoints {
            // Full: a checkpoint is already due.
            let _ = nudge.try_send(());
        }
        Ok(value)
    }

    fn read<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut SqliteTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.reader()?;
        let result = (|| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Deferred)
                .map_err(StorageError::from)?;
            let mut wrapped = SqliteTx {
                conn: &tx,
                savepoints: 0,
            };
            f(&mut wrapped)
        })();
        self.return_reader(conn);
        result
    }
}

pub struct SqliteTx<'a> {
    conn: &'a Connection,
    savepoints: u32,
}

fn unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::ConstraintViolation
    )
}

const DEVICE_COLUMNS: &str =
    "id, account_id, device_id, name, created_at, last_seen_at, revoked_at, next_device_seq";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        device_id: r.get(2)?,
        name: r.get(3)?,
        created_at: r.get(4)?,
        last_seen_at: r.get(5)?,
        revoked_at: r.get(6)?,
        next_device_seq: r.get(7)?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, email, email_key, name, password_hash, trainer_id, created_at";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: r.get(0)?,
        email: r.get(1)?,
        email_key: r.get(2)?,
        name: r.get(3)?,
        password_hash: r.get(4)?,
        trainer_id: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const ROW_COLUMNS: &str = "table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta";

fn row_state(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowState> {
    Ok(RowState {
        table: r.get(0)?,
        row_id: r.get(1)?,
        trainer_id: r.get(2)?,
        row_seq: r.get(3)?,
        cl: r.get(4)?,
        cl_seq: r.get(5)?,
        data: r.get(6)?,
        meta: r.get(7)?,
    })
}

impl Tx for SqliteTx<'_> {
    fn meta(&mut self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM server_meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    fn meta_init(&mut self, key: &str, value: &str) -> Result<String, StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO server_meta (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?
            .execute([key, value])?;
        self.meta(key)?
            .ok_or_else(|| StorageError::Backend("server_meta lost a row".into()))
    }

    fn insert_account(&mut self, a: &AccountRow) -> Result<(), StorageError> {
        let taken = |column: &str| -> Result<bool, StorageError> {
            let sql = match column {
                "email" => "SELECT 1 FROM accounts WHERE email_key = ?1",
                _ => "SELECT 1 FROM accounts WHERE trainer_id = ?1",
            };
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row(
                    [if column == "email" {
                        &a.email_key
                    } else {
                        &a.trainer_id
                    }],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        };
        if taken("email")? {
            return Err(StorageError::Conflict("email"));
        }
        if taken("trainer_id")? {
            return Err(StorageError::Conflict("trainer_id"));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO accounts (id, email, email_key, name, password_hash, trainer_id,
                     created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                a.id,
                a.email,
                a.email_key,
                a.name,
                a.password_hash,
                a.trainer_id,
                a.created_at
            ])
            .map_err(|e| {
                if unique_violation(&e) {
                    StorageError::Conflict("email")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    fn account_by_email_key(&mut self, key: &str) -> Result<Option<AccountRow>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_key = ?1"
            ))?
            .query_row([key], account_row)
            .optional()?)
    }

    fn account_by_id(&mut self, id: &str) -> Result<Option<AccountRow>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"
            ))?
            .query_row([id], account_row)
            .optional()?)
    }

    fn sign_in_device(
        &mut self,
        account_id: &str,
        device_id: &str,
        name: &str,
        now: i64,
    ) -> Result<DeviceRow, StorageError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "INSERT INTO devices (account_id, device_id, name, created_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (account_id, device_id) DO UPDATE
                     SET name = excluded.name, last_seen_at = excluded.last_seen_at,
                         revoked_at = NULL
                 RETURNING {DEVICE_COLUMNS}"
            ))?
            .query_row(params![account_id, device_id, name, now], device_row)?)
    }

    fn device(&mut self, id: i64) -> Result<Option<DeviceRow>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLUMNS} FROM devices WHERE id = ?1"
            ))?
            .query_row([id], device_row)
            .optional()?)
    }

    fn devices_of(&mut self, account_id: &str) -> Result<Vec<DeviceRow>, StorageError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {DEVICE_COLUMNS} FROM devices WHERE account_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = statement.query_map([account_id], device_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_device(&mut self, id: i64, now: i64) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
            )?
            .execute([id, now])?;
        self.conn
            .prepare_cached("DELETE FROM refresh_tokens WHERE device = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn update_device_progress(
        &mut self,
        id: i64,
        next_device_seq: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "UPDATE devices SET next_device_seq = ?2, last_seen_at = ?3 WHERE id = ?1",
            )?
            .execute([id, next_device_seq, now])?;
        Ok(())
    }

    fn insert_refresh(&mut self, t: &RefreshRow) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO refresh_tokens (token_hash, device, created_at, expires_at,
                     rotated_at, successor_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                t.token_hash,
                t.device,
                t.created_at,
                t.expires_at,
                t.rotated_at,
                t.successor_hash
            ])?;
        Ok(())
    }

    fn refresh(&mut self, token_hash: &str) -> Result<Option<RefreshRow>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT token_hash, device, created_at, expires_at, rotated_at, successor_hash
                 FROM refresh_tokens WHERE token_hash = ?1",
            )?
            .query_row([token_hash], |r| {
                Ok(RefreshRow {
                    token_hash: r.get(0)?,
                    device: r.get(1)?,
                    created_at: r.get(2)?,
                    expires_at: r.get(3)?,
                    rotated_at: r.get(4)?,
                    successor_hash: r.get(5)?,
                })
            })
            .optional()?)
    }

    fn mark_rotated(
        &mut self,
        token_hash: &str,
        now: i64,
        successor_hash: &str,
    ) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "UPDATE refresh_tokens SET rotated_at = ?2, successor_hash = ?3
                 WHERE token_hash = ?1",
            )?
            .execute(params![token_hash, now, successor_hash])?;
        Ok(())
    }

    fn sign_in_failures(&mut self, email_key: &str) -> Result<Option<(i64, i64)>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT failures, last_failure_at FROM sign_in_failures WHERE email_key = ?1",
            )?
            .query_row([email_key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn record_sign_in_failure(&mut self, email_key: &str, now: i64) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO sign_in_failures (email_key, failures, last_failure_at)
                 VALUES (?1, 1, ?2)
                 ON CONFLICT (email_key) DO UPDATE
                     SET failures = failures + 1, last_failure_at = excluded.last_failure_at",
            )?
            .execute(params![email_key, now])?;
        Ok(())
    }

    fn clear_sign_in_failures(&mut self, email_key: &str) -> Result<(), StorageError> {
        self.conn
            .prepare_cached("DELETE FROM sign_in_failures WHERE email_key = ?1")?
            .execute([email_key])?;
        Ok(())
    }

    fn scope(&mut self, trainer_id: &str) -> Result<(i64, i64), StorageError> {
        Ok(self
            .conn
            .prepare_cached("SELECT head_seq, hlc FROM scopes WHERE trainer_id = ?1")?
            .query_row([trainer_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, 0)))
    }

    fn epoch(&mut self, trainer_id: &str) -> Result<i64, StorageError> {
        Ok(self
            .conn
            .prepare_cached("SELECT epoch FROM scopes WHERE trainer_id = ?1")?
            .query_row([trainer_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    fn bump_epoch(
        &mut self,
        trainer_id: &str,
        from: i64,
        fresh: i64,
    ) -> Result<(i64, bool), StorageError> {
        self.conn
            .prepare_cached("INSERT INTO scopes (trainer_id) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([trainer_id])?;
        let bumped = self
            .conn
            .prepare_cached("UPDATE scopes SET epoch = ?3 WHERE trainer_id = ?1 AND epoch = ?2")?
            .execute(params![trainer_id, from, fresh])?;
        Ok((self.epoch(trainer_id)?, bumped > 0))
    }

    fn set_scope(&mut self, trainer_id: &str, head_seq: i64, hlc: i64) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO scopes (trainer_id, head_seq, hlc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (trainer_id) DO UPDATE
                     SET head_seq = excluded.head_seq, hlc = excluded.hlc",
            )?
            .execute(params![trainer_id, head_seq, hlc])?;
        Ok(())
    }

    fn row(&mut self, table: &str, row_id: &str) -> Result<Option<RowState>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM sync_rows WHERE table_name = ?1 AND row_id = ?2"
            ))?
            .query_row([table, row_id], row_state)
            .optional()?)
    }

    fn put_row(&mut self, r: &RowState) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_rows (table_name, row_id, trainer_id, row_seq, cl, cl_seq, data,
                     meta) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (table_name, row_id) DO UPDATE
                     SET row_seq = excluded.row_seq, cl = excluded.cl, cl_seq = excluded.cl_seq,
                         data = excluded.data, meta = excluded.meta",
            )?
            .execute(params![
                r.table,
                r.row_id,
                r.trainer_id,
                r.row_seq,
                r.cl,
                r.cl_seq,
                r.data,
                r.meta
            ])?;
        Ok(())
    }

    fn rows_after(
        &mut self,
        trainer_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<RowState>, StorageError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM sync_rows WHERE trainer_id = ?1 AND row_seq > ?2
             ORDER BY row_seq LIMIT ?3"
        ))?;
        let rows = statement.query_map(params![trainer_id, after, limit], row_state)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn outcome(
        &mut self,
        trainer_id: &str,
        change_id: &str,
    ) -> Result<Option<OutcomeRow>, StorageError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT trainer_id, change_id, device, device_seq, seq, outcome
                 FROM change_outcomes WHERE trainer_id = ?1 AND change_id = ?2",
            )?
            .query_row([trainer_id, change_id], |r| {
                Ok(OutcomeRow {
                    trainer_id: r.get(0)?,
                    change_id: r.get(1)?,
                    device: r.get(2)?,
                    device_seq: r.get(3)?,
                    seq: r.get(4)?,
                    outcome: r.get(5)?,
                })
            })
            .optional()?)
    }

    fn insert_outcome(&mut self, o: &OutcomeRow) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO change_outcomes (trainer_id, change_id, device, device_seq, seq,
                     outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                o.trainer_id,
                o.change_id,
                o.device,
                o.device_seq,
                o.seq,
                o.outcome
            ])?;
        Ok(())
    }

    fn insert_conflict(&mut self, c: &ConflictRow) -> Result<(), StorageError> {
        self.conn
            .prepare_cached(
                "INSERT INTO conflicts (trainer_id, seq, table_name, row_id, column_name, kept,
                     lost, kept_hlc, lost_hlc, lost_change_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                c.trainer_id,
                c.seq,
                c.table,
                c.row_id,
                c.column,
                c.kept,
                c.lost,
                c.kept_hlc,
                c.lost_hlc,
                c.lost_change_id
            ])?;
        Ok(())
    }

    fn conflicts_between(
        &mut self,
        trainer_id: &str,
        after: i64,
        upto: i64,
    ) -> Result<Vec<ConflictRow>, StorageError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT trainer_id, seq, table_name, row_id, column_name, kept, lost, kept_hlc,
                 lost_hlc, lost_change_id
             FROM conflicts WHERE trainer_id = ?1 AND seq > ?2 AND seq <= ?3
             ORDER BY seq, table_name, row_id, column_name",
        )?;
        let rows = statement.query_map(params![trainer_id, after, upto], |r| {
            Ok(ConflictRow {
                trainer_id: r.get(0)?,
                seq: r.get(1)?,
                table: r.get(2)?,
                row_id: r.get(3)?,
                column: r.get(4)?,
                kept: r.get(5)?,
                lost: r.get(6)?,
                kept_hlc: r.get(7)?,
                lost_hlc: r.get(8)?,
                lost_change_id: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn savepoint(&mut self) -> Result<(), StorageError> {
        self.savepoints += 1;
        self.conn
            .execute_batch(&format!("SAVEPOINT sp{}", self.savepoints))?;
        Ok(())
    }

    fn release_savepoint(&mut self) -> Result<(), StorageError> {
        self.conn
            .execute_batch(&format!("RELEASE sp{}", self.savepoints))?;
        self.savepoints = self.savepoints.saturating_sub(1);
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<(), StorageError> {
        self.conn.execute_batch(&format!(
            "ROLLBACK TO sp{0}; RELEASE sp{0}",
            self.savepoints
        ))?;
        self.savepoints = self.savepoints.saturating_sub(1);
        Ok(())
    }
}
