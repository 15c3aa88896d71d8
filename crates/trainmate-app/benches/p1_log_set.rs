//! P1: log a set through the app layer at the fixture size (authorize, validate, insert, update
//! exercise and day totals, outbox record when capturing, durable commit).
//!
//! Budget: p99 ≤ fsync p99 + 1 ms; CPU part p99 ≤ 0.3 ms; p50 ≤ 1.5 × a raw durable single-row
//! transaction — both limits measured in this run, on the same disk, just before.

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;
use trainmate_api::*;

fn main() {
    let (fixture_dir, built) = studio();
    let data = copy_of(&fixture_dir);
    let n = samples();

    println!("P1 log a set — fixture {} sets", built.sets);
    let fsync = fsync_baseline(data.path(), n);
    let raw = raw_transaction_baseline(data.path(), n);
    print("limit: fsync (64 B append)", &fsync);
    print("limit: raw durable single-row transaction", &raw);

    let app = busiest_trainer_app(data.path(), &built);
    let members: Vec<MemberSummary> = app.list_members(NoArgs {}).expect("members");
    let members: Vec<_> = members.iter().filter(|m| !m.is_self).collect();

    // Realistic sessions: each member's new day gets 6 exercises × 4 sets; only log_set is timed.
    let mut wall = Vec::with_capacity(n);
    let mut cpu = Vec::with_capacity(n);
    let (mut user, mut system) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let mut workout_exercise = None;
    let warm_up = 50;
    for i in 0..n + warm_up {
        if i % 4 == 0 {
            let session = i / 24;
            let member = members[session % members.len()];
            let date = format!(
                "2099-{:02}-{:02}",
                1 + (session / 28) % 12,
                1 + session % 28
            );
            let day = app
                .add_workout_exercise(AddWorkoutExerciseArgs {
                    member_id: member.member_id,
                    date,
                    exercise: ExerciseRef::Catalog(9 + (i as u32 / 4) % 6),
                })
                .expect("add exercise");
            workout_exercise = day.exercises.last().map(|e| e.workout_exercise_id);
        }
        let args = LogSetArgs {
            workout_exercise_id: workout_exercise.expect("exercise"),
            fields: SetFields {
                reps: Some(10),
                weight_g: Some(42_500),
                ..SetFields::default()
            },
        };
        let (start, cpu_start, split_start) =
            (Instant::now(), thread_cpu_time(), thread_cpu_split());
        app.log_set(args).expect("log set");
        let (elapsed, cpu_elapsed) = (start.elapsed(), thread_cpu_time() - cpu_start);
        let split_end = thread_cpu_split();
        if i >= warm_up {
            wall.push(elapsed);
            cpu.push(cpu_elapsed);
            user += split_end.0 - split_start.0;
            system += split_end.1 - split_start.1;
        }
    }
    let (wall, cpu) = (stats(wall), stats(cpu));
    print("P1 log_set (wall)", &wall);
    print("P1 log_set (CPU of the calling thread)", &cpu);
    println!(
        "  CPU mean split: user {:.3} ms, kernel {:.3} ms (WAL writes and fsync)",
        ms(user) / n as f64,
        ms(system) / n as f64
    );

    let p99_limit = fsync.p99 + std::time::Duration::from_millis(1);
    let ratio = wall.p50.as_secs_f64() / raw.p50.as_secs_f64();
    println!(
        "  budget p99 ≤ fsync p99 + 1 ms = {:.3} ms: {:.3} ms — {}",
        ms(p99_limit),
        ms(wall.p99),
        verdict(wall.p99 <= p99_limit)
    );
    println!(
        "  budget CPU p99 ≤ 0.300 ms: {:.3} ms — {}",
        ms(cpu.p99),
        verdict(cpu.p99.as_secs_f64() <= 0.000_3)
    );
    println!(
        "  ratio p50 / raw transaction p50 = {ratio:.2} (budget ≤ 1.5) — {}",
        verdict(ratio <= 1.5)
    );
    write_result(
        "p1_log_set",
        &json!({
            "conditions": conditions(built.sets),
            "fsync": stats_json(&fsync),
            "raw_transaction": stats_json(&raw),
            "log_set_wall": stats_json(&wall),
            "log_set_cpu": stats_json(&cpu),
            "log_set_cpu_mean_user_ms": ms(user) / n as f64,
            "log_set_cpu_mean_kernel_ms": ms(system) / n as f64,
            "p99_limit_ms": ms(p99_limit),
            "ratio_p50_to_raw": ratio,
        }),
    );
}
