//! The logger's pieces with logic: the stepper (steps, 0.5 kg / 1 lb, clamping at 0, direct
//! entry, holding), the kg/lb display, the stopwatch (start/stop, only one running), the rest
//! timer, and the page's handling of a day (empty state, read-only sets, copying and logging).
//! Every expected value is worked out by hand in the comments.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{
    ApiError, CalorieBasis, Day, ExerciseRef, ExerciseSummary, FieldError, LogSetArgs,
    PreviousPerformance, PreviousSet, Rule, SetChange, SetView, TotalsView, UpdateSetArgs,
    WeightUnits, WorkoutExerciseView,
};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures, SetType};
use trainmate_core::units::{StepDirection, WeightUnit};
use trainmate_ui::components::stepper::{
    parse_entry, step_value, weight_text, StepKind, Stepper, StepperProps,
};
use trainmate_ui::components::timers::{
    clock_text, Clock, RestTimer, RestTimerProps, Stopwatch, StopwatchProps, Stopwatches,
};
use trainmate_ui::pages::logger::{
    apply_set_change, kcal_tenths_text, kcal_text, move_args, parse_clock, LoggerActions,
    LoggerPage, LoggerPageProps,
};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn find<T: JsCast>(root: &Element, id: &str) -> Option<T> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .map(|e| e.dyn_into::<T>().unwrap())
}

fn text(root: &Element, id: &str) -> String {
    find::<Element>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .text_content()
        .unwrap_or_default()
}

fn value(root: &Element, id: &str) -> String {
    find::<HtmlInputElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .value()
}

fn click(root: &Element, id: &str) {
    find::<web_sys::HtmlElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .click();
}

fn enter(root: &Element, id: &str, typed: &str) {
    let input: HtmlInputElement = find(root, id).unwrap_or_else(|| panic!("no {id}"));
    input.set_value(typed);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
    input
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
}

fn fire(root: &Element, id: &str, event: &str) {
    find::<Element>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .dispatch_event(&Event::new(event).unwrap())
        .unwrap();
}

async fn tick() {
    sleep(Duration::from_millis(30)).await;
}

// ---------------------------------------------------------------------------------------------
// Pure rules

#[wasm_bindgen_test]
fn steps_are_one_rep_half_a_kilogram_or_one_pound_and_never_go_below_zero() {
    use StepDirection::{Down, Up};
    assert_eq!(step_value(StepKind::Reps, 10, Up, false), 11);
    assert_eq!(step_value(StepKind::Reps, 10, Down, false), 9);
    assert_eq!(step_value(StepKind::Reps, 0, Down, false), 0);
    // Big step: 5 reps; 3 − 5 stops at 0.
    assert_eq!(step_value(StepKind::Reps, 10, Up, true), 15);
    assert_eq!(step_value(StepKind::Reps, 3, Down, true), 0);
    assert_eq!(step_value(StepKind::Reps, 1_000, Up, false), 1_000);

    let kg = StepKind::Weight(WeightUnit::Kg);
    assert_eq!(step_value(kg, 20_000, Up, false), 20_500);
    assert_eq!(step_value(kg, 20_000, Down, false), 19_500);
    assert_eq!(step_value(kg, 0, Down, false), 0);
    assert_eq!(step_value(kg, 500, Down, false), 0);
    // Big step: five half kilograms = 2.5 kg.
    assert_eq!(step_value(kg, 20_000, Up, true), 22_500);
    assert_eq!(step_value(kg, 1_000, Down, true), 0);

    let lb = StepKind::Weight(WeightUnit::Lb);
    // 20 kg = 44.09 lb; one pound up is 45 lb = 45 × 453.59237 = 20_411.66 g → 20_412 g.
    assert_eq!(step_value(lb, 20_000, Up, false), 20_412);
    // One down is 44 lb = 19_958.06 g → 19_958 g.
    assert_eq!(step_value(lb, 20_000, Down, false), 19_958);
    // 0 lb stays 0; 1 lb = 453.59 g → 454 g.
    assert_eq!(step_value(lb, 0, Down, false), 0);
    assert_eq!(step_value(lb, 0, Up, false), 454);
    // Big step from 45 lb: 50 lb = 22_679.6185 g → 22_680 g.
    assert_eq!(step_value(lb, 20_412, Up, true), 22_680);
}

#[wasm_bindgen_test]
fn weights_show_in_the_users_unit() {
    // 60 kg = 60_000 / 453.59237 = 132.277 lb → one decimal "132.3".
    assert_eq!(weight_text(60_000, WeightUnit::Lb), "132.3");
    assert_eq!(weight_text(60_000, WeightUnit::Kg), "60");
    assert_eq!(weight_text(42_500, WeightUnit::Kg), "42.5");
    // 45 lb stored as 20_412 g reads back as 45.0 lb (20_412 / 453.59237 = 45.0007).
    assert_eq!(weight_text(20_412, WeightUnit::Lb), "45.0");
    assert_eq!(weight_text(0, WeightUnit::Lb), "0.0");
    assert_eq!(weight_text(0, WeightUnit::Kg), "0");
}

#[wasm_bindgen_test]
fn typed_values_parse_in_the_users_unit() {
    let (kg, lb) = (
        StepKind::Weight(WeightUnit::Kg),
        StepKind::Weight(WeightUnit::Lb),
    );
    assert_eq!(parse_entry(kg, "42.5"), Some(42_500));
    assert_eq!(parse_entry(kg, " 0 "), Some(0));
    assert_eq!(parse_entry(kg, "4,5"), None);
    assert_eq!(parse_entry(kg, "-5"), None);
    assert_eq!(parse_entry(lb, "45"), Some(20_412));
    assert_eq!(parse_entry(StepKind::Reps, "12"), Some(12));
    // A negative count reaches the Rust side, which answers `min` beside the field.
    assert_eq!(parse_entry(StepKind::Reps, "-3"), Some(-3));
    assert_eq!(parse_entry(StepKind::Reps, "ten"), None);
}

#[wasm_bindgen_test]
fn clocks_and_energy_read_as_people_expect() {
    assert_eq!(clock_text(0), "0:00");
    assert_eq!(clock_text(65), "1:05");
    assert_eq!(clock_text(3_599), "59:59");
    assert_eq!(clock_text(3_600), "1:00:00");
    // 4 × 6_125 cal = 24_500 cal = 24.5 kcal; whole kcal round half up → 25.
    assert_eq!(kcal_tenths_text(24_500), "24.5");
    assert_eq!(kcal_text(24_500), "25");
    assert_eq!(kcal_text(24_499), "24");
    // 6_125 cal = 6.125 kcal → one decimal 6.1.
    assert_eq!(kcal_tenths_text(6_125), "6.1");
}

#[wasm_bindgen_test]
fn only_one_stopwatch_runs_and_stopping_answers_the_seconds() {
    let mut watches = Stopwatches::default();
    assert_eq!(watches.start("a", 1_000), None);
    assert_eq!(watches.started("a"), Some(1_000));
    // Starting b at 6.5 s stops a after 5.5 s → 5 whole seconds.
    let stopped = watches.start("b", 6_500).expect("a stopped");
    assert_eq!((stopped.key.as_str(), stopped.seconds), ("a", 5));
    assert_eq!(watches.started("a"), None);
    assert_eq!(watches.running(), Some(("b", 6_500)));
    // Stopping a, which does not run, changes nothing.
    assert_eq!(watches.stop_key("a", 9_000), None);
    let stopped = watches.stop(9_999).expect("b stopped");
    assert_eq!((stopped.key.as_str(), stopped.seconds), ("b", 3));
    assert_eq!(watches.running(), None);
}

#[wasm_bindgen_test]
fn moving_an_exercise_names_its_new_neighbours() {
    let [a, b, c] = [1u128, 2, 3].map(Uuid::from_u128);
    let ids = [a, b, c];
    let up = move_args(&ids, 1, StepDirection::Up).unwrap();
    assert_eq!((up.id, up.after, up.before), (b, None, Some(a)));
    let up = move_args(&ids, 2, StepDirection::Up).unwrap();
    assert_eq!((up.id, up.after, up.before), (c, Some(a), Some(b)));
    let down = move_args(&ids, 0, StepDirection::Down).unwrap();
    assert_eq!((down.id, down.after, down.before), (a, Some(b), Some(c)));
    let down = move_args(&ids, 1, StepDirection::Down).unwrap();
    assert_eq!((down.id, down.after, down.before), (b, Some(c), None));
    assert!(move_args(&ids, 0, StepDirection::Up).is_none());
    assert!(move_args(&ids, 2, StepDirection::Down).is_none());
}

// ---------------------------------------------------------------------------------------------
// The stepper

fn render_stepper(kind: StepKind, start: Option<i64>) -> (Element, Rc<RefCell<Vec<i64>>>) {
    let root = mount();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let props = StepperProps {
        kind,
        value: start,
        on_change: {
            let seen = seen.clone();
            Callback::from(move |v| seen.borrow_mut().push(v))
        },
        label: "kg".into(),
        testid: "w".into(),
        error: None,
    };
    yew::Renderer::<Stepper>::with_root_and_props(root.clone(), props).render();
    (root, seen)
}

#[wasm_bindgen_test]
async fn the_stepper_steps_half_kilograms_and_stays_at_zero() {
    let (root, seen) = render_stepper(StepKind::Weight(WeightUnit::Kg), Some(20_000));
    tick().await;
    assert_eq!(value(&root, "w-input"), "20");
    click(&root, "w-up");
    tick().await;
    // The value prop does not change here (no reply), so each press steps from what it last sent.
    click(&root, "w-up");
    tick().await;
    assert_eq!(*seen.borrow(), [20_500, 21_000]);

    let (root, seen) = render_stepper(StepKind::Weight(WeightUnit::Kg), Some(0));
    tick().await;
    click(&root, "w-down");
    tick().await;
    assert_eq!(*seen.borrow(), [0]);
}

#[wasm_bindgen_test]
async fn the_stepper_steps_whole_pounds_and_shows_pounds() {
    let (root, seen) = render_stepper(StepKind::Weight(WeightUnit::Lb), Some(20_000));
    tick().await;
    // 20_000 g / 453.59237 = 44.09 lb → "44.1".
    assert_eq!(value(&root, "w-input"), "44.1");
    click(&root, "w-up");
    tick().await;
    assert_eq!(*seen.borrow(), [20_412]);
}

#[wasm_bindgen_test]
async fn direct_entry_commits_and_a_bad_entry_is_shown_beside_the_field() {
    let (root, seen) = render_stepper(StepKind::Weight(WeightUnit::Kg), Some(20_000));
    tick().await;
    enter(&root, "w-input", "62.5");
    tick().await;
    assert_eq!(*seen.borrow(), [62_500]);
    assert!(find::<Element>(&root, "w-error").is_none());

    enter(&root, "w-input", "6x");
    tick().await;
    assert_eq!(*seen.borrow(), [62_500], "nothing sent for a bad entry");
    assert_eq!(text(&root, "w-error"), "Enter a weight like 42.5.");
    // What was typed stays, so it can be fixed.
    assert_eq!(value(&root, "w-input"), "6x");
}

#[wasm_bindgen_test]
async fn holding_a_button_repeats_and_then_takes_big_steps() {
    let (root, seen) = render_stepper(StepKind::Reps, Some(0));
    tick().await;
    fire(&root, "w-up", "pointerdown");
    // 0.45 s before the first repeat, then one every 0.12 s: after 1.6 s about ten steps; the
    // first six are single reps (1..=6), later ones five at a time.
    sleep(Duration::from_millis(1_600)).await;
    fire(&root, "w-up", "pointerup");
    // The click that ends a hold does not step again.
    click(&root, "w-up");
    tick().await;
    let steps = seen.borrow().clone();
    assert!(steps.len() >= 7, "{steps:?}");
    assert_eq!(&steps[..6], [1, 2, 3, 4, 5, 6]);
    assert_eq!(steps[6], 11, "the seventh repeat is a big step: {steps:?}");
    let count = steps.len();
    sleep(Duration::from_millis(400)).await;
    assert_eq!(seen.borrow().len(), count, "repeats stop when released");
}

// ---------------------------------------------------------------------------------------------
// Stopwatch and rest timer with a clock the test moves

#[wasm_bindgen_test]
async fn the_stopwatch_counts_from_its_start_on_the_clock() {
    let now = Rc::new(Cell::new(100_000));
    let root = mount();
    let toggles = Rc::new(Cell::new(0));
    let props = StopwatchProps {
        started_ms: Some(100_000),
        recorded_s: None,
        clock: Clock::manual(now.clone()),
        on_toggle: {
            let toggles = toggles.clone();
            Callback::from(move |()| toggles.set(toggles.get() + 1))
        },
        testid: "sw".into(),
    };
    yew::Renderer::<Stopwatch>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert_eq!(text(&root, "sw-face"), "0:00");
    now.set(165_000);
    sleep(Duration::from_millis(450)).await;
    assert_eq!(text(&root, "sw-face"), "1:05");
    click(&root, "sw");
    assert_eq!(toggles.get(), 1);

    // Stopped, it shows the recorded duration: 75 s → 1:15.
    let root = mount();
    let props = StopwatchProps {
        started_ms: None,
        recorded_s: Some(75),
        clock: Clock::manual(now),
        on_toggle: Callback::noop(),
        testid: "sw".into(),
    };
    yew::Renderer::<Stopwatch>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert_eq!(text(&root, "sw-face"), "1:15");
    assert_eq!(
        find::<Element>(&root, "sw")
            .unwrap()
            .get_attribute("data-running"),
        Some("false".into())
    );
}

#[wasm_bindgen_test]
async fn the_rest_timer_counts_up_from_the_logged_time_and_can_be_dismissed() {
    let now = Rc::new(Cell::new(1_000));
    let dismissed = Rc::new(Cell::new(false));
    let root = mount();
    let props = RestTimerProps {
        since_ms: 1_000,
        after: "Bench press, set 3".into(),
        clock: Clock::manual(now.clone()),
        on_dismiss: {
            let dismissed = dismissed.clone();
            Callback::from(move |()| dismissed.set(true))
        },
    };
    yew::Renderer::<RestTimer>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert_eq!(text(&root, "rest-timer-face"), "0:00");
    // 83 s later: 1:23.
    now.set(84_000);
    sleep(Duration::from_millis(500)).await;
    assert_eq!(text(&root, "rest-timer-face"), "1:23");
    click(&root, "rest-timer-dismiss");
    assert!(dismissed.get());
}

// ---------------------------------------------------------------------------------------------
// The page with a day

fn exercise(load: Load) -> ExerciseSummary {
    ExerciseSummary {
        exercise: ExerciseRef::Catalog(33),
        body_part: BodyPart::Chest,
        equipment: Equipment::Barbell,
        name_ko: "바벨 플랫 벤치 프레스".into(),
        name_en: "Barbell Bench Press".into(),
        measures: Measures::Reps,
        load,
        met_tenths: 35,
        compendium_code: Some("02054".into()),
        favourite: false,
    }
}

fn set(n: u128, number: u32, reps: u32, weight_g: u32, editable: bool) -> SetView {
    SetView {
        set_id: Uuid::from_u128(n),
        number,
        reps: Some(reps),
        weight_g: Some(weight_g),
        duration_s: None,
        distance_m: None,
        set_type: SetType::Working,
        notes: String::new(),
        logged_at: 0,
        recorded_by: Uuid::from_u128(99),
        editable,
        cal: 6_125,
        counted_s: 90,
        estimated: false,
    }
}

fn totals(sets: u32, reps: u64, volume_g: u64, cal: u64) -> TotalsView {
    TotalsView {
        sets,
        reps,
        volume_g,
        duration_s: 0,
        cal,
        estimated: false,
    }
}

fn basis() -> CalorieBasis {
    CalorieBasis {
        met_tenths: 35,
        compendium_code: Some("02054".into()),
        body_weight_g: 70_000,
        body_weight_date: Some("2026-11-20".into()),
        body_weight_estimated: false,
    }
}

/// One exercise with 40 kg × 10 and 60 kg × 8; last time 40 × 10 and 42.5 × 8.
fn day(editable: bool) -> Day {
    let we = Uuid::from_u128(500);
    // Volume: 40 × 10 + 60 × 8 = 400 + 480 = 880 kg; 2 × 6_125 = 12_250 cal.
    Day {
        member_id: Uuid::from_u128(7),
        date: "2026-11-26".into(),
        workout_id: Some(Uuid::from_u128(8)),
        notes: String::new(),
        exercises: vec![WorkoutExerciseView {
            workout_exercise_id: we,
            exercise: exercise(Load::External),
            intensity: Intensity::ExerciseDefault,
            notes: String::new(),
            sets: vec![
                set(1, 1, 10, 40_000, editable),
                set(2, 2, 8, 60_000, editable),
            ],
            totals: totals(2, 18, 880_000, 12_250),
            calories: basis(),
            previous: Some(PreviousPerformance {
                date: "2026-11-19".into(),
                sets: vec![
                    PreviousSet {
                        reps: Some(10),
                        weight_g: Some(40_000),
                        duration_s: None,
                        distance_m: None,
                        set_type: SetType::Working,
                    },
                    PreviousSet {
                        reps: Some(8),
                        weight_g: Some(42_500),
                        duration_s: None,
                        distance_m: None,
                        set_type: SetType::Working,
                    },
                ],
            }),
        }],
        totals: totals(2, 18, 880_000, 12_250),
    }
}

struct Calls {
    logged: Rc<RefCell<Vec<LogSetArgs>>>,
    updated: Rc<RefCell<Vec<UpdateSetArgs>>>,
    moved: Rc<RefCell<Vec<trainmate_api::MoveArgs>>>,
}

fn render_page(day: Day, units: WeightUnits, now: Rc<Cell<i64>>) -> (Element, Calls) {
    let root = mount();
    let calls = Calls {
        logged: Rc::new(RefCell::new(Vec::new())),
        updated: Rc::new(RefCell::new(Vec::new())),
        moved: Rc::new(RefCell::new(Vec::new())),
    };
    let change = |set: SetView| SetChange {
        set: Some(set),
        workout_exercise_id: Uuid::from_u128(500),
        calories: basis(),
        exercise_totals: TotalsView::default(),
        day_totals: TotalsView::default(),
    };
    let actions = LoggerActions {
        log_set: {
            let (logged, now) = (calls.logged.clone(), now.clone());
            Callback::from(move |(args, done): (LogSetArgs, Callback<_>)| {
                logged.borrow_mut().push(args);
                let mut s = set(3, 3, 8, 42_500, true);
                s.logged_at = now.get();
                done.emit(Ok(change(s)));
            })
        },
        update_set: {
            let updated = calls.updated.clone();
            Callback::from(move |(args, done): (UpdateSetArgs, Callback<_>)| {
                updated.borrow_mut().push(args.clone());
                // Answers later, as the app does.
                wasm_bindgen_futures::spawn_local(async move {
                    sleep(Duration::from_millis(5)).await;
                    if args.fields.reps == Some(-1) {
                        done.emit(Err(ApiError::Invalid {
                            fields: vec![FieldError {
                                field: "reps".into(),
                                rule: Rule::Min,
                            }],
                        }));
                    } else {
                        done.emit(Ok(change(set(1, 1, 10, 40_000, true))));
                    }
                });
            })
        },
        move_set: {
            let moved = calls.moved.clone();
            Callback::from(
                move |(args, _done): (trainmate_api::MoveArgs, Callback<_>)| {
                    moved.borrow_mut().push(args)
                },
            )
        },
        ..LoggerActions::default()
    };
    let props = LoggerPageProps {
        member_id: Uuid::from_u128(7),
        date: "2026-11-26".into(),
        member_name: Some("박지민".into()),
        day: Some(Ok(day)),
        units,
        clock: Clock::manual(now),
        on_retry: Callback::noop(),
        on_back: Callback::noop(),
        on_date: Callback::noop(),
        actions,
    };
    yew::Renderer::<LoggerPage>::with_root_and_props(root.clone(), props).render();
    (root, calls)
}

#[wasm_bindgen_test]
async fn an_empty_day_says_what_to_do_next() {
    let mut empty = day(true);
    empty.exercises.clear();
    empty.totals = TotalsView::default();
    let (root, _) = render_page(empty, WeightUnits::Kg, Rc::new(Cell::new(0)));
    tick().await;
    assert_eq!(
        text(&root, "logger-empty"),
        "No exercises yet — add the first exercise."
    );
    assert_eq!(text(&root, "day-sets"), "0");
    assert_eq!(text(&root, "day-kcal"), "0");
}

#[wasm_bindgen_test]
async fn sets_show_in_pounds_when_the_user_reads_pounds() {
    let (root, _) = render_page(day(true), WeightUnits::Lb, Rc::new(Cell::new(0)));
    tick().await;
    // 60 kg → 132.3 lb; 40 kg = 88.18 lb → 88.2.
    assert_eq!(value(&root, "set-0-2-weight-input"), "132.3");
    assert_eq!(value(&root, "set-0-1-weight-input"), "88.2");
    // Volume 880 kg = 880_000 / 453.59237 = 1_940.08 lb → "1940.1 lb".
    assert_eq!(text(&root, "day-volume"), "1940.1 lb");
    // Last time: 40 kg × 10 and 42.5 kg × 8 → 88.2 lb × 10 and 93.7 lb × 8 (42_500 / 453.59237
    // = 93.696).
    assert_eq!(text(&root, "exercise-0-previous-0"), "88.2 lb × 10");
    assert_eq!(text(&root, "exercise-0-previous-1"), "93.7 lb × 8");
}

#[wasm_bindgen_test]
async fn the_day_shows_totals_and_where_calories_come_from() {
    let (root, _) = render_page(day(true), WeightUnits::Kg, Rc::new(Cell::new(0)));
    tick().await;
    assert_eq!(text(&root, "logger-member"), "박지민");
    assert_eq!(text(&root, "day-sets"), "2");
    assert_eq!(text(&root, "day-reps"), "18");
    assert_eq!(text(&root, "day-volume"), "880 kg");
    // 12_250 cal → 12.25 kcal → 12 whole kcal.
    assert_eq!(text(&root, "day-kcal"), "12");
    click(&root, "exercise-0-explain");
    tick().await;
    assert_eq!(
        text(&root, "exercise-0-explain-met"),
        "3.5 (Compendium 02054)"
    );
    assert_eq!(
        text(&root, "exercise-0-explain-weight"),
        "70 kg — measured 2026-11-20"
    );
    // Two sets × 90 s = 180 s = 3 min = 0.05 h; 3.5 × 70 × 0.05 = 12.25 → 12_250 cal → "12.3".
    assert_eq!(
        text(&root, "exercise-0-explain-time"),
        "3 min (180 s; at least 90 s per set)"
    );
    assert_eq!(
        text(&root, "exercise-0-explain-formula"),
        "3.5 MET × 70 kg × 0.05 h = 12.3 kcal"
    );
}

#[wasm_bindgen_test]
async fn the_new_set_starts_from_the_set_above_and_logging_starts_the_rest_timer() {
    let now = Rc::new(Cell::new(1_000_000));
    let (root, calls) = render_page(day(true), WeightUnits::Kg, now.clone());
    tick().await;
    // The set above is 60 kg × 8.
    assert_eq!(value(&root, "exercise-0-new-weight-input"), "60");
    assert_eq!(value(&root, "exercise-0-new-reps-input"), "8");
    click(&root, "exercise-0-new-weight-down");
    tick().await;
    assert_eq!(value(&root, "exercise-0-new-weight-input"), "59.5");
    assert!(find::<Element>(&root, "rest-timer").is_none());
    click(&root, "exercise-0-log");
    tick().await;
    {
        let logged = calls.logged.borrow();
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].workout_exercise_id, Uuid::from_u128(500));
        assert_eq!(
            (logged[0].fields.reps, logged[0].fields.weight_g),
            (Some(8), Some(59_500))
        );
    }
    assert_eq!(text(&root, "rest-timer-face"), "0:00");
    now.set(1_042_000);
    sleep(Duration::from_millis(500)).await;
    assert_eq!(text(&root, "rest-timer-face"), "0:42");

    // One tap on last time's second set logs 42.5 kg × 8; "repeat last set" logs 60 × 8.
    click(&root, "exercise-0-previous-1");
    tick().await;
    click(&root, "exercise-0-repeat");
    tick().await;
    let logged = calls.logged.borrow();
    assert_eq!(
        (logged[1].fields.reps, logged[1].fields.weight_g),
        (Some(8), Some(42_500))
    );
    assert_eq!(
        (logged[2].fields.reps, logged[2].fields.weight_g),
        (Some(8), Some(60_000))
    );
}

#[wasm_bindgen_test]
async fn an_edit_is_saved_at_once_and_a_refusal_shows_beside_the_field() {
    let (root, calls) = render_page(day(true), WeightUnits::Kg, Rc::new(Cell::new(0)));
    tick().await;
    click(&root, "set-0-1-reps-up");
    tick().await;
    {
        let updated = calls.updated.borrow();
        assert_eq!(updated[0].set_id, Uuid::from_u128(1));
        // 10 → 11 reps; the weight stays 40 kg.
        assert_eq!(
            (updated[0].fields.reps, updated[0].fields.weight_g),
            (Some(11), Some(40_000))
        );
    }
    enter(&root, "set-0-1-reps-input", "-1");
    tick().await;
    assert_eq!(
        text(&root, "set-0-1-reps-error"),
        "Reps cannot be negative."
    );
    // The saved value is shown again.
    assert_eq!(value(&root, "set-0-1-reps-input"), "10");
}

#[wasm_bindgen_test]
async fn starting_a_second_stopwatch_stops_the_first_and_saves_its_time() {
    let now = Rc::new(Cell::new(0));
    let (root, calls) = render_page(day(true), WeightUnits::Kg, now.clone());
    tick().await;
    let running = |id: &str| {
        find::<Element>(&root, id)
            .unwrap()
            .get_attribute("data-running")
            .unwrap()
    };
    click(&root, "set-0-1-stopwatch");
    tick().await;
    assert_eq!(running("set-0-1-stopwatch"), "true");
    now.set(37_400);
    click(&root, "set-0-2-stopwatch");
    tick().await;
    assert_eq!(running("set-0-1-stopwatch"), "false");
    assert_eq!(running("set-0-2-stopwatch"), "true");
    {
        let updated = calls.updated.borrow();
        assert_eq!(updated.len(), 1);
        // Set 1 ran from 0 to 37.4 s → 37 whole seconds; its reps and weight unchanged.
        assert_eq!(updated[0].set_id, Uuid::from_u128(1));
        assert_eq!(updated[0].fields.duration_s, Some(37));
        assert_eq!(updated[0].fields.reps, Some(10));
    }
    now.set(50_000);
    click(&root, "set-0-2-stopwatch");
    tick().await;
    assert_eq!(running("set-0-2-stopwatch"), "false");
    let updated = calls.updated.borrow();
    // Set 2 from 37.4 s to 50 s → 12 s.
    assert_eq!(updated[1].set_id, Uuid::from_u128(2));
    assert_eq!(updated[1].fields.duration_s, Some(12));
}

#[wasm_bindgen_test]
async fn sets_the_trainer_recorded_are_read_only_for_a_member() {
    let (root, _) = render_page(day(false), WeightUnits::Kg, Rc::new(Cell::new(0)));
    tick().await;
    assert_eq!(text(&root, "set-0-1-summary"), "40 kg × 10");
    assert_eq!(text(&root, "set-0-1-readonly"), "recorded by your trainer");
    assert!(find::<Element>(&root, "set-0-1-reps-up").is_none());
    assert!(find::<Element>(&root, "set-0-1-delete").is_none());
    // Nor can the exercise holding them be deleted or its intensity changed.
    assert!(find::<Element>(&root, "exercise-0-delete").is_none());
    let low: web_sys::HtmlButtonElement = find(&root, "exercise-0-intensity-low").unwrap();
    assert!(low.disabled());
}

#[wasm_bindgen_test]
fn a_deleted_set_goes_and_the_rest_are_renumbered() {
    let mut d = day(true);
    let change = SetChange {
        set: None,
        workout_exercise_id: Uuid::from_u128(500),
        calories: basis(),
        exercise_totals: totals(1, 8, 480_000, 6_125),
        day_totals: totals(1, 8, 480_000, 6_125),
    };
    apply_set_change(&mut d, &change, Some(Uuid::from_u128(1)));
    let sets = &d.exercises[0].sets;
    assert_eq!(sets.len(), 1);
    assert_eq!((sets[0].set_id, sets[0].number), (Uuid::from_u128(2), 1));
    assert_eq!(d.exercises[0].totals.sets, 1);
    assert_eq!(d.totals.cal, 6_125);
}

// ---------------------------------------------------------------------------------------------
// The exercise picker

type Pending<A, T> = Rc<RefCell<Vec<(A, Callback<Result<T, ApiError>>)>>>;

fn named(id: u32, name_ko: &str, name_en: &str, equipment: Equipment) -> ExerciseSummary {
    ExerciseSummary {
        exercise: ExerciseRef::Catalog(id),
        equipment,
        name_ko: name_ko.into(),
        name_en: name_en.into(),
        ..exercise(Load::External)
    }
}

fn type_text(root: &Element, id: &str, typed: &str) {
    let input: HtmlInputElement = find(root, id).unwrap_or_else(|| panic!("no {id}"));
    input.set_value(typed);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_late_answer_to_an_older_search_does_not_replace_the_current_one() {
    use trainmate_ui::pages::logger::{ExercisePicker, ExercisePickerProps};
    let searches: Pending<String, Vec<ExerciseSummary>> = Rc::new(RefCell::new(Vec::new()));
    let picked = Rc::new(RefCell::new(Vec::new()));
    let root = mount();
    let props = ExercisePickerProps {
        member_id: Uuid::from_u128(7),
        actions: LoggerActions {
            search: {
                let searches = searches.clone();
                Callback::from(move |asked| searches.borrow_mut().push(asked))
            },
            ..LoggerActions::default()
        },
        on_pick: {
            let picked = picked.clone();
            Callback::from(move |r| picked.borrow_mut().push(r))
        },
        on_close: Callback::noop(),
    };
    yew::Renderer::<ExercisePicker>::with_root_and_props(root.clone(), props).render();
    tick().await;
    type_text(&root, "picker-search", "벤");
    tick().await;
    type_text(&root, "picker-search", "벤치");
    tick().await;
    let (older, newer) = {
        let mut s = searches.borrow_mut();
        assert_eq!(s.len(), 2);
        let newer = s.pop().unwrap();
        let older = s.pop().unwrap();
        (older, newer)
    };
    assert_eq!((older.0.as_str(), newer.0.as_str()), ("벤", "벤치"));
    // The answer for "벤치" comes first, the one for "벤" after it.
    newer.1.emit(Ok(vec![named(
        33,
        "바벨 플랫 벤치 프레스",
        "Barbell Bench Press",
        Equipment::Barbell,
    )]));
    tick().await;
    older.1.emit(Ok(vec![named(
        1,
        "벤트 오버 로우",
        "Bent-over Row",
        Equipment::Barbell,
    )]));
    tick().await;
    assert!(find::<Element>(&root, "picker-pick-33").is_some());
    assert!(find::<Element>(&root, "picker-pick-1").is_none());
    click(&root, "picker-pick-33");
    assert_eq!(*picked.borrow(), [ExerciseRef::Catalog(33)]);
}

#[wasm_bindgen_test]
async fn browsing_goes_body_part_then_equipment_then_exercise() {
    use trainmate_ui::pages::logger::{ExercisePicker, ExercisePickerProps};
    let browses: Pending<trainmate_api::BrowseArgs, Vec<ExerciseSummary>> =
        Rc::new(RefCell::new(Vec::new()));
    let root = mount();
    let props = ExercisePickerProps {
        member_id: Uuid::from_u128(7),
        actions: LoggerActions {
            browse: {
                let browses = browses.clone();
                Callback::from(move |asked| browses.borrow_mut().push(asked))
            },
            ..LoggerActions::default()
        },
        on_pick: Callback::noop(),
        on_close: Callback::noop(),
    };
    yew::Renderer::<ExercisePicker>::with_root_and_props(root.clone(), props).render();
    tick().await;
    click(&root, "picker-part-chest");
    tick().await;
    let (args, done) = browses.borrow_mut().pop().expect("browsed");
    assert_eq!(args.body_part, Some(BodyPart::Chest));
    done.emit(Ok(vec![
        named(
            33,
            "바벨 플랫 벤치 프레스",
            "Barbell Bench Press",
            Equipment::Barbell,
        ),
        named(
            20,
            "덤벨 플랫 벤치 프레스",
            "Dumbbell Flat Bench Press",
            Equipment::Dumbbell,
        ),
    ]));
    tick().await;
    // Only the kinds this body part has, after "all".
    assert!(find::<Element>(&root, "picker-equipment-barbell").is_some());
    assert!(find::<Element>(&root, "picker-equipment-dumbbell").is_some());
    assert!(find::<Element>(&root, "picker-equipment-cable").is_none());
    click(&root, "picker-equipment-dumbbell");
    tick().await;
    assert!(find::<Element>(&root, "picker-pick-20").is_some());
    assert!(find::<Element>(&root, "picker-pick-33").is_none());
}

#[wasm_bindgen_test]
async fn a_custom_exercise_shows_errors_beside_its_fields() {
    use trainmate_ui::pages::logger::{ExercisePicker, ExercisePickerProps};
    let created: Pending<trainmate_api::CustomExerciseArgs, ExerciseSummary> =
        Rc::new(RefCell::new(Vec::new()));
    let root = mount();
    let props = ExercisePickerProps {
        member_id: Uuid::from_u128(7),
        actions: LoggerActions {
            create_custom: {
                let created = created.clone();
                Callback::from(move |asked| created.borrow_mut().push(asked))
            },
            ..LoggerActions::default()
        },
        on_pick: Callback::noop(),
        on_close: Callback::noop(),
    };
    yew::Renderer::<ExercisePicker>::with_root_and_props(root.clone(), props).render();
    tick().await;
    click(&root, "picker-tab-custom");
    tick().await;
    // A MET that is not a number is caught before anything is sent.
    type_text(&root, "custom-met", "3,5");
    tick().await;
    click(&root, "custom-submit");
    tick().await;
    assert_eq!(text(&root, "custom-met-error"), "Enter a MET like 3.5.");
    assert!(created.borrow().is_empty());
    // 4.5 is sent as 45 tenths; the Rust side's "name required" goes beside the Korean name.
    type_text(&root, "custom-met", "4.5");
    tick().await;
    click(&root, "custom-submit");
    tick().await;
    let (args, done) = created.borrow_mut().pop().expect("sent");
    assert_eq!(args.met_tenths, Some(45));
    done.emit(Err(ApiError::Invalid {
        fields: vec![FieldError {
            field: "name_ko".into(),
            rule: Rule::Required,
        }],
    }));
    tick().await;
    assert_eq!(
        text(&root, "custom-name-ko-error"),
        "Enter the Korean name."
    );
}

#[wasm_bindgen_test]
async fn a_set_moves_between_its_new_neighbours() {
    let (root, calls) = render_page(day(true), WeightUnits::Kg, Rc::new(Cell::new(0)));
    tick().await;
    assert!(find::<Element>(&root, "set-0-2-move-up").is_none());
    click(&root, "set-0-2-number");
    tick().await;
    // The last set cannot go further down.
    let down: web_sys::HtmlButtonElement = find(&root, "set-0-2-move-down").unwrap();
    assert!(down.disabled());
    click(&root, "set-0-2-move-up");
    tick().await;
    let moved = calls.moved.borrow();
    // Set 2 goes first: before set 1, after nothing.
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (moved[0].id, moved[0].after, moved[0].before),
        (Uuid::from_u128(2), None, Some(Uuid::from_u128(1)))
    );
}

#[wasm_bindgen_test]
fn typed_durations_read_as_seconds() {
    assert_eq!(parse_clock("90"), Some(90));
    assert_eq!(parse_clock("1:30"), Some(90));
    assert_eq!(parse_clock(" 1:00 "), Some(60));
    // 1 h 2 min 3 s = 3_600 + 120 + 3.
    assert_eq!(parse_clock("1:02:03"), Some(3_723));
    for bad in ["", ":", "1:", "1:60", "a", "1.5", "-1", "1:2:3:4"] {
        assert_eq!(parse_clock(bad), None, "{bad:?}");
    }
}
