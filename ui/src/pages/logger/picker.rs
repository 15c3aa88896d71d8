//! The exercise picker: search as you type (Korean, English, 초성), browse body part → equipment
//! → exercise, recent and favourite exercises, and a form for a custom exercise.

use std::collections::HashMap;
use std::str::FromStr;

use trainmate_api::{
    ApiError, BrowseArgs, CustomExerciseArgs, ExerciseRef, ExerciseSummary, Language,
    SetFavouriteArgs,
};
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{exercise_name, LoggerActions};
use crate::i18n::{field_error, use_i18n, I18n, Problems};

/// A stable test-id suffix for an exercise: its catalog id, or `custom-<uuid>`.
pub fn exercise_key(exercise: ExerciseRef) -> String {
    match exercise {
        ExerciseRef::Catalog(id) => id.to_string(),
        ExerciseRef::Custom(id) => format!("custom-{id}"),
    }
}

/// Parses a typed MET ("3.5", "6") into tenths; `None` unless digits with at most one decimal.
pub fn parse_met(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, tenth) = match text.split_once('.') {
        Some((w, t)) => (w, t),
        None => (text, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) || tenth.len() != 1 || whole.len() > 6 {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 10 + tenth.parse::<i64>().ok()?)
}

fn part_label(part: BodyPart, language: Language) -> &'static str {
    match language {
        Language::Ko => part.label_ko(),
        Language::En => part.label_en(),
    }
}

fn equipment_label(kind: Equipment, language: Language) -> &'static str {
    match language {
        Language::Ko => kind.label_ko(),
        Language::En => kind.label_en(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Browse,
    Recent,
    Favourites,
    Custom,
}

type Loaded = Option<Result<Vec<ExerciseSummary>, ApiError>>;
/// A body part's exercises, as browsed.
type Browsed = Option<(BodyPart, Result<Vec<ExerciseSummary>, ApiError>)>;

#[derive(Properties, PartialEq)]
pub struct ExercisePickerProps {
    pub member_id: Uuid,
    pub actions: LoggerActions,
    pub on_pick: Callback<ExerciseRef>,
    pub on_close: Callback<()>,
}

#[function_component(ExercisePicker)]
pub fn exercise_picker(props: &ExercisePickerProps) -> Html {
    let i18n = use_i18n();
    let query = use_state(String::new);
    let found = use_state(|| None::<(String, Result<Vec<ExerciseSummary>, ApiError>)>);
    let tab = use_state(|| Tab::Browse);
    let part = use_state(|| None::<BodyPart>);
    let equipment = use_state(|| None::<Equipment>);
    let browsed = use_state(|| None as Browsed);
    let recent = use_state(|| None as Loaded);
    let favourites = use_state(|| None as Loaded);
    // Favourite flags toggled here, over what the lists said.
    let starred = use_state(HashMap::<ExerciseRef, bool>::new);
    let error = use_state(|| None::<String>);

    {
        let (actions, recent, favourites) =
            (props.actions.clone(), recent.clone(), favourites.clone());
        use_effect_with(*tab, move |tab| match tab {
            Tab::Recent => actions
                .recent
                .emit(Callback::from(move |r| recent.set(Some(r)))),
            Tab::Favourites => actions
                .favourites
                .emit(Callback::from(move |r| favourites.set(Some(r)))),
            _ => {}
        });
    }

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
    // What is typed now, read when an answer arrives: answers can come back out of order, and
    // one for an older query must not replace the answer for the current one.
    let latest = use_mut_ref(String::new);
    let oninput = {
        let (query, found, search, latest) = (
            query.clone(),
            found.clone(),
            props.actions.search.clone(),
            latest.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(text.clone());
            *latest.borrow_mut() = text.clone();
            if text.trim().is_empty() {
                found.set(None);
                return;
            }
            let (found, asked, latest) = (found.clone(), text.clone(), latest.clone());
            search.emit((
                text.trim().to_owned(),
                Callback::from(move |reply| {
                    if *latest.borrow() == asked {
                        found.set(Some((asked.clone(), reply)));
                    }
                }),
            ));
        })
    };

    let list = |items: &[ExerciseSummary], testid: &str| -> Html {
        if items.is_empty() {
            return html! {};
        }
        let rows = items.iter().map(|x| {
            let key = exercise_key(x.exercise);
            let favourite = starred.get(&x.exercise).copied().unwrap_or(x.favourite);
            let pick = {
                let (cb, r) = (props.on_pick.clone(), x.exercise);
                Callback::from(move |_: MouseEvent| cb.emit(r))
            };
            let star = {
                let (cb, starred, error, i18n, r) = (
                    props.actions.set_favourite.clone(),
                    starred.clone(),
                    error.clone(),
                    i18n.clone(),
                    x.exercise,
                );
                Callback::from(move |_: MouseEvent| {
                    let (starred, error, i18n) = (starred.clone(), error.clone(), i18n.clone());
                    cb.emit((
                        SetFavouriteArgs {
                            exercise: r,
                            favourite: !favourite,
                        },
                        Callback::from(move |reply: Result<(), ApiError>| match reply {
                            Ok(()) => {
                                let mut next = (*starred).clone();
                                next.insert(r, !favourite);
                                starred.set(next);
                            }
                            Err(e) => error.set(Some(i18n.error(&e))),
                        }),
                    ))
                })
            };
            let other = match i18n.language {
                Language::Ko => x.name_en.clone(),
                Language::En => x.name_ko.clone(),
            };
            html! {
                <li key={key.clone()} class="pick-row">
                    <button type="button" class="pick" data-testid={format!("picker-pick-{key}")} onclick={pick}>
                        <span class="pick-name">{ exercise_name(x, i18n.language) }</span>
                        <span class="pick-detail muted">
                            { format!("{} · {} · {}", part_label(x.body_part, i18n.language),
                                equipment_label(x.equipment, i18n.language), other) }
                        </span>
                    </button>
                    <button type="button" class={classes!("star", favourite.then_some("star--on"))}
                        aria-pressed={favourite.to_string()}
                        aria-label={if favourite { i18n.t("logger-unfavourite") } else { i18n.t("logger-favourite") }}
                        data-testid={format!("picker-fav-{key}")} onclick={star}>
                        { if favourite { "★" } else { "☆" } }
                    </button>
                </li>
            }
        });
        html! { <ul class="pick-rows" data-testid={testid.to_owned()}>{ for rows }</ul> }
    };
    let loaded = |state: &Loaded, testid: &str, empty: &str| -> Html {
        match state {
            None => html! { <p class="muted">{ i18n.t("loading") }</p> },
            Some(Err(e)) => html! { <p class="error" role="alert">{ i18n.error(e) }</p> },
            Some(Ok(items)) if items.is_empty() => html! {
                <p class="empty-state" data-testid={format!("{testid}-empty")}>{ i18n.t(empty) }</p>
            },
            Some(Ok(items)) => list(items, testid),
        }
    };

    let body = if !query.trim().is_empty() {
        let current = found
            .as_ref()
            .filter(|(asked, _)| *asked == *query)
            .map(|(_, r)| r);
        match current {
            None => html! { <p class="muted">{ i18n.t("loading") }</p> },
            Some(Err(e)) => html! { <p class="error" role="alert">{ i18n.error(e) }</p> },
            Some(Ok(items)) if items.is_empty() => html! {
                <p class="empty-state" data-testid="picker-no-match">{ i18n.t("logger-picker-no-match") }</p>
            },
            Some(Ok(items)) => list(items, "picker-results"),
        }
    } else {
        let tab_button = |which: Tab, key: &str, id: &str| {
            let on = *tab == which;
            let onclick = {
                let tab = tab.clone();
                Callback::from(move |_: MouseEvent| tab.set(which))
            };
            html! {
                <button type="button" role="tab" aria-selected={on.to_string()}
                    class={classes!("tab", on.then_some("tab--on"))} data-testid={format!("picker-tab-{id}")}
                    {onclick}>{ i18n.t(key) }</button>
            }
        };
        let content = match *tab {
            Tab::Browse => browse_view(&i18n, &part, &equipment, &browsed, &props.actions, &list),
            Tab::Recent => loaded(&recent, "picker-recent", "logger-picker-recent-empty"),
            Tab::Favourites => loaded(
                &favourites,
                "picker-favourites",
                "logger-picker-favourites-empty",
            ),
            Tab::Custom => html! {
                <CustomExerciseForm on_create={props.actions.create_custom.clone()} on_pick={props.on_pick.clone()} />
            },
        };
        html! {
            <>
                <div class="tabs" role="tablist">
                    { tab_button(Tab::Browse, "logger-picker-browse", "browse") }
                    { tab_button(Tab::Recent, "logger-picker-recent", "recent") }
                    { tab_button(Tab::Favourites, "logger-picker-favourites", "favourites") }
                    { tab_button(Tab::Custom, "logger-picker-custom", "custom") }
                </div>
                { content }
            </>
        }
    };

    html! {
        <div class="scrim" {onkeydown}>
            <div class="card dialog picker" role="dialog" aria-modal="true"
                aria-label={i18n.t("logger-picker-title")} data-testid="exercise-picker">
                <div class="dialog-head">
                    <h2>{ i18n.t("logger-picker-title") }</h2>
                    <button type="button" class="icon" aria-label={i18n.t("dialog-close")}
                        data-testid="picker-close" onclick={close}>{ "✕" }</button>
                </div>
                <label class="field search">
                    <span class="visually-hidden">{ i18n.t("logger-picker-search") }</span>
                    <input type="search" autocomplete="off" data-testid="picker-search"
                        placeholder={i18n.t("logger-picker-search")} value={(*query).clone()} {oninput} />
                </label>
                if let Some(e) = &*error {
                    <p class="error" role="alert" data-testid="picker-error">{ e }</p>
                }
                <div class="picker-body">{ body }</div>
            </div>
        </div>
    }
}

fn browse_view(
    i18n: &I18n,
    part: &UseStateHandle<Option<BodyPart>>,
    equipment: &UseStateHandle<Option<Equipment>>,
    browsed: &UseStateHandle<Browsed>,
    actions: &LoggerActions,
    list: &dyn Fn(&[ExerciseSummary], &str) -> Html,
) -> Html {
    let language = i18n.language;
    let Some(current) = **part else {
        let chips = BodyPart::ALL.iter().map(|p| {
            let onclick = {
                let (part, equipment, browsed, browse, p) =
                    (part.clone(), equipment.clone(), browsed.clone(), actions.browse.clone(), *p);
                Callback::from(move |_: MouseEvent| {
                    part.set(Some(p));
                    equipment.set(None);
                    browsed.set(None);
                    let browsed = browsed.clone();
                    browse.emit((
                        BrowseArgs {
                            body_part: Some(p),
                            equipment: None,
                        },
                        Callback::from(move |r| browsed.set(Some((p, r)))),
                    ));
                })
            };
            html! {
                <button type="button" class="chip chip--big" data-testid={format!("picker-part-{}", p.as_str())}
                    {onclick}>{ part_label(*p, language) }</button>
            }
        });
        return html! {
            <>
                <p class="muted">{ i18n.t("logger-picker-pick-part") }</p>
                <div class="chips" data-testid="picker-parts">{ for chips }</div>
            </>
        };
    };
    let back = {
        let part = part.clone();
        Callback::from(move |_: MouseEvent| part.set(None))
    };
    let items = match &**browsed {
        Some((p, r)) if *p == current => r.clone(),
        _ => {
            return html! {
                <>
                    <button type="button" class="link" data-testid="picker-parts-back" onclick={back}>
                        { i18n.t("logger-picker-all-parts") }
                    </button>
                    <p class="muted">{ i18n.t("loading") }</p>
                </>
            }
        }
    };
    let items = match items {
        Ok(items) => items,
        Err(e) => return html! { <p class="error" role="alert">{ i18n.error(&e) }</p> },
    };
    // The equipment kinds this body part has, in the catalog's order.
    let kinds: Vec<Equipment> = Equipment::ALL
        .iter()
        .copied()
        .filter(|k| items.iter().any(|x| x.equipment == *k))
        .collect();
    let chip = |kind: Option<Equipment>, label: String, id: &str| {
        let on = **equipment == kind;
        let onclick = {
            let equipment = equipment.clone();
            Callback::from(move |_: MouseEvent| equipment.set(kind))
        };
        html! {
            <button type="button" class={classes!("chip", on.then_some("chip--on"))} aria-pressed={on.to_string()}
                data-testid={format!("picker-equipment-{id}")} {onclick}>{ label }</button>
        }
    };
    let shown: Vec<ExerciseSummary> = items
        .into_iter()
        .filter(|x| equipment.is_none_or(|k| x.equipment == k))
        .collect();
    html! {
        <>
            <div class="browse-path">
                <button type="button" class="link" data-testid="picker-parts-back" onclick={back}>
                    { i18n.t("logger-picker-all-parts") }
                </button>
                <strong>{ part_label(current, language) }</strong>
            </div>
            <div class="chips" data-testid="picker-equipment">
                { chip(None, i18n.t("logger-picker-all-equipment"), "all") }
                { for kinds.iter().map(|k| chip(Some(*k), equipment_label(*k, language).to_owned(), k.as_str())) }
            </div>
            { list(&shown, "picker-browse") }
        </>
    }
}

/// The fields of the custom-exercise form.
pub const CUSTOM_FIELDS: &[&str] = &[
    "name_ko",
    "name_en",
    "met_tenths",
    "body_part",
    "equipment",
    "measures",
    "load",
];

#[derive(Properties, PartialEq)]
struct CustomExerciseFormProps {
    on_create: Callback<(CustomExerciseArgs, super::Reply<ExerciseSummary>)>,
    on_pick: Callback<ExerciseRef>,
}

/// A trainer's own exercise: names, body part, equipment, what it measures and its load, and
/// the MET (blank takes the default for what it measures).
#[function_component(CustomExerciseForm)]
fn custom_exercise_form(props: &CustomExerciseFormProps) -> Html {
    let i18n = use_i18n();
    let name_ko = use_state(String::new);
    let name_en = use_state(String::new);
    let part = use_state(|| BodyPart::Chest);
    let kind = use_state(|| Equipment::Dumbbell);
    let measures = use_state(|| Measures::Reps);
    let load = use_state(|| Load::External);
    let met = use_state(String::new);
    let problems = use_state(Problems::default);
    let busy = use_state(|| false);

    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    fn select<T: FromStr + Copy + 'static>(state: &UseStateHandle<T>) -> Callback<Event> {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = T::from_str(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                state.set(v)
            }
        })
    }
    let onsubmit = {
        let (name_ko, name_en, part, kind, measures, load, met) = (
            name_ko.clone(),
            name_en.clone(),
            part.clone(),
            kind.clone(),
            measures.clone(),
            load.clone(),
            met.clone(),
        );
        let (problems, busy, i18n) = (problems.clone(), busy.clone(), i18n.clone());
        let (on_create, on_pick) = (props.on_create.clone(), props.on_pick.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let met_tenths = if met.trim().is_empty() {
                None
            } else {
                match parse_met(&met) {
                    Some(v) => Some(v),
                    None => {
                        let mut p = Problems::default();
                        p.fields
                            .insert("met_tenths".into(), i18n.t("logger-met-format"));
                        problems.set(p);
                        return;
                    }
                }
            };
            let args = CustomExerciseArgs {
                body_part: *part,
                equipment: *kind,
                name_ko: name_ko.trim().to_owned(),
                name_en: name_en.trim().to_owned(),
                measures: *measures,
                load: *load,
                met_tenths,
            };
            busy.set(true);
            let (problems, busy, i18n, on_pick) = (
                problems.clone(),
                busy.clone(),
                i18n.clone(),
                on_pick.clone(),
            );
            on_create.emit((
                args,
                Callback::from(move |reply: Result<ExerciseSummary, ApiError>| {
                    busy.set(false);
                    match reply {
                        Ok(created) => {
                            problems.set(Problems::default());
                            on_pick.emit(created.exercise);
                        }
                        Err(e) => problems.set(Problems::of(&i18n, &e, CUSTOM_FIELDS)),
                    }
                }),
            ));
        })
    };
    let language = i18n.language;
    html! {
        <form class="custom-form" data-testid="custom-exercise-form" {onsubmit} novalidate=true>
            <label class="field">
                <span>{ i18n.t("logger-custom-name-ko") }</span>
                <input type="text" data-testid="custom-name-ko" value={(*name_ko).clone()} oninput={text(&name_ko)} />
                { field_error(&problems, "name_ko", "custom-name-ko-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("logger-custom-name-en") }</span>
                <input type="text" data-testid="custom-name-en" value={(*name_en).clone()} oninput={text(&name_en)} />
                { field_error(&problems, "name_en", "custom-name-en-error") }
            </label>
            <div class="custom-grid">
                <label class="field">
                    <span>{ i18n.t("logger-custom-body-part") }</span>
                    <select data-testid="custom-body-part" onchange={select(&part)}>
                        { for BodyPart::ALL.iter().map(|p| html! {
                            <option value={p.as_str()} selected={*p == *part}>{ part_label(*p, language) }</option>
                        }) }
                    </select>
                    { field_error(&problems, "body_part", "custom-body-part-error") }
                </label>
                <label class="field">
                    <span>{ i18n.t("logger-custom-equipment") }</span>
                    <select data-testid="custom-equipment" onchange={select(&kind)}>
                        { for Equipment::ALL.iter().map(|k| html! {
                            <option value={k.as_str()} selected={*k == *kind}>{ equipment_label(*k, language) }</option>
                        }) }
                    </select>
                    { field_error(&problems, "equipment", "custom-equipment-error") }
                </label>
                <label class="field">
                    <span>{ i18n.t("logger-custom-measures") }</span>
                    <select data-testid="custom-measures" onchange={select(&measures)}>
                        { for Measures::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == *measures}>{ i18n.t(&format!("logger-measures-{}", m.as_str())) }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ i18n.t("logger-custom-load") }</span>
                    <select data-testid="custom-load" onchange={select(&load)}>
                        { for Load::ALL.iter().map(|l| html! {
                            <option value={l.as_str()} selected={*l == *load}>{ i18n.t(&format!("logger-load-{}", l.as_str())) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <label class="field">
                <span>{ i18n.t("logger-custom-met") }</span>
                <input type="text" inputmode="decimal" data-testid="custom-met" value={(*met).clone()}
                    placeholder={i18n.t("logger-custom-met-hint")} oninput={text(&met)} />
                { field_error(&problems, "met_tenths", "custom-met-error") }
            </label>
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="custom-error">{ g }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="custom-submit" disabled={*busy}>
                    { i18n.t("logger-custom-submit") }
                </button>
            </div>
        </form>
    }
}
