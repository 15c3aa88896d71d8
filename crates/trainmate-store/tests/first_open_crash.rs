//! A brand-new database killed (SIGKILL) while its first migrations run: the next open must
//! still succeed and end at the latest schema. Found by the sync crash test, which had to create
//! its database before killing: a half-migrated file answered "table exercises already exists"
//! for ever after.
//!
//! The test re-executes its own binary as the child (`first_open_child`, which does nothing
//! unless `TRAINMATE_FIRST_OPEN_CHILD` names a database path) and kills it after a delay spread
//! over the time a first open takes, from a seeded generator so a failure can be replayed.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use trainmate_store::Store;

const CHILD_ENV: &str = "TRAINMATE_FIRST_OPEN_CHILD";
const KILLS: u64 = 30;

#[test]
fn first_open_child() {
    let Some(path) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    Store::open(&path).expect("the child opens the database");
}

fn spawn_child(path: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "first_open_child", "--nocapture"])
        .env(CHILD_ENV, path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killed_during_the_first_migrations_the_database_still_opens() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    // How long a whole first open takes here: the kills spread over it.
    let probe = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let status = spawn_child(&probe.path().join("probe.sqlite3"))
        .wait()
        .unwrap();
    assert!(status.success());
    let full = started.elapsed().max(Duration::from_millis(20));
    let latest = Store::open(&probe.path().join("probe.sqlite3"))
        .unwrap()
        .schema_version()
        .unwrap();

    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for kill in 0..KILLS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (full.as_micros() as u64));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trainmate.sqlite3");
        let mut child = spawn_child(&path);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let store = Store::open(&path).unwrap_or_else(|e| {
            panic!("kill {kill} after {delay:?}: the database no longer opens: {e}")
        });
        assert_eq!(store.schema_version().unwrap(), latest, "kill {kill}");
        store.integrity_check().unwrap();
    }
}
