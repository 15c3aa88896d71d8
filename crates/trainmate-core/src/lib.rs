//! TrainMate's pure domain: the rules that must read the same on every side of the app.
//!
//! The store and the use cases (native) and the Yew UI (wasm, for instant previews) share these
//! modules, so a validation rule, a calorie figure or an order key is computed by one piece of code
//! everywhere; the Rust side still re-checks everything the UI sends.
//!
//! The crate is pure on purpose: no IO, no clock (time is a parameter, as in [`hlc::tick`]), no
//! randomness, no SQL, no async. That keeps it buildable for `wasm32-unknown-unknown` and every
//! function deterministic, so tests can use hand-worked numbers. No function panics on any input:
//! user data that breaks a rule comes back as a value ([`validate::FieldError`], `None`, an error
//! type).
//!
//! - [`units`]: canonical integer units, allowed ranges, kg/lb conversion and display.
//! - [`validate`]: field errors and checks for ranges, email, names, phones, dates, notes.
//! - [`date`]: the local calendar date (`YYYY-MM-DD`) and day numbers.
//! - [`password`]: the password policy and the sign-up checklist.
//! - [`catalog`]: body parts, equipment, what exercises measure, set types, default METs.
//! - [`calories`]: MET × body weight × time in exact integers, with its explanation.
//! - [`totals`]: per-exercise and per-day sums, maintained incrementally.
//! - [`authz`]: who may see and change what.
//! - [`hlc`]: the hybrid logical clock that stamps sync changes.
//! - [`order_key`]: fractional-index keys that order exercises and sets.
//! - [`hangul`]: exercise search with Korean initial consonants.

mod code;

pub mod authz;
pub mod calories;
pub mod catalog;
pub mod date;
pub mod hangul;
pub mod hlc;
pub mod order_key;
pub mod password;
pub mod totals;
pub mod units;
pub mod validate;

pub use code::UnknownCode;
pub use date::LocalDate;
pub use hlc::Hlc;
pub use validate::{FieldError, Rule};
