//! A trainer's members: add, find, assign, release, list, reset a password.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::UserType;

/// Names a user (a member, or the trainer themselves where a command allows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRef {
    pub member_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddMemberArgs {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Only when the member will sign in on this device; they give consent at first sign-in.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub password_confirmation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchArgs {
    pub query: String,
}

/// What a trainer may see of a member who is not theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnassignedMember {
    pub member_id: Uuid,
    pub name: String,
    pub email: String,
}

/// One row of the member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub member_id: Uuid,
    pub user_type: UserType,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub has_photo: bool,
    /// Local date of the latest day with at least one set.
    pub last_session: Option<String>,
    /// The trainer's own row (listed first).
    pub is_self: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetMemberPasswordArgs {
    pub member_id: Uuid,
    pub password: String,
    pub password_confirmation: String,
}
