//! The app's root: the store and i18n in context, the routes, and the IPC calls behind each
//! page's callbacks. At start it asks who is signed in (a kept trainer session resumes) and that
//! user's settings, then applies theme and language.

use std::rc::Rc;

use uuid::Uuid;

use trainmate_api::{
    ipc, AddMember, ApiError, AppInfo, AssignMember, ChangePassword, CurrentUser, GetSettings,
    GiveConsent, Language, ListMembers, Me, MemberRef, NoArgs, ResetWithRecoveryCode, SearchArgs,
    SearchUnassigned, Settings, SignIn, SignOut, SignUp, Theme, TodayArgs, TodaySummary, UiReady,
    UpdateSettings, UserType,
};
use trainmate_api::{
    ListSyncConflicts, ListSyncRejected, RestoreSyncConflict, SyncLink, SyncNow, SyncSignIn,
    SyncStatus, SyncStatusReply, SyncUnlink,
};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::I18n;
use crate::pages::consent::ConsentPage;
use crate::pages::home::{local_date_today, Home};
use crate::pages::members::MembersPage;
use crate::pages::recovery::RecoveryForm;
use crate::pages::settings::SettingsPage;
use crate::pages::shell::{Place, Shell};
use crate::pages::sign_in::SignInForm;
use crate::pages::sign_up::SignUpForm;
use crate::pages::sync::{ServerSignInForm, SyncSection};
use crate::pages::welcome::Welcome;
use crate::screens::history::HistoryScreen;
use crate::screens::logger::LoggerScreen;
use crate::screens::member::MemberScreen;
use crate::store::{Action, AppState, Store};

#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub(crate) enum Route {
    #[at("/")]
    Home,
    #[at("/sign-up")]
    SignUp,
    #[at("/recover")]
    Recover,
    #[at("/welcome")]
    Welcome,
    #[at("/settings")]
    Settings,
    #[at("/members")]
    Members,
    /// A member's page (for a trainer: beside the member list). `id` is the member's user id.
    #[at("/member/:id")]
    Member { id: String },
    /// A member's sessions by date.
    #[at("/member/:id/history")]
    History { id: String },
    /// The session logger for a member's day (local date YYYY-MM-DD).
    #[at("/member/:id/day/:date")]
    Day { id: String, date: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Sets `data-theme` and `lang` on the document element.
fn apply_to_document(settings: &Settings) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let theme = match settings.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let lang = match settings.language {
        Language::Ko => "ko",
        Language::En => "en",
    };
    let _ = root.set_attribute("data-theme", theme);
    let _ = root.set_attribute("lang", lang);
}

#[function_component(Root)]
pub fn root() -> Html {
    let store = use_reducer(AppState::default);
    let i18n = use_memo(store.settings.language, |language| I18n::new(*language));
    {
        let settings = store.settings;
        use_effect_with(settings, apply_to_document);
    }
    {
        let store = store.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(info) = ipc::call::<AppInfo>(&NoArgs {}).await {
                    store.dispatch(Action::AppInfo(info));
                }
                let me = ipc::call::<CurrentUser>(&NoArgs {}).await.ok().flatten();
                let settings = match me {
                    Some(_) => ipc::call::<GetSettings>(&NoArgs {}).await.ok(),
                    None => None,
                };
                store.dispatch(Action::Started { me, settings });
            });
        });
    }
    {
        // Runs after the render that follows start-up: the first screen (sign-in, or home for a
        // kept session) is mounted and enabled. The shell times start-up from this (P4).
        use_effect_with(store.started, |started| {
            if *started {
                spawn_local(async {
                    let _ = ipc::call::<UiReady>(&NoArgs {}).await;
                });
            }
        });
    }
    let i18n: Rc<I18n> = i18n;
    html! {
        <ContextProvider<Rc<I18n>> context={i18n}>
            <ContextProvider<Store> context={store.clone()}>
                <HashRouter>
                    <Screens />
                </HashRouter>
            </ContextProvider<Store>>
        </ContextProvider<Rc<I18n>>>
    }
}

/// Which screen shows: a splash until start-up answered; signed out, sign-in or sign-up; a member
/// who must consent, the consent screen; otherwise the shell with the route's page.
#[function_component(Screens)]
fn screens() -> Html {
    let store = use_context::<Store>().expect("store in context");
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let navigator = use_navigator().expect("inside a router");
    let i18n = crate::i18n::use_i18n();

    if !store.started {
        return html! {
            <main class="screen screen--center" data-testid="starting">
                <p class="muted">{ i18n.t("loading") }</p>
            </main>
        };
    }

    let Some(me) = store.me.clone() else {
        return signed_out(&store, route, &navigator, &i18n);
    };

    let on_sign_out = {
        let (store, navigator) = (store.clone(), navigator.clone());
        Callback::from(move |()| {
            let (store, navigator) = (store.clone(), navigator.clone());
            spawn_local(async move {
                let _ = ipc::call::<SignOut>(&NoArgs {}).await;
                store.dispatch(Action::SignedOut);
                navigator.push(&Route::Home);
            });
        })
    };

    if me.needs_consent {
        let on_submit = Callback::from(|(args, done): (_, Callback<_>)| {
            spawn_local(async move { done.emit(ipc::call::<GiveConsent>(&args).await) });
        });
        let on_done = {
            let (store, navigator) = (store.clone(), navigator.clone());
            Callback::from(move |me| {
                store.dispatch(Action::Consented(me));
                navigator.push(&Route::Home);
            })
        };
        return html! {
            <main class="screen screen--center">
                <ConsentPage {on_submit} {on_done} {on_sign_out} />
            </main>
        };
    }

    if route == Route::Welcome {
        let on_home = {
            let (store, navigator) = (store.clone(), navigator.clone());
            Callback::from(move |()| {
                store.dispatch(Action::RecoveryCodeSeen);
                navigator.push(&Route::Home);
            })
        };
        let on_body_data = {
            let (store, navigator, id) = (store.clone(), navigator.clone(), me.user_id.to_string());
            Callback::from(move |()| {
                store.dispatch(Action::RecoveryCodeSeen);
                store.dispatch(Action::OpenMetricDialog(true));
                navigator.push(&Route::Member { id: id.clone() });
            })
        };
        return html! {
            <main class="screen screen--center">
                <Welcome me={me} recovery_code={store.recovery_code.clone()} {on_home} {on_body_data} />
            </main>
        };
    }

    let is_trainer = me.user_type == UserType::Trainer;
    let (current, page) = match &route {
        Route::Settings => (Some(Place::Settings), html! { <SettingsScreen /> }),
        // Members never see the members screen, not even by its address.
        Route::Members if is_trainer => (
            Some(Place::Members),
            html! { <MembersSplit selected={None::<Uuid>} /> },
        ),
        // A trainer sees the member list beside the member page (one at a time when narrow).
        Route::Member { id } if is_trainer => (
            Some(Place::Members),
            html! { <MembersSplit selected={Some(Uuid::parse_str(id).unwrap_or(Uuid::nil()))} /> },
        ),
        Route::Member { id } | Route::History { id } | Route::Day { id, .. } => {
            // A malformed id is no one's page: the screens answer "not found" for it.
            let member_id = Uuid::parse_str(id).unwrap_or(Uuid::nil());
            // A member at someone else's address is on none of their own places.
            let place = if is_trainer {
                Some(Place::Members)
            } else if member_id != me.user_id {
                None
            } else if matches!(route, Route::History { .. }) {
                Some(Place::History)
            } else {
                Some(Place::MyPage)
            };
            let page = match &route {
                Route::History { .. } => html! { <HistoryScreen {member_id} /> },
                Route::Day { date, .. } => {
                    html! { <LoggerScreen {member_id} date={date.clone()} /> }
                }
                _ => html! { <MemberScreen {member_id} /> },
            };
            (place, page)
        }
        _ => (Some(Place::Home), html! { <HomeScreen me={me.clone()} /> }),
    };
    let on_navigate = {
        let (navigator, own_id) = (navigator.clone(), me.user_id.to_string());
        Callback::from(move |place| {
            navigator.push(&match place {
                Place::Home => Route::Home,
                Place::Members => Route::Members,
                Place::MyPage => Route::Member { id: own_id.clone() },
                Place::History => Route::History { id: own_id.clone() },
                Place::Settings => Route::Settings,
            })
        })
    };
    html! {
        <SyncedShell me={me} {current} {on_navigate} {on_sign_out}>
            { page }
        </SyncedShell>
    }
}

#[derive(Properties, PartialEq)]
struct SyncedShellProps {
    me: Me,
    current: Option<Place>,
    on_navigate: Callback<Place>,
    on_sign_out: Callback<()>,
    children: Html,
}

/// How often the header asks for the trainer's sync status.
const SYNC_POLL_MS: u32 = 2_000;

/// The shell with the trainer's live sync status in its header (asked every couple of seconds;
/// members have none).
#[function_component(SyncedShell)]
fn synced_shell(props: &SyncedShellProps) -> Html {
    // Set only when the answer changed: a poll that changes nothing renders nothing.
    let sync = use_state_eq(|| None::<SyncStatusReply>);
    let store = use_context::<Store>().expect("store in context");
    // The pulls seen: when a sync writes rows (a member assigned or released on another device),
    // the member list asks again.
    let pulled = use_mut_ref(|| None::<u64>);
    {
        let sync = sync.clone();
        let is_trainer = props.me.user_type == UserType::Trainer;
        use_effect_with(props.me.user_id, move |_| {
            let poll = move || {
                let (sync, store, pulled) = (sync.clone(), store.clone(), pulled.clone());
                spawn_local(async move {
                    if let Ok(status) = ipc::call::<SyncStatus>(&NoArgs {}).await {
                        let seen = pulled.replace(Some(status.pulled_version));
                        if seen.is_some_and(|seen| seen != status.pulled_version) {
                            store.dispatch(Action::MembersChanged);
                        }
                        sync.set(Some(status));
                    }
                });
            };
            let interval = is_trainer.then(|| {
                poll();
                gloo_timers::callback::Interval::new(SYNC_POLL_MS, poll)
            });
            move || drop(interval)
        });
    }
    html! {
        <Shell me={props.me.clone()} current={props.current} on_navigate={props.on_navigate.clone()}
            on_sign_out={props.on_sign_out.clone()} sync={(*sync).clone()}>
            { props.children.clone() }
        </Shell>
    }
}

/// Settings → Sync for a trainer: the status, conflicts and refused changes, reloaded after
/// every action and every few seconds.
#[function_component(SyncScreen)]
fn sync_screen() -> Html {
    let status = use_state(|| None::<SyncStatusReply>);
    let load_error = use_state(|| None::<ApiError>);
    let conflicts = use_state(Vec::new);
    let rejected = use_state(Vec::new);
    let reload = {
        let (status, load_error, conflicts, rejected) = (
            status.clone(),
            load_error.clone(),
            conflicts.clone(),
            rejected.clone(),
        );
        Callback::from(move |()| {
            let (status, load_error, conflicts, rejected) = (
                status.clone(),
                load_error.clone(),
                conflicts.clone(),
                rejected.clone(),
            );
            spawn_local(async move {
                match ipc::call::<SyncStatus>(&NoArgs {}).await {
                    Ok(s) => {
                        status.set(Some(s));
                        load_error.set(None);
                    }
                    Err(e) => load_error.set(Some(e)),
                }
                if let Ok(list) = ipc::call::<ListSyncConflicts>(&NoArgs {}).await {
                    conflicts.set(list);
                }
                if let Ok(list) = ipc::call::<ListSyncRejected>(&NoArgs {}).await {
                    rejected.set(list);
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| {
            reload.emit(());
            let interval =
                gloo_timers::callback::Interval::new(SYNC_POLL_MS, move || reload.emit(()));
            move || drop(interval)
        });
    }
    let after = |reload: &Callback<()>, done: Callback<Result<SyncStatusReply, ApiError>>| {
        let reload = reload.clone();
        Callback::from(move |outcome: Result<SyncStatusReply, ApiError>| {
            reload.emit(());
            done.emit(outcome)
        })
    };
    let on_link = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let done = after(&reload, done);
            spawn_local(async move { done.emit(ipc::call::<SyncLink>(&args).await) });
        })
    };
    let on_sync_now = {
        let reload = reload.clone();
        Callback::from(move |done: Callback<_>| {
            let done = after(&reload, done);
            spawn_local(async move { done.emit(ipc::call::<SyncNow>(&NoArgs {}).await) });
        })
    };
    let on_restore = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let done = after(&reload, done);
            spawn_local(async move { done.emit(ipc::call::<RestoreSyncConflict>(&args).await) });
        })
    };
    let on_unlink = {
        let reload = reload.clone();
        Callback::from(move |done: Callback<_>| {
            let done = after(&reload, done);
            spawn_local(async move { done.emit(ipc::call::<SyncUnlink>(&NoArgs {}).await) });
        })
    };
    html! {
        <SyncSection status={(*status).clone()} load_error={(*load_error).clone()}
            conflicts={(*conflicts).clone()} rejected={(*rejected).clone()}
            {on_link} {on_sync_now} {on_restore} {on_unlink} />
    }
}

#[derive(Properties, PartialEq)]
struct SignInScreenProps {
    on_submit: Callback<(trainmate_api::SignInArgs, Callback<Result<Me, ApiError>>)>,
    on_signed_in: Callback<Me>,
    on_sign_up: Callback<()>,
    on_forgot: Callback<()>,
}

/// The sign-in form, or "sign in with my sync server" (a fresh device) in its place.
#[function_component(SignInScreen)]
fn sign_in_screen(props: &SignInScreenProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    let server = use_state(|| false);
    if *server {
        let on_submit = Callback::from(|(args, done): (_, Callback<_>)| {
            spawn_local(async move { done.emit(ipc::call::<SyncSignIn>(&args).await) });
        });
        let on_cancel = {
            let server = server.clone();
            Callback::from(move |()| server.set(false))
        };
        return html! {
            <ServerSignInForm {on_submit} on_signed_in={props.on_signed_in.clone()} {on_cancel} />
        };
    }
    let open = {
        let server = server.clone();
        Callback::from(move |_: MouseEvent| server.set(true))
    };
    html! {
        <>
            <SignInForm on_submit={props.on_submit.clone()} on_signed_in={props.on_signed_in.clone()}
                on_sign_up={props.on_sign_up.clone()} on_forgot={props.on_forgot.clone()} />
            <p class="switch-form server-sign-in-link">
                <button type="button" class="link" data-testid="sign-in-with-server" onclick={open}>
                    { i18n.t("sync-server-sign-in-link") }</button>
            </p>
        </>
    }
}

fn signed_out(store: &Store, route: Route, navigator: &Navigator, i18n: &I18n) -> Html {
    let toggle_language = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let language = match store.settings.language {
                Language::Ko => Language::En,
                Language::En => Language::Ko,
            };
            store.dispatch(Action::Settings(Settings {
                language,
                ..store.settings
            }));
        })
    };
    // Settings are per user: once signed in, the user's own replace what was picked here.
    let load_settings = |store: Store| async move {
        let settings = ipc::call::<GetSettings>(&NoArgs {}).await.ok();
        (store, settings)
    };
    let form = if route == Route::Recover {
        let on_submit = Callback::from(|(args, done): (_, Callback<_>)| {
            spawn_local(async move { done.emit(ipc::call::<ResetWithRecoveryCode>(&args).await) });
        });
        let on_sign_in = {
            let navigator = navigator.clone();
            Callback::from(move |()| navigator.push(&Route::Home))
        };
        html! { <RecoveryForm {on_submit} {on_sign_in} /> }
    } else if route == Route::SignUp {
        let on_submit = Callback::from(|(args, done): (_, Callback<_>)| {
            spawn_local(async move { done.emit(ipc::call::<SignUp>(&args).await) });
        });
        let on_done = {
            let (store, navigator) = (store.clone(), navigator.clone());
            Callback::from(move |reply: trainmate_api::SignUpReply| {
                let (store, navigator) = (store.clone(), navigator.clone());
                let picked = store.settings;
                spawn_local(async move {
                    // A new account starts with the language picked before signing up.
                    let settings = ipc::call::<UpdateSettings>(&picked).await.ok();
                    navigator.push(&Route::Welcome);
                    store.dispatch(Action::SignedUp {
                        me: reply.me,
                        recovery_code: reply.recovery_code,
                        settings,
                    });
                });
            })
        };
        let on_sign_in = {
            let navigator = navigator.clone();
            Callback::from(move |()| navigator.push(&Route::Home))
        };
        html! { <SignUpForm {on_submit} {on_done} {on_sign_in} /> }
    } else {
        let on_submit = Callback::from(|(args, done): (_, Callback<_>)| {
            spawn_local(async move { done.emit(ipc::call::<SignIn>(&args).await) });
        });
        let on_signed_in = {
            let (store, navigator) = (store.clone(), navigator.clone());
            Callback::from(move |me| {
                let navigator = navigator.clone();
                spawn_local({
                    let fut = load_settings(store.clone());
                    async move {
                        let (store, settings) = fut.await;
                        navigator.push(&Route::Home);
                        store.dispatch(Action::SignedIn { me, settings });
                    }
                });
            })
        };
        let on_sign_up = {
            let navigator = navigator.clone();
            Callback::from(move |()| navigator.push(&Route::SignUp))
        };
        let on_forgot = {
            let navigator = navigator.clone();
            Callback::from(move |()| navigator.push(&Route::Recover))
        };
        html! { <SignInScreen {on_submit} {on_signed_in} {on_sign_up} {on_forgot} /> }
    };
    html! {
        <main class="screen screen--center">
            <button type="button" class="link language-toggle" data-testid="language-toggle"
                onclick={toggle_language}>{ i18n.t("language-switch") }</button>
            { form }
            if let Some(info) = &store.app_info {
                <p class="footnote" data-testid="data-dir">{ &info.data_dir }</p>
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct HomeScreenProps {
    me: Me,
}

#[function_component(HomeScreen)]
fn home_screen(props: &HomeScreenProps) -> Html {
    let store = use_context::<Store>().expect("store in context");
    let navigator = use_navigator().expect("inside a router");
    let summary = use_state(|| None);
    {
        let (summary, store) = (summary.clone(), store.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let args = TodayArgs {
                    date: local_date_today(),
                };
                let reply = ipc::call::<TodaySummary>(&args).await;
                if reply == Err(ApiError::Unauthenticated) {
                    // The session expired: back to sign-in rather than an error on home.
                    store.dispatch(Action::SignedOut);
                    return;
                }
                summary.set(Some(reply));
            });
        });
    }
    let is_trainer = props.me.user_type == UserType::Trainer;
    // A member logs their own workouts: today's page is one tap from home.
    let on_log_today = (!is_trainer).then(|| {
        let own_id = props.me.user_id.to_string();
        Callback::from(move |()| {
            navigator.push(&Route::Day {
                id: own_id.clone(),
                date: local_date_today(),
            })
        })
    });
    html! { <Home summary={(*summary).clone()} show_members={is_trainer} {on_log_today} /> }
}

#[function_component(SettingsScreen)]
fn settings_screen() -> Html {
    let store = use_context::<Store>().expect("store in context");
    let save_error = use_state(|| None::<ApiError>);
    let on_change = {
        let (store, save_error) = (store.clone(), save_error.clone());
        Callback::from(move |next: Settings| {
            let previous = store.settings;
            // Applies at once; put back if storing fails, so the screen never shows a setting
            // that was not saved.
            store.dispatch(Action::Settings(next));
            let (store, save_error) = (store.clone(), save_error.clone());
            spawn_local(async move {
                match ipc::call::<UpdateSettings>(&next).await {
                    Ok(saved) => {
                        save_error.set(None);
                        store.dispatch(Action::Settings(saved));
                    }
                    Err(ApiError::Unauthenticated) => store.dispatch(Action::SignedOut),
                    Err(e) => {
                        save_error.set(Some(e));
                        store.dispatch(Action::Settings(previous));
                    }
                }
            });
        })
    };
    let on_change_password = Callback::from(|(args, done): (_, Callback<_>)| {
        spawn_local(async move { done.emit(ipc::call::<ChangePassword>(&args).await) });
    });
    let is_trainer = store
        .me
        .as_ref()
        .is_some_and(|me| me.user_type == UserType::Trainer);
    let sync = if is_trainer {
        html! { <SyncScreen /> }
    } else {
        Html::default()
    };
    html! {
        <SettingsPage settings={store.settings} {on_change} save_error={(*save_error).clone()}
            app_info={store.app_info.clone()} {on_change_password} sync={sync} />
    }
}

#[derive(Properties, PartialEq)]
struct MembersSplitProps {
    /// The member whose page shows beside the list.
    selected: Option<Uuid>,
}

/// The members list and, when one is picked, that member's page beside it (two panes from
/// 900 px; below, the page alone with a back button). The list keeps its place in the tree, so
/// its search and notices survive picking a row.
#[function_component(MembersSplit)]
fn members_split(props: &MembersSplitProps) -> Html {
    html! {
        <div class={classes!("members-split", props.selected.is_some().then_some("members-split--detail"))}>
            <div class="members-pane"><MembersScreen selected={props.selected} /></div>
            if let Some(member_id) = props.selected {
                // Keyed: another member's page starts fresh (no dialog or notice carried over).
                <div class="member-pane"><MemberScreen key={member_id.to_string()} {member_id} /></div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MembersScreenProps {
    selected: Option<Uuid>,
}

#[function_component(MembersScreen)]
fn members_screen(props: &MembersScreenProps) -> Html {
    let store = use_context::<Store>().expect("store in context");
    let navigator = use_navigator().expect("inside a router");
    let members = use_state(|| None);
    // Bumped after each change that alters the list: the list is asked for again.
    let version = use_state(|| 0u32);
    {
        let (members, store) = (members.clone(), store.clone());
        use_effect_with((*version, store.members_version), move |_| {
            spawn_local(async move {
                let reply = ipc::call::<ListMembers>(&NoArgs {}).await;
                if reply == Err(ApiError::Unauthenticated) {
                    store.dispatch(Action::SignedOut);
                    return;
                }
                members.set(Some(reply));
            });
        });
    }
    let reload = {
        let version = version.clone();
        Callback::from(move |()| version.set(*version + 1))
    };
    // Picking a row opens that member's page (its address can be kept and shared).
    let open_member = {
        let navigator = navigator.clone();
        Callback::from(move |id: Option<Uuid>| match id {
            Some(id) => navigator.push(&Route::Member { id: id.to_string() }),
            None => navigator.push(&Route::Members),
        })
    };
    let on_select = open_member.clone();
    let on_retry = {
        let (members, reload) = (members.clone(), reload.clone());
        Callback::from(move |()| {
            members.set(None);
            reload.emit(());
        })
    };
    let on_add = {
        let (reload, open_member) = (reload.clone(), open_member.clone());
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let (reload, open_member) = (reload.clone(), open_member.clone());
            spawn_local(async move {
                let reply = ipc::call::<AddMember>(&args).await;
                if let Ok(added) = &reply {
                    open_member.emit(Some(added.member_id));
                    reload.emit(());
                }
                done.emit(reply);
            });
        })
    };
    let on_search = Callback::from(|(query, done): (String, Callback<_>)| {
        spawn_local(async move {
            done.emit(ipc::call::<SearchUnassigned>(&SearchArgs { query }).await)
        });
    });
    let on_assign = {
        let (reload, open_member) = (reload.clone(), open_member.clone());
        Callback::from(move |(member_id, done): (_, Callback<_>)| {
            let (reload, open_member) = (reload.clone(), open_member.clone());
            spawn_local(async move {
                let reply = ipc::call::<AssignMember>(&MemberRef { member_id }).await;
                if let Ok(assigned) = &reply {
                    open_member.emit(Some(assigned.member_id));
                    reload.emit(());
                }
                done.emit(reply);
            });
        })
    };
    html! {
        <MembersPage members={(*members).clone()} selected={props.selected} {on_select}
            {on_retry} {on_add} {on_search} {on_assign} />
    }
}
