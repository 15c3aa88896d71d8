//! A trainer's members: the member list, the unassigned-member search, assigning and releasing.
//! The rows are `users` rows; this module holds the queries about the trainer–member link.

use rusqlite::{params, Connection};

use crate::StoreError;

/// One row of a trainer's member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberListRow {
    pub id: String,
    pub user_type: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub has_photo: bool,
    /// The latest local date with at least one set.
    pub last_session: Option<String>,
    pub is_self: bool,
}

/// The trainer's own row first, then their assigned members by name (ties by id). The last session
/// comes from the maintained day totals (a day with no sets is not a session).
pub fn member_list(conn: &Connection, trainer_id: &str) -> Result<Vec<MemberListRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.user_type, u.name, u.email, u.phone, u.photo_file IS NOT NULL,
             (SELECT MAX(t.workout_date) FROM daily_workout_totals t
              WHERE t.member_id = u.id AND t.sets > 0),
             u.id = ?1 AS is_self
         FROM users u
         WHERE u._cl % 2 = 1
           AND (u.id = ?1 OR (u.trainer_id = ?1 AND u.user_type = 'member'))
         ORDER BY is_self DESC, u.name, u.id",
    )?;
    let rows = statement.query_map([trainer_id], |r| {
        Ok(MemberListRow {
            id: r.get(0)?,
            user_type: r.get(1)?,
            name: r.get(2)?,
            email: r.get(3)?,
            phone: r.get(4)?,
            has_photo: r.get(5)?,
            last_session: r.get(6)?,
            is_self: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An unassigned member as the search sees them: name and email, plus the lower-cased email key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignedRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub email_key: String,
}

/// Every member without a trainer, by name (ties by id). The caller filters: SQLite's `LIKE` and
/// `lower()` fold ASCII only, and names are Korean, Latin and more. A device holds a studio's
/// members (hundreds), so this stays well inside a keystroke's budget.
pub fn unassigned_members(conn: &Connection) -> Result<Vec<UnassignedRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, email, email_key FROM users
         WHERE user_type = 'member' AND trainer_id IS NULL AND _cl % 2 = 1
         ORDER BY name, id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(UnassignedRow {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            email_key: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sets (or with `None` clears) a member's trainer.
pub fn set_trainer(
    conn: &Connection,
    member_id: &str,
    trainer_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE users SET trainer_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![member_id, trainer_id, now])?;
    Ok(())
}

/// The latest local date with at least one set for `member_id`.
pub fn last_session(conn: &Connection, member_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT MAX(workout_date) FROM daily_workout_totals WHERE member_id = ?1 AND sets > 0",
        )?
        .query_row([member_id], |r| r.get(0))?)
}
