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

pub use support::*;

/// The server's clock: the wall clock plus an offset a test may move (the server's time is
/// what the grace window of refresh tokens and the clock-skew report are measured against).
struct WallClock(Arc<AtomicI64>);

impl trainmate_server::Clock for WallClock {
    fn now_ms(&self) -> i64 {
        wall_ms() + self.0.load(Ordering::SeqCst)
    }
}

/// The real wall clock in milliseconds.
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub base: String,
    pub port: u16,
    /// Added to the wall clock for the server's time ([`Server::advance_ms`]).
    offset: Arc<AtomicI64>,
    running: Option<Running>,
}

impl Server {
    pub async fn start() -> Server {
        let mut server = Server {
            dir: tempfile::tempdir().expect("temp dir"),
            base: String::new(),
            port: 0,
            offset: Arc::new(AtomicI64::new(0)),
            running: None,
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
        let clock = Arc::new(WallClock(self.offset.clone()));
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
        wall_ms() + self.offset.load(Ordering::SeqCst)
    }

    /// Stops the server: devices see a refused connection (offline).
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
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
