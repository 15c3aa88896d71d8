//! TrainMate's screens. Pages take plain data and callbacks; the root wires those callbacks to
//! the typed IPC client, so every page can be tested in a browser without the app. State lives in
//! a reducer store ([`store`]) provided by context; strings come from Fluent ([`i18n`]).

pub mod components;
pub mod hooks;
pub mod i18n;
pub mod instrument;
pub mod pages;
mod root;
pub mod screens;
pub mod store;

pub use root::Root;

/// Mounts the app on the document body.
pub fn start() {
    yew::Renderer::<Root>::new().render();
}
