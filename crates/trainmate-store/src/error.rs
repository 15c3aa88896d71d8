/// A failure of the device database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("could not migrate the database: {0}")]
    Migration(#[from] refinery::Error),
    #[error("database integrity check failed: {0}")]
    Integrity(String),
    #[error("database holds an impossible value: {0}")]
    Corrupt(&'static str),
}
