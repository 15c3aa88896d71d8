//! Canonical integer units, their allowed ranges, and exact conversions for display and entry.
//!
//! Every quantity is stored as an integer in a small unit (grams, seconds, metres, tenths) so sums
//! are exact and values survive JSON, SQLite and sync unchanged. Floats appear nowhere: pounds are
//! converted with the exact integer ratio 1 lb = 45_359_237 / 100_000 g, and kilogram strings are
//! built from digits, so "42.5" never shows up as "42.499999".
//!
//! The ranges mirror domain.md's "Numbers" table; [`crate::validate::check_range`] turns a value
//! outside them into a field error.

use std::ops::RangeInclusive;

/// Weight lifted per rep, in grams; 0 means bodyweight only.
pub const WEIGHT_LIFTED_GRAMS: RangeInclusive<u32> = 0..=1_000_000;
/// Repetitions in one set.
pub const REPS: RangeInclusive<u32> = 0..=1_000;
/// Duration of one set, in seconds (up to a whole day).
pub const SET_DURATION_SECONDS: RangeInclusive<u32> = 0..=86_400;
/// Distance covered in one set, in metres.
pub const DISTANCE_METRES: RangeInclusive<u32> = 0..=1_000_000;
/// A body-weight entry, in grams.
pub const BODY_WEIGHT_GRAMS: RangeInclusive<u32> = 2_000..=635_000;
/// Height, in millimetres.
pub const HEIGHT_MM: RangeInclusive<u32> = 500..=2_720;
/// Body fat, in tenths of a percent (1.0 % – 75.0 %).
pub const BODY_FAT_TENTHS: RangeInclusive<u32> = 10..=750;
/// The smallest skeletal muscle mass accepted, in grams. The largest depends on the body weight of
/// the same entry; see [`skeletal_muscle_grams`].
pub const SKELETAL_MUSCLE_MIN_GRAMS: u32 = 1_000;
/// A MET value, in tenths (1.0 – 23.0).
pub const MET_TENTHS: RangeInclusive<u32> = 10..=230;

/// The allowed skeletal muscle mass for an entry: at least 1 kg and never more than the body
/// weight recorded with it. Without a body weight in the same entry, the largest body weight
/// allowed bounds it, because muscle cannot outweigh a body we would accept.
pub fn skeletal_muscle_grams(body_weight_grams: Option<u32>) -> RangeInclusive<u32> {
    let max = body_weight_grams.unwrap_or(*BODY_WEIGHT_GRAMS.end());
    SKELETAL_MUSCLE_MIN_GRAMS..=max
}

/// The UI's weight step in kilogram mode: 0.5 kg.
pub const KG_STEP_GRAMS: u32 = 500;
/// The UI's weight step in pound mode: 1 lb (in hundredths of a pound, see [`lb_hundredths_to_grams`]).
pub const LB_STEP_HUNDREDTHS: u64 = 100;

/// Grams per pound times 100_000: 1 lb = 453.59237 g exactly (international avoirdupois pound).
const GRAMS_PER_LB_X100K: u64 = 45_359_237;

/// Converts pounds, given in hundredths of a pound, to grams, rounding half up:
/// `round(lb × 453.59237)`.
///
/// Hundredths keep the conversion exact in integers (the UI enters whole or tenth pounds, both of
/// which are whole hundredths), and a `u64` cannot overflow here: even `u32::MAX` hundredths times
/// 45_359_237 is below 2^64. Saturates for absurd inputs rather than panicking.
pub fn lb_hundredths_to_grams(lb_hundredths: u64) -> u64 {
    // grams = hundredths / 100 × 45_359_237 / 100_000 = hundredths × 45_359_237 / 10_000_000.
    const DENOMINATOR: u128 = 10_000_000;
    let numerator = u128::from(lb_hundredths) * u128::from(GRAMS_PER_LB_X100K);
    let rounded = (numerator + DENOMINATOR / 2) / DENOMINATOR;
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

/// Converts grams to pounds in tenths of a pound, rounding half up (for one-decimal display).
pub fn grams_to_lb_tenths(grams: u64) -> u64 {
    // tenths = grams × 10 / 453.59237 = grams × 1_000_000 / 45_359_237.
    let numerator = u128::from(grams) * 1_000_000;
    let denominator = u128::from(GRAMS_PER_LB_X100K);
    let rounded = (2 * numerator + denominator) / (2 * denominator);
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

/// Formats grams as kilograms without trailing zeros: 42_500 → "42.5", 42_000 → "42",
/// 1_250 → "1.25", 1 → "0.001". Built from integer digits, so there are no float artifacts.
pub fn grams_to_kg_string(grams: u64) -> String {
    let whole = grams / 1_000;
    let fraction = grams % 1_000;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Formats grams as pounds with exactly one decimal: 20_412 → "45.0", 45_000 → "99.2".
pub fn grams_to_lb_string(grams: u64) -> String {
    let tenths = grams_to_lb_tenths(grams);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Parses a kilogram amount typed by a user ("42", "42.5", "0.125", " 60 ") into grams.
///
/// At most three decimals (one gram) are accepted, so the value is exact; more decimals, signs,
/// exponents, commas or anything else answer `None` (the caller reports `format`). The range is
/// not checked here — use [`crate::validate::check_range`] with [`WEIGHT_LIFTED_GRAMS`].
pub fn parse_kg_to_grams(input: &str) -> Option<u64> {
    parse_decimal(input, 3)
}

/// Parses a pound amount typed by a user ("45", "45.5", "45.25") into grams, rounding half up
/// as [`lb_hundredths_to_grams`] does. At most two decimals are accepted.
pub fn parse_lb_to_grams(input: &str) -> Option<u64> {
    parse_decimal(input, 2).map(lb_hundredths_to_grams)
}

/// Parses an unsigned decimal with at most `max_decimals` fraction digits into an integer scaled
/// by 10^max_decimals ("1.5" with 3 → 1_500). Rejects empty parts ("", ".", "5.") and overflow.
fn parse_decimal(input: &str, max_decimals: u32) -> Option<u64> {
    let trimmed = input.trim();
    let (whole, fraction) = match trimmed.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (trimmed, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let has_dot = trimmed.contains('.');
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (has_dot && fraction.is_empty())
        || fraction.len() > max_decimals as usize
    {
        return None;
    }
    let mut value: u64 = 0;
    for b in whole.bytes() {
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    let mut scaled_fraction: u64 = 0;
    for position in 0..max_decimals as usize {
        let digit = fraction.as_bytes().get(position).map_or(0, |b| b - b'0');
        scaled_fraction = scaled_fraction * 10 + u64::from(digit);
    }
    value
        .checked_mul(10u64.checked_pow(max_decimals)?)?
        .checked_add(scaled_fraction)
}

/// The unit a user enters and reads weights in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightUnit {
    Kg,
    Lb,
}

/// Which way a weight stepper button moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDirection {
    Up,
    Down,
}

impl WeightUnit {
    /// The weight one stepper press away from `grams`, snapped to the unit's grid: multiples of
    /// 0.5 kg, or whole pounds (converted with [`lb_hundredths_to_grams`]).
    ///
    /// Snapping (rather than adding a fixed amount) means a weight that came from the other unit,
    /// e.g. 20_412 g from 45 lb, steps to the nearest grid value instead of staying off-grid
    /// forever. The result is clamped to [`WEIGHT_LIFTED_GRAMS`], so stepping past either end
    /// stays at the end.
    pub fn step(self, grams: u32, direction: StepDirection) -> u32 {
        let min = *WEIGHT_LIFTED_GRAMS.start();
        let max = *WEIGHT_LIFTED_GRAMS.end();
        let grams = grams.clamp(min, max);
        let stepped = match self {
            WeightUnit::Kg => step_kg(u64::from(grams), direction),
            WeightUnit::Lb => step_lb(u64::from(grams), direction),
        };
        u32::try_from(stepped).unwrap_or(max).clamp(min, max)
    }
}

fn step_kg(grams: u64, direction: StepDirection) -> u64 {
    let step = u64::from(KG_STEP_GRAMS);
    match direction {
        // The next multiple of the step strictly above.
        StepDirection::Up => (grams / step + 1) * step,
        // The previous multiple strictly below (0 stays 0).
        StepDirection::Down => grams.saturating_sub(1) / step * step,
    }
}

fn step_lb(grams: u64, direction: StepDirection) -> u64 {
    let whole_lb_to_grams = |lb: u64| lb_hundredths_to_grams(lb.saturating_mul(LB_STEP_HUNDREDTHS));
    // floor(grams / 453.59237): the grid point at or just below, before rounding effects.
    let near = grams.saturating_mul(100_000) / GRAMS_PER_LB_X100K;
    match direction {
        StepDirection::Up => {
            // Rounding to whole grams can put a grid point a gram either side of `grams`, so
            // start one below and take the first point strictly above.
            let mut lb = near.saturating_sub(1);
            while whole_lb_to_grams(lb) <= grams {
                lb += 1;
            }
            whole_lb_to_grams(lb)
        }
        StepDirection::Down => {
            let mut lb = near + 1;
            while lb > 0 && whole_lb_to_grams(lb) >= grams {
                lb -= 1;
            }
            whole_lb_to_grams(lb).min(grams)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_convert_with_the_exact_ratio_rounding_half_up() {
        // 45 × 453.59237 = 20_411.65665 → 20_412
        assert_eq!(lb_hundredths_to_grams(4_500), 20_412);
        // 1 × 453.59237 = 453.59237 → 454
        assert_eq!(lb_hundredths_to_grams(100), 454);
        // 2.5 × 453.59237 = 1_133.980925 → 1_134
        assert_eq!(lb_hundredths_to_grams(250), 1_134);
        // 100 × 453.59237 = 45_359.237 → 45_359
        assert_eq!(lb_hundredths_to_grams(10_000), 45_359);
        // 0.01 × 453.59237 = 4.5359237 → 5
        assert_eq!(lb_hundredths_to_grams(1), 5);
        assert_eq!(lb_hundredths_to_grams(0), 0);
        // Does not panic on the largest input.
        assert!(lb_hundredths_to_grams(u64::MAX) > 0);
    }

    #[test]
    fn an_exact_half_gram_rounds_up() {
        // 50_000 lb × 453.59237 = 22_679_618.5 g exactly → 22_679_619 (half up, not to even).
        assert_eq!(lb_hundredths_to_grams(5_000_000), 22_679_619);
        // 1.10 lb × 453.59237 = 498.951607 → 499; 1.01 lb = 458.1282937 → 458.
        assert_eq!(lb_hundredths_to_grams(110), 499);
        assert_eq!(lb_hundredths_to_grams(101), 458);
    }

    #[test]
    fn grams_show_as_pounds_with_one_decimal() {
        // 20_412 / 453.59237 = 45.0007 → "45.0"
        assert_eq!(grams_to_lb_string(20_412), "45.0");
        // 45_000 / 453.59237 = 99.2080 → "99.2"
        assert_eq!(grams_to_lb_string(45_000), "99.2");
        // 100_000 / 453.59237 = 220.462 → "220.5"
        assert_eq!(grams_to_lb_string(100_000), "220.5");
        assert_eq!(grams_to_lb_string(0), "0.0");
        // 1_000_000 / 453.59237 = 2_204.62 → "2204.6"
        assert_eq!(grams_to_lb_string(1_000_000), "2204.6");
    }

    #[test]
    fn grams_show_as_kilograms_without_float_artifacts() {
        assert_eq!(grams_to_kg_string(42_500), "42.5");
        assert_eq!(grams_to_kg_string(42_000), "42");
        assert_eq!(grams_to_kg_string(1_250), "1.25");
        assert_eq!(grams_to_kg_string(1), "0.001");
        assert_eq!(grams_to_kg_string(0), "0");
        assert_eq!(grams_to_kg_string(20_412), "20.412");
        assert_eq!(grams_to_kg_string(1_000_000), "1000");
    }

    #[test]
    fn typed_kilograms_parse_exactly() {
        assert_eq!(parse_kg_to_grams("42.5"), Some(42_500));
        assert_eq!(parse_kg_to_grams(" 60 "), Some(60_000));
        assert_eq!(parse_kg_to_grams("0.125"), Some(125));
        assert_eq!(parse_kg_to_grams("007"), Some(7_000));
        for bad in [
            "", ".", "5.", ".5", "-1", "+1", "1e3", "1,5", "1.2345", "abc", "1.5.0", "٣",
        ] {
            assert_eq!(parse_kg_to_grams(bad), None, "{bad:?}");
        }
        assert_eq!(parse_kg_to_grams("99999999999999999999"), None);
    }

    #[test]
    fn typed_pounds_parse_and_convert() {
        assert_eq!(parse_lb_to_grams("45"), Some(20_412));
        // 45.5 × 453.59237 = 20_638.452835 → 20_638
        assert_eq!(parse_lb_to_grams("45.5"), Some(20_638));
        assert_eq!(parse_lb_to_grams("45.123"), None);
    }

    #[test]
    fn kilogram_steps_snap_to_half_kilograms() {
        assert_eq!(WeightUnit::Kg.step(20_000, StepDirection::Up), 20_500);
        assert_eq!(WeightUnit::Kg.step(20_000, StepDirection::Down), 19_500);
        assert_eq!(WeightUnit::Kg.step(20_412, StepDirection::Up), 20_500);
        assert_eq!(WeightUnit::Kg.step(20_412, StepDirection::Down), 20_000);
        assert_eq!(WeightUnit::Kg.step(0, StepDirection::Down), 0);
        assert_eq!(WeightUnit::Kg.step(1_000_000, StepDirection::Up), 1_000_000);
    }

    #[test]
    fn pound_steps_snap_to_whole_pounds() {
        // 45 lb = 20_412 g; 46 lb = 20_865.24902 → 20_865; 44 lb = 19_958.06428 → 19_958
        assert_eq!(WeightUnit::Lb.step(20_412, StepDirection::Up), 20_865);
        assert_eq!(WeightUnit::Lb.step(20_412, StepDirection::Down), 19_958);
        // 20 kg = 44.09 lb: up to 45 lb, down to 44 lb.
        assert_eq!(WeightUnit::Lb.step(20_000, StepDirection::Up), 20_412);
        assert_eq!(WeightUnit::Lb.step(20_000, StepDirection::Down), 19_958);
        assert_eq!(WeightUnit::Lb.step(0, StepDirection::Up), 454);
        assert_eq!(WeightUnit::Lb.step(454, StepDirection::Down), 0);
        assert_eq!(WeightUnit::Lb.step(0, StepDirection::Down), 0);
        // 2_205 lb = 1_000_171 g is past the range: clamped to the end.
        assert_eq!(WeightUnit::Lb.step(999_900, StepDirection::Up), 1_000_000);
    }

    #[test]
    fn skeletal_muscle_is_bounded_by_the_body_weight() {
        assert_eq!(skeletal_muscle_grams(Some(70_000)), 1_000..=70_000);
        assert_eq!(skeletal_muscle_grams(None), 1_000..=635_000);
    }
}
