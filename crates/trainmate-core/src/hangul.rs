//! Exercise search that understands Korean initial consonants (초성).
//!
//! Korean users often search by typing only the first consonant of each syllable ("ㅂㅂㅅ" for
//! 바벨 스쿼트), and while typing, the IME shows a bare consonant before the syllable is complete
//! ("바벨 ㅅ"). Matching therefore works character by character: a query character matches a
//! name character if they are equal (ignoring case), or if the query character is an initial
//! consonant and the name character is a syllable that starts with it. A query of only
//! consonants is then an initials search, and a half-typed query still finds what is being typed.
//! Whitespace is ignored on both sides, so "바벨스쿼트" finds "바벨 스쿼트" and "ㅂㅂ ㅅ" works too.
//!
//! Precomposed syllables (U+AC00–U+D7A3) are arranged as 19 initials × 21 vowels × 28 finals, so
//! a syllable's initial is `(code − 0xAC00) / 588`. Initials are reported as Hangul
//! *compatibility* jamo (ㄱ U+3131 …), which is what keyboards produce; conjoining jamo
//! (U+1100…, found in decomposed text) are folded onto them.

/// The 19 initial consonants, in syllable-block order, as compatibility jamo.
const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

const SYLLABLE_FIRST: u32 = 0xAC00;
const SYLLABLE_LAST: u32 = 0xD7A3;
/// Syllables per initial consonant: 21 vowels × 28 finals.
const SYLLABLES_PER_INITIAL: u32 = 21 * 28;
/// Conjoining initial consonants ᄀ (U+1100) … ᄒ (U+1112), in the same order as [`INITIALS`].
const CONJOINING_INITIAL_FIRST: u32 = 0x1100;
const CONJOINING_INITIAL_LAST: u32 = 0x1112;

/// The initial consonant of a precomposed syllable, as a compatibility jamo.
fn syllable_initial(c: char) -> Option<char> {
    let code = u32::from(c);
    if !(SYLLABLE_FIRST..=SYLLABLE_LAST).contains(&code) {
        return None;
    }
    let index = (code - SYLLABLE_FIRST) / SYLLABLES_PER_INITIAL;
    INITIALS.get(usize::try_from(index).ok()?).copied()
}

/// `c` as a compatibility initial consonant, if it is one (conjoining forms folded).
fn as_initial(c: char) -> Option<char> {
    let code = u32::from(c);
    if (CONJOINING_INITIAL_FIRST..=CONJOINING_INITIAL_LAST).contains(&code) {
        let index = usize::try_from(code - CONJOINING_INITIAL_FIRST).ok()?;
        return INITIALS.get(index).copied();
    }
    INITIALS.contains(&c).then_some(c)
}

/// Replaces each precomposed Hangul syllable by its initial consonant, keeping every other
/// character: "바벨 스쿼트" → "ㅂㅂ ㅅㅋㅌ", "EZ바 컬" → "EZㅂ ㅋ".
pub fn initials(text: &str) -> String {
    text.chars()
        .map(|c| syllable_initial(c).unwrap_or(c))
        .collect()
}

/// Lowercased, whitespace removed, conjoining initials folded: the form both sides of a match
/// are compared in.
fn normalize(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| as_initial(c).unwrap_or(c))
        .collect()
}

/// Whether one query character matches one name character.
fn char_matches(query: char, name: char) -> bool {
    query == name || (as_initial(query).is_some() && syllable_initial(name) == Some(query))
}

/// Whether `query` occurs in `name`, comparing character by character with [`char_matches`].
fn contains(name: &[char], query: &[char]) -> bool {
    query.is_empty()
        || name
            .windows(query.len())
            .any(|window| window.iter().zip(query).all(|(&n, &q)| char_matches(q, n)))
}

/// Whether an exercise with these names matches a search query: a case- and
/// whitespace-insensitive substring of the Korean or English name, where an initial consonant in
/// the query stands for any syllable starting with it ("ㅂㅂㅅ" and "바벨ㅅ" find "바벨 스쿼트").
/// An empty query matches everything (the unfiltered list).
pub fn matches(query: &str, name_ko: &str, name_en: &str) -> bool {
    let query = Normalized::new(query);
    query.found_in(&Normalized::new(name_ko)) || query.found_in(&Normalized::new(name_en))
}

/// A text in the form [`matches`] compares: prepared once for names searched on every keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized(Vec<char>);

impl Normalized {
    pub fn new(text: &str) -> Normalized {
        Normalized(normalize(text))
    }

    /// Whether this query occurs in `name` (both prepared), by [`matches`]' rules.
    pub fn found_in(&self, name: &Normalized) -> bool {
        contains(&name.0, &self.0)
    }
}

/// A normalised text the store may index for plain substring search (`LIKE '%…%'`): the Korean
/// name, the English name and the Korean initials, each lowercased without whitespace, separated
/// by newlines. Queries are normalised the same way by [`search_query_key`]; since that strips
/// whitespace, a query can never match across a separator.
///
/// This finds whole-syllable and all-consonant queries; mixed queries such as "바벨ㅅ" need
/// [`matches()`] (the catalog is small enough to filter in memory).
pub fn search_key(name_ko: &str, name_en: &str) -> String {
    let ko: String = normalize(name_ko).into_iter().collect();
    let en: String = normalize(name_en).into_iter().collect();
    let ko_initials = initials(&ko);
    format!("{ko}\n{en}\n{ko_initials}")
}

/// A query normalised the way [`search_key`] is: lowercased, whitespace removed.
pub fn search_query_key(query: &str) -> String {
    normalize(query).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_syllables_with_and_without_finals() {
        assert_eq!(initials("바벨 스쿼트"), "ㅂㅂ ㅅㅋㅌ");
        assert_eq!(initials("가"), "ㄱ"); // U+AC00, the first syllable
        assert_eq!(initials("힣"), "ㅎ"); // U+D7A3, the last syllable
        assert_eq!(initials("까치 딸기 빵 쌀 짜장"), "ㄲㅊ ㄸㄱ ㅃ ㅆ ㅉㅈ");
        assert_eq!(initials("EZ바 컬 (3/4)"), "EZㅂ ㅋ (3/4)");
        assert_eq!(initials("ㄱㅏ"), "ㄱㅏ"); // loose jamo are kept as they are
        assert_eq!(initials(""), "");
    }

    #[test]
    fn each_initial_block_maps_to_its_consonant() {
        // The first syllable of each initial's block is 0xAC00 + 588 × index.
        let expected = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
        let firsts: String = (0..19u32)
            .filter_map(|i| char::from_u32(0xAC00 + 588 * i))
            .collect();
        assert_eq!(firsts, "가까나다따라마바빠사싸아자짜차카타파하");
        assert_eq!(initials(&firsts), expected);
        // The last syllable of each block (index × 588 + 587) too.
        let lasts: String = (0..19u32)
            .filter_map(|i| char::from_u32(0xAC00 + 588 * i + 587))
            .collect();
        assert_eq!(initials(&lasts), expected);
    }

    #[test]
    fn initials_find_names_ignoring_spaces() {
        assert!(matches("ㅂㅂㅅ", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("ㅂㅂ ㅅㅋㅌ", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("ㅅㅋ", "바벨 스쿼트", "Barbell Squat"));
        assert!(!matches("ㅂㅅㅂ", "바벨 스쿼트", "Barbell Squat"));
        // ㄱ does not stand for ㄲ.
        assert!(!matches("ㄱ", "까치", ""));
        // Conjoining jamo (decomposed input) fold onto the compatibility ones: ᄇᄇᄉ.
        assert!(matches("\u{1107}\u{1107}\u{1109}", "바벨 스쿼트", ""));
    }

    #[test]
    fn names_match_as_substrings_in_either_language() {
        assert!(matches("스쿼트", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("바벨스쿼트", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("squat", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("BELLSQ", "바벨 스쿼트", "Barbell Squat"));
        assert!(!matches("deadlift", "바벨 스쿼트", "Barbell Squat"));
        assert!(!matches("스쿼드", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("", "바벨 스쿼트", "Barbell Squat"));
        assert!(matches("   ", "바벨 스쿼트", "Barbell Squat"));
    }

    #[test]
    fn a_half_typed_query_still_matches() {
        // The IME shows "바벨 ㅅ" before "스" is complete.
        assert!(matches("바벨 ㅅ", "바벨 스쿼트", ""));
        assert!(matches("ㅂ벨", "바벨 스쿼트", ""));
        // A syllable in the query must match exactly, not by its initial.
        assert!(!matches("부벨", "바벨 스쿼트", ""));
    }

    #[test]
    fn search_keys_hold_all_three_forms() {
        assert_eq!(
            search_key("바벨 스쿼트", "Barbell Squat"),
            "바벨스쿼트\nbarbellsquat\nㅂㅂㅅㅋㅌ"
        );
        let key = search_key("바벨 스쿼트", "Barbell Squat");
        for query in ["ㅂㅂㅅ", "Squat", "벨 스"] {
            assert!(key.contains(&search_query_key(query)), "{query}");
        }
        // A query cannot span the separator between two forms.
        assert!(!key.contains(&search_query_key("트 bar")));
    }
}
