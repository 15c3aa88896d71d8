//! Sign-up's steps, the live password checklist and where server errors send the user, in a real
//! browser with the IPC replaced by a callback.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{ApiError, FieldError, Rule, SignUpArgs, UserType};
use trainmate_ui::pages::sign_up::{
    step_for_error, step_of_field, SignUpForm, SignUpFormProps, SignUpOutcome, Step,
};
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

fn type_into(root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = by_testid(root, id).unwrap();
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn click(root: &Element, id: &str) {
    by_testid::<web_sys::HtmlElement>(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .click();
}

fn step(root: &Element) -> String {
    by_testid::<Element>(root, "sign-up-form")
        .unwrap()
        .get_attribute("data-step")
        .unwrap()
}

async fn tick() {
    sleep(Duration::from_millis(15)).await;
}

type Sent = Rc<RefCell<Vec<SignUpArgs>>>;

async fn render(outcome: SignUpOutcome) -> (Element, Sent) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let recorded = seen.clone();
    let props = SignUpFormProps {
        on_submit: Callback::from(move |(args, done): (SignUpArgs, Callback<SignUpOutcome>)| {
            recorded.borrow_mut().push(args);
            done.emit(outcome.clone());
        }),
        on_done: Callback::noop(),
        on_sign_in: Callback::noop(),
    };
    yew::Renderer::<SignUpForm>::with_root_and_props(root.clone(), props).render();
    tick().await;
    (root, seen)
}

/// Consent (required ones via agree-all) and account, up to the password step.
async fn to_password_step(root: &Element) {
    click(root, "consent-all");
    tick().await;
    click(root, "sign-up-next");
    tick().await;
    assert_eq!(step(root), "2");
    click(root, "sign-up-member");
    type_into(root, "sign-up-name", " 김코치 ");
    type_into(root, "sign-up-email", "kim@example.com");
    tick().await;
    click(root, "sign-up-next");
    tick().await;
    assert_eq!(step(root), "3");
}

#[wasm_bindgen_test]
fn fields_belong_to_steps() {
    assert_eq!(step_of_field("accept_terms"), Step::Consent);
    assert_eq!(step_of_field("accept_privacy"), Step::Consent);
    assert_eq!(step_of_field("user_type"), Step::Account);
    assert_eq!(step_of_field("email"), Step::Account);
    assert_eq!(step_of_field("password_confirmation"), Step::Password);
    let both = ApiError::Invalid {
        fields: vec![
            FieldError {
                field: "password".into(),
                rule: Rule::Weak,
            },
            FieldError {
                field: "name".into(),
                rule: Rule::Required,
            },
        ],
    };
    assert_eq!(
        step_for_error(&both),
        Step::Account,
        "the earliest step wins"
    );
    assert_eq!(step_for_error(&ApiError::Internal), Step::Password);
}

#[wasm_bindgen_test]
async fn required_consents_come_before_the_account_step() {
    let (root, _) = render(Err(ApiError::Internal)).await;
    assert_eq!(step(&root), "1");
    click(&root, "consent-marketing");
    tick().await;
    click(&root, "sign-up-next");
    tick().await;
    assert_eq!(step(&root), "1", "marketing alone is not enough");
    assert!(by_testid::<Element>(&root, "consent-error").is_some());
    click(&root, "consent-terms");
    click(&root, "consent-privacy");
    tick().await;
    assert!(
        by_testid::<HtmlInputElement>(&root, "consent-all")
            .unwrap()
            .checked(),
        "all three ticked: agree-all shows ticked"
    );
    click(&root, "consent-terms-read");
    tick().await;
    assert!(by_testid::<Element>(&root, "consent-terms-text").is_some());
    click(&root, "sign-up-next");
    tick().await;
    assert_eq!(step(&root), "2");
    let next: HtmlButtonElement = by_testid(&root, "sign-up-next").unwrap();
    assert!(next.disabled(), "name and email empty");
    click(&root, "sign-up-back");
    tick().await;
    assert_eq!(step(&root), "1");
    assert!(
        by_testid::<HtmlInputElement>(&root, "consent-terms")
            .unwrap()
            .checked(),
        "values survive going back"
    );
}

#[wasm_bindgen_test]
async fn the_checklist_ticks_live() {
    let (root, _) = render(Err(ApiError::Internal)).await;
    to_password_step(&root).await;
    let ok = |id: &str| {
        by_testid::<Element>(&root, id)
            .unwrap()
            .get_attribute("data-ok")
            .unwrap()
    };
    for id in [
        "policy-length",
        "policy-letter",
        "policy-digit",
        "policy-special",
        "policy-match",
    ] {
        assert_eq!(ok(id), "false", "{id} before typing");
    }
    type_into(&root, "sign-up-password", "abc1");
    tick().await;
    assert_eq!(ok("policy-letter"), "true");
    assert_eq!(ok("policy-digit"), "true");
    assert_eq!(ok("policy-length"), "false");
    assert_eq!(ok("policy-special"), "false");
    type_into(&root, "sign-up-password", "abcdefgh1!");
    type_into(&root, "sign-up-confirmation", "abcdefgh1");
    tick().await;
    assert_eq!(ok("policy-length"), "true");
    assert_eq!(ok("policy-special"), "true");
    assert_eq!(ok("policy-match"), "false");
    type_into(&root, "sign-up-confirmation", "abcdefgh1!");
    tick().await;
    assert_eq!(ok("policy-match"), "true");
}

#[wasm_bindgen_test]
async fn a_taken_email_sends_the_user_back_to_the_account_step() {
    let (root, sent) = render(Err(ApiError::invalid("email", Rule::Taken))).await;
    to_password_step(&root).await;
    type_into(&root, "sign-up-password", "good pass 1!");
    type_into(&root, "sign-up-confirmation", "good pass 1!");
    tick().await;
    click(&root, "sign-up-next");
    tick().await;
    {
        let sent = sent.borrow();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].accept_terms && sent[0].accept_privacy && sent[0].accept_marketing);
        assert_eq!(sent[0].user_type, UserType::Member);
        assert_eq!(sent[0].name, "김코치", "trimmed");
        assert_eq!(sent[0].password, "good pass 1!");
    }
    assert_eq!(step(&root), "2");
    let error: Element = by_testid(&root, "sign-up-email-error").unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "This email is already in use."
    );
    assert_eq!(
        by_testid::<HtmlInputElement>(&root, "sign-up-email")
            .unwrap()
            .value(),
        "kim@example.com"
    );
}

#[wasm_bindgen_test]
async fn a_weak_password_stays_on_the_password_step_with_the_message_beside_it() {
    let (root, _) = render(Err(ApiError::invalid("password", Rule::Weak))).await;
    to_password_step(&root).await;
    type_into(&root, "sign-up-password", "weakpassword");
    type_into(&root, "sign-up-confirmation", "weakpassword");
    tick().await;
    click(&root, "sign-up-next");
    tick().await;
    assert_eq!(step(&root), "3");
    let error: Element = by_testid(&root, "sign-up-password-error").unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "Add a letter, a digit and a special character."
    );
}
