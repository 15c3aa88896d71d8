//! The password policy: 10–128 characters with a letter, a digit and a special character, and a
//! matching confirmation.
//!
//! Characters are sorted into classes with Rust's Unicode predicates so that every character
//! falls into at least one class and the rules read the same in Korean and English:
//!
//! - letter: [`char::is_alphabetic`] (Hangul, Latin, …);
//! - digit: [`char::is_numeric`] — any Unicode numeral, not only `0-9`. Domain.md defines a special
//!   character as "neither alphanumeric nor whitespace", and Rust's `is_alphanumeric` is exactly
//!   `is_alphabetic || is_numeric`; counting only ASCII digits would leave a numeral such as `٣`
//!   in no class at all, and the live checklist would then refuse a character the user can see;
//! - special: neither alphanumeric nor whitespace (so a space is allowed but is not special).
//!
//! Lengths count `char`s, not bytes, so "한" is one character like "a". The password is never
//! trimmed or normalised: what is typed is what is hashed.

use crate::validate::{FieldError, Rule};

/// The shortest password accepted, in characters.
pub const MIN_CHARS: usize = 10;
/// The longest password accepted, in characters (bounds the hashing work per sign-in).
pub const MAX_CHARS: usize = 128;

/// The field names the errors use, matching the sign-up and change-password forms.
pub const PASSWORD_FIELD: &str = "password";
pub const CONFIRMATION_FIELD: &str = "password_confirmation";

/// What the sign-up form's live checklist shows, one tick per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PolicyChecklist {
    /// 10–128 characters.
    pub length_ok: bool,
    pub has_letter: bool,
    pub has_digit: bool,
    pub has_special: bool,
    /// The confirmation is non-empty and identical to the password. An empty confirmation is not
    /// a match, so the tick does not light up before the user has typed anything.
    pub matches: bool,
}

impl PolicyChecklist {
    pub fn of(password: &str, confirmation: &str) -> Self {
        let length = password.chars().count();
        PolicyChecklist {
            length_ok: (MIN_CHARS..=MAX_CHARS).contains(&length),
            has_letter: password.chars().any(char::is_alphabetic),
            has_digit: password.chars().any(char::is_numeric),
            has_special: password.chars().any(is_special),
            matches: !confirmation.is_empty() && password == confirmation,
        }
    }

    /// Whether every rule holds (the form may be submitted).
    pub fn all_ok(&self) -> bool {
        self.length_ok && self.has_letter && self.has_digit && self.has_special && self.matches
    }
}

/// A special character: neither alphanumeric nor whitespace (punctuation, symbols, emoji, …).
fn is_special(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Checks a new password and its confirmation. At most one error per field, the most basic
/// first, so the UI shows one clear message:
///
/// - `password`: `required` (empty), else `too_short` / `too_long`, else `weak` (a class missing);
/// - `password_confirmation`: `required` (empty), else `mismatch`.
pub fn check_password(password: &str, confirmation: &str) -> Vec<FieldError> {
    let checklist = PolicyChecklist::of(password, confirmation);
    let length = password.chars().count();
    let mut errors = Vec::new();
    let password_rule = if password.is_empty() {
        Some(Rule::Required)
    } else if length < MIN_CHARS {
        Some(Rule::TooShort)
    } else if length > MAX_CHARS {
        Some(Rule::TooLong)
    } else if !(checklist.has_letter && checklist.has_digit && checklist.has_special) {
        Some(Rule::Weak)
    } else {
        None
    };
    if let Some(rule) = password_rule {
        errors.push(FieldError::new(PASSWORD_FIELD, rule));
    }
    if confirmation.is_empty() {
        errors.push(FieldError::new(CONFIRMATION_FIELD, Rule::Required));
    } else if !checklist.matches {
        errors.push(FieldError::new(CONFIRMATION_FIELD, Rule::Mismatch));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn password_error(rule: Rule) -> Vec<FieldError> {
        vec![FieldError::new("password", rule)]
    }

    fn check_same(password: &str) -> Vec<FieldError> {
        check_password(password, password)
    }

    #[test]
    fn length_edges_count_characters() {
        // 9 characters: "abcdef1!x" (6 letters, 1 digit, 1 special, 1 letter).
        assert_eq!(check_same("abcdef1!x"), password_error(Rule::TooShort));
        assert_eq!(check_same("abcdef1!xy"), vec![]); // 10
        let longest = format!("a1!{}", "b".repeat(125)); // 3 + 125 = 128
        assert_eq!(check_same(&longest), vec![]);
        let too_long = format!("a1!{}", "b".repeat(126)); // 129
        assert_eq!(check_same(&too_long), password_error(Rule::TooLong));
        // 10 Hangul syllables are 30 bytes, but 10 characters: long enough.
        assert_eq!(check_same("한국어비밀번호1!가"), vec![]);
        // 9 characters even though it is 21 bytes.
        assert_eq!(
            check_same("한국어비밀번호1!"),
            password_error(Rule::TooShort)
        );
    }

    #[test]
    fn each_character_class_is_required() {
        assert_eq!(check_same("abcdefghij!"), password_error(Rule::Weak)); // no digit
        assert_eq!(check_same("1234567890!"), password_error(Rule::Weak)); // no letter
        assert_eq!(check_same("abcdefghij1"), password_error(Rule::Weak)); // no special
        assert_eq!(check_same("abcde 12345"), password_error(Rule::Weak)); // a space is not special
        assert_eq!(check_same("abcde\t12345"), password_error(Rule::Weak)); // nor is a tab
        assert_eq!(check_same("abcde 1234!"), vec![]); // spaces are allowed
        assert_eq!(check_same("한글로만된비밀번호1@"), vec![]); // Hangul counts as letters
        assert_eq!(check_same("Ωmega12345🙂"), vec![]); // an emoji is special
        assert_eq!(check_same("abcdefghi٣!"), vec![]); // an Arabic-Indic digit is a digit
    }

    #[test]
    fn the_confirmation_must_match_exactly() {
        assert_eq!(
            check_password("abcdef1!xy", "abcdef1!xz"),
            vec![FieldError::new("password_confirmation", Rule::Mismatch)]
        );
        assert_eq!(
            check_password("abcdef1!xy", "abcdef1!xy "),
            vec![FieldError::new("password_confirmation", Rule::Mismatch)]
        );
        assert_eq!(
            check_password("abcdef1!xy", ""),
            vec![FieldError::new("password_confirmation", Rule::Required)]
        );
        assert_eq!(
            check_password("", ""),
            vec![
                FieldError::new("password", Rule::Required),
                FieldError::new("password_confirmation", Rule::Required)
            ]
        );
        assert_eq!(
            check_password("short", "other"),
            vec![
                FieldError::new("password", Rule::TooShort),
                FieldError::new("password_confirmation", Rule::Mismatch)
            ]
        );
    }

    #[test]
    fn the_checklist_ticks_each_rule() {
        assert_eq!(PolicyChecklist::of("", ""), PolicyChecklist::default());
        assert_eq!(
            PolicyChecklist::of("abc 1", "abc 1"),
            PolicyChecklist {
                length_ok: false,
                has_letter: true,
                has_digit: true,
                has_special: false,
                matches: true,
            }
        );
        let all = PolicyChecklist::of("abcdef1!xy", "abcdef1!xy");
        assert!(all.all_ok());
        assert!(!PolicyChecklist::of("abcdef1!xy", "").all_ok());
    }

    proptest! {
        /// The checklist and the errors agree: no errors exactly when every tick is on.
        #[test]
        fn checklist_and_errors_agree(password in "\\PC{0,140}", same in any::<bool>(),
                                      other in "\\PC{0,20}") {
            let confirmation = if same { password.clone() } else { other };
            let errors = check_password(&password, &confirmation);
            let checklist = PolicyChecklist::of(&password, &confirmation);
            prop_assert_eq!(errors.is_empty(), checklist.all_ok());
            prop_assert!(errors.len() <= 2);
        }
    }
}
