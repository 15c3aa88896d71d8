//! TrainMate's screens. Pages take plain data and callbacks; the root wires those callbacks to
//! the typed IPC client, so every page can be tested in a browser without the app.

pub mod pages;
mod root;

pub use root::Root;

/// Mounts the app on the document body.
pub fn start() {
    yew::Renderer::<Root>::new().render();
}
