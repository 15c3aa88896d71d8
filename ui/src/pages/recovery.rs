//! A trainer resets a forgotten password offline with the one-time recovery code from sign-up.
//! A wrong email or code reads the same (nothing says which); the new one-time code is shown once.

use trainmate_api::{ApiError, RecoveryCodeReply, ResetWithRecoveryCodeArgs};
use yew::prelude::*;

use super::sign_in::text_setter;
use crate::components::password_checklist::PasswordChecklist;
use crate::i18n::{field_error, use_i18n, I18n, Problems};

/// What `reset_with_recovery_code` answered.
pub type RecoveryOutcome = Result<RecoveryCodeReply, ApiError>;

const FIELDS: &[&str] = &[
    "email",
    "recovery_code",
    "password",
    "password_confirmation",
];

/// Maps a failed reset: wrong credentials name neither the email nor the code.
pub fn problems(i18n: &I18n, error: &ApiError) -> Problems {
    match error {
        ApiError::WrongCredentials => Problems {
            general: Some(i18n.t("recovery-wrong")),
            ..Problems::default()
        },
        other => Problems::of(i18n, other, FIELDS),
    }
}

#[derive(Properties, PartialEq)]
pub struct RecoveryFormProps {
    pub on_submit: Callback<(ResetWithRecoveryCodeArgs, Callback<RecoveryOutcome>)>,
    /// Back to sign-in (also after a successful reset).
    pub on_sign_in: Callback<()>,
}

#[function_component(RecoveryForm)]
pub fn recovery_form(props: &RecoveryFormProps) -> Html {
    let i18n = use_i18n();
    let email = use_state(String::new);
    let code = use_state(String::new);
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let busy = use_state(|| false);
    let problems_state = use_state(Problems::default);
    let new_code = use_state(|| None::<String>);
    let on_sign_in = {
        let cb = props.on_sign_in.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    if let Some(next) = &*new_code {
        return html! {
            <section class="card wide-card" data-testid="recovery-done">
                <h1>{ i18n.t("recovery-done-title") }</h1>
                <div class="recovery" role="note">
                    <h2>{ i18n.t("recovery-new-code") }</h2>
                    <p class="recovery-code" data-testid="recovery-new-code">{ next }</p>
                    <p>{ i18n.t("recovery-new-code-text") }</p>
                </div>
                <div class="actions">
                    <button type="button" class="primary" data-testid="recovery-to-sign-in"
                        onclick={on_sign_in}>{ i18n.t("recovery-to-sign-in") }</button>
                </div>
            </section>
        };
    }

    let onsubmit = {
        let (email, code, password, confirmation) = (
            email.clone(),
            code.clone(),
            password.clone(),
            confirmation.clone(),
        );
        let (busy, problems_state, new_code, i18n) = (
            busy.clone(),
            problems_state.clone(),
            new_code.clone(),
            i18n.clone(),
        );
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            problems_state.set(Problems::default());
            let args = ResetWithRecoveryCodeArgs {
                email: email.trim().to_owned(),
                recovery_code: code.trim().to_owned(),
                password: (*password).clone(),
                password_confirmation: (*confirmation).clone(),
            };
            let (busy, problems_state, new_code, i18n) = (
                busy.clone(),
                problems_state.clone(),
                new_code.clone(),
                i18n.clone(),
            );
            on_submit.emit((
                args,
                Callback::from(move |outcome: RecoveryOutcome| {
                    busy.set(false);
                    match outcome {
                        Ok(reply) => new_code.set(Some(reply.recovery_code)),
                        Err(e) => problems_state.set(problems(&i18n, &e)),
                    }
                }),
            ));
        })
    };
    let can_submit = !*busy
        && !email.trim().is_empty()
        && !code.trim().is_empty()
        && !password.is_empty()
        && !confirmation.is_empty();
    let problems_now = (*problems_state).clone();
    html! {
        <form class="card wide-card" data-testid="recovery-form" {onsubmit} novalidate=true>
            <h1>{ i18n.t("recovery-title") }</h1>
            <p class="muted">{ i18n.t("recovery-intro") }</p>
            <label class="field">
                <span>{ i18n.t("recovery-email") }</span>
                <input type="email" autocomplete="username" data-testid="recovery-email"
                    value={(*email).clone()} oninput={text_setter(&email)} />
                { field_error(&problems_now, "email", "recovery-email-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("recovery-code") }</span>
                <input type="text" autocomplete="off" spellcheck="false"
                    data-testid="recovery-code-input" value={(*code).clone()}
                    oninput={text_setter(&code)} />
                { field_error(&problems_now, "recovery_code", "recovery-code-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-new") }</span>
                <input type="password" autocomplete="new-password" data-testid="recovery-password"
                    value={(*password).clone()} oninput={text_setter(&password)} />
                { field_error(&problems_now, "password", "recovery-password-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-confirm") }</span>
                <input type="password" autocomplete="new-password"
                    data-testid="recovery-confirmation" value={(*confirmation).clone()}
                    oninput={text_setter(&confirmation)} />
                { field_error(&problems_now, "password_confirmation", "recovery-confirmation-error") }
            </label>
            <PasswordChecklist password={(*password).clone()} confirmation={(*confirmation).clone()} />
            if let Some(g) = &problems_now.general {
                <p class="error" role="alert" data-testid="recovery-error">{ g }</p>
            }
            <div class="actions">
                <button type="button" data-testid="recovery-back" onclick={on_sign_in}>
                    { i18n.t("sign-up-back") }
                </button>
                <button type="submit" class="primary" data-testid="recovery-submit"
                    disabled={!can_submit}>
                    { if *busy { i18n.t("recovery-busy") } else { i18n.t("recovery-submit") } }
                </button>
            </div>
        </form>
    }
}
