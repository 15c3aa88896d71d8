//! The harness: a real server listening on 127.0.0.1 (an ephemeral port) with a real database, a
//! manual clock, and a small HTTP client. Tests speak only HTTP.
//!
//! The backend: a SQLite file in a temporary directory, or — when `TRAINMATE_TEST_POSTGRES`
//! names a PostgreSQL cluster (`postgres://USER@HOST:PORT`, as `cargo xtask test` starts one) —
//! a fresh database in that cluster for every server. Every test runs unchanged on either.

#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{json, Value};
use trainmate_server::storage::postgres::PgStorage;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::storage::Storage;
use trainmate_server::{AppState, Clock, Running};
use uuid::Uuid;

/// 2027-01-15T08:00:00Z, where every test's clock starts.
pub const T0: i64 = 1_800_000_000_000;

pub struct ManualClock(AtomicI64);

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The cluster the tests use instead of SQLite, when set.
pub fn postgres_cluster() -> Option<String> {
    std::env::var("TRAINMATE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .map(|url| url.trim_end_matches('/').to_owned())
}

/// A fresh, empty database for one server: `sqlite://DIR/server.db`, or a new database in the
/// PostgreSQL cluster. Its URL is what `--database` takes.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match postgres_cluster() {
        None => format!("sqlite://{}", dir.join("server.db").display()),
        Some(cluster) => tokio::task::spawn_blocking(move || create_database(&cluster))
            .await
            .expect("join"),
    }
}

fn create_database(cluster: &str) -> String {
    let name = format!("tm_{}", Uuid::new_v4().simple());
    let mut admin = postgres::Client::connect(&format!("{cluster}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("TRAINMATE_TEST_POSTGRES={cluster} does not answer: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("creates a database");
    format!("{cluster}/{name}")
}

pub struct TestServer {
    pub dir: tempfile::TempDir,
    /// What `--database` would take for this server's data.
    pub database: String,
    pub clock: Arc<ManualClock>,
    pub base: String,
    running: Option<Running>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_in(tempfile::tempdir().expect("temp dir")).await
    }

    /// On /dev/shm where there is one: for tests of logic, not durability (fsync is slow here).
    pub async fn start_in_memory() -> TestServer {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        };
        TestServer::start_in(dir.expect("temp dir")).await
    }

    async fn start_in(dir: tempfile::TempDir) -> TestServer {
        let clock = Arc::new(ManualClock(AtomicI64::new(T0)));
        let database = fresh_database(dir.path()).await;
        let mut server = TestServer {
            dir,
            database,
            clock,
            base: String::new(),
            running: None,
        };
        server.restart().await;
        server
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("server.db")
    }

    /// Stops the server (if running) and starts a new one on the same database file.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let running = if self.database.starts_with("sqlite://") {
            let path = self.db_path();
            launch(move || SqliteStorage::open(&path), self.clock.clone()).await
        } else {
            let url = self.database.clone();
            launch(move || PgStorage::open(&url), self.clock.clone()).await
        };
        self.base = format!("http://{}", running.addr);
        self.running = Some(running);
    }

    /// Another server instance on the same database (as behind a load balancer), with the same
    /// clock; it serves until the test ends.
    pub async fn another_instance(&self) -> (Running, Client) {
        let running = if self.database.starts_with("sqlite://") {
            let path = self.db_path();
            launch(move || SqliteStorage::open(&path), self.clock.clone()).await
        } else {
            let url = self.database.clone();
            launch(move || PgStorage::open(&url), self.clock.clone()).await
        };
        let client = Client::new(&format!("http://{}", running.addr));
        (running, client)
    }

    pub fn is_postgres(&self) -> bool {
        !self.database.starts_with("sqlite://")
    }

    pub fn advance_ms(&self, ms: i64) {
        self.clock.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }
}

/// Opens a store (off the async runtime: the PostgreSQL client blocks) and serves it.
async fn launch<S: Storage>(
    open: impl FnOnce() -> Result<S, trainmate_server::storage::StorageError> + Send + 'static,
    clock: Arc<ManualClock>,
) -> Running {
    let state = tokio::task::spawn_blocking(move || {
        let store = open().expect("opens");
        AppState::new(store, None, clock, None).expect("state")
    })
    .await
    .expect("join");
    trainmate_server::start(state, "127.0.0.1:0")
        .await
        .expect("listens")
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

/// A status and a JSON body (`Value::Null` when the body is empty or not JSON).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        self.body
    }

    /// Asserts an error answer: the status, the code, a human message and nothing internal.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.code(), code, "body: {}", self.body);
        assert_no_internals(&self.body);
    }
}

/// Error bodies carry a code and a sentence, never a backend's or the runtime's text.
#[track_caller]
pub fn assert_no_internals(body: &Value) {
    let message = body["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "no message in {body}");
    let text = body.to_string().to_lowercase();
    for leak in [
        "rusqlite",
        "sqlite",
        "postgres",
        "sqlstate",
        "panicked",
        "constraint",
        "thread",
        "src/",
        ".rs:",
    ] {
        assert!(!text.contains(leak), "internal text `{leak}` in {body}");
    }
}

impl Client {
    pub fn new(base: &str) -> Client {
        // Built in one `cargo test` with trainmate-sync, reqwest gets that crate's features:
        // `rustls-no-provider` needs a provider installed (a second install is refused,
        // harmlessly), and `gzip` would decode answers the tests read as sent.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Client {
            http: reqwest::Client::builder()
                .no_gzip()
                .build()
                .expect("an HTTP client"),
            base: base.to_owned(),
        }
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            headers,
        }
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.http.delete(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    pub async fn sign_up(&self, email: &str, device: Uuid, trainer: Option<Uuid>) -> Value {
        self.post(
            "/v1/auth/signup",
            None,
            &json!({
                "email": email, "password": PASSWORD, "name": "Kim Trainer",
                "device_id": device, "device_name": "Front desk laptop",
                "trainer_id": trainer,
            }),
        )
        .await
        .expect(201)
    }

    pub async fn sign_in(&self, email: &str, password: &str, device: Uuid) -> Reply {
        self.post(
            "/v1/auth/login",
            None,
            &json!({
                "email": email, "password": password, "device_id": device,
                "device_name": "Tablet",
            }),
        )
        .await
    }

    pub async fn refresh(&self, token: &str) -> Reply {
        self.post("/v1/auth/refresh", None, &json!({ "refresh_token": token }))
            .await
    }

    pub async fn push(&self, token: &str, changes: &[Value]) -> Reply {
        self.post("/v1/sync/push", Some(token), &json!({ "changes": changes }))
            .await
    }

    pub async fn pull(&self, token: &str, cursor: i64, limit: u32) -> Reply {
        self.get(
            &format!("/v1/sync/pull?cursor={cursor}&limit={limit}"),
            Some(token),
        )
        .await
    }

    /// Every page from `cursor` on: (rows, conflicts, final cursor).
    pub async fn pull_all(&self, token: &str, mut cursor: i64) -> (Vec<Value>, Vec<Value>, i64) {
        let mut rows = Vec::new();
        let mut conflicts = Vec::new();
        loop {
            let page = self.pull(token, cursor, 1000).await.expect(200);
            rows.extend(page["rows"].as_array().expect("rows").iter().cloned());
            conflicts.extend(
                page["conflicts"]
                    .as_array()
                    .expect("conflicts")
                    .iter()
                    .cloned(),
            );
            cursor = page["cursor"].as_i64().expect("cursor");
            if !page["has_more"].as_bool().expect("has_more") {
                return (rows, conflicts, cursor);
            }
        }
    }
}

pub const PASSWORD: &str = "correct horse 9!";

/// A trainer's device as the tests drive it: its id, the next outbox number and its tokens.
pub struct Device {
    pub id: Uuid,
    pub next_seq: i64,
    pub token: String,
    pub refresh: String,
    pub trainer: Uuid,
}

impl Device {
    pub fn from_tokens(id: Uuid, tokens: &Value) -> Device {
        Device {
            id,
            next_seq: 1,
            token: tokens["access_token"].as_str().expect("token").to_owned(),
            refresh: tokens["refresh_token"]
                .as_str()
                .expect("refresh")
                .to_owned(),
            trainer: tokens["trainer_id"]
                .as_str()
                .and_then(|t| Uuid::parse_str(t).ok())
                .expect("trainer id"),
        }
    }

    /// A new trainer account with its first device.
    pub async fn sign_up(client: &Client, email: &str) -> Device {
        let id = Uuid::new_v4();
        let tokens = client.sign_up(email, id, None).await;
        Device::from_tokens(id, &tokens)
    }

    /// Another device of an existing account.
    pub async fn sign_in(client: &Client, email: &str) -> Device {
        let id = Uuid::new_v4();
        let tokens = client.sign_in(email, PASSWORD, id).await.expect(200);
        Device::from_tokens(id, &tokens)
    }

    /// The next outbox record of this device (a transaction of its own).
    pub fn change(
        &mut self,
        table: &str,
        row_id: Uuid,
        op: &str,
        columns: Value,
        base_seq: i64,
        hlc_ms: i64,
    ) -> Value {
        self.change_in_tx(Uuid::new_v4(), table, row_id, op, columns, base_seq, hlc_ms)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn change_in_tx(
        &mut self,
        tx_id: Uuid,
        table: &str,
        row_id: Uuid,
        op: &str,
        columns: Value,
        base_seq: i64,
        hlc_ms: i64,
    ) -> Value {
        let seq = self.next_seq;
        self.next_seq += 1;
        json!({
            "change_id": Uuid::now_v7(),
            "device_seq": seq,
            "tx_id": tx_id,
            "trainer_id": self.trainer,
            "table": table,
            "row_id": row_id,
            "op": op,
            "columns": columns,
            "base_seq": base_seq,
            "hlc": hlc(hlc_ms, 0),
            "schema_version": 4,
        })
    }
}

/// An HLC stamp packed by hand: 48-bit milliseconds over a 16-bit counter.
pub fn hlc(ms: i64, counter: u16) -> u64 {
    ((ms as u64) << 16) | u64::from(counter)
}

/// The ids of the rows [`seed`] pushes.
pub struct Fixture {
    pub member: Uuid,
    pub day: Uuid,
    pub exercise: Uuid,
    pub sets: Vec<Uuid>,
}

pub const DATE: &str = "2027-01-15";

pub fn trainer_row(now: i64) -> Value {
    json!({
        "user_type": "trainer", "name": "Kim Trainer", "email": "kim@example.com",
        "email_key": "kim@example.com", "phone": null, "birth_date": null,
        "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "trainer_id": null, "terms_consent_at": now, "privacy_consent_at": now,
        "marketing_consent_at": null, "created_at": now, "updated_at": now,
    })
}

pub fn member_row(trainer: Uuid, name: &str, now: i64) -> Value {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    json!({
        "user_type": "member", "name": name, "email": email, "email_key": email,
        "phone": "010-1234-5678", "birth_date": "1990-05-17", "password_hash": null,
        "trainer_id": trainer, "terms_consent_at": null, "privacy_consent_at": null,
        "marketing_consent_at": null, "created_at": now, "updated_at": now,
    })
}

pub fn day_row(member: Uuid, recorded_by: Uuid, now: i64) -> Value {
    json!({
        "member_id": member, "workout_date": DATE, "recorded_by": recorded_by, "notes": "",
        "created_at": now, "updated_at": now,
    })
}

pub fn exercise_row(day: Uuid, member: Uuid, recorded_by: Uuid, now: i64) -> Value {
    json!({
        "workout_id": day, "member_id": member, "workout_date": DATE,
        "catalog_exercise_id": 17, "custom_exercise_id": null, "order_key": "a0",
        "intensity": "exercise_default", "notes": "", "recorded_by": recorded_by,
        "created_at": now, "updated_at": now,
    })
}

pub fn set_row(
    exercise: Uuid,
    order_key: &str,
    reps: i64,
    weight_g: i64,
    by: Uuid,
    now: i64,
) -> Value {
    json!({
        "workout_exercise_id": exercise, "order_key": order_key, "reps": reps,
        "weight_g": weight_g, "duration_s": null, "distance_m": null, "set_type": "working",
        "notes": "", "recorded_by": by, "logged_at": now, "updated_at": now,
    })
}

/// The changes that create the trainer's row, a member, a day, an exercise and `sets` sets
/// (10 reps, 50 kg), one device transaction per row.
pub fn seed_changes(device: &mut Device, sets: usize, now: i64) -> (Fixture, Vec<Value>) {
    let trainer = device.trainer;
    let member = Uuid::now_v7();
    let day = Uuid::now_v7();
    let exercise = Uuid::now_v7();
    let mut changes = vec![
        device.change("users", trainer, "upsert", trainer_row(now), 0, now),
        device.change(
            "users",
            member,
            "upsert",
            member_row(trainer, "Lee Member", now),
            0,
            now,
        ),
        device.change(
            "daily_workouts",
            day,
            "upsert",
            day_row(member, trainer, now),
            0,
            now,
        ),
        device.change(
            "workout_exercises",
            exercise,
            "upsert",
            exercise_row(day, member, trainer, now),
            0,
            now,
        ),
    ];
    let mut set_ids = Vec::new();
    for i in 0..sets {
        let id = Uuid::now_v7();
        set_ids.push(id);
        changes.push(device.change(
            "exercise_sets",
            id,
            "upsert",
            set_row(exercise, &format!("a{i:03}"), 10, 50_000, trainer, now),
            0,
            now,
        ));
    }
    (
        Fixture {
            member,
            day,
            exercise,
            sets: set_ids,
        },
        changes,
    )
}

/// Pushes [`seed_changes`]; every change must apply.
pub async fn seed(client: &Client, device: &mut Device, sets: usize, now: i64) -> Fixture {
    let (fixture, changes) = seed_changes(device, sets, now);
    let body = client.push(&device.token, &changes).await.expect(200);
    for outcome in body["outcomes"].as_array().expect("outcomes") {
        assert_eq!(outcome["status"], "applied", "{outcome}");
    }
    fixture
}

/// The pulled row `table/id`, if any.
pub fn find<'a>(rows: &'a [Value], table: &str, id: Uuid) -> Option<&'a Value> {
    rows.iter()
        .rev()
        .find(|r| r["table"] == table && r["row_id"] == id.to_string())
}

/// The statuses of a push answer, in order.
pub fn statuses(body: &Value) -> Vec<String> {
    body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o["status"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A small deterministic generator (SplitMix64), so a failing case is reproducible by its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}
