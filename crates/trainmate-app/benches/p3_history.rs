//! P3: one member's history at the fixture size — the session list with day totals over three
//! years, and one day's exercises and sets.
//!
//! Budget: p99 ≤ 5 ms for the list and ≤ 2 ms for a day; ≤ 3 × a raw indexed read of the same
//! rows, measured in this run.

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;
use trainmate_api::*;

fn raw_sessions(conn: &rusqlite::Connection, member: &str) -> usize {
    let mut statement = conn
        .prepare_cached(
            "SELECT workout_id, workout_date, exercises, sets, reps, volume_g, duration_s, cal,
                    estimated_sets
             FROM daily_workout_totals WHERE member_id = ?1 AND sets > 0
             ORDER BY workout_date DESC",
        )
        .expect("prepare");
    let rows = statement
        .query_map([member], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })
        .expect("query");
    rows.count()
}

/// The rows `get_day` shows: the day's exercises with their totals and sets, and for each the
/// sets of the previous session with the same exercise (one index seek each).
fn raw_day(conn: &rusqlite::Connection, member: &str, date: &str) -> usize {
    let mut exercises = conn
        .prepare_cached(
            "SELECT we.id, we.catalog_exercise_id, we.intensity, we.notes, t.sets, t.reps,
                    t.volume_g, t.duration_s, t.cal
             FROM daily_workouts dw JOIN workout_exercises we ON we.workout_id = dw.id
             JOIN workout_exercise_totals t ON t.workout_exercise_id = we.id
             WHERE dw.member_id = ?1 AND dw.workout_date = ?2 ORDER BY we.order_key, we.id",
        )
        .expect("prepare");
    let mut sets = conn
        .prepare_cached(
            "SELECT id, reps, weight_g, duration_s, distance_m, set_type, notes, logged_at
             FROM exercise_sets WHERE workout_exercise_id = ?1 ORDER BY order_key, id",
        )
        .expect("prepare");
    let mut previous = conn
        .prepare_cached(
            "SELECT id FROM workout_exercises WHERE member_id = ?1 AND catalog_exercise_id = ?2
             AND workout_date < ?3 ORDER BY workout_date DESC LIMIT 1",
        )
        .expect("prepare");
    let current: Vec<(String, i64)> = exercises
        .query_map([member, date], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .filter_map(Result::ok)
        .collect();
    let mut ids: Vec<String> = current.iter().map(|(id, _)| id.clone()).collect();
    for (_, exercise) in &current {
        if let Ok(id) = previous.query_row(rusqlite::params![member, exercise, date], |r| r.get(0))
        {
            ids.push(id);
        }
    }
    ids.iter()
        .map(|id| {
            sets.query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .expect("query")
            .count()
        })
        .sum()
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..20 {
        std::hint::black_box(f());
    }
    stats(
        (0..n)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let (fixture_dir, built) = studio();
    let n = samples();
    let app = busiest_trainer_app(&fixture_dir, &built);
    let member = built.busiest_member_id.clone();
    let member_id: uuid::Uuid = member.parse().expect("member id");
    let sessions = app
        .list_sessions(ListSessionsArgs {
            member_id,
            from: None,
            to: None,
        })
        .expect("sessions");
    let day = sessions[sessions.len() / 2].date.clone();
    let raw = rusqlite::Connection::open_with_flags(
        fixture_dir.join(trainmate_app::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("raw connection");

    println!(
        "P3 history — fixture {} sets; member with {} sessions; day {day}",
        built.sets,
        sessions.len()
    );
    let raw_list = time(n, || raw_sessions(&raw, &member));
    let list = time(n, || {
        app.list_sessions(ListSessionsArgs {
            member_id,
            from: None,
            to: None,
        })
        .expect("list")
    });
    let raw_one = time(n, || raw_day(&raw, &member, &day));
    let one = time(n, || {
        app.get_day(DayRef {
            member_id,
            date: day.clone(),
        })
        .expect("day")
    });
    print("limit: raw indexed read of the session rows", &raw_list);
    print("P3 list_sessions (3 years)", &list);
    print(
        "limit: raw read of the day's rows and previous sets",
        &raw_one,
    );
    print("P3 get_day (one day, with previous performance)", &one);
    let list_ratio = list.p99.as_secs_f64() / raw_list.p99.as_secs_f64();
    let day_ratio = one.p99.as_secs_f64() / raw_one.p99.as_secs_f64();
    println!(
        "  budget list p99 ≤ 5 ms: {:.3} ms — {}; ratio to raw {list_ratio:.2} (≤ 3) — {}",
        ms(list.p99),
        verdict(ms(list.p99) <= 5.0),
        verdict(list_ratio <= 3.0)
    );
    println!(
        "  budget day p99 ≤ 2 ms: {:.3} ms — {}; ratio to raw {day_ratio:.2} (≤ 3) — {}",
        ms(one.p99),
        verdict(ms(one.p99) <= 2.0),
        verdict(day_ratio <= 3.0)
    );
    write_result(
        "p3_history",
        &json!({
            "conditions": conditions(built.sets),
            "sessions": sessions.len(),
            "raw_list": stats_json(&raw_list),
            "list_sessions": stats_json(&list),
            "raw_day": stats_json(&raw_one),
            "get_day": stats_json(&one),
            "list_ratio_p99": list_ratio,
            "day_ratio_p99": day_ratio,
        }),
    );
}
