//! The members screen: the search filter (name, email, phone, Korean initial consonants), the
//! list with the trainer first and the count badge, the empty state, and where the add-member and
//! reset-password dialogs put the errors the Rust side answers.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{
    AddMemberArgs, ApiError, FieldError, MemberSummary, ResetMemberPasswordArgs, Rule, UserType,
};
use trainmate_ui::pages::members::{
    filter_members, member_count, AddMemberDialog, AddMemberDialogProps, MembersPage,
    MembersPageProps, Reply, ResetPasswordDialog, ResetPasswordDialogProps,
};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlButtonElement, HtmlInputElement};
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

fn member(n: u128, name: &str, email: &str, phone: Option<&str>, is_self: bool) -> MemberSummary {
    MemberSummary {
        member_id: Uuid::from_u128(n),
        user_type: if is_self {
            UserType::Trainer
        } else {
            UserType::Member
        },
        name: name.to_owned(),
        email: email.to_owned(),
        phone: phone.map(str::to_owned),
        has_photo: false,
        last_session: None,
        is_self,
    }
}

fn roster() -> Vec<MemberSummary> {
    vec![
        member(1, "김코치", "coach@example.com", None, true),
        member(
            2,
            "박지민",
            "jimin@example.com",
            Some("010-1111-2222"),
            false,
        ),
        member(
            3,
            "이서연",
            "seoyeon@example.com",
            Some("010-3333-4444"),
            false,
        ),
        member(4, "Alex Kim", "alex@example.com", None, false),
    ]
}

fn names(list: &[MemberSummary]) -> Vec<&str> {
    list.iter().map(|m| m.name.as_str()).collect()
}

#[wasm_bindgen_test]
fn the_filter_matches_name_email_phone_and_initial_consonants() {
    let all = roster();
    assert_eq!(
        names(&filter_members(&all, "")),
        ["김코치", "박지민", "이서연", "Alex Kim"]
    );
    assert_eq!(names(&filter_members(&all, "ㅂㅈㅁ")), ["박지민"]);
    assert_eq!(names(&filter_members(&all, "ㅇㅅ")), ["이서연"]);
    assert_eq!(names(&filter_members(&all, "박ㅈ")), ["박지민"]);
    assert_eq!(names(&filter_members(&all, "서연")), ["이서연"]);
    assert_eq!(names(&filter_members(&all, "JIMIN@")), ["박지민"]);
    assert_eq!(names(&filter_members(&all, "alex kim")), ["Alex Kim"]);
    assert_eq!(names(&filter_members(&all, "3333")), ["이서연"]);
    assert_eq!(names(&filter_members(&all, "010-1111")), ["박지민"]);
    assert_eq!(names(&filter_members(&all, "01011112222")), ["박지민"]);
    assert_eq!(names(&filter_members(&all, "example")).len(), 4);
    assert!(filter_members(&all, "ㅎㅎ").is_empty());
    assert_eq!(member_count(&all), 3);
}

async fn render_page(members: Vec<MemberSummary>, selected: Option<Uuid>) -> Element {
    render_page_picking(members, selected, Callback::noop()).await
}

async fn render_page_picking(
    members: Vec<MemberSummary>,
    selected: Option<Uuid>,
    on_select: Callback<Option<Uuid>>,
) -> Element {
    let root = mount();
    let props = MembersPageProps {
        members: Some(Ok(members)),
        selected,
        on_select,
        on_retry: Callback::noop(),
        on_add: Callback::noop(),
        on_search: Callback::noop(),
        on_assign: Callback::noop(),
    };
    yew::Renderer::<MembersPage>::with_root_and_props(root.clone(), props).render();
    tick().await;
    root
}

#[wasm_bindgen_test]
async fn the_list_shows_the_trainer_first_the_count_and_filters_as_typed() {
    let picked = Rc::new(RefCell::new(Vec::new()));
    let root = render_page_picking(roster(), Some(Uuid::from_u128(3)), {
        let picked = picked.clone();
        Callback::from(move |id| picked.borrow_mut().push(id))
    })
    .await;
    assert_eq!(text(&root, "members-count"), "3");
    let rows = root.query_selector_all(".member-row").unwrap();
    assert_eq!(rows.length(), 4);
    let first: Element = rows.item(0).unwrap().dyn_into().unwrap();
    assert!(first.text_content().unwrap().contains("김코치"));
    assert!(by_testid::<Element>(&first, "member-me").is_some());
    assert!(first.text_content().unwrap().contains("No sessions yet"));
    // The selected row is highlighted, the others are not; picking a row names that member
    // (the screen then opens their page beside the list).
    let selected: Element = by_testid(&root, "member-row-seoyeon@example.com").unwrap();
    assert_eq!(
        selected.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let other: Element = by_testid(&root, "member-row-jimin@example.com").unwrap();
    assert_eq!(
        other.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    click(&root, "member-row-jimin@example.com");
    tick().await;
    assert_eq!(*picked.borrow(), vec![Some(Uuid::from_u128(2))]);
    assert!(by_testid::<Element>(&root, "members-empty").is_none());

    type_into(&root, "members-search", "ㅂㅈ");
    tick().await;
    assert_eq!(root.query_selector_all(".member-row").unwrap().length(), 1);
    assert!(by_testid::<Element>(&root, "member-row-jimin@example.com").is_some());
    type_into(&root, "members-search", "nobody");
    tick().await;
    assert!(by_testid::<Element>(&root, "members-no-match").is_some());
    // The badge counts members, not search hits.
    assert_eq!(text(&root, "members-count"), "3");
}

#[wasm_bindgen_test]
async fn a_trainer_alone_sees_the_empty_state_and_a_badge_of_zero() {
    let root = render_page(roster()[..1].to_vec(), None).await;
    assert_eq!(text(&root, "members-count"), "0");
    assert!(text(&root, "members-empty").contains("No members yet"));
    assert!(by_testid::<Element>(&root, "member-row-coach@example.com").is_some());
    assert!(root
        .query_selector("[aria-pressed=\"true\"]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn loading_and_error_states() {
    let root = mount();
    let props = MembersPageProps {
        members: None,
        selected: None,
        on_select: Callback::noop(),
        on_retry: Callback::noop(),
        on_add: Callback::noop(),
        on_search: Callback::noop(),
        on_assign: Callback::noop(),
    };
    yew::Renderer::<MembersPage>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert!(by_testid::<Element>(&root, "members-loading").is_some());

    let root = mount();
    let props = MembersPageProps {
        members: Some(Err(ApiError::Internal)),
        selected: None,
        on_select: Callback::noop(),
        on_retry: Callback::noop(),
        on_add: Callback::noop(),
        on_search: Callback::noop(),
        on_assign: Callback::noop(),
    };
    yew::Renderer::<MembersPage>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert_eq!(
        text(&root, "members-error"),
        "Something went wrong inside the app. Try again."
    );
    assert!(by_testid::<Element>(&root, "members-retry").is_some());
}

fn invalid(fields: &[(&str, Rule)]) -> ApiError {
    ApiError::Invalid {
        fields: fields
            .iter()
            .map(|(f, r)| FieldError {
                field: (*f).to_owned(),
                rule: *r,
            })
            .collect(),
    }
}

#[wasm_bindgen_test]
async fn add_member_puts_each_error_beside_its_field_and_sends_no_password_when_blank() {
    let root = mount();
    let sent = Rc::new(RefCell::new(Vec::<AddMemberArgs>::new()));
    let recorded = sent.clone();
    let done = Rc::new(RefCell::new(0));
    let finished = done.clone();
    let props = AddMemberDialogProps {
        on_submit: Callback::from(
            move |(args, reply): (AddMemberArgs, Reply<MemberSummary>)| {
                let first = recorded.borrow().is_empty();
                recorded.borrow_mut().push(args);
                reply.emit(if first {
                    Err(invalid(&[("email", Rule::Taken), ("phone", Rule::Format)]))
                } else {
                    Err(invalid(&[("password", Rule::Weak)]))
                });
            },
        ),
        on_close: Callback::noop(),
        on_done: Callback::from(move |()| *finished.borrow_mut() += 1),
    };
    yew::Renderer::<AddMemberDialog>::with_root_and_props(root.clone(), props).render();
    tick().await;
    let submit: HtmlButtonElement = by_testid(&root, "add-member-submit").unwrap();
    assert!(submit.disabled(), "name and email first");
    type_into(&root, "add-member-name", " 박지민 ");
    type_into(&root, "add-member-email", "jimin@example.com");
    type_into(&root, "add-member-phone", "12");
    tick().await;
    assert!(by_testid::<Element>(&root, "password-checklist").is_none());
    click(&root, "add-member-submit");
    tick().await;
    {
        let sent = sent.borrow();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].name, "박지민");
        assert_eq!(sent[0].phone.as_deref(), Some("12"));
        assert_eq!(sent[0].password, None);
        assert_eq!(sent[0].password_confirmation, None);
    }
    assert_eq!(
        text(&root, "add-member-email-error"),
        "This email is already in use."
    );
    assert_eq!(
        text(&root, "add-member-phone-error"),
        "Enter a phone number like 010-1234-5678."
    );
    assert!(by_testid::<Element>(&root, "add-member-name-error").is_none());

    // With a password: the live checklist, and both values sent.
    type_into(&root, "add-member-password", "password12");
    type_into(&root, "add-member-confirmation", "password12");
    tick().await;
    assert_eq!(
        by_testid::<Element>(&root, "policy-special")
            .unwrap()
            .get_attribute("data-ok")
            .as_deref(),
        Some("false")
    );
    click(&root, "add-member-submit");
    tick().await;
    assert_eq!(sent.borrow()[1].password.as_deref(), Some("password12"));
    assert_eq!(
        sent.borrow()[1].password_confirmation.as_deref(),
        Some("password12")
    );
    assert_eq!(
        text(&root, "add-member-password-error"),
        "Add a letter, a digit and a special character."
    );
    assert!(by_testid::<Element>(&root, "add-member-email-error").is_none());
    assert_eq!(*done.borrow(), 0);
}

#[wasm_bindgen_test]
async fn reset_password_maps_errors_to_fields_and_finishes_on_success() {
    let root = mount();
    let sent = Rc::new(RefCell::new(Vec::<ResetMemberPasswordArgs>::new()));
    let recorded = sent.clone();
    let done = Rc::new(RefCell::new(0));
    let finished = done.clone();
    let id = Uuid::from_u128(7);
    let props = ResetPasswordDialogProps {
        member_id: id,
        name: "박지민".to_owned(),
        on_submit: Callback::from(move |(args, reply): (ResetMemberPasswordArgs, Reply<()>)| {
            let first = recorded.borrow().is_empty();
            recorded.borrow_mut().push(args);
            reply.emit(if first {
                Err(invalid(&[("password_confirmation", Rule::Mismatch)]))
            } else if recorded.borrow().len() == 2 {
                Err(ApiError::NotFound)
            } else {
                Ok(())
            });
        }),
        on_close: Callback::noop(),
        on_done: Callback::from(move |()| *finished.borrow_mut() += 1),
    };
    yew::Renderer::<ResetPasswordDialog>::with_root_and_props(root.clone(), props).render();
    tick().await;
    assert!(text(&root, "reset-password-dialog").contains("박지민"));
    type_into(&root, "reset-password", "good pass 1!");
    type_into(&root, "reset-confirmation", "good pass 2!");
    tick().await;
    assert_eq!(
        by_testid::<Element>(&root, "policy-match")
            .unwrap()
            .get_attribute("data-ok")
            .as_deref(),
        Some("false")
    );
    click(&root, "reset-submit");
    tick().await;
    assert_eq!(sent.borrow()[0].member_id, id);
    assert_eq!(text(&root, "reset-confirmation-error"), "Does not match.");
    click(&root, "reset-submit");
    tick().await;
    assert_eq!(text(&root, "reset-general-error"), "Not found.");
    assert!(by_testid::<Element>(&root, "reset-confirmation-error").is_none());
    click(&root, "reset-submit");
    tick().await;
    assert_eq!(*done.borrow(), 1);
}
