//! The device database. The only crate with SQL on the device.
//!
//! One writer connection (every write is a `BEGIN IMMEDIATE` transaction on it) and one reader
//! connection, both in WAL mode with `synchronous=FULL`, so a committed set survives power loss and
//! reads never wait for a writer. The schema comes from the refinery migrations in the repository's
//! `migrations/`, embedded in the binary and applied by [`Store::open`]. Background (sync)
//! writes give way to commands and may commit without fsync ([`Store::write_background_with`]);
//! a third connection checkpoints after them.

use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rusqlite::Connection;

mod error;
pub use error::StoreError;

pub mod accounts;
pub mod body_metrics;
pub mod catalog;
pub mod exercises;
pub mod fixture;
pub mod members;
pub mod outbox;
pub mod photos;
pub mod settings;
pub mod snapshot;
pub mod sync;
pub mod workouts;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// Milliseconds a connection waits for a lock held by another connection before failing.
const BUSY_TIMEOUT_MS: u32 = 5_000;

/// The opened database: migrated, with its pragmas set.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    /// Checkpoints the WAL after background writes, outside the writer's lock, and when the
    /// last one ran.
    checkpointer: Mutex<(Connection, Option<Instant>)>,
    /// Foreground writers (commands) waiting for the writer, and when the last one asked;
    /// background writes (sync) let them go first. See [`Store::write_background_with`].
    foreground: Mutex<Foreground>,
    foreground_gone: Condvar,
}

#[derive(Default)]
struct Foreground {
    waiting: usize,
    last: Option<Instant>,
}

/// How often background writes checkpoint the WAL at most.
const BACKGROUND_CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// The longest a background write waits for foreground writers to go first (so a stream of
/// commands cannot starve sync).
const BACKGROUND_MAX_YIELD: Duration = Duration::from_millis(250);

impl Store {
    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        // All pending migrations in one transaction: a process killed half-way leaves the file
        // as it was, not half-migrated (refinery's per-migration steps are not atomic here).
        embedded::migrations::runner()
            .set_grouped(true)
            .run(&mut writer)?;
        ensure_device_identity(&writer)?;
        let reader = Connection::open(path)?;
        configure(&reader)?;
        let checkpointer = Connection::open(path)?;
        configure(&checkpointer)?;
        Ok(Store {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            checkpointer: Mutex::new((checkpointer, None)),
            foreground: Mutex::new(Foreground::default()),
            foreground_gone: Condvar::new(),
        })
    }

    /// The highest migration version applied to this database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let conn = self.read();
        let version: i64 = conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
            [],
            |row| row.get(0),
        )?;
        u32::try_from(version).map_err(|_| StoreError::Corrupt("schema version out of range"))
    }

    /// `PRAGMA integrity_check`: `Ok(())` when SQLite answers "ok".
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let conn = self.read();
        let answer: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if answer == "ok" {
            Ok(())
        } else {
            Err(StoreError::Integrity(answer))
        }
    }

    /// Runs `work` on the reader connection.
    pub fn read_with<T, E: From<StoreError>>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        work(&self.read())
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction on the writer: committed when it returns
    /// `Ok`, rolled back otherwise. Every change and the rows it affects commit together.
    pub fn write_with<T, E: From<StoreError>>(
        &self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.write();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = work(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// [`Store::write_with`] for background work (sync): it first lets every foreground writer
    /// already waiting go ahead (up to [`BACKGROUND_MAX_YIELD`]), so a command waits for at most
    /// the one background transaction in progress when it arrived, not for a stream of them.
    ///
    /// `durable: false` commits without waiting for the disk (`synchronous=NORMAL` for this
    /// transaction): for work that can be done again from the server (a pulled page). WAL
    /// keeps commits in order, so a power loss drops at most a suffix of such transactions,
    /// whole — never one without the cursor it moved — and the next durable commit makes every
    /// earlier one durable too.
    pub fn write_background_with<T, E: From<StoreError>>(
        &self,
        durable: bool,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.yield_to_foreground();
        let mut conn = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if durable {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(StoreError::from)?;
            let value = work(&tx)?;
            tx.commit().map_err(StoreError::from)?;
            return Ok(value);
        }
        /// Back to durable commits before the writer is anyone else's (also on a panic).
        struct Durable<'c>(&'c Connection);
        impl Drop for Durable<'_> {
            fn drop(&mut self) {
                // Setting the flag touches no file; it does not fail on an open connection.
                let _ = self.0.pragma_update(None, "synchronous", "FULL");
            }
        }
        let value = {
            let conn: &Connection = &conn;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(StoreError::from)?;
            let _durable = Durable(conn);
            let tx = rusqlite::Transaction::new_unchecked(
                conn,
                rusqlite::TransactionBehavior::Immediate,
            )
            .map_err(StoreError::from)?;
            let value = work(&tx)?;
            tx.commit().map_err(StoreError::from)?;
            value
        };
        drop(conn);
        self.checkpoint_after_background();
        Ok(value)
    }

    /// A stream of background transactions fills the WAL quickly; left alone, the commit that
    /// crosses SQLite's auto-checkpoint threshold pays for the checkpoint — most often a
    /// command's. So the background writer checkpoints (passively: it never waits for, nor
    /// blocks, the writer) on its own connection after its transactions, at most every
    /// [`BACKGROUND_CHECKPOINT_EVERY`], keeping the WAL under the threshold.
    fn checkpoint_after_background(&self) {
        let mut checkpointer = self
            .checkpointer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if checkpointer
            .1
            .is_some_and(|last| last.elapsed() < BACKGROUND_CHECKPOINT_EVERY)
        {
            return;
        }
        // A failed checkpoint leaves the WAL to the auto-checkpoint, as before.
        let _ = checkpointer
            .0
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        checkpointer.1 = Some(Instant::now());
    }

    fn yield_to_foreground(&self) {
        let deadline = Instant::now() + BACKGROUND_MAX_YIELD;
        let mut waiting = self
            .foreground
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while waiting.waiting > 0 {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return;
            };
            waiting = self
                .foreground_gone
                .wait_timeout(waiting, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    pub(crate) fn read(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection itself usable: SQLite rolls back
        // an unfinished transaction, so recover the guard rather than poisoning the app.
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The writer for a foreground write: counted as waiting until it has it, so background
    /// writes let it go first.
    pub(crate) fn write(&self) -> MutexGuard<'_, Connection> {
        let count = |arrives: bool| {
            let mut foreground = self
                .foreground
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if arrives {
                foreground.waiting += 1;
                foreground.last = Some(Instant::now());
            } else {
                foreground.waiting = foreground.waiting.saturating_sub(1);
                if foreground.waiting == 0 {
                    self.foreground_gone.notify_all();
                }
            }
        };
        count(true);
        let guard = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        count(false);
        guard
    }

    /// Whether a foreground write (a command) asked for the writer within `window`: someone is
    /// using the app, so background work keeps its transactions short.
    pub fn foreground_within(&self, window: Duration) -> bool {
        self.foreground
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .last
            .is_some_and(|last| last.elapsed() < window)
    }
}

/// Gives a new database its device id; an existing one keeps its own.
fn ensure_device_identity(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sync_state (singleton, device_id) VALUES (1, ?1) ON CONFLICT DO NOTHING",
        [uuid::Uuid::now_v7().to_string()],
    )?;
    Ok(())
}

impl Store {
    /// This device's stable id (made when the database was created).
    pub fn device_id(&self) -> Result<String, StoreError> {
        Ok(self
            .read()
            .query_row("SELECT device_id FROM sync_state", [], |r| r.get(0))?)
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", BUSY_TIMEOUT_MS)?;
    Ok(())
}

#[cfg(test)]
mod tests;
