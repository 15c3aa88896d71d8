//! sync.md test 8, the server's side of it: random edits on two or three devices of one trainer,
//! random push and pull steps over a faulty link (lost requests, lost answers, duplicates) and
//! server restarts, always end with
//! - every device equal to the server (each device is a small model written here: local rows, an
//!   outbox, a cursor; a pulled page overwrites rows and re-applies on top the pending edits
//!   the server has not acknowledged);
//! - every change applied exactly once (one seq per change id, no seq twice, head = count);
//! - every user edit either in the final state or kept as a conflict's lost value, unless a
//!   later edit of the same cell had seen it.
//!
//! `TRAINMATE_SYNC_CASES` sets the number of cases (default 200); a failure names its case.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::*;
use serde_json::{json, Map, Value};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
struct Local {
    cl: i64,
    seq: i64,
    columns: Map<String, Value>,
}

struct Pending {
    change: Value,
    row: Uuid,
    columns: Map<String, Value>,
}

struct ModelDevice {
    device: Device,
    rows: BTreeMap<Uuid, Local>,
    outbox: Vec<Pending>,
    cursor: i64,
    clock: i64,
    skew: i64,
}

/// One column value a user wrote: which change, which cell, which value.
struct Edit {
    change_id: String,
    device: usize,
    device_seq: i64,
    base_seq: i64,
    row: Uuid,
    column: String,
    value: Value,
}

impl ModelDevice {
    /// Applies a change's effect locally (the device's own write, or a pending edit re-applied
    /// on top of a pulled row).
    fn apply_local(&mut self, row: Uuid, columns: &Map<String, Value>) {
        let local = self.rows.entry(row).or_insert(Local {
            cl: 1,
            seq: 0,
            columns: Map::new(),
        });
        for (name, value) in columns {
            if name == "_cl" {
                local.cl = local.cl.max(value.as_i64().expect("cl"));
            } else {
                local.columns.insert(name.clone(), value.clone());
            }
        }
    }
}

#[tokio::test]
async fn random_edits_pushes_pulls_and_faults_always_converge() {
    let cases: u64 = std::env::var("TRAINMATE_SYNC_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    for case in 0..cases {
        run_case(case).await;
    }
}

async fn run_case(case: u64) {
    let mut rng = Rng(case.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
    let mut server = TestServer::start_in_memory().await;
    let mut client = server.client();
    let email = "kim@example.com";
    let mut first = Device::sign_up(&client, email).await;
    let fixture = seed(&client, &mut first, 3, T0).await; // seqs 1–7
    let seed_count = 7;
    let device_count = 2 + rng.below(2) as usize;
    let mut devices = vec![first];
    for _ in 1..device_count {
        devices.push(Device::sign_in(&client, email).await);
    }
    let mut devices: Vec<ModelDevice> = devices
        .into_iter()
        .map(|device| ModelDevice {
            device,
            rows: BTreeMap::new(),
            outbox: Vec::new(),
            cursor: 0,
            clock: T0,
            skew: rng.below(60_001) as i64 - 30_000,
        })
        .collect();
    // Everyone starts from the seeded state.
    for device in &mut devices {
        pull_page(&client, device, 100).await;
    }

    let mut edits: Vec<Edit> = Vec::new();
    let mut seq_of: HashMap<String, i64> = HashMap::new();
    let mut sets: Vec<Uuid> = fixture.sets.clone();
    let steps = 30 + rng.below(31);
    for step in 0..steps {
        let d = rng.below(device_count as u64) as usize;
        match rng.below(10) {
            0..=4 => local_edit(
                &mut rng,
                &mut devices[d],
                d,
                &fixture,
                &mut sets,
                &mut edits,
                step,
            ),
            5..=6 => {
                push_step(&mut rng, &client, &mut devices[d], &mut seq_of, true, case).await;
            }
            7..=8 => {
                let limit = 1 + rng.below(6) as u32;
                pull_page(&client, &mut devices[d], limit).await;
            }
            _ => {
                // A restart: the server keeps nothing but its database.
                if rng.below(4) == 0 {
                    server.restart().await;
                    client = server.client();
                }
            }
        }
    }
    // Drain: push everything (the link still loses answers; bounded), then pull to the end.
    for _round in 0..100 {
        if devices.iter().all(|d| d.outbox.is_empty()) {
            break;
        }
        for device in &mut devices {
            push_step(&mut rng, &client, device, &mut seq_of, true, case).await;
        }
    }
    for device in &mut devices {
        assert!(device.outbox.is_empty(), "case {case}: outbox drained");
        while pull_page(&client, device, 50).await {}
    }

    // The server's state, read from scratch.
    let (rows, conflicts, head) = client.pull_all(&devices[0].device.token, 0).await;
    let server_sets: BTreeMap<Uuid, Local> = rows
        .iter()
        .filter(|r| r["table"] == "exercise_sets")
        .map(|r| {
            (
                Uuid::parse_str(r["row_id"].as_str().expect("id")).expect("uuid"),
                Local {
                    cl: r["cl"].as_i64().expect("cl"),
                    seq: r["seq"].as_i64().expect("seq"),
                    columns: r["columns"].as_object().expect("columns").clone(),
                },
            )
        })
        .collect();

    // 1. Convergence.
    for (d, device) in devices.iter().enumerate() {
        assert_eq!(
            device.rows, server_sets,
            "case {case}: device {d} differs from the server"
        );
    }

    // 2. Exactly once: one seq per change, no seq twice, and the head counts them all.
    let distinct: BTreeSet<i64> = seq_of.values().copied().collect();
    assert_eq!(
        distinct.len(),
        seq_of.len(),
        "case {case}: a seq was given twice"
    );
    assert_eq!(
        head,
        seed_count + seq_of.len() as i64,
        "case {case}: the head counts every change once"
    );

    // 3. No edit lost silently.
    let lost: BTreeSet<(String, String, String)> = conflicts
        .iter()
        .map(|c| {
            (
                c["row_id"].as_str().expect("row").to_owned(),
                c["column"].as_str().expect("column").to_owned(),
                c["lost"].to_string(),
            )
        })
        .collect();
    for edit in &edits {
        let same_cell = |other: &&Edit| other.row == edit.row && other.column == edit.column;
        // The seqs at which this edit's value was written to the cell (by it, or by an equal
        // edit: equal values merge without a conflict).
        let written: Vec<i64> = edits
            .iter()
            .filter(same_cell)
            .filter(|other| other.value == edit.value)
            .map(|other| seq_of[&other.change_id])
            .collect();
        let seen_later = edits.iter().filter(same_cell).any(|other| {
            !std::ptr::eq(other, edit)
                && ((other.device == edit.device && other.device_seq > edit.device_seq)
                    || written.iter().any(|seq| other.base_seq >= *seq))
        });
        if seen_later {
            continue;
        }
        let final_value = server_sets
            .get(&edit.row)
            .and_then(|r| r.columns.get(&edit.column))
            .cloned()
            .unwrap_or(Value::Null);
        let kept_as_conflict = lost.contains(&(
            edit.row.to_string(),
            edit.column.clone(),
            edit.value.to_string(),
        ));
        if final_value != edit.value && !kept_as_conflict {
            let history: Vec<String> = edits
                .iter()
                .filter(same_cell)
                .map(|e| {
                    format!(
                        "device {} #{} base {} → seq {}: {}",
                        e.device, e.device_seq, e.base_seq, seq_of[&e.change_id], e.value
                    )
                })
                .collect();
            let cell_conflicts: Vec<&Value> = conflicts
                .iter()
                .filter(|c| c["row_id"] == edit.row.to_string() && c["column"] == edit.column)
                .collect();
            panic!(
                "case {case}: the edit {}={} (device {} #{}) is lost; final {final_value}\n\
                 edits of the cell:\n{}\nconflicts: {cell_conflicts:?}",
                edit.column,
                edit.value,
                edit.device,
                edit.device_seq,
                history.join("\n")
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn local_edit(
    rng: &mut Rng,
    device: &mut ModelDevice,
    d: usize,
    fixture: &Fixture,
    sets: &mut Vec<Uuid>,
    edits: &mut Vec<Edit>,
    step: u64,
) {
    device.clock = device.clock.max(T0 + step as i64 * 10 + device.skew) + 1;
    let known: Vec<Uuid> = device
        .rows
        .keys()
        .copied()
        .filter(|id| sets.contains(id))
        .collect();
    let choice = rng.below(10);
    let (row, op, columns, base_seq) = if choice == 0 || known.is_empty() {
        let id = Uuid::now_v7();
        sets.push(id);
        let row = set_row(
            fixture.exercise,
            &format!("k{step:03}d{d}"),
            rng.below(20) as i64,
            rng.below(40) as i64 * 2_500,
            device.device.trainer,
            T0,
        );
        (id, "upsert", row.as_object().expect("object").clone(), 0)
    } else {
        let id = known[rng.below(known.len() as u64) as usize];
        let local = &device.rows[&id];
        let base = local.seq;
        match choice {
            1 => {
                let op = if local.cl % 2 == 1 {
                    "delete"
                } else {
                    "undelete"
                };
                let mut columns = Map::new();
                columns.insert("_cl".into(), json!(local.cl + 1));
                (id, op, columns, base)
            }
            _ => {
                let mut columns = Map::new();
                match rng.below(3) {
                    0 => {
                        columns.insert("reps".into(), json!(rng.below(20)));
                    }
                    1 => {
                        columns.insert("weight_g".into(), json!(rng.below(40) * 2_500));
                        columns.insert("reps".into(), json!(rng.below(20)));
                    }
                    _ => {
                        columns.insert("notes".into(), json!(format!("n{}", rng.below(4))));
                    }
                }
                (id, "upsert", columns, base)
            }
        }
    };
    let change = device.device.change(
        "exercise_sets",
        row,
        op,
        Value::Object(columns.clone()),
        base_seq,
        device.clock,
    );
    for (name, value) in &columns {
        if name != "_cl" {
            edits.push(Edit {
                change_id: change["change_id"].as_str().expect("id").to_owned(),
                device: d,
                device_seq: change["device_seq"].as_i64().expect("seq"),
                base_seq,
                row,
                column: name.clone(),
                value: value.clone(),
            });
        }
    }
    device.apply_local(row, &columns);
    device.outbox.push(Pending {
        change,
        row,
        columns,
    });
}

/// Pushes up to four pending changes over a link that loses requests and answers and
/// duplicates deliveries. Acknowledged changes leave the outbox.
async fn push_step(
    rng: &mut Rng,
    client: &Client,
    device: &mut ModelDevice,
    seq_of: &mut HashMap<String, i64>,
    faulty: bool,
    case: u64,
) {
    let batch: Vec<Value> = device
        .outbox
        .iter()
        .take(4)
        .map(|p| p.change.clone())
        .collect();
    if batch.is_empty() {
        return;
    }
    if faulty && rng.below(6) == 0 {
        return; // the request never arrived
    }
    let deliveries = if faulty && rng.below(4) == 0 { 2 } else { 1 };
    let mut answer = None;
    for _ in 0..deliveries {
        let body = client.push(&device.device.token, &batch).await.expect(200);
        for outcome in body["outcomes"].as_array().expect("outcomes") {
            let id = outcome["change_id"].as_str().expect("id").to_owned();
            let effective = if outcome["status"] == "duplicate" {
                &outcome["original"]
            } else {
                outcome
            };
            assert!(
                effective["status"] == "applied" || effective["status"] == "partial",
                "case {case}: a valid change was refused: {outcome}"
            );
            let seq = effective["seq"].as_i64().expect("seq");
            let previous = seq_of.insert(id, seq);
            assert!(
                previous.is_none_or(|p| p == seq),
                "case {case}: one change, two seqs"
            );
        }
        answer = Some(body);
    }
    if faulty && rng.below(6) == 0 {
        return; // the answer was lost
    }
    if answer.is_some() {
        device.outbox.drain(..batch.len());
    }
}

/// Applies one pull page the way the device does: pulled rows replace local ones, then the
/// device's pending edits of those rows are re-applied on top. Answers `has_more`.
async fn pull_page(client: &Client, device: &mut ModelDevice, limit: u32) -> bool {
    let page = client
        .pull(&device.device.token, device.cursor, limit)
        .await
        .expect(200);
    let mut touched = Vec::new();
    for row in page["rows"].as_array().expect("rows") {
        if row["table"] != "exercise_sets" {
            continue;
        }
        let id = Uuid::parse_str(row["row_id"].as_str().expect("id")).expect("uuid");
        device.rows.insert(
            id,
            Local {
                cl: row["cl"].as_i64().expect("cl"),
                seq: row["seq"].as_i64().expect("seq"),
                columns: row["columns"].as_object().expect("columns").clone(),
            },
        );
        touched.push(id);
    }
    // Changes the server already applied (their answer was lost) are in the rows already.
    let acknowledged = page["acknowledged_device_seq"]
        .as_i64()
        .expect("acknowledged");
    let pending: Vec<(Uuid, Map<String, Value>)> = device
        .outbox
        .iter()
        .filter(|p| touched.contains(&p.row))
        .filter(|p| p.change["device_seq"].as_i64().expect("seq") > acknowledged)
        .map(|p| (p.row, p.columns.clone()))
        .collect();
    for (row, columns) in pending {
        device.apply_local(row, &columns);
    }
    device.cursor = page["cursor"].as_i64().expect("cursor");
    page["has_more"].as_bool().expect("has_more")
}
