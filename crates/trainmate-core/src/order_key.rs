//! Order keys: strings whose byte order is the display order of exercises in a day and sets in an
//! exercise.
//!
//! A stored position number ("set 3") would make every insert, delete or reorder renumber its
//! neighbours, and two offline devices would then fight over the same numbers. With order keys a
//! new row gets a key strictly between its neighbours' and no other row changes; "set 3" is
//! computed when reading.
//!
//! The scheme is the well-known "fractional indexing" one (as in David Greenspan's
//! `fractional-indexing`), over the base-62 digits `0-9A-Za-z` (ASCII order, so byte order works
//! in SQLite and Rust alike). A key is an *integer part* plus an optional *fraction*:
//!
//! - the integer part's first character gives its length: `a`–`z` are the non-negative integers
//!   with 1–26 digits (`a0` is zero, `a1`, …, `az`, `b00`, …), `A`–`Z` the negative ones with
//!   26–1 digits (`Zz` is −1, …);
//! - the fraction, when present, is base-62 digits with no trailing `0` (so every position has
//!   exactly one spelling).
//!
//! Appending after the last key just increments the integer (`a0`, `a1`, … `az`, `b00`, …), so
//! keys stay short in the common case — 10,000 appends end at 4 characters. Inserting between two
//! keys uses the midpoint of their fractions, which grows by about one character per halving.
//!
//! Keys can arrive from another device through sync, so every function validates its inputs and
//! answers an [`OrderKeyError`] rather than panicking. Equal keys (two devices inserting at the
//! same place offline) are allowed in the store and ordered by id there.

use std::fmt;

/// The digits, in ascending byte order.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = 62;
const ZERO_DIGIT: u8 = b'0';
const LAST_DIGIT: u8 = b'z';

/// The key `first()` returns: integer zero, the middle of the key space.
const INTEGER_ZERO: &str = "a0";

/// Why no key could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKeyError {
    /// An input is not a valid order key.
    Invalid,
    /// `before` is not strictly less than `after`: there is no room between them.
    NotAscending,
    /// The key space is exhausted at that end (after 62^26-odd appends; unreachable in practice).
    Exhausted,
}

impl fmt::Display for OrderKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrderKeyError::Invalid => "not a valid order key",
            OrderKeyError::NotAscending => "the keys to insert between are not in ascending order",
            OrderKeyError::Exhausted => "no more order keys at this end",
        })
    }
}

impl std::error::Error for OrderKeyError {}

fn digit_value(byte: u8) -> Option<usize> {
    match byte {
        b'0'..=b'9' => Some(usize::from(byte - b'0')),
        b'A'..=b'Z' => Some(usize::from(byte - b'A') + 10),
        b'a'..=b'z' => Some(usize::from(byte - b'a') + 36),
        _ => None,
    }
}

/// The length of the integer part (head included) announced by its head character.
fn integer_length(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some(usize::from(head - b'a') + 2),
        b'A'..=b'Z' => Some(usize::from(b'Z' - head) + 2),
        _ => None,
    }
}

/// Splits a valid key into its integer part and fraction.
fn split(key: &[u8]) -> Result<(&[u8], &[u8]), OrderKeyError> {
    let head = *key.first().ok_or(OrderKeyError::Invalid)?;
    let length = integer_length(head).ok_or(OrderKeyError::Invalid)?;
    if key.len() < length {
        return Err(OrderKeyError::Invalid);
    }
    let (integer, fraction) = key.split_at(length);
    if integer[1..]
        .iter()
        .chain(fraction)
        .any(|&b| digit_value(b).is_none())
    {
        return Err(OrderKeyError::Invalid);
    }
    if fraction.last() == Some(&ZERO_DIGIT) {
        return Err(OrderKeyError::Invalid);
    }
    // The smallest integer with no fraction has nothing below it, so it is never handed out.
    if fraction.is_empty() && is_smallest_integer(integer) {
        return Err(OrderKeyError::Invalid);
    }
    Ok((integer, fraction))
}

/// `A` followed by 26 zeros: the most negative integer part.
fn is_smallest_integer(integer: &[u8]) -> bool {
    integer.first() == Some(&b'A') && integer[1..].iter().all(|&b| b == ZERO_DIGIT)
}

/// Whether `key` is a valid order key.
pub fn is_valid(key: &str) -> bool {
    split(key.as_bytes()).is_ok()
}

/// The first key of an empty list.
pub fn first() -> String {
    INTEGER_ZERO.to_owned()
}

/// A key after `last` (for appending).
pub fn after(last: &str) -> Result<String, OrderKeyError> {
    between(Some(last), None)
}

/// A key before `first` (for prepending).
pub fn before(first: &str) -> Result<String, OrderKeyError> {
    between(None, Some(first))
}

/// A key strictly between `before` and `after` (byte order); `None` means the start or the end of
/// the list. Both `None` gives [`first`].
pub fn between(before: Option<&str>, after: Option<&str>) -> Result<String, OrderKeyError> {
    let a = before.map(str::as_bytes);
    let b = after.map(str::as_bytes);
    let a_parts = a.map(split).transpose()?;
    let b_parts = b.map(split).transpose()?;
    if let (Some(a), Some(b)) = (a, b) {
        if a >= b {
            return Err(OrderKeyError::NotAscending);
        }
    }
    let key = match (a_parts, b_parts) {
        (None, None) => INTEGER_ZERO.as_bytes().to_vec(),
        (None, Some((integer_b, fraction_b))) => {
            if is_smallest_integer(integer_b) {
                // Nothing below this integer: go below within its fraction (never empty here,
                // since the bare smallest integer is not a valid key).
                let mut key = integer_b.to_vec();
                key.extend(midpoint(&[], Some(fraction_b))?);
                key
            } else if !fraction_b.is_empty() {
                // The bare integer sorts before any key that extends it.
                integer_b.to_vec()
            } else {
                let mut smaller = decrement_integer(integer_b).ok_or(OrderKeyError::Exhausted)?;
                if is_smallest_integer(&smaller) {
                    // The bare smallest integer is reserved; step into its fraction instead.
                    smaller.extend(midpoint(&[], None)?);
                }
                smaller
            }
        }
        (Some((integer_a, fraction_a)), None) => match increment_integer(integer_a) {
            Some(larger) => larger,
            None => {
                let mut key = integer_a.to_vec();
                key.extend(midpoint(fraction_a, None)?);
                key
            }
        },
        (Some((integer_a, fraction_a)), Some((integer_b, fraction_b))) => {
            if integer_a == integer_b {
                let mut key = integer_a.to_vec();
                key.extend(midpoint(fraction_a, Some(fraction_b))?);
                key
            } else {
                // Different integers: the next integer if it still sorts below `after`, else
                // extend `before` with a fraction.
                let larger = increment_integer(integer_a).ok_or(OrderKeyError::Exhausted)?;
                if Some(larger.as_slice()) < b {
                    larger
                } else {
                    let mut key = integer_a.to_vec();
                    key.extend(midpoint(fraction_a, None)?);
                    key
                }
            }
        }
    };
    // Every byte comes from DIGITS or a validated input, so this is ASCII.
    String::from_utf8(key).map_err(|_| OrderKeyError::Invalid)
}

/// A fraction strictly between fractions `a` and `b` (`None` = 1), neither with a trailing zero,
/// `a < b`. Digit by digit: copy the common prefix, then take a digit halfway between the first
/// differing digits if there is room, else keep `a`'s digit and continue towards 1.
fn midpoint(mut a: &[u8], mut b: Option<&[u8]>) -> Result<Vec<u8>, OrderKeyError> {
    let mut out = Vec::new();
    loop {
        if let Some(upper) = b {
            // A missing digit of `a` is a 0 (a is a shorter fraction).
            let common = upper
                .iter()
                .enumerate()
                .take_while(|&(i, &digit)| a.get(i).copied().unwrap_or(ZERO_DIGIT) == digit)
                .count();
            if common == upper.len() {
                // `b` is `a` padded with zeros: only possible if a ≥ b or b has a trailing zero.
                return Err(OrderKeyError::NotAscending);
            }
            out.extend_from_slice(&upper[..common]);
            a = a.get(common..).unwrap_or(&[]);
            b = Some(&upper[common..]);
        }
        let digit_a = match a.first() {
            Some(&byte) => digit_value(byte).ok_or(OrderKeyError::Invalid)?,
            None => 0,
        };
        let digit_b = match b {
            Some(upper) => {
                let &byte = upper.first().ok_or(OrderKeyError::NotAscending)?;
                digit_value(byte).ok_or(OrderKeyError::Invalid)?
            }
            None => BASE,
        };
        if digit_b <= digit_a {
            return Err(OrderKeyError::NotAscending);
        }
        if digit_b - digit_a > 1 {
            out.push(DIGITS[(digit_a + digit_b).div_ceil(2)]);
            return Ok(out);
        }
        // Adjacent digits: if `b` continues, its first digit alone is already between.
        if let Some(upper) = b {
            if upper.len() > 1 {
                out.push(upper[0]);
                return Ok(out);
            }
        }
        out.push(DIGITS[digit_a]);
        a = a.get(1..).unwrap_or(&[]);
        b = None;
    }
}

/// The next integer part (`a0` → `a1`, `az` → `b00`, `Zz` → `a0`), or `None` past the largest.
fn increment_integer(integer: &[u8]) -> Option<Vec<u8>> {
    let (&head, digits) = integer.split_first()?;
    let mut digits = digits.to_vec();
    for digit in digits.iter_mut().rev() {
        let value = digit_value(*digit)?;
        if value + 1 < BASE {
            *digit = DIGITS[value + 1];
            let mut result = vec![head];
            result.extend(digits);
            return Some(result);
        }
        *digit = ZERO_DIGIT;
    }
    // Every digit carried: the integer needs a different length.
    let new_head = match head {
        b'Z' => return Some(INTEGER_ZERO.as_bytes().to_vec()),
        b'z' => return None,
        other => other.checked_add(1)?,
    };
    if new_head > b'a' {
        digits.push(ZERO_DIGIT); // one more positive digit
    } else {
        digits.pop(); // one fewer negative digit
    }
    let mut result = vec![new_head];
    result.extend(digits);
    Some(result)
}

/// The previous integer part (`a1` → `a0`, `a0` → `Zz`, `b00` → `az`), or `None` below the
/// smallest.
fn decrement_integer(integer: &[u8]) -> Option<Vec<u8>> {
    let (&head, digits) = integer.split_first()?;
    let mut digits = digits.to_vec();
    for digit in digits.iter_mut().rev() {
        let value = digit_value(*digit)?;
        if value > 0 {
            *digit = DIGITS[value - 1];
            let mut result = vec![head];
            result.extend(digits);
            return Some(result);
        }
        *digit = LAST_DIGIT;
    }
    let new_head = match head {
        b'a' => return Some(b"Zz".to_vec()),
        b'A' => return None,
        other => other.checked_sub(1)?,
    };
    if new_head < b'Z' {
        digits.push(LAST_DIGIT); // one more negative digit
    } else {
        digits.pop(); // one fewer positive digit
    }
    let mut result = vec![new_head];
    result.extend(digits);
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(before: Option<&str>, after: Option<&str>) -> String {
        between(before, after).expect("room between test keys")
    }

    #[test]
    fn known_keys_of_the_scheme() {
        assert_eq!(first(), "a0");
        assert_eq!(key(Some("a0"), None), "a1");
        assert_eq!(key(Some("a9"), None), "aA");
        assert_eq!(key(Some("az"), None), "b00");
        assert_eq!(key(Some("bzz"), None), "c000");
        assert_eq!(key(None, Some("a0")), "Zz");
        assert_eq!(key(None, Some("Zz")), "Zy");
        assert_eq!(key(None, Some("Z0")), "Yzz");
        assert_eq!(key(Some("Zz"), None), "a0");
        // Between a0 and a1 there is no integer: the fraction's middle digit, 'V' (index 31).
        assert_eq!(key(Some("a0"), Some("a1")), "a0V");
        assert_eq!(key(Some("a0"), Some("a0V")), "a0G");
        assert_eq!(key(Some("a0V"), Some("a1")), "a0l");
        // `before` a key with a fraction: its bare integer.
        assert_eq!(key(None, Some("a0V")), "a0");
        // Adjacent digits with more to come in `after`: its first digit suffices.
        assert_eq!(key(Some("a01"), Some("a02V")), "a02");
        assert_eq!(key(Some("a0z"), Some("a1")), "a0zV");
    }

    #[test]
    fn invalid_inputs_are_errors_not_panics() {
        for bad in [
            "",
            "a",
            "0",
            "a0 ",
            "b0",
            "a00",
            "a0V0",
            "a!",
            "é",
            "A00000000000000000000000000",
        ] {
            assert!(!is_valid(bad), "{bad:?}");
            assert_eq!(after(bad), Err(OrderKeyError::Invalid), "{bad:?}");
        }
        assert_eq!(
            between(Some("a1"), Some("a1")),
            Err(OrderKeyError::NotAscending)
        );
        assert_eq!(
            between(Some("a2"), Some("a1")),
            Err(OrderKeyError::NotAscending)
        );
        let largest = format!("z{}", "z".repeat(26));
        assert!(is_valid(&largest));
        assert_eq!(after(&largest), Ok(format!("{largest}V")));
        // Just above the smallest integer: below it is the smallest integer plus a fraction,
        // because the bare smallest integer is reserved.
        let smallest_integer = format!("A{}", "0".repeat(26));
        assert!(!is_valid(&smallest_integer));
        let one_above = format!("A{}1", "0".repeat(25));
        assert!(is_valid(&one_above));
        assert_eq!(before(&one_above), Ok(format!("{smallest_integer}V")));
        // Within the smallest integer's fractions.
        assert_eq!(
            before(&format!("{smallest_integer}1")),
            Ok(format!("{smallest_integer}0V"))
        );
    }

    #[test]
    fn ten_thousand_appends_stay_short_and_ascending() {
        let mut last = first();
        for _ in 0..10_000 {
            let next = after(&last).expect("room at the end");
            assert!(next > last);
            last = next;
        }
        // 62 one-digit + 3_844 two-digit integers, then three digits: "c" + 3 digits.
        assert_eq!(last.len(), 4, "{last}");
    }

    #[test]
    fn ten_thousand_prepends_stay_short_and_descending() {
        let mut first_key = first();
        for _ in 0..10_000 {
            let next = before(&first_key).expect("room at the start");
            assert!(next < first_key);
            first_key = next;
        }
        assert!(first_key.len() <= 5, "{first_key}");
    }

    #[test]
    fn repeated_inserts_at_one_place_grow_slowly() {
        // Always inserting right after the first item: each key halves the gap.
        let low = first();
        let mut high = after(&low).expect("room");
        for _ in 0..200 {
            let middle = key(Some(&low), Some(&high));
            assert!(low < middle && middle < high);
            high = middle;
        }
        // About log2(62) ≈ 6 halvings per extra character: 200 inserts → ~36 characters.
        assert!(high.len() < 45, "{}", high.len());
    }

    #[derive(Debug, Clone)]
    enum Insert {
        /// Insert at this position (0 = front, len = end) of the current list.
        At(prop::sample::Index),
        Append,
    }

    proptest! {
        /// Random insert positions: the keys sort (bytewise) exactly in the intended order and no
        /// key equals a neighbour.
        #[test]
        fn keys_sort_in_the_intended_order(inserts in prop::collection::vec(
            prop_oneof![
                3 => any::<prop::sample::Index>().prop_map(Insert::At),
                1 => Just(Insert::Append),
            ],
            1..80,
        )) {
            // The model: the list in intended order, as item numbers, and each item's key.
            let mut list: Vec<usize> = Vec::new();
            let mut keys: Vec<String> = Vec::new();
            for (item, insert) in inserts.into_iter().enumerate() {
                let position = match insert {
                    Insert::At(index) => index.index(list.len() + 1),
                    Insert::Append => list.len(),
                };
                let before = position.checked_sub(1).map(|p| keys[list[p]].as_str());
                let after = list.get(position).map(|&i| keys[i].as_str());
                let new_key = between(before, after).expect("room between valid keys");
                prop_assert!(is_valid(&new_key), "{}", new_key);
                keys.push(new_key);
                list.insert(position, item);
            }
            let mut by_key: Vec<usize> = (0..keys.len()).collect();
            by_key.sort_by(|&x, &y| keys[x].as_bytes().cmp(keys[y].as_bytes()));
            prop_assert_eq!(&by_key, &list);
            for pair in list.windows(2) {
                prop_assert!(keys[pair[0]] < keys[pair[1]]);
            }
        }

        /// Whatever two strings come in (e.g. from a corrupt sync payload), the answer is a key
        /// strictly between them or an error — never a panic or a wrong key.
        #[test]
        fn arbitrary_inputs_never_panic(a in "[0-9A-Za-z!]{0,8}", b in "[0-9A-Za-z]{0,8}",
                                        a_some in any::<bool>(), b_some in any::<bool>()) {
            let before = a_some.then_some(a.as_str());
            let after = b_some.then_some(b.as_str());
            if let Ok(new_key) = between(before, after) {
                prop_assert!(is_valid(&new_key));
                if let Some(a) = before { prop_assert!(a < new_key.as_str()); }
                if let Some(b) = after { prop_assert!(new_key.as_str() < b); }
            }
        }
    }
}
