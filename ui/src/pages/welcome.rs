//! After sign-up: a welcome, and for a trainer the one-time recovery code with a clear "write this
//! down"; then "enter my body data" (the user's own member page, add-entry dialog open) or
//! "go home".

use trainmate_api::Me;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub me: Me,
    pub recovery_code: Option<String>,
    pub on_home: Callback<()>,
    /// Opens the user's own page with the body-metrics dialog open.
    #[prop_or_default]
    pub on_body_data: Callback<()>,
}

#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let i18n = use_i18n();
    let on_home = {
        let cb = props.on_home.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_body_data = {
        let cb = props.on_body_data.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section class="card wide-card welcome" data-testid="welcome">
            <h1>{ i18n.t_with("welcome-title", &[("name", props.me.name.clone().into())]) }</h1>
            <p class="muted">{ i18n.t("welcome-ready") }</p>
            if let Some(code) = &props.recovery_code {
                <div class="recovery" role="note">
                    <h2>{ i18n.t("welcome-recovery-title") }</h2>
                    <p class="recovery-code" data-testid="recovery-code">{ code }</p>
                    <p>{ i18n.t("welcome-recovery-text") }</p>
                </div>
            }
            <div class="actions">
                <button type="button" data-testid="welcome-body-data"
                    onclick={on_body_data}>{ i18n.t("welcome-body-data") }</button>
                <button type="button" class="primary" data-testid="welcome-home"
                    onclick={on_home}>{ i18n.t("welcome-home") }</button>
            </div>
        </section>
    }
}
