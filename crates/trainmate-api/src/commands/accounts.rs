//! Sign-up, sign-in, passwords, consent.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The two kinds of account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    Trainer,
    Member,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInArgs {
    pub email: String,
    pub password: String,
    /// Trainers only: the session survives closing the app until it expires.
    #[serde(default)]
    pub keep_signed_in: bool,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: Uuid,
    pub user_type: UserType,
    pub name: String,
    pub email: String,
    /// A member added by a trainer gives their consent at first sign-in.
    pub needs_consent: bool,
}

/// The three sign-up steps in one call (the UI collects them step by step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpArgs {
    /// Step 1: required.
    pub accept_terms: bool,
    /// Step 1: required.
    pub accept_privacy: bool,
    /// Step 1: optional.
    #[serde(default)]
    pub accept_marketing: bool,
    /// Step 2.
    pub user_type: UserType,
    pub name: String,
    pub email: String,
    /// Step 3.
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpReply {
    /// The new account, signed in.
    pub me: Me,
    /// Trainers only: shown once, stored only as a hash; resets the password offline.
    pub recovery_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordArgs {
    pub current_password: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetWithRecoveryCodeArgs {
    pub email: String,
    pub recovery_code: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodeReply {
    /// The next one-time code (the used one no longer works).
    pub recovery_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentArgs {
    pub accept_terms: bool,
    pub accept_privacy: bool,
    #[serde(default)]
    pub accept_marketing: bool,
}
