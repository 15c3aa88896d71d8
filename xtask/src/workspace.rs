//! Where things are: the repository root, the target directory, the app binary.

use std::path::PathBuf;
use std::sync::OnceLock;

/// How an xtask hands the checkout to the xtasks it starts (see [`settle_environment`]).
const ROOT_VAR: &str = "TRAINMATE_XTASK_ROOT";

/// The checkout being worked on.
pub fn root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        if let Some(root) = std::env::var_os(ROOT_VAR) {
            return PathBuf::from(root);
        }
        // `cargo run` sets CARGO_MANIFEST_DIR for the process: this checkout's xtask folder.
        // The path compiled in is the checkout that built this binary, which with a
        // CARGO_TARGET_DIR shared between clones (CI keeps one) may be another clone, or one
        // since deleted.
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
            .parent()
            .expect("xtask lives one level below the root")
            .to_owned()
    })
    .clone()
}

/// First thing in `main`, before any thread: takes the checkout's path out of the environment
/// every command inherits. Cargo re-runs a build script when a variable it declared changes in
/// cargo's own environment, and `ring`'s declares CARGO_MANIFEST_DIR, which `cargo run` had set
/// to this checkout's xtask folder: each new clone path rebuilt `ring` and every crate above it
/// (rustls, reqwest, the server, the sync layer — about 5 minutes of a warm CI run). Xtasks
/// started by this one find the checkout in [`ROOT_VAR`] instead.
pub fn settle_environment() {
    let root = root();
    std::env::set_var(ROOT_VAR, root);
    std::env::remove_var("CARGO_MANIFEST_DIR");
    std::env::remove_var("CARGO_MANIFEST_PATH");
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// `~/.cargo/bin`, where `cargo install` puts tools.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// The `wasm-bindgen` version pinned in Cargo.lock; trunk and the test runner must match it.
pub fn locked_wasm_bindgen() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|v| v.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    anyhow::bail!("Cargo.lock has no wasm-bindgen entry")
}
