//! The typed contract between the UI (wasm) and the Rust side (native).
//!
//! Every command is a marker type implementing [`Command`]: its name on the wire, its argument and
//! its reply. The shell registers a one-line Tauri command per marker and the UI calls
//! [`ipc::call`] with the same marker, so a renamed field or command breaks the build, not the app.
//! Errors are [`ApiError`] with a stable `code` the UI maps to a localized message.

mod error;
pub use error::{ApiError, FieldError, Rule};

pub mod commands;
pub use commands::*;

pub mod ipc;

pub mod sync;

use serde::{de::DeserializeOwned, Serialize};

/// One command of the contract. Implemented by zero-sized marker types in [`commands`].
pub trait Command {
    /// The name the shell registers and the UI invokes.
    const NAME: &'static str;
    /// The single argument, sent as `{"args": …}`.
    type Args: Serialize + DeserializeOwned;
    /// What a successful call answers.
    type Reply: Serialize + DeserializeOwned;
}
