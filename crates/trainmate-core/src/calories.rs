//! Calories per set from MET, body weight and time, in exact integers.
//!
//! The formula is the original product's, kcal = MET × body weight (kg) × time (h), rewritten in
//! the stored units so nothing is a float:
//!
//! ```text
//! cal = met_tenths × body_grams × seconds / 36_000
//! ```
//!
//! (MET/10 × g/1000 × s/3600 kcal = met_tenths × g × s / 36_000_000 kcal, and 1 kcal = 1000 cal.)
//! There is exactly one rounding, here, per set: round half up to a whole cal. Totals are exact
//! sums of those per-set figures, and only the display rounds again, to whole kcal.
//!
//! Besides the number, [`SetCalories`] says where it came from (MET and its Compendium code, the
//! body weight and which entry it came from, the seconds counted, and whether anything was
//! estimated), so the UI can answer "where does this figure come from?".

use crate::code::code_enum;
use crate::date::LocalDate;

pub use crate::catalog::{Load, Measures};

code_enum! {
    /// A workout exercise's intensity override of the exercise's own MET, as in the original
    /// design.
    #[derive(Default)]
    pub enum Intensity as "intensity" {
        /// Use the exercise's MET and Compendium code.
        #[default]
        ExerciseDefault => "exercise_default",
        /// 3.5 MET, Compendium 02054 (resistance training, 8–15 reps, varied).
        Low => "low",
        /// 6.0 MET, Compendium 02050 (power lifting or body building, vigorous).
        ModerateVigorous => "moderate_vigorous",
    }
}

pub const LOW_INTENSITY_MET_TENTHS: u32 = 35;
pub const LOW_INTENSITY_CODE: &str = "02054";
pub const MODERATE_VIGOROUS_MET_TENTHS: u32 = 60;
pub const MODERATE_VIGOROUS_CODE: &str = "02050";

impl Intensity {
    /// The MET (tenths) and Compendium code that replace the exercise's, if this is an override.
    pub const fn override_met(self) -> Option<(u32, &'static str)> {
        match self {
            Intensity::ExerciseDefault => None,
            Intensity::Low => Some((LOW_INTENSITY_MET_TENTHS, LOW_INTENSITY_CODE)),
            Intensity::ModerateVigorous => {
                Some((MODERATE_VIGOROUS_MET_TENTHS, MODERATE_VIGOROUS_CODE))
            }
        }
    }
}

/// The MET (tenths) and Compendium code a set is computed with: the override's if there is one,
/// else the exercise's own.
pub fn effective_met(
    intensity: Intensity,
    exercise_met_tenths: u32,
    exercise_code: &str,
) -> (u32, &str) {
    intensity
        .override_met()
        .unwrap_or((exercise_met_tenths, exercise_code))
}

/// The least time a repetition set counts for. Resistance METs were measured over whole sessions
/// including rest between sets, and 90 s was the original design's slot per set.
pub const REPS_SET_MIN_SECONDS: u32 = 90;

/// The time a time- or distance-measured set counts for when it has no duration.
///
/// Counting 0 s would make a logged set vanish from the day's energy; inventing a duration from
/// the distance would need a speed we do not know. So such a set counts for the same 90 s slot
/// the original design gave every set, and is marked estimated so the UI can invite the trainer
/// to enter the time.
pub const ESTIMATED_SET_SECONDS: u32 = 90;

/// The seconds a set counts for in the calorie figure, and whether they are an estimate.
///
/// - Reps: `max(duration, 90 s)`, never estimated — the 90 s floor is the rule, not a guess.
/// - Time or distance: the entered duration. A missing or zero duration (a stopwatch never
///   started; nothing real lasts 0 s) counts as [`ESTIMATED_SET_SECONDS`], estimated.
pub fn effective_seconds(measures: Measures, duration_s: Option<u32>) -> (u32, bool) {
    match (measures, duration_s) {
        (Measures::Reps, duration) => (duration.unwrap_or(0).max(REPS_SET_MIN_SECONDS), false),
        (Measures::Time | Measures::Distance, Some(seconds)) if seconds > 0 => (seconds, false),
        (Measures::Time | Measures::Distance, _) => (ESTIMATED_SET_SECONDS, true),
    }
}

/// The body weight assumed when a member has no weight entry at all.
pub const DEFAULT_BODY_GRAMS: u32 = 70_000;

/// Which body-weight entry a calorie figure used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum BodyWeightSource {
    /// The latest entry on or before the workout date (the normal case).
    OnOrBefore(LocalDate),
    /// No entry on or before the date; the earliest later entry stands in (estimated).
    EarliestAfter(LocalDate),
    /// No entry at all; 70 kg stands in (estimated).
    #[serde(rename = "default")]
    Default70kg,
}

/// The body weight a workout's calories use, with where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct BodyWeightUsed {
    pub grams: u32,
    pub source: BodyWeightSource,
    /// True unless the weight was measured on or before the workout date.
    pub estimated: bool,
}

impl BodyWeightUsed {
    fn from_source(grams: u32, source: BodyWeightSource) -> Self {
        let estimated = !matches!(source, BodyWeightSource::OnOrBefore(_));
        BodyWeightUsed {
            grams,
            source,
            estimated,
        }
    }
}

/// Picks the body weight for a workout on `workout_date` from a member's weight entries
/// (date, grams), in any order: the latest entry on or before the date; else the earliest entry
/// after it (estimated); else 70 kg (estimated).
///
/// Two entries on the same date: the one later in `entries` wins, so the store should pass them
/// in the order they were recorded.
pub fn resolve_body_weight(
    entries: &[(LocalDate, u32)],
    workout_date: LocalDate,
) -> BodyWeightUsed {
    let mut on_or_before: Option<(LocalDate, u32)> = None;
    let mut earliest_after: Option<(LocalDate, u32)> = None;
    for &(date, grams) in entries {
        if date <= workout_date {
            if on_or_before.is_none_or(|(best, _)| date >= best) {
                on_or_before = Some((date, grams));
            }
        } else if earliest_after.is_none_or(|(best, _)| date <= best) {
            earliest_after = Some((date, grams));
        }
    }
    match (on_or_before, earliest_after) {
        (Some((date, grams)), _) => {
            BodyWeightUsed::from_source(grams, BodyWeightSource::OnOrBefore(date))
        }
        (None, Some((date, grams))) => {
            BodyWeightUsed::from_source(grams, BodyWeightSource::EarliestAfter(date))
        }
        (None, None) => {
            BodyWeightUsed::from_source(DEFAULT_BODY_GRAMS, BodyWeightSource::Default70kg)
        }
    }
}

/// `met_tenths × body_grams × seconds / 36_000`, rounded half up to a whole cal.
///
/// Computed in `u128` so no input can overflow (three `u32`s multiply to under 2^96); a result
/// beyond `u64` — impossible with in-range inputs — saturates.
pub fn cal_for_set(met_tenths: u32, body_grams: u32, seconds: u32) -> u64 {
    const DIVISOR: u128 = 36_000;
    let product = u128::from(met_tenths) * u128::from(body_grams) * u128::from(seconds);
    let rounded = (product + DIVISOR / 2) / DIVISOR;
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

/// Whole kcal for display, rounded half up: 24_500 cal → 25 kcal, 24_499 cal → 24 kcal.
pub fn kcal_rounded(cal: u64) -> u64 {
    cal / 1_000 + u64::from(cal % 1_000 >= 500)
}

/// Everything a set's calorie figure depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalorieInputs<'a> {
    pub measures: Measures,
    pub exercise_met_tenths: u32,
    pub exercise_code: &'a str,
    pub intensity: Intensity,
    /// The set's measured duration, if any.
    pub duration_s: Option<u32>,
    pub body_weight: BodyWeightUsed,
}

/// A set's calories and where the figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SetCalories {
    pub cal: u64,
    pub met_tenths: u32,
    pub compendium_code: String,
    pub body_weight: BodyWeightUsed,
    /// The seconds counted (after the 90 s floor or the estimate).
    pub seconds: u32,
    /// The seconds are [`ESTIMATED_SET_SECONDS`] standing in for a missing duration.
    pub seconds_estimated: bool,
    /// Anything in the figure is estimated (the seconds or the body weight).
    pub estimated: bool,
}

/// Computes one set's calories with its explanation.
pub fn set_calories(inputs: &CalorieInputs<'_>) -> SetCalories {
    let (met_tenths, code) = effective_met(
        inputs.intensity,
        inputs.exercise_met_tenths,
        inputs.exercise_code,
    );
    let (seconds, seconds_estimated) = effective_seconds(inputs.measures, inputs.duration_s);
    SetCalories {
        cal: cal_for_set(met_tenths, inputs.body_weight.grams, seconds),
        met_tenths,
        compendium_code: code.to_owned(),
        body_weight: inputs.body_weight,
        seconds,
        seconds_estimated,
        estimated: seconds_estimated || inputs.body_weight.estimated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> LocalDate {
        LocalDate::parse(text).expect("test dates are valid")
    }

    fn measured(grams: u32, on: &str) -> BodyWeightUsed {
        BodyWeightUsed {
            grams,
            source: BodyWeightSource::OnOrBefore(date(on)),
            estimated: false,
        }
    }

    #[test]
    fn the_domain_example_gives_24_5_kcal_for_four_sets() {
        // 35 × 70_000 × 90 = 220_500_000; / 36_000 = 6_125 exactly.
        assert_eq!(cal_for_set(35, 70_000, 90), 6_125);
        let inputs = CalorieInputs {
            measures: Measures::Reps,
            exercise_met_tenths: 35,
            exercise_code: "02054",
            intensity: Intensity::ExerciseDefault,
            duration_s: None,
            body_weight: measured(70_000, "2024-05-01"),
        };
        let set = set_calories(&inputs);
        assert_eq!(set.cal, 6_125);
        assert_eq!(set.seconds, 90);
        assert!(!set.estimated);
        // Four sets: 4 × 6_125 = 24_500 cal = 24.5 kcal, shown as 25 (half up).
        assert_eq!(4 * set.cal, 24_500);
        assert_eq!(kcal_rounded(4 * set.cal), 25);
    }

    #[test]
    fn the_one_rounding_is_half_up() {
        // 10 × 1 × 1_800 = 18_000 → 0.5 cal → 1.
        assert_eq!(cal_for_set(10, 1, 1_800), 1);
        // 10 × 1 × 1_799 = 17_990 → 0.4997 cal → 0.
        assert_eq!(cal_for_set(10, 1, 1_799), 0);
        // 60 × 80_000 × 61 = 292_800_000; / 36_000 = 8_133.33 → 8_133.
        assert_eq!(cal_for_set(60, 80_000, 61), 8_133);
        // 23 MET × 635 kg × 24 h = 350_520 kcal: 230 × 635_000 × 86_400 / 36_000 = 350_520_000.
        assert_eq!(cal_for_set(230, 635_000, 86_400), 350_520_000);
        // No overflow or panic at the type's limits.
        assert!(cal_for_set(u32::MAX, u32::MAX, u32::MAX) > 0);
        assert_eq!(kcal_rounded(24_499), 24);
        assert_eq!(kcal_rounded(499), 0);
        assert_eq!(kcal_rounded(u64::MAX), u64::MAX / 1_000 + 1);
    }

    #[test]
    fn rep_sets_count_at_least_90_seconds() {
        assert_eq!(effective_seconds(Measures::Reps, None), (90, false));
        assert_eq!(effective_seconds(Measures::Reps, Some(30)), (90, false));
        assert_eq!(effective_seconds(Measures::Reps, Some(90)), (90, false));
        assert_eq!(effective_seconds(Measures::Reps, Some(125)), (125, false));
    }

    #[test]
    fn timed_sets_use_their_duration_or_are_estimated() {
        assert_eq!(effective_seconds(Measures::Time, Some(30)), (30, false));
        assert_eq!(
            effective_seconds(Measures::Distance, Some(1_200)),
            (1_200, false)
        );
        assert_eq!(effective_seconds(Measures::Time, None), (90, true));
        assert_eq!(effective_seconds(Measures::Distance, Some(0)), (90, true));
    }

    #[test]
    fn intensity_overrides_replace_met_and_code() {
        assert_eq!(
            effective_met(Intensity::ExerciseDefault, 50, "02052"),
            (50, "02052")
        );
        assert_eq!(effective_met(Intensity::Low, 50, "02052"), (35, "02054"));
        assert_eq!(
            effective_met(Intensity::ModerateVigorous, 50, "02052"),
            (60, "02050")
        );
        let codes: Vec<&str> = Intensity::ALL.iter().map(|i| i.as_str()).collect();
        assert_eq!(codes, ["exercise_default", "low", "moderate_vigorous"]);
        assert_eq!(Intensity::default(), Intensity::ExerciseDefault);
    }

    #[test]
    fn body_weight_is_the_latest_entry_on_or_before_the_date() {
        let entries = [
            (date("2024-03-01"), 72_000),
            (date("2024-01-10"), 75_000),
            (date("2024-05-20"), 70_500),
            (date("2024-03-15"), 71_000),
        ];
        assert_eq!(
            resolve_body_weight(&entries, date("2024-04-01")),
            measured(71_000, "2024-03-15")
        );
        // An entry on the workout date itself counts.
        assert_eq!(
            resolve_body_weight(&entries, date("2024-03-01")),
            measured(72_000, "2024-03-01")
        );
        assert_eq!(
            resolve_body_weight(&entries, date("2030-01-01")),
            measured(70_500, "2024-05-20")
        );
        // Two entries on one date: the later-recorded one wins.
        let same_day = [(date("2024-03-01"), 72_000), (date("2024-03-01"), 71_800)];
        assert_eq!(
            resolve_body_weight(&same_day, date("2024-03-02")).grams,
            71_800
        );
    }

    #[test]
    fn only_later_entries_give_the_earliest_of_them_estimated() {
        let entries = [(date("2024-06-01"), 68_000), (date("2024-05-02"), 69_000)];
        let used = resolve_body_weight(&entries, date("2024-05-01"));
        assert_eq!(
            used,
            BodyWeightUsed {
                grams: 69_000,
                source: BodyWeightSource::EarliestAfter(date("2024-05-02")),
                estimated: true,
            }
        );
    }

    #[test]
    fn no_entries_give_70_kg_estimated() {
        let used = resolve_body_weight(&[], date("2024-05-01"));
        assert_eq!(used.grams, 70_000);
        assert_eq!(used.source, BodyWeightSource::Default70kg);
        assert!(used.estimated);
        let inputs = CalorieInputs {
            measures: Measures::Reps,
            exercise_met_tenths: 35,
            exercise_code: "02054",
            intensity: Intensity::ExerciseDefault,
            duration_s: Some(40),
            body_weight: used,
        };
        let set = set_calories(&inputs);
        // Same as the domain example (70 kg, 90 s floor), but the figure is marked estimated.
        assert_eq!(set.cal, 6_125);
        assert!(set.estimated);
        assert!(!set.seconds_estimated);
    }

    #[test]
    fn a_timed_set_without_duration_explains_its_estimate() {
        let inputs = CalorieInputs {
            measures: Measures::Time,
            exercise_met_tenths: 93,
            exercise_code: "02065",
            intensity: Intensity::ModerateVigorous,
            duration_s: None,
            body_weight: measured(80_000, "2024-01-01"),
        };
        // Override: 60 × 80_000 × 90 = 432_000_000; / 36_000 = 12_000 cal.
        assert_eq!(
            set_calories(&inputs),
            SetCalories {
                cal: 12_000,
                met_tenths: 60,
                compendium_code: "02050".into(),
                body_weight: measured(80_000, "2024-01-01"),
                seconds: 90,
                seconds_estimated: true,
                estimated: true,
            }
        );
    }

    #[test]
    fn the_explanation_serializes_for_the_ui() {
        let used = resolve_body_weight(&[(date("2024-05-02"), 69_000)], date("2024-05-01"));
        assert_eq!(
            serde_json::to_string(&used).expect("serializes"),
            r#"{"grams":69000,"source":{"kind":"earliest_after","date":"2024-05-02"},"estimated":true}"#
        );
        let default = resolve_body_weight(&[], date("2024-05-01"));
        assert_eq!(
            serde_json::to_string(&default.source).expect("serializes"),
            r#"{"kind":"default"}"#
        );
    }
}
