//! Recovery with the trainer's code: one message for a wrong email or code, the new code shown once.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{ApiError, RecoveryCodeReply, ResetWithRecoveryCodeArgs};
use trainmate_ui::pages::recovery::{RecoveryForm, RecoveryFormProps, RecoveryOutcome};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

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

async fn submit(outcome: RecoveryOutcome) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = RecoveryFormProps {
        on_submit: Callback::from(
            move |(args, done): (ResetWithRecoveryCodeArgs, Callback<RecoveryOutcome>)| {
                assert_eq!(args.recovery_code, "ABCDE-FGHIJ-KLMNO-PQRST", "trimmed");
                done.emit(outcome.clone());
            },
        ),
        on_sign_in: Callback::noop(),
    };
    yew::Renderer::<RecoveryForm>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    type_into(&root, "recovery-email", "coach@example.com");
    type_into(&root, "recovery-code-input", " ABCDE-FGHIJ-KLMNO-PQRST ");
    type_into(&root, "recovery-password", "new pass 1!");
    type_into(&root, "recovery-confirmation", "new pass 1!");
    sleep(Duration::from_millis(10)).await;
    by_testid::<HtmlElement>(&root, "recovery-submit")
        .unwrap()
        .click();
    sleep(Duration::from_millis(10)).await;
    root
}

#[wasm_bindgen_test]
async fn a_wrong_email_or_code_reads_the_same() {
    let root = submit(Err(ApiError::WrongCredentials)).await;
    let error: Element = by_testid(&root, "recovery-error").unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "The email or the recovery code is wrong."
    );
    assert!(by_testid::<Element>(&root, "recovery-email-error").is_none());
    assert!(by_testid::<Element>(&root, "recovery-code-error").is_none());
}

#[wasm_bindgen_test]
async fn the_new_code_is_shown_after_a_reset() {
    let root = submit(Ok(RecoveryCodeReply {
        recovery_code: "VWXYZ-ABCDE-FGHIJ-KLMNO".into(),
    }))
    .await;
    let code: Element = by_testid(&root, "recovery-new-code").unwrap();
    assert_eq!(code.text_content().unwrap(), "VWXYZ-ABCDE-FGHIJ-KLMNO");
    assert!(by_testid::<Element>(&root, "recovery-form").is_none());
}
