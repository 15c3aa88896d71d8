//! The session logger (ui.md screen 6): one member's day — header with the date, live day totals
//! and day notes; one card per exercise with its sets, steppers, stopwatch, previous performance
//! and calories; the exercise picker; the rest timer after each logged set.
//!
//! The page takes the day and callbacks (`actions`); the screen (`screens::logger`) runs the
//! commands in order and patches the day with each reply, so every change is saved immediately
//! and the totals shown are the Rust side's.

mod card;
mod picker;

use std::collections::HashMap;
use std::rc::Rc;

use trainmate_api::{
    ApiError, BrowseArgs, CustomExerciseArgs, Day, ExerciseRef, ExerciseSummary, Language,
    LogSetArgs, MoveArgs, NotesArgs, PreviousSet, SetChange, SetFavouriteArgs, SetFields,
    SetIntensityArgs, SetView, TotalsView, UpdateSetArgs, WeightUnits, WorkoutExerciseView,
};
use trainmate_core::catalog::{Load, Measures};
use trainmate_core::units::{StepDirection, WeightUnit};
use trainmate_core::LocalDate;
use uuid::Uuid;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

pub use card::{parse_clock, ExerciseCard, ExerciseCardProps};
pub use picker::{ExercisePicker, ExercisePickerProps};

use crate::components::stepper::{weight_text, weight_unit};
use crate::components::timers::{clock_text, Clock, RestTimer, Stopwatches};
use crate::hooks::use_stable_callback;
use crate::i18n::{use_i18n, I18n, Problems};

/// A command's answer handed back to the part of the page that asked.
pub type Reply<T> = Callback<Result<T, ApiError>>;

/// Everything the logger can ask the Rust side to do. The screen runs them in order.
#[derive(Clone, PartialEq, Default)]
pub struct LoggerActions {
    pub day_notes: Callback<(String, Reply<Day>)>,
    pub add_exercise: Callback<(ExerciseRef, Reply<Day>)>,
    pub log_set: Callback<(LogSetArgs, Reply<SetChange>)>,
    pub update_set: Callback<(UpdateSetArgs, Reply<SetChange>)>,
    pub delete_set: Callback<(Uuid, Reply<SetChange>)>,
    pub move_set: Callback<(MoveArgs, Reply<Day>)>,
    pub intensity: Callback<(SetIntensityArgs, Reply<Day>)>,
    pub exercise_notes: Callback<(NotesArgs, Reply<Day>)>,
    pub delete_exercise: Callback<(Uuid, Reply<Day>)>,
    pub move_exercise: Callback<(MoveArgs, Reply<Day>)>,
    pub browse: Callback<(BrowseArgs, Reply<Vec<ExerciseSummary>>)>,
    pub search: Callback<(String, Reply<Vec<ExerciseSummary>>)>,
    pub recent: Callback<Reply<Vec<ExerciseSummary>>>,
    pub favourites: Callback<Reply<Vec<ExerciseSummary>>>,
    pub set_favourite: Callback<(SetFavouriteArgs, Reply<()>)>,
    pub create_custom: Callback<(CustomExerciseArgs, Reply<ExerciseSummary>)>,
}

/// The set fields the page can show beside their input.
pub const SET_FIELDS: &[&str] = &["reps", "weight_g", "duration_s", "distance_m", "notes"];

/// Applies a set command's reply to the day: the set replaced, appended or (for `deleted`)
/// removed and the rest renumbered; the exercise's totals and calorie basis and the day's totals
/// replaced by the Rust side's.
pub fn apply_set_change(day: &mut Day, change: &SetChange, deleted: Option<Uuid>) {
    if let Some(exercise) = day
        .exercises
        .iter_mut()
        .find(|e| e.workout_exercise_id == change.workout_exercise_id)
    {
        if let Some(id) = deleted {
            exercise.sets.retain(|s| s.set_id != id);
        }
        if let Some(set) = &change.set {
            match exercise.sets.iter_mut().find(|s| s.set_id == set.set_id) {
                Some(slot) => *slot = set.clone(),
                None => exercise.sets.push(set.clone()),
            }
        }
        for (i, set) in exercise.sets.iter_mut().enumerate() {
            set.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        exercise.totals = change.exercise_totals;
        exercise.calories = change.calories.clone();
    }
    day.totals = change.day_totals;
}

/// Whole kcal for display, rounded half up from cal.
pub fn kcal_text(cal: u64) -> String {
    ((cal + 500) / 1000).to_string()
}

/// kcal with one decimal, rounded half up from cal: 24_500 → "24.5", 6_125 → "6.1".
pub fn kcal_tenths_text(cal: u64) -> String {
    let tenths = (cal + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A volume (grams) in the user's unit, with the unit.
pub fn volume_text(grams: u64, units: WeightUnits) -> String {
    match weight_unit(units) {
        WeightUnit::Kg => format!("{} kg", trainmate_core::units::grams_to_kg_string(grams)),
        WeightUnit::Lb => format!("{} lb", trainmate_core::units::grams_to_lb_string(grams)),
    }
}

/// The exercise's name in the user's language (the Korean name when there is no English one).
pub fn exercise_name(exercise: &ExerciseSummary, language: Language) -> String {
    match language {
        Language::En if !exercise.name_en.trim().is_empty() => exercise.name_en.clone(),
        _ => exercise.name_ko.clone(),
    }
}

/// One set as a short text: "40 kg × 10", "× 12" (no load), "1:00" (time), "500 m · 2:30".
pub fn set_text(
    measures: Measures,
    load: Load,
    reps: Option<u32>,
    weight_g: Option<u32>,
    duration_s: Option<u32>,
    distance_m: Option<u32>,
    units: WeightUnits,
) -> String {
    let unit = weight_unit(units);
    let unit_name = match unit {
        WeightUnit::Kg => "kg",
        WeightUnit::Lb => "lb",
    };
    let weight = weight_g
        .filter(|_| load != Load::None)
        .map(|g| format!("{} {unit_name}", weight_text(g, unit)));
    match measures {
        Measures::Reps => {
            let reps = reps
                .map(|r| format!("× {r}"))
                .unwrap_or_else(|| "× –".to_owned());
            match weight {
                Some(w) => format!("{w} {reps}"),
                None => reps,
            }
        }
        Measures::Time => {
            let time = clock_text(u64::from(duration_s.unwrap_or(0)));
            match weight {
                Some(w) => format!("{w} · {time}"),
                None => time,
            }
        }
        Measures::Distance => {
            let distance = format!("{} m", distance_m.unwrap_or(0));
            match duration_s {
                Some(s) => format!("{distance} · {}", clock_text(u64::from(s))),
                None => distance,
            }
        }
    }
}

/// The fields of a new set copied from a previous one. Time and distance exercises keep the
/// duration; a repetition set's duration is measured afresh.
pub fn fields_from_previous(previous: &PreviousSet, measures: Measures) -> SetFields {
    SetFields {
        reps: previous.reps.map(i64::from),
        weight_g: previous.weight_g.map(i64::from),
        duration_s: previous
            .duration_s
            .filter(|_| measures != Measures::Reps)
            .map(i64::from),
        distance_m: previous.distance_m.map(i64::from),
        set_type: previous.set_type,
        notes: String::new(),
    }
}

/// The fields of a logged set (for an edit, or to repeat it).
pub fn fields_of(set: &SetView) -> SetFields {
    SetFields {
        reps: set.reps.map(i64::from),
        weight_g: set.weight_g.map(i64::from),
        duration_s: set.duration_s.map(i64::from),
        distance_m: set.distance_m.map(i64::from),
        set_type: set.set_type,
        notes: set.notes.clone(),
    }
}

/// What the "new set" row starts from: the set above, else the first set of last time, else
/// 10 reps at 0 (nothing for fields the exercise does not measure).
pub fn draft_for(view: &WorkoutExerciseView) -> SetFields {
    let measures = view.exercise.measures;
    if let Some(last) = view.sets.last() {
        let previous = PreviousSet {
            reps: last.reps,
            weight_g: last.weight_g,
            duration_s: last.duration_s,
            distance_m: last.distance_m,
            set_type: last.set_type,
        };
        return fields_from_previous(&previous, measures);
    }
    if let Some(first) = view.previous.as_ref().and_then(|p| p.sets.first()) {
        return fields_from_previous(first, measures);
    }
    SetFields {
        reps: (measures == Measures::Reps).then_some(10),
        weight_g: (view.exercise.load != Load::None).then_some(0),
        ..SetFields::default()
    }
}

/// The neighbours that move item `index` (an exercise or a set) one place up or down; `None`
/// at either end.
pub fn move_args(ids: &[Uuid], index: usize, direction: StepDirection) -> Option<MoveArgs> {
    let id = *ids.get(index)?;
    match direction {
        StepDirection::Up => {
            let before = *ids.get(index.checked_sub(1)?)?;
            let after = index.checked_sub(2).and_then(|i| ids.get(i)).copied();
            Some(MoveArgs {
                id,
                after,
                before: Some(before),
            })
        }
        StepDirection::Down => {
            let after = *ids.get(index + 1)?;
            Some(MoveArgs {
                id,
                after: Some(after),
                before: ids.get(index + 2).copied(),
            })
        }
    }
}

/// The date `days` away from `date` (YYYY-MM-DD), if both are valid.
pub fn shift_date(date: &str, days: i64) -> Option<String> {
    Some(LocalDate::parse(date).ok()?.add_days(days)?.to_string())
}

/// The stopwatch key of a logged set's row.
pub fn set_key(set_id: Uuid) -> String {
    format!("set:{set_id}")
}

/// The stopwatch key of an exercise's "new set" row.
pub fn draft_key(workout_exercise_id: Uuid) -> String {
    format!("draft:{workout_exercise_id}")
}

/// The "new set" rows the trainer is filling in, per workout exercise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drafts(HashMap<Uuid, SetFields>);

impl Reducible for Drafts {
    /// A row's new values, or `None` to start it again from the set above.
    type Action = (Uuid, Option<SetFields>);

    fn reduce(self: Rc<Self>, (id, fields): Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match fields {
            Some(f) => next.0.insert(id, f),
            None => next.0.remove(&id),
        };
        Rc::new(next)
    }
}

/// Stopwatch changes, applied to the latest state.
pub enum Watch {
    Start(String, i64),
    Stop(i64),
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Watches(Stopwatches);

impl Reducible for Watches {
    type Action = Watch;
    fn reduce(self: Rc<Self>, action: Watch) -> Rc<Self> {
        let mut next = self.0.clone();
        match action {
            Watch::Start(key, now) => {
                next.start(&key, now);
            }
            Watch::Stop(now) => {
                next.stop(now);
            }
        }
        Rc::new(Watches(next))
    }
}

#[derive(Properties, PartialEq)]
pub struct LoggerPageProps {
    pub member_id: Uuid,
    /// Local date YYYY-MM-DD.
    pub date: String,
    /// The member's name, once known.
    #[prop_or_default]
    pub member_name: Option<String>,
    /// `None` while loading.
    pub day: Option<Result<Day, ApiError>>,
    #[prop_or_default]
    pub units: WeightUnits,
    #[prop_or_default]
    pub clock: Clock,
    #[prop_or_default]
    pub on_retry: Callback<()>,
    /// Back to the member's page.
    #[prop_or_default]
    pub on_back: Callback<()>,
    /// Open another date of the same member.
    #[prop_or_default]
    pub on_date: Callback<String>,
    #[prop_or_default]
    pub actions: LoggerActions,
}

#[function_component(LoggerPage)]
pub fn logger_page(props: &LoggerPageProps) -> Html {
    let i18n = use_i18n();
    let picker_open = use_state(|| false);
    let drafts = use_reducer(Drafts::default);
    let watches = use_reducer(Watches::default);
    // The rest timer: since when, after what.
    let rest = use_state(|| None::<(i64, String)>);
    let page_error = use_state(|| None::<String>);

    let back = {
        let cb = props.on_back.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let go = |days: i64| {
        let (cb, date) = (props.on_date.clone(), props.date.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(next) = shift_date(&date, days) {
                cb.emit(next)
            }
        })
    };
    // A day that could not be loaded names no one.
    let title = props
        .member_name
        .clone()
        .filter(|_| matches!(props.day, Some(Ok(_))))
        .unwrap_or_else(|| i18n.t("logger-title"));
    let head = html! {
        <div class="logger-head">
            <button type="button" class="link back" data-testid="logger-back" onclick={back}>
                { i18n.t("logger-back") }
            </button>
            <h1 data-testid="logger-member">{ title }</h1>
            <div class="date-nav">
                <button type="button" class="date-step" aria-label={i18n.t("logger-previous-day")}
                    data-testid="logger-previous-day" onclick={go(-1)}>{ "◀" }</button>
                <span class="logger-date" data-testid="logger-date">{ &props.date }</span>
                <button type="button" class="date-step" aria-label={i18n.t("logger-next-day")}
                    data-testid="logger-next-day" onclick={go(1)}>{ "▶" }</button>
            </div>
        </div>
    };

    // The cards' callbacks keep their identity across renders (hooks, so before the early
    // returns below), and each runs with this render's day: a card or set row whose data did
    // not change is then skipped when the page renders again.
    let exercises: Vec<WorkoutExerciseView> = match &props.day {
        Some(Ok(day)) => day.exercises.clone(),
        _ => Vec::new(),
    };
    // Stopwatches: one runs at a time. Stopping a logged set's saves its duration; stopping a
    // new set's puts the duration in that row.
    let save_stopped = {
        let (exercises, update, drafts, page_error, i18n) = (
            exercises.clone(),
            props.actions.update_set.clone(),
            drafts.clone(),
            page_error.clone(),
            i18n.clone(),
        );
        Rc::new(move |key: &str, seconds: u32| {
            for exercise in &exercises {
                if draft_key(exercise.workout_exercise_id) == key {
                    let mut fields = drafts
                        .0
                        .get(&exercise.workout_exercise_id)
                        .cloned()
                        .unwrap_or_else(|| draft_for(exercise));
                    fields.duration_s = Some(i64::from(seconds));
                    drafts.dispatch((exercise.workout_exercise_id, Some(fields)));
                    return;
                }
                if let Some(set) = exercise.sets.iter().find(|s| set_key(s.set_id) == key) {
                    let mut fields = fields_of(set);
                    fields.duration_s = Some(i64::from(seconds));
                    let (page_error, i18n) = (page_error.clone(), i18n.clone());
                    update.emit((
                        UpdateSetArgs {
                            set_id: set.set_id,
                            fields,
                        },
                        Callback::from(move |reply: Result<SetChange, ApiError>| {
                            page_error.set(reply.err().map(|e| i18n.error(&e)));
                        }),
                    ));
                    return;
                }
            }
        })
    };
    let on_stopwatch = {
        let (watches, clock, save_stopped) =
            (watches.clone(), props.clock.clone(), save_stopped.clone());
        use_stable_callback(move |key: String| {
            let now = clock.now_ms();
            let mut next = watches.0.clone();
            let stopped = if next.started(&key).is_some() {
                watches.dispatch(Watch::Stop(now));
                next.stop(now)
            } else {
                watches.dispatch(Watch::Start(key.clone(), now));
                next.start(&key, now)
            };
            if let Some(stopped) = stopped {
                save_stopped(&stopped.key, stopped.seconds);
            }
        })
    };
    // A new set's row logged while its stopwatch ran: the row already took the time.
    let on_clear_stopwatch = {
        let (watches, clock) = (watches.clone(), props.clock.clone());
        use_stable_callback(move |key: String| {
            if watches.0.started(&key).is_some() {
                watches.dispatch(Watch::Stop(clock.now_ms()));
            }
        })
    };
    let on_logged = {
        let rest = rest.clone();
        use_stable_callback(move |(set, after): (SetView, String)| {
            rest.set(Some((set.logged_at, after)));
        })
    };
    let on_draft = {
        let drafts = drafts.clone();
        use_stable_callback(move |(id, fields): (Uuid, Option<SetFields>)| {
            drafts.dispatch((id, fields))
        })
    };
    let ids: Vec<Uuid> = exercises.iter().map(|e| e.workout_exercise_id).collect();
    let on_move = {
        let (ids, mover, page_error, i18n) = (
            ids.clone(),
            props.actions.move_exercise.clone(),
            page_error.clone(),
            i18n.clone(),
        );
        use_stable_callback(move |(index, direction): (usize, StepDirection)| {
            if let Some(args) = move_args(&ids, index, direction) {
                let (page_error, i18n) = (page_error.clone(), i18n.clone());
                mover.emit((
                    args,
                    Callback::from(move |reply: Result<Day, ApiError>| {
                        page_error.set(reply.err().map(|e| i18n.error(&e)));
                    }),
                ));
            }
        })
    };

    let day = match &props.day {
        None => {
            return html! {
                <div class="page logger" data-testid="logger">
                    { head }
                    <p class="muted" data-testid="logger-loading">{ i18n.t("loading") }</p>
                </div>
            }
        }
        Some(Err(e)) => {
            let retry = {
                let cb = props.on_retry.clone();
                Callback::from(move |_: MouseEvent| cb.emit(()))
            };
            let message = match e {
                ApiError::NotFound => i18n.t("logger-not-found"),
                ApiError::Invalid { .. } => i18n.t("logger-bad-date"),
                other => format!("{} {}", i18n.t("logger-load-failed"), i18n.error(other)),
            };
            return html! {
                <div class="page logger" data-testid="logger">
                    { head }
                    <div class="card logger-error">
                        <p class="error" role="alert" data-testid="logger-error">{ message }</p>
                        if !matches!(e, ApiError::NotFound | ApiError::Invalid { .. }) {
                            <div class="actions">
                                <button type="button" data-testid="logger-retry" onclick={retry}>
                                    { i18n.t("retry") }
                                </button>
                            </div>
                        }
                    </div>
                </div>
            };
        }
        Some(Ok(day)) => day,
    };

    let open_picker = {
        let picker_open = picker_open.clone();
        Callback::from(move |_: MouseEvent| picker_open.set(true))
    };
    let close_picker = {
        let picker_open = picker_open.clone();
        Callback::from(move |()| picker_open.set(false))
    };
    let on_pick = {
        let (add, picker_open, page_error, i18n) = (
            props.actions.add_exercise.clone(),
            picker_open.clone(),
            page_error.clone(),
            i18n.clone(),
        );
        Callback::from(move |exercise: ExerciseRef| {
            let (picker_open, page_error, i18n) =
                (picker_open.clone(), page_error.clone(), i18n.clone());
            add.emit((
                exercise,
                Callback::from(move |reply: Result<Day, ApiError>| match reply {
                    Ok(_) => {
                        page_error.set(None);
                        picker_open.set(false);
                    }
                    Err(e) => page_error.set(Some(i18n.error(&e))),
                }),
            ));
        })
    };

    let cards = day.exercises.iter().enumerate().map(|(index, view)| {
        let id = view.workout_exercise_id;
        let draft = drafts
            .0
            .get(&id)
            .cloned()
            .unwrap_or_else(|| draft_for(view));
        html! {
            <ExerciseCard key={id.to_string()} view={view.clone()} {index}
                count={day.exercises.len()} units={props.units} clock={props.clock.clone()}
                watches={watches.0.clone()} {draft} on_draft={on_draft.clone()}
                on_stopwatch={on_stopwatch.clone()} on_clear_stopwatch={on_clear_stopwatch.clone()}
                on_logged={on_logged.clone()} on_move={on_move.clone()}
                actions={props.actions.clone()} />
        }
    });

    let dismiss_rest = {
        let rest = rest.clone();
        Callback::from(move |()| rest.set(None))
    };

    html! {
        <div class="page logger" data-testid="logger">
            { head }
            if let Some((since, after)) = &*rest {
                <RestTimer since_ms={*since} after={after.clone()} clock={props.clock.clone()}
                    on_dismiss={dismiss_rest} />
            }
            <DaySummary totals={day.totals} units={props.units} member_id={props.member_id}
                date={props.date.clone()} notes={day.notes.clone()}
                on_notes={props.actions.day_notes.clone()} />
            if let Some(e) = &*page_error {
                <p class="error" role="alert" data-testid="logger-page-error">{ e }</p>
            }
            if day.exercises.is_empty() {
                <p class="empty-state" data-testid="logger-empty">{ i18n.t("logger-empty") }</p>
            } else {
                <div class="exercise-cards" data-testid="logger-exercises">{ for cards }</div>
            }
            <div class="logger-add">
                <button type="button" class="primary add-exercise" data-testid="logger-add-exercise"
                    onclick={open_picker}>{ i18n.t("logger-add-exercise") }</button>
            </div>
            if *picker_open {
                <ExercisePicker member_id={props.member_id} actions={props.actions.clone()}
                    on_pick={on_pick} on_close={close_picker} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DaySummaryProps {
    totals: TotalsView,
    units: WeightUnits,
    member_id: Uuid,
    date: String,
    notes: String,
    on_notes: Callback<(String, Reply<Day>)>,
}

/// The day's totals (live, from the Rust side) and its notes.
#[function_component(DaySummary)]
fn day_summary(props: &DaySummaryProps) -> Html {
    let i18n = use_i18n();
    let problems = use_state(Problems::default);
    let saved = use_state(|| false);
    let onchange = {
        let (cb, problems, saved, i18n) = (
            props.on_notes.clone(),
            problems.clone(),
            saved.clone(),
            i18n.clone(),
        );
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            let (problems, saved, i18n) = (problems.clone(), saved.clone(), i18n.clone());
            cb.emit((
                text,
                Callback::from(move |reply: Result<Day, ApiError>| match reply {
                    Ok(_) => {
                        problems.set(Problems::default());
                        saved.set(true);
                    }
                    Err(e) => {
                        saved.set(false);
                        problems.set(Problems::of(&i18n, &e, &["notes"]));
                    }
                }),
            ));
        })
    };
    html! {
        <section class="card day-summary" data-testid="day-summary">
            { totals_tiles(&i18n, &props.totals, props.units, "day") }
            <label class="field day-notes">
                <span>{ i18n.t("logger-day-notes") }</span>
                <textarea data-testid="day-notes" rows="2" value={props.notes.clone()}
                    placeholder={i18n.t("logger-day-notes-hint")} {onchange} />
                { crate::i18n::field_error(&problems, "notes", "day-notes-error") }
                if let Some(g) = &problems.general {
                    <span class="field-error" role="alert" data-testid="day-notes-error">{ g }</span>
                }
                if *saved {
                    <span class="muted saved-note" data-testid="day-notes-saved">{ i18n.t("logger-saved") }</span>
                }
            </label>
        </section>
    }
}

/// Sets, reps, volume, time and kcal as tiles; test ids `<prefix>-sets` etc.
pub fn totals_tiles(i18n: &I18n, totals: &TotalsView, units: WeightUnits, prefix: &str) -> Html {
    let tile = |key: &str, id: &str, value: String| {
        html! {
            <div class="total">
                <span class="total-value" data-testid={format!("{prefix}-{id}")}>{ value }</span>
                <span class="total-label">{ i18n.t(key) }</span>
            </div>
        }
    };
    let kcal = if totals.estimated {
        format!("~{}", kcal_text(totals.cal))
    } else {
        kcal_text(totals.cal)
    };
    html! {
        <div class="totals">
            { tile("logger-total-sets", "sets", totals.sets.to_string()) }
            { tile("logger-total-reps", "reps", totals.reps.to_string()) }
            { tile("logger-total-volume", "volume", volume_text(totals.volume_g, units)) }
            { tile("logger-total-time", "time", clock_text(totals.duration_s)) }
            { tile("logger-total-kcal", "kcal", kcal) }
        </div>
    }
}
