//! Time on the logger: a clock that tests can control, the per-set stopwatch (one running at a
//! time, kept by [`Stopwatches`]) and the rest timer that counts up from when a set was logged.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::i18n::use_i18n;

/// Milliseconds since the epoch. The app uses the browser's clock; component tests pass one they
/// move by hand.
#[derive(Clone)]
pub struct Clock(Rc<dyn Fn() -> i64>);

impl Clock {
    pub fn now_ms(&self) -> i64 {
        (self.0)()
    }

    /// A clock that reads `cell` (tests move it).
    pub fn manual(cell: Rc<Cell<i64>>) -> Clock {
        Clock(Rc::new(move || cell.get()))
    }
}

thread_local! {
    // One browser clock for the whole page: clocks compare by identity, so a fresh one per
    // render would make every component that takes a clock render again.
    static BROWSER_CLOCK: Clock =
        // f64 milliseconds since the epoch fit an i64 exactly for the next 285,000 years.
        Clock(Rc::new(|| js_sys::Date::now() as i64));
}

impl Default for Clock {
    fn default() -> Self {
        BROWSER_CLOCK.with(Clock::clone)
    }
}

impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// Whole seconds from `from_ms` to `to_ms` (0 when the clock went backwards).
pub fn elapsed_s(from_ms: i64, to_ms: i64) -> u32 {
    u32::try_from((to_ms - from_ms).max(0) / 1000).unwrap_or(u32::MAX)
}

/// Seconds as a clock face: "0:07", "1:05", "59:59", "1:00:00".
pub fn clock_text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Which stopwatch runs (at most one), keyed by the row it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stopwatches {
    running: Option<(String, i64)>,
}

/// A stopwatch that stopped: its row and the whole seconds it measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    pub key: String,
    pub seconds: u32,
}

impl Stopwatches {
    /// The row whose stopwatch runs and when it started.
    pub fn running(&self) -> Option<(&str, i64)> {
        self.running.as_ref().map(|(k, t)| (k.as_str(), *t))
    }

    /// When `key`'s stopwatch started, if it runs.
    pub fn started(&self, key: &str) -> Option<i64> {
        self.running
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, t)| *t)
    }

    /// Starts `key`'s stopwatch; the one running before (another row's) stops and is answered.
    pub fn start(&mut self, key: &str, now_ms: i64) -> Option<Stopped> {
        let previous = self.stop(now_ms);
        self.running = Some((key.to_owned(), now_ms));
        previous
    }

    /// Stops whichever stopwatch runs.
    pub fn stop(&mut self, now_ms: i64) -> Option<Stopped> {
        self.running.take().map(|(key, started)| Stopped {
            key,
            seconds: elapsed_s(started, now_ms),
        })
    }

    /// Stops `key`'s stopwatch if it is the one running.
    pub fn stop_key(&mut self, key: &str, now_ms: i64) -> Option<Stopped> {
        if self.started(key).is_some() {
            self.stop(now_ms)
        } else {
            None
        }
    }
}

/// Re-renders every `period_ms` while `active` (for faces that show a running time).
#[hook]
fn use_ticker(active: bool, period_ms: u32) {
    let tick = use_state(|| 0u64);
    use_effect_with(active, move |active| {
        let interval = active.then(|| {
            let tick = tick.clone();
            let count = Rc::new(Cell::new(0u64));
            Interval::new(period_ms, move || {
                count.set(count.get() + 1);
                tick.set(count.get());
            })
        });
        move || drop(interval)
    });
}

#[derive(Properties, PartialEq)]
pub struct StopwatchProps {
    /// When it started, if it runs now.
    pub started_ms: Option<i64>,
    /// The duration recorded for the set, shown when it does not run.
    pub recorded_s: Option<u32>,
    pub clock: Clock,
    /// Start or stop (the page decides which, and stops any other stopwatch).
    pub on_toggle: Callback<()>,
    pub testid: String,
}

/// A set's stopwatch: ▶ with the recorded time; while running, ■ with the time counting up.
#[function_component(Stopwatch)]
pub fn stopwatch(props: &StopwatchProps) -> Html {
    let i18n = use_i18n();
    use_ticker(props.started_ms.is_some(), 200);
    let running = props.started_ms.is_some();
    let face = match props.started_ms {
        Some(started) => clock_text(u64::from(elapsed_s(started, props.clock.now_ms()))),
        None => props
            .recorded_s
            .map(|s| clock_text(u64::from(s)))
            .unwrap_or_else(|| "0:00".to_owned()),
    };
    let onclick = {
        let cb = props.on_toggle.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let label = if running {
        i18n.t("logger-stopwatch-stop")
    } else {
        i18n.t("logger-stopwatch-start")
    };
    html! {
        <button type="button" class={classes!("stopwatch", running.then_some("stopwatch--running"))}
            aria-pressed={running.to_string()} aria-label={label} title={i18n.t("logger-stopwatch")}
            data-testid={props.testid.clone()} data-running={running.to_string()} {onclick}>
            <span class="stopwatch-icon" aria-hidden="true">{ if running { "■" } else { "▶" } }</span>
            <span class="stopwatch-face" data-testid={format!("{}-face", props.testid)}>{ face }</span>
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct RestTimerProps {
    /// When the set was logged (UTC ms); the rest counts from then.
    pub since_ms: i64,
    /// What the rest follows ("Bench press, set 3").
    pub after: String,
    pub clock: Clock,
    pub on_dismiss: Callback<()>,
}

/// The rest since the last logged set, counting up, until dismissed or the next set is logged.
#[function_component(RestTimer)]
pub fn rest_timer(props: &RestTimerProps) -> Html {
    let i18n = use_i18n();
    use_ticker(true, 250);
    let seconds = elapsed_s(props.since_ms, props.clock.now_ms());
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="rest-timer" role="timer" aria-live="off" data-testid="rest-timer">
            <span class="rest-label">{ i18n.t("logger-rest") }</span>
            <span class="rest-face" data-testid="rest-timer-face">{ clock_text(u64::from(seconds)) }</span>
            <span class="rest-after">{ &props.after }</span>
            <button type="button" class="icon rest-dismiss" aria-label={i18n.t("logger-rest-dismiss")}
                data-testid="rest-timer-dismiss" onclick={dismiss}>{ "✕" }</button>
        </div>
    }
}
