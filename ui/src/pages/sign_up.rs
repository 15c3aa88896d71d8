//! Sign-up in three steps, as in the original product: consent, account, password. The values
//! live here until the last step sends them in one `sign_up` call; an error the Rust side finds
//! sends the user back to the first step that owns a failing field, with the message beside it.

use trainmate_api::{ApiError, SignUpArgs, SignUpReply, UserType};
use yew::prelude::*;

use super::consent::{ConsentList, Consents};
use super::sign_in::text_setter;
use crate::components::password_checklist::PasswordChecklist;
use crate::i18n::{field_error, use_i18n, Problems};

/// What `sign_up` answered.
pub type SignUpOutcome = Result<SignUpReply, ApiError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Consent,
    Account,
    Password,
}

impl Step {
    pub fn number(self) -> u8 {
        match self {
            Step::Consent => 1,
            Step::Account => 2,
            Step::Password => 3,
        }
    }
}

/// The fields each step shows.
const CONSENT_FIELDS: &[&str] = &["accept_terms", "accept_privacy", "accept_marketing"];
const ACCOUNT_FIELDS: &[&str] = &["user_type", "name", "email"];
const ALL_FIELDS: &[&str] = &[
    "accept_terms",
    "accept_privacy",
    "accept_marketing",
    "user_type",
    "name",
    "email",
    "password",
    "password_confirmation",
];

/// The step that owns a field of `SignUpArgs` (unknown fields: the last step, where the error is
/// shown as a general message).
pub fn step_of_field(field: &str) -> Step {
    if CONSENT_FIELDS.contains(&field) {
        Step::Consent
    } else if ACCOUNT_FIELDS.contains(&field) {
        Step::Account
    } else {
        Step::Password
    }
}

/// Where the user goes after a failed sign-up: the earliest step with a failing field.
pub fn step_for_error(error: &ApiError) -> Step {
    match error {
        ApiError::Invalid { fields } => fields
            .iter()
            .map(|f| step_of_field(&f.field))
            .min()
            .unwrap_or(Step::Password),
        _ => Step::Password,
    }
}

#[derive(Properties, PartialEq)]
pub struct SignUpFormProps {
    pub on_submit: Callback<(SignUpArgs, Callback<SignUpOutcome>)>,
    /// The account exists and is signed in.
    #[prop_or_default]
    pub on_done: Callback<SignUpReply>,
    /// The "sign in" link.
    #[prop_or_default]
    pub on_sign_in: Callback<()>,
}

#[function_component(SignUpForm)]
pub fn sign_up_form(props: &SignUpFormProps) -> Html {
    let i18n = use_i18n();
    let step = use_state(|| Step::Consent);
    let consents = use_state(Consents::default);
    let user_type = use_state(|| UserType::Trainer);
    let name = use_state(String::new);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);

    let go = |to: Step| {
        let (step, problems) = (step.clone(), problems.clone());
        Callback::from(move |_: MouseEvent| {
            problems.set(Problems::default());
            step.set(to);
        })
    };

    let onsubmit = {
        let (step, consents, user_type) = (step.clone(), consents.clone(), user_type.clone());
        let (name, email, password, confirmation) = (
            name.clone(),
            email.clone(),
            password.clone(),
            confirmation.clone(),
        );
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let (on_submit, on_done) = (props.on_submit.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            match *step {
                Step::Consent => {
                    if consents.required_given() {
                        problems.set(Problems::default());
                        step.set(Step::Account);
                    } else {
                        problems.set(Problems {
                            general: Some(i18n.t("consent-required")),
                            ..Problems::default()
                        });
                    }
                }
                Step::Account => {
                    problems.set(Problems::default());
                    step.set(Step::Password);
                }
                Step::Password => {
                    busy.set(true);
                    problems.set(Problems::default());
                    let args = SignUpArgs {
                        accept_terms: consents.terms,
                        accept_privacy: consents.privacy,
                        accept_marketing: consents.marketing,
                        user_type: *user_type,
                        name: name.trim().to_owned(),
                        email: email.trim().to_owned(),
                        password: (*password).clone(),
                        password_confirmation: (*confirmation).clone(),
                    };
                    let (step, busy, problems, i18n, on_done) = (
                        step.clone(),
                        busy.clone(),
                        problems.clone(),
                        i18n.clone(),
                        on_done.clone(),
                    );
                    on_submit.emit((
                        args,
                        Callback::from(move |outcome: SignUpOutcome| {
                            busy.set(false);
                            match outcome {
                                Ok(reply) => on_done.emit(reply),
                                Err(e) => {
                                    let back = step_for_error(&e);
                                    let shown = match back {
                                        Step::Consent => CONSENT_FIELDS,
                                        Step::Account => ACCOUNT_FIELDS,
                                        Step::Password => ALL_FIELDS,
                                    };
                                    problems.set(Problems::of(&i18n, &e, shown));
                                    step.set(back);
                                }
                            }
                        }),
                    ));
                }
            }
        })
    };

    let body = match *step {
        Step::Consent => {
            let on_change = {
                let consents = consents.clone();
                Callback::from(move |v| consents.set(v))
            };
            let error = problems
                .field("accept_terms")
                .or(problems.field("accept_privacy"))
                .map(str::to_owned)
                .or(problems.general.clone());
            html! { <ConsentList value={*consents} {on_change} {error} /> }
        }
        Step::Account => {
            let pick = |t: UserType| {
                let user_type = user_type.clone();
                Callback::from(move |_: Event| user_type.set(t))
            };
            html! {
                <>
                    <fieldset class="choice">
                        <legend>{ i18n.t("account-type") }</legend>
                        <label class="choice-option">
                            <input type="radio" name="user-type" data-testid="sign-up-trainer"
                                checked={*user_type == UserType::Trainer}
                                onchange={pick(UserType::Trainer)} />
                            <span>{ i18n.t("account-trainer") }</span>
                        </label>
                        <label class="choice-option">
                            <input type="radio" name="user-type" data-testid="sign-up-member"
                                checked={*user_type == UserType::Member}
                                onchange={pick(UserType::Member)} />
                            <span>{ i18n.t("account-member") }</span>
                        </label>
                    </fieldset>
                    { field_error(&problems, "user_type", "sign-up-user-type-error") }
                    <label class="field">
                        <span>{ i18n.t("account-name") }</span>
                        <input type="text" autocomplete="name" data-testid="sign-up-name"
                            value={(*name).clone()} oninput={text_setter(&name)} />
                        { field_error(&problems, "name", "sign-up-name-error") }
                    </label>
                    <label class="field">
                        <span>{ i18n.t("account-email") }</span>
                        <input type="email" autocomplete="email" data-testid="sign-up-email"
                            value={(*email).clone()} oninput={text_setter(&email)} />
                        { field_error(&problems, "email", "sign-up-email-error") }
                    </label>
                    if let Some(g) = &problems.general {
                        <p class="error" role="alert" data-testid="sign-up-error">{ g }</p>
                    }
                </>
            }
        }
        Step::Password => html! {
            <>
                <label class="field">
                    <span>{ i18n.t("password-new") }</span>
                    <input type="password" autocomplete="new-password"
                        data-testid="sign-up-password" value={(*password).clone()}
                        oninput={text_setter(&password)} />
                    { field_error(&problems, "password", "sign-up-password-error") }
                </label>
                <label class="field">
                    <span>{ i18n.t("password-confirm") }</span>
                    <input type="password" autocomplete="new-password"
                        data-testid="sign-up-confirmation" value={(*confirmation).clone()}
                        oninput={text_setter(&confirmation)} />
                    { field_error(&problems, "password_confirmation", "sign-up-confirmation-error") }
                </label>
                <PasswordChecklist password={(*password).clone()}
                    confirmation={(*confirmation).clone()} />
                if let Some(g) = &problems.general {
                    <p class="error" role="alert" data-testid="sign-up-error">{ g }</p>
                }
            </>
        },
    };

    let can_continue = match *step {
        Step::Consent => true,
        Step::Account => !name.trim().is_empty() && !email.trim().is_empty(),
        Step::Password => !*busy && !password.is_empty() && !confirmation.is_empty(),
    };
    let steps = [
        (Step::Consent, "sign-up-step-consent"),
        (Step::Account, "sign-up-step-account"),
        (Step::Password, "sign-up-step-password"),
    ];
    let on_sign_in = {
        let cb = props.on_sign_in.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <form class="card wide-card sign-up" data-testid="sign-up-form" {onsubmit}
            novalidate=true data-step={step.number().to_string()}>
            <h1>{ i18n.t("sign-up-title") }</h1>
            <ol class="steps" aria-label={i18n.t_with("sign-up-step", &[("step", step.number().into())])}>
                { for steps.iter().map(|(s, key)| html! {
                    <li class={classes!("step", (*s == *step).then_some("step--current"),
                            (*s < *step).then_some("step--done"))}
                        aria-current={(*s == *step).then_some("step")}>
                        <span class="step-number">{ s.number() }</span>
                        <span>{ i18n.t(key) }</span>
                    </li>
                }) }
            </ol>
            <p class="muted" data-testid="sign-up-step">
                { i18n.t_with("sign-up-step", &[("step", step.number().into())]) }
            </p>
            { body }
            <div class="actions">
                if *step != Step::Consent {
                    <button type="button" data-testid="sign-up-back"
                        onclick={go(if *step == Step::Password { Step::Account } else { Step::Consent })}>
                        { i18n.t("sign-up-back") }
                    </button>
                }
                <button type="submit" class="primary" data-testid="sign-up-next"
                    disabled={!can_continue}>
                    { match *step {
                        Step::Password if *busy => i18n.t("sign-up-busy"),
                        Step::Password => i18n.t("sign-up-submit"),
                        _ => i18n.t("sign-up-next"),
                    } }
                </button>
            </div>
            <p class="switch-form">
                <span class="muted">{ i18n.t("sign-up-have-account") }</span>
                <button type="button" class="link" data-testid="sign-up-to-sign-in"
                    onclick={on_sign_in}>{ i18n.t("sign-up-to-sign-in") }</button>
            </p>
        </form>
    }
}
