//! One exercise of the day: its name, intensity, previous performance, sets (each saved as it
//! changes), the "new set" row, totals, calories with their explanation, notes, reorder and delete.

use std::str::FromStr;

use trainmate_api::{
    ApiError, Day, Language, LogSetArgs, NotesArgs, SetChange, SetFields, SetIntensityArgs,
    SetView, UpdateSetArgs, WeightUnits, WorkoutExerciseView,
};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::{Load, Measures, SetType};
use trainmate_core::units::{StepDirection, WeightUnit};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{
    draft_key, exercise_name, fields_from_previous, fields_of, kcal_tenths_text, kcal_text,
    set_key, set_text, totals_tiles, LoggerActions, Reply, SET_FIELDS,
};
use crate::components::stepper::{weight_text, weight_unit, StepKind, Stepper};
use crate::components::timers::{clock_text, Clock, Stopwatch, Stopwatches};
use crate::hooks::use_stable_callback;
use crate::i18n::{use_i18n, I18n, Problems};

/// Parses a typed duration: seconds ("90"), minutes and seconds ("1:30") or hours too
/// ("1:00:00"). `None` when it is not one of those.
pub fn parse_clock(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut total: i64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let value: i64 = part.parse().ok()?;
        if i > 0 && value >= 60 {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(value)?;
    }
    Some(total)
}

fn set_type_label(i18n: &I18n, set_type: SetType) -> String {
    i18n.t(&format!(
        "logger-set-type-{}",
        set_type.as_str().replace('_', "-")
    ))
}

fn unit_name(units: WeightUnits) -> &'static str {
    match weight_unit(units) {
        WeightUnit::Kg => "kg",
        WeightUnit::Lb => "lb",
    }
}

/// Which field of a set changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Reps,
    Weight,
    Duration,
    Distance,
}

fn with_field(mut fields: SetFields, field: Field, value: i64) -> SetFields {
    match field {
        Field::Reps => fields.reps = Some(value),
        Field::Weight => fields.weight_g = Some(value),
        Field::Duration => fields.duration_s = Some(value),
        Field::Distance => fields.distance_m = Some(value),
    }
    fields
}

/// The inputs of a set for what its exercise measures.
#[allow(clippy::too_many_arguments)]
fn field_inputs(
    i18n: &I18n,
    measures: Measures,
    load: Load,
    units: WeightUnits,
    fields: &SetFields,
    problems: &Problems,
    prefix: &str,
    on_field: Callback<(Field, i64)>,
) -> Html {
    let emit = |field: Field| {
        let cb = on_field.clone();
        Callback::from(move |value: i64| cb.emit((field, value)))
    };
    let weight_label = match load {
        Load::Assisted => i18n.t_with("logger-assist", &[("unit", unit_name(units).into())]),
        _ => unit_name(units).to_owned(),
    };
    let weight = (load != Load::None).then(|| {
        html! {
            <Stepper kind={StepKind::Weight(weight_unit(units))} value={fields.weight_g}
                on_change={emit(Field::Weight)} label={weight_label.clone()}
                testid={format!("{prefix}-weight")}
                error={problems.field("weight_g").map(str::to_owned)} />
        }
    });
    let reps = (measures == Measures::Reps).then(|| {
        html! {
            <Stepper kind={StepKind::Reps} value={fields.reps} on_change={emit(Field::Reps)}
                label={i18n.t("logger-reps")} testid={format!("{prefix}-reps")}
                error={problems.field("reps").map(str::to_owned)} />
        }
    });
    let duration = (measures != Measures::Reps).then(|| {
        html! {
            <EntryField kind={EntryKind::Duration} value={fields.duration_s}
                on_change={emit(Field::Duration)} label={i18n.t("logger-duration")}
                testid={format!("{prefix}-duration")}
                error={problems.field("duration_s").map(str::to_owned)} />
        }
    });
    let distance = (measures == Measures::Distance).then(|| {
        html! {
            <EntryField kind={EntryKind::Distance} value={fields.distance_m}
                on_change={emit(Field::Distance)} label={i18n.t("logger-distance")}
                testid={format!("{prefix}-distance")}
                error={problems.field("distance_m").map(str::to_owned)} />
        }
    });
    html! {
        <div class="set-fields">
            { reps.unwrap_or_default() }
            { weight.unwrap_or_default() }
            { distance.unwrap_or_default() }
            { duration.unwrap_or_default() }
        </div>
    }
}

fn type_select(i18n: &I18n, current: SetType, testid: String, on_type: Callback<SetType>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Ok(t) = SetType::from_str(&value) {
            on_type.emit(t);
        }
    });
    html! {
        <label class="set-type">
            <span class="visually-hidden">{ i18n.t("logger-set-type") }</span>
            <select data-testid={testid} {onchange}>
                { for SetType::ALL.iter().map(|t| html! {
                    <option value={t.as_str()} selected={*t == current}>{ set_type_label(i18n, *t) }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Seconds, typed as "90", "1:30" or "1:00:00".
    Duration,
    /// Metres.
    Distance,
}

#[derive(Properties, PartialEq)]
pub struct EntryFieldProps {
    pub kind: EntryKind,
    pub value: Option<i64>,
    pub on_change: Callback<i64>,
    pub label: String,
    pub testid: String,
    #[prop_or_default]
    pub error: Option<String>,
}

/// A typed duration or distance, committed when the field is left (or Enter).
#[function_component(EntryField)]
pub fn entry_field(props: &EntryFieldProps) -> Html {
    let i18n = use_i18n();
    let shown = match (props.kind, props.value) {
        (_, None) => String::new(),
        (EntryKind::Duration, Some(s)) => clock_text(u64::try_from(s).unwrap_or(0)),
        (EntryKind::Distance, Some(m)) => m.to_string(),
    };
    let text = use_state(|| shown.clone());
    let bad = use_state(|| false);
    {
        let (text, bad) = (text.clone(), bad.clone());
        use_effect_with(shown.clone(), move |shown| {
            text.set(shown.clone());
            bad.set(false);
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onchange = {
        let (cb, kind, bad, shown) = (
            props.on_change.clone(),
            props.kind,
            bad.clone(),
            shown.clone(),
        );
        Callback::from(move |e: Event| {
            let typed = e.target_unchecked_into::<HtmlInputElement>().value();
            if typed.trim() == shown {
                return;
            }
            let parsed = match kind {
                EntryKind::Duration => parse_clock(&typed),
                EntryKind::Distance => typed.trim().parse::<i64>().ok(),
            };
            match parsed {
                Some(v) => {
                    bad.set(false);
                    cb.emit(v)
                }
                None => bad.set(true),
            }
        })
    };
    let error = if *bad {
        Some(match props.kind {
            EntryKind::Duration => i18n.t("logger-duration-format"),
            EntryKind::Distance => i18n.t("logger-distance-format"),
        })
    } else {
        props.error.clone()
    };
    html! {
        <label class="entry">
            <span class="stepper-label">{ &props.label }</span>
            <input type="text" inputmode={if props.kind == EntryKind::Distance { "numeric" } else { "text" }}
                class="entry-input" data-testid={format!("{}-input", props.testid)}
                aria-invalid={error.is_some().to_string()}
                value={(*text).clone()} {oninput} {onchange} />
            if let Some(e) = error {
                <span class="field-error" role="alert" data-testid={format!("{}-error", props.testid)}>{ e }</span>
            }
        </label>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Confirm {
    DeleteSet(SetView),
    DeleteExercise,
}

#[derive(Properties, PartialEq)]
pub struct ExerciseCardProps {
    pub view: WorkoutExerciseView,
    /// Position on the day (0-based) and how many exercises the day has.
    pub index: usize,
    pub count: usize,
    pub units: WeightUnits,
    pub clock: Clock,
    pub watches: Stopwatches,
    /// The "new set" row's values.
    pub draft: SetFields,
    pub on_draft: Callback<(Uuid, Option<SetFields>)>,
    pub on_stopwatch: Callback<String>,
    pub on_clear_stopwatch: Callback<String>,
    /// A set was logged: the rest timer starts (the set and what it follows).
    pub on_logged: Callback<(SetView, String)>,
    pub on_move: Callback<(usize, StepDirection)>,
    pub actions: LoggerActions,
}

#[function_component(ExerciseCard)]
pub fn exercise_card(props: &ExerciseCardProps) -> Html {
    let i18n = use_i18n();
    let explain = use_state(|| false);
    let confirm = use_state(|| None::<Confirm>);
    let draft_problems = use_state(Problems::default);
    let card_error = use_state(|| None::<String>);
    // A set on its way: a second tap on "log" or "repeat" waits for it. Kept out of the render
    // on purpose — a DOM change at the tap makes WebKit paint before the command's answer can
    // be delivered, which delays the new row by a whole frame (P2).
    let logging = use_mut_ref(|| false);
    let view = &props.view;
    let id = view.workout_exercise_id;
    let index = props.index;
    let prefix = format!("exercise-{index}");
    let name = exercise_name(&view.exercise, i18n.language);
    let measures = view.exercise.measures;
    let load = view.exercise.load;
    // A member may not change sets their trainer recorded, so an exercise holding such sets
    // keeps its intensity and cannot be deleted from here.
    let locked = view.sets.iter().any(|s| !s.editable);
    // P2 (instrumented builds only): a logged set's row is in the DOM once the count changed.
    use_effect_with(view.sets.len(), |_| crate::instrument::shown());
    // The rows' callbacks keep their identity, so logging a set renders the new row (and the
    // one before it, no longer last), not every row of the exercise.
    let on_delete_set = {
        let confirm = confirm.clone();
        use_stable_callback(move |set: SetView| confirm.set(Some(Confirm::DeleteSet(set))))
    };
    let on_move_set = {
        let set_ids: Vec<Uuid> = view.sets.iter().map(|s| s.set_id).collect();
        let (mover, card_error, i18n) = (
            props.actions.move_set.clone(),
            card_error.clone(),
            i18n.clone(),
        );
        use_stable_callback(move |(set_id, direction): (Uuid, StepDirection)| {
            let Some(position) = set_ids.iter().position(|id| *id == set_id) else {
                return;
            };
            if let Some(args) = super::move_args(&set_ids, position, direction) {
                let (card_error, i18n) = (card_error.clone(), i18n.clone());
                mover.emit((
                    args,
                    Callback::from(move |reply: Result<Day, ApiError>| {
                        card_error.set(reply.err().map(|e| i18n.error(&e)));
                    }),
                ));
            }
        })
    };
    let day_reply = |card_error: &UseStateHandle<Option<String>>| {
        let (card_error, i18n) = (card_error.clone(), i18n.clone());
        Callback::from(move |reply: Result<Day, ApiError>| {
            card_error.set(reply.err().map(|e| i18n.error(&e)));
        })
    };

    // Logs `fields` as a new set; the rest timer starts on success.
    let log = {
        let (log_set, on_logged, on_draft, draft_problems, logging, i18n) = (
            props.actions.log_set.clone(),
            props.on_logged.clone(),
            props.on_draft.clone(),
            draft_problems.clone(),
            logging.clone(),
            i18n.clone(),
        );
        let name = name.clone();
        move |fields: SetFields| {
            if *logging.borrow() {
                return;
            }
            crate::instrument::tap();
            *logging.borrow_mut() = true;
            let (on_logged, on_draft, draft_problems, logging, i18n, name) = (
                on_logged.clone(),
                on_draft.clone(),
                draft_problems.clone(),
                logging.clone(),
                i18n.clone(),
                name.clone(),
            );
            log_set.emit((
                LogSetArgs {
                    workout_exercise_id: id,
                    fields,
                },
                Callback::from(move |reply: Result<SetChange, ApiError>| {
                    *logging.borrow_mut() = false;
                    match reply {
                        Ok(change) => {
                            draft_problems.set(Problems::default());
                            // The next new set starts from this one.
                            on_draft.emit((id, None));
                            if let Some(set) = change.set {
                                let after = i18n.t_with(
                                    "logger-rest-after",
                                    &[
                                        ("exercise", name.clone().into()),
                                        ("set", set.number.into()),
                                    ],
                                );
                                on_logged.emit((set, after));
                            }
                        }
                        Err(e) => draft_problems.set(Problems::of(&i18n, &e, SET_FIELDS)),
                    }
                }),
            ));
        }
    };

    let head = {
        let mover = |direction: StepDirection| {
            let cb = props.on_move.clone();
            Callback::from(move |_: MouseEvent| cb.emit((index, direction)))
        };
        let ask_delete = {
            let confirm = confirm.clone();
            Callback::from(move |_: MouseEvent| confirm.set(Some(Confirm::DeleteExercise)))
        };
        let (part, equipment) = match i18n.language {
            Language::Ko => (
                view.exercise.body_part.label_ko(),
                view.exercise.equipment.label_ko(),
            ),
            Language::En => (
                view.exercise.body_part.label_en(),
                view.exercise.equipment.label_en(),
            ),
        };
        html! {
            <header class="exercise-head">
                <span class="exercise-number" aria-hidden="true">{ index + 1 }</span>
                <div class="exercise-title">
                    <h2 data-testid={format!("{prefix}-name")}>{ &name }</h2>
                    <span class="muted">{ format!("{part} · {equipment}") }</span>
                </div>
                <div class="exercise-tools">
                    <button type="button" class="tool" aria-label={i18n.t("logger-move-up")}
                        data-testid={format!("{prefix}-up")} disabled={index == 0}
                        onclick={mover(StepDirection::Up)}>{ "↑" }</button>
                    <button type="button" class="tool" aria-label={i18n.t("logger-move-down")}
                        data-testid={format!("{prefix}-down")} disabled={index + 1 >= props.count}
                        onclick={mover(StepDirection::Down)}>{ "↓" }</button>
                    if !locked {
                        <button type="button" class="danger" aria-label={i18n.t("logger-delete-exercise")}
                            data-testid={format!("{prefix}-delete")} onclick={ask_delete}>{ i18n.t("logger-delete") }</button>
                    }
                </div>
            </header>
        }
    };

    let intensity = {
        let option = |value: Intensity, label: String, suffix: &str| {
            let on = view.intensity == value;
            let onclick = {
                let (cb, reply) = (props.actions.intensity.clone(), day_reply(&card_error));
                Callback::from(move |_: MouseEvent| {
                    cb.emit((
                        SetIntensityArgs {
                            workout_exercise_id: id,
                            intensity: value,
                        },
                        reply.clone(),
                    ))
                })
            };
            html! {
                <button type="button" class={classes!("segment", on.then_some("segment--on"))}
                    aria-pressed={on.to_string()} data-testid={format!("{prefix}-intensity-{suffix}")}
                    disabled={locked && !on} {onclick}>{ label }</button>
            }
        };
        let own = format!(
            "{} {}",
            i18n.t("logger-intensity-default"),
            met_text(view.exercise.met_tenths)
        );
        html! {
            <div class="intensity" role="group" aria-label={i18n.t("logger-intensity")}>
                <span class="intensity-label">{ i18n.t("logger-intensity") }</span>
                <div class="segments">
                    { option(Intensity::ExerciseDefault, own, "default") }
                    { option(Intensity::Low, i18n.t("logger-intensity-low"), "low") }
                    { option(Intensity::ModerateVigorous, i18n.t("logger-intensity-vigorous"), "vigorous") }
                </div>
            </div>
        }
    };

    let previous = view.previous.as_ref().map(|p| {
        let chips = p.sets.iter().enumerate().map(|(i, s)| {
            let text = set_text(
                measures,
                load,
                s.reps,
                s.weight_g,
                s.duration_s,
                s.distance_m,
                props.units,
            );
            let onclick = {
                let (log, fields) = (log.clone(), fields_from_previous(s, measures));
                Callback::from(move |_: MouseEvent| log(fields.clone()))
            };
            html! {
                <button type="button" class="chip" data-testid={format!("{prefix}-previous-{i}")}
                    title={i18n.t("logger-copy-previous")} {onclick}>{ text }</button>
            }
        });
        html! {
            <div class="previous" data-testid={format!("{prefix}-previous")}>
                <span class="previous-label">
                    { i18n.t_with("logger-last-time", &[("date", p.date.clone().into())]) }
                </span>
                { for chips }
            </div>
        }
    });

    let set_count = view.sets.len();
    let rows = view.sets.iter().enumerate().map(|(position, set)| {
        let key = set_key(set.set_id);
        html! {
            <SetRow key={set.set_id.to_string()} set={set.clone()} prefix={format!("set-{index}-{}", set.number)}
                {measures} {load} units={props.units} clock={props.clock.clone()}
                started={props.watches.started(&key)} on_stopwatch={props.on_stopwatch.clone()}
                update={props.actions.update_set.clone()} on_delete={on_delete_set.clone()}
                on_move={on_move_set.clone()} first={position == 0} last={position + 1 == set_count} />
        }
    });

    let draft = {
        let dkey = draft_key(id);
        let started = props.watches.started(&dkey);
        let on_field = {
            let (on_draft, draft) = (props.on_draft.clone(), props.draft.clone());
            Callback::from(move |(field, value): (Field, i64)| {
                on_draft.emit((id, Some(with_field(draft.clone(), field, value))))
            })
        };
        let on_type = {
            let (on_draft, draft) = (props.on_draft.clone(), props.draft.clone());
            Callback::from(move |set_type: SetType| {
                on_draft.emit((
                    id,
                    Some(SetFields {
                        set_type,
                        ..draft.clone()
                    }),
                ))
            })
        };
        let toggle = {
            let (cb, dkey) = (props.on_stopwatch.clone(), dkey.clone());
            Callback::from(move |()| cb.emit(dkey.clone()))
        };
        let onclick = {
            let (log, draft, clock, clear, dkey) = (
                log.clone(),
                props.draft.clone(),
                props.clock.clone(),
                props.on_clear_stopwatch.clone(),
                dkey.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                let mut fields = draft.clone();
                if let Some(start) = started {
                    fields.duration_s = Some(i64::from(crate::components::timers::elapsed_s(
                        start,
                        clock.now_ms(),
                    )));
                    clear.emit(dkey.clone());
                }
                log(fields)
            })
        };
        let next_number = view.sets.len() + 1;
        html! {
            <div class="set-row set-row--new" data-testid={format!("{prefix}-new-set")}>
                <span class="set-number" title={i18n.t("logger-new-set")}>{ next_number }</span>
                { type_select(&i18n, props.draft.set_type, format!("{prefix}-new-type"), on_type) }
                { field_inputs(&i18n, measures, load, props.units, &props.draft, &draft_problems, &format!("{prefix}-new"), on_field) }
                <Stopwatch started_ms={started} recorded_s={props.draft.duration_s.and_then(|d| u32::try_from(d).ok())}
                    clock={props.clock.clone()} on_toggle={toggle} testid={format!("{prefix}-new-stopwatch")} />
                <button type="button" class="primary log-set" data-testid={format!("{prefix}-log")}
                    {onclick}>{ i18n.t("logger-log-set") }</button>
                if let Some(g) = &draft_problems.general {
                    <p class="error set-error" role="alert" data-testid={format!("{prefix}-new-error")}>{ g }</p>
                }
            </div>
        }
    };

    let repeat = view.sets.last().map(|last| {
        let mut fields = fields_of(last);
        fields.notes = String::new();
        if measures == Measures::Reps {
            fields.duration_s = None;
        }
        let onclick = {
            let log = log.clone();
            Callback::from(move |_: MouseEvent| log(fields.clone()))
        };
        html! {
            <button type="button" data-testid={format!("{prefix}-repeat")} {onclick}>
                { i18n.t("logger-repeat-last") }
            </button>
        }
    });

    let calories = {
        let basis = &view.calories;
        let toggle = {
            let explain = explain.clone();
            Callback::from(move |_: MouseEvent| explain.set(!*explain))
        };
        let counted: u64 = view.sets.iter().map(|s| u64::from(s.counted_s)).sum();
        let weight = format!(
            "{} {}",
            weight_text(basis.body_weight_g, weight_unit(props.units)),
            unit_name(props.units)
        );
        let weight_source = match (&basis.body_weight_date, basis.body_weight_estimated) {
            (Some(date), false) => {
                i18n.t_with("logger-weight-measured", &[("date", date.clone().into())])
            }
            (Some(date), true) => {
                i18n.t_with("logger-weight-later", &[("date", date.clone().into())])
            }
            (None, _) => i18n.t("logger-weight-default"),
        };
        let code = basis
            .compendium_code
            .clone()
            .unwrap_or_else(|| i18n.t("logger-code-custom"));
        // Hours with two decimals, rounded half up: 360 s → 0.10 h.
        let hundredths = (counted * 100 + 1800) / 3600;
        let hours = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        let minutes = (counted + 30) / 60;
        html! {
            <div class="calories">
                <span class="calories-figure">
                    <span data-testid={format!("{prefix}-kcal-total")}>
                        { format!("{}{} kcal", if view.totals.estimated { "~" } else { "" }, kcal_text(view.totals.cal)) }
                    </span>
                    <button type="button" class="link" aria-expanded={explain.to_string()}
                        data-testid={format!("{prefix}-explain")} onclick={toggle}>
                        { i18n.t("logger-where-from") }
                    </button>
                </span>
                if *explain {
                    <dl class="facts explain" data-testid={format!("{prefix}-explain-panel")}>
                        <dt>{ i18n.t("logger-met") }</dt>
                        <dd data-testid={format!("{prefix}-explain-met")}>
                            { i18n.t_with("logger-met-value", &[("met", met_text(basis.met_tenths).into()), ("code", code.into())]) }
                        </dd>
                        <dt>{ i18n.t("logger-body-weight") }</dt>
                        <dd data-testid={format!("{prefix}-explain-weight")}>{ format!("{weight} — {weight_source}") }</dd>
                        <dt>{ i18n.t("logger-time-counted") }</dt>
                        <dd data-testid={format!("{prefix}-explain-time")}>
                            { i18n.t_with("logger-time-counted-value", &[("minutes", minutes.into()), ("seconds", counted.into())]) }
                        </dd>
                        <dt>{ i18n.t("logger-formula") }</dt>
                        <dd data-testid={format!("{prefix}-explain-formula")}>
                            { format!("{} MET × {} × {hours} h = {} kcal", met_text(basis.met_tenths), weight, kcal_tenths_text(view.totals.cal)) }
                        </dd>
                        if view.totals.estimated {
                            <dd class="muted explain-note">{ i18n.t("logger-estimated-note") }</dd>
                        }
                    </dl>
                }
            </div>
        }
    };

    let notes = {
        let onchange = {
            let (cb, reply) = (props.actions.exercise_notes.clone(), day_reply(&card_error));
            Callback::from(move |e: Event| {
                let notes = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                cb.emit((
                    NotesArgs {
                        workout_exercise_id: id,
                        notes,
                    },
                    reply.clone(),
                ))
            })
        };
        html! {
            <label class="field exercise-notes">
                <span>{ i18n.t("logger-exercise-notes") }</span>
                <textarea rows="1" data-testid={format!("{prefix}-notes")} value={view.notes.clone()}
                    placeholder={i18n.t("logger-exercise-notes-hint")} {onchange} />
            </label>
        }
    };

    let dialog = match &*confirm {
        None => html! {},
        Some(which) => {
            let close = {
                let confirm = confirm.clone();
                Callback::from(move |_: MouseEvent| confirm.set(None))
            };
            let (title, explain_text, testid) = match which {
                Confirm::DeleteSet(set) => (
                    i18n.t_with("logger-delete-set-title", &[("number", set.number.into())]),
                    i18n.t_with(
                        "logger-delete-set-explain",
                        &[(
                            "set",
                            set_text(
                                measures,
                                load,
                                set.reps,
                                set.weight_g,
                                set.duration_s,
                                set.distance_m,
                                props.units,
                            )
                            .into(),
                        )],
                    ),
                    "delete-set-dialog",
                ),
                Confirm::DeleteExercise => (
                    i18n.t_with(
                        "logger-delete-exercise-title",
                        &[("exercise", name.clone().into())],
                    ),
                    i18n.t_with(
                        "logger-delete-exercise-explain",
                        &[
                            ("sets", view.sets.len().into()),
                            ("kcal", kcal_text(view.totals.cal).into()),
                        ],
                    ),
                    "delete-exercise-dialog",
                ),
            };
            let confirm_click = {
                let (which, confirm, card_error, i18n) = (
                    which.clone(),
                    confirm.clone(),
                    card_error.clone(),
                    i18n.clone(),
                );
                let (delete_set, delete_exercise) = (
                    props.actions.delete_set.clone(),
                    props.actions.delete_exercise.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    let (confirm, card_error, i18n) =
                        (confirm.clone(), card_error.clone(), i18n.clone());
                    let finish = move |error: Option<ApiError>| match error {
                        None => {
                            card_error.set(None);
                            confirm.set(None);
                        }
                        Some(e) => {
                            card_error.set(Some(i18n.error(&e)));
                            confirm.set(None);
                        }
                    };
                    match &which {
                        Confirm::DeleteSet(set) => delete_set.emit((
                            set.set_id,
                            Callback::from(move |r: Result<SetChange, ApiError>| finish(r.err())),
                        )),
                        Confirm::DeleteExercise => delete_exercise.emit((
                            id,
                            Callback::from(move |r: Result<Day, ApiError>| finish(r.err())),
                        )),
                    }
                })
            };
            let onkeydown = {
                let confirm = confirm.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Escape" {
                        confirm.set(None)
                    }
                })
            };
            html! {
                <div class="scrim" {onkeydown}>
                    <div class="card dialog" role="alertdialog" aria-modal="true" aria-label={title.clone()}
                        data-testid={testid}>
                        <h2>{ title }</h2>
                        <p data-testid="delete-explain">{ explain_text }</p>
                        <div class="actions">
                            <button type="button" data-testid="delete-cancel" onclick={close}>
                                { i18n.t("dialog-cancel") }
                            </button>
                            <button type="button" class="danger danger--solid" data-testid="delete-confirm"
                                onclick={confirm_click}>{ i18n.t("logger-delete") }</button>
                        </div>
                    </div>
                </div>
            }
        }
    };

    html! {
        <article class="card exercise-card" data-testid={prefix.clone()}
            data-exercise-id={id.to_string()}>
            { head }
            { intensity }
            { previous.unwrap_or_default() }
            if view.sets.is_empty() {
                <p class="muted no-sets" data-testid={format!("{prefix}-no-sets")}>{ i18n.t("logger-no-sets") }</p>
            } else {
                <div class="sets" data-testid={format!("{prefix}-set-rows")}>{ for rows }</div>
            }
            { draft }
            <div class="card-actions">
                { repeat.unwrap_or_default() }
            </div>
            if let Some(e) = &*card_error {
                <p class="error" role="alert" data-testid={format!("{prefix}-error")}>{ e }</p>
            }
            <div class="exercise-foot">
                { totals_tiles(&i18n, &view.totals, props.units, &prefix) }
                { calories }
            </div>
            { notes }
            { dialog }
        </article>
    }
}

/// MET tenths as "3.5".
pub fn met_text(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[derive(Properties, PartialEq)]
struct SetRowProps {
    set: SetView,
    /// Test id prefix, `set-<exercise>-<number>`.
    prefix: String,
    measures: Measures,
    load: Load,
    units: WeightUnits,
    clock: Clock,
    started: Option<i64>,
    on_stopwatch: Callback<String>,
    update: Callback<(UpdateSetArgs, Reply<SetChange>)>,
    on_delete: Callback<SetView>,
    /// Moves a set (this one) one place up or down.
    on_move: Callback<(Uuid, StepDirection)>,
    first: bool,
    last: bool,
}

/// A logged set. Each change is saved at once; the row shows the new values until the reply
/// (and the saved ones again, with the error beside the field, if it was refused).
#[function_component(SetRow)]
fn set_row(props: &SetRowProps) -> Html {
    crate::instrument::set_row_rendered();
    let i18n = use_i18n();
    let pending = use_state(|| None::<SetFields>);
    let problems = use_state(Problems::default);
    let sequence = use_mut_ref(|| 0u32);
    let set = &props.set;
    let prefix = &props.prefix;
    let fields = (*pending).clone().unwrap_or_else(|| fields_of(set));

    let moving = use_state(|| false);
    let typed = (set.set_type != SetType::Working).then_some("set-number--typed");
    if !set.editable {
        let badge = html! {
            <span class={classes!("set-number", typed)} data-testid={format!("{prefix}-number")}>{ set.number }</span>
        };
        return html! {
            <div class="set-row set-row--readonly" data-testid={prefix.clone()}>
                { badge }
                <span class="set-type-text">{ set_type_label(&i18n, set.set_type) }</span>
                <span class="set-summary" data-testid={format!("{prefix}-summary")}>
                    { set_text(props.measures, props.load, set.reps, set.weight_g, set.duration_s, set.distance_m, props.units) }
                </span>
                if let Some(d) = set.duration_s {
                    <span class="muted">{ clock_text(u64::from(d)) }</span>
                }
                <span class="tag" data-testid={format!("{prefix}-readonly")}>{ i18n.t("logger-recorded-by-trainer") }</span>
            </div>
        };
    }

    let save = {
        let (update, pending, problems, sequence, i18n, set_id) = (
            props.update.clone(),
            pending.clone(),
            problems.clone(),
            sequence.clone(),
            i18n.clone(),
            set.set_id,
        );
        move |fields: SetFields| {
            *sequence.borrow_mut() += 1;
            let mine = *sequence.borrow();
            pending.set(Some(fields.clone()));
            let (pending, problems, sequence, i18n) = (
                pending.clone(),
                problems.clone(),
                sequence.clone(),
                i18n.clone(),
            );
            update.emit((
                UpdateSetArgs { set_id, fields },
                Callback::from(move |reply: Result<SetChange, ApiError>| {
                    if *sequence.borrow() != mine {
                        return; // a later change is on its way
                    }
                    pending.set(None);
                    match reply {
                        Ok(_) => problems.set(Problems::default()),
                        Err(e) => problems.set(Problems::of(&i18n, &e, SET_FIELDS)),
                    }
                }),
            ));
        }
    };
    let on_field = {
        let (save, fields) = (save.clone(), fields.clone());
        Callback::from(move |(field, value): (Field, i64)| {
            save(with_field(fields.clone(), field, value))
        })
    };
    let on_type = {
        let (save, fields) = (save.clone(), fields.clone());
        Callback::from(move |set_type: SetType| {
            save(SetFields {
                set_type,
                ..fields.clone()
            })
        })
    };
    let toggle = {
        let (cb, key) = (props.on_stopwatch.clone(), set_key(set.set_id));
        Callback::from(move |()| cb.emit(key.clone()))
    };
    let delete = {
        let (cb, set) = (props.on_delete.clone(), set.clone());
        Callback::from(move |_: MouseEvent| cb.emit(set.clone()))
    };
    // Tapping the set's number shows the buttons that move it.
    let toggle_moving = {
        let moving = moving.clone();
        Callback::from(move |_: MouseEvent| moving.set(!*moving))
    };
    let mover = |direction: StepDirection| {
        let (cb, moving, set_id) = (props.on_move.clone(), moving.clone(), set.set_id);
        Callback::from(move |_: MouseEvent| {
            moving.set(false);
            cb.emit((set_id, direction))
        })
    };
    html! {
        <div class="set-row" data-testid={prefix.clone()}>
            <button type="button" class={classes!("set-number", "set-number--button", typed)}
                aria-expanded={moving.to_string()} aria-label={i18n.t_with("logger-set-actions", &[("number", set.number.into())])}
                data-testid={format!("{prefix}-number")} onclick={toggle_moving}>{ set.number }</button>
            { type_select(&i18n, fields.set_type, format!("{prefix}-type"), on_type) }
            { field_inputs(&i18n, props.measures, props.load, props.units, &fields, &problems, prefix, on_field) }
            <Stopwatch started_ms={props.started} recorded_s={set.duration_s} clock={props.clock.clone()}
                on_toggle={toggle} testid={format!("{prefix}-stopwatch")} />
            <button type="button" class="tool danger" aria-label={i18n.t("logger-delete-set")}
                data-testid={format!("{prefix}-delete")} onclick={delete}>{ "✕" }</button>
            if *moving {
                <div class="set-move" role="group">
                    <button type="button" data-testid={format!("{prefix}-move-up")} disabled={props.first}
                        onclick={mover(StepDirection::Up)}>{ i18n.t("logger-set-move-up") }</button>
                    <button type="button" data-testid={format!("{prefix}-move-down")} disabled={props.last}
                        onclick={mover(StepDirection::Down)}>{ i18n.t("logger-set-move-down") }</button>
                </div>
            }
            if let Some(g) = &problems.general {
                <p class="error set-error" role="alert" data-testid={format!("{prefix}-error")}>{ g }</p>
            }
        </div>
    }
}
