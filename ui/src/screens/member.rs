//! The member page wired to IPC: loads the profile, photo, body-metrics history and the records
//! card's day for `member_id`, runs the page's commands (every one naming this member) and
//! reloads what they changed. A member on their own page also sees their trainer's contact; a
//! trainer on a member's page may reset the password or release them.

use trainmate_api::{
    ipc, AddBodyMetric, ApiError, DayRef, DeleteBodyMetric, GetDay, GetMyTrainer, GetPhoto,
    GetProfile, ListBodyMetrics, MemberRef, NoArgs, ReleaseMember, ResetMemberPassword, SetPhoto,
    SetPhotoArgs, UpdateBodyMetric, UpdateProfile, UserType,
};
use uuid::Uuid;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages::home::local_date_today;
use crate::pages::member::MemberPage;
use crate::root::Route;
use crate::store::{Action, Store};

#[derive(Properties, PartialEq)]
pub struct MemberScreenProps {
    pub member_id: Uuid,
}

/// Signs out when the session ended; answers whether it did.
fn session_ended<T>(store: &Store, reply: &Result<T, ApiError>) -> bool {
    if matches!(reply, Err(ApiError::Unauthenticated)) {
        store.dispatch(Action::SignedOut);
        true
    } else {
        false
    }
}

#[function_component(MemberScreen)]
pub fn member_screen(props: &MemberScreenProps) -> Html {
    let store = use_context::<Store>().expect("store in context");
    let navigator = use_navigator().expect("inside a router");
    let member_id = props.member_id;
    let me = store.me.clone();
    let is_trainer = me.as_ref().map(|m| m.user_type) == Some(UserType::Trainer);
    let is_own = me.as_ref().map(|m| m.user_id) == Some(member_id);

    let profile = use_state(|| None);
    let photo = use_state(|| None::<String>);
    let metrics = use_state(|| None);
    let trainer = use_state(|| None);
    let date = use_state(local_date_today);
    let day = use_state(|| None);
    // Bumped after a change to the profile or the metrics: both are asked for again.
    let version = use_state(|| 0u32);
    // Which load is current: a slow answer for an earlier member is dropped.
    let generation = use_mut_ref(|| 0u64);
    // The member whose data the states hold.
    let shown_for = use_mut_ref(|| None::<Uuid>);
    // Welcome's "enter my body data" opens the add-entry dialog once.
    let open_add = use_state(|| store.open_metric_dialog);
    {
        let store = store.clone();
        use_effect_with((), move |_| {
            if store.open_metric_dialog {
                store.dispatch(Action::OpenMetricDialog(false));
            }
        });
    }
    {
        let (profile, photo, metrics, store) = (
            profile.clone(),
            photo.clone(),
            metrics.clone(),
            store.clone(),
        );
        let (generation, shown_for) = (generation.clone(), shown_for.clone());
        use_effect_with((member_id, *version), move |(member_id, _)| {
            let member_id = *member_id;
            *generation.borrow_mut() += 1;
            let current = *generation.borrow();
            // Another member's page: nothing of the previous one stays on screen.
            if shown_for.replace(Some(member_id)) != Some(member_id) {
                profile.set(None);
                photo.set(None);
                metrics.set(None);
            }
            let stale = move || *generation.borrow() != current;
            spawn_local(async move {
                let args = MemberRef { member_id };
                let reply = ipc::call::<GetProfile>(&args).await;
                if session_ended(&store, &reply) || stale() {
                    return;
                }
                let found = reply.is_ok();
                profile.set(Some(reply));
                if !found {
                    return;
                }
                let listed = ipc::call::<ListBodyMetrics>(&args).await;
                if stale() {
                    return;
                }
                metrics.set(Some(listed));
                let picture = ipc::call::<GetPhoto>(&args).await;
                if stale() {
                    return;
                }
                photo.set(picture.ok().flatten().map(|p| p.data_url));
            });
        });
    }
    // The date whose day was asked for last: an answer for an earlier pick is dropped.
    let day_asked = use_mut_ref(String::new);
    {
        let (day, store, day_asked) = (day.clone(), store.clone(), day_asked.clone());
        use_effect_with(
            (member_id, (*date).clone(), *version),
            move |(member_id, date, _)| {
                let args = DayRef {
                    member_id: *member_id,
                    date: date.clone(),
                };
                // A reload of the same day keeps showing it until the answer replaces it.
                if day_asked.replace(date.clone()) != *date {
                    day.set(None);
                }
                spawn_local(async move {
                    let reply = ipc::call::<GetDay>(&args).await;
                    if !session_ended(&store, &reply) && *day_asked.borrow() == args.date {
                        day.set(Some(reply));
                    }
                });
            },
        );
    }
    let show_trainer = is_own && !is_trainer;
    {
        let trainer = trainer.clone();
        use_effect_with(show_trainer, move |show| {
            if *show {
                spawn_local(async move {
                    if let Ok(contact) = ipc::call::<GetMyTrainer>(&NoArgs {}).await {
                        trainer.set(contact);
                    }
                });
            }
        });
    }

    let reload = {
        let (version, store) = (version.clone(), store.clone());
        Callback::from(move |lists_changed: bool| {
            version.set(*version + 1);
            if lists_changed {
                store.dispatch(Action::MembersChanged);
            }
        })
    };
    let on_retry = {
        let (profile, version) = (profile.clone(), version.clone());
        Callback::from(move |()| {
            profile.set(None);
            version.set(*version + 1);
        })
    };
    let on_update_profile = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let reload = reload.clone();
            spawn_local(async move {
                let reply = ipc::call::<UpdateProfile>(&args).await;
                if reply.is_ok() {
                    reload.emit(true);
                }
                done.emit(reply);
            });
        })
    };
    let on_photo = {
        let (photo, store) = (photo.clone(), store.clone());
        Callback::from(move |(data_base64, done): (String, Callback<_>)| {
            let (photo, store) = (photo.clone(), store.clone());
            spawn_local(async move {
                let reply = ipc::call::<SetPhoto>(&SetPhotoArgs {
                    member_id,
                    data_base64,
                })
                .await;
                if let Ok(p) = &reply {
                    photo.set(Some(p.data_url.clone()));
                    store.dispatch(Action::MembersChanged);
                }
                done.emit(reply);
            });
        })
    };
    let on_add_metric = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let reload = reload.clone();
            spawn_local(async move {
                let reply = ipc::call::<AddBodyMetric>(&args).await;
                if reply.is_ok() {
                    reload.emit(false);
                }
                done.emit(reply);
            });
        })
    };
    let on_update_metric = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let reload = reload.clone();
            spawn_local(async move {
                let reply = ipc::call::<UpdateBodyMetric>(&args).await;
                if reply.is_ok() {
                    reload.emit(false);
                }
                done.emit(reply);
            });
        })
    };
    let on_delete_metric = {
        let reload = reload.clone();
        Callback::from(move |(args, done): (_, Callback<_>)| {
            let reload = reload.clone();
            spawn_local(async move {
                let reply = ipc::call::<DeleteBodyMetric>(&args).await;
                if reply.is_ok() {
                    reload.emit(false);
                }
                done.emit(reply);
            });
        })
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |d: String| date.set(d))
    };
    let on_session = {
        let navigator = navigator.clone();
        Callback::from(move |date: String| {
            navigator.push(&Route::Day {
                id: member_id.to_string(),
                date,
            })
        })
    };
    let on_history = {
        let navigator = navigator.clone();
        Callback::from(move |()| {
            navigator.push(&Route::History {
                id: member_id.to_string(),
            })
        })
    };
    let on_release = {
        let (store, navigator) = (store.clone(), navigator.clone());
        Callback::from(move |(member_id, done): (Uuid, Callback<_>)| {
            let (store, navigator) = (store.clone(), navigator.clone());
            spawn_local(async move {
                let reply = ipc::call::<ReleaseMember>(&MemberRef { member_id }).await;
                let released = reply.is_ok();
                done.emit(reply);
                if released {
                    store.dispatch(Action::MembersChanged);
                    navigator.push(&Route::Members);
                }
            });
        })
    };
    let on_reset = Callback::from(|(args, done): (_, Callback<_>)| {
        spawn_local(async move { done.emit(ipc::call::<ResetMemberPassword>(&args).await) });
    });
    let on_back = {
        let navigator = navigator.clone();
        Callback::from(move |()| navigator.push(&Route::Members))
    };
    let on_home = {
        let navigator = navigator.clone();
        Callback::from(move |()| navigator.push(&Route::Home))
    };

    html! {
        <MemberPage {member_id} profile={(*profile).clone()} photo={(*photo).clone()}
            metrics={(*metrics).clone()} date={(*date).clone()} day={(*day).clone()}
            units={store.settings.units} today={local_date_today()}
            manage={is_trainer && !is_own} trainer={(*trainer).clone()} {show_trainer}
            open_add_metric={*open_add} show_back={is_trainer} {on_back} {on_retry}
            {on_update_profile} {on_photo} {on_add_metric} {on_update_metric} {on_delete_metric}
            {on_date} {on_session} {on_history} {on_release} {on_reset} {on_home} />
    }
}
