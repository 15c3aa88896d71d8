//! Every command of the contract, with its argument and reply types.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Command;

/// Declares marker types and the list of every command name, so the list cannot drift.
macro_rules! commands {
    ($( $(#[$doc:meta])* $marker:ident = $name:literal ($args:ty) -> $reply:ty; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub enum $marker {}
            impl Command for $marker {
                const NAME: &'static str = $name;
                type Args = $args;
                type Reply = $reply;
            }
        )*
        /// The name of every command in the contract; the shell must register each.
        pub const ALL_COMMANDS: &[&str] = &[$($name),*];
    };
}

commands! {
    /// Version, schema and where the data lives (settings → data; the sign-in footer).
    AppInfo = "app_info" (NoArgs) -> AppInfoReply;
    /// Signs in with email and password; failures back off per email.
    SignIn = "sign_in" (SignInArgs) -> Me;
    /// Ends the current session.
    SignOut = "sign_out" (NoArgs) -> ();
    /// Who is signed in, if anyone (a kept trainer session survives restarts).
    CurrentUser = "current_user" (NoArgs) -> Option<Me>;
}

/// The argument of commands that take none (`{}` on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoArgs {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfoReply {
    pub version: String,
    /// Highest applied migration.
    pub schema_version: u32,
    /// Directory holding the database, photos and the web view's own data.
    pub data_dir: String,
}

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
