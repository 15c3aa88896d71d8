//! A number with big − / + buttons and direct entry, for reps and weights.
//!
//! A press moves one step (reps ±1; weight ±0.5 kg or ±1 lb, snapped to the grid by
//! `trainmate-core::units`); holding a button repeats, and after a few repeats each repeat moves a
//! big step (5 reps, 2.5 kg, 5 lb). Typing a value and leaving the field (or Enter) commits it.
//! The component emits absolute values; what they mean (grams, reps) is the caller's business.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use trainmate_core::units::{self, StepDirection, WeightUnit};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

/// What a stepper counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Repetitions: ±1, big step 5.
    Reps,
    /// Weight in grams, shown and entered in `unit`: ±0.5 kg / ±1 lb, big step five of those.
    Weight(WeightUnit),
}

/// How many small steps a big step (while holding) makes.
pub const BIG_STEP: u32 = 5;
/// Repeats at the small step before holding switches to big steps.
pub const SMALL_REPEATS: u32 = 5;
/// The wait before holding starts repeating, and the time between repeats (ms).
const HOLD_DELAY_MS: u32 = 450;
const REPEAT_MS: u32 = 120;

/// The value one press (or, with `big`, one big step) away. Never below 0; reps stop at the
/// largest allowed count, weights at the largest allowed weight.
pub fn step_value(kind: StepKind, value: u32, direction: StepDirection, big: bool) -> u32 {
    let times = if big { BIG_STEP } else { 1 };
    match kind {
        StepKind::Reps => {
            let max = *units::REPS.end();
            match direction {
                StepDirection::Up => value.saturating_add(times).min(max),
                StepDirection::Down => value.saturating_sub(times),
            }
        }
        StepKind::Weight(unit) => (0..times).fold(value, |v, _| unit.step(v, direction)),
    }
}

/// A weight in grams as the user reads it: kilograms without trailing zeros ("42.5"), or pounds
/// with one decimal ("132.3").
pub fn weight_text(grams: u32, unit: WeightUnit) -> String {
    match unit {
        WeightUnit::Kg => units::grams_to_kg_string(u64::from(grams)),
        WeightUnit::Lb => units::grams_to_lb_string(u64::from(grams)),
    }
}

/// The text a stepper shows for a value (a refused negative count shows as typed).
pub fn value_text(kind: StepKind, value: i64) -> String {
    match kind {
        StepKind::Reps => value.to_string(),
        StepKind::Weight(unit) => weight_text(clamp_u32(value), unit),
    }
}

fn clamp_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// What the user typed, as the value to save: `Some(n)` (reps may be negative or too large —
/// the Rust side answers `min`/`max` beside the field), or `None` when it is not a number in the
/// expected format.
pub fn parse_entry(kind: StepKind, text: &str) -> Option<i64> {
    let text = text.trim();
    match kind {
        StepKind::Reps => text.parse::<i64>().ok(),
        StepKind::Weight(unit) => {
            let grams = match unit {
                WeightUnit::Kg => units::parse_kg_to_grams(text),
                WeightUnit::Lb => units::parse_lb_to_grams(text),
            }?;
            i64::try_from(grams).ok()
        }
    }
}

/// The API's units setting as core's weight unit.
pub fn weight_unit(units: trainmate_api::WeightUnits) -> WeightUnit {
    match units {
        trainmate_api::WeightUnits::Kg => WeightUnit::Kg,
        trainmate_api::WeightUnits::Lb => WeightUnit::Lb,
    }
}

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    pub kind: StepKind,
    /// The saved (or pending) value; `None` shows an empty field.
    pub value: Option<i64>,
    /// Called with the new value after a step or a committed entry.
    pub on_change: Callback<i64>,
    /// The visible label ("Reps", "kg").
    pub label: String,
    /// Prefix of the test ids: `<testid>-down`, `<testid>-up`, `<testid>-input`, `<testid>-error`.
    pub testid: String,
    /// An error from the Rust side for this field, in the user's language.
    #[prop_or_default]
    pub error: Option<String>,
}

#[function_component(Stepper)]
pub fn stepper(props: &StepperProps) -> Html {
    let i18n = use_i18n();
    let shown = props
        .value
        .map(|v| value_text(props.kind, v))
        .unwrap_or_default();
    // The field's text: follows the value, except while the user types (or after a bad entry,
    // which stays visible beside its error until fixed).
    let text = use_state(|| shown.clone());
    let format_error = use_state(|| false);
    {
        let (text, format_error) = (text.clone(), format_error.clone());
        use_effect_with(shown.clone(), move |shown| {
            text.set(shown.clone());
            format_error.set(false);
        });
    }
    // The value a hold accumulates from (a repeat must not start again from a stale prop).
    let current = use_mut_ref(|| clamp_u32(props.value.unwrap_or(0)));
    *current.borrow_mut() = clamp_u32(props.value.unwrap_or(0));
    let hold = use_mut_ref(|| None::<(Timeout, Option<Interval>)>);
    let held = use_mut_ref(|| Rc::new(Cell::new(false)));

    let step_once = {
        let (current, on_change, kind) = (current.clone(), props.on_change.clone(), props.kind);
        Rc::new(move |direction: StepDirection, big: bool| {
            let next = step_value(kind, *current.borrow(), direction, big);
            *current.borrow_mut() = next;
            on_change.emit(i64::from(next));
        })
    };
    let stop_hold = {
        let hold = hold.clone();
        Callback::from(move |_: PointerEvent| {
            hold.borrow_mut().take();
        })
    };
    let button = |direction: StepDirection, symbol: &str, label: String, suffix: &str| {
        let onclick = {
            let (step_once, held) = (step_once.clone(), held.clone());
            Callback::from(move |_: MouseEvent| {
                let held = held.borrow().clone();
                if held.replace(false) {
                    // The press was a hold: its repeats already stepped.
                    return;
                }
                step_once(direction, false);
            })
        };
        let onpointerdown = {
            let (step_once, hold, held) = (step_once.clone(), hold.clone(), held.clone());
            Callback::from(move |_: PointerEvent| {
                let held_flag = Rc::new(Cell::new(false));
                *held.borrow_mut() = held_flag.clone();
                let (step_once, hold_slot) = (step_once.clone(), hold.clone());
                let timeout = Timeout::new(HOLD_DELAY_MS, move || {
                    held_flag.set(true);
                    let repeats = Rc::new(Cell::new(0u32));
                    let step_once = step_once.clone();
                    step_once(direction, false);
                    let interval = Interval::new(REPEAT_MS, move || {
                        let n = repeats.get() + 1;
                        repeats.set(n);
                        step_once(direction, n > SMALL_REPEATS);
                    });
                    if let Some(slot) = hold_slot.borrow_mut().as_mut() {
                        slot.1 = Some(interval);
                    }
                });
                *hold.borrow_mut() = Some((timeout, None));
            })
        };
        html! {
            <button type="button" class="stepper-button" aria-label={label}
                data-testid={format!("{}-{suffix}", props.testid)}
                {onclick} {onpointerdown} onpointerup={stop_hold.clone()}
                onpointerleave={stop_hold.clone()} onpointercancel={stop_hold.clone()}
                oncontextmenu={Callback::from(|e: MouseEvent| e.prevent_default())}>
                { symbol.to_owned() }
            </button>
        }
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onchange = {
        let (on_change, kind, format_error, shown) = (
            props.on_change.clone(),
            props.kind,
            format_error.clone(),
            shown.clone(),
        );
        Callback::from(move |e: Event| {
            let typed = e.target_unchecked_into::<HtmlInputElement>().value();
            if typed.trim() == shown {
                format_error.set(false);
                return;
            }
            match parse_entry(kind, &typed) {
                Some(value) => {
                    format_error.set(false);
                    on_change.emit(value);
                }
                None => format_error.set(true),
            }
        })
    };
    let (error_text, has_error) = match (*format_error, &props.error) {
        (true, _) => (
            Some(match props.kind {
                StepKind::Reps => i18n.t("logger-reps-format"),
                StepKind::Weight(_) => i18n.t("logger-weight-format"),
            }),
            true,
        ),
        (false, Some(e)) => (Some(e.clone()), true),
        (false, None) => (None, false),
    };
    let input_mode = match props.kind {
        StepKind::Reps => "numeric",
        StepKind::Weight(_) => "decimal",
    };
    html! {
        <div class={classes!("stepper", has_error.then_some("stepper--error"))}>
            <span class="stepper-label">{ &props.label }</span>
            <div class="stepper-controls">
                { button(StepDirection::Down, "−", i18n.t_with("logger-step-down", &[("what", props.label.clone().into())]), "down") }
                <input type="text" inputmode={input_mode} class="stepper-input"
                    aria-label={props.label.clone()} aria-invalid={has_error.to_string()}
                    data-testid={format!("{}-input", props.testid)}
                    value={(*text).clone()} {oninput} {onchange} />
                { button(StepDirection::Up, "+", i18n.t_with("logger-step-up", &[("what", props.label.clone().into())]), "up") }
            </div>
            if let Some(message) = error_text {
                <span class="field-error" role="alert" data-testid={format!("{}-error", props.testid)}>
                    { message }
                </span>
            }
        </div>
    }
}
