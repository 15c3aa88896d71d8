//! A trainer's members (ui.md screen 4): the trainer first, then the assigned members, with a
//! count badge and a search box (name, email, phone; Korean initial consonants too). Picking a row
//! highlights it and opens that member's page beside the list (`pages::member`), where release
//! and reset password live. "Add member" creates an account; "Find member" searches unassigned
//! members and assigns one.
//!
//! The page takes the list and callbacks; the root calls the commands and reloads the list.

use trainmate_api::{
    AddMemberArgs, ApiError, MemberSummary, ResetMemberPasswordArgs, UnassignedMember,
};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::sign_in::text_setter;
use crate::components::password_checklist::PasswordChecklist;
use crate::i18n::{field_error, use_i18n, Problems};

/// A command's answer handed back to the dialog that asked.
pub type Reply<T> = Callback<Result<T, ApiError>>;

/// The rows matching a search query: by name, email or phone; a Korean initial consonant in the
/// query stands for any syllable starting with it ("ㄱㅁ" finds "김민수"). The order is kept, so the
/// trainer stays first; an empty query keeps every row.
pub fn filter_members(members: &[MemberSummary], query: &str) -> Vec<MemberSummary> {
    let query = query.trim();
    members
        .iter()
        .filter(|m| {
            trainmate_core::hangul::matches(query, &m.name, &m.email)
                || m.phone.as_deref().is_some_and(|p| {
                    let digits = |s: &str| {
                        s.chars()
                            .filter(|c| !matches!(c, '-' | ' '))
                            .collect::<String>()
                    };
                    !digits(query).is_empty() && digits(p).contains(&digits(query))
                })
        })
        .cloned()
        .collect()
}

/// How many members are listed (the trainer's own row is not counted).
pub fn member_count(members: &[MemberSummary]) -> usize {
    members.iter().filter(|m| !m.is_self).count()
}

/// The first letter of a name, upper-cased, for the avatar.
pub fn initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default()
}

/// The fields of the add-member dialog (errors on other fields become the general message).
pub const ADD_FIELDS: &[&str] = &[
    "name",
    "email",
    "phone",
    "password",
    "password_confirmation",
];
/// The fields of the reset-password dialog.
pub const RESET_FIELDS: &[&str] = &["password", "password_confirmation"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialog {
    Add,
    Find,
}

#[derive(Properties, PartialEq)]
pub struct MembersPageProps {
    /// `None` while loading.
    pub members: Option<Result<Vec<MemberSummary>, ApiError>>,
    pub selected: Option<Uuid>,
    #[prop_or_default]
    pub on_select: Callback<Option<Uuid>>,
    #[prop_or_default]
    pub on_retry: Callback<()>,
    #[prop_or_default]
    pub on_add: Callback<(AddMemberArgs, Reply<MemberSummary>)>,
    #[prop_or_default]
    pub on_search: Callback<(String, Reply<Vec<UnassignedMember>>)>,
    #[prop_or_default]
    pub on_assign: Callback<(Uuid, Reply<MemberSummary>)>,
}

#[function_component(MembersPage)]
pub fn members_page(props: &MembersPageProps) -> Html {
    let i18n = use_i18n();
    let query = use_state(String::new);
    let dialog = use_state(|| None::<Dialog>);
    let notice = use_state(|| None::<String>);

    let open = |d: Dialog| {
        let (dialog, notice) = (dialog.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            dialog.set(Some(d));
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    // A dialog finished: close it and say what happened.
    let finish = |key: &'static str| {
        let (dialog, notice, i18n) = (dialog.clone(), notice.clone(), i18n.clone());
        Callback::from(move |()| {
            dialog.set(None);
            notice.set(Some(i18n.t(key)));
        })
    };

    let header = {
        let count = match &props.members {
            Some(Ok(list)) => member_count(list),
            _ => 0,
        };
        html! {
            <div class="page-head">
                <h1>{ i18n.t("members-title") }</h1>
                <span class="badge" data-testid="members-count"
                    aria-label={i18n.t_with("members-count", &[("count", count.into())])}>
                    { count }
                </span>
                <span class="header-spacer"></span>
                <button type="button" data-testid="members-find" onclick={open(Dialog::Find)}>
                    { i18n.t("members-find") }
                </button>
                <button type="button" class="primary" data-testid="members-add"
                    onclick={open(Dialog::Add)}>
                    { i18n.t("members-add") }
                </button>
            </div>
        }
    };

    let body = match &props.members {
        None => html! {
            <p class="muted" data-testid="members-loading">{ i18n.t("loading") }</p>
        },
        Some(Err(e)) => {
            let retry = {
                let cb = props.on_retry.clone();
                Callback::from(move |_: MouseEvent| cb.emit(()))
            };
            html! {
                <div class="card members-error">
                    <p class="error" role="alert" data-testid="members-error">{ i18n.error(e) }</p>
                    <div class="actions">
                        <button type="button" data-testid="members-retry" onclick={retry}>
                            { i18n.t("retry") }
                        </button>
                    </div>
                </div>
            }
        }
        Some(Ok(list)) => {
            let shown = filter_members(list, &query);
            let on_query = text_setter(&query);
            let rows = shown.iter().map(|m| {
                let id = m.member_id;
                let current = props.selected == Some(id);
                let onclick = {
                    let cb = props.on_select.clone();
                    Callback::from(move |_: MouseEvent| cb.emit(Some(id)))
                };
                let last = match &m.last_session {
                    Some(date) => i18n.t_with("members-last-session", &[("date", date.clone().into())]),
                    None => i18n.t("members-no-sessions"),
                };
                html! {
                    <li key={id.to_string()}>
                        <button type="button"
                            class={classes!("member-row", current.then_some("member-row--selected"))}
                            aria-pressed={current.to_string()}
                            data-testid={format!("member-row-{}", m.email)} {onclick}>
                            <span class="avatar" aria-hidden="true">{ initial(&m.name) }</span>
                            <span class="member-text">
                                <span class="member-name">
                                    { &m.name }
                                    if m.is_self {
                                        <span class="tag" data-testid="member-me">{ i18n.t("members-me") }</span>
                                    }
                                </span>
                                <span class="member-email">{ &m.email }</span>
                            </span>
                            <span class="member-last muted">{ last }</span>
                        </button>
                    </li>
                }
            });
            let list_view = html! {
                <section class="members-list">
                    <label class="field search">
                        <span class="visually-hidden">{ i18n.t("members-search") }</span>
                        <input type="search" data-testid="members-search"
                            placeholder={i18n.t("members-search")}
                            value={(*query).clone()} oninput={on_query} />
                    </label>
                    if member_count(list) == 0 {
                        <p class="empty-state" data-testid="members-empty">{ i18n.t("members-empty") }</p>
                    }
                    if shown.is_empty() {
                        <p class="muted" data-testid="members-no-match">{ i18n.t("members-no-match") }</p>
                    } else {
                        <ul class="member-rows" data-testid="members-list">{ for rows }</ul>
                    }
                </section>
            };
            list_view
        }
    };

    let dialog_view = match *dialog {
        None => html! {},
        Some(Dialog::Add) => html! {
            <AddMemberDialog on_submit={props.on_add.clone()} on_close={close.clone()}
                on_done={finish("members-added")} />
        },
        Some(Dialog::Find) => html! {
            <FindMemberDialog on_search={props.on_search.clone()} on_assign={props.on_assign.clone()}
                on_close={close.clone()} on_done={finish("members-assigned")} />
        },
    };

    html! {
        <div class="page members-page" data-testid="members">
            { header }
            if let Some(n) = &*notice {
                <p class="success" role="status" data-testid="members-notice">{ n }</p>
            }
            { body }
            { dialog_view }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub title: String,
    pub testid: String,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub onsubmit: Option<Callback<SubmitEvent>>,
    pub children: Html,
}

/// A modal dialog frame: a title, the content and a close button; Escape closes it too.
#[function_component(DialogFrame)]
pub fn dialog_frame(props: &FrameProps) -> Html {
    let i18n = use_i18n();
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let onkeydown = {
        let cb = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cb.emit(())
            }
        })
    };
    let onsubmit = props
        .onsubmit
        .clone()
        .unwrap_or_else(|| Callback::from(|e: SubmitEvent| e.prevent_default()));
    html! {
        <div class="scrim" {onkeydown}>
            <form class="card dialog" role="dialog" aria-modal="true" aria-label={props.title.clone()}
                data-testid={props.testid.clone()} {onsubmit} novalidate=true>
                <div class="dialog-head">
                    <h2>{ &props.title }</h2>
                    <button type="button" class="icon" aria-label={i18n.t("dialog-close")}
                        data-testid="dialog-close" onclick={close}>{ "✕" }</button>
                </div>
                { props.children.clone() }
            </form>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddMemberDialogProps {
    pub on_submit: Callback<(AddMemberArgs, Reply<MemberSummary>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Creates a member: name, email, phone; a password (with confirmation and the live checklist)
/// only when the member will sign in on this device.
#[function_component(AddMemberDialog)]
pub fn add_member_dialog(props: &AddMemberDialogProps) -> Html {
    let i18n = use_i18n();
    let name = use_state(String::new);
    let email = use_state(String::new);
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);

    let onsubmit = {
        let (name, email, phone) = (name.clone(), email.clone(), phone.clone());
        let (password, confirmation) = (password.clone(), confirmation.clone());
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let (on_submit, on_done) = (props.on_submit.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let optional = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
            let with_password = !password.is_empty() || !confirmation.is_empty();
            let args = AddMemberArgs {
                name: name.trim().to_owned(),
                email: email.trim().to_owned(),
                phone: optional(&phone),
                password: with_password.then(|| (*password).clone()),
                password_confirmation: with_password.then(|| (*confirmation).clone()),
            };
            busy.set(true);
            problems.set(Problems::default());
            let (busy, problems, i18n, on_done) = (
                busy.clone(),
                problems.clone(),
                i18n.clone(),
                on_done.clone(),
            );
            on_submit.emit((
                args,
                Callback::from(move |outcome: Result<MemberSummary, ApiError>| {
                    busy.set(false);
                    match outcome {
                        Ok(_) => on_done.emit(()),
                        Err(e) => problems.set(Problems::of(&i18n, &e, ADD_FIELDS)),
                    }
                }),
            ));
        })
    };
    let can_submit = !*busy && !name.trim().is_empty() && !email.trim().is_empty();
    html! {
        <DialogFrame title={i18n.t("members-add")} testid="add-member-dialog"
            on_close={props.on_close.clone()} {onsubmit}>
            <label class="field">
                <span>{ i18n.t("account-name") }</span>
                <input type="text" autocomplete="off" data-testid="add-member-name"
                    value={(*name).clone()} oninput={text_setter(&name)} />
                { field_error(&problems, "name", "add-member-name-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("account-email") }</span>
                <input type="email" autocomplete="off" data-testid="add-member-email"
                    value={(*email).clone()} oninput={text_setter(&email)} />
                { field_error(&problems, "email", "add-member-email-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("members-phone-optional") }</span>
                <input type="tel" autocomplete="off" data-testid="add-member-phone"
                    value={(*phone).clone()} oninput={text_setter(&phone)} />
                { field_error(&problems, "phone", "add-member-phone-error") }
            </label>
            <p class="muted">{ i18n.t("members-password-hint") }</p>
            <label class="field">
                <span>{ i18n.t("password-new") }</span>
                <input type="password" autocomplete="new-password" data-testid="add-member-password"
                    value={(*password).clone()} oninput={text_setter(&password)} />
                { field_error(&problems, "password", "add-member-password-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-confirm") }</span>
                <input type="password" autocomplete="new-password"
                    data-testid="add-member-confirmation"
                    value={(*confirmation).clone()} oninput={text_setter(&confirmation)} />
                { field_error(&problems, "password_confirmation", "add-member-confirmation-error") }
            </label>
            if !password.is_empty() || !confirmation.is_empty() {
                <PasswordChecklist password={(*password).clone()}
                    confirmation={(*confirmation).clone()} />
            }
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="add-member-error">{ g }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="add-member-submit"
                    disabled={!can_submit}>
                    { if *busy { i18n.t("members-saving") } else { i18n.t("members-add-submit") } }
                </button>
            </div>
        </DialogFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct FindMemberDialogProps {
    pub on_search: Callback<(String, Reply<Vec<UnassignedMember>>)>,
    pub on_assign: Callback<(Uuid, Reply<MemberSummary>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Searches unassigned members by name or email as the trainer types; "assign" takes one on.
#[function_component(FindMemberDialog)]
pub fn find_member_dialog(props: &FindMemberDialogProps) -> Html {
    let i18n = use_i18n();
    let query = use_state(String::new);
    // The query the results answer, and the results.
    let results = use_state(|| None::<(String, Result<Vec<UnassignedMember>, ApiError>)>);
    let error = use_state(|| None::<String>);

    let oninput = {
        let (query, results, on_search) = (query.clone(), results.clone(), props.on_search.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(text.clone());
            if text.trim().is_empty() {
                results.set(None);
                return;
            }
            let (results, asked) = (results.clone(), text.clone());
            on_search.emit((
                text.trim().to_owned(),
                Callback::from(move |found| results.set(Some((asked.clone(), found)))),
            ));
        })
    };
    let assign = |id: Uuid| {
        let (on_assign, on_done, error, i18n) = (
            props.on_assign.clone(),
            props.on_done.clone(),
            error.clone(),
            i18n.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (on_done, error, i18n) = (on_done.clone(), error.clone(), i18n.clone());
            on_assign.emit((
                id,
                Callback::from(
                    move |outcome: Result<MemberSummary, ApiError>| match outcome {
                        Ok(_) => on_done.emit(()),
                        Err(e) => error.set(Some(i18n.error(&e))),
                    },
                ),
            ));
        })
    };
    // Only results for what is typed now (a slow answer to an older query is not shown).
    let current = results
        .as_ref()
        .filter(|(asked, _)| *asked == *query)
        .map(|(_, r)| r);
    let body = match current {
        None if query.trim().is_empty() => html! {
            <p class="muted" data-testid="find-member-hint">{ i18n.t("members-find-hint") }</p>
        },
        None => html! { <p class="muted">{ i18n.t("loading") }</p> },
        Some(Err(e)) => html! {
            <p class="error" role="alert" data-testid="find-member-error">{ i18n.error(e) }</p>
        },
        Some(Ok(found)) if found.is_empty() => html! {
            <p class="muted" data-testid="find-member-none">{ i18n.t("members-find-none") }</p>
        },
        Some(Ok(found)) => html! {
            <ul class="member-rows" data-testid="find-member-results">
                { for found.iter().map(|m| html! {
                    <li key={m.member_id.to_string()} class="found-row">
                        <span class="avatar" aria-hidden="true">{ initial(&m.name) }</span>
                        <span class="member-text">
                            <span class="member-name">{ &m.name }</span>
                            <span class="member-email">{ &m.email }</span>
                        </span>
                        <button type="button" class="primary"
                            data-testid={format!("find-member-assign-{}", m.email)}
                            onclick={assign(m.member_id)}>{ i18n.t("members-assign") }</button>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <DialogFrame title={i18n.t("members-find")} testid="find-member-dialog"
            on_close={props.on_close.clone()}>
            <label class="field">
                <span>{ i18n.t("members-find-label") }</span>
                <input type="search" autocomplete="off" data-testid="find-member-query"
                    value={(*query).clone()} {oninput} />
            </label>
            { body }
            if let Some(e) = &*error {
                <p class="error" role="alert" data-testid="find-member-assign-error">{ e }</p>
            }
        </DialogFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReleaseDialogProps {
    pub member_id: Uuid,
    pub name: String,
    pub on_release: Callback<(Uuid, Reply<()>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Confirms a release and says what it means: nothing is deleted; the member leaves the list.
#[function_component(ReleaseDialog)]
pub fn release_dialog(props: &ReleaseDialogProps) -> Html {
    let i18n = use_i18n();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (id, on_release, on_done) = (
            props.member_id,
            props.on_release.clone(),
            props.on_done.clone(),
        );
        let (error, busy, i18n) = (error.clone(), busy.clone(), i18n.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let (error, busy, i18n, on_done) =
                (error.clone(), busy.clone(), i18n.clone(), on_done.clone());
            on_release.emit((
                id,
                Callback::from(move |outcome: Result<(), ApiError>| {
                    busy.set(false);
                    match outcome {
                        Ok(()) => on_done.emit(()),
                        Err(e) => error.set(Some(i18n.error(&e))),
                    }
                }),
            ));
        })
    };
    let cancel = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <DialogFrame title={i18n.t_with("members-release-title", &[("name", props.name.clone().into())])}
            testid="release-dialog" on_close={props.on_close.clone()} {onsubmit}>
            <p data-testid="release-explain">{ i18n.t("members-release-explain") }</p>
            if let Some(e) = &*error {
                <p class="error" role="alert" data-testid="release-error">{ e }</p>
            }
            <div class="actions">
                <button type="button" data-testid="release-cancel" onclick={cancel}>
                    { i18n.t("dialog-cancel") }
                </button>
                <button type="submit" class="danger" data-testid="release-confirm" disabled={*busy}>
                    { i18n.t("members-release") }
                </button>
            </div>
        </DialogFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResetPasswordDialogProps {
    pub member_id: Uuid,
    pub name: String,
    pub on_submit: Callback<(ResetMemberPasswordArgs, Reply<()>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Sets a new password for a member (with confirmation and the live checklist).
#[function_component(ResetPasswordDialog)]
pub fn reset_password_dialog(props: &ResetPasswordDialogProps) -> Html {
    let i18n = use_i18n();
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);
    let onsubmit = {
        let (password, confirmation) = (password.clone(), confirmation.clone());
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let (id, on_submit, on_done) = (
            props.member_id,
            props.on_submit.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            problems.set(Problems::default());
            let args = ResetMemberPasswordArgs {
                member_id: id,
                password: (*password).clone(),
                password_confirmation: (*confirmation).clone(),
            };
            let (busy, problems, i18n, on_done) = (
                busy.clone(),
                problems.clone(),
                i18n.clone(),
                on_done.clone(),
            );
            on_submit.emit((
                args,
                Callback::from(move |outcome: Result<(), ApiError>| {
                    busy.set(false);
                    match outcome {
                        Ok(()) => on_done.emit(()),
                        Err(e) => problems.set(Problems::of(&i18n, &e, RESET_FIELDS)),
                    }
                }),
            ));
        })
    };
    let can_submit = !*busy && !password.is_empty() && !confirmation.is_empty();
    html! {
        <DialogFrame title={i18n.t_with("members-reset-title", &[("name", props.name.clone().into())])}
            testid="reset-password-dialog" on_close={props.on_close.clone()} {onsubmit}>
            <label class="field">
                <span>{ i18n.t("password-new") }</span>
                <input type="password" autocomplete="new-password" data-testid="reset-password"
                    value={(*password).clone()} oninput={text_setter(&password)} />
                { field_error(&problems, "password", "reset-password-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("password-confirm") }</span>
                <input type="password" autocomplete="new-password" data-testid="reset-confirmation"
                    value={(*confirmation).clone()} oninput={text_setter(&confirmation)} />
                { field_error(&problems, "password_confirmation", "reset-confirmation-error") }
            </label>
            <PasswordChecklist password={(*password).clone()} confirmation={(*confirmation).clone()} />
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="reset-general-error">{ g }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="reset-submit" disabled={!can_submit}>
                    { i18n.t("members-reset-submit") }
                </button>
            </div>
        </DialogFrame>
    }
}
