//! A member's sessions by date wired to IPC: `list_sessions` (newest first) for the list,
//! `get_day` when a session is expanded, and the logger route for "edit".

use trainmate_api::{
    ipc, ApiError, DayRef, GetDay, GetProfile, ListSessions, ListSessionsArgs, MemberRef,
};
use uuid::Uuid;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages::history::HistoryPage;
use crate::pages::home::local_date_today;
use crate::root::Route;
use crate::store::{Action, Store};

#[derive(Properties, PartialEq)]
pub struct HistoryScreenProps {
    pub member_id: Uuid,
}

#[function_component(HistoryScreen)]
pub fn history_screen(props: &HistoryScreenProps) -> Html {
    let store = use_context::<Store>().expect("store in context");
    let navigator = use_navigator().expect("inside a router");
    let member_id = props.member_id;
    let sessions = use_state(|| None);
    let name = use_state(|| None::<String>);
    let version = use_state(|| 0u32);
    {
        let (sessions, name, store) = (sessions.clone(), name.clone(), store.clone());
        use_effect_with((member_id, *version), move |(member_id, _)| {
            let member_id = *member_id;
            sessions.set(None);
            spawn_local(async move {
                let reply = ipc::call::<ListSessions>(&ListSessionsArgs {
                    member_id,
                    from: None,
                    to: None,
                })
                .await;
                if reply == Err(ApiError::Unauthenticated) {
                    store.dispatch(Action::SignedOut);
                    return;
                }
                let found = reply.is_ok();
                sessions.set(Some(reply));
                if found {
                    if let Ok(profile) = ipc::call::<GetProfile>(&MemberRef { member_id }).await {
                        name.set(Some(profile.name));
                    }
                }
            });
        });
    }
    let on_load_day = Callback::from(move |(date, done): (String, Callback<_>)| {
        spawn_local(async move {
            done.emit(ipc::call::<GetDay>(&DayRef { member_id, date }).await);
        });
    });
    let open_day = {
        let navigator = navigator.clone();
        Callback::from(move |date: String| {
            navigator.push(&Route::Day {
                id: member_id.to_string(),
                date,
            })
        })
    };
    let on_start = {
        let open_day = open_day.clone();
        Callback::from(move |()| open_day.emit(local_date_today()))
    };
    let on_back = {
        let navigator = navigator.clone();
        Callback::from(move |()| {
            navigator.push(&Route::Member {
                id: member_id.to_string(),
            })
        })
    };
    let on_retry = {
        let version = version.clone();
        Callback::from(move |()| version.set(*version + 1))
    };
    html! {
        <HistoryPage name={(*name).clone()} sessions={(*sessions).clone()}
            units={store.settings.units} {on_load_day} on_edit={open_day} {on_back} {on_start}
            {on_retry} />
    }
}
