//! Two devices of one trainer work offline for a week — new days and exercises, sets logged,
//! edited and deleted on both, syncing now and then — and end equal. The model kept here (which
//! sets each device created and deleted) is the oracle for what must survive; totals are checked
//! by the app tests' own SQL. Seeds: `TRAINMATE_WEEK_SEEDS` (default 3).

mod common;

use std::collections::BTreeSet;

use common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use trainmate_api::*;

fn live(device: &Device, sql: &str) -> Vec<String> {
    device
        .sql()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn live_sets(device: &Device) -> BTreeSet<String> {
    live(
        device,
        "SELECT s.id FROM exercise_sets s JOIN workout_exercises we ON we.id = s.workout_exercise_id
         WHERE s._cl % 2 = 1 AND we._cl % 2 = 1",
    )
    .into_iter()
    .collect()
}

/// One offline action on `device`; records created and deleted sets in the model.
fn act(
    rng: &mut StdRng,
    device: &Device,
    member: &User,
    day: u32,
    created: &mut BTreeSet<String>,
    deleted: &mut BTreeSet<String>,
) {
    let date = format!("2026-03-{:02}", day + 2);
    let exercises = live(
        device,
        &format!(
            "SELECT id FROM workout_exercises WHERE _cl % 2 = 1 AND workout_date = '{date}'
             ORDER BY id"
        ),
    );
    let sets: Vec<String> = live_sets(device).into_iter().collect();
    match rng.gen_range(0..10) {
        0 | 1 if exercises.len() < 3 => {
            let catalog = [WEIGHTED_PUSH_UP, DUMBBELL_FLY, BARBELL_SQUAT][rng.gen_range(0..3)];
            add_exercise(&device.app, member, &date, ExerciseRef::Catalog(catalog));
        }
        0..=5 if !exercises.is_empty() => {
            let we = &exercises[rng.gen_range(0..exercises.len())];
            let change = log(
                &device.app,
                we.parse().unwrap(),
                fields(
                    Some(rng.gen_range(1..20)),
                    Some(rng.gen_range(0..200) * 500),
                    None,
                ),
            );
            created.insert(change.set.unwrap().set_id.to_string());
        }
        6..=8 if !sets.is_empty() => {
            let set = &sets[rng.gen_range(0..sets.len())];
            let f = if rng.gen_bool(0.5) {
                fields(Some(rng.gen_range(1..20)), Some(20_000), None)
            } else {
                fields(Some(10), Some(rng.gen_range(0..200) * 500), None)
            };
            device
                .app
                .update_set(UpdateSetArgs {
                    set_id: set.parse().unwrap(),
                    fields: f,
                })
                .expect("update set");
        }
        9 if !sets.is_empty() => {
            let set = &sets[rng.gen_range(0..sets.len())];
            device
                .app
                .delete_set(SetRef {
                    set_id: set.parse().unwrap(),
                })
                .expect("delete set");
            deleted.insert(set.clone());
        }
        _ => {
            if !exercises.is_empty() {
                let we = &exercises[0];
                let change = log(
                    &device.app,
                    we.parse().unwrap(),
                    fields(Some(5), Some(0), None),
                );
                created.insert(change.set.unwrap().set_id.to_string());
            } else {
                add_exercise(&device.app, member, &date, ExerciseRef::Catalog(PUSH_UP));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_working_offline_for_a_week_end_equal() {
    let seeds: u64 = std::env::var("TRAINMATE_WEEK_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for seed in 0..seeds {
        let server = Server::start().await;
        let a = Device::new("tablet");
        let coach = trainer_in(&a.app, "Coach");
        let member = member_in(&a.app, &coach, "Mina");
        sign_in(&a.app, &coach);
        link(&a, &server, &coach, true).await;
        a.engine.sync_scope(coach.id).await.unwrap();
        let b = fresh_device(&server, &coach, "phone").await;
        sign_in(&b.app, &coach);

        let mut rng = StdRng::seed_from_u64(seed);
        let (mut created, mut deleted) = (BTreeSet::new(), BTreeSet::new());
        for day in 0..7 {
            for _ in 0..rng.gen_range(5..15) {
                let device = if rng.gen_bool(0.5) { &a } else { &b };
                device.clock.advance_ms(rng.gen_range(1_000..60_000));
                act(&mut rng, device, &member, day, &mut created, &mut deleted);
                // Now and then one device finds a connection.
                if rng.gen_ratio(1, 8) {
                    let device = if rng.gen_bool(0.5) { &a } else { &b };
                    device.engine.sync_scope(coach.id).await.unwrap();
                }
            }
        }
        for device in [&a, &b, &a, &b] {
            device.engine.sync_scope(coach.id).await.unwrap();
        }
        let (da, db) = (a.dump(), b.dump());
        let only_a: Vec<_> = da.iter().filter(|r| !db.contains(r)).collect();
        let only_b: Vec<_> = db.iter().filter(|r| !da.contains(r)).collect();
        assert!(
            only_a.is_empty() && only_b.is_empty(),
            "seed {seed}: the devices differ\nonly on A: {only_a:#?}\nonly on B: {only_b:#?}"
        );
        for device in [&a, &b] {
            assert_eq!(
                device.count("SELECT COUNT(*) FROM outbox"),
                0,
                "seed {seed}"
            );
            assert_eq!(
                device.count("SELECT COUNT(*) FROM sync_inbox"),
                0,
                "seed {seed}"
            );
            assert_eq!(
                device.app.sync_rejected(coach.id).unwrap(),
                vec![],
                "seed {seed}: nothing refused"
            );
            assert_totals_match(&device.sql());
        }
        // Every set either device logged is there unless one of them deleted it.
        let expected: BTreeSet<String> = created.difference(&deleted).cloned().collect();
        let sets = live_sets(&a);
        let live_created: BTreeSet<String> = sets.intersection(&created).cloned().collect();
        assert_eq!(live_created, expected, "seed {seed}");
    }
}
