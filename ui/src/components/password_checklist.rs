//! The password policy as a live checklist, shared by every form that sets a password (sign-up,
//! recovery, change password, a member's new or reset password).

use trainmate_core::password::PolicyChecklist;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct PasswordChecklistProps {
    pub password: String,
    pub confirmation: String,
}

/// The password policy as a live checklist: each rule ticks as soon as it holds.
#[function_component(PasswordChecklist)]
pub fn password_checklist(props: &PasswordChecklistProps) -> Html {
    let i18n = use_i18n();
    let list = PolicyChecklist::of(&props.password, &props.confirmation);
    let rules = [
        ("length", list.length_ok),
        ("letter", list.has_letter),
        ("digit", list.has_digit),
        ("special", list.has_special),
        ("match", list.matches),
    ];
    html! {
        <div class="checklist" data-testid="password-checklist">
            <p class="muted">{ i18n.t("password-policy") }</p>
            <ul>
                { for rules.iter().map(|(key, ok)| html! {
                    <li class={classes!("rule", ok.then_some("rule--ok"))}
                        data-testid={format!("policy-{key}")} data-ok={ok.to_string()}>
                        <span class="tick" aria-hidden="true">{ if *ok { "✓" } else { "○" } }</span>
                        <span>{ i18n.t(&format!("policy-{key}")) }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
