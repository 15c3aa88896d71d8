//! Parallel saves through the app layer (domain.md fault 6: the original raced on set numbers).

mod support;

use std::sync::{Arc, Barrier};

use support::*;
use trainmate_api::*;

const THREADS: usize = 8;
const SETS_PER_THREAD: usize = 50;

#[test]
fn regression_6_parallel_saves_do_not_race_on_set_numbers() {
    let t = TestApp::new();
    let trainer = trainer(&t, "Trainer");
    let member = member_of(&t, &trainer, "Member");
    sign_in(&t.app, &trainer);
    let we = add_exercise(
        &t.app,
        &member,
        "2026-03-02",
        ExerciseRef::Catalog(DUMBBELL_FLY),
    );
    let TestApp { dir, app, .. } = t;
    let app = Arc::new(app);
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|thread| {
            let app = Arc::clone(&app);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                (0..SETS_PER_THREAD)
                    .map(|i| {
                        // Distinct reps per thread and weights per set, so every set is traceable.
                        let reps = (thread + 1) as i64;
                        let weight = (i as i64 + 1) * 500;
                        let change = app
                            .log_set(LogSetArgs {
                                workout_exercise_id: we,
                                fields: fields(Some(reps), Some(weight), None),
                            })
                            .expect("a parallel save succeeds");
                        change.set.unwrap().set_id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut saved: Vec<uuid::Uuid> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("no thread panicked"))
        .collect();
    let total = THREADS * SETS_PER_THREAD;
    assert_eq!(saved.len(), total);

    let conn = read_only(&db_path(dir.path()));
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM exercise_sets"),
        total as i64,
        "all kept"
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT order_key) FROM exercise_sets"),
        total as i64,
        "order keys unique"
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT id) FROM exercise_sets"),
        total as i64
    );

    // Every returned id is stored, and the view numbers them 1..=400 without gaps.
    let day = day_view(&app, &member, "2026-03-02");
    let sets = &day.exercises[0].sets;
    let numbers: Vec<u32> = sets.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=total as u32).collect::<Vec<_>>());
    let mut shown: Vec<uuid::Uuid> = sets.iter().map(|s| s.set_id).collect();
    shown.sort();
    saved.sort();
    assert_eq!(shown, saved);
    // Each thread's own sets appear in the order it saved them (a set is appended after the
    // last one committed).
    for thread in 1..=THREADS as u32 {
        let weights: Vec<u32> = sets
            .iter()
            .filter(|s| s.reps == Some(thread))
            .map(|s| s.weight_g.unwrap())
            .collect();
        let expected: Vec<u32> = (1..=SETS_PER_THREAD as u32).map(|i| i * 500).collect();
        assert_eq!(weights, expected, "thread {thread}");
    }

    // Totals equal SQL aggregates: reps Σ(thread+1)×50 = 50 × 36 = 1_800;
    // volume Σ reps × weight = Σ_t (t × 500 × Σ_i i) = 36 × 500 × 1_275 = 22_950_000 g.
    let (sets_sql, reps_sql, volume_sql): (i64, i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), SUM(reps), SUM(reps * weight_g) FROM exercise_sets
             WHERE _cl % 2 = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((sets_sql, reps_sql, volume_sql), (400, 1_800, 22_950_000));
    assert_eq!(day.totals.sets, 400);
    assert_eq!(day.totals.reps, 1_800);
    assert_eq!(day.totals.volume_g, 22_950_000);
    // 400 × 6_125 cal (MET 3.5, 70 kg, 90 s).
    assert_eq!(day.totals.cal, 2_450_000);
    assert_totals_match(&conn);
}
