//! What the S4 and S5 benchmarks share: the studio fixture and P1's method (the device
//! benchmarks' support, `trainmate-app/benches/support`), the server's limits (the server
//! benchmarks' support), a sync server on 127.0.0.1 on its default database (a SQLite file on
//! the real disk), and linking the fixture's busiest trainer to it.
#![allow(dead_code)] // each bench uses a different part

use std::sync::Arc;
use std::time::{Duration, Instant};

use trainmate_api::sync::{Change, ChangeOp, PushRequest, SignInRequest};
use trainmate_api::*;
use trainmate_app::App;
use trainmate_core::hlc::Hlc;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::{AppState, Running, SystemClock};
use trainmate_sync::{Client, Engine};
use uuid::Uuid;

/// The device benchmarks' support: the cached studio fixture (shared with P1, P3, P7 in the
/// same target directory), percentiles, fsync, conditions, result files.
#[path = "../../../trainmate-app/benches/support/mod.rs"]
pub mod device;

/// S1's limits (`trainmate-server/benches/support/limits.rs`), for records the device pushes.
#[path = "../../../trainmate-server/benches/support/limits.rs"]
pub mod limits;

/// The server account's password (the sync server's own; the fixture's local one is separate).
pub const SERVER_PASSWORD: &str = "Correct horse 1!";

/// A sync server on 127.0.0.1 on a SQLite file in the temp dir (the real disk), on its own
/// runtime: the device's sync layer has its own, as in the app.
pub struct SyncServer {
    pub runtime: tokio::runtime::Runtime,
    pub running: Option<Running>,
    pub base: String,
    pub dir: tempfile::TempDir,
}

impl SyncServer {
    pub fn start() -> SyncServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        let dir = limits::disk_dir();
        let path = dir.path().join("server.db");
        let running = runtime.block_on(async {
            let store = SqliteStorage::open(&path).expect("server database");
            let state = AppState::new(store, None, Arc::new(SystemClock), None).expect("state");
            trainmate_server::start(state, "127.0.0.1:0")
                .await
                .expect("listens")
        });
        let base = format!("http://{}", running.addr);
        SyncServer {
            runtime,
            running: Some(running),
            base,
            dir,
        }
    }

    pub fn stop(mut self) {
        if let Some(running) = self.running.take() {
            self.runtime.block_on(running.stop());
        }
    }
}

/// The fixture's busiest trainer on a copy of the studio fixture: the app, the trainer's id and
/// email, and their members (not themselves).
pub struct Studio {
    pub data: tempfile::TempDir,
    pub built: trainmate_store::fixture::Built,
    pub app: Arc<App>,
    pub trainer: Uuid,
    pub email: String,
    pub members: Vec<Uuid>,
}

pub fn studio() -> Studio {
    let (fixture_dir, built) = device::studio();
    let data = device::copy_of(&fixture_dir);
    let app = Arc::new(device::busiest_trainer_app(data.path(), &built));
    let me = app
        .current_user(NoArgs {})
        .expect("current user")
        .expect("signed in");
    let members = app
        .list_members(NoArgs {})
        .expect("members")
        .into_iter()
        .filter(|m| !m.is_self)
        .map(|m| m.member_id)
        .collect();
    Studio {
        data,
        email: built.busiest_trainer_email.clone(),
        built,
        app,
        trainer: me.user_id,
        members,
    }
}

/// What linking did: the time to the stored link with the snapshot enqueued, the time until
/// the server acknowledged all of it, the records pushed and the requests.
pub struct Linked {
    pub enqueued: Duration,
    /// Until the outbox was empty: every snapshot record acknowledged.
    pub acknowledged: Duration,
    /// Until the linking round ended: after its pushes it pulls (the rows just pushed come
    /// back).
    pub round: Duration,
    pub pulled_back: usize,
    pub records: usize,
    pub pushes: usize,
}

/// Links the studio's trainer to a fresh account on `server` as the app does ("link this
/// trainer", creating the account): the link stored and the snapshot enqueued. Answers the
/// engine and the time it took.
pub fn link(server: &SyncServer, studio: &Studio) -> (Engine, Duration) {
    let engine = Engine::new(studio.app.clone(), "studio tablet");
    let start = Instant::now();
    server.runtime.block_on(async {
        engine
            .link(
                studio.trainer,
                &server.base,
                &studio.email,
                SERVER_PASSWORD,
                "Busiest trainer",
                true,
            )
            .await
            .expect("links")
    });
    (engine, start.elapsed())
}

/// Syncs the linked scope until the whole snapshot is acknowledged (the outbox empty again).
pub fn push_snapshot(
    server: &SyncServer,
    studio: &Studio,
    engine: &Engine,
    enqueued: Duration,
) -> Linked {
    let records = studio
        .app
        .sync_pending_summary(studio.trainer)
        .expect("pending")
        .0 as usize;
    let start = Instant::now();
    // The round pushes, then pulls: the moment the outbox is empty (the last push answered) is
    // seen from another thread, with the cheapest read of the outbox, every 20 ms.
    let done = std::sync::atomic::AtomicBool::new(false);
    let (round, emptied) = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| loop {
            let empty = studio
                .app
                .sync_next_push(studio.trainer, 1)
                .expect("outbox")
                .is_empty();
            if empty || done.load(std::sync::atomic::Ordering::Relaxed) {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        });
        let round = server
            .runtime
            .block_on(engine.sync_scope(studio.trainer))
            .expect("snapshot pushed");
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (round, watcher.join().expect("watcher"))
    });
    let round_in = start.elapsed();
    let left = studio
        .app
        .sync_pending_summary(studio.trainer)
        .expect("pending")
        .0;
    assert_eq!(left, 0, "every snapshot record acknowledged");
    assert_eq!(round.pushed, records, "the round pushed the whole snapshot");
    Linked {
        enqueued,
        acknowledged: enqueued + emptied,
        round: enqueued + round_in,
        pulled_back: round.pulled,
        records,
        pushes: records.div_ceil(trainmate_api::sync::MAX_PUSH_CHANGES),
    }
}

/// [`link`] then [`push_snapshot`].
pub fn link_and_push(server: &SyncServer, studio: &Studio) -> Linked {
    let (engine, enqueued) = link(server, studio);
    push_snapshot(server, studio, &engine, enqueued)
}

/// Another device of the trainer (signed in over HTTP with the production client) pushes
/// `sets` new sets as whole sessions — a day, 6 exercises, 4 sets each, one device transaction
/// per session — spread over `members` on dates no other part of the benchmark uses. Answers
/// the trainer's head seq afterwards.
pub fn push_backlog(server: &SyncServer, studio: &Studio, sets: usize) -> i64 {
    let client = Client::new(&server.base).expect("client");
    server.runtime.block_on(async {
        let tokens = client
            .sign_in(&SignInRequest {
                email: studio.email.clone(),
                password: SERVER_PASSWORD.to_owned(),
                device_id: Uuid::now_v7(),
                device_name: "front desk".to_owned(),
            })
            .await
            .expect("second device signs in");
        let trainer = studio.trainer;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as i64;
        let mut device_seq = 0i64;
        let mut change = |table: &str, row_id: Uuid, tx_id: Uuid, columns: serde_json::Value| {
            device_seq += 1;
            Change {
                change_id: Uuid::now_v7(),
                device_seq,
                tx_id,
                trainer_id: Some(trainer),
                table: table.to_owned(),
                row_id,
                op: ChangeOp::Upsert,
                columns: columns.as_object().expect("columns").clone(),
                base_seq: 0,
                hlc: Hlc::new(now as u64, 0).expect("hlc"),
                schema_version: trainmate_store::outbox::SCHEMA_VERSION,
                created_at: Some(now),
                column_hlcs: None,
            }
        };
        let mut batch: Vec<Change> = Vec::new();
        let mut head = 0;
        let sessions = sets.div_ceil(24);
        for session in 0..sessions {
            let member = studio.members[session % studio.members.len()];
            let k = session / studio.members.len();
            let date = format!(
                "{}-{:02}-{:02}",
                2090 + k / 336,
                k / 28 % 12 + 1,
                k % 28 + 1
            );
            let tx = Uuid::now_v7();
            let day = Uuid::now_v7();
            let mut changes = vec![change(
                "daily_workouts",
                day,
                tx,
                serde_json::json!({
                    "member_id": member, "workout_date": date, "recorded_by": trainer,
                    "notes": "", "created_at": now, "updated_at": now,
                }),
            )];
            let mut exercise_key = trainmate_core::order_key::first();
            for e in 0..6u32 {
                let exercise = Uuid::now_v7();
                changes.push(change(
                    "workout_exercises",
                    exercise,
                    tx,
                    serde_json::json!({
                        "workout_id": day, "member_id": member, "workout_date": date,
                        "catalog_exercise_id": 9 + e, "custom_exercise_id": null,
                        "order_key": exercise_key, "intensity": "exercise_default", "notes": "",
                        "recorded_by": trainer, "created_at": now, "updated_at": now,
                    }),
                ));
                exercise_key = trainmate_core::order_key::after(&exercise_key).expect("key");
                let mut set_key = trainmate_core::order_key::first();
                for s in 0..4i64 {
                    changes.push(change(
                        "exercise_sets",
                        Uuid::now_v7(),
                        tx,
                        serde_json::json!({
                            "workout_exercise_id": exercise, "order_key": set_key,
                            "reps": 8 + s, "weight_g": 40_000 + 2_500 * s, "duration_s": null,
                            "distance_m": null, "set_type": "working", "notes": "",
                            "recorded_by": trainer, "logged_at": now, "updated_at": now,
                        }),
                    ));
                    set_key = trainmate_core::order_key::after(&set_key).expect("key");
                }
            }
            if batch.len() + changes.len() > trainmate_api::sync::MAX_PUSH_CHANGES {
                head = push_all(&client, &tokens.access_token, std::mem::take(&mut batch)).await;
            }
            batch.extend(changes);
        }
        if !batch.is_empty() {
            head = push_all(&client, &tokens.access_token, batch).await;
        }
        head
    })
}

async fn push_all(client: &Client, access: &str, changes: Vec<Change>) -> i64 {
    let response = client
        .push(access, &PushRequest { changes })
        .await
        .expect("backlog push");
    for answered in &response.outcomes {
        assert!(
            matches!(
                answered.outcome,
                trainmate_api::sync::Outcome::Applied { .. }
            ),
            "every backlog change applies: {:?}",
            answered.outcome
        );
    }
    response.head_seq
}

/// P1's method (`p1_log_set`): realistic sessions — each member's new day gets 6 exercises of 4
/// sets; only `log_set` is timed. `session_offset` keeps the days of successive calls apart.
/// Between sets a think time uniform in [0, 2 × `pause`] (the same in every phase) keeps the
/// moments sets are logged independent of whatever else the device is doing. Stops after
/// `n` samples or as soon as `keep_going` answers false (checked between sets, untimed).
pub struct P1Run {
    pub samples: Vec<Duration>,
    pub sessions: usize,
}

pub fn log_sets(
    app: &App,
    members: &[Uuid],
    n: usize,
    session_offset: usize,
    pause: Duration,
    mut keep_going: impl FnMut() -> bool,
) -> P1Run {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let mut samples = Vec::with_capacity(n);
    let mut workout_exercise = None;
    let warm_up = 20;
    let mut i = 0;
    while samples.len() < n {
        if i % 4 == 0 {
            let session = session_offset + i / 24;
            let member = members[session % members.len()];
            let date = format!(
                "2099-{:02}-{:02}",
                1 + (session / 28) % 12,
                1 + session % 28
            );
            let day = app
                .add_workout_exercise(AddWorkoutExerciseArgs {
                    member_id: member,
                    date,
                    exercise: ExerciseRef::Catalog(9 + (i as u32 / 4) % 6),
                })
                .expect("add exercise");
            workout_exercise = day.exercises.last().map(|e| e.workout_exercise_id);
        }
        if !pause.is_zero() {
            std::thread::sleep(pause.mul_f64(2.0 * rng.gen::<f64>()));
        }
        if !keep_going() {
            break;
        }
        let args = LogSetArgs {
            workout_exercise_id: workout_exercise.expect("exercise"),
            fields: SetFields {
                reps: Some(10),
                weight_g: Some(42_500),
                ..SetFields::default()
            },
        };
        let start = Instant::now();
        app.log_set(args).expect("log set");
        let elapsed = start.elapsed();
        if i >= warm_up {
            samples.push(elapsed);
        }
        i += 1;
    }
    P1Run {
        samples,
        sessions: i.div_ceil(24) + 1,
    }
}
