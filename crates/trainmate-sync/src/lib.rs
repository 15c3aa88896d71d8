//! TrainMate's device sync (sync.md "The sync job"): [`client`] speaks the server's HTTP/JSON
//! contract (`trainmate_api::sync`), [`engine`] runs push-then-pull rounds of each linked trainer
//! scope over `trainmate-app`'s sync methods, and [`job`] is the tokio task the shell starts.
//!
//! Invariant: nothing here deletes local rows or outbox records; errors stop a round and are
//! recorded for the status.

pub mod client;
pub mod engine;
pub mod job;

pub use client::{Client, SyncError};
pub use engine::{Engine, Round};
pub use job::SyncService;
