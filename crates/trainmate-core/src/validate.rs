//! Field validation that answers *which field broke which rule*, never a sentence.
//!
//! The UI shows a localized message beside the field, so every check returns a [`FieldError`]
//! (field name + [`Rule`]) instead of text. The same functions run in the UI (wasm) for instant
//! feedback and again on the Rust side, which never trusts the UI. Checks that accept text also
//! return the normalised value (trimmed, lowercased email, …) so the stored form is decided here
//! once.
//!
//! `trainmate-api` has matching `FieldError`/`Rule` types for the wire; core keeps its own so it
//! does not depend on the contract crate, and the codes are the same strings.

use std::ops::RangeInclusive;

use crate::code::code_enum;
pub use crate::date::{DateFormatError, LocalDate};

code_enum! {
    /// The rule a field broke. The UI has a message for each code.
    pub enum Rule as "rule" {
        /// Nothing (or only whitespace) was given where a value is needed.
        Required => "required",
        /// Below the smallest allowed value.
        Min => "min",
        /// Above the largest allowed value.
        Max => "max",
        /// Not in the expected shape (email, date, phone, number).
        Format => "format",
        /// Fewer characters or digits than allowed.
        TooShort => "too_short",
        /// More characters or digits than allowed.
        TooLong => "too_long",
        /// A password lacks a letter, a digit or a special character.
        Weak => "weak",
        /// A confirmation differs from the value it confirms.
        Mismatch => "mismatch",
        /// Already used by another record (e.g. an email). Core cannot see other records; the
        /// store reports this one.
        Taken => "taken",
        /// A required consent was not given.
        MustAccept => "must_accept",
        /// Not one of the allowed choices, or the wrong type.
        Type => "type",
    }
}

/// One broken rule: which field (a dotted path such as `sets.0.reps`) and which rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: Rule) -> Self {
        FieldError {
            field: field.into(),
            rule,
        }
    }
}

/// Collects the errors of several checks so a form reports every bad field at once, not only the
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors::default()
    }

    /// Records the error of a failed check and returns the value of a passed one.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[FieldError] {
        &self.0
    }

    /// `Ok` when no check failed, else every collected error in the order checked.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

impl Extend<FieldError> for FieldErrors {
    fn extend<I: IntoIterator<Item = FieldError>>(&mut self, errors: I) {
        self.0.extend(errors);
    }
}

impl From<FieldErrors> for Vec<FieldError> {
    fn from(errors: FieldErrors) -> Self {
        errors.0
    }
}

/// `value` if it lies in `range`; otherwise `min` (below) or `max` (above) for `field`.
pub fn check_range<T: PartialOrd + Copy>(
    field: &str,
    value: T,
    range: RangeInclusive<T>,
) -> Result<T, FieldError> {
    if value < *range.start() {
        Err(FieldError::new(field, Rule::Min))
    } else if value > *range.end() {
        Err(FieldError::new(field, Rule::Max))
    } else {
        Ok(value)
    }
}

/// The longest email accepted, in characters (the SMTP path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// Validates an email and returns its normalised form (trimmed, lowercased), the form used for
/// uniqueness and sign-in, so "Kim@Gym.KR " and "kim@gym.kr" are one account.
///
/// The check is deliberately simple — one `@`, a non-empty local part, a domain with a dot and no
/// empty labels, no whitespace or control characters, at most 254 characters — because only a
/// message that arrives proves an address; stricter grammars reject real addresses.
pub fn normalize_email(field: &str, raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new(field, Rule::Required));
    }
    if email.chars().count() > EMAIL_MAX_CHARS {
        return Err(FieldError::new(field, Rule::TooLong));
    }
    let format_error = || FieldError::new(field, Rule::Format);
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format_error());
    }
    let (local, domain) = email.split_once('@').ok_or_else(format_error)?;
    let domain_ok =
        domain.contains('.') && !domain.contains('@') && domain.split('.').all(|l| !l.is_empty());
    if local.is_empty() || !domain_ok {
        return Err(format_error());
    }
    Ok(email)
}

/// The longest person name accepted, in characters.
pub const PERSON_NAME_MAX_CHARS: usize = 100;

/// Validates a person's name and returns it trimmed: 1–100 characters, no control characters
/// (a pasted tab or newline would break lists and exports).
pub fn normalize_person_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, Rule::Required));
    }
    if name.chars().count() > PERSON_NAME_MAX_CHARS {
        return Err(FieldError::new(field, Rule::TooLong));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(field, Rule::Format));
    }
    Ok(name.to_owned())
}

/// Digits a phone number must have (Korean mobile numbers have 10–11; E.164 allows up to 15,
/// plus room for an extension).
pub const PHONE_DIGITS: RangeInclusive<usize> = 6..=20;

/// Validates an optional phone number and returns it trimmed, or `None` when absent or blank.
///
/// Allowed: ASCII digits, spaces, `-`, parentheses, and a `+` only as the first character
/// (an international prefix). Formatting is kept as typed, because trainers recognise numbers by
/// their usual grouping. Too few digits → `too_short`, too many → `too_long`, anything else →
/// `format`.
pub fn normalize_phone(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let phone = match raw.map(str::trim) {
        None | Some("") => return Ok(None),
        Some(phone) => phone,
    };
    let allowed = |(index, c): (usize, char)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && index == 0)
    };
    if !phone.chars().enumerate().all(allowed) {
        return Err(FieldError::new(field, Rule::Format));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if digits < *PHONE_DIGITS.start() {
        return Err(FieldError::new(field, Rule::TooShort));
    }
    if digits > *PHONE_DIGITS.end() {
        return Err(FieldError::new(field, Rule::TooLong));
    }
    Ok(Some(phone.to_owned()))
}

/// Parses a required local date `YYYY-MM-DD`: empty → `required`, anything but a real calendar
/// date → `format`.
pub fn parse_date(field: &str, raw: &str) -> Result<LocalDate, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, Rule::Required));
    }
    LocalDate::parse(raw).map_err(|_| FieldError::new(field, Rule::Format))
}

/// The longest note accepted (on a day, an exercise or a set), in characters.
pub const NOTES_MAX_CHARS: usize = 1_000;

/// Validates optional notes and returns them trimmed, or `None` when absent or blank, so an empty
/// text box does not store an empty string. Line breaks inside are kept.
pub fn normalize_notes(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(notes) if notes.chars().count() > NOTES_MAX_CHARS => {
            Err(FieldError::new(field, Rule::TooLong))
        }
        Some(notes) => Ok(Some(notes.to_owned())),
    }
}

/// A required consent (terms, privacy) must be `true`; the original product accepted `false`.
pub fn require_accepted(field: &str, accepted: bool) -> Result<(), FieldError> {
    if accepted {
        Ok(())
    } else {
        Err(FieldError::new(field, Rule::MustAccept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units;

    fn err(field: &str, rule: Rule) -> FieldError {
        FieldError::new(field, rule)
    }

    #[test]
    fn rule_codes_are_the_wire_strings() {
        let expected = [
            (Rule::Required, "required"),
            (Rule::Min, "min"),
            (Rule::Max, "max"),
            (Rule::Format, "format"),
            (Rule::TooShort, "too_short"),
            (Rule::TooLong, "too_long"),
            (Rule::Weak, "weak"),
            (Rule::Mismatch, "mismatch"),
            (Rule::Taken, "taken"),
            (Rule::MustAccept, "must_accept"),
            (Rule::Type, "type"),
        ];
        assert_eq!(Rule::ALL.len(), expected.len());
        for (rule, code) in expected {
            assert_eq!(rule.as_str(), code);
            assert_eq!(code.parse::<Rule>(), Ok(rule));
            let json = serde_json::to_string(&rule).expect("serializes");
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<Rule>(&json).expect("parses"), rule);
        }
        assert!("nope".parse::<Rule>().is_err());
        let json = serde_json::to_string(&err("sets.0.reps", Rule::Max)).expect("serializes");
        assert_eq!(json, r#"{"field":"sets.0.reps","rule":"max"}"#);
    }

    #[test]
    fn ranges_answer_min_and_max_at_their_edges() {
        use units::{BODY_WEIGHT_GRAMS, REPS};
        assert_eq!(check_range("reps", 0, REPS), Ok(0));
        assert_eq!(check_range("reps", 1_000, REPS), Ok(1_000));
        assert_eq!(
            check_range("reps", 1_001, REPS),
            Err(err("reps", Rule::Max))
        );
        assert_eq!(
            check_range("w", 1_999, BODY_WEIGHT_GRAMS),
            Err(err("w", Rule::Min))
        );
        assert_eq!(check_range("w", 2_000, BODY_WEIGHT_GRAMS), Ok(2_000));
        assert_eq!(
            check_range("w", 635_001, BODY_WEIGHT_GRAMS),
            Err(err("w", Rule::Max))
        );
        // Signed input from JSON (negative reps) is below the range.
        assert_eq!(
            check_range("reps", -1_i64, 0..=1_000),
            Err(err("reps", Rule::Min))
        );
        let muscle = units::skeletal_muscle_grams(Some(60_000));
        assert_eq!(check_range("m", 60_001, muscle), Err(err("m", Rule::Max)));
    }

    #[test]
    fn emails_are_normalised_for_uniqueness() {
        assert_eq!(
            normalize_email("email", "  Kim@Gym.KR "),
            Ok("kim@gym.kr".into())
        );
        assert_eq!(
            normalize_email("email", "a.b+c@sub.example.co.kr"),
            Ok("a.b+c@sub.example.co.kr".into())
        );
        assert_eq!(
            normalize_email("email", "김@체육관.한국"),
            Ok("김@체육관.한국".into())
        );
    }

    #[test]
    fn malformed_emails_answer_format() {
        for bad in [
            "plain",
            "@gym.kr",
            "kim@",
            "kim@gym",
            "kim@@gym.kr",
            "kim@gym@kr.com",
            "kim lee@gym.kr",
            "kim@gym..kr",
            "kim@.gym.kr",
            "kim@gym.kr.",
            "kim@gym.\u{7}kr",
        ] {
            assert_eq!(
                normalize_email("email", bad),
                Err(err("email", Rule::Format)),
                "{bad:?}"
            );
        }
        assert_eq!(
            normalize_email("email", "   "),
            Err(err("email", Rule::Required))
        );
        // 254 characters pass: 244 + "@" + "gym.kr.ab" (9) = 254.
        let longest = format!("{}@gym.kr.ab", "a".repeat(244));
        assert_eq!(longest.chars().count(), 254);
        assert!(normalize_email("email", &longest).is_ok());
        let too_long = format!("a{longest}");
        assert_eq!(
            normalize_email("email", &too_long),
            Err(err("email", Rule::TooLong))
        );
    }

    #[test]
    fn names_are_trimmed_and_counted_in_characters() {
        assert_eq!(
            normalize_person_name("name", "  김민수 "),
            Ok("김민수".into())
        );
        assert_eq!(
            normalize_person_name("name", " \t "),
            Err(err("name", Rule::Required))
        );
        // 100 Hangul syllables are 300 bytes but 100 characters: allowed.
        assert!(normalize_person_name("name", &"가".repeat(100)).is_ok());
        assert_eq!(
            normalize_person_name("name", &"가".repeat(101)),
            Err(err("name", Rule::TooLong))
        );
        assert_eq!(
            normalize_person_name("name", "Kim\nLee"),
            Err(err("name", Rule::Format))
        );
    }

    #[test]
    fn phones_allow_common_formatting_and_count_digits() {
        assert_eq!(normalize_phone("phone", None), Ok(None));
        assert_eq!(normalize_phone("phone", Some("  ")), Ok(None));
        assert_eq!(
            normalize_phone("phone", Some(" 010-1234-5678 ")),
            Ok(Some("010-1234-5678".into()))
        );
        assert_eq!(
            normalize_phone("phone", Some("+82 (10) 1234 5678")),
            Ok(Some("+82 (10) 1234 5678".into()))
        );
        assert_eq!(
            normalize_phone("phone", Some("123456")),
            Ok(Some("123456".into()))
        );
        assert_eq!(
            normalize_phone("phone", Some("12345")),
            Err(err("phone", Rule::TooShort))
        );
        assert!(normalize_phone("phone", Some(&"1".repeat(20))).is_ok());
        assert_eq!(
            normalize_phone("phone", Some(&"1".repeat(21))),
            Err(err("phone", Rule::TooLong))
        );
        for bad in [
            "010.1234.5678",
            "010-1234-567a",
            "82+10123456",
            "０１０１２３４５６７８",
        ] {
            assert_eq!(
                normalize_phone("phone", Some(bad)),
                Err(err("phone", Rule::Format)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_answer_required_or_format() {
        assert_eq!(
            parse_date("date", "2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        assert_eq!(parse_date("date", ""), Err(err("date", Rule::Required)));
        assert_eq!(
            parse_date("date", "2023-02-29"),
            Err(err("date", Rule::Format))
        );
        assert_eq!(
            parse_date("date", "yesterday"),
            Err(err("date", Rule::Format))
        );
    }

    #[test]
    fn notes_are_optional_and_capped_in_characters() {
        assert_eq!(normalize_notes("notes", None), Ok(None));
        assert_eq!(normalize_notes("notes", Some(" \n ")), Ok(None));
        assert_eq!(
            normalize_notes("notes", Some(" 무릎 조심\n천천히 ")),
            Ok(Some("무릎 조심\n천천히".into()))
        );
        assert!(normalize_notes("notes", Some(&"메".repeat(1_000))).is_ok());
        assert_eq!(
            normalize_notes("notes", Some(&"메".repeat(1_001))),
            Err(err("notes", Rule::TooLong))
        );
    }

    #[test]
    fn consent_must_be_given() {
        assert_eq!(require_accepted("terms", true), Ok(()));
        assert_eq!(
            require_accepted("terms", false),
            Err(err("terms", Rule::MustAccept))
        );
    }

    #[test]
    fn errors_are_collected_in_the_order_checked() {
        let mut errors = FieldErrors::new();
        let name = errors.check(normalize_person_name("name", ""));
        let email = errors.check(normalize_email("email", "Kim@Gym.kr"));
        let reps = errors.check(check_range("reps", 2_000, units::REPS));
        assert_eq!(name, None);
        assert_eq!(email.as_deref(), Some("kim@gym.kr"));
        assert_eq!(reps, None);
        assert_eq!(
            errors.finish(),
            Err(vec![err("name", Rule::Required), err("reps", Rule::Max)])
        );
        assert_eq!(FieldErrors::new().finish(), Ok(()));
    }
}
