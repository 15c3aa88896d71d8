//! Home: today's summary on this device — sessions logged, total kcal, members trained (for a
//! trainer); a member also gets a way straight into today's log.

use trainmate_api::{ApiError, TodaySummaryReply};
use yew::prelude::*;

use crate::i18n::use_i18n;

/// Stored energy is in cal (1/1000 kcal); the screen shows whole kcal, rounded half up.
pub fn kcal(cal: u64) -> u64 {
    (cal + 500) / 1000
}

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    /// `None` while loading.
    pub summary: Option<Result<TodaySummaryReply, ApiError>>,
    /// "Members trained" means something to a trainer only.
    #[prop_or(true)]
    pub show_members: bool,
    /// Shown as "log today's workout" when given (a member's home).
    #[prop_or_default]
    pub on_log_today: Option<Callback<()>>,
}

#[function_component(Home)]
pub fn home(props: &HomeProps) -> Html {
    let i18n = use_i18n();
    let content = match &props.summary {
        None => html! { <p class="muted" data-testid="home-loading">{ i18n.t("loading") }</p> },
        Some(Err(e)) => html! {
            <p class="error" role="alert" data-testid="home-error">
                { format!("{} {}", i18n.t("home-error"), i18n.error(e)) }
            </p>
        },
        Some(Ok(summary)) => {
            let tile = |key: &str, testid: &str, value: String| {
                html! {
                    <div class="stat">
                        <span class="stat-value" data-testid={testid.to_owned()}>{ value }</span>
                        <span class="stat-label">{ i18n.t(key) }</span>
                    </div>
                }
            };
            html! {
                <>
                    <div class="stats">
                        { tile("home-sessions", "home-sessions", summary.sessions.to_string()) }
                        { tile("home-kcal", "home-kcal", kcal(summary.cal).to_string()) }
                        if props.show_members {
                            { tile("home-members", "home-members", summary.members_trained.to_string()) }
                        }
                    </div>
                    if summary.sessions == 0 {
                        <p class="empty" data-testid="home-empty">{ i18n.t("home-empty") }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section class="page" data-testid="home">
            <h1>{ i18n.t("home-title") }</h1>
            <div class="card">{ content }</div>
            if let Some(on_log_today) = &props.on_log_today {
                <button type="button" class="primary" data-testid="home-log-today"
                    onclick={on_log_today.reform(|_: MouseEvent| ())}>
                    { i18n.t("home-log-today") }
                </button>
            }
        </section>
    }
}

/// The device's local date as YYYY-MM-DD.
pub fn local_date_today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}
