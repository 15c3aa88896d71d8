//! The sign-in form: email, password, "keep me signed in". Wrong credentials get one message that
//! does not say which part was wrong; repeated failures show the wait the Rust side imposes.

use trainmate_api::{ApiError, Me, SignInArgs};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{use_i18n, I18n};

/// What a sign-in attempt answered.
pub type SignInOutcome = Result<Me, ApiError>;

#[derive(Properties, PartialEq)]
pub struct SignInFormProps {
    /// Called with the form's values and a callback to report the outcome.
    pub on_submit: Callback<(SignInArgs, Callback<SignInOutcome>)>,
    /// Called once the Rust side accepted the credentials.
    #[prop_or_default]
    pub on_signed_in: Callback<Me>,
    /// The "create an account" link.
    #[prop_or_default]
    pub on_sign_up: Callback<()>,
    /// The "forgot your password?" link (recovery with the trainer's code).
    #[prop_or_default]
    pub on_forgot: Callback<()>,
}

#[function_component(SignInForm)]
pub fn sign_in_form(props: &SignInFormProps) -> Html {
    let i18n = use_i18n();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let keep_signed_in = use_state(|| false);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);

    let on_email = text_setter(&email);
    let on_password = text_setter(&password);
    let on_keep = {
        let keep_signed_in = keep_signed_in.clone();
        Callback::from(move |e: Event| {
            keep_signed_in.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let can_submit = !*busy && !email.trim().is_empty() && !password.is_empty();
    let onsubmit = {
        let (email, password, keep) = (email.clone(), password.clone(), keep_signed_in.clone());
        let (busy, error) = (busy.clone(), error.clone());
        let on_submit = props.on_submit.clone();
        let on_signed_in = props.on_signed_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let args = SignInArgs {
                email: email.trim().to_owned(),
                password: (*password).clone(),
                keep_signed_in: *keep,
            };
            let (busy, error, on_signed_in) = (busy.clone(), error.clone(), on_signed_in.clone());
            on_submit.emit((
                args,
                Callback::from(move |outcome: SignInOutcome| {
                    busy.set(false);
                    match outcome {
                        Ok(me) => on_signed_in.emit(me),
                        Err(e) => error.set(Some(e)),
                    }
                }),
            ));
        })
    };

    let on_sign_up = {
        let on_sign_up = props.on_sign_up.clone();
        Callback::from(move |_: MouseEvent| on_sign_up.emit(()))
    };

    let on_forgot = {
        let on_forgot = props.on_forgot.clone();
        Callback::from(move |_: MouseEvent| on_forgot.emit(()))
    };

    html! {
        <form class="card sign-in" data-testid="sign-in-form" {onsubmit} novalidate=true>
            <h1 class="brand">{ i18n.t("app-name") }</h1>
            <p class="muted">{ i18n.t("sign-in-title") }</p>
            <label class="field">
                <span>{ i18n.t("sign-in-email") }</span>
                <input type="email" autocomplete="username" data-testid="sign-in-email"
                    value={(*email).clone()} oninput={on_email} />
            </label>
            <label class="field">
                <span>{ i18n.t("sign-in-password") }</span>
                <input type="password" autocomplete="current-password"
                    data-testid="sign-in-password" value={(*password).clone()}
                    oninput={on_password} />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="sign-in-keep" checked={*keep_signed_in}
                    onchange={on_keep} />
                <span>{ i18n.t("sign-in-keep") }</span>
            </label>
            if let Some(e) = &*error {
                <p class="error" role="alert" data-testid="sign-in-error">{ message(&i18n, e) }</p>
            }
            <button type="submit" class="primary" data-testid="sign-in-submit"
                disabled={!can_submit}>
                { if *busy { i18n.t("sign-in-busy") } else { i18n.t("sign-in-submit") } }
            </button>
            <p class="switch-form">
                <button type="button" class="link" data-testid="sign-in-forgot"
                    onclick={on_forgot}>{ i18n.t("sign-in-forgot") }</button>
            </p>
            <p class="switch-form">
                <span class="muted">{ i18n.t("sign-in-no-account") }</span>
                <button type="button" class="link" data-testid="sign-in-to-sign-up"
                    onclick={on_sign_up}>{ i18n.t("sign-in-to-sign-up") }</button>
            </p>
        </form>
    }
}

pub(crate) fn text_setter(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        state.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// The user-facing text for a failed sign-in: one message for wrong credentials (which part was
/// wrong is not said), the wait after repeated failures.
pub fn message(i18n: &I18n, error: &ApiError) -> String {
    match error {
        ApiError::WrongCredentials | ApiError::TooManyAttempts { .. } => i18n.error(error),
        ApiError::Invalid { .. } => i18n.t("sign-in-missing"),
        _ => i18n.t("sign-in-failed"),
    }
}
