//! Users, sessions and sign-in failures.

use rusqlite::{named_params, Connection, OptionalExtension, Row};

use crate::StoreError;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub user_type: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub birth_date: Option<String>,
    pub password_hash: Option<String>,
    pub trainer_id: Option<String>,
    pub terms_consent_at: Option<i64>,
    pub privacy_consent_at: Option<i64>,
    pub marketing_consent_at: Option<i64>,
    /// A profile photo is stored in the data directory (photos are local, never synced).
    pub has_photo: bool,
}

const USER_COLUMNS: &str = "id, user_type, name, email, phone, birth_date, password_hash, \
                            trainer_id, terms_consent_at, privacy_consent_at, \
                            marketing_consent_at, photo_file IS NOT NULL";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: row.get(0)?,
        user_type: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        phone: row.get(4)?,
        birth_date: row.get(5)?,
        password_hash: row.get(6)?,
        trainer_id: row.get(7)?,
        terms_consent_at: row.get(8)?,
        privacy_consent_at: row.get(9)?,
        marketing_consent_at: row.get(10)?,
        has_photo: row.get(11)?,
    })
}

pub fn user_by_email_key(
    conn: &Connection,
    email_key: &str,
) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email_key = ?1 AND _cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([email_key], user_from_row)
        .optional()?)
}

pub fn user_by_id(conn: &Connection, id: &str) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND _cl % 2 = 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], user_from_row)
        .optional()?)
}

/// Whether any account — a deleted one too, since the unique index covers every row — uses
/// `email_key`.
pub fn email_taken(conn: &Connection, email_key: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE email_key = ?1")?
        .query_row([email_key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A new account.
pub struct NewUser<'a> {
    pub id: &'a str,
    pub user_type: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub recovery_code_hash: Option<&'a str>,
    pub trainer_id: Option<&'a str>,
    pub terms_consent_at: Option<i64>,
    pub privacy_consent_at: Option<i64>,
    pub marketing_consent_at: Option<i64>,
    pub now: i64,
}

pub fn insert_user(conn: &Connection, user: &NewUser<'_>) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO users (id, user_type, name, email, email_key, phone, password_hash,
             recovery_code_hash, trainer_id, terms_consent_at, privacy_consent_at,
             marketing_consent_at, created_at, updated_at)
         VALUES (:id, :user_type, :name, :email, :email_key, :phone, :password_hash,
             :recovery_code_hash, :trainer_id, :terms, :privacy, :marketing, :now, :now)",
    )?
    .execute(named_params! {
        ":id": user.id,
        ":user_type": user.user_type,
        ":name": user.name,
        ":email": user.email,
        ":email_key": user.email_key,
        ":phone": user.phone,
        ":password_hash": user.password_hash,
        ":recovery_code_hash": user.recovery_code_hash,
        ":trainer_id": user.trainer_id,
        ":terms": user.terms_consent_at,
        ":privacy": user.privacy_consent_at,
        ":marketing": user.marketing_consent_at,
        ":now": user.now,
    })?;
    Ok(())
}

/// Sets a user's password hash (`None`: the account cannot sign in).
pub fn set_password_hash(
    conn: &Connection,
    id: &str,
    password_hash: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, password_hash, now])?;
    Ok(())
}

/// The hash of a trainer's one-time recovery code. Device-only: it is not part of the synced
/// columns, so it never leaves this device.
pub fn recovery_code_hash(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT recovery_code_hash FROM users WHERE id = ?1 AND _cl % 2 = 1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Replaces the recovery code hash. Not a synced column, so `updated_at` is left alone.
pub fn set_recovery_code_hash(
    conn: &Connection,
    id: &str,
    recovery_code_hash: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE users SET recovery_code_hash = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![id, recovery_code_hash])?;
    Ok(())
}

/// The three consent times (UTC ms; `None`: not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consents {
    pub terms_at: Option<i64>,
    pub privacy_at: Option<i64>,
    pub marketing_at: Option<i64>,
}

pub fn set_consents(
    conn: &Connection,
    id: &str,
    consents: Consents,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE users SET terms_consent_at = ?2, privacy_consent_at = ?3,
             marketing_consent_at = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(rusqlite::params![
        id,
        consents.terms_at,
        consents.privacy_at,
        consents.marketing_at,
        now
    ])?;
    Ok(())
}

/// The profile fields a user (or their trainer) edits.
pub struct ProfileFields<'a> {
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub birth_date: Option<&'a str>,
}

pub fn update_profile(
    conn: &Connection,
    id: &str,
    fields: &ProfileFields<'_>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE users SET name = ?2, phone = ?3, birth_date = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(rusqlite::params![
        id,
        fields.name,
        fields.phone,
        fields.birth_date,
        now
    ])?;
    Ok(())
}

/// Failed sign-ins recorded for an email: `(failures, last_failure_at)`.
pub fn sign_in_failures(
    conn: &Connection,
    email_key: &str,
) -> Result<Option<(u32, i64)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE email_key = ?1",
        )?
        .query_row([email_key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn record_sign_in_failure(
    conn: &Connection,
    email_key: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sign_in_failures (email_key, failures, last_failure_at) VALUES (?1, 1, ?2)
         ON CONFLICT (email_key) DO UPDATE SET failures = failures + 1, last_failure_at = ?2",
    )?
    .execute(rusqlite::params![email_key, now])?;
    Ok(())
}

pub fn clear_sign_in_failures(conn: &Connection, email_key: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM sign_in_failures WHERE email_key = ?1")?
        .execute([email_key])?;
    Ok(())
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub expires_at: i64,
    pub idle_timeout_ms: Option<i64>,
}

pub fn insert_session(
    conn: &Connection,
    session: &SessionRow,
    survives_restart: bool,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sessions (id, user_id, created_at, expires_at, idle_timeout_ms,
             survives_restart) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        session.id,
        session.user_id,
        now,
        session.expires_at,
        session.idle_timeout_ms,
        survives_restart
    ])?;
    Ok(())
}

/// The most recent session that survives restarts and has not expired or ended.
pub fn resumable_session(conn: &Connection, now: i64) -> Result<Option<SessionRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, user_id, expires_at, idle_timeout_ms FROM sessions
             WHERE survives_restart = 1 AND ended_at IS NULL AND expires_at > ?1
             ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row([now], |r| {
            Ok(SessionRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                expires_at: r.get(2)?,
                idle_timeout_ms: r.get(3)?,
            })
        })
        .optional()?)
}

pub fn end_session(conn: &Connection, id: &str, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sessions SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL")?
        .execute(rusqlite::params![id, now])?;
    Ok(())
}

/// Ends every open session of `user_id` except `keep` (after a password change or reset).
pub fn end_user_sessions(
    conn: &Connection,
    user_id: &str,
    keep: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sessions SET ended_at = ?3
         WHERE user_id = ?1 AND ended_at IS NULL AND id IS NOT ?2",
    )?
    .execute(rusqlite::params![user_id, keep, now])?;
    Ok(())
}

/// The ids of a trainer's assigned members.
pub fn member_ids_of(conn: &Connection, trainer_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM users WHERE trainer_id = ?1 AND user_type = 'member' AND _cl % 2 = 1",
    )?;
    let rows = statement.query_map([trainer_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
