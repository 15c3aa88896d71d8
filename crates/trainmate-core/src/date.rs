//! The device's local calendar date, as the UI sends it ("YYYY-MM-DD").
//!
//! Workouts belong to the trainer's *local* date (the original product used UTC dates and filed
//! early Korean sessions on the previous day), so dates here carry no time zone and no clock: the
//! UI decides what "today" is. Day numbers (days since 1970-01-01) use Howard Hinnant's
//! `days_from_civil` algorithm, which is exact for the proleptic Gregorian calendar and lets the
//! store compare and step dates with plain integers.

use std::fmt;
use std::str::FromStr;

/// A valid calendar date between 0001-01-01 and 9999-12-31.
///
/// The fields are private so an invalid date (2023-02-29, month 13) cannot be built; ordering is
/// chronological because the fields are compared year, month, day in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalDate {
    year: u16,
    month: u8,
    day: u8,
}

/// The text is not a real date in the form `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormatError;

impl fmt::Display for DateFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a real date as YYYY-MM-DD")
    }
}

impl std::error::Error for DateFormatError {}

/// Whether `year` has a 29 February (Gregorian rule: every 4th year, except centuries not
/// divisible by 400).
pub const fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to 0001-01-01 (negative) and to 9999-12-31: the day numbers a
/// [`LocalDate`] can have.
const MIN_EPOCH_DAY: i64 = -719_162;
const MAX_EPOCH_DAY: i64 = 2_932_896;

impl LocalDate {
    /// The date, if it exists in the calendar and its year is 1–9999.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        if year == 0 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(LocalDate { year, month, day })
    }

    pub const fn year(self) -> u16 {
        self.year
    }

    pub const fn month(self) -> u8 {
        self.month
    }

    pub const fn day(self) -> u8 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD` (four, two and two ASCII digits), checking the calendar.
    /// No surrounding spaces, no other separators, no time part.
    pub fn parse(text: &str) -> Result<Self, DateFormatError> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateFormatError);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, DateFormatError> {
            let mut value: u16 = 0;
            for &b in &bytes[range] {
                if !b.is_ascii_digit() {
                    return Err(DateFormatError);
                }
                value = value * 10 + u16::from(b - b'0');
            }
            Ok(value)
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).map_err(|_| DateFormatError)?;
        let day = u8::try_from(number(8..10)?).map_err(|_| DateFormatError)?;
        LocalDate::new(year, month, day).ok_or(DateFormatError)
    }

    /// Days since 1970-01-01 (negative before it). Consecutive dates differ by exactly one.
    pub const fn days_since_epoch(self) -> i32 {
        // Hinnant's days_from_civil: count from 0000-03-01 so the leap day is the last day of the
        // "year", then shift to the Unix epoch. Years here are ≥ 1, so no negative eras arise.
        let month = self.month as i64;
        let year = self.year as i64 - if month <= 2 { 1 } else { 0 };
        let era = year / 400;
        let year_of_era = year - era * 400;
        let month_from_march = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * month_from_march + 2) / 5 + self.day as i64 - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        // The result lies within MIN_EPOCH_DAY..=MAX_EPOCH_DAY, which fits in i32.
        (era * 146_097 + day_of_era - 719_468) as i32
    }

    /// The date `days` after 1970-01-01 (before it if negative), or `None` outside 0001–9999.
    pub const fn from_epoch_days(days: i64) -> Option<Self> {
        if days < MIN_EPOCH_DAY || days > MAX_EPOCH_DAY {
            return None;
        }
        // Hinnant's civil_from_days; the range check above keeps every step non-negative.
        let shifted = days + 719_468;
        let era = shifted / 146_097;
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
        LocalDate::new(year as u16, month as u8, day as u8)
    }

    /// The date `days` later (earlier if negative), or `None` outside 0001–9999.
    pub const fn add_days(self, days: i64) -> Option<Self> {
        match (self.days_since_epoch() as i64).checked_add(days) {
            Some(day) => LocalDate::from_epoch_days(day),
            None => None,
        }
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for LocalDate {
    type Err = DateFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LocalDate::parse(text)
    }
}

impl serde::Serialize for LocalDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for LocalDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = LocalDate;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as \"YYYY-MM-DD\"")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<LocalDate, E> {
                LocalDate::parse(text).map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Str(text), &"a real YYYY-MM-DD date")
                })
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(year: u16, month: u8, day: u8) -> LocalDate {
        LocalDate::new(year, month, day).expect("test dates are valid")
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(LocalDate::parse("2024-02-29").is_ok());
        assert!(LocalDate::parse("2000-02-29").is_ok()); // divisible by 400
        assert!(LocalDate::parse("2023-02-29").is_err());
        assert!(LocalDate::parse("1900-02-29").is_err()); // century, not by 400
        assert!(LocalDate::parse("2100-02-29").is_err());
        assert!(LocalDate::parse("2023-02-28").is_ok());
    }

    #[test]
    fn only_the_exact_format_parses() {
        for bad in [
            "",
            "2024-1-05",
            "2024-01-5",
            "24-01-05",
            "2024/01/05",
            "2024-01-05T00:00",
            " 2024-01-05",
            "2024-00-10",
            "2024-13-01",
            "2024-04-31",
            "2024-01-00",
            "0000-01-01",
            "+202-01-01",
            "2024-0a-01",
            "２０２４-01-01",
        ] {
            assert_eq!(LocalDate::parse(bad), Err(DateFormatError), "{bad:?}");
        }
        assert_eq!(LocalDate::parse("0001-01-01"), Ok(date(1, 1, 1)));
        assert_eq!(LocalDate::parse("9999-12-31"), Ok(date(9999, 12, 31)));
    }

    #[test]
    fn displays_and_serializes_as_the_same_string() {
        let d = date(2024, 3, 7);
        assert_eq!(d.to_string(), "2024-03-07");
        assert_eq!(
            serde_json::to_string(&d).expect("serializes"),
            r#""2024-03-07""#
        );
        let back: LocalDate = serde_json::from_str(r#""0987-11-02""#).expect("valid");
        assert_eq!(back, date(987, 11, 2));
        assert_eq!(back.to_string(), "0987-11-02");
    }

    #[test]
    fn rejects_invalid_dates_and_non_strings_when_deserializing() {
        for bad in [r#""2023-02-29""#, r#""2024-1-1""#, "20240101", "null"] {
            assert!(serde_json::from_str::<LocalDate>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn day_numbers_match_hand_counted_values() {
        assert_eq!(date(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(date(1969, 12, 31).days_since_epoch(), -1);
        // 30 years 1970–1999 with 7 leap years (72, 76, …, 96): 30 × 365 + 7 = 10_957.
        assert_eq!(date(2000, 1, 1).days_since_epoch(), 10_957);
        // + 31 (Jan) + 29 (Feb 2000 is a leap month) = 11_017.
        assert_eq!(date(2000, 3, 1).days_since_epoch(), 11_017);
        // 54 years 1970–2023 with 13 leap years (72 … 2020): 54 × 365 + 13 = 19_723;
        // + 31 + 28 → 2024-02-29 = 19_723 + 59 = 19_782.
        assert_eq!(date(2024, 2, 29).days_since_epoch(), 19_782);
        assert_eq!(date(2024, 3, 1).days_since_epoch(), 19_783);
        assert_eq!(LocalDate::from_epoch_days(19_782), Some(date(2024, 2, 29)));
        assert_eq!(date(1, 1, 1).days_since_epoch(), -719_162);
        assert_eq!(date(9999, 12, 31).days_since_epoch(), 2_932_896);
        assert_eq!(LocalDate::from_epoch_days(-719_163), None);
        assert_eq!(LocalDate::from_epoch_days(2_932_897), None);
        assert_eq!(LocalDate::from_epoch_days(i64::MIN), None);
        assert_eq!(date(2024, 2, 28).add_days(2), Some(date(2024, 3, 1)));
        assert_eq!(date(9999, 12, 31).add_days(1), None);
        assert_eq!(date(2024, 1, 1).add_days(i64::MAX), None);
    }

    /// An independent model: walk the calendar one day at a time from 1970-01-01.
    fn naive_next(d: LocalDate) -> LocalDate {
        let (y, m, day) = (d.year(), d.month(), d.day());
        let month_len = match m {
            2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day < month_len {
            date(y, m, day + 1)
        } else if m < 12 {
            date(y, m + 1, 1)
        } else {
            date(y + 1, 1, 1)
        }
    }

    #[test]
    fn consecutive_days_over_eighty_years_match_a_day_by_day_walk() {
        let mut d = date(1970, 1, 1);
        for expected in 0..(80 * 366) {
            assert_eq!(d.days_since_epoch(), expected, "{d}");
            assert_eq!(LocalDate::from_epoch_days(i64::from(expected)), Some(d));
            let next = naive_next(d);
            assert!(next > d);
            d = next;
        }
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip_and_keep_order(a in MIN_EPOCH_DAY..=MAX_EPOCH_DAY,
                                                 b in MIN_EPOCH_DAY..=MAX_EPOCH_DAY) {
            let da = LocalDate::from_epoch_days(a).expect("in range");
            let db = LocalDate::from_epoch_days(b).expect("in range");
            prop_assert_eq!(i64::from(da.days_since_epoch()), a);
            prop_assert_eq!(da.cmp(&db), a.cmp(&b));
            prop_assert_eq!(LocalDate::parse(&da.to_string()), Ok(da));
            // Lexicographic order of the strings equals date order (the store relies on it).
            prop_assert_eq!(da.to_string().cmp(&db.to_string()), a.cmp(&b));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(text in "\\PC{0,12}") {
            let _ = LocalDate::parse(&text);
        }
    }
}
