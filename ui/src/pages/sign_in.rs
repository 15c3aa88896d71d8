//! The sign-in form: email, password, "keep me signed in". Wrong credentials get one message that
//! does not say which part was wrong; repeated failures show the wait the Rust side imposes.

use trainmate_api::{ApiError, Me, SignInArgs};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What a sign-in attempt answered.
pub type SignInOutcome = Result<Me, ApiError>;

#[derive(Properties, PartialEq)]
pub struct SignInFormProps {
    /// Called with the form's values and a callback to report the outcome.
    pub on_submit: Callback<(SignInArgs, Callback<SignInOutcome>)>,
    /// Called once the Rust side accepted the credentials.
    #[prop_or_default]
    pub on_signed_in: Callback<Me>,
}

#[function_component(SignInForm)]
pub fn sign_in_form(props: &SignInFormProps) -> Html {
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

    html! {
        <form class="card sign-in" data-testid="sign-in-form" {onsubmit} novalidate=true>
            <h1 class="brand">{ "TrainMate" }</h1>
            <p class="muted">{ "Sign in to log today's sessions." }</p>
            <label class="field">
                <span>{ "Email" }</span>
                <input type="email" autocomplete="username" data-testid="sign-in-email"
                    value={(*email).clone()} oninput={on_email} />
            </label>
            <label class="field">
                <span>{ "Password" }</span>
                <input type="password" autocomplete="current-password"
                    data-testid="sign-in-password" value={(*password).clone()}
                    oninput={on_password} />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="sign-in-keep" checked={*keep_signed_in}
                    onchange={on_keep} />
                <span>{ "Keep me signed in (trainers)" }</span>
            </label>
            if let Some(e) = &*error {
                <p class="error" role="alert" data-testid="sign-in-error">{ message(e) }</p>
            }
            <button type="submit" class="primary" data-testid="sign-in-submit"
                disabled={!can_submit}>
                { if *busy { "Signing in…" } else { "Sign in" } }
            </button>
        </form>
    }
}

fn text_setter(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        state.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// The user-facing text for a failed sign-in.
pub fn message(error: &ApiError) -> String {
    match error {
        ApiError::WrongCredentials => "Email or password is wrong.".to_owned(),
        ApiError::TooManyAttempts { retry_after_secs } => {
            format!("Too many attempts. Try again in {retry_after_secs} seconds.")
        }
        ApiError::Invalid { .. } => "Enter your email and password.".to_owned(),
        _ => "Signing in failed. Try again.".to_owned(),
    }
}
