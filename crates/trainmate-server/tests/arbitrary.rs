//! Arbitrary input never makes the server fail: valid requests with random parts replaced by
//! random JSON (wrong types, extreme numbers, odd strings, unknown columns) answer 200 or a 4xx
//! with a code, never a 5xx and never internal text. `TRAINMATE_ARBITRARY_CASES` sets the count.

mod common;

use common::*;
use serde_json::{json, Map, Value};
use uuid::Uuid;

fn random_string(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => String::new(),
        1 => "x".repeat(rng.below(400) as usize),
        2 => Uuid::now_v7().to_string(),
        3 => "2026-02-30".into(),
        4 => "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        5 => "스쿼트 🏋️ \u{0000} '; DROP TABLE sync_rows; --".into(),
        6 => "exercise_sets".into(),
        7 => "1e309".into(),
        _ => format!("{}", rng.next_u64()),
    }
}

fn random_json(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 8 } else { 10 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(
            [0i64, -1, 1, i64::MAX, i64::MIN, 2_i64.pow(40), 1_000_001][rng.below(7) as usize]
        ),
        3 => json!(u64::MAX - rng.below(3)),
        4 => json!(rng.below(1_000_000) as f64 / 7.0),
        5 | 6 => json!(random_string(rng)),
        7 => json!(rng.below(3_000) as i64 - 1_000),
        8 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_json(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(4) {
                map.insert(random_string(rng), random_json(rng, depth - 1));
            }
            Value::Object(map)
        }
    }
}

const COLUMN_NAMES: &[&str] = &[
    "reps",
    "weight_g",
    "notes",
    "_cl",
    "trainer_id",
    "member_id",
    "workout_id",
    "order_key",
    "user_type",
    "password_hash",
    "birth_date",
    "catalog_exercise_id",
    "custom_exercise_id",
    "created_at",
    "id",
    "_row_seq",
    "recovery_code_hash",
    "",
];

const FIELDS: &[&str] = &[
    "change_id",
    "device_seq",
    "tx_id",
    "trainer_id",
    "table",
    "row_id",
    "op",
    "columns",
    "base_seq",
    "hlc",
    "schema_version",
    "created_at",
];

/// A valid change with one to three random parts replaced, added or removed.
fn mutate(rng: &mut Rng, mut change: Value) -> Value {
    for _ in 0..1 + rng.below(3) {
        match rng.below(5) {
            0 => {
                let field = FIELDS[rng.below(FIELDS.len() as u64) as usize];
                change[field] = random_json(rng, 2);
            }
            1 => {
                let field = FIELDS[rng.below(FIELDS.len() as u64) as usize];
                change.as_object_mut().expect("object").remove(field);
            }
            2 => {
                change["op"] = json!(["upsert", "delete", "undelete"][rng.below(3) as usize]);
            }
            _ => {
                let column = COLUMN_NAMES[rng.below(COLUMN_NAMES.len() as u64) as usize];
                if let Some(columns) = change["columns"].as_object_mut() {
                    columns.insert(column.to_owned(), random_json(rng, 1));
                }
            }
        }
    }
    change
}

#[track_caller]
fn assert_handled(reply: &Reply, what: &str) {
    let status = reply.status.as_u16();
    assert!(status < 500, "{what}: {status} {}", reply.body);
    if status >= 400 {
        assert!(
            !reply.code().is_empty(),
            "{what}: no code in {}",
            reply.body
        );
        assert_no_internals(&reply.body);
    }
}

#[tokio::test]
async fn arbitrary_requests_answer_200_or_a_coded_4xx() {
    let cases: u64 = std::env::var("TRAINMATE_ARBITRARY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let mut device = Device::sign_up(&client, "kim@example.com").await;
    let fixture = seed(&client, &mut device, 2, T0).await;
    let mut rng = Rng(0xA4B1_7EA5);
    // How the pushes were answered, so the test knows it reached the merge, not only the parser.
    let mut seen: std::collections::BTreeMap<String, u32> = Default::default();
    for case in 0..cases {
        // Push: a few changes, valid ones and mutated ones.
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let row = [
                fixture.sets[0],
                fixture.sets[1],
                fixture.exercise,
                Uuid::now_v7(),
            ][rng.below(4) as usize];
            let valid = match rng.below(3) {
                0 => device.change(
                    "exercise_sets",
                    row,
                    "upsert",
                    json!({ "reps": 3 }),
                    7,
                    T0 + 1,
                ),
                1 => device.change(
                    "exercise_sets",
                    row,
                    "delete",
                    json!({ "_cl": 2 }),
                    7,
                    T0 + 1,
                ),
                _ => device.change(
                    "exercise_sets",
                    row,
                    "upsert",
                    set_row(fixture.exercise, "m", 1, 0, device.trainer, T0),
                    0,
                    T0,
                ),
            };
            changes.push(if rng.below(3) == 0 {
                valid
            } else {
                mutate(&mut rng, valid)
            });
        }
        let reply = client.push(&device.token, &changes).await;
        assert_handled(&reply, &format!("case {case}: push {changes:?}"));
        // Keep the device's numbering where the server has it, so later cases reach the merge.
        match reply.status.as_u16() {
            200 => device.next_seq = reply.body["next_device_seq"].as_i64().expect("next"),
            409 => {
                device.next_seq = reply.body["expected_device_seq"]
                    .as_i64()
                    .expect("expected")
            }
            _ => device.next_seq -= changes.len() as i64,
        }
        if reply.status.as_u16() == 200 {
            for outcome in reply.body["outcomes"].as_array().expect("outcomes") {
                *seen
                    .entry(outcome["status"].as_str().unwrap_or("").to_owned())
                    .or_default() += 1;
                if outcome["status"] == "rejected" {
                    assert_no_internals(&outcome["reason"]);
                }
            }
        } else {
            *seen.entry(reply.code().to_owned()).or_default() += 1;
        }

        // Accounts: a body of random fields.
        let path = ["/v1/auth/signup", "/v1/auth/login", "/v1/auth/refresh"][rng.below(3) as usize];
        let mut body = Map::new();
        for key in [
            "email",
            "password",
            "name",
            "device_id",
            "device_name",
            "trainer_id",
            "refresh_token",
        ] {
            if rng.below(2) == 0 {
                body.insert(key.to_owned(), random_json(&mut rng, 1));
            }
        }
        let body = Value::Object(body);
        let reply = client.post(path, None, &body).await;
        assert_handled(&reply, &format!("case {case}: {path} {body}"));

        // Pull: a random query string.
        let query = format!(
            "cursor={}&limit={}",
            random_json(&mut rng, 0).to_string().trim_matches('"'),
            random_json(&mut rng, 0).to_string().trim_matches('"')
        );
        let reply = client
            .get(&format!("/v1/sync/pull?{query}"), Some(&device.token))
            .await;
        assert_handled(&reply, &format!("case {case}: pull {query}"));
    }
    eprintln!("push answers: {seen:?}");
    if cases >= 300 {
        for expected in ["applied", "partial", "rejected", "invalid_body"] {
            assert!(seen.contains_key(expected), "no `{expected}` in {seen:?}");
        }
    }
    // After all that, the scope still reads and the seeded rows are intact in shape.
    let (rows, _, _) = client.pull_all(&device.token, 0).await;
    assert!(find(&rows, "users", device.trainer).is_some());
}
