//! P2 instrumentation: the time from a tap to the frame that shows its result, measured inside
//! the page (a WebDriver round trip is tens of ms and would swamp a 16 ms budget). Built only
//! with the `p2-instrument` feature, which the benchmark's own build of the app enables; in
//! every other build both functions are empty and compile away.
//!
//! `tap` stamps `performance.now()` when the user's action starts; `shown` is called from the
//! effect that runs once the updated row is in the DOM and stamps the next animation frame, when
//! the browser paints it. Samples (ms) collect in `window.__trainmate_p2` (painted) and
//! `window.__trainmate_p2_dom` (in the DOM), which the benchmark reads after the run;
//! `sent` and `replied` split the time where the command leaves and where its answer is back
//! (`window.__trainmate_p2_sent`, `window.__trainmate_p2_reply`).
//! `set_row_rendered` counts set-row renders in `window.__trainmate_p2_rows`: the benchmark
//! divides it by its taps, a figure that load on the machine does not move.

#[cfg(feature = "p2-instrument")]
mod enabled {
    use std::cell::Cell;

    use wasm_bindgen::prelude::*;

    thread_local! {
        static TAPPED_AT: Cell<Option<f64>> = const { Cell::new(None) };
    }

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    pub fn tap() {
        TAPPED_AT.with(|t| t.set(Some(now())));
    }

    pub fn sent() {
        if let Some(started) = TAPPED_AT.with(|t| t.get()) {
            record("__trainmate_p2_sent", now() - started);
        }
    }

    pub fn replied() {
        if let Some(started) = TAPPED_AT.with(|t| t.get()) {
            record("__trainmate_p2_reply", now() - started);
        }
    }

    pub fn shown() {
        let Some(started) = TAPPED_AT.with(|t| t.take()) else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        record("__trainmate_p2_dom", now() - started);
        let painted = Closure::once_into_js(move || record("__trainmate_p2", now() - started));
        let _ = window.request_animation_frame(painted.unchecked_ref());
    }

    pub fn set_row_rendered() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let key = JsValue::from_str("__trainmate_p2_rows");
        let count = js_sys::Reflect::get(&window, &key)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&window, &key, &JsValue::from_f64(count + 1.0));
    }

    /// Appends a sample to the array `window[key]`.
    fn record(key: &str, elapsed_ms: f64) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let key = JsValue::from_str(key);
        // The array itself, not a copy (`Array::from` would copy it).
        let samples: js_sys::Array = js_sys::Reflect::get(&window, &key)
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .unwrap_or_else(|| {
                let fresh = js_sys::Array::new();
                let _ = js_sys::Reflect::set(&window, &key, &fresh);
                fresh
            });
        samples.push(&JsValue::from_f64(elapsed_ms));
    }
}

#[cfg(feature = "p2-instrument")]
pub use enabled::{replied, sent, set_row_rendered, shown, tap};

/// A user action whose result P2 times has started (no-op without `p2-instrument`).
#[cfg(not(feature = "p2-instrument"))]
pub fn tap() {}

/// The result of the last [`tap`] is in the DOM (no-op without `p2-instrument`).
#[cfg(not(feature = "p2-instrument"))]
pub fn shown() {}

/// A set row rendered (no-op without `p2-instrument`).
#[cfg(not(feature = "p2-instrument"))]
pub fn set_row_rendered() {}

/// The command of the last [`tap`] answered (no-op without `p2-instrument`).
#[cfg(not(feature = "p2-instrument"))]
pub fn replied() {}

/// The command of the last [`tap`] is being sent (no-op without `p2-instrument`).
#[cfg(not(feature = "p2-instrument"))]
pub fn sent() {}
