//! Settings → Sync and the header's status: what each state shows, and what each control asks
//! the root to do (the root runs the commands). Texts are the English messages, written out here.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{
    ApiError, ConflictRef, Me, Rule, SyncConflictView, SyncLinkArgs, SyncRejectedView, SyncState,
    SyncStatusReply, UserType,
};
use trainmate_ui::pages::shell::{Shell, ShellProps};
use trainmate_ui::pages::sync::{StatusOutcome, SyncSection, SyncSectionProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn find(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
}

fn by_testid<T: JsCast>(root: &Element, id: &str) -> T {
    find(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .dyn_into::<T>()
        .unwrap()
}

fn text(root: &Element, id: &str) -> String {
    by_testid::<Element>(root, id)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = by_testid(root, id);
    input.set_value(value);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

fn status(state: SyncState, pending: i64) -> SyncStatusReply {
    SyncStatusReply {
        state,
        server_url: Some("https://sync.example.com".to_owned()),
        account_email: Some("coach@example.com".to_owned()),
        pending,
        oldest_pending_at: None,
        last_success_at: None,
        last_error: None,
        conflicts: 1,
        rejected: 0,
        clock_skew_ms: None,
        pulled_version: 0,
    }
}

#[wasm_bindgen_test]
async fn a_linked_trainer_sees_the_status_conflicts_and_refused_changes_and_can_act() {
    let root = mount();
    let restored = Rc::new(RefCell::new(Vec::new()));
    let synced_now = Rc::new(RefCell::new(0));
    let props = SyncSectionProps {
        status: Some(status(SyncState::Pending, 3)),
        load_error: None,
        conflicts: vec![SyncConflictView {
            id: 7,
            table: "exercise_sets".to_owned(),
            row_id: "r".to_owned(),
            column: "reps".to_owned(),
            kept: "5".to_owned(),
            lost: "6".to_owned(),
            received_at: 0,
        }],
        rejected: vec![SyncRejectedView {
            change_id: "c".to_owned(),
            table: "body_metrics".to_owned(),
            row_id: "r".to_owned(),
            op: "upsert".to_owned(),
            code: "invalid".to_owned(),
            message: "weight_g is out of range".to_owned(),
            rejected_at: 0,
        }],
        on_link: Callback::noop(),
        on_sync_now: {
            let synced_now = synced_now.clone();
            Callback::from(move |_done| *synced_now.borrow_mut() += 1)
        },
        on_restore: {
            let restored = restored.clone();
            Callback::from(move |(args, _done): (ConflictRef, _)| {
                restored.borrow_mut().push(args.id)
            })
        },
        on_unlink: Callback::noop(),
    };
    yew::Renderer::<SyncSection>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "sync-state"), "3 changes pending");
    assert!(
        find(&root, "sync-link-form").is_none(),
        "linked: no link form"
    );
    let conflict = text(&root, "sync-conflict-7");
    assert!(conflict.contains("Set: reps"), "{conflict}");
    assert!(
        conflict.contains("Kept 5; the other device had 6."),
        "{conflict}"
    );
    by_testid::<HtmlElement>(&root, "sync-restore-7").click();
    assert_eq!(*restored.borrow(), vec![7]);
    by_testid::<HtmlElement>(&root, "sync-now").click();
    assert_eq!(*synced_now.borrow(), 1);
    sleep(Duration::from_millis(10)).await;
    assert_eq!(
        text(&root, "sync-now"),
        "Syncing…",
        "busy while the round runs"
    );
    let rejected = text(&root, "sync-rejected");
    assert!(rejected.contains("Body metrics"), "{rejected}");
    assert!(rejected.contains("weight_g is out of range"), "{rejected}");
}

#[wasm_bindgen_test]
async fn a_clock_off_from_the_servers_is_shown_with_how_far_and_which_way() {
    for (skew, expected) in [
        (
            Some(-(12 * 3_600_000 + 5 * 60_000)),
            Some("This device's clock is 12 h 5 min behind the server's. Check the date and time."),
        ),
        (
            Some(2 * 60_000 + 10_000),
            Some("This device's clock is 2 min ahead of the server's. Check the date and time."),
        ),
        (None, None),
    ] {
        let root = mount();
        let mut synced = status(SyncState::Synced, 0);
        synced.clock_skew_ms = skew;
        let props = SyncSectionProps {
            status: Some(synced),
            load_error: None,
            conflicts: vec![],
            rejected: vec![],
            on_link: Callback::noop(),
            on_sync_now: Callback::noop(),
            on_restore: Callback::noop(),
            on_unlink: Callback::noop(),
        };
        yew::Renderer::<SyncSection>::with_root_and_props(root.clone(), props).render();
        sleep(Duration::from_millis(10)).await;
        match expected {
            Some(line) => assert_eq!(text(&root, "sync-detail-clock"), line),
            None => assert!(find(&root, "sync-detail-clock").is_none()),
        }
    }
}

#[wasm_bindgen_test]
async fn a_local_only_trainer_links_with_the_form_and_sees_errors_beside_the_fields() {
    let root = mount();
    let asked: Rc<RefCell<Vec<SyncLinkArgs>>> = Rc::new(RefCell::new(Vec::new()));
    let answer: Rc<RefCell<Option<Callback<StatusOutcome>>>> = Rc::new(RefCell::new(None));
    let mut local = status(SyncState::LocalOnly, 0);
    local.server_url = None;
    local.account_email = None;
    local.conflicts = 0;
    let props = SyncSectionProps {
        status: Some(local),
        load_error: None,
        conflicts: vec![],
        rejected: vec![],
        on_link: {
            let (asked, answer) = (asked.clone(), answer.clone());
            Callback::from(move |(args, done)| {
                asked.borrow_mut().push(args);
                *answer.borrow_mut() = Some(done);
            })
        },
        on_sync_now: Callback::noop(),
        on_restore: Callback::noop(),
        on_unlink: Callback::noop(),
    };
    yew::Renderer::<SyncSection>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "sync-state"), "Local only");
    assert!(find(&root, "sync-conflicts").is_none());
    type_into(&root, "sync-server-url", "  sync.example.com ");
    type_into(&root, "sync-email", "coach@example.com");
    type_into(&root, "sync-password", "Correct horse 1!");
    sleep(Duration::from_millis(10)).await;
    by_testid::<HtmlElement>(&root, "sync-link-create").click();
    assert_eq!(
        *asked.borrow(),
        vec![SyncLinkArgs {
            server_url: "sync.example.com".to_owned(),
            email: "coach@example.com".to_owned(),
            password: "Correct horse 1!".to_owned(),
            create: true,
        }]
    );
    let done = answer.borrow_mut().take().unwrap();
    done.emit(Err(ApiError::invalid("server_url", Rule::Format)));
    sleep(Duration::from_millis(10)).await;
    assert!(find(&root, "sync-server-url-error").is_some());
    // The server unreachable: its own sentence, not a generic error.
    by_testid::<HtmlElement>(&root, "sync-link-sign-in").click();
    assert!(!asked.borrow()[1].create);
    let done = answer.borrow_mut().take().unwrap();
    done.emit(Err(ApiError::Conflict {
        reason: "sync_offline".to_owned(),
    }));
    sleep(Duration::from_millis(10)).await;
    assert_eq!(
        text(&root, "sync-link-error"),
        "The server could not be reached. Changes are kept and sent when it can be."
    );
}

#[wasm_bindgen_test]
async fn the_header_shows_the_live_status_and_opens_its_details() {
    let root = mount();
    let mut offline = status(SyncState::Offline, 2);
    offline.last_error = Some("offline".to_owned());
    let props = ShellProps {
        me: Me {
            user_id: uuid::Uuid::nil(),
            user_type: UserType::Trainer,
            name: "Coach".to_owned(),
            email: "coach@example.com".to_owned(),
            needs_consent: false,
        },
        current: None,
        on_navigate: Callback::noop(),
        on_sign_out: Callback::noop(),
        sync: Some(offline),
        children: Default::default(),
    };
    yew::Renderer::<Shell>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    assert_eq!(text(&root, "sync-status"), "Offline");
    by_testid::<HtmlElement>(&root, "sync-status").click();
    sleep(Duration::from_millis(10)).await;
    let detail = text(&root, "sync-detail");
    assert!(detail.contains("Not synced yet"), "{detail}");
    assert!(detail.contains("2 changes wait to be sent."), "{detail}");
    assert!(
        detail.contains("The server could not be reached."),
        "{detail}"
    );
    assert!(find(&root, "sync-open-settings").is_some());
}
