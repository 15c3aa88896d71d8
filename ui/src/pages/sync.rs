//! Sync on screen (ui.md §3, §9): the header's status label and details, Settings → Sync (link
//! form, status, last sync, "sync now", conflicts with restore, refused changes, unlink), and the
//! first screen's "sign in with my sync server" form. Plain data and callbacks; `root` wires them.

use trainmate_api::{
    ApiError, ConflictRef, Me, SyncConflictView, SyncLinkArgs, SyncRejectedView, SyncSignInArgs,
    SyncState, SyncStatusReply,
};
use yew::prelude::*;

use super::sign_in::text_setter;
use crate::i18n::{field_error, use_i18n, I18n, Problems};

/// A command's outcome, reported back to the component that ran it.
pub type StatusOutcome = Result<SyncStatusReply, ApiError>;

/// The header label: local only / synced / n pending / offline / sign in again / error.
pub fn status_label(i18n: &I18n, status: Option<&SyncStatusReply>) -> String {
    let Some(status) = status else {
        return i18n.t("sync-local-only");
    };
    match status.state {
        SyncState::LocalOnly => i18n.t("sync-local-only"),
        SyncState::Synced => i18n.t("sync-state-synced"),
        SyncState::Pending => {
            i18n.t_with("sync-state-pending", &[("count", status.pending.into())])
        }
        SyncState::Offline => i18n.t("sync-state-offline"),
        SyncState::SignIn => i18n.t("sync-state-sign-in"),
        SyncState::Error => i18n.t("sync-state-error"),
    }
}

/// The CSS modifier of the status dot.
pub fn status_class(status: Option<&SyncStatusReply>) -> &'static str {
    match status.map(|s| s.state) {
        None | Some(SyncState::LocalOnly) => "sync--local",
        Some(SyncState::Synced) => "sync--synced",
        Some(SyncState::Pending) => "sync--pending",
        Some(SyncState::Offline) => "sync--offline",
        Some(SyncState::SignIn) | Some(SyncState::Error) => "sync--error",
    }
}

/// A UTC millisecond time in the user's language and local time zone.
pub fn when(i18n: &I18n, ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let tag = match i18n.language {
        trainmate_api::Language::Ko => "ko-KR",
        trainmate_api::Language::En => "en-GB",
    };
    String::from(date.to_locale_string(tag, &wasm_bindgen::JsValue::UNDEFINED))
}

/// The reason of the last failed round, in the user's language.
pub fn error_text(i18n: &I18n, code: &str) -> String {
    let id = format!("sync-error-{}", code.replace('_', "-"));
    if i18n.has(&id) {
        i18n.t(&id)
    } else {
        i18n.t_with("sync-error-other", &[("code", code.to_owned().into())])
    }
}

/// A failed sync command's message: sync's own reasons have their sentence.
pub fn command_error(i18n: &I18n, error: &ApiError) -> String {
    match error {
        ApiError::Conflict { reason } if reason.starts_with("sync_") => {
            error_text(i18n, reason.trim_start_matches("sync_"))
        }
        other => i18n.error(other),
    }
}

/// The measured clock difference (`ms` > 0: this device ahead of the server), in hours and
/// minutes (rounded to the minute, at least one).
pub fn clock_skew_text(i18n: &I18n, ms: i64) -> String {
    let minutes = ((ms.unsigned_abs() + 30_000) / 60_000).max(1);
    let amount = i18n.t_with(
        "sync-clock-amount",
        &[
            ("hours", (minutes / 60).into()),
            ("minutes", (minutes % 60).into()),
        ],
    );
    let id = if ms > 0 {
        "sync-clock-ahead"
    } else {
        "sync-clock-behind"
    };
    i18n.t_with(id, &[("amount", amount.into())])
}

/// The details under the header's status, and a way to Settings → Sync.
pub fn status_details(i18n: &I18n, status: Option<&SyncStatusReply>) -> Html {
    let Some(status) = status.filter(|s| s.state != SyncState::LocalOnly) else {
        return html! { <span>{ i18n.t("sync-local-only-detail") }</span> };
    };
    html! {
        <>
            if let Some(url) = &status.server_url {
                <span class="sync-line">{ i18n.t_with("sync-server", &[("url", url.clone().into())]) }</span>
            }
            <span class="sync-line" data-testid="sync-detail-last">{
                match status.last_success_at {
                    Some(ms) => i18n.t_with("sync-last-success", &[("time", when(i18n, ms).into())]),
                    None => i18n.t("sync-never"),
                }
            }</span>
            if status.pending > 0 {
                <span class="sync-line">{ i18n.t_with("sync-pending-detail", &[("count", status.pending.into())]) }</span>
            }
            if let Some(code) = &status.last_error {
                <span class="sync-line error" data-testid="sync-detail-error">{ error_text(i18n, code) }</span>
            }
            if status.conflicts > 0 {
                <span class="sync-line">{ i18n.t_with("sync-conflicts-count", &[("count", status.conflicts.into())]) }</span>
            }
            if let Some(ms) = status.clock_skew_ms {
                <span class="sync-line error" data-testid="sync-detail-clock">{ clock_skew_text(i18n, ms) }</span>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SyncSectionProps {
    /// `None` while loading.
    pub status: Option<SyncStatusReply>,
    #[prop_or_default]
    pub load_error: Option<ApiError>,
    #[prop_or_default]
    pub conflicts: Vec<SyncConflictView>,
    #[prop_or_default]
    pub rejected: Vec<SyncRejectedView>,
    pub on_link: Callback<(SyncLinkArgs, Callback<StatusOutcome>)>,
    pub on_sync_now: Callback<Callback<StatusOutcome>>,
    pub on_restore: Callback<(ConflictRef, Callback<StatusOutcome>)>,
    pub on_unlink: Callback<Callback<StatusOutcome>>,
}

const LINK_FIELDS: &[&str] = &["server_url", "email", "password"];

/// Settings → Sync.
#[function_component(SyncSection)]
pub fn sync_section(props: &SyncSectionProps) -> Html {
    let i18n = use_i18n();
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let run = |action: &'static str| {
        let (busy, error, i18n) = (busy.clone(), error.clone(), i18n.clone());
        Callback::from(move |outcome: StatusOutcome| {
            busy.set(false);
            match outcome {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(format!("{}{}", action, command_error(&i18n, &e)))),
            }
        })
    };
    let on_sync_now = {
        let (busy, cb, done) = (busy.clone(), props.on_sync_now.clone(), run(""));
        Callback::from(move |_: MouseEvent| {
            busy.set(true);
            cb.emit(done.clone())
        })
    };
    let on_unlink = {
        let (busy, cb, done) = (busy.clone(), props.on_unlink.clone(), run(""));
        Callback::from(move |_: MouseEvent| {
            busy.set(true);
            cb.emit(done.clone())
        })
    };
    let body = match (&props.status, &props.load_error) {
        (_, Some(e)) => html! {
            <p class="error" role="alert" data-testid="sync-load-error">{ command_error(&i18n, e) }</p>
        },
        (None, None) => html! { <p class="muted">{ i18n.t("loading") }</p> },
        (Some(status), None)
            if status.state == SyncState::LocalOnly || status.state == SyncState::SignIn =>
        {
            html! {
                <>
                    <p class="muted" data-testid="sync-state">{ status_label(&i18n, Some(status)) }</p>
                    if status.state == SyncState::SignIn {
                        <p class="error" role="alert">{ i18n.t("sync-sign-in-again") }</p>
                    } else {
                        <p class="footnote">{ i18n.t("sync-explain") }</p>
                    }
                    <LinkForm on_submit={props.on_link.clone()}
                        server_url={status.server_url.clone().unwrap_or_default()}
                        email={status.account_email.clone().unwrap_or_default()} />
                    if status.pending > 0 {
                        <p class="footnote">{ i18n.t_with("sync-pending-detail", &[("count", status.pending.into())]) }</p>
                    }
                </>
            }
        }
        (Some(status), None) => html! {
            <>
                <p class={classes!("sync-state", status_class(Some(status)))} data-testid="sync-state">
                    <span class="sync-dot" aria-hidden="true"></span>
                    { status_label(&i18n, Some(status)) }
                </p>
                <p class="footnote sync-details">{ status_details(&i18n, Some(status)) }</p>
                <div class="actions">
                    <button type="button" class="primary" data-testid="sync-now" disabled={*busy}
                        onclick={on_sync_now}>{ if *busy { i18n.t("sync-now-busy") } else { i18n.t("sync-now") } }</button>
                    <button type="button" class="link" data-testid="sync-unlink" disabled={*busy}
                        onclick={on_unlink}>{ i18n.t("sync-unlink") }</button>
                </div>
            </>
        },
    };
    html! {
        <div class="card settings-group sync-section" data-testid="sync-section">
            <h2>{ i18n.t("sync-title") }</h2>
            { body }
            if let Some(message) = &*error {
                <p class="error" role="alert" data-testid="sync-error">{ message }</p>
            }
            if props.status.as_ref().is_some_and(|s| s.state != SyncState::LocalOnly) || !props.conflicts.is_empty() {
                <ConflictList conflicts={props.conflicts.clone()} on_restore={props.on_restore.clone()} />
            }
            if !props.rejected.is_empty() {
                <h3>{ i18n.t("sync-rejected-title") }</h3>
                <ul class="sync-list" data-testid="sync-rejected">
                    { for props.rejected.iter().map(|r| html! {
                        <li class="sync-item" key={r.change_id.clone()}>
                            <span class="sync-what">{ table_label(&i18n, &r.table) }</span>
                            <span class="footnote">{ &r.message }</span>
                            <span class="muted">{ when(&i18n, r.rejected_at) }</span>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// A synced table's name for people.
pub fn table_label(i18n: &I18n, table: &str) -> String {
    let id = format!("sync-table-{}", table.replace('_', "-"));
    if i18n.has(&id) {
        i18n.t(&id)
    } else {
        table.to_owned()
    }
}

/// A stored JSON value for people: strings unquoted, null as a dash.
pub fn value_text(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => "—".to_owned(),
        Ok(other) => other.to_string(),
        Err(_) => json.to_owned(),
    }
}

#[derive(Properties, PartialEq)]
struct ConflictListProps {
    conflicts: Vec<SyncConflictView>,
    on_restore: Callback<(ConflictRef, Callback<StatusOutcome>)>,
}

#[function_component(ConflictList)]
fn conflict_list(props: &ConflictListProps) -> Html {
    let i18n = use_i18n();
    let busy = use_state(|| None::<i64>);
    let error = use_state(|| None::<String>);
    html! {
        <>
            <h3>{ i18n.t("sync-conflicts-title") }</h3>
            if props.conflicts.is_empty() {
                <p class="muted" data-testid="sync-conflicts-empty">{ i18n.t("sync-conflicts-empty") }</p>
            } else {
                <ul class="sync-list" data-testid="sync-conflicts">
                    { for props.conflicts.iter().map(|c| {
                        let onclick = {
                            let (busy, error, i18n) = (busy.clone(), error.clone(), i18n.clone());
                            let on_restore = props.on_restore.clone();
                            let id = c.id;
                            Callback::from(move |_: MouseEvent| {
                                busy.set(Some(id));
                                let (busy, error, i18n) = (busy.clone(), error.clone(), i18n.clone());
                                on_restore.emit((ConflictRef { id }, Callback::from(move |o: StatusOutcome| {
                                    busy.set(None);
                                    error.set(o.err().map(|e| command_error(&i18n, &e)));
                                })));
                            })
                        };
                        html! {
                            <li class="sync-item" key={c.id} data-testid={format!("sync-conflict-{}", c.id)}>
                                <span class="sync-what">{ i18n.t_with("sync-conflict-what", &[
                                    ("what", table_label(&i18n, &c.table).into()),
                                    ("field", c.column.clone().into()),
                                ]) }</span>
                                <span>{ i18n.t_with("sync-conflict-values", &[
                                    ("kept", value_text(&c.kept).into()),
                                    ("lost", value_text(&c.lost).into()),
                                ]) }</span>
                                <button type="button" class="secondary" data-testid={format!("sync-restore-{}", c.id)}
                                    disabled={busy.is_some()} {onclick}>
                                    { i18n.t_with("sync-restore", &[("lost", value_text(&c.lost).into())]) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some(message) = &*error {
                <p class="error" role="alert" data-testid="sync-restore-error">{ message }</p>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct LinkFormProps {
    on_submit: Callback<(SyncLinkArgs, Callback<StatusOutcome>)>,
    #[prop_or_default]
    server_url: String,
    #[prop_or_default]
    email: String,
}

#[function_component(LinkForm)]
fn link_form(props: &LinkFormProps) -> Html {
    let i18n = use_i18n();
    let server_url = use_state(|| props.server_url.clone());
    let email = use_state(|| props.email.clone());
    let password = use_state(String::new);
    let create = use_state(|| false);
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);
    let submit = |make: bool| {
        let (server_url, email, password, create) = (
            server_url.clone(),
            email.clone(),
            password.clone(),
            create.clone(),
        );
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let on_submit = props.on_submit.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            create.set(make);
            problems.set(Problems::default());
            let args = SyncLinkArgs {
                server_url: server_url.trim().to_owned(),
                email: email.trim().to_owned(),
                password: (*password).clone(),
                create: make,
            };
            let (busy, problems, i18n, password) = (
                busy.clone(),
                problems.clone(),
                i18n.clone(),
                password.clone(),
            );
            on_submit.emit((
                args,
                Callback::from(move |outcome: StatusOutcome| {
                    busy.set(false);
                    match outcome {
                        Ok(_) => password.set(String::new()),
                        Err(e @ ApiError::Invalid { .. }) => {
                            problems.set(Problems::of(&i18n, &e, LINK_FIELDS))
                        }
                        Err(e) => problems.set(Problems {
                            general: Some(command_error(&i18n, &e)),
                            ..Problems::default()
                        }),
                    }
                }),
            ));
        })
    };
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="sync-link" data-testid="sync-link-form" {onsubmit} novalidate=true>
            <label class="field">
                <span>{ i18n.t("sync-server-url") }</span>
                <input type="url" inputmode="url" placeholder="https://" data-testid="sync-server-url"
                    value={(*server_url).clone()} oninput={text_setter(&server_url)} />
                { field_error(&problems, "server_url", "sync-server-url-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("sign-in-email") }</span>
                <input type="email" autocomplete="username" data-testid="sync-email"
                    value={(*email).clone()} oninput={text_setter(&email)} />
                { field_error(&problems, "email", "sync-email-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("sign-in-password") }</span>
                <input type="password" autocomplete="current-password" data-testid="sync-password"
                    value={(*password).clone()} oninput={text_setter(&password)} />
                { field_error(&problems, "password", "sync-password-error") }
            </label>
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="sync-link-error">{ g }</p>
            }
            <div class="actions">
                <button type="button" class="primary" data-testid="sync-link-sign-in" disabled={*busy}
                    onclick={submit(false)}>{ if *busy && !*create { i18n.t("sync-linking") } else { i18n.t("sync-link-sign-in") } }</button>
                <button type="button" class="secondary" data-testid="sync-link-create" disabled={*busy}
                    onclick={submit(true)}>{ if *busy && *create { i18n.t("sync-linking") } else { i18n.t("sync-link-create") } }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ServerSignInProps {
    pub on_submit: Callback<(SyncSignInArgs, Callback<Result<Me, ApiError>>)>,
    pub on_signed_in: Callback<Me>,
    pub on_cancel: Callback<()>,
}

/// "Sign in with my sync server" (a fresh device's first screen): pulls the trainer's data, then
/// signs in here with the same email and password.
#[function_component(ServerSignInForm)]
pub fn server_sign_in_form(props: &ServerSignInProps) -> Html {
    let i18n = use_i18n();
    let server_url = use_state(String::new);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);
    let can_submit =
        !*busy && !server_url.trim().is_empty() && !email.trim().is_empty() && !password.is_empty();
    let onsubmit = {
        let (server_url, email, password) = (server_url.clone(), email.clone(), password.clone());
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let (on_submit, on_signed_in) = (props.on_submit.clone(), props.on_signed_in.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            problems.set(Problems::default());
            let args = SyncSignInArgs {
                server_url: server_url.trim().to_owned(),
                email: email.trim().to_owned(),
                password: (*password).clone(),
            };
            let (busy, problems, i18n, on_signed_in) = (
                busy.clone(),
                problems.clone(),
                i18n.clone(),
                on_signed_in.clone(),
            );
            on_submit.emit((
                args,
                Callback::from(move |outcome: Result<Me, ApiError>| {
                    busy.set(false);
                    match outcome {
                        Ok(me) => on_signed_in.emit(me),
                        Err(e @ ApiError::Invalid { .. }) => {
                            problems.set(Problems::of(&i18n, &e, LINK_FIELDS))
                        }
                        Err(e) => problems.set(Problems {
                            general: Some(command_error(&i18n, &e)),
                            ..Problems::default()
                        }),
                    }
                }),
            ));
        })
    };
    let on_cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <form class="card sign-in" data-testid="server-sign-in-form" {onsubmit} novalidate=true>
            <h1 class="brand">{ i18n.t("app-name") }</h1>
            <p class="muted">{ i18n.t("sync-server-sign-in-title") }</p>
            <p class="footnote">{ i18n.t("sync-server-sign-in-explain") }</p>
            <label class="field">
                <span>{ i18n.t("sync-server-url") }</span>
                <input type="url" inputmode="url" placeholder="https://" data-testid="server-sign-in-url"
                    value={(*server_url).clone()} oninput={text_setter(&server_url)} />
                { field_error(&problems, "server_url", "server-sign-in-url-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("sign-in-email") }</span>
                <input type="email" autocomplete="username" data-testid="server-sign-in-email"
                    value={(*email).clone()} oninput={text_setter(&email)} />
            </label>
            <label class="field">
                <span>{ i18n.t("sign-in-password") }</span>
                <input type="password" autocomplete="current-password" data-testid="server-sign-in-password"
                    value={(*password).clone()} oninput={text_setter(&password)} />
            </label>
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="server-sign-in-error">{ g }</p>
            }
            <button type="submit" class="primary" data-testid="server-sign-in-submit" disabled={!can_submit}>
                { if *busy { i18n.t("sync-server-sign-in-busy") } else { i18n.t("sync-server-sign-in-submit") } }
            </button>
            <p class="switch-form">
                <button type="button" class="link" data-testid="server-sign-in-cancel" onclick={on_cancel}>
                    { i18n.t("sync-server-sign-in-back") }</button>
            </p>
        </form>
    }
}
