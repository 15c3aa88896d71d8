//! The signed-in frame: a left rail (a top bar in narrow windows), the header with the user and the
//! sync status (local only, synced, n pending, offline, error; tap for details), and the page.

use trainmate_api::{Me, SyncStatusReply, UserType};
use yew::prelude::*;

use crate::i18n::use_i18n;

/// The rail's destinations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Home,
    /// Trainers only.
    Members,
    /// Members only: their own page (profile, metrics, records).
    MyPage,
    /// Members only: their own sessions by date.
    History,
    Settings,
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub me: Me,
    /// Where the user is (highlighted in the rail); `None` on screens outside the rail.
    pub current: Option<Place>,
    pub on_navigate: Callback<Place>,
    pub on_sign_out: Callback<()>,
    /// The trainer's sync status (`None`: local only, and always for members).
    #[prop_or_default]
    pub sync: Option<SyncStatusReply>,
    pub children: Html,
}

#[function_component(Shell)]
pub fn shell(props: &ShellProps) -> Html {
    let i18n = use_i18n();
    let sync_open = use_state(|| false);
    let item = |place: Place, key: &str, icon: &str, testid: &str| {
        let on_navigate = props.on_navigate.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_navigate.emit(place));
        let current = props.current == Some(place);
        html! {
            <button type="button" class={classes!("rail-item", current.then_some("rail-item--current"))}
                aria-current={current.then_some("page")} data-testid={testid.to_owned()} {onclick}>
                <span class="rail-icon" aria-hidden="true">{ icon.to_owned() }</span>
                <span class="rail-label">{ i18n.t(key) }</span>
            </button>
        }
    };
    let on_sign_out = {
        let cb = props.on_sign_out.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let toggle_sync = {
        let sync_open = sync_open.clone();
        Callback::from(move |_: MouseEvent| sync_open.set(!*sync_open))
    };
    let open_settings = {
        let (on_navigate, sync_open) = (props.on_navigate.clone(), sync_open.clone());
        Callback::from(move |_: MouseEvent| {
            sync_open.set(false);
            on_navigate.emit(Place::Settings)
        })
    };
    let initial = props
        .me
        .name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    let role = match props.me.user_type {
        UserType::Trainer => i18n.t("role-trainer"),
        UserType::Member => i18n.t("role-member"),
    };
    html! {
        <div class="shell" data-testid="shell">
            <nav class="rail" aria-label={i18n.t("nav-main")}>
                <span class="rail-brand">{ i18n.t("app-name") }</span>
                { item(Place::Home, "nav-home", "⌂", "nav-home") }
                if props.me.user_type == UserType::Trainer {
                    { item(Place::Members, "nav-members", "☰", "nav-members") }
                } else {
                    { item(Place::MyPage, "nav-my-page", "☺", "nav-my-page") }
                    { item(Place::History, "nav-history", "☷", "nav-history") }
                }
                { item(Place::Settings, "nav-settings", "⚙", "nav-settings") }
                <span class="rail-spacer"></span>
                <button type="button" class="rail-item" data-testid="nav-sign-out" onclick={on_sign_out.clone()}>
                    <span class="rail-icon" aria-hidden="true">{ "↩" }</span>
                    <span class="rail-label">{ i18n.t("nav-sign-out") }</span>
                </button>
            </nav>
            <div class="shell-main">
                <header class="header">
                    <span class="avatar" aria-hidden="true" data-testid="header-avatar">{ initial }</span>
                    <span class="who">
                        <span class="who-name" data-testid="header-name">{ &props.me.name }</span>
                        <span class="who-role" data-testid="header-role">{ role }</span>
                    </span>
                    <span class="header-spacer"></span>
                    // On a shared tablet the next person signs in here: this session ends.
                    <button type="button" class="link switch-user" data-testid="switch-user"
                        onclick={on_sign_out.clone()}>{ i18n.t("switch-user") }</button>
                    <div class={classes!("sync", crate::pages::sync::status_class(props.sync.as_ref()))}>
                        <button type="button" class="sync-status" data-testid="sync-status"
                            aria-expanded={sync_open.to_string()} onclick={toggle_sync}>
                            <span class="sync-dot" aria-hidden="true"></span>
                            { crate::pages::sync::status_label(&i18n, props.sync.as_ref()) }
                        </button>
                        if *sync_open {
                            <p class="sync-detail" role="status" data-testid="sync-detail">
                                { crate::pages::sync::status_details(&i18n, props.sync.as_ref()) }
                                if props.me.user_type == UserType::Trainer {
                                    <button type="button" class="link" data-testid="sync-open-settings"
                                        onclick={open_settings}>{ i18n.t("sync-open-settings") }</button>
                                }
                            </p>
                        }
                    </div>
                </header>
                <main class="content">{ props.children.clone() }</main>
            </div>
        </div>
    }
}
