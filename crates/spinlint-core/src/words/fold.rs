//! The form a word is matched in, so that it cannot be hidden from a rule by characters a reader
//! does not see or cannot tell apart: invisible characters dropped, compatibility forms (NFKD:
//! fullwidth letters, ligatures) and accents (combining marks) taken off, and, in a word that
//! holds Latin letters, the Cyrillic and Greek letters that look like Latin ones read as those.
//! Spans never change: a word's span is still its bytes in the original text, invisible
//! characters included.
//!
//! Plain ASCII words, nearly all of an English text, are never folded beyond lowercasing: the
//! callers' ASCII paths stay as they were, and only a word with a character above 0x7f comes here.

use super::is_combining_mark as is_mark;
use unicode_normalization::UnicodeNormalization;

/// A character that shows as nothing, or nearly, inside a word: the soft hyphen (common in text
/// pasted from a CMS), the zero-width space, non-joiner and joiner, the word joiner and the
/// invisible operators, and the byte-order mark used as a zero-width no-break space.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, for the letters that are drawn
/// the same in common fonts (from Unicode's confusables, only the letters that match a Latin one
/// in upright lowercase or capitals: not `в`, `к`, `м`, `н`, `т`, drawn as small capitals).
pub fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic, lowercase and uppercase.
        'а' => 'a',
        'е' => 'e',
        'ё' => 'e',
        'һ' => 'h',
        'і' => 'i',
        'ї' => 'i',
        'ј' => 'j',
        'ӏ' => 'l',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'с' => 'c',
        'ѕ' => 's',
        'у' => 'y',
        'ԝ' => 'w',
        'х' => 'x',
        'ԁ' => 'd',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'Ѕ' => 'S',
        'І' => 'I',
        'Ј' => 'J',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'Ԁ' => 'D',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        // Greek.
        'α' => 'a',
        'ι' => 'i',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'υ' => 'u',
        'χ' => 'x',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

/// A fullwidth Latin letter (`ｅ`, `Ｅ`): East Asian typesetting, read as a plain one.
fn is_fullwidth_latin(c: char) -> bool {
    matches!(c as u32, 0xff21..=0xff3a | 0xff41..=0xff5a)
}

/// A Latin letter, by its script: ASCII letters, the Latin blocks (accented letters) and the
/// fullwidth ones.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xc0..=0x24f | 0x1e00..=0x1eff) && c.is_alphabetic()
        || is_fullwidth_latin(c)
}

/// A character that joins the parts of a word: a hyphen or an apostrophe. Scripts are told
/// part by part: `α-helix` and `Москва-based` join a Greek or Cyrillic part to a Latin one, and
/// `Москва’s` takes an English possessive; none of them mixes scripts inside a part.
fn is_part_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2011}' | '\'' | '’')
}

/// The parts of a word, each with whether it holds a Latin letter: a part's lookalike letters
/// are read as Latin only when it does.
fn parts(word: &str) -> impl Iterator<Item = (&str, bool)> {
    word.split_inclusive(is_part_joiner).map(|part| (part, part.chars().any(is_latin_letter)))
}

/// The base of a character after compatibility decomposition, if it is a Latin letter (or any
/// ASCII character): then its accents are taken off and its compatibility form (fullwidth, a
/// ligature) replaced. The letters of other scripts keep their marks: `й` is not `и`, `ñ` in a
/// Spanish word is folded only because it is Latin.
fn latin_decomposition(c: char) -> Option<impl Iterator<Item = char>> {
    let base = std::iter::once(c).nfkd().next()?;
    (base.is_ascii() || is_latin_letter(base)).then(|| std::iter::once(c).nfkd())
}

/// ASCII but for curly apostrophes (`don’t`, `Trump’s`): most words beyond ASCII in English
/// news, and none of them folds or is disguised (no character of them is invisible, a mark, a
/// lookalike or decomposes; a test checks). Decomposing each character to find that out cost
/// about 1,000 instructions a word (callgrind).
fn is_ascii_with_curly_apostrophes(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii() || matches!(b, 0xE2 | 0x80 | 0x99))
        && word.chars().all(|c| c.is_ascii() || c == '’')
}

/// Whether a word (a slice of the text) could fold to something else than its lowercase: it has
/// an invisible character, a combining mark after a Latin letter, a Latin letter with an accent
/// or in a compatibility form, or a lookalike in a part with a Latin letter. The cheap test
/// before `fold`.
pub fn needs_folding(word: &str) -> bool {
    if word.is_ascii() || is_ascii_with_curly_apostrophes(word) {
        return false;
    }
    parts(word).any(|(part, latin)| {
        let mut previous_latin = false;
        part.chars().any(|c| {
            let folds = !c.is_ascii()
                && (is_invisible(c)
                    || is_mark(c) && previous_latin
                    || latin && latin_lookalike(c).is_some()
                    || latin_decomposition(c).is_some_and(|mut d| d.next() != Some(c) || d.next().is_some()));
            if !is_mark(c) {
                previous_latin = is_latin_letter(c);
            }
            folds
        })
    })
}

/// The matching form of `word`: lowercased, ’ as ', and folded as the module says. The same
/// function makes a rule's literal and a text's word comparable.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_with_case(word, &mut out, true);
    out
}

/// The matching form of `word` with its case kept: for exact-case rules and regexes.
pub fn fold_keeping_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_with_case(word, &mut out, false);
    out
}

fn fold_with_case(word: &str, out: &mut String, lowercase: bool) {
    let push = |c: char, out: &mut String| {
        let c = if c == '’' { '\'' } else { c };
        if lowercase {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    };
    for (part, latin) in parts(word) {
        // Whether the last letter pushed was Latin: a combining mark after it is an accent.
        let mut previous_latin = false;
        for c in part.chars() {
            if is_invisible(c) {
                continue;
            }
            if is_mark(c) {
                if !previous_latin {
                    push(c, out);
                }
                continue;
            }
            let c = match latin_lookalike(c) {
                Some(latin_letter) if latin => latin_letter,
                _ => c,
            };
            previous_latin = is_latin_letter(c);
            if c.is_ascii() {
                push(c, out);
                continue;
            }
            match latin_decomposition(c) {
                Some(decomposed) => {
                    previous_latin = true;
                    for d in decomposed.filter(|&d| !is_mark(d) && !is_invisible(d)) {
                        push(d, out);
                    }
                }
                None => push(c, out),
            }
        }
    }
}

/// What hides a word from a reader or a rule, if anything: for the obfuscation finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Disguise {
    /// Cyrillic or Greek letters drawn like Latin ones, among Latin letters.
    MixedScripts,
    /// A zero-width or other invisible character inside the word (a soft hyphen is not one: it
    /// is common in pasted text and shows where a line breaks).
    Invisible,
    /// Fullwidth Latin letters, which read as plain ones.
    Fullwidth,
}

/// How `word` is disguised, when it is.
pub fn disguise(word: &str) -> Option<Disguise> {
    if word.is_ascii() || is_ascii_with_curly_apostrophes(word) {
        return None;
    }
    if parts(word).any(|(part, latin)| latin && part.chars().any(|c| latin_lookalike(c).is_some())) {
        return Some(Disguise::MixedScripts);
    }
    if word.chars().any(|c| is_invisible(c) && c != '\u{ad}') {
        return Some(Disguise::Invisible);
    }
    if word.chars().any(is_fullwidth_latin) {
        return Some(Disguise::Fullwidth);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters `is_ascii_with_curly_apostrophes` lets through fold to nothing else
    /// and disguise nothing, by the tests the general path makes.
    #[test]
    fn ascii_and_curly_apostrophes_neither_fold_nor_disguise() {
        for c in (0u8..0x80).map(char::from).chain(['’']) {
            assert!(!is_invisible(c), "{c:?}");
            assert!(!is_mark(c), "{c:?}");
            assert!(latin_lookalike(c).is_none(), "{c:?}");
            assert!(!is_fullwidth_latin(c), "{c:?}");
            if !c.is_ascii() {
                assert!(latin_decomposition(c).is_none_or(|mut d| d.next() == Some(c) && d.next().is_none()), "{c:?}");
            }
        }
        assert!(is_ascii_with_curly_apostrophes("Trump’s"));
        assert!(!is_ascii_with_curly_apostrophes("Trump‘s"), "another character of the same first byte");
        assert!(!is_ascii_with_curly_apostrophes("évidence"));
    }

    #[test]
    fn hidden_and_lookalike_characters_fold_to_the_plain_word() {
        for disguised in [
            "evi\u{ad}dence",
            "evi\u{200b}dence",
            "evi\u{200c}dence",
            "evi\u{200d}dence",
            "evi\u{2060}dence",
            "evi\u{feff}dence",
            "\u{435}vidence", // Cyrillic е
            "evid\u{435}nc\u{435}",
            "ev\u{456}dence",   // Cyrillic і
            "ｅｖｉｄｅｎｃｅ", // fullwidth
            "evide\u{301}nce",  // a combining accent
            "EVIDENCE",
            "Évidence",
        ] {
            assert_eq!(fold(disguised), "evidence", "{disguised:?}");
        }
        assert_eq!(fold("s\u{3bf}-called"), "so-called", "Greek ο");
        assert_eq!(fold("Don’t"), "don't");
        // Letters of other scripts keep their marks: distinct words stay distinct.
        assert_ne!(fold("мой"), fold("мои"));
        assert_eq!(fold("мой"), "мой");
        assert_eq!(fold("Москва-based"), "москва-based", "a Cyrillic part is not read as Latin");
        assert_eq!(fold("c\u{43e}ver-up"), "cover-up");
        assert_eq!(fold_keeping_case("tr\u{ad}ue Ｅｎｇｌｉｓｈ"), "true English");
        // A word in Cyrillic alone is Russian, not a disguise: left as it is, lowercased.
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(disguise("Москва"), None);
    }

    #[test]
    fn disguises_are_named() {
        assert_eq!(disguise("\u{435}vidence"), Some(Disguise::MixedScripts));
        assert_eq!(disguise("evi\u{200b}dence"), Some(Disguise::Invisible));
        assert_eq!(disguise("ｅｖｉｄｅｎｃｅ"), Some(Disguise::Fullwidth));
        for plain in ["evidence", "café", "naïve", "evi\u{ad}dence", "Zürich", "Москва", "Москва’s", "Αθήνα"]
        {
            assert_eq!(disguise(plain), None, "{plain}");
        }
        assert!(needs_folding("evi\u{ad}dence") && needs_folding("café") && !needs_folding("evidence"));
        assert!(needs_folding("\u{435}vidence") && !needs_folding("Москва") && !needs_folding("Москва’s"));
    }
}
