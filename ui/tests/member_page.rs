//! The member page: the body-metrics dialog converts what is typed (kg or lb, cm, %) into the
//! commands' integer units — checked against values worked by hand from 1 lb = 453.59237 g,
//! rounding half up — and always names the page's member; delete asks first; empty, loading and
//! not-found states; the latest values in the user's unit; the records card's totals; the chart.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{
    AddBodyMetricArgs, ApiError, BodyMetricEntry, CalorieBasis, Day, EntryRef, ExerciseRef,
    ExerciseSummary, FieldError, LatestMetrics, Profile, Rule, TotalsView, UpdateBodyMetricArgs,
    UserType, WeightUnits, WorkoutExerciseView,
};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures};
use trainmate_ui::components::trend_chart::trend_svg;
use trainmate_ui::pages::member::{
    duration_text, parse_tenths, tenths_text, weight_text, MemberPage, MemberPageProps,
    MetricDialog, MetricDialogProps,
};
use trainmate_ui::pages::members::Reply;
use trainmate_ui::pages::welcome::{Welcome, WelcomeProps};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

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

fn value(root: &Element, id: &str) -> String {
    by_testid::<HtmlInputElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .value()
}

fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = by_testid(root, id).unwrap_or_else(|| panic!("no {id}"));
    input.set_value(value);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn click(root: &Element, id: &str) {
    by_testid::<web_sys::HtmlElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .click();
}

async fn tick() {
    sleep(Duration::from_millis(15)).await;
}

fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

const MEMBER: Uuid = Uuid::from_u128(0x42);

fn entry(n: u128, date: &str, weight_g: Option<u32>, fat: Option<u32>) -> BodyMetricEntry {
    BodyMetricEntry {
        entry_id: Uuid::from_u128(n),
        member_id: MEMBER,
        measured_on: date.to_owned(),
        height_mm: None,
        weight_g,
        body_fat_tenths: fat,
        skeletal_muscle_g: None,
    }
}

type Sent<T> = Rc<RefCell<Vec<T>>>;

/// A dialog whose add and update callbacks record what they were sent and answer `reply`.
fn dialog(
    units: WeightUnits,
    existing: Option<BodyMetricEntry>,
    reply: Result<(), ApiError>,
) -> (
    Element,
    Sent<AddBodyMetricArgs>,
    Sent<UpdateBodyMetricArgs>,
    Rc<RefCell<u32>>,
) {
    let root = mount();
    let added = Rc::new(RefCell::new(Vec::new()));
    let updated = Rc::new(RefCell::new(Vec::new()));
    let done = Rc::new(RefCell::new(0));
    let answer = move |sent: Option<BodyMetricEntry>, done: Reply<BodyMetricEntry>| match &reply {
        Ok(()) => done.emit(Ok(sent.unwrap())),
        Err(e) => done.emit(Err(e.clone())),
    };
    let props = MetricDialogProps {
        member_id: MEMBER,
        units,
        today: "2026-11-26".to_owned(),
        entry: existing,
        on_add: {
            let (added, answer) = (added.clone(), answer.clone());
            Callback::from(
                move |(args, done): (AddBodyMetricArgs, Reply<BodyMetricEntry>)| {
                    added.borrow_mut().push(args);
                    answer(Some(entry(9, "2026-11-26", None, None)), done);
                },
            )
        },
        on_update: {
            let updated = updated.clone();
            Callback::from(
                move |(args, done): (UpdateBodyMetricArgs, Reply<BodyMetricEntry>)| {
                    updated.borrow_mut().push(args);
                    answer(Some(entry(9, "2026-11-26", None, None)), done);
                },
            )
        },
        on_close: Callback::noop(),
        on_done: {
            let done = done.clone();
            Callback::from(move |()| *done.borrow_mut() += 1)
        },
    };
    yew::Renderer::<MetricDialog>::with_root_and_props(root.clone(), props).render();
    (root, added, updated, done)
}

#[wasm_bindgen_test]
fn numbers_format_from_integers_by_hand() {
    assert_eq!(tenths_text(1_725), "172.5");
    assert_eq!(tenths_text(180), "18");
    assert_eq!(parse_tenths("172.5"), Some(1_725));
    assert_eq!(parse_tenths("18"), Some(180));
    assert_eq!(parse_tenths("18.25"), None);
    assert_eq!(parse_tenths("abc"), None);
    assert_eq!(duration_text(0), "0:00");
    assert_eq!(duration_text(90), "1:30");
    assert_eq!(duration_text(3_725), "1:02:05");
    // 70_000 g / 453.59237 = 154.3236 lb → "154.3 lb".
    assert_eq!(weight_text(70_000, WeightUnits::Lb), "154.3 lb");
    assert_eq!(weight_text(70_500, WeightUnits::Kg), "70.5 kg");
}

#[wasm_bindgen_test]
async fn pounds_become_grams_and_the_entry_is_for_the_pages_member() {
    let (root, added, updated, done) = dialog(WeightUnits::Lb, None, Ok(()));
    tick().await;
    // A new entry is dated today by default.
    assert_eq!(value(&root, "metric-date"), "2026-11-26");
    type_into(&root, "metric-height", "172.5");
    type_into(&root, "metric-weight", "154.5");
    type_into(&root, "metric-body-fat", "18.5");
    type_into(&root, "metric-muscle", "68");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    let sent = added.borrow();
    assert_eq!(sent.len(), 1);
    let args = &sent[0];
    assert_eq!(
        args.member_id, MEMBER,
        "the page's member, never the signed-in user"
    );
    assert_eq!(args.measured_on, "2026-11-26");
    assert_eq!(args.height_mm, Some(1_725));
    // 154.5 lb × 453.59237 g = 70_080.021… g → 70_080 g.
    assert_eq!(args.weight_g, Some(70_080));
    assert_eq!(args.body_fat_tenths, Some(185));
    // 68 lb × 453.59237 g = 30_844.281… g → 30_844 g.
    assert_eq!(args.skeletal_muscle_g, Some(30_844));
    assert!(updated.borrow().is_empty());
    assert_eq!(*done.borrow(), 1);
}

#[wasm_bindgen_test]
async fn kilograms_are_exact_and_a_blank_field_is_not_sent() {
    let (root, added, _, _) = dialog(WeightUnits::Kg, None, Ok(()));
    tick().await;
    type_into(&root, "metric-weight", "70.25");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    let args = added.borrow()[0].clone();
    assert_eq!(args.weight_g, Some(70_250));
    assert_eq!(args.height_mm, None);
    assert_eq!(args.body_fat_tenths, None);
    assert_eq!(args.skeletal_muscle_g, None);
}

#[wasm_bindgen_test]
async fn text_that_is_not_a_number_is_flagged_beside_its_field_without_saving() {
    let (root, added, _, done) = dialog(WeightUnits::Kg, None, Ok(()));
    tick().await;
    type_into(&root, "metric-weight", "70,5");
    type_into(&root, "metric-body-fat", "18.25");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    assert!(added.borrow().is_empty());
    assert_eq!(*done.borrow(), 0);
    assert_eq!(
        text(&root, "metric-weight-error"),
        "Enter a number like 70.5."
    );
    assert_eq!(
        text(&root, "metric-body-fat-error"),
        "Enter a number like 70.5."
    );
    assert!(by_testid::<Element>(&root, "metric-height-error").is_none());
}

#[wasm_bindgen_test]
async fn the_rules_the_app_answers_appear_beside_their_fields() {
    let error = ApiError::Invalid {
        fields: vec![
            FieldError {
                field: "weight_g".to_owned(),
                rule: Rule::Max,
            },
            FieldError {
                field: "skeletal_muscle_g".to_owned(),
                rule: Rule::Max,
            },
        ],
    };
    let (root, added, _, done) = dialog(WeightUnits::Kg, None, Err(error));
    tick().await;
    type_into(&root, "metric-weight", "700");
    type_into(&root, "metric-muscle", "800");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    assert_eq!(added.borrow().len(), 1);
    assert_eq!(*done.borrow(), 0, "the dialog stays open");
    assert_eq!(
        text(&root, "metric-weight-error"),
        "Weight must be at most 635 kg (1400 lb)."
    );
    assert_eq!(
        text(&root, "metric-muscle-error"),
        "Skeletal muscle cannot be more than the body weight."
    );

    // No value at all: the dialog's own message, not "check the highlighted fields".
    let error = ApiError::invalid("values", Rule::Required);
    let (root, _, _, _) = dialog(WeightUnits::Kg, None, Err(error));
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    assert_eq!(text(&root, "metric-error"), "Enter at least one value.");
}

#[wasm_bindgen_test]
async fn editing_keeps_an_untouched_pound_weight_exact_and_converts_a_changed_one() {
    let existing = BodyMetricEntry {
        height_mm: Some(1_800),
        ..entry(7, "2026-11-20", Some(70_000), Some(205))
    };
    let (root, added, updated, _) = dialog(WeightUnits::Lb, Some(existing.clone()), Ok(()));
    tick().await;
    // 70_000 g shows as 154.3 lb; 1_800 mm as 180 cm; 205 tenths as 20.5 %.
    assert_eq!(value(&root, "metric-weight"), "154.3");
    assert_eq!(value(&root, "metric-height"), "180");
    assert_eq!(value(&root, "metric-body-fat"), "20.5");
    assert_eq!(value(&root, "metric-date"), "2026-11-20");
    type_into(&root, "metric-body-fat", "19.5");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    assert!(added.borrow().is_empty());
    let args = updated.borrow()[0].clone();
    assert_eq!(args.entry_id, Uuid::from_u128(7));
    // Untouched: the stored grams, not 154.3 lb re-converted (69_989 g).
    assert_eq!(args.weight_g, Some(70_000));
    assert_eq!(args.body_fat_tenths, Some(195));
    assert_eq!(args.height_mm, Some(1_800));

    let (root, _, updated, _) = dialog(WeightUnits::Lb, Some(existing), Ok(()));
    tick().await;
    type_into(&root, "metric-weight", "150");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    // 150 lb × 453.59237 g = 68_038.8555 g → 68_039 g.
    assert_eq!(updated.borrow()[0].weight_g, Some(68_039));
}

fn profile(latest: LatestMetrics) -> Profile {
    Profile {
        user_id: MEMBER,
        user_type: UserType::Member,
        name: "박지민".to_owned(),
        email: "jimin@example.com".to_owned(),
        phone: Some("010-1111-2222".to_owned()),
        birth_date: Some("1990-05-17".to_owned()),
        has_photo: false,
        latest,
        completeness: 0,
    }
}

fn empty_day(date: &str) -> Day {
    Day {
        member_id: MEMBER,
        date: date.to_owned(),
        workout_id: None,
        notes: String::new(),
        exercises: vec![],
        totals: TotalsView::default(),
    }
}

fn page_props() -> MemberPageProps {
    MemberPageProps {
        member_id: MEMBER,
        profile: Some(Ok(profile(LatestMetrics::default()))),
        photo: None,
        metrics: Some(Ok(vec![])),
        date: "2026-11-26".to_owned(),
        day: Some(Ok(empty_day("2026-11-26"))),
        units: WeightUnits::Kg,
        today: "2026-11-26".to_owned(),
        manage: false,
        trainer: None,
        show_trainer: false,
        open_add_metric: false,
        show_back: false,
        on_back: Callback::noop(),
        on_retry: Callback::noop(),
        on_update_profile: Callback::noop(),
        on_photo: Callback::noop(),
        on_add_metric: Callback::noop(),
        on_update_metric: Callback::noop(),
        on_delete_metric: Callback::noop(),
        on_date: Callback::noop(),
        on_session: Callback::noop(),
        on_history: Callback::noop(),
        on_release: Callback::noop(),
        on_reset: Callback::noop(),
        on_home: Callback::noop(),
    }
}

async fn render(props: MemberPageProps) -> Element {
    let root = mount();
    yew::Renderer::<MemberPage>::with_root_and_props(root.clone(), props).render();
    tick().await;
    root
}

#[wasm_bindgen_test]
async fn a_new_member_sees_what_to_do_next_everywhere() {
    let root = render(page_props()).await;
    assert_eq!(text(&root, "member-name"), "박지민");
    assert_eq!(text(&root, "member-phone"), "010-1111-2222");
    assert_eq!(text(&root, "member-birth-date"), "1990-05-17");
    // No photo: the initial.
    assert_eq!(text(&root, "member-avatar").trim(), "박");
    for id in [
        "latest-height",
        "latest-weight",
        "latest-body-fat",
        "latest-muscle",
    ] {
        assert_eq!(text(&root, id), "—", "{id}");
    }
    assert!(text(&root, "metrics-empty").contains("add the first entry"));
    assert!(by_testid::<Element>(&root, "metric-chart").is_none());
    assert!(text(&root, "records-empty").contains("start a session"));
    assert_eq!(text(&root, "start-session"), "Start session");
    assert_eq!(text(&root, "day-sets"), "0");
    // Not a trainer's member: no release, no reset.
    assert!(by_testid::<Element>(&root, "member-release").is_none());
    assert!(by_testid::<Element>(&root, "member-reset-password").is_none());
}

#[wasm_bindgen_test]
async fn loading_not_found_and_errors() {
    let root = render(MemberPageProps {
        profile: None,
        ..page_props()
    })
    .await;
    assert!(by_testid::<Element>(&root, "member-loading").is_some());

    let root = render(MemberPageProps {
        profile: Some(Err(ApiError::NotFound)),
        ..page_props()
    })
    .await;
    assert!(text(&root, "member-not-found").contains("Member not found"));
    assert!(by_testid::<Element>(&root, "member-name").is_none());

    let root = render(MemberPageProps {
        metrics: Some(Err(ApiError::Internal)),
        day: Some(Err(ApiError::Internal)),
        ..page_props()
    })
    .await;
    assert_eq!(
        text(&root, "metrics-error"),
        "Something went wrong inside the app. Try again."
    );
    assert!(by_testid::<Element>(&root, "records-error").is_some());
}

#[wasm_bindgen_test]
async fn latest_values_show_in_the_users_unit_and_the_chart_draws_both_series() {
    let latest = LatestMetrics {
        height_mm: Some(1_725),
        weight_g: Some(70_000),
        body_fat_tenths: Some(185),
        skeletal_muscle_g: Some(31_000),
    };
    let entries = vec![
        entry(2, "2026-11-20", Some(70_000), Some(185)),
        entry(1, "2026-11-01", Some(72_500), Some(201)),
    ];
    let root = render(MemberPageProps {
        profile: Some(Ok(profile(latest.clone()))),
        metrics: Some(Ok(entries.clone())),
        units: WeightUnits::Lb,
        ..page_props()
    })
    .await;
    assert_eq!(text(&root, "latest-height"), "172.5 cm");
    assert_eq!(text(&root, "latest-weight"), "154.3 lb");
    assert_eq!(text(&root, "latest-body-fat"), "18.5 %");
    // 31_000 / 453.59237 = 68.343 → 68.3 lb.
    assert_eq!(text(&root, "latest-muscle"), "68.3 lb");
    // Newest first, each with its values in lb: 72_500 g = 159.835… → 159.8 lb.
    assert_eq!(text(&root, "metric-date-0"), "2026-11-20");
    assert_eq!(text(&root, "metric-values-1"), "159.8 lb · 20.1 %");
    let chart: Element = by_testid(&root, "metric-chart").expect("a chart");
    let svg = chart.query_selector("svg").unwrap().expect("an svg");
    // One line per series (weight teal, body fat amber), one dot per point.
    let n = |selector: &str| svg.query_selector_all(selector).unwrap().length();
    assert_eq!(n("polyline[stroke=\"#14B8A6\"]"), 1);
    assert_eq!(n("polyline[stroke=\"#F59E0B\"]"), 1);
    assert_eq!(n("circle[fill=\"#14B8A6\"]"), 2);
    assert_eq!(n("circle[fill=\"#F59E0B\"]"), 2);
    assert!(text(&root, "metric-chart").contains("Weight (lb)"));

    let root = render(MemberPageProps {
        profile: Some(Ok(profile(latest))),
        metrics: Some(Ok(entries)),
        ..page_props()
    })
    .await;
    assert_eq!(text(&root, "latest-weight"), "70 kg");
    assert_eq!(text(&root, "latest-muscle"), "31 kg");
}

#[wasm_bindgen_test]
fn there_is_no_chart_without_weight_or_body_fat() {
    let height_only = BodyMetricEntry {
        height_mm: Some(1_700),
        ..entry(1, "2026-11-01", None, None)
    };
    assert!(trend_svg(std::slice::from_ref(&height_only), WeightUnits::Kg).is_none());
    let svg = trend_svg(
        &[height_only, entry(2, "2026-11-02", Some(70_000), None)],
        WeightUnits::Kg,
    )
    .expect("one weight is enough");
    assert!(svg.starts_with("<svg"));
    assert_eq!(svg.matches("<circle").count(), 1);
    assert!(
        !svg.contains("#F59E0B"),
        "no body-fat series without body fat"
    );
}

#[wasm_bindgen_test]
async fn deleting_an_entry_asks_first_and_says_what_is_lost() {
    let deleted = Rc::new(RefCell::new(Vec::<EntryRef>::new()));
    let root = render(MemberPageProps {
        metrics: Some(Ok(vec![
            entry(2, "2026-11-20", Some(70_000), Some(185)),
            entry(1, "2026-11-01", Some(72_500), None),
        ])),
        on_delete_metric: {
            let deleted = deleted.clone();
            Callback::from(move |(args, done): (EntryRef, Reply<()>)| {
                deleted.borrow_mut().push(args);
                done.emit(Ok(()));
            })
        },
        ..page_props()
    })
    .await;
    click(&root, "metric-delete-1");
    tick().await;
    assert!(
        deleted.borrow().is_empty(),
        "nothing deleted before confirming"
    );
    assert_eq!(
        text(&root, "metric-delete-explain"),
        "These values will be lost: 72.5 kg. Other entries stay."
    );
    // Cancel keeps the entry.
    click(&root, "metric-delete-cancel");
    tick().await;
    assert!(by_testid::<Element>(&root, "metric-delete-dialog").is_none());
    assert!(deleted.borrow().is_empty());
    click(&root, "metric-delete-1");
    tick().await;
    click(&root, "metric-delete-confirm");
    tick().await;
    assert_eq!(
        *deleted.borrow(),
        vec![EntryRef {
            entry_id: Uuid::from_u128(1)
        }]
    );
    assert_eq!(text(&root, "member-notice"), "Entry deleted.");
}

#[wasm_bindgen_test]
async fn the_add_button_and_the_welcome_flag_open_the_dialog_for_this_member() {
    let added = Rc::new(RefCell::new(Vec::<AddBodyMetricArgs>::new()));
    let root = render(MemberPageProps {
        open_add_metric: true,
        on_add_metric: {
            let added = added.clone();
            Callback::from(
                move |(args, done): (AddBodyMetricArgs, Reply<BodyMetricEntry>)| {
                    added.borrow_mut().push(args);
                    done.emit(Ok(entry(3, "2026-11-26", Some(80_000), None)));
                },
            )
        },
        ..page_props()
    })
    .await;
    assert!(by_testid::<Element>(&root, "metric-dialog").is_some());
    type_into(&root, "metric-weight", "80");
    tick().await;
    click(&root, "metric-submit");
    tick().await;
    assert_eq!(added.borrow()[0].member_id, MEMBER);
    assert_eq!(added.borrow()[0].weight_g, Some(80_000));
    assert!(by_testid::<Element>(&root, "metric-dialog").is_none());
    assert_eq!(text(&root, "member-notice"), "Entry saved.");
    click(&root, "metric-add");
    tick().await;
    assert!(by_testid::<Element>(&root, "metric-dialog").is_some());
}

fn exercise_view() -> WorkoutExerciseView {
    WorkoutExerciseView {
        workout_exercise_id: Uuid::from_u128(77),
        exercise: ExerciseSummary {
            exercise: ExerciseRef::Catalog(1),
            body_part: BodyPart::Chest,
            equipment: Equipment::Barbell,
            name_ko: "벤치 프레스".to_owned(),
            name_en: "Bench press".to_owned(),
            measures: Measures::Reps,
            load: Load::External,
            met_tenths: 35,
            compendium_code: None,
            favourite: false,
        },
        intensity: Intensity::ExerciseDefault,
        notes: String::new(),
        sets: vec![],
        totals: TotalsView {
            sets: 4,
            reps: 40,
            volume_g: 1_234_500,
            duration_s: 3_725,
            cal: 123_456,
            estimated: false,
        },
        calories: CalorieBasis {
            met_tenths: 35,
            compendium_code: None,
            body_weight_g: 70_000,
            body_weight_date: None,
            body_weight_estimated: true,
        },
        previous: None,
    }
}

#[wasm_bindgen_test]
async fn the_records_card_shows_the_days_totals_and_continues_the_session() {
    let sessions = Rc::new(RefCell::new(Vec::<String>::new()));
    let dates = Rc::new(RefCell::new(Vec::<String>::new()));
    let x = exercise_view();
    let day = Day {
        workout_id: Some(Uuid::from_u128(5)),
        exercises: vec![x.clone()],
        totals: x.totals,
        ..empty_day("2026-11-24")
    };
    let root = render(MemberPageProps {
        date: "2026-11-24".to_owned(),
        day: Some(Ok(day)),
        on_session: {
            let sessions = sessions.clone();
            Callback::from(move |d| sessions.borrow_mut().push(d))
        },
        on_date: {
            let dates = dates.clone();
            Callback::from(move |d| dates.borrow_mut().push(d))
        },
        ..page_props()
    })
    .await;
    assert_eq!(value(&root, "records-date"), "2026-11-24");
    assert_eq!(text(&root, "day-time"), "1:02:05");
    // 123_456 cal = 123.456 kcal → 123.
    assert_eq!(text(&root, "day-kcal"), "123");
    assert_eq!(text(&root, "day-volume"), "1234.5 kg");
    assert_eq!(text(&root, "day-sets"), "4");
    let card = text(&root, "records-exercise-0");
    assert!(card.contains("Bench press"), "{card}");
    assert!(card.contains("4 sets · 1:02:05 · 123 kcal"), "{card}");
    assert_eq!(text(&root, "start-session"), "Continue session");
    click(&root, "start-session");
    tick().await;
    assert_eq!(*sessions.borrow(), vec!["2026-11-24".to_owned()]);

    let picker: HtmlInputElement = by_testid(&root, "records-date").unwrap();
    picker.set_value("2026-11-01");
    picker
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(*dates.borrow(), vec!["2026-11-01".to_owned()]);
}

#[wasm_bindgen_test]
async fn a_trainer_manages_a_member_and_a_member_sees_their_trainer() {
    let root = render(MemberPageProps {
        manage: true,
        ..page_props()
    })
    .await;
    click(&root, "member-release");
    tick().await;
    assert!(by_testid::<Element>(&root, "release-dialog").is_some());

    let root = render(MemberPageProps {
        show_trainer: true,
        trainer: Some(trainmate_api::Contact {
            user_id: Uuid::from_u128(1),
            name: "김코치".to_owned(),
            email: "coach@example.com".to_owned(),
            phone: None,
            has_photo: false,
        }),
        ..page_props()
    })
    .await;
    assert_eq!(text(&root, "trainer-name"), "김코치");
    assert_eq!(text(&root, "trainer-phone"), "—");
    assert!(by_testid::<Element>(&root, "member-release").is_none());

    let root = render(MemberPageProps {
        show_trainer: true,
        ..page_props()
    })
    .await;
    assert!(text(&root, "trainer-none").contains("no trainer yet"));
}

#[wasm_bindgen_test]
async fn welcome_offers_body_data_beside_going_home() {
    let asked = Rc::new(RefCell::new(0));
    let root = mount();
    let props = WelcomeProps {
        me: trainmate_api::Me {
            user_id: MEMBER,
            user_type: UserType::Member,
            name: "이서연".to_owned(),
            email: "seoyeon@example.com".to_owned(),
            needs_consent: false,
        },
        recovery_code: None,
        on_home: Callback::noop(),
        on_body_data: {
            let asked = asked.clone();
            Callback::from(move |()| *asked.borrow_mut() += 1)
        },
    };
    yew::Renderer::<Welcome>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert_eq!(text(&root, "welcome-body-data"), "Enter my body data");
    assert!(by_testid::<Element>(&root, "welcome-home").is_some());
    click(&root, "welcome-body-data");
    tick().await;
    assert_eq!(*asked.borrow(), 1);
}

#[wasm_bindgen_test]
async fn the_legend_names_only_the_series_drawn() {
    let root = render(MemberPageProps {
        metrics: Some(Ok(vec![entry(1, "2026-11-01", Some(70_000), None)])),
        ..page_props()
    })
    .await;
    let legend = text(&root, "metric-chart");
    assert!(legend.contains("Weight (kg)"), "{legend}");
    assert!(!legend.contains("Body fat"), "{legend}");
}
