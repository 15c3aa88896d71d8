//! Screens. Each takes plain data and callbacks; the root wires the callbacks to IPC.

pub mod consent;
pub mod history;
pub mod home;
pub mod logger;
pub mod member;
pub mod members;
pub mod recovery;
pub mod settings;
pub mod shell;
pub mod sign_in;
pub mod sign_up;
pub mod sync;
pub mod welcome;
