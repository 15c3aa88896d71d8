//! TrainMate's use cases. Each command is a method on [`App`] that authorizes, validates, runs one
//! transaction and answers a reply or an [`ApiError`]. No Tauri here: the shell's commands are
//! one-line calls into this crate, and every command is tested on a temporary database.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use trainmate_api::{ApiError, AppInfoReply, NoArgs};
use trainmate_store::{Store, StoreError};

pub mod accounts;
pub mod authz;
mod backoff;
pub mod capture;
pub mod catalog;
pub mod clock;
pub mod dispatch;
pub mod members;
pub mod passwords;
pub mod photos;
pub mod profiles;
mod session;
pub mod settings;
pub mod sync;
pub mod sync_commands;
mod validation;
pub mod workouts;

pub use clock::{Clock, ManualClock, SystemClock};
pub use dispatch::Execute;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "trainmate.sqlite3";

/// The running application: its database and where its data lives.
pub struct App {
    store: Store,
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    catalog: catalog::Catalog,
    session: Mutex<Option<session::ActiveSession>>,
    /// The network half of sync, when the shell installed it.
    gateway: Mutex<Option<Arc<dyn sync_commands::SyncGateway>>>,
    /// Pull pages that wrote rows since the app opened (`SyncStatusReply::pulled_version`).
    pulled: std::sync::atomic::AtomicU64,
}

/// Why the app could not start.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not open the database in {path}: {source}")]
    Database { path: PathBuf, source: StoreError },
}

impl App {
    /// Opens (creating and migrating if needed) the app's data in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<App, OpenError> {
        App::open_with_clock(data_dir, Arc::new(SystemClock))
    }

    /// Opens with an injected clock; a kept trainer session that has not expired is resumed.
    pub fn open_with_clock(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<App, OpenError> {
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let db_path = data_dir.join(DATABASE_FILE);
        let store = Store::open(&db_path).map_err(|source| OpenError::Database {
            path: db_path,
            source,
        })?;
        let resumed = store
            .read_with(|conn| trainmate_store::accounts::resumable_session(conn, clock.now_ms()))
            .map_err(|source| OpenError::Database {
                path: data_dir.join(DATABASE_FILE),
                source,
            })?;
        let catalog =
            store
                .read_with(catalog::Catalog::load)
                .map_err(|source| OpenError::Database {
                    path: data_dir.join(DATABASE_FILE),
                    source,
                })?;
        Ok(App {
            catalog,
            store,
            data_dir: data_dir.to_owned(),
            clock,
            session: Mutex::new(resumed),
            gateway: Mutex::new(None),
            pulled: std::sync::atomic::AtomicU64::new(0),
        })
    }

    fn lock_session(&self) -> MutexGuard<'_, Option<session::ActiveSession>> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Nothing to do here: start-up timing is the shell's (it knows when the process started).
    pub fn ui_ready(&self, _args: NoArgs) -> Result<(), ApiError> {
        Ok(())
    }

    pub fn app_info(&self, _args: NoArgs) -> Result<AppInfoReply, ApiError> {
        Ok(AppInfoReply {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version: self.store.schema_version().map_err(internal)?,
            data_dir: self.data_dir.display().to_string(),
        })
    }
}

/// A command's failure inside a transaction: lets `?` work on storage errors (logged, answered
/// `internal`) and on contract errors alike, and rolls the transaction back.
pub(crate) struct Failure(pub ApiError);

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure(internal(error))
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure(error)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure(internal(StoreError::from(error)))
    }
}

impl App {
    /// Runs `work` on the reader connection.
    pub(crate) fn read<T>(
        &self,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, Failure>,
    ) -> Result<T, ApiError> {
        self.store.read_with(work).map_err(|f| f.0)
    }

    /// Runs `work` in one write transaction; any error rolls everything back.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Failure>,
    ) -> Result<T, ApiError> {
        capture::take_recorded();
        let value = self.store.write_with(work).map_err(|f| f.0)?;
        // A committed transaction that wrote outbox records wakes the sync job.
        if capture::take_recorded() {
            self.notify_commit();
        }
        Ok(value)
    }
}

impl App {
    /// [`App::write`] for the sync layer's own transactions: commands waiting for the writer
    /// go first (`trainmate_store::Store::write_background_with`), and they do not count as
    /// someone using the app ([`App::sync_user_active`]); `durable: false` for work the server
    /// can give again (a pulled page).
    pub(crate) fn write_background<T>(
        &self,
        durable: bool,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Failure>,
    ) -> Result<T, ApiError> {
        capture::take_recorded();
        let value = self
            .store
            .write_background_with(durable, work)
            .map_err(|f| f.0)?;
        if capture::take_recorded() {
            self.notify_commit();
        }
        Ok(value)
    }
}

/// Storage failures are logged here and answered as `internal`: their text is for the log, not
/// for the screen.
pub(crate) fn internal(error: StoreError) -> ApiError {
    log::error!("{error}");
    ApiError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_info_reports_the_data_directory_and_applied_schema() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("nested").join("data");
        let app = App::open(&data_dir).unwrap();
        let info = app.app_info(NoArgs {}).unwrap();
        assert_eq!(info.data_dir, data_dir.display().to_string());
        assert!(data_dir.join(DATABASE_FILE).is_file());
        let migrations =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    name.strip_prefix('V')?
                        .split("__")
                        .next()?
                        .parse::<u32>()
                        .ok()
                })
                .max()
                .unwrap();
        assert_eq!(info.schema_version, migrations);
    }

    #[test]
    fn open_reports_an_unusable_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let error = App::open(&file.join("data")).err().unwrap();
        assert!(matches!(error, OpenError::DataDir { .. }), "{error}");
    }
}
