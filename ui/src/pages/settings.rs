//! Settings: language, units and theme (each applies at once and is stored through
//! `update_settings`), sync (trainers), where the data lives, and changing the password.

use trainmate_api::{
    ApiError, AppInfoReply, ChangePasswordArgs, Language, Settings, Theme, WeightUnits,
};
use yew::prelude::*;

use super::sign_in::text_setter;
use crate::i18n::{field_error, use_i18n, Problems};

/// What `change_password` answered.
pub type ChangePasswordOutcome = Result<(), ApiError>;

#[derive(Properties, PartialEq)]
pub struct SettingsPageProps {
    pub settings: Settings,
    pub on_change: Callback<Settings>,
    /// The last settings change failed (shown under the choices).
    #[prop_or_default]
    pub save_error: Option<ApiError>,
    #[prop_or_default]
    pub app_info: Option<AppInfoReply>,
    pub on_change_password: Callback<(ChangePasswordArgs, Callback<ChangePasswordOutcome>)>,
    /// Settings → Sync (trainers; the root wires it), shown after the display settings.
    #[prop_or_default]
    pub sync: Html,
}

#[function_component(SettingsPage)]
pub fn settings_page(props: &SettingsPageProps) -> Html {
    let i18n = use_i18n();
    let settings = props.settings;
    let choice = |testid: &str, label: String, selected: bool, next: Settings| {
        let on_change = props.on_change.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_change.emit(next));
        html! {
            <button type="button" role="radio" aria-checked={selected.to_string()}
                class={classes!("segment", selected.then_some("segment--on"))}
                data-testid={testid.to_owned()} {onclick}>{ label }</button>
        }
    };
    html! {
        <section class="page" data-testid="settings">
            <h1>{ i18n.t("settings-title") }</h1>
            <div class="card settings-group">
                <h2>{ i18n.t("settings-display") }</h2>
                <div class="setting">
                    <span class="setting-label" id="setting-language">{ i18n.t("settings-language") }</span>
                    <div class="segments" role="radiogroup" aria-labelledby="setting-language">
                        { choice("settings-language-ko", i18n.t("lang-ko"), settings.language == Language::Ko,
                            Settings { language: Language::Ko, ..settings }) }
                        { choice("settings-language-en", i18n.t("lang-en"), settings.language == Language::En,
                            Settings { language: Language::En, ..settings }) }
                    </div>
                </div>
                <div class="setting">
                    <span class="setting-label" id="setting-units">{ i18n.t("settings-units") }</span>
                    <div class="segments" role="radiogroup" aria-labelledby="setting-units">
                        { choice("settings-units-kg", i18n.t("units-kg"), settings.units == WeightUnits::Kg,
                            Settings { units: WeightUnits::Kg, ..settings }) }
                        { choice("settings-units-lb", i18n.t("units-lb"), settings.units == WeightUnits::Lb,
                            Settings { units: WeightUnits::Lb, ..settings }) }
                    </div>
                </div>
                <div class="setting">
                    <span class="setting-label" id="setting-theme">{ i18n.t("settings-theme") }</span>
                    <div class="segments" role="radiogroup" aria-labelledby="setting-theme">
                        { choice("settings-theme-light", i18n.t("theme-light"), settings.theme == Theme::Light,
                            Settings { theme: Theme::Light, ..settings }) }
                        { choice("settings-theme-dark", i18n.t("theme-dark"), settings.theme == Theme::Dark,
                            Settings { theme: Theme::Dark, ..settings }) }
                    </div>
                </div>
                if let Some(e) = &props.save_error {
                    <p class="error" role="alert" data-testid="settings-error">{ i18n.error(e) }</p>
                }
            </div>
            { props.sync.clone() }
            <ChangePasswordForm on_submit={props.on_change_password.clone()} />
            <div class="card settings-group">
                <h2>{ i18n.t("settings-data") }</h2>
                if let Some(info) = &props.app_info {
                    <p class="setting-label">{ i18n.t("settings-data-dir") }</p>
                    <p class="footnote" data-testid="settings-data-dir">{ &info.data_dir }</p>
                    <p class="footnote">{ i18n.t_with("settings-version", &[
                        ("version", info.version.clone().into()),
                        ("schema", info.schema_version.into()),
                    ]) }</p>
                } else {
                    <p class="muted">{ i18n.t("loading") }</p>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChangePasswordFormProps {
    pub on_submit: Callback<(ChangePasswordArgs, Callback<ChangePasswordOutcome>)>,
}

const PASSWORD_FIELDS: &[&str] = &["current_password", "password", "password_confirmation"];

#[function_component(ChangePasswordForm)]
pub fn change_password_form(props: &ChangePasswordFormProps) -> Html {
    let i18n = use_i18n();
    let current = use_state(String::new);
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let problems = use_state(Problems::default);
    let onsubmit = {
        let (current, password, confirmation) =
            (current.clone(), password.clone(), confirmation.clone());
        let (busy, done, problems, i18n) =
            (busy.clone(), done.clone(), problems.clone(), i18n.clone());
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            done.set(false);
            problems.set(Problems::default());
            let args = ChangePasswordArgs {
                current_password: (*current).clone(),
                password: (*password).clone(),
                password_confirmation: (*confirmation).clone(),
            };
            let (current, password, confirmation) =
                (current.clone(), password.clone(), confirmation.clone());
            let (busy, done, problems, i18n) =
                (busy.clone(), done.clone(), problems.clone(), i18n.clone());
            on_submit.emit((
                args,
                Callback::from(move |outcome: ChangePasswordOutcome| {
                    busy.set(false);
                    match outcome {
                        Ok(()) => {
                            current.set(String::new());
                            password.set(String::new());
                            confirmation.set(String::new());
                            done.set(true);
                        }
                        Err(e) => problems.set(Problems::of(&i18n, &e, PASSWORD_FIELDS)),
                    }
                }),
            ));
        })
    };
    html! {
        <form class="card settings-group" data-testid="change-password" {onsubmit} novalidate=true>
            <h2>{ i18n.t("settings-password") }</h2>
            <label class="field">
                <span>{ i18n.t("password-current") }</span>
                <input type="password" autocomplete="current-password"
                    data-testid="change-password-current" value={(*current).clone()}
                    oninput={text_setter(&current)} />
                { field_error(&problems, "current_password", "change-password-current-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-new") }</span>
                <input type="password" autocomplete="new-password"
                    data-testid="change-password-new" value={(*password).clone()}
                    oninput={text_setter(&password)} />
                { field_error(&problems, "password", "change-password-new-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-confirm") }</span>
                <input type="password" autocomplete="new-password"
                    data-testid="change-password-confirmation" value={(*confirmation).clone()}
                    oninput={text_setter(&confirmation)} />
                { field_error(&problems, "password_confirmation", "change-password-confirmation-error") }
            </label>
            <crate::components::password_checklist::PasswordChecklist password={(*password).clone()}
                confirmation={(*confirmation).clone()} />
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="change-password-error">{ g }</p>
            }
            if *done {
                <p class="success" role="status" data-testid="change-password-done">
                    { i18n.t("password-changed") }
                </p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="change-password-submit"
                    disabled={*busy}>{ i18n.t("password-change-submit") }</button>
            </div>
        </form>
    }
}
