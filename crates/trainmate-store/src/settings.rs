//! Per-user preferences (local to the device, never synced).

use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// The stored codes: language (`ko`, `en`), units (`kg`, `lb`), theme (`light`, `dark`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsRow {
    pub language: String,
    pub units: String,
    pub theme: String,
}

/// The user's settings, or `None` when they never changed any.
pub fn get(conn: &Connection, user_id: &str) -> Result<Option<SettingsRow>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT language, units, theme FROM user_settings WHERE user_id = ?1")?
        .query_row([user_id], |r| {
            Ok(SettingsRow {
                language: r.get(0)?,
                units: r.get(1)?,
                theme: r.get(2)?,
            })
        })
        .optional()?)
}

pub fn put(conn: &Connection, user_id: &str, settings: &SettingsRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO user_settings (user_id, language, units, theme) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET
             language = excluded.language, units = excluded.units, theme = excluded.theme",
    )?
    .execute(params![
        user_id,
        settings.language,
        settings.units,
        settings.theme
    ])?;
    Ok(())
}
