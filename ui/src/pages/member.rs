//! A member's page (ui.md screen 5), the same for a trainer's member, the trainer's own row and a
//! member viewing themself: the info card (avatar or photo, name, email, phone, birth date; edit
//! profile; upload a photo), the body-metrics card (latest values, dated entries for **this**
//! member added, edited and deleted in dialogs, a trend chart) and the records card (a date's
//! totals and one card per exercise, "start / continue session", history).
//!
//! The page takes data and callbacks; `screens::member` runs the commands and reloads.

use trainmate_api::{
    AddBodyMetricArgs, ApiError, BodyMetricEntry, Contact, Day, EntryRef, Language, LatestMetrics,
    PhotoReply, Profile, ResetMemberPasswordArgs, TotalsView, UpdateBodyMetricArgs,
    UpdateProfileArgs, WeightUnits,
};
use trainmate_core::units::{
    grams_to_kg_string, grams_to_lb_string, parse_kg_to_grams, parse_lb_to_grams,
};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::home::kcal;
use super::members::{initial, DialogFrame, ReleaseDialog, Reply, ResetPasswordDialog};
use super::sign_in::text_setter;
use crate::components::trend_chart::TrendChart;
use crate::i18n::{field_error, use_i18n, I18n, Problems};

/// A weight in the user's unit: "70.5 kg" (no trailing zeros) or "155.4 lb" (one decimal).
pub fn weight_text(grams: u64, units: WeightUnits) -> String {
    match units {
        WeightUnits::Kg => format!("{} kg", grams_to_kg_string(grams)),
        WeightUnits::Lb => format!("{} lb", grams_to_lb_string(grams)),
    }
}

/// A number kept in tenths as text: 1_725 → "172.5", 180 → "18".
pub fn tenths_text(tenths: u32) -> String {
    // Tenths × 100 are thousandths, which the kilogram formatter prints without float artifacts.
    grams_to_kg_string(u64::from(tenths) * 100)
}

/// Seconds as "m:ss", or "h:mm:ss" from an hour on.
pub fn duration_text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A typed decimal with at most one decimal ("172.5", "18") in tenths, or `None`.
pub fn parse_tenths(input: &str) -> Option<u64> {
    let thousandths = parse_kg_to_grams(input)?;
    (thousandths % 100 == 0).then_some(thousandths / 100)
}

/// A typed weight in the user's unit, in grams (pounds round half up, as core's rule says).
pub fn parse_weight(input: &str, units: WeightUnits) -> Option<u64> {
    match units {
        WeightUnits::Kg => parse_kg_to_grams(input),
        WeightUnits::Lb => parse_lb_to_grams(input),
    }
}

/// A weight as the dialog shows it for editing, in the user's unit, without the unit.
pub fn weight_input(grams: u32, units: WeightUnits) -> String {
    match units {
        WeightUnits::Kg => grams_to_kg_string(u64::from(grams)),
        WeightUnits::Lb => grams_to_lb_string(u64::from(grams)),
    }
}

/// What the body-metrics dialog holds as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricForm {
    pub measured_on: String,
    /// Centimetres, one decimal.
    pub height: String,
    /// kg or lb.
    pub weight: String,
    /// Percent, one decimal.
    pub body_fat: String,
    /// kg or lb.
    pub muscle: String,
}

/// The form's values in the commands' units (each `None` when left blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricValues {
    pub measured_on: String,
    pub height_mm: Option<i64>,
    pub weight_g: Option<i64>,
    pub body_fat_tenths: Option<i64>,
    pub skeletal_muscle_g: Option<i64>,
}

/// The fields of the body-metrics dialog, named as the commands name them.
pub const METRIC_FIELDS: &[&str] = &[
    "measured_on",
    "height_mm",
    "weight_g",
    "body_fat_tenths",
    "skeletal_muscle_g",
];

/// A failed save mapped onto the dialog: field errors beside their fields; "no value at all"
/// (`values`/`required`) as the dialog's own message.
fn metric_problems(i18n: &I18n, error: &ApiError) -> Problems {
    let mut shown: Vec<&str> = METRIC_FIELDS.to_vec();
    shown.push("values");
    let mut problems = Problems::of_in(i18n, error, &shown, Some("metric"));
    if let Some(message) = problems.fields.remove("values") {
        problems.general = Some(message);
    }
    problems
}

impl MetricForm {
    /// The form of an existing entry, in the user's unit.
    pub fn of(entry: &BodyMetricEntry, units: WeightUnits) -> MetricForm {
        MetricForm {
            measured_on: entry.measured_on.clone(),
            height: entry.height_mm.map(tenths_text).unwrap_or_default(),
            weight: entry
                .weight_g
                .map(|g| weight_input(g, units))
                .unwrap_or_default(),
            body_fat: entry.body_fat_tenths.map(tenths_text).unwrap_or_default(),
            muscle: entry
                .skeletal_muscle_g
                .map(|g| weight_input(g, units))
                .unwrap_or_default(),
        }
    }

    /// The values to send, or the fields whose text is not a number in the expected form.
    /// `unchanged` is the entry being edited: a weight whose text was not touched keeps its exact
    /// grams (a pound display rounds, and re-parsing it must not move the stored value).
    pub fn values(
        &self,
        units: WeightUnits,
        unchanged: Option<&BodyMetricEntry>,
    ) -> Result<MetricValues, Vec<&'static str>> {
        let mut bad = Vec::new();
        let mut field = |name: &'static str, text: &str, parse: &dyn Fn(&str) -> Option<u64>| {
            if text.trim().is_empty() {
                return None;
            }
            match parse(text).and_then(|v| i64::try_from(v).ok()) {
                Some(v) => Some(v),
                None => {
                    bad.push(name);
                    None
                }
            }
        };
        let before = unchanged.map(|e| MetricForm::of(e, units));
        let kept = |text: &str, pick: fn(&MetricForm) -> &str, value: Option<u32>| {
            before
                .as_ref()
                .filter(|b| pick(b) == text && !text.trim().is_empty())
                .and(value)
                .map(i64::from)
        };
        // A height is typed in cm with one decimal: tenths of a cm are mm.
        let height_mm = field("height_mm", &self.height, &parse_tenths);
        let weight_g = kept(
            &self.weight,
            |f| &f.weight,
            unchanged.and_then(|e| e.weight_g),
        )
        .or_else(|| field("weight_g", &self.weight, &|t| parse_weight(t, units)));
        let body_fat_tenths = field("body_fat_tenths", &self.body_fat, &parse_tenths);
        let skeletal_muscle_g = kept(
            &self.muscle,
            |f| &f.muscle,
            unchanged.and_then(|e| e.skeletal_muscle_g),
        )
        .or_else(|| {
            field("skeletal_muscle_g", &self.muscle, &|t| {
                parse_weight(t, units)
            })
        });
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(MetricValues {
            measured_on: self.measured_on.trim().to_owned(),
            height_mm,
            weight_g,
            body_fat_tenths,
            skeletal_muscle_g,
        })
    }
}

/// An exercise's name in the user's language (the Korean name when there is no English one).
pub fn exercise_name(language: Language, ko: &str, en: &str) -> String {
    match language {
        Language::En if !en.trim().is_empty() => en.to_owned(),
        _ => ko.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Profile,
    AddMetric,
    EditMetric(BodyMetricEntry),
    DeleteMetric(BodyMetricEntry),
    Release,
    Reset,
}

#[derive(Properties, PartialEq)]
pub struct MemberPageProps {
    /// Whose page this is (every command the page runs names this member).
    pub member_id: Uuid,
    /// `None` while loading.
    pub profile: Option<Result<Profile, ApiError>>,
    /// The photo as a data URL, when there is one.
    #[prop_or_default]
    pub photo: Option<String>,
    /// `None` while loading.
    pub metrics: Option<Result<Vec<BodyMetricEntry>, ApiError>>,
    /// The records card's date (YYYY-MM-DD).
    pub date: String,
    /// The day at `date`; `None` while loading.
    pub day: Option<Result<Day, ApiError>>,
    #[prop_or_default]
    pub units: WeightUnits,
    /// Today's local date: the default date of a new entry.
    pub today: String,
    /// A trainer on one of their members' pages: reset the password and release.
    #[prop_or_default]
    pub manage: bool,
    /// A member on their own page: their trainer's contact (`None`: no trainer).
    #[prop_or_default]
    pub trainer: Option<Contact>,
    /// Show the trainer card (a member viewing themself).
    #[prop_or_default]
    pub show_trainer: bool,
    /// The add-entry dialog is open when the page opens (welcome's "enter my body data").
    #[prop_or_default]
    pub open_add_metric: bool,
    /// A "back to the list" button (the trainer's narrow layout; CSS hides it in two panes).
    #[prop_or_default]
    pub show_back: bool,
    #[prop_or_default]
    pub on_back: Callback<()>,
    #[prop_or_default]
    pub on_retry: Callback<()>,
    #[prop_or_default]
    pub on_update_profile: Callback<(UpdateProfileArgs, Reply<Profile>)>,
    /// The picked file's bytes as base64.
    #[prop_or_default]
    pub on_photo: Callback<(String, Reply<PhotoReply>)>,
    #[prop_or_default]
    pub on_add_metric: Callback<(AddBodyMetricArgs, Reply<BodyMetricEntry>)>,
    #[prop_or_default]
    pub on_update_metric: Callback<(UpdateBodyMetricArgs, Reply<BodyMetricEntry>)>,
    #[prop_or_default]
    pub on_delete_metric: Callback<(EntryRef, Reply<()>)>,
    #[prop_or_default]
    pub on_date: Callback<String>,
    /// Opens the logger at this date.
    #[prop_or_default]
    pub on_session: Callback<String>,
    #[prop_or_default]
    pub on_history: Callback<()>,
    #[prop_or_default]
    pub on_release: Callback<(Uuid, Reply<()>)>,
    #[prop_or_default]
    pub on_reset: Callback<(ResetMemberPasswordArgs, Reply<()>)>,
    /// Leaves a page that cannot be shown (not found).
    #[prop_or_default]
    pub on_home: Callback<()>,
}

fn click(cb: &Callback<()>) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_: MouseEvent| cb.emit(()))
}

#[function_component(MemberPage)]
pub fn member_page(props: &MemberPageProps) -> Html {
    let i18n = use_i18n();
    let dialog = use_state(|| props.open_add_metric.then_some(Dialog::AddMetric));
    let notice = use_state(|| None::<String>);

    let back = props.show_back.then(|| {
        html! {
            <button type="button" class="link back member-back" data-testid="member-back"
                onclick={click(&props.on_back)}>{ i18n.t("members-back") }</button>
        }
    });

    let profile = match &props.profile {
        None => {
            return html! {
                <div class="page member-page" data-testid="member-page">
                    { back }
                    <p class="muted" data-testid="member-loading">{ i18n.t("loading") }</p>
                </div>
            }
        }
        Some(Err(ApiError::NotFound)) => {
            return html! {
                <div class="page member-page" data-testid="member-page">
                    { back }
                    <section class="card not-found" data-testid="member-not-found" role="alert">
                        <h1>{ i18n.t("member-not-found-title") }</h1>
                        <p class="muted">{ i18n.t("member-not-found-text") }</p>
                        <div class="actions">
                            <button type="button" class="primary" data-testid="member-not-found-home"
                                onclick={click(&props.on_home)}>{ i18n.t("welcome-home") }</button>
                        </div>
                    </section>
                </div>
            }
        }
        Some(Err(e)) => {
            return html! {
                <div class="page member-page" data-testid="member-page">
                    { back }
                    <section class="card">
                        <p class="error" role="alert" data-testid="member-error">{ i18n.error(e) }</p>
                        <div class="actions">
                            <button type="button" data-testid="member-retry"
                                onclick={click(&props.on_retry)}>{ i18n.t("retry") }</button>
                        </div>
                    </section>
                </div>
            }
        }
        Some(Ok(p)) => p.clone(),
    };

    let open = |d: Dialog| {
        let (dialog, notice) = (dialog.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            dialog.set(Some(d.clone()));
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let finish = |key: &'static str| {
        let (dialog, notice, i18n) = (dialog.clone(), notice.clone(), i18n.clone());
        Callback::from(move |()| {
            dialog.set(None);
            notice.set(Some(i18n.t(key)));
        })
    };

    let info = html! {
        <InfoCard profile={profile.clone()} photo={props.photo.clone()}
            on_edit={open(Dialog::Profile)} on_photo={props.on_photo.clone()}
            manage={props.manage} on_reset={open(Dialog::Reset)} on_release={open(Dialog::Release)} />
    };
    let trainer = props.show_trainer.then(|| match &props.trainer {
        Some(t) => html! {
            <section class="card member-card" data-testid="trainer-contact">
                <h2>{ i18n.t("member-my-trainer") }</h2>
                <div class="member-identity">
                    <span class="avatar" aria-hidden="true">{ initial(&t.name) }</span>
                    <dl class="facts">
                        <dt>{ i18n.t("account-name") }</dt>
                        <dd data-testid="trainer-name">{ &t.name }</dd>
                        <dt>{ i18n.t("account-email") }</dt>
                        <dd data-testid="trainer-email">{ &t.email }</dd>
                        <dt>{ i18n.t("members-phone") }</dt>
                        <dd data-testid="trainer-phone">{ t.phone.clone().unwrap_or_else(|| "—".to_owned()) }</dd>
                    </dl>
                </div>
            </section>
        },
        None => html! {
            <section class="card member-card" data-testid="trainer-contact">
                <h2>{ i18n.t("member-my-trainer") }</h2>
                <p class="muted" data-testid="trainer-none">{ i18n.t("member-no-trainer") }</p>
            </section>
        },
    });
    let metrics = html! {
        <MetricsCard latest={profile.latest.clone()} metrics={props.metrics.clone()}
            units={props.units} on_add={open(Dialog::AddMetric)}
            on_edit={{
                let (dialog, notice) = (dialog.clone(), notice.clone());
                Callback::from(move |e| { notice.set(None); dialog.set(Some(Dialog::EditMetric(e))) })
            }}
            on_delete={{
                let (dialog, notice) = (dialog.clone(), notice.clone());
                Callback::from(move |e| { notice.set(None); dialog.set(Some(Dialog::DeleteMetric(e))) })
            }} />
    };
    let records = html! {
        <RecordsCard date={props.date.clone()} day={props.day.clone()} units={props.units}
            on_date={props.on_date.clone()} on_session={props.on_session.clone()}
            on_history={props.on_history.clone()} />
    };

    let dialog_view = match (*dialog).clone() {
        None => html! {},
        Some(Dialog::Profile) => html! {
            <ProfileDialog profile={profile.clone()} on_submit={props.on_update_profile.clone()}
                on_close={close.clone()} on_done={finish("member-profile-saved")} />
        },
        Some(Dialog::AddMetric) => html! {
            <MetricDialog member_id={props.member_id} units={props.units} today={props.today.clone()}
                entry={None::<BodyMetricEntry>} on_add={props.on_add_metric.clone()}
                on_update={props.on_update_metric.clone()} on_close={close.clone()}
                on_done={finish("metrics-saved")} />
        },
        Some(Dialog::EditMetric(entry)) => html! {
            <MetricDialog member_id={props.member_id} units={props.units} today={props.today.clone()}
                entry={Some(entry)} on_add={props.on_add_metric.clone()}
                on_update={props.on_update_metric.clone()} on_close={close.clone()}
                on_done={finish("metrics-saved")} />
        },
        Some(Dialog::DeleteMetric(entry)) => html! {
            <DeleteMetricDialog entry={entry} units={props.units}
                on_delete={props.on_delete_metric.clone()} on_close={close.clone()}
                on_done={finish("metrics-deleted")} />
        },
        Some(Dialog::Release) => html! {
            <ReleaseDialog member_id={props.member_id} name={profile.name.clone()}
                on_release={props.on_release.clone()} on_close={close.clone()}
                on_done={close.clone()} />
        },
        Some(Dialog::Reset) => html! {
            <ResetPasswordDialog member_id={props.member_id} name={profile.name.clone()}
                on_submit={props.on_reset.clone()} on_close={close.clone()}
                on_done={finish("members-password-reset")} />
        },
    };

    html! {
        <div class="page member-page" data-testid="member-page">
            { back }
            if let Some(n) = &*notice {
                <p class="success" role="status" data-testid="member-notice">{ n }</p>
            }
            <div class="member-grid">
                <div class="member-column">
                    { info }
                    { trainer }
                    { metrics }
                </div>
                <div class="member-column">
                    { records }
                </div>
            </div>
            { dialog_view }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct InfoCardProps {
    profile: Profile,
    photo: Option<String>,
    on_edit: Callback<MouseEvent>,
    on_photo: Callback<(String, Reply<PhotoReply>)>,
    manage: bool,
    on_reset: Callback<MouseEvent>,
    on_release: Callback<MouseEvent>,
}

/// Reads the picked file's bytes (the browser hands them over asynchronously).
async fn file_bytes(file: web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[function_component(InfoCard)]
fn info_card(props: &InfoCardProps) -> Html {
    let i18n = use_i18n();
    let uploading = use_state(|| false);
    let photo_error = use_state(|| None::<String>);
    let p = &props.profile;

    let on_file = {
        let (uploading, photo_error, i18n) = (uploading.clone(), photo_error.clone(), i18n.clone());
        let on_photo = props.on_photo.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // The same file may be picked again after an error.
            input.set_value("");
            uploading.set(true);
            photo_error.set(None);
            let (uploading, photo_error, i18n, on_photo) = (
                uploading.clone(),
                photo_error.clone(),
                i18n.clone(),
                on_photo.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let Some(bytes) = file_bytes(file).await else {
                    uploading.set(false);
                    photo_error.set(Some(i18n.t("member-photo-unreadable")));
                    return;
                };
                use base64::Engine;
                let data = base64::engine::general_purpose::STANDARD.encode(bytes);
                on_photo.emit((
                    data,
                    Callback::from(move |outcome: Result<PhotoReply, ApiError>| {
                        uploading.set(false);
                        if let Err(e) = outcome {
                            let problems = Problems::of(&i18n, &e, &["data_base64"]);
                            photo_error.set(
                                problems
                                    .field("data_base64")
                                    .map(str::to_owned)
                                    .or(problems.general),
                            );
                        }
                    }),
                ));
            });
        })
    };
    let avatar = match &props.photo {
        Some(url) => html! {
            <img class="avatar avatar--photo" src={url.clone()} alt={p.name.clone()}
                data-testid="member-avatar" />
        },
        None => html! {
            <span class="avatar avatar--photo" aria-hidden="true" data-testid="member-avatar">
                { initial(&p.name) }
            </span>
        },
    };
    let dash = || "—".to_owned();
    html! {
        <section class="card member-card" data-testid="member-info">
            <div class="member-identity">
                { avatar }
                <div class="member-heading">
                    <h1 data-testid="member-name">{ &p.name }</h1>
                    <span class="muted" data-testid="member-role">
                        { match p.user_type {
                            trainmate_api::UserType::Trainer => i18n.t("role-trainer"),
                            trainmate_api::UserType::Member => i18n.t("role-member"),
                        } }
                    </span>
                </div>
            </div>
            <dl class="facts">
                <dt>{ i18n.t("account-email") }</dt>
                <dd data-testid="member-email">{ &p.email }</dd>
                <dt>{ i18n.t("members-phone") }</dt>
                <dd data-testid="member-phone">{ p.phone.clone().unwrap_or_else(dash) }</dd>
                <dt>{ i18n.t("member-birth-date") }</dt>
                <dd data-testid="member-birth-date">{ p.birth_date.clone().unwrap_or_else(dash) }</dd>
            </dl>
            if let Some(e) = &*photo_error {
                <p class="error" role="alert" data-testid="photo-error">{ e }</p>
            }
            <div class="actions">
                <label class={classes!("button", "photo-pick", uploading.then_some("button--busy"))}>
                    <input type="file" accept="image/*" data-testid="photo-input"
                        disabled={*uploading} onchange={on_file} />
                    <span>{ if *uploading { i18n.t("member-photo-uploading") } else { i18n.t("member-photo") } }</span>
                </label>
                <button type="button" data-testid="profile-edit" onclick={props.on_edit.clone()}>
                    { i18n.t("member-edit-profile") }
                </button>
            </div>
            if props.manage {
                <div class="actions manage-actions">
                    <button type="button" data-testid="member-reset-password"
                        onclick={props.on_reset.clone()}>{ i18n.t("members-reset-password") }</button>
                    <button type="button" class="danger" data-testid="member-release"
                        onclick={props.on_release.clone()}>{ i18n.t("members-release") }</button>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MetricsCardProps {
    latest: LatestMetrics,
    metrics: Option<Result<Vec<BodyMetricEntry>, ApiError>>,
    units: WeightUnits,
    on_add: Callback<MouseEvent>,
    on_edit: Callback<BodyMetricEntry>,
    on_delete: Callback<BodyMetricEntry>,
}

/// An entry's values in one line: "172.5 cm · 70.5 kg · 18.5 % · 31 kg".
fn entry_summary(i18n: &I18n, e: &BodyMetricEntry, units: WeightUnits) -> String {
    let mut parts = Vec::new();
    if let Some(mm) = e.height_mm {
        parts.push(format!("{} cm", tenths_text(mm)));
    }
    if let Some(g) = e.weight_g {
        parts.push(weight_text(u64::from(g), units));
    }
    if let Some(t) = e.body_fat_tenths {
        parts.push(format!("{} %", tenths_text(t)));
    }
    if let Some(g) = e.skeletal_muscle_g {
        parts.push(format!(
            "{} {}",
            i18n.t("metrics-muscle-short"),
            weight_text(u64::from(g), units)
        ));
    }
    parts.join(" · ")
}

#[function_component(MetricsCard)]
fn metrics_card(props: &MetricsCardProps) -> Html {
    let i18n = use_i18n();
    let l = &props.latest;
    let tile = |key: &str, testid: &str, value: Option<String>| {
        html! {
            <div class="stat">
                <span class="stat-value stat-value--small" data-testid={testid.to_owned()}>
                    { value.unwrap_or_else(|| "—".to_owned()) }
                </span>
                <span class="stat-label">{ i18n.t(key) }</span>
            </div>
        }
    };
    let units = props.units;
    let body = match &props.metrics {
        None => html! { <p class="muted" data-testid="metrics-loading">{ i18n.t("loading") }</p> },
        Some(Err(e)) => html! {
            <p class="error" role="alert" data-testid="metrics-error">{ i18n.error(e) }</p>
        },
        Some(Ok(list)) if list.is_empty() => html! {
            <p class="empty-state" data-testid="metrics-empty">{ i18n.t("metrics-empty") }</p>
        },
        Some(Ok(list)) => html! {
            <>
                <TrendChart entries={list.clone()} units={units} />
                <h3 class="subhead">{ i18n.t("metrics-entries") }</h3>
                <ul class="metric-entries" data-testid="metric-entries">
                    { for list.iter().enumerate().map(|(i, e)| {
                        let edit = {
                            let (cb, e) = (props.on_edit.clone(), e.clone());
                            Callback::from(move |_: MouseEvent| cb.emit(e.clone()))
                        };
                        let delete = {
                            let (cb, e) = (props.on_delete.clone(), e.clone());
                            Callback::from(move |_: MouseEvent| cb.emit(e.clone()))
                        };
                        html! {
                            <li key={e.entry_id.to_string()} class="metric-entry"
                                data-testid={format!("metric-entry-{i}")}>
                                <span class="metric-date" data-testid={format!("metric-date-{i}")}>
                                    { &e.measured_on }
                                </span>
                                <span class="metric-values" data-testid={format!("metric-values-{i}")}>
                                    { entry_summary(&i18n, e, units) }
                                </span>
                                <span class="metric-actions">
                                    <button type="button" data-testid={format!("metric-edit-{i}")}
                                        aria-label={i18n.t_with("metrics-edit-label", &[("date", e.measured_on.clone().into())])}
                                        onclick={edit}>{ i18n.t("metrics-edit") }</button>
                                    <button type="button" class="danger"
                                        data-testid={format!("metric-delete-{i}")}
                                        aria-label={i18n.t_with("metrics-delete-label", &[("date", e.measured_on.clone().into())])}
                                        onclick={delete}>{ i18n.t("metrics-delete") }</button>
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            </>
        },
    };
    html! {
        <section class="card member-card" data-testid="member-metrics">
            <div class="card-head">
                <h2>{ i18n.t("metrics-title") }</h2>
                <span class="header-spacer"></span>
                <button type="button" class="primary" data-testid="metric-add"
                    onclick={props.on_add.clone()}>{ i18n.t("metrics-add") }</button>
            </div>
            <div class="stats stats--four">
                { tile("metrics-height", "latest-height", l.height_mm.map(|mm| format!("{} cm", tenths_text(mm)))) }
                { tile("metrics-weight", "latest-weight", l.weight_g.map(|g| weight_text(u64::from(g), units))) }
                { tile("metrics-body-fat", "latest-body-fat", l.body_fat_tenths.map(|t| format!("{} %", tenths_text(t)))) }
                { tile("metrics-muscle", "latest-muscle", l.skeletal_muscle_g.map(|g| weight_text(u64::from(g), units))) }
            </div>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RecordsCardProps {
    date: String,
    day: Option<Result<Day, ApiError>>,
    units: WeightUnits,
    on_date: Callback<String>,
    on_session: Callback<String>,
    on_history: Callback<()>,
}

/// The four day totals as tiles (shared with the history page).
pub fn totals_tiles(i18n: &I18n, totals: &TotalsView, units: WeightUnits, prefix: &str) -> Html {
    let tile = |key: &str, id: &str, value: String| {
        html! {
            <div class="stat">
                <span class="stat-value stat-value--small" data-testid={format!("{prefix}-{id}")}>{ value }</span>
                <span class="stat-label">{ i18n.t(key) }</span>
            </div>
        }
    };
    html! {
        <div class="stats stats--four">
            { tile("records-time", "time", duration_text(totals.duration_s)) }
            { tile("records-kcal", "kcal", kcal(totals.cal).to_string()) }
            { tile("records-volume", "volume", weight_text(totals.volume_g, units)) }
            { tile("records-sets", "sets", totals.sets.to_string()) }
        </div>
    }
}

#[function_component(RecordsCard)]
fn records_card(props: &RecordsCardProps) -> Html {
    let i18n = use_i18n();
    let on_date = {
        let cb = props.on_date.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            // A cleared date picker keeps the current date.
            if !value.is_empty() {
                cb.emit(value)
            }
        })
    };
    let session = {
        let (cb, date) = (props.on_session.clone(), props.date.clone());
        Callback::from(move |_: MouseEvent| cb.emit(date.clone()))
    };
    let has_exercises = matches!(&props.day, Some(Ok(d)) if !d.exercises.is_empty());
    let body = match &props.day {
        None => html! { <p class="muted" data-testid="records-loading">{ i18n.t("loading") }</p> },
        Some(Err(e)) => html! {
            <p class="error" role="alert" data-testid="records-error">{ i18n.error(e) }</p>
        },
        Some(Ok(day)) => html! {
            <>
                { totals_tiles(&i18n, &day.totals, props.units, "day") }
                if day.exercises.is_empty() {
                    <p class="empty-state" data-testid="records-empty">{ i18n.t("records-empty") }</p>
                } else {
                    <ul class="exercise-cards" data-testid="records-exercises">
                        { for day.exercises.iter().enumerate().map(|(i, x)| html! {
                            <li key={x.workout_exercise_id.to_string()} class="exercise-card"
                                data-testid={format!("records-exercise-{i}")}>
                                <span class="exercise-name">
                                    { exercise_name(i18n.language, &x.exercise.name_ko, &x.exercise.name_en) }
                                </span>
                                <span class="exercise-facts muted">
                                    { i18n.t_with("records-exercise-facts", &[
                                        ("sets", x.totals.sets.into()),
                                        ("time", duration_text(x.totals.duration_s).into()),
                                        ("kcal", kcal(x.totals.cal).into()),
                                    ]) }
                                </span>
                            </li>
                        }) }
                    </ul>
                }
            </>
        },
    };
    html! {
        <section class="card member-card" data-testid="member-records">
            <div class="card-head">
                <h2>{ i18n.t("records-title") }</h2>
                <span class="header-spacer"></span>
                <button type="button" class="link" data-testid="open-history"
                    onclick={click(&props.on_history)}>{ i18n.t("records-history") }</button>
            </div>
            <label class="field field--inline">
                <span>{ i18n.t("records-date") }</span>
                <input type="date" data-testid="records-date" value={props.date.clone()}
                    onchange={on_date} />
            </label>
            { body }
            <div class="actions">
                <button type="button" class="primary" data-testid="start-session" onclick={session}>
                    { if has_exercises { i18n.t("records-continue") } else { i18n.t("records-start") } }
                </button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProfileDialogProps {
    pub profile: Profile,
    pub on_submit: Callback<(UpdateProfileArgs, Reply<Profile>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Edits name, phone and birth date; errors beside their fields.
#[function_component(ProfileDialog)]
pub fn profile_dialog(props: &ProfileDialogProps) -> Html {
    let i18n = use_i18n();
    let name = use_state(|| props.profile.name.clone());
    let phone = use_state(|| props.profile.phone.clone().unwrap_or_default());
    let birth_date = use_state(|| props.profile.birth_date.clone().unwrap_or_default());
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);
    let onsubmit = {
        let (name, phone, birth_date) = (name.clone(), phone.clone(), birth_date.clone());
        let (busy, problems, i18n) = (busy.clone(), problems.clone(), i18n.clone());
        let (on_submit, on_done, member_id) = (
            props.on_submit.clone(),
            props.on_done.clone(),
            props.profile.user_id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let optional = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
            let args = UpdateProfileArgs {
                member_id,
                name: name.trim().to_owned(),
                phone: optional(&phone),
                birth_date: optional(&birth_date),
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
                Callback::from(move |outcome: Result<Profile, ApiError>| {
                    busy.set(false);
                    match outcome {
                        Ok(_) => on_done.emit(()),
                        Err(e) => {
                            problems.set(Problems::of(&i18n, &e, &["name", "phone", "birth_date"]))
                        }
                    }
                }),
            ));
        })
    };
    html! {
        <DialogFrame title={i18n.t("member-edit-profile")} testid="profile-dialog"
            on_close={props.on_close.clone()} {onsubmit}>
            <label class="field">
                <span>{ i18n.t("account-name") }</span>
                <input type="text" autocomplete="off" data-testid="profile-name"
                    value={(*name).clone()} oninput={text_setter(&name)} />
                { field_error(&problems, "name", "profile-name-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("members-phone-optional") }</span>
                <input type="tel" autocomplete="off" data-testid="profile-phone"
                    value={(*phone).clone()} oninput={text_setter(&phone)} />
                { field_error(&problems, "phone", "profile-phone-error") }
            </label>
            <label class="field">
                <span>{ i18n.t("member-birth-date-optional") }</span>
                <input type="date" data-testid="profile-birth-date"
                    value={(*birth_date).clone()} oninput={text_setter(&birth_date)} />
                { field_error(&problems, "birth_date", "profile-birth-date-error") }
            </label>
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="profile-error">{ g }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="profile-submit"
                    disabled={*busy || name.trim().is_empty()}>{ i18n.t("member-save") }</button>
            </div>
        </DialogFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct MetricDialogProps {
    /// The page's member: a new entry is theirs.
    pub member_id: Uuid,
    pub units: WeightUnits,
    /// The default date of a new entry.
    pub today: String,
    /// The entry being edited; `None` adds one.
    pub entry: Option<BodyMetricEntry>,
    pub on_add: Callback<(AddBodyMetricArgs, Reply<BodyMetricEntry>)>,
    pub on_update: Callback<(UpdateBodyMetricArgs, Reply<BodyMetricEntry>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Adds a dated entry for the page's member, or edits one: height (cm), weight and skeletal
/// muscle (kg or lb), body fat (%). A value typed in a form the app cannot read is flagged beside
/// its field without calling the command.
#[function_component(MetricDialog)]
pub fn metric_dialog(props: &MetricDialogProps) -> Html {
    let i18n = use_i18n();
    let initial = match &props.entry {
        Some(e) => MetricForm::of(e, props.units),
        None => MetricForm {
            measured_on: props.today.clone(),
            ..MetricForm::default()
        },
    };
    // One state per field: each input's handler changes only its own text.
    let measured_on = use_state(|| initial.measured_on.clone());
    let height = use_state(|| initial.height.clone());
    let weight = use_state(|| initial.weight.clone());
    let body_fat = use_state(|| initial.body_fat.clone());
    let muscle = use_state(|| initial.muscle.clone());
    let busy = use_state(|| false);
    let problems = use_state(Problems::default);
    let form = MetricForm {
        measured_on: (*measured_on).clone(),
        height: (*height).clone(),
        weight: (*weight).clone(),
        body_fat: (*body_fat).clone(),
        muscle: (*muscle).clone(),
    };
    let onsubmit = {
        let (form, busy, problems, i18n) =
            (form.clone(), busy.clone(), problems.clone(), i18n.clone());
        let (member_id, units, entry) = (props.member_id, props.units, props.entry.clone());
        let (on_add, on_update, on_done) = (
            props.on_add.clone(),
            props.on_update.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let values = match form.values(units, entry.as_ref()) {
                Ok(v) => v,
                Err(bad) => {
                    let mut shown = Problems::default();
                    for field in bad {
                        shown
                            .fields
                            .insert(field.to_owned(), i18n.t("metrics-number-format"));
                    }
                    problems.set(shown);
                    return;
                }
            };
            busy.set(true);
            problems.set(Problems::default());
            let (busy, problems, i18n, on_done) = (
                busy.clone(),
                problems.clone(),
                i18n.clone(),
                on_done.clone(),
            );
            let done = Callback::from(move |outcome: Result<BodyMetricEntry, ApiError>| {
                busy.set(false);
                match outcome {
                    Ok(_) => on_done.emit(()),
                    Err(e) => problems.set(metric_problems(&i18n, &e)),
                }
            });
            match &entry {
                None => on_add.emit((
                    AddBodyMetricArgs {
                        member_id,
                        measured_on: values.measured_on,
                        height_mm: values.height_mm,
                        weight_g: values.weight_g,
                        body_fat_tenths: values.body_fat_tenths,
                        skeletal_muscle_g: values.skeletal_muscle_g,
                    },
                    done,
                )),
                Some(existing) => on_update.emit((
                    UpdateBodyMetricArgs {
                        entry_id: existing.entry_id,
                        measured_on: values.measured_on,
                        height_mm: values.height_mm,
                        weight_g: values.weight_g,
                        body_fat_tenths: values.body_fat_tenths,
                        skeletal_muscle_g: values.skeletal_muscle_g,
                    },
                    done,
                )),
            }
        })
    };
    let unit = match props.units {
        WeightUnits::Kg => "kg",
        WeightUnits::Lb => "lb",
    };
    let number =
        |label: String, testid: &str, value: &str, oninput: Callback<InputEvent>, field: &str| {
            html! {
                <label class="field">
                    <span>{ label }</span>
                    <input type="text" inputmode="decimal" autocomplete="off"
                        data-testid={testid.to_owned()} value={value.to_owned()} {oninput} />
                    { field_error(&problems, field, &format!("{testid}-error")) }
                </label>
            }
        };
    let title = if props.entry.is_some() {
        i18n.t("metrics-edit-title")
    } else {
        i18n.t("metrics-add-title")
    };
    html! {
        <DialogFrame {title} testid="metric-dialog" on_close={props.on_close.clone()} {onsubmit}>
            <label class="field">
                <span>{ i18n.t("metrics-date") }</span>
                <input type="date" data-testid="metric-date" value={form.measured_on.clone()}
                    oninput={text_setter(&measured_on)} />
                { field_error(&problems, "measured_on", "metric-date-error") }
            </label>
            <div class="field-pair">
                { number(i18n.t("metrics-height-cm"), "metric-height", &form.height, text_setter(&height), "height_mm") }
                { number(i18n.t_with("metrics-weight-unit", &[("unit", unit.into())]), "metric-weight", &form.weight, text_setter(&weight), "weight_g") }
                { number(i18n.t("metrics-body-fat-percent"), "metric-body-fat", &form.body_fat, text_setter(&body_fat), "body_fat_tenths") }
                { number(i18n.t_with("metrics-muscle-unit", &[("unit", unit.into())]), "metric-muscle", &form.muscle, text_setter(&muscle), "skeletal_muscle_g") }
            </div>
            if let Some(g) = &problems.general {
                <p class="error" role="alert" data-testid="metric-error">{ g }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="metric-submit" disabled={*busy}>
                    { i18n.t("member-save") }
                </button>
            </div>
        </DialogFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeleteMetricDialogProps {
    pub entry: BodyMetricEntry,
    pub units: WeightUnits,
    pub on_delete: Callback<(EntryRef, Reply<()>)>,
    #[prop_or_default]
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// Asks before deleting an entry and says what will be lost.
#[function_component(DeleteMetricDialog)]
pub fn delete_metric_dialog(props: &DeleteMetricDialogProps) -> Html {
    let i18n = use_i18n();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (entry_id, on_delete, on_done) = (
            props.entry.entry_id,
            props.on_delete.clone(),
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
            on_delete.emit((
                EntryRef { entry_id },
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
        <DialogFrame title={i18n.t_with("metrics-delete-title", &[("date", props.entry.measured_on.clone().into())])}
            testid="metric-delete-dialog" on_close={props.on_close.clone()} {onsubmit}>
            <p data-testid="metric-delete-explain">
                { i18n.t_with("metrics-delete-explain", &[("values", entry_summary(&i18n, &props.entry, props.units).into())]) }
            </p>
            if let Some(e) = &*error {
                <p class="error" role="alert" data-testid="metric-delete-error">{ e }</p>
            }
            <div class="actions">
                <button type="button" data-testid="metric-delete-cancel" onclick={cancel}>
                    { i18n.t("dialog-cancel") }
                </button>
                <button type="submit" class="danger" data-testid="metric-delete-confirm" disabled={*busy}>
                    { i18n.t("metrics-delete") }
                </button>
            </div>
        </DialogFrame>
    }
}
