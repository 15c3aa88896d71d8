//! The sign-in form in a real browser (headless Chromium), with the IPC replaced by a callback.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{ApiError, SignInArgs};
use trainmate_ui::pages::sign_in::{SignInForm, SignInFormProps, SignInOutcome};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlButtonElement, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn by_testid<T: JsCast>(root: &web_sys::Element, id: &str) -> Option<T> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .map(|e| e.dyn_into::<T>().unwrap())
}

fn type_into(root: &web_sys::Element, id: &str, text: &str) {
    let input: HtmlInputElement = by_testid(root, id).unwrap();
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

async fn render(outcome: SignInOutcome) -> (web_sys::Element, Rc<RefCell<Vec<SignInArgs>>>) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let recorded = seen.clone();
    let props = SignInFormProps {
        on_submit: Callback::from(move |(args, done): (SignInArgs, Callback<SignInOutcome>)| {
            recorded.borrow_mut().push(args);
            done.emit(outcome.clone());
        }),
        on_signed_in: Callback::noop(),
        on_sign_up: Callback::noop(),
        on_forgot: Callback::noop(),
    };
    yew::Renderer::<SignInForm>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    (root, seen)
}

#[wasm_bindgen_test]
async fn submit_is_enabled_only_with_email_and_password() {
    let (root, _) = render(Err(ApiError::WrongCredentials)).await;
    let submit: HtmlButtonElement = by_testid(&root, "sign-in-submit").unwrap();
    assert!(submit.disabled());
    type_into(&root, "sign-in-email", "coach@example.com");
    sleep(Duration::from_millis(10)).await;
    assert!(submit.disabled(), "password still empty");
    type_into(&root, "sign-in-password", "secret");
    sleep(Duration::from_millis(10)).await;
    assert!(!submit.disabled());
}

#[wasm_bindgen_test]
async fn wrong_credentials_show_one_message_and_send_trimmed_email() {
    let (root, seen) = render(Err(ApiError::WrongCredentials)).await;
    type_into(&root, "sign-in-email", "  coach@example.com ");
    type_into(&root, "sign-in-password", " pass word ");
    sleep(Duration::from_millis(10)).await;
    by_testid::<HtmlButtonElement>(&root, "sign-in-submit")
        .unwrap()
        .click();
    sleep(Duration::from_millis(10)).await;
    let sent = seen.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email, "coach@example.com");
    assert_eq!(
        sent[0].password, " pass word ",
        "passwords are sent as typed"
    );
    let error: web_sys::Element = by_testid(&root, "sign-in-error").unwrap();
    assert_eq!(error.text_content().unwrap(), "Email or password is wrong.");
}

#[wasm_bindgen_test]
async fn backoff_tells_how_long_to_wait() {
    let (root, _) = render(Err(ApiError::TooManyAttempts {
        retry_after_secs: 40,
    }))
    .await;
    type_into(&root, "sign-in-email", "coach@example.com");
    type_into(&root, "sign-in-password", "x");
    sleep(Duration::from_millis(10)).await;
    by_testid::<HtmlButtonElement>(&root, "sign-in-submit")
        .unwrap()
        .click();
    sleep(Duration::from_millis(10)).await;
    let error: web_sys::Element = by_testid(&root, "sign-in-error").unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "Too many attempts. Try again in 40 seconds."
    );
}
