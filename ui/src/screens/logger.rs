//! The session logger for one member's day: loads the day (and the member's name), runs the
//! page's commands one after another in the order they were asked — so a quick series of stepper
//! presses is stored in that order — and patches the day with each reply.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use trainmate_api::{
    ipc, AddWorkoutExercise, AddWorkoutExerciseArgs, ApiError, BrowseExercises,
    CreateCustomExercise, Day, DayNotesArgs, DayRef, DeleteSet, DeleteWorkoutExercise, GetDay,
    GetProfile, ListFavourites, LogSet, MemberRef, MoveSet, MoveWorkoutExercise, NoArgs,
    RecentExercises, SearchArgs, SearchExercises, SetChange, SetDayNotes, SetExerciseNotes,
    SetFavourite, SetIntensity, SetRef, UpdateSet, WorkoutExerciseRef,
};
use uuid::Uuid;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_stable_callback;
use crate::pages::logger::{apply_set_change, LoggerActions, LoggerPage};
use crate::root::Route;
use crate::store::{Action, Store};

#[derive(Properties, PartialEq)]
pub struct LoggerScreenProps {
    pub member_id: Uuid,
    /// Local date YYYY-MM-DD.
    pub date: String,
}

/// The day as shown, changed only by replies from the Rust side.
#[derive(Debug, Clone, Default, PartialEq)]
struct DayState(Option<Result<Day, ApiError>>);

enum DayAction {
    Loading,
    Loaded(Result<Day, ApiError>),
    Set(SetChange, Option<Uuid>),
}

impl Reducible for DayState {
    type Action = DayAction;
    fn reduce(self: Rc<Self>, action: DayAction) -> Rc<Self> {
        match action {
            DayAction::Loading => Rc::new(DayState(None)),
            DayAction::Loaded(day) => Rc::new(DayState(Some(day))),
            DayAction::Set(change, deleted) => {
                let mut next = (*self).clone();
                if let Some(Ok(day)) = &mut next.0 {
                    apply_set_change(day, &change, deleted);
                }
                Rc::new(next)
            }
        }
    }
}

type Job = Pin<Box<dyn Future<Output = ()>>>;

/// Runs jobs one at a time, in the order they were queued.
#[derive(Default)]
struct Queue {
    jobs: RefCell<VecDeque<Job>>,
    running: Cell<bool>,
}

impl Queue {
    fn push(self: &Rc<Self>, job: Job) {
        self.jobs.borrow_mut().push_back(job);
        if self.running.replace(true) {
            return;
        }
        let queue = self.clone();
        spawn_local(async move {
            loop {
                let next = queue.jobs.borrow_mut().pop_front();
                match next {
                    Some(job) => job.await,
                    None => break,
                }
            }
            queue.running.set(false);
        });
    }
}

#[function_component(LoggerScreen)]
pub fn logger_screen(props: &LoggerScreenProps) -> Html {
    let store = use_context::<Store>().expect("store in context");
    let navigator = use_navigator().expect("inside a router");
    let day = use_reducer(DayState::default);
    let name = use_state(|| None::<String>);
    let version = use_state(|| 0u32);
    let queue = use_memo((), |_| Rc::new(Queue::default()));
    let queue: Rc<Queue> = (*queue).clone();

    // An expired session sends the user back to sign-in, as everywhere else.
    let signed_out = {
        let store = store.clone();
        Rc::new(move |e: &ApiError| {
            if *e == ApiError::Unauthenticated {
                store.dispatch(Action::SignedOut);
            }
        })
    };

    {
        let (day, name, signed_out) = (day.clone(), name.clone(), signed_out.clone());
        let key = (props.member_id, props.date.clone(), *version);
        use_effect_with(key, move |(member_id, date, _)| {
            let (member_id, date) = (*member_id, date.clone());
            day.dispatch(DayAction::Loading);
            name.set(None);
            spawn_local(async move {
                let reply = ipc::call::<GetDay>(&DayRef { member_id, date }).await;
                if let Err(e) = &reply {
                    signed_out(e);
                }
                day.dispatch(DayAction::Loaded(reply));
                if let Ok(profile) = ipc::call::<GetProfile>(&MemberRef { member_id }).await {
                    name.set(Some(profile.name));
                }
            });
        });
    }

    // Wraps a command whose reply is the whole day: queued, the day replaced on success.
    fn day_command<A: 'static, F, Fut>(
        queue: &Rc<Queue>,
        day: &UseReducerHandle<DayState>,
        signed_out: &Rc<dyn Fn(&ApiError)>,
        run: F,
    ) -> Callback<(A, Callback<Result<Day, ApiError>>)>
    where
        F: Fn(A) -> Fut + 'static,
        Fut: Future<Output = Result<Day, ApiError>> + 'static,
    {
        let (queue, day, signed_out) = (queue.clone(), day.clone(), signed_out.clone());
        let run = Rc::new(run);
        Callback::from(move |(args, done): (A, Callback<Result<Day, ApiError>>)| {
            let (day, signed_out, run) = (day.clone(), signed_out.clone(), run.clone());
            queue.push(Box::pin(async move {
                let reply = run(args).await;
                match &reply {
                    Ok(d) => day.dispatch(DayAction::Loaded(Ok(d.clone()))),
                    Err(e) => signed_out(e),
                }
                done.emit(reply);
            }));
        })
    }
    fn set_command<A: 'static, F, Fut>(
        queue: &Rc<Queue>,
        day: &UseReducerHandle<DayState>,
        signed_out: &Rc<dyn Fn(&ApiError)>,
        deleted: fn(&A) -> Option<Uuid>,
        run: F,
    ) -> Callback<(A, Callback<Result<SetChange, ApiError>>)>
    where
        F: Fn(A) -> Fut + 'static,
        Fut: Future<Output = Result<SetChange, ApiError>> + 'static,
    {
        let (queue, day, signed_out) = (queue.clone(), day.clone(), signed_out.clone());
        let run = Rc::new(run);
        Callback::from(
            move |(args, done): (A, Callback<Result<SetChange, ApiError>>)| {
                let (day, signed_out, run) = (day.clone(), signed_out.clone(), run.clone());
                queue.push(Box::pin(async move {
                    let gone = deleted(&args);
                    crate::instrument::sent();
                    let reply = run(args).await;
                    crate::instrument::replied();
                    match &reply {
                        Ok(change) => day.dispatch(DayAction::Set(change.clone(), gone)),
                        Err(e) => signed_out(e),
                    }
                    done.emit(reply);
                }));
            },
        )
    }

    let signed_out: Rc<dyn Fn(&ApiError)> = signed_out;
    let member_id = props.member_id;
    // Built once per member and day: the page's children compare their callbacks by identity,
    // and new ones on every render would render every card and set row again (P2).
    let actions = use_memo((member_id, props.date.clone()), {
        let (queue, day) = (queue.clone(), day.clone());
        move |(member_id, date)| {
            let (member_id, date) = (*member_id, date.clone());
            LoggerActions {
                day_notes: {
                    let date = date.clone();
                    day_command(&queue, &day, &signed_out, move |notes: String| {
                        let args = DayNotesArgs {
                            member_id,
                            date: date.clone(),
                            notes,
                        };
                        async move { ipc::call::<SetDayNotes>(&args).await }
                    })
                },
                add_exercise: {
                    let date = date.clone();
                    day_command(&queue, &day, &signed_out, move |exercise| {
                        let args = AddWorkoutExerciseArgs {
                            member_id,
                            date: date.clone(),
                            exercise,
                        };
                        async move { ipc::call::<AddWorkoutExercise>(&args).await }
                    })
                },
                log_set: set_command(
                    &queue,
                    &day,
                    &signed_out,
                    |_| None,
                    |args| async move { ipc::call::<LogSet>(&args).await },
                ),
                update_set: set_command(
                    &queue,
                    &day,
                    &signed_out,
                    |_| None,
                    |args| async move { ipc::call::<UpdateSet>(&args).await },
                ),
                delete_set: set_command(
                    &queue,
                    &day,
                    &signed_out,
                    |id: &Uuid| Some(*id),
                    |set_id| async move { ipc::call::<DeleteSet>(&SetRef { set_id }).await },
                ),
                move_set: day_command(&queue, &day, &signed_out, |args| async move {
                    ipc::call::<MoveSet>(&args).await
                }),
                intensity: day_command(&queue, &day, &signed_out, |args| async move {
                    ipc::call::<SetIntensity>(&args).await
                }),
                exercise_notes: day_command(&queue, &day, &signed_out, |args| async move {
                    ipc::call::<SetExerciseNotes>(&args).await
                }),
                delete_exercise: day_command(
                    &queue,
                    &day,
                    &signed_out,
                    |workout_exercise_id| async move {
                        ipc::call::<DeleteWorkoutExercise>(&WorkoutExerciseRef {
                            workout_exercise_id,
                        })
                        .await
                    },
                ),
                move_exercise: day_command(&queue, &day, &signed_out, |args| async move {
                    ipc::call::<MoveWorkoutExercise>(&args).await
                }),
                // Reads need no order: they run at once.
                browse: Callback::from(|(args, done): (_, Callback<_>)| {
                    spawn_local(async move { done.emit(ipc::call::<BrowseExercises>(&args).await) })
                }),
                search: Callback::from(|(query, done): (String, Callback<_>)| {
                    spawn_local(async move {
                        done.emit(ipc::call::<SearchExercises>(&SearchArgs { query }).await)
                    })
                }),
                recent: Callback::from(move |done: Callback<_>| {
                    spawn_local(async move {
                        done.emit(ipc::call::<RecentExercises>(&MemberRef { member_id }).await)
                    })
                }),
                favourites: Callback::from(|done: Callback<_>| {
                    spawn_local(
                        async move { done.emit(ipc::call::<ListFavourites>(&NoArgs {}).await) },
                    )
                }),
                set_favourite: Callback::from(|(args, done): (_, Callback<_>)| {
                    spawn_local(async move { done.emit(ipc::call::<SetFavourite>(&args).await) })
                }),
                create_custom: Callback::from(|(args, done): (_, Callback<_>)| {
                    spawn_local(
                        async move { done.emit(ipc::call::<CreateCustomExercise>(&args).await) },
                    )
                }),
            }
        }
    });
    let actions = (*actions).clone();

    let on_retry = {
        let version = version.clone();
        use_stable_callback(move |()| version.set(*version + 1))
    };
    let on_back = {
        let navigator = navigator.clone();
        use_stable_callback(move |()| {
            navigator.push(&Route::Member {
                id: member_id.to_string(),
            })
        })
    };
    let on_date = use_stable_callback(move |date: String| {
        navigator.push(&Route::Day {
            id: member_id.to_string(),
            date,
        })
    });
    html! {
        <LoggerPage {member_id} date={props.date.clone()} member_name={(*name).clone()}
            day={day.0.clone()} units={store.settings.units} {on_retry} {on_back} {on_date}
            {actions} />
    }
}
