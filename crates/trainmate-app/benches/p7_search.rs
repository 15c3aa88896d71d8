//! P7: catalog and member search as you type, at the fixture size.
//!
//! Budget: p99 ≤ 5 ms per keystroke. Each query below is one keystroke's state while typing.
//! The limit measured in the same run: a plain lower-case substring scan over the same names
//! (catalog) and a plain SQL read plus substring filter of the same rows (members).

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;
use trainmate_api::*;

const TYPED: &[&str] = &[
    "ㅂ",
    "ㅂㅂ",
    "ㅂㅂㅅ",
    "바",
    "바벨",
    "바벨 ",
    "바벨 스",
    "바벨 스쿼",
    "b",
    "be",
    "ben",
    "benc",
    "bench",
    "bench p",
    "덤",
    "덤벨",
    "덤벨 컬",
    "ㄹ",
    "ㄹㅍ",
    "lat",
    "squat",
    "플랭",
    "ㅍㄹㅋ",
];

const MEMBER_TYPED: &[&str] = &["w", "wa", "wal", "walk", "walk-in 1", "walkin12", "fixture"];

fn main() {
    let (fixture_dir, built) = studio();
    let n = samples();
    let app = busiest_trainer_app(&fixture_dir, &built);
    println!("P7 search as you type — fixture {} sets", built.sets);

    let raw = rusqlite::Connection::open_with_flags(
        fixture_dir.join(trainmate_app::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("raw connection");
    let names: Vec<(String, String)> = raw
        .prepare("SELECT name_ko, name_en FROM exercises")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("names")
        .filter_map(Result::ok)
        .collect();
    let rounds = n.div_ceil(TYPED.len());
    let mut raw_catalog = Vec::with_capacity(rounds * TYPED.len());
    for round in 0..rounds + 1 {
        for query in TYPED {
            let start = Instant::now();
            let q = query.to_lowercase();
            let found: Vec<&(String, String)> = names
                .iter()
                .filter(|(ko, en)| ko.contains(&q) || en.to_lowercase().contains(&q))
                .take(50)
                .collect();
            let elapsed = start.elapsed();
            std::hint::black_box(found);
            if round > 0 {
                raw_catalog.push(elapsed);
            }
        }
    }
    let raw_catalog = stats(raw_catalog);
    print("limit: plain substring scan of the names", &raw_catalog);
    let mut catalog = Vec::with_capacity(rounds * TYPED.len());
    for round in 0..rounds + 1 {
        for query in TYPED {
            let start = Instant::now();
            let found = app
                .search_exercises(SearchArgs {
                    query: (*query).to_owned(),
                })
                .expect("search");
            let elapsed = start.elapsed();
            std::hint::black_box(found);
            if round > 0 {
                catalog.push(elapsed);
            }
        }
    }
    let catalog = stats(catalog);
    print("P7 search_exercises per keystroke", &catalog);

    let rounds = n.div_ceil(MEMBER_TYPED.len());
    let mut raw_members = Vec::with_capacity(rounds * MEMBER_TYPED.len());
    let mut unassigned = raw
        .prepare(
            "SELECT id, name, email FROM users
             WHERE user_type = 'member' AND trainer_id IS NULL AND _cl % 2 = 1",
        )
        .expect("prepare");
    for round in 0..rounds + 1 {
        for query in MEMBER_TYPED {
            let start = Instant::now();
            let q = query.to_lowercase();
            let found: Vec<(String, String, String)> = unassigned
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("query")
                .filter_map(Result::ok)
                .filter(|(_, name, email): &(String, String, String)| {
                    name.to_lowercase().contains(&q) || email.contains(&q)
                })
                .take(50)
                .collect();
            let elapsed = start.elapsed();
            std::hint::black_box(found);
            if round > 0 {
                raw_members.push(elapsed);
            }
        }
    }
    let raw_members = stats(raw_members);
    print("limit: plain SQL read + substring filter", &raw_members);
    let mut members = Vec::with_capacity(rounds * MEMBER_TYPED.len());
    for round in 0..rounds + 1 {
        for query in MEMBER_TYPED {
            let start = Instant::now();
            let found = app.dispatch("search_unassigned", json!({ "query": query }));
            let elapsed = start.elapsed();
            assert!(
                matches!(found, Some(Ok(_))),
                "member search failed: {found:?}"
            );
            if round > 0 {
                members.push(elapsed);
            }
        }
    }
    let members = stats(members);
    print("P7 search_unassigned per keystroke", &members);
    for (name, s, limit) in [
        ("catalog", &catalog, &raw_catalog),
        ("members", &members, &raw_members),
    ] {
        println!(
            "  budget {name} p99 ≤ 5 ms: {:.3} ms — {}; ratio to the plain scan {:.2}",
            ms(s.p99),
            verdict(ms(s.p99) <= 5.0),
            s.p99.as_secs_f64() / limit.p99.as_secs_f64()
        );
    }
    write_result(
        "p7_search",
        &json!({
            "conditions": conditions(built.sets),
            "catalog": stats_json(&catalog),
            "catalog_plain_scan": stats_json(&raw_catalog),
            "members": stats_json(&members),
            "members_plain_scan": stats_json(&raw_members),
        }),
    );
}
