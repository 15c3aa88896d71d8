//! Faults (sync.md tests 1 and 2): the real binary killed in the middle of a push, before and
//! after its commit; and every request delivered two or three times with a third of the answers
//! lost.

mod common;

use std::collections::BTreeMap;
use std::process::Stdio;

use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

/// The server binary on a database (`--database` URL), optionally set to abort at a point of a
/// push.
async fn spawn_binary(db: &str, fault: Option<&str>) -> (Child, Client) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trainmate-server"));
    command
        .arg("--database")
        .arg(db)
        .arg("--listen")
        .arg("127.0.0.1:0")
        .env_remove("TRAINMATE_JWT_SECRET")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    match fault {
        Some(fault) => command.env("TRAINMATE_TEST_FAULT", fault),
        None => command.env_remove("TRAINMATE_TEST_FAULT"),
    };
    let mut child = command.spawn().expect("the server starts");
    let stdout = child.stdout.take().expect("stdout");
    let line = BufReader::new(stdout)
        .lines()
        .next_line()
        .await
        .expect("reads")
        .expect("the server prints its address");
    let addr = line
        .strip_prefix("listening on ")
        .expect("`listening on ADDR`");
    (child, Client::new(&format!("http://{addr}")))
}

/// The second push of a session: three edits of the seeded sets and one new set.
fn second_batch(device: &mut Device, fixture: &Fixture) -> (Uuid, Vec<Value>) {
    let new_set = Uuid::now_v7();
    let mut changes: Vec<Value> = fixture
        .sets
        .iter()
        .map(|set| {
            device.change(
                "exercise_sets",
                *set,
                "upsert",
                json!({ "reps": 12 }),
                6,
                T0 + 1_000,
            )
        })
        .collect();
    changes.push(device.change(
        "exercise_sets",
        new_set,
        "upsert",
        set_row(
            fixture.exercise,
            "b0",
            7,
            40_000,
            device.trainer,
            T0 + 1_000,
        ),
        0,
        T0 + 1_000,
    ));
    (new_set, changes)
}

/// Killed before the commit: nothing of the push is kept, and the retry applies it once.
#[tokio::test]
async fn a_server_killed_before_commit_keeps_nothing_and_the_retry_applies_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = fresh_database(dir.path()).await;
    let (mut child, client) = spawn_binary(&db, Some("before-commit:2")).await;
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let (fixture, first) = seed_changes(&mut device, 2, T0);
    client.push(&device.token, &first).await.expect(200); // push 1: seqs 1–6
    let (new_set, second) = second_batch(&mut device, &fixture);
    let lost = client
        .http
        .post(format!("{}/v1/sync/push", client.base))
        .bearer_auth(&device.token)
        .json(&json!({ "changes": second }))
        .send()
        .await;
    assert!(lost.is_err(), "the server died before answering");
    assert!(!child.wait().await.expect("exits").success());

    // Restarted on the same file: the access token still works (the key is in the database),
    // and the retry applies the batch — for the first time — at seqs 7–9.
    let (_child, client) = spawn_binary(&db, None).await;
    let body = client.push(&device.token, &second).await.expect(200);
    assert_eq!(statuses(&body), ["applied", "applied", "applied"]);
    assert_eq!(
        body["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .map(|o| o["seq"].as_i64().expect("seq"))
            .collect::<Vec<_>>(),
        [7, 8, 9]
    );
    let (rows, _, cursor) = client.pull_all(&device.token, 0).await;
    assert_eq!(cursor, 9);
    assert_eq!(rows.len(), 7);
    for set in &fixture.sets {
        assert_eq!(
            find(&rows, "exercise_sets", *set).expect("set")["columns"]["reps"],
            12
        );
    }
    assert_eq!(
        find(&rows, "exercise_sets", new_set).expect("new set")["columns"]["reps"],
        7
    );
}

/// Killed after the commit, before the answer: the retry is answered from the stored outcomes
/// and nothing is applied twice.
#[tokio::test]
async fn a_server_killed_after_commit_answers_the_retry_from_stored_outcomes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = fresh_database(dir.path()).await;
    let (mut child, client) = spawn_binary(&db, Some("after-commit:2")).await;
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let (fixture, first) = seed_changes(&mut device, 2, T0);
    client.push(&device.token, &first).await.expect(200);
    let (new_set, second) = second_batch(&mut device, &fixture);
    let lost = client
        .http
        .post(format!("{}/v1/sync/push", client.base))
        .bearer_auth(&device.token)
        .json(&json!({ "changes": second }))
        .send()
        .await;
    assert!(lost.is_err(), "the server died before answering");
    assert!(!child.wait().await.expect("exits").success());

    let (_child, client) = spawn_binary(&db, None).await;
    let body = client.push(&device.token, &second).await.expect(200);
    assert_eq!(statuses(&body), ["duplicate", "duplicate", "duplicate"]);
    let original_seqs: Vec<i64> = body["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            assert_eq!(o["original"]["status"], "applied");
            o["original"]["seq"].as_i64().expect("seq")
        })
        .collect();
    assert_eq!(original_seqs, [7, 8, 9]);
    // Applied once: the head did not move past 9.
    assert_eq!(body["head_seq"], 9);
    assert_eq!(body["next_device_seq"], 10);
    let (rows, _, cursor) = client.pull_all(&device.token, 0).await;
    assert_eq!(cursor, 9);
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows.iter()
            .filter(|r| r["row_id"] == new_set.to_string())
            .count(),
        1
    );
}

#[tokio::test]
async fn help_explains_every_flag_and_its_environment_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_trainmate-server"))
        .arg("--help")
        .output()
        .await
        .expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).expect("utf-8");
    for expected in [
        "--database",
        "sqlite://",
        "postgres://",
        "TRAINMATE_DATABASE",
        "--listen",
        "127.0.0.1:8080",
        "TRAINMATE_LISTEN",
        "--jwt-secret",
        "TRAINMATE_JWT_SECRET",
    ] {
        assert!(
            help.contains(expected),
            "`{expected}` missing from:\n{help}"
        );
    }
    assert!(
        !help.to_lowercase().contains("test-fault") && !help.contains("TEST_FAULT"),
        "test-only flags stay hidden:\n{help}"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_trainmate-server"))
        .args(["--database", "postgres://nobody@127.0.0.1:1/trainmate"])
        .output()
        .await
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("opening the database"), "{stderr}");

    let output = Command::new(env!("CARGO_BIN_EXE_trainmate-server"))
        .args(["--database", "mysql://localhost/trainmate"])
        .output()
        .await
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("sqlite://PATH or postgres://"), "{stderr}");
}

/// The network between a device and the server: each request is delivered two or three times
/// (later copies after other traffic), and a third of the answers are lost.
struct FaultyLink {
    rng: Rng,
    /// Requests delivered again later: (token, changes).
    late: Vec<(String, Vec<Value>)>,
    /// Changes the server answered as duplicates, so the test knows faults happened.
    duplicates: usize,
}

impl FaultyLink {
    /// Delivers a push; answers it unless the answer is lost.
    async fn push(&mut self, client: &Client, token: &str, changes: &[Value]) -> Option<Value> {
        let copies = 2 + self.rng.below(2);
        let mut answer = None;
        let body = client.push(token, changes).await.expect(200);
        self.count(&body);
        if self.rng.below(3) != 0 {
            answer = Some(body);
        }
        for _ in 1..copies {
            if self.rng.below(2) == 0 {
                // Right away.
                let body = client.push(token, changes).await.expect(200);
                self.count(&body);
                if answer.is_none() && self.rng.below(3) != 0 {
                    answer = Some(body);
                }
            } else {
                self.late.push((token.to_owned(), changes.to_vec()));
            }
        }
        answer
    }

    /// Delivers some of the delayed copies; their answers are dropped.
    async fn deliver_late(&mut self, client: &Client) {
        while !self.late.is_empty() && self.rng.below(2) == 0 {
            let index = self.rng.below(self.late.len() as u64) as usize;
            let (token, changes) = self.late.swap_remove(index);
            let body = client.push(&token, &changes).await.expect(200);
            self.count(&body);
        }
    }

    fn count(&mut self, body: &Value) {
        self.duplicates += statuses(body).iter().filter(|s| *s == "duplicate").count();
    }
}

struct ScriptDevice {
    device: Device,
    /// Unacknowledged changes, oldest first.
    outbox: Vec<Value>,
    cl: BTreeMap<Uuid, i64>,
    clock: i64,
}

/// sync.md test 2: the same script of offline edits on two devices, synced once over a perfect
/// link and once over a faulty one, ends in the same state; every change is applied exactly once.
#[tokio::test]
async fn duplicated_requests_and_lost_answers_end_in_the_fault_free_state() {
    for seed in 0..4u64 {
        let perfect = run_script(seed, None).await;
        let faulty = run_script(seed, Some(Rng(seed ^ 0xFA17))).await;
        assert_eq!(perfect.0, faulty.0, "seed {seed}: final rows differ");
        assert_eq!(perfect.1, faulty.1, "seed {seed}: applied change count");
    }
}

/// Runs the script for `seed`; answers the final rows (table/id → cl and columns) and how many
/// changes the server applied.
async fn run_script(case: u64, faults: Option<Rng>) -> (BTreeMap<String, Value>, i64) {
    let server = TestServer::start().await;
    let client = server.client();
    let mut a = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut a, 5, T0).await;
    let b = Device::sign_in(&client, "kim@example.com").await;
    let mut devices: Vec<ScriptDevice> = [a, b]
        .into_iter()
        .enumerate()
        .map(|(i, device)| ScriptDevice {
            device,
            outbox: Vec::new(),
            cl: fixture.sets.iter().map(|s| (*s, 1)).collect(),
            clock: T0 + i as i64,
        })
        .collect();
    let mut script = Rng(case);
    let mut link = faults.map(|rng| FaultyLink {
        rng,
        late: Vec::new(),
        duplicates: 0,
    });
    // Edits carry base 0: every pair of edits of a cell is concurrent, so the outcome depends
    // only on the stamps and must not depend on delivery order or repetition.
    for _step in 0..40 {
        let d = script.below(2) as usize;
        let dev = &mut devices[d];
        if script.below(3) == 0 {
            // Sync: push up to five pending changes.
            let batch: Vec<Value> = dev.outbox.iter().take(5).cloned().collect();
            if batch.is_empty() {
                continue;
            }
            let answer = match &mut link {
                None => Some(client.push(&dev.device.token, &batch).await.expect(200)),
                Some(link) => {
                    // A request lost on the way: nothing delivered.
                    if link.rng.below(4) == 0 {
                        None
                    } else {
                        link.push(&client, &dev.device.token, &batch).await
                    }
                }
            };
            if answer.is_some() {
                dev.outbox.drain(..batch.len());
            }
            if let Some(link) = &mut link {
                link.deliver_late(&client).await;
            }
            continue;
        }
        // A local edit.
        dev.clock += 10;
        let set = fixture.sets[script.below(5) as usize];
        let change = match script.below(6) {
            0 => {
                let cl = dev.cl.get_mut(&set).expect("known");
                let op = if *cl % 2 == 1 { "delete" } else { "undelete" };
                *cl += 1;
                let cl = *cl;
                dev.device
                    .change("exercise_sets", set, op, json!({ "_cl": cl }), 0, dev.clock)
            }
            1 | 2 => dev.device.change(
                "exercise_sets",
                set,
                "upsert",
                json!({ "reps": script.below(30) }),
                0,
                dev.clock,
            ),
            3 => dev.device.change(
                "exercise_sets",
                set,
                "upsert",
                json!({ "weight_g": script.below(100) * 2_500 }),
                0,
                dev.clock,
            ),
            _ => dev.device.change(
                "exercise_sets",
                set,
                "upsert",
                json!({ "notes": format!("note {}", script.below(5)), "reps": script.below(30) }),
                0,
                dev.clock,
            ),
        };
        dev.outbox.push(change);
    }
    // Drain every outbox (bounded: faults may lose answers, never forever).
    for _round in 0..200 {
        if devices.iter().all(|d| d.outbox.is_empty()) {
            break;
        }
        for dev in &mut devices {
            let batch: Vec<Value> = dev.outbox.iter().take(5).cloned().collect();
            if batch.is_empty() {
                continue;
            }
            let answer = match &mut link {
                None => Some(client.push(&dev.device.token, &batch).await.expect(200)),
                Some(link) => link.push(&client, &dev.device.token, &batch).await,
            };
            if answer.is_some() {
                dev.outbox.drain(..batch.len());
            }
        }
    }
    assert!(
        devices.iter().all(|d| d.outbox.is_empty()),
        "case {case}: outboxes drained"
    );
    if let Some(link) = &mut link {
        // The stragglers arrive too; they change nothing.
        while let Some((token, changes)) = link.late.pop() {
            let body = client.push(&token, &changes).await.expect(200);
            assert!(statuses(&body).iter().all(|s| s == "duplicate"));
        }
        assert!(
            link.duplicates > 0,
            "case {case}: the faulty link did duplicate"
        );
    }
    let (rows, _, head) = client.pull_all(&devices[0].device.token, 0).await;
    // Ids differ between the two runs: name them by their role before comparing.
    let mut names = vec![
        (devices[0].device.trainer.to_string(), "trainer".to_owned()),
        (fixture.member.to_string(), "member".to_owned()),
        (fixture.day.to_string(), "day".to_owned()),
        (fixture.exercise.to_string(), "exercise".to_owned()),
    ];
    for (i, set) in fixture.sets.iter().enumerate() {
        names.push((set.to_string(), format!("set{i}")));
    }
    let rename = |value: &Value| {
        let mut text = value.to_string();
        for (id, name) in &names {
            text = text.replace(id.as_str(), name);
        }
        text
    };
    let state = rows
        .iter()
        .map(|r| {
            (
                format!(
                    "{}/{}",
                    r["table"].as_str().unwrap_or(""),
                    rename(&r["row_id"])
                ),
                json!({ "cl": r["cl"], "columns": rename(&r["columns"]) }),
            )
        })
        .collect();
    (state, head)
}
