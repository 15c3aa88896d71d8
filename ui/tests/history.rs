//! History: the empty state, sessions in the order given (newest first) with their totals, a
//! session expanding to its exercises and sets (asked for on opening), "edit" naming the date,
//! sets written in the user's unit (worked by hand), and the not-found state.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{
    ApiError, CalorieBasis, Day, ExerciseRef, ExerciseSummary, SessionSummary, SetView, TotalsView,
    WeightUnits, WorkoutExerciseView,
};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures, SetType};
use trainmate_ui::pages::history::{set_text, HistoryPage, HistoryPageProps};
use trainmate_ui::pages::members::Reply;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn by_testid<T: JsCast>(root: &Element, id: &str) -> Option<T> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .map(|e| e.dyn_into::<T>().unwrap())
}

fn text(root: &Element, id: &str) -> String {
    by_testid::<Element>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, id: &str) {
    by_testid::<web_sys::HtmlElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .click();
}

async fn tick() {
    sleep(Duration::from_millis(15)).await;
}

fn set(n: u32, reps: Option<u32>, weight_g: Option<u32>, duration_s: Option<u32>) -> SetView {
    SetView {
        set_id: Uuid::from_u128(100 + u128::from(n)),
        number: n,
        reps,
        weight_g,
        duration_s,
        distance_m: None,
        set_type: SetType::Working,
        notes: String::new(),
        logged_at: 0,
        recorded_by: Uuid::from_u128(1),
        editable: true,
        cal: 0,
        counted_s: 90,
        estimated: false,
    }
}

fn totals(sets: u32, volume_g: u64, duration_s: u64, cal: u64) -> TotalsView {
    TotalsView {
        sets,
        reps: 0,
        volume_g,
        duration_s,
        cal,
        estimated: false,
    }
}

fn session(date: &str, exercises: u32, t: TotalsView) -> SessionSummary {
    SessionSummary {
        workout_id: Uuid::from_u128(9),
        date: date.to_owned(),
        exercises,
        totals: t,
    }
}

fn day(date: &str) -> Day {
    let warm_up = SetView {
        set_type: SetType::WarmUp,
        ..set(1, Some(12), Some(20_000), None)
    };
    Day {
        member_id: Uuid::from_u128(2),
        date: date.to_owned(),
        workout_id: Some(Uuid::from_u128(9)),
        notes: String::new(),
        exercises: vec![WorkoutExerciseView {
            workout_exercise_id: Uuid::from_u128(50),
            exercise: ExerciseSummary {
                exercise: ExerciseRef::Catalog(3),
                body_part: BodyPart::Quads,
                equipment: Equipment::Barbell,
                name_ko: "스쿼트".to_owned(),
                name_en: "Squat".to_owned(),
                measures: Measures::Reps,
                load: Load::External,
                met_tenths: 50,
                compendium_code: None,
                favourite: false,
            },
            intensity: Intensity::ExerciseDefault,
            notes: String::new(),
            sets: vec![warm_up, set(2, Some(10), Some(40_000), Some(45))],
            totals: totals(2, 640_000, 45, 21_000),
            calories: CalorieBasis {
                met_tenths: 50,
                compendium_code: None,
                body_weight_g: 70_000,
                body_weight_date: None,
                body_weight_estimated: true,
            },
            previous: None,
        }],
        totals: totals(2, 640_000, 45, 21_000),
    }
}

#[wasm_bindgen_test]
fn sets_read_as_what_they_measured() {
    assert_eq!(
        set_text(&set(1, Some(10), Some(40_000), None), WeightUnits::Kg),
        "10 × 40 kg"
    );
    // 40_000 g / 453.59237 = 88.18 → 88.2 lb.
    assert_eq!(
        set_text(&set(1, Some(10), Some(40_000), None), WeightUnits::Lb),
        "10 × 88.2 lb"
    );
    assert_eq!(
        set_text(&set(1, Some(15), Some(0), None), WeightUnits::Kg),
        "15 × 0 kg"
    );
    assert_eq!(
        set_text(&set(1, None, None, Some(90)), WeightUnits::Kg),
        "1:30"
    );
    assert_eq!(set_text(&set(1, None, None, None), WeightUnits::Kg), "—");
}

fn props(sessions: Option<Result<Vec<SessionSummary>, ApiError>>) -> HistoryPageProps {
    HistoryPageProps {
        name: Some("박지민".to_owned()),
        sessions,
        units: WeightUnits::Kg,
        on_load_day: Callback::noop(),
        on_edit: Callback::noop(),
        on_back: Callback::noop(),
        on_start: Callback::noop(),
        on_retry: Callback::noop(),
    }
}

async fn render(props: HistoryPageProps) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<HistoryPage>::with_root_and_props(root.clone(), props).render();
    tick().await;
    root
}

#[wasm_bindgen_test]
async fn empty_loading_and_not_found() {
    let started = Rc::new(RefCell::new(0));
    let root = render(HistoryPageProps {
        on_start: {
            let started = started.clone();
            Callback::from(move |()| *started.borrow_mut() += 1)
        },
        ..props(Some(Ok(vec![])))
    })
    .await;
    assert!(text(&root, "history-empty").contains("start a session"));
    click(&root, "history-start");
    tick().await;
    assert_eq!(*started.borrow(), 1);

    let root = render(props(None)).await;
    assert!(by_testid::<Element>(&root, "history-loading").is_some());

    let root = render(props(Some(Err(ApiError::NotFound)))).await;
    assert!(text(&root, "history-not-found").contains("Member not found"));
    assert!(by_testid::<Element>(&root, "history-sessions").is_none());
}

#[wasm_bindgen_test]
async fn sessions_expand_to_exercises_and_sets_and_edit_opens_that_date() {
    let asked = Rc::new(RefCell::new(Vec::<String>::new()));
    let edited = Rc::new(RefCell::new(Vec::<String>::new()));
    let root = render(HistoryPageProps {
        on_load_day: {
            let asked = asked.clone();
            Callback::from(move |(date, done): (String, Reply<Day>)| {
                asked.borrow_mut().push(date.clone());
                done.emit(Ok(day(&date)));
            })
        },
        on_edit: {
            let edited = edited.clone();
            Callback::from(move |d| edited.borrow_mut().push(d))
        },
        ..props(Some(Ok(vec![
            session("2026-11-24", 1, totals(2, 640_000, 45, 21_000)),
            session("2026-11-20", 3, totals(12, 3_000_500, 3_725, 250_500)),
        ])))
    })
    .await;
    assert!(text(&root, "history").contains("박지민"));
    let order: Vec<String> = {
        let list = root.query_selector_all(".session").unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("data-testid")
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(
        order,
        ["history-session-2026-11-24", "history-session-2026-11-20"]
    );
    assert!(text(&root, "history-session-2026-11-20").contains("3 exercises"));
    assert_eq!(text(&root, "history-2026-11-20-time"), "1:02:05");
    // 250_500 cal = 250.5 kcal → 251 (half up).
    assert_eq!(text(&root, "history-2026-11-20-kcal"), "251");
    assert_eq!(text(&root, "history-2026-11-20-volume"), "3000.5 kg");
    assert_eq!(text(&root, "history-2026-11-20-sets"), "12");
    // Nothing asked for until a session is opened.
    assert!(asked.borrow().is_empty());
    assert!(by_testid::<Element>(&root, "history-day-2026-11-24").is_none());

    click(&root, "history-toggle-2026-11-24");
    tick().await;
    assert_eq!(*asked.borrow(), vec!["2026-11-24".to_owned()]);
    let detail = text(&root, "history-day-2026-11-24");
    assert!(detail.contains("Squat"), "{detail}");
    assert!(detail.contains("12 × 20 kg"), "{detail}");
    assert!(detail.contains("warm-up"), "{detail}");
    assert!(detail.contains("10 × 40 kg · 0:45"), "{detail}");
    // Closing hides it again.
    click(&root, "history-toggle-2026-11-24");
    tick().await;
    assert!(by_testid::<Element>(&root, "history-day-2026-11-24").is_none());

    click(&root, "history-edit-2026-11-20");
    tick().await;
    assert_eq!(*edited.borrow(), vec!["2026-11-20".to_owned()]);
}

/// Counts the session cards on screen.
fn session_cards(root: &Element) -> u32 {
    root.query_selector_all("[data-testid^=\"history-session-\"]")
        .unwrap()
        .length()
}

#[wasm_bindgen_test]
async fn seventy_sessions_show_thirty_at_a_time() {
    // 70 sessions, one a day from 2024-01-01, newest first as the command answers them.
    let list: Vec<SessionSummary> = (0..70u32)
        .rev()
        .map(|d| {
            session(
                &format!("2024-{:02}-{:02}", 1 + d / 28, 1 + d % 28),
                1,
                totals(1, 0, 0, 0),
            )
        })
        .collect();
    let root = render(props(Some(Ok(list)))).await;
    assert_eq!(session_cards(&root), 30);
    assert_eq!(text(&root, "history-more"), "Show older sessions (40 more)");
    click(&root, "history-more");
    tick().await;
    assert_eq!(session_cards(&root), 60);
    assert_eq!(text(&root, "history-more"), "Show older sessions (10 more)");
    click(&root, "history-more");
    tick().await;
    assert_eq!(session_cards(&root), 70);
    assert!(by_testid::<Element>(&root, "history-more").is_none());
}
