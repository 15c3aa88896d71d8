//! Where a user's profile photo file is (photos are local files, never synced).

use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

pub fn photo_file(conn: &Connection, user_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT photo_file FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?
        .flatten())
}

pub fn set_photo_file(
    conn: &Connection,
    user_id: &str,
    file: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE users SET photo_file = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![user_id, file, now])?;
    Ok(())
}
