//! A member's sessions by date (ui.md screen 7), newest first, each with its day totals; a
//! session expands to its exercises and sets (asked for when first opened) and "edit" opens the
//! logger at that date.
//!
//! The page takes the list and callbacks; `screens::history` runs the commands.

use std::collections::{HashMap, HashSet};

use trainmate_api::{ApiError, Day, SessionSummary, SetView, WeightUnits};
use trainmate_core::catalog::SetType;
use yew::prelude::*;

use super::home::kcal;
use super::member::{duration_text, exercise_name, totals_tiles, weight_text};
use super::members::Reply;
use crate::i18n::{use_i18n, I18n};

/// A set in one line: "10 × 40 kg", "12 reps", "1:30", "400 m" — whatever the set measured.
pub fn set_text(set: &SetView, units: WeightUnits) -> String {
    let mut parts = Vec::new();
    match (set.reps, set.weight_g) {
        (Some(reps), Some(g)) => {
            parts.push(format!("{reps} × {}", weight_text(u64::from(g), units)))
        }
        (Some(reps), None) => parts.push(format!("{reps} ×")),
        (None, Some(g)) => parts.push(weight_text(u64::from(g), units)),
        (None, None) => {}
    }
    if let Some(s) = set.duration_s {
        parts.push(duration_text(u64::from(s)));
    }
    if let Some(m) = set.distance_m {
        parts.push(format!("{m} m"));
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join(" · ")
    }
}

fn set_type_label(i18n: &I18n, set_type: SetType) -> Option<String> {
    match set_type {
        SetType::Working => None,
        other => Some(i18n.t(&format!(
            "history-set-type-{}",
            other.as_str().replace('_', "-")
        ))),
    }
}

#[derive(Properties, PartialEq)]
pub struct HistoryPageProps {
    /// Whose sessions (for the title).
    #[prop_or_default]
    pub name: Option<String>,
    /// `None` while loading.
    pub sessions: Option<Result<Vec<SessionSummary>, ApiError>>,
    #[prop_or_default]
    pub units: WeightUnits,
    /// Asks for a day's exercises and sets.
    #[prop_or_default]
    pub on_load_day: Callback<(String, Reply<Day>)>,
    /// Opens the logger at this date.
    #[prop_or_default]
    pub on_edit: Callback<String>,
    /// Back to the member page.
    #[prop_or_default]
    pub on_back: Callback<()>,
    /// Logs today (from the empty state).
    #[prop_or_default]
    pub on_start: Callback<()>,
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// How many sessions show at first, and how many more each "show more" adds.
pub const PAGE: usize = 30;

#[function_component(HistoryPage)]
pub fn history_page(props: &HistoryPageProps) -> Html {
    let i18n = use_i18n();
    let open = use_state(HashSet::<String>::new);
    // Years of sessions are hundreds of cards: the newest come first, more on request.
    let shown = use_state(|| PAGE);
    let days = use_state(HashMap::<String, Result<Day, ApiError>>::new);
    // The loaded days, kept across renders while answers arrive one by one.
    let loaded = use_mut_ref(HashMap::<String, Result<Day, ApiError>>::new);

    let toggle = |date: String| {
        let (open, days, loaded, on_load) = (
            open.clone(),
            days.clone(),
            loaded.clone(),
            props.on_load_day.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut next = (*open).clone();
            if !next.remove(&date) {
                next.insert(date.clone());
                // Asked for each time it opens, so an edit made in the logger shows.
                let (days, loaded, asked) = (days.clone(), loaded.clone(), date.clone());
                on_load.emit((
                    date.clone(),
                    Callback::from(move |reply| {
                        loaded.borrow_mut().insert(asked.clone(), reply);
                        days.set(loaded.borrow().clone());
                    }),
                ));
            }
            open.set(next);
        })
    };
    let back = {
        let cb = props.on_back.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let body = match &props.sessions {
        None => html! { <p class="muted" data-testid="history-loading">{ i18n.t("loading") }</p> },
        Some(Err(ApiError::NotFound)) => html! {
            <section class="card not-found" role="alert" data-testid="history-not-found">
                <h2>{ i18n.t("member-not-found-title") }</h2>
                <p class="muted">{ i18n.t("member-not-found-text") }</p>
            </section>
        },
        Some(Err(e)) => {
            let retry = {
                let cb = props.on_retry.clone();
                Callback::from(move |_: MouseEvent| cb.emit(()))
            };
            html! {
                <section class="card">
                    <p class="error" role="alert" data-testid="history-error">{ i18n.error(e) }</p>
                    <div class="actions">
                        <button type="button" data-testid="history-retry" onclick={retry}>{ i18n.t("retry") }</button>
                    </div>
                </section>
            }
        }
        Some(Ok(list)) if list.is_empty() => {
            let start = {
                let cb = props.on_start.clone();
                Callback::from(move |_: MouseEvent| cb.emit(()))
            };
            html! {
                <section class="card history-empty">
                    <p class="empty-state" data-testid="history-empty">{ i18n.t("history-empty") }</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="history-start" onclick={start}>
                            { i18n.t("records-start") }
                        </button>
                    </div>
                </section>
            }
        }
        Some(Ok(list)) => html! {
            <>
            <ul class="sessions" data-testid="history-sessions">
                { for list.iter().take(*shown).map(|s| {
                    let expanded = open.contains(&s.date);
                    let edit = {
                        let (cb, date) = (props.on_edit.clone(), s.date.clone());
                        Callback::from(move |_: MouseEvent| cb.emit(date.clone()))
                    };
                    let detail = if expanded {
                        match days.get(&s.date) {
                            None => html! { <p class="muted">{ i18n.t("loading") }</p> },
                            Some(Err(e)) => html! {
                                <p class="error" role="alert" data-testid={format!("history-day-error-{}", s.date)}>{ i18n.error(e) }</p>
                            },
                            Some(Ok(day)) => day_detail(&i18n, day, props.units),
                        }
                    } else {
                        html! {}
                    };
                    html! {
                        <li key={s.date.clone()} class="card session" data-testid={format!("history-session-{}", s.date)}>
                            <div class="session-head">
                                <button type="button" class="session-toggle"
                                    aria-expanded={expanded.to_string()}
                                    data-testid={format!("history-toggle-{}", s.date)}
                                    onclick={toggle(s.date.clone())}>
                                    <span class="session-caret" aria-hidden="true">{ if expanded { "▾" } else { "▸" } }</span>
                                    <span class="session-date">{ &s.date }</span>
                                    <span class="muted">
                                        { i18n.t_with("history-exercise-count", &[("count", s.exercises.into())]) }
                                    </span>
                                </button>
                                <button type="button" data-testid={format!("history-edit-{}", s.date)}
                                    onclick={edit}>{ i18n.t("history-edit") }</button>
                            </div>
                            { totals_tiles(&i18n, &s.totals, props.units, &format!("history-{}", s.date)) }
                            { detail }
                        </li>
                    }
                }) }
            </ul>
            if list.len() > *shown {
                <button type="button" class="more" data-testid="history-more"
                    onclick={{
                        let shown = shown.clone();
                        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
                    }}>
                    { i18n.t_with("history-more", &[("count", (list.len() - *shown).into())]) }
                </button>
            }
            </>
        },
    };
    html! {
        <div class="page history-page" data-testid="history">
            <div class="page-head">
                <button type="button" class="link" data-testid="history-back" onclick={back}>
                    { i18n.t("history-back") }
                </button>
            </div>
            <h1>
                { match &props.name {
                    Some(name) => i18n.t_with("history-title-of", &[("name", name.clone().into())]),
                    None => i18n.t("history-title"),
                } }
            </h1>
            { body }
        </div>
    }
}

fn day_detail(i18n: &I18n, day: &Day, units: WeightUnits) -> Html {
    if day.exercises.is_empty() {
        return html! { <p class="muted">{ i18n.t("records-empty") }</p> };
    }
    html! {
        <ol class="history-exercises" data-testid={format!("history-day-{}", day.date)}>
            { for day.exercises.iter().map(|x| html! {
                <li key={x.workout_exercise_id.to_string()} class="history-exercise">
                    <div class="history-exercise-head">
                        <span class="exercise-name">
                            { exercise_name(i18n.language, &x.exercise.name_ko, &x.exercise.name_en) }
                        </span>
                        <span class="muted">
                            { i18n.t_with("records-exercise-facts", &[
                                ("sets", x.totals.sets.into()),
                                ("time", duration_text(x.totals.duration_s).into()),
                                ("kcal", kcal(x.totals.cal).into()),
                            ]) }
                        </span>
                    </div>
                    <ol class="history-sets">
                        { for x.sets.iter().map(|set| html! {
                            <li key={set.set_id.to_string()} class="history-set">
                                <span class="set-number">{ set.number }</span>
                                <span>{ set_text(set, units) }</span>
                                if let Some(label) = set_type_label(i18n, set.set_type) {
                                    <span class="tag">{ label }</span>
                                }
                            </li>
                        }) }
                    </ol>
                </li>
            }) }
        </ol>
    }
}
