//! The harness: the real sync server (trainmate-server on a SQLite file) on 127.0.0.1, and
//! devices that are real apps on their own data directories, each with its sync engine. The
//! oracles (table dumps, the totals recomputed by the app tests' own SQL) do not use the code
//! under test.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use rusqlite::Connection;
use trainmate_app::{App, ManualClock};
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::{AppState, Running};
use trainmate_sync::Engine;

#[path = "../../../trainmate-app/tests/support/mod.rs"]
pub mod support;

pub mod proxy;

pub use support::*;

/// The server's clock: its base clock (the wall clock unless a test gives one) plus an offset a
/// test may move (the server's time is what the grace window of refresh tokens and the
/// clock-skew report are measured against).
struct ServerClock {
    base: Arc<dyn trainmate_server::Clock>,
    offset: Arc<AtomicI64>,
}

impl trainmate_server::Clock for ServerClock {
    fn now_ms(&self) -> i64 {
        self.base.now_ms() + self.offset.load(Ordering::SeqCst)
    }
}

/// The real wall clock.
pub struct WallClock;

impl trainmate_server::Clock for WallClock {
    fn now_ms(&self) -> i64 {
        wall_ms()
    }
}

/// The real wall clock in milliseconds.
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// A server clock that stands still (tests whose outcome must not depend on the wall clock:
/// every stamp the devices see is then a function of the script alone).
pub struct FixedClock(pub i64);

impl trainmate_server::Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0
    }
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub base: String,
    pub port: u16,
    /// Added to the wall clock for the server's time ([`Server::advance_ms`]).
    offset: Arc<AtomicI64>,
    running: Option<Running>,
    clock: Arc<dyn trainmate_server::Clock>,
}

impl Server {
    pub async fn start() -> Server {
        Server::start_with_clock(Arc::new(WallClock)).await
    }

    pub async fn start_with_clock(clock: Arc<dyn trainmate_server::Clock>) -> Server {
        let mut server = Server {
            dir: tempfile::tempdir().expect("temp dir"),
            base: String::new(),
            port: 0,
            offset: Arc::new(AtomicI64::new(0)),
            running: None,
            clock,
        };
        server.run().await;
        server
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("server.db")
    }

    async fn run(&mut self) {
        let path = self.db_path();
        let store = tokio::task::spawn_blocking(move || SqliteStorage::open(&path))
            .await
            .expect("join")
            .expect("server database opens");
        let clock = Arc::new(ServerClock {
            base: self.clock.clone(),
            offset: self.offset.clone(),
        });
        let state = AppState::new(store, None, clock, None).expect("state");
        let listen = format!("127.0.0.1:{}", self.port);
        let running = trainmate_server::start(state, &listen)
            .await
            .expect("listens");
        self.port = running.addr.port();
        self.base = format!("http://{}", running.addr);
        self.running = Some(running);
    }

    /// Moves the server's clock forward (e.g. past the refresh tokens' grace window).
    pub fn advance_ms(&self, ms: i64) {
        self.offset.fetch_add(ms, Ordering::SeqCst);
    }

    /// The server's time now.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms() + self.offset.load(Ordering::SeqCst)
    }

    /// Stops the server: devices see a refused connection (offline). Returns once the server's
    /// database files are closed, so a test may copy or replace them (a connection that closes
    /// later would checkpoint into, or delete the -wal of, whatever is there by then).
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.database_open() {
            assert!(
                std::time::Instant::now() < deadline,
                "the stopped server still holds its database after 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// A backup: the server's database files copied while it is stopped; it runs again after.
    pub async fn backup(&mut self) -> tempfile::TempDir {
        self.stop().await;
        let backup = tempfile::tempdir().expect("temp dir");
        for entry in std::fs::read_dir(self.dir.path()).expect("server dir") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), backup.path().join(entry.file_name())).expect("copy");
        }
        self.resume().await;
        backup
    }

    /// Restores `backup` over the server's database files and starts it again.
    pub async fn restore(&mut self, backup: &tempfile::TempDir) {
        self.stop().await;
        for entry in std::fs::read_dir(self.dir.path()).expect("server dir") {
            std::fs::remove_file(entry.expect("entry").path()).expect("remove");
        }
        for entry in std::fs::read_dir(backup.path()).expect("backup dir") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), self.dir.path().join(entry.file_name())).expect("copy");
        }
        self.resume().await;
    }

    /// Whether this process has one of the server's database files open.
    fn database_open(&self) -> bool {
        let Ok(fds) = std::fs::read_dir("/proc/self/fd") else {
            return false;
        };
        fds.flatten().any(|fd| {
            std::fs::read_link(fd.path())
                .map(|target| target.starts_with(self.dir.path()))
                .unwrap_or(false)
        })
    }

    /// Starts it again on the same port and database.
    pub async fn resume(&mut self) {
        self.run().await;
    }
}

/// A device: a real app on its own data directory and its sync engine.
pub struct Device {
    pub dir: tempfile::TempDir,
    pub clock: ManualClock,
    pub app: Arc<App>,
    pub engine: Engine,
}

impl Device {
    pub fn new(name: &str) -> Device {
        let dir = tempfile::tempdir().expect("temp dir");
        // 2026-03-02 00:00 UTC: the day the studio logs.
        let clock = ManualClock::at(1_772_409_600_000);
        let app =
            Arc::new(App::open_with_clock(dir.path(), Arc::new(clock.clone())).expect("app opens"));
        let engine = Engine::new(app.clone(), name);
        Device {
            dir,
            clock,
            app,
            engine,
        }
    }

    /// A device on an existing data directory.
    pub fn at(dir: tempfile::TempDir, name: &str) -> Device {
        let clock = ManualClock::at(1_772_409_600_000);
        let app =
            Arc::new(App::open_with_clock(dir.path(), Arc::new(clock.clone())).expect("app opens"));
        let engine = Engine::new(app.clone(), name);
        Device {
            dir,
            clock,
            app,
            engine,
        }
    }

    /// The same data directory opened again (a restart: the in-memory access token is gone).
    pub fn restart(self, name: &str) -> Device {
        let Device {
            dir,
            clock,
            app,
            engine,
        } = self;
        drop(engine);
        drop(app);
        let app = Arc::new(
            App::open_with_clock(dir.path(), Arc::new(clock.clone())).expect("app reopens"),
        );
        let engine = Engine::new(app.clone(), name);
        Device {
            dir,
            clock,
            app,
            engine,
        }
    }

    /// Sets the device's wall clock (what its commands and its HLC read) to `ms`: the test hook
    /// for a device whose clock is off (the app takes its clock injected; `ManualClock` here).
    pub fn set_clock(&self, ms: i64) {
        use trainmate_app::Clock;
        self.clock.advance_ms(ms - self.clock.now_ms());
    }

    pub fn sql(&self) -> Connection {
        read_write(&db_path(self.dir.path()))
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.sql().query_row(sql, [], |r| r.get(0)).expect("count")
    }

    /// Every synced row (all synced columns, `_cl` included; `_row_seq` left out), per table,
    /// in id order: what two converged devices must agree on.
    pub fn dump(&self) -> Vec<String> {
        let conn = self.sql();
        let mut out = Vec::new();
        for (table, columns) in SYNCED_COLUMNS {
            let sql = format!(
                "SELECT id, {}, _cl FROM {table} ORDER BY id",
                columns.join(", ")
            );
            let mut statement = conn.prepare(&sql).expect("dump");
            let width = columns.len() + 2;
            let rows = statement
                .query_map([], |r| {
                    let values: Vec<String> = (0..width)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(format!("{table} {}", values.join(" | ")))
                })
                .expect("dump rows");
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    /// (outbox records, rows of every synced table): what "nothing deleted" compares.
    pub fn footprint(&self) -> (i64, Vec<String>) {
        (self.count("SELECT COUNT(*) FROM outbox"), self.dump())
    }
}

/// The synced columns, written out here from migrations V2 and V4 (not taken from the store).
pub const SYNCED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "users",
        &[
            "user_type",
            "name",
            "email",
            "email_key",
            "phone",
            "birth_date",
            "password_hash",
            "trainer_id",
            "terms_consent_at",
            "privacy_consent_at",
            "marketing_consent_at",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "body_metrics",
        &[
            "member_id",
            "measured_on",
            "height_mm",
            "weight_g",
            "body_fat_tenths",
            "skeletal_muscle_g",
            "created_by",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "custom_exercises",
        &[
            "trainer_id",
            "body_part",
            "equipment",
            "name_ko",
            "name_en",
            "measures",
            "load",
            "met_tenths",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "daily_workouts",
        &[
            "member_id",
            "workout_date",
            "recorded_by",
            "notes",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "workout_exercises",
        &[
            "workout_id",
            "member_id",
            "workout_date",
            "catalog_exercise_id",
            "custom_exercise_id",
            "order_key",
            "intensity",
            "notes",
            "recorded_by",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "exercise_sets",
        &[
            "workout_exercise_id",
            "order_key",
            "reps",
            "weight_g",
            "duration_s",
            "distance_m",
            "set_type",
            "notes",
            "recorded_by",
            "logged_at",
            "updated_at",
        ],
    ),
];

/// Links `coach`'s scope on `device` to `server` with the account's password: `create` makes
/// the server account (the first device), else signs in to it.
pub async fn link(device: &Device, server: &Server, coach: &User, create: bool) {
    device
        .engine
        .link(
            coach.id,
            &server.base,
            &coach.email,
            PASSWORD,
            "Coach",
            create,
        )
        .await
        .expect("the scope links");
}

/// A fresh device named `name` on which `coach` signs in with their sync server, as on a new
/// tablet's first screen: it pulls the trainer's whole scope.
pub async fn fresh_device(server: &Server, coach: &User, name: &str) -> Device {
    let device = Device::new(name);
    device
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .expect("the fresh device signs in");
    device
}

/// A trainer on `device` with one member and a logged session: three sets of push-ups.
pub fn studio(device: &Device) -> (User, User, uuid::Uuid) {
    let coach = trainer_in(&device.app, "Coach");
    let member = member_in(&device.app, &coach, "Mina");
    sign_in(&device.app, &coach);
    let we = add_exercise(
        &device.app,
        &member,
        "2026-03-02",
        trainmate_api::ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    for reps in [10, 9, 8] {
        log(&device.app, we, fields(Some(reps), Some(20_000), None));
    }
    (coach, member, we)
}

/// The server's current rows in [`Device::dump`]'s format, read from its database file with
/// plain SQL (`sync_rows.data` holds the synced columns as JSON).
pub fn server_dump(db: &std::path::Path) -> Vec<String> {
    let conn = read_write(db);
    let mut out = Vec::new();
    for (table, columns) in SYNCED_COLUMNS {
        let extracts: Vec<String> = columns
            .iter()
            .map(|c| format!("json_extract(data, '$.{c}')"))
            .collect();
        let sql = format!(
            "SELECT row_id, {}, cl FROM sync_rows WHERE table_name = ?1 ORDER BY row_id",
            extracts.join(", ")
        );
        let mut statement = conn.prepare(&sql).expect("server dump");
        let width = columns.len() + 2;
        let rows = statement
            .query_map([table], |r| {
                let values: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{table} {}", values.join(" | ")))
            })
            .expect("server dump rows");
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Gives a device a fixed id (before it links), so runs that must compare equal resolve
/// `(hlc, device id)` ties the same way.
pub fn set_device_id(device: &Device, id: uuid::Uuid) {
    device
        .sql()
        .execute("UPDATE sync_state SET device_id = ?1", [id.to_string()])
        .expect("device id");
}

/// Rows with the run-specific parts replaced: every UUIDv7 by its rank among the UUIDv7s of
/// the dump (creation order, so two runs that create the same rows in the same order name them
/// alike), e-mail addresses' UUIDs likewise, password hashes (random salts) masked; then ids
/// derived from other values (a day's id is a UUIDv5 of member and date) by the rank of their
/// row's canonical text.
pub fn canonical(dump: &[String]) -> Vec<String> {
    fn uuids(text: &str, out: &mut std::collections::BTreeSet<uuid::Uuid>) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i + 32 <= bytes.len() {
            let hyphenated = i + 36 <= bytes.len()
                && bytes[i + 8] == b'-'
                && text.is_char_boundary(i)
                && text.is_char_boundary(i + 36)
                && uuid::Uuid::try_parse(&text[i..i + 36]).is_ok();
            if hyphenated {
                out.insert(uuid::Uuid::try_parse(&text[i..i + 36]).unwrap());
                i += 36;
                continue;
            }
            let simple = text.is_char_boundary(i + 32)
                && text.is_char_boundary(i)
                && text[i..i + 32].bytes().all(|b| b.is_ascii_hexdigit())
                && uuid::Uuid::try_parse(&text[i..i + 32]).is_ok();
            if simple {
                out.insert(uuid::Uuid::try_parse(&text[i..i + 32]).unwrap());
                i += 32;
                continue;
            }
            i += 1;
        }
    }
    fn rename(row: &str, labels: &[(uuid::Uuid, String)]) -> String {
        let mut row = row.to_owned();
        for (id, label) in labels {
            row = row.replace(&id.hyphenated().to_string(), label);
            row = row.replace(&id.simple().to_string(), label);
        }
        while let Some(start) = row.find("Text(\"$argon2") {
            let end = row[start..]
                .find("\")")
                .map_or(row.len(), |e| start + e + 2);
            row.replace_range(start..end, "PASSWORD_HASH");
        }
        row
    }
    let mut ids = std::collections::BTreeSet::new();
    for row in dump {
        uuids(row, &mut ids);
    }
    let (v7, derived): (Vec<uuid::Uuid>, Vec<uuid::Uuid>) =
        ids.into_iter().partition(|id| id.get_version_num() == 7);
    let mut labels: Vec<(uuid::Uuid, String)> = v7
        .into_iter()
        .enumerate()
        .map(|(rank, id)| (id, format!("id#{rank}")))
        .collect();
    // A derived id is named by its own row (with the id itself left out).
    let mut keyed: Vec<(String, uuid::Uuid)> = derived
        .into_iter()
        .map(|id| {
            let text = id.hyphenated().to_string();
            let own = dump
                .iter()
                .find(|row| {
                    row.split(" | ")
                        .next()
                        .is_some_and(|first| first.contains(&text))
                })
                .map_or(String::new(), |row| {
                    rename(&row.replace(&text, ""), &labels)
                });
            (own, id)
        })
        .collect();
    keyed.sort();
    labels.extend(
        keyed
            .into_iter()
            .enumerate()
            .map(|(rank, (_, id))| (id, format!("derived#{rank}"))),
    );
    let mut out: Vec<String> = dump.iter().map(|row| rename(row, &labels)).collect();
    out.sort();
    out
}

/// Syncs `device`'s scope until a round succeeds (the sync job's retries, without the waits);
/// every failure on the way must be transient. Answers the round and the failures seen.
pub async fn sync_until_ok(
    device: &Device,
    trainer: uuid::Uuid,
) -> (trainmate_sync::Round, Vec<trainmate_sync::SyncError>) {
    let mut failures = Vec::new();
    for _ in 0..200 {
        match device.engine.sync_scope(trainer).await {
            Ok(round) => return (round, failures),
            Err(error) => {
                assert!(
                    error.is_transient(),
                    "only transient failures expected, got {error:?}"
                );
                failures.push(error);
            }
        }
    }
    panic!("no successful round in 200 attempts: {failures:?}");
}

/// Every change each device recorded reached the server exactly once, checked with plain SQL
/// on the server's file: per device, its outcomes are `device_seq` 1..=n (n = what the device
/// numbered, none twice) and its outbox is empty; the scope's sequence numbers are exactly
/// 1..=head (gapless, none given twice), and every row's seq is within it. Answers the head.
pub fn assert_exactly_once(db: &std::path::Path, devices: &[&Device], trainer: uuid::Uuid) -> i64 {
    let server = read_write(db);
    let trainer_text = trainer.to_string();
    let mut total = 0;
    for device in devices {
        let conn = device.sql();
        let device_id: String = conn
            .query_row("SELECT device_id FROM sync_state", [], |r| r.get(0))
            .unwrap();
        let numbered: i64 = conn
            .query_row(
                "SELECT next_device_seq - 1 FROM sync_scopes WHERE trainer_id = ?1",
                [&trainer_text],
                |r| r.get(0),
            )
            .unwrap();
        let pending: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE trainer_id = ?1",
                [&trainer_text],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(pending, 0, "device {device_id}: outbox acknowledged");
        let seqs: Vec<i64> = server
            .prepare(
                "SELECT co.device_seq FROM change_outcomes co JOIN devices d ON d.id = co.device
                 WHERE co.trainer_id = ?1 AND d.device_id = ?2 ORDER BY co.device_seq",
            )
            .unwrap()
            .query_map([&trainer_text, &device_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            seqs,
            (1..=numbered).collect::<Vec<_>>(),
            "device {device_id}: each of its changes has exactly one outcome"
        );
        total += numbered;
    }
    let outcomes: i64 = server
        .query_row(
            "SELECT COUNT(*) FROM change_outcomes WHERE trainer_id = ?1",
            [&trainer_text],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outcomes, total, "no outcome without a device change");
    let head: i64 = server
        .query_row(
            "SELECT head_seq FROM scopes WHERE trainer_id = ?1",
            [&trainer_text],
            |r| r.get(0),
        )
        .unwrap();
    let seqs: Vec<i64> = server
        .prepare(
            "SELECT seq FROM change_outcomes WHERE trainer_id = ?1 AND seq IS NOT NULL
             ORDER BY seq",
        )
        .unwrap()
        .query_map([&trainer_text], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        seqs,
        (1..=head).collect::<Vec<_>>(),
        "every seq given once, gapless"
    );
    let beyond: i64 = server
        .query_row(
            "SELECT COUNT(*) FROM sync_rows WHERE trainer_id = ?1 AND (row_seq > ?2 OR cl_seq > ?2)",
            rusqlite::params![trainer_text, head],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(beyond, 0, "no row ahead of the head");
    head
}
