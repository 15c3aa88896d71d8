//! Consents: the list used as sign-up's first step, and the screen a member added by a trainer
//! sees at first sign-in before anything else. "Agree to all" ticks every item; terms and privacy
//! are required, marketing optional; each item expands to its text.

use trainmate_api::{ApiError, ConsentArgs, Me};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Consents {
    pub terms: bool,
    pub privacy: bool,
    pub marketing: bool,
}

impl Consents {
    /// The required ones are given.
    pub fn required_given(&self) -> bool {
        self.terms && self.privacy
    }
    pub fn all(&self) -> bool {
        self.terms && self.privacy && self.marketing
    }
}

#[derive(Properties, PartialEq)]
pub struct ConsentListProps {
    pub value: Consents,
    pub on_change: Callback<Consents>,
    /// Shown under the list (e.g. a required consent missing).
    #[prop_or_default]
    pub error: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Item {
    Terms,
    Privacy,
    Marketing,
}

#[function_component(ConsentList)]
pub fn consent_list(props: &ConsentListProps) -> Html {
    let i18n = use_i18n();
    let open = use_state(|| None::<Item>);
    let value = props.value;
    // The latest value, also between a change and the re-render it causes: two quick taps must
    // not undo each other.
    let latest = use_mut_ref(|| value);
    *latest.borrow_mut() = value;
    let on_all = {
        let latest = latest.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let next = Consents {
                terms: on,
                privacy: on,
                marketing: on,
            };
            *latest.borrow_mut() = next;
            on_change.emit(next)
        })
    };
    let row = |item: Item, key: &str, checked: bool, testid: &str| {
        let on_change = props.on_change.clone();
        let latest = latest.clone();
        let onchange = Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = *latest.borrow();
            match item {
                Item::Terms => next.terms = on,
                Item::Privacy => next.privacy = on,
                Item::Marketing => next.marketing = on,
            }
            *latest.borrow_mut() = next;
            on_change.emit(next)
        });
        let is_open = *open == Some(item);
        let toggle = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| {
                open.set(if is_open { None } else { Some(item) });
            })
        };
        html! {
            <li class="consent-item">
                <div class="consent-row">
                    <label class="check">
                        <input type="checkbox" data-testid={format!("consent-{testid}")}
                            {checked} {onchange} />
                        <span>{ i18n.t(&format!("consent-{key}")) }</span>
                    </label>
                    <button type="button" class="link" aria-expanded={is_open.to_string()}
                        data-testid={format!("consent-{testid}-read")} onclick={toggle}>
                        { if is_open { i18n.t("consent-hide") } else { i18n.t("consent-read") } }
                    </button>
                </div>
                if is_open {
                    <p class="consent-text" data-testid={format!("consent-{testid}-text")}>
                        { i18n.t(&format!("consent-{key}-text")) }
                    </p>
                }
            </li>
        }
    };
    html! {
        <div class="consents">
            <label class="check consent-all">
                <input type="checkbox" data-testid="consent-all" checked={value.all()}
                    onchange={on_all} />
                <span>{ i18n.t("consent-all") }</span>
            </label>
            <ul class="consent-items">
                { row(Item::Terms, "terms", value.terms, "terms") }
                { row(Item::Privacy, "privacy", value.privacy, "privacy") }
                { row(Item::Marketing, "marketing", value.marketing, "marketing") }
            </ul>
            if let Some(error) = &props.error {
                <p class="error" role="alert" data-testid="consent-error">{ error }</p>
            }
        </div>
    }
}

/// What `give_consent` answered.
pub type ConsentOutcome = Result<Me, ApiError>;

#[derive(Properties, PartialEq)]
pub struct ConsentPageProps {
    pub on_submit: Callback<(ConsentArgs, Callback<ConsentOutcome>)>,
    pub on_done: Callback<Me>,
    pub on_sign_out: Callback<()>,
}

/// A member's first sign-in: nothing else is reachable until the required consents are given.
#[function_component(ConsentPage)]
pub fn consent_page(props: &ConsentPageProps) -> Html {
    let i18n = use_i18n();
    let value = use_state(Consents::default);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let on_change = {
        let value = value.clone();
        Callback::from(move |v| value.set(v))
    };
    let onsubmit = {
        let (value, busy, error) = (value.clone(), busy.clone(), error.clone());
        let (on_submit, on_done, i18n) =
            (props.on_submit.clone(), props.on_done.clone(), i18n.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            if !value.required_given() {
                error.set(Some(i18n.t("consent-required")));
                return;
            }
            busy.set(true);
            error.set(None);
            let args = ConsentArgs {
                accept_terms: value.terms,
                accept_privacy: value.privacy,
                accept_marketing: value.marketing,
            };
            let (busy, error, on_done, i18n) =
                (busy.clone(), error.clone(), on_done.clone(), i18n.clone());
            on_submit.emit((
                args,
                Callback::from(move |outcome: ConsentOutcome| {
                    busy.set(false);
                    match outcome {
                        Ok(me) => on_done.emit(me),
                        Err(e) => error.set(Some(i18n.error(&e))),
                    }
                }),
            ));
        })
    };
    let on_sign_out = {
        let cb = props.on_sign_out.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <form class="card wide-card" data-testid="consent-page" {onsubmit} novalidate=true>
            <h1>{ i18n.t("consent-title") }</h1>
            <p class="muted">{ i18n.t("consent-intro") }</p>
            <ConsentList value={*value} {on_change} error={(*error).clone()} />
            <div class="actions">
                <button type="button" data-testid="consent-sign-out" onclick={on_sign_out}>
                    { i18n.t("nav-sign-out") }
                </button>
                <button type="submit" class="primary" data-testid="consent-submit"
                    disabled={*busy}>{ i18n.t("consent-submit") }</button>
            </div>
        </form>
    }
}
