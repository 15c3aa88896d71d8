//! The one place every command's authorization goes through.
//!
//! The rules themselves are data in `trainmate_core::authz`; this module works out the caller's
//! relation to the owner of the data from the database and applies them. Any refused access by
//! id answers `not_found`, exactly like an id that does not exist; `forbidden` is only for
//! role-level actions without a target.

use rusqlite::Connection;
use trainmate_api::ApiError;
use trainmate_core::authz::{decide, Action, Relation, Role};
use trainmate_store::accounts::{self as store, UserRow};

use crate::internal;

/// The signed-in user, as authorization sees them.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: String,
    pub role: Role,
    /// A member's trainer; `None` for trainers and unassigned members.
    pub trainer_id: Option<String>,
}

impl Caller {
    pub fn from_row(row: &UserRow) -> Caller {
        Caller {
            id: row.id.clone(),
            role: if row.user_type == "trainer" {
                Role::Trainer
            } else {
                Role::Member
            },
            trainer_id: row.trainer_id.clone(),
        }
    }

    pub fn is_trainer(&self) -> bool {
        self.role == Role::Trainer
    }

    /// The trainer whose scope the caller's own data belongs to (sync capture, custom exercises).
    pub fn scope_trainer(&self) -> Option<&str> {
        if self.is_trainer() {
            Some(&self.id)
        } else {
            self.trainer_id.as_deref()
        }
    }
}

/// How `caller` relates to `owner` (a user row that exists).
pub fn relation(caller: &Caller, owner: &UserRow) -> Relation {
    let owner_is_member = owner.user_type == "member";
    if owner.id == caller.id {
        return Relation::SelfUser;
    }
    match caller.role {
        Role::Trainer => match owner.trainer_id.as_deref() {
            Some(t) if owner_is_member && t == caller.id => Relation::MyAssignedMember,
            None if owner_is_member => Relation::UnassignedMember,
            _ => Relation::Other,
        },
        Role::Member => {
            if caller.trainer_id.as_deref() == Some(owner.id.as_str()) {
                Relation::MyTrainer
            } else if owner_is_member
                && owner.trainer_id.is_some()
                && owner.trainer_id == caller.trainer_id
            {
                Relation::FellowMember
            } else if owner_is_member && owner.trainer_id.is_none() {
                Relation::UnassignedMember
            } else {
                Relation::Other
            }
        }
    }
}

/// Loads the owner and checks `action` on their data; refused or missing → `not_found`.
pub fn require(
    conn: &Connection,
    caller: &Caller,
    owner_id: &str,
    action: Action,
) -> Result<UserRow, ApiError> {
    let owner = store::user_by_id(conn, owner_id)
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    if decide(caller.role, relation(caller, &owner), action).is_allowed() {
        Ok(owner)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Role-level check for actions without a target (a member calling a trainer-only command).
pub fn require_role(caller: &Caller, needed: Role) -> Result<(), ApiError> {
    trainmate_core::authz::require_role(caller.role, needed).map_err(|_| ApiError::Forbidden)
}

impl crate::App {
    /// The signed-in user as a [`Caller`]; `unauthenticated` when no one is.
    pub(crate) fn caller(&self) -> Result<Caller, ApiError> {
        self.signed_in().map(|row| Caller::from_row(&row))
    }
}
