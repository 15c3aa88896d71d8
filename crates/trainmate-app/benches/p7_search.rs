//! P7: catalog and member search as you type, at the fixture size.
//!
//! Budget: p99 ≤ 5 ms per keystroke. Each query below is one keystroke's state while typing.

mod support;

use std::time::Instant;

use serde_json::json;
use support::*;
use trainmate_api::*;
use trainmate_store::fixture;

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
    let app = trainmate_app::App::open(&fixture_dir).expect("open fixture");
    app.sign_in(SignInArgs {
        email: built.busiest_trainer_email.clone(),
        password: fixture::PASSWORD.to_owned(),
        keep_signed_in: false,
    })
    .expect("sign in");
    println!("P7 search as you type — fixture {} sets", built.sets);

    let rounds = n.div_ceil(TYPED.len());
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
    for (name, s) in [("catalog", &catalog), ("members", &members)] {
        println!(
            "  budget {name} p99 ≤ 5 ms: {:.3} ms — {}",
            ms(s.p99),
            verdict(ms(s.p99) <= 5.0)
        );
    }
    write_result(
        "p7_search",
        &json!({
            "conditions": conditions(built.sets),
            "catalog": stats_json(&catalog),
            "members": stats_json(&members),
        }),
    );
}
