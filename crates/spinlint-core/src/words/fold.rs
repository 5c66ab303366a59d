//! The form a word is matched in, so that it cannot be hidden from a rule by characters a reader
//! does not see or cannot tell apart: invisible characters dropped, compatibility forms (NFKD:
//! fullwidth letters, ligatures) and accents (combining marks) taken off, and, in a word that
//! holds Latin letters, the Cyrillic and Greek letters that look like Latin ones read as those.
//! Spans never change: a word's span is still its bytes in the original text, invisible
//! characters included.
//!
//! Plain ASCII words, nearly all of an English text, are never folded beyond lowercasing: the
//! callers' ASCII paths stay as they were, and only a word with a character above 0x7f comes here.

use unicode_normalization::UnicodeNormalization;

/// A character that shows as nothing, or nearly, inside a word: the soft hyphen (common in text
/// pasted from a CMS), the zero-width space, non-joiner and joiner, the word joiner and the
/// invisible operators, and the byte-order mark used as a zero-width no-break space.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// A combining mark (an accent written as a character of its own), as NFKD leaves them.
fn is_mark(c: char) -> bool {
    super::is_combining_mark(c)
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

/// A Latin letter, by its script: ASCII letters and the Latin blocks (accented letters).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xc0..=0x24f | 0x1e00..=0x1eff | 0xff21..=0xff3a | 0xff41..=0xff5a) && c.is_alphabetic()
}

/// Whether a word holds a Latin letter, an English possessive (`Москва’s`) aside: the words
/// whose lookalike letters are read as Latin.
fn has_latin_letter(word: &str) -> bool {
    let stem = ["’s", "'s", "’S", "'S"].iter().find_map(|s| word.strip_suffix(s)).unwrap_or(word);
    stem.chars().any(is_latin_letter)
}

/// Whether a word (a slice of the text) could fold to something else than its lowercase: it has
/// an invisible character, a combining mark, a compatibility form, or a lookalike beside a Latin
/// letter. The cheap test before `fold`.
pub fn needs_folding(word: &str) -> bool {
    if word.is_ascii() {
        return false;
    }
    let mut lookalike = false;
    for c in word.chars().filter(|c| !c.is_ascii()) {
        if is_invisible(c) || is_mark(c) || c.nfkd().ne(std::iter::once(c)) {
            return true;
        }
        lookalike |= latin_lookalike(c).is_some();
    }
    lookalike && has_latin_letter(word)
}

/// Appends the matching form of `word` to `out`: lowercased, ’ as ', and folded as the module
/// says. The same function makes a rule's literal and a text's word comparable.
pub fn fold_into(word: &str, out: &mut String) {
    fold_with_case(word, out, true);
}

/// The matching form of `word`.
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
    let latin = has_latin_letter(word);
    for c in word.chars() {
        if is_invisible(c) {
            continue;
        }
        let c = match latin_lookalike(c) {
            Some(latin_letter) if latin => latin_letter,
            _ => c,
        };
        if c.is_ascii() {
            out.push(if lowercase { c.to_ascii_lowercase() } else { c });
            continue;
        }
        for decomposed in std::iter::once(c).nfkd() {
            if is_mark(decomposed) || is_invisible(decomposed) {
                continue;
            }
            let decomposed = if decomposed == '’' { '\'' } else { decomposed };
            if lowercase {
                out.extend(decomposed.to_lowercase());
            } else {
                out.push(decomposed);
            }
        }
    }
}

/// What hides a word from a reader or a rule, if anything: for the obfuscation finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    if word.is_ascii() {
        return None;
    }
    if word.chars().any(|c| latin_lookalike(c).is_some()) && has_latin_letter(word) {
        return Some(Disguise::MixedScripts);
    }
    if word.chars().any(|c| is_invisible(c) && c != '\u{ad}') {
        return Some(Disguise::Invisible);
    }
    if word.chars().any(|c| matches!(c as u32, 0xff21..=0xff3a | 0xff41..=0xff5a)) {
        return Some(Disguise::Fullwidth);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
