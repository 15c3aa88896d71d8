//! Home's figures: kcal rounded from stored cal, and the empty state.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::TodaySummaryReply;
use trainmate_ui::pages::home::{kcal, local_date_today, Home, HomeProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn kcal_rounds_half_up_from_cal() {
    assert_eq!(kcal(0), 0);
    assert_eq!(kcal(499), 0);
    assert_eq!(kcal(500), 1);
    assert_eq!(kcal(1_499), 1);
    assert_eq!(kcal(123_500), 124);
}

#[wasm_bindgen_test]
fn today_is_a_local_iso_date() {
    let date = local_date_today();
    let parts: Vec<&str> = date.split('-').collect();
    assert_eq!(parts.len(), 3, "{date}");
    assert_eq!(
        (parts[0].len(), parts[1].len(), parts[2].len()),
        (4, 2, 2),
        "{date}"
    );
}

async fn render(summary: TodaySummaryReply) -> web_sys::Element {
    render_with(HomeProps {
        summary: Some(Ok(summary)),
        show_members: true,
        on_log_today: None,
    })
    .await
}

async fn render_with(props: HomeProps) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Home>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    root
}

fn text(root: &web_sys::Element, id: &str) -> Option<String> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .map(|e| e.text_content().unwrap())
}

#[wasm_bindgen_test]
async fn a_day_with_sessions_shows_the_figures_and_no_empty_state() {
    let root = render(TodaySummaryReply {
        sessions: 2,
        cal: 312_600,
        members_trained: 1,
    })
    .await;
    assert_eq!(text(&root, "home-sessions").as_deref(), Some("2"));
    assert_eq!(text(&root, "home-kcal").as_deref(), Some("313"));
    assert_eq!(text(&root, "home-members").as_deref(), Some("1"));
    assert_eq!(text(&root, "home-empty"), None);
}

#[wasm_bindgen_test]
async fn an_empty_day_says_so() {
    let root = render(TodaySummaryReply::default()).await;
    assert_eq!(
        text(&root, "home-empty").as_deref(),
        Some("No sessions logged today yet.")
    );
}

#[wasm_bindgen_test]
async fn a_member_sees_no_members_figure_and_can_open_today() {
    let opened = std::rc::Rc::new(std::cell::Cell::new(0));
    let on_log_today = {
        let opened = opened.clone();
        yew::Callback::from(move |()| opened.set(opened.get() + 1))
    };
    let root = render_with(HomeProps {
        summary: Some(Ok(TodaySummaryReply {
            sessions: 1,
            cal: 24_500,
            members_trained: 1,
        })),
        show_members: false,
        on_log_today: Some(on_log_today),
    })
    .await;
    assert_eq!(text(&root, "home-members"), None);
    assert_eq!(text(&root, "home-kcal").as_deref(), Some("25"));
    let button: web_sys::HtmlElement = root
        .query_selector("[data-testid=\"home-log-today\"]")
        .unwrap()
        .expect("a member's home offers today's log")
        .dyn_into()
        .unwrap();
    button.click();
    assert_eq!(opened.get(), 1);
}
