//! Screens wired to IPC, one module per area: each loads what its page shows through the typed
//! client, runs the commands behind the page's callbacks and reloads what they changed. The
//! presentational pages they render live in `pages` and are tested without the app.

pub mod history;
pub mod logger;
pub mod member;
