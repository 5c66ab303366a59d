//! Words: runs of Unicode letters and digits, joined across inner apostrophes (' and ’),
//! hyphens, and the decimal point or thousands separator of a number.

use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Word {
    #[serde(flatten)]
    pub span: Span,
    /// Starts with an uppercase letter: a likely name when not at a sentence start.
    pub capitalised: bool,
    /// Contains a digit: a figure.
    pub number: bool,
}

pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2011}'
}

fn char_at(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    let first = *bytes.get(at)?;
    if first < 0x80 {
        return Some(first as char);
    }
    text.get(at..)?.chars().next()
}

/// Appends the words of `text[range]` to `out`.
pub fn tokenize_into(text: &str, range: Span, out: &mut Vec<Word>) {
    let end = range.end.min(text.len());
    let bytes = text.as_bytes();
    let mut at = range.start;
    while at < end {
        let byte = bytes[at];
        // Fast skip of ASCII separators.
        if byte < 0x80 && !byte.is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let Some(c) = char_at(text, at) else {
            at += 1;
            continue;
        };
        if !is_word_char(c) || at == range.start && is_combining_mark(c) {
            at += c.len_utf8();
            continue;
        }
        let start = at;
        let capitalised = c.is_uppercase();
        let mut number = c.is_ascii_digit();
        let mut previous_digit = number;
        at += c.len_utf8();
        while at < end {
            // ASCII letters and digits: the common case, without decoding.
            let byte = bytes[at];
            if byte.is_ascii_alphanumeric() {
                previous_digit = byte.is_ascii_digit();
                number |= previous_digit;
                at += 1;
                continue;
            }
            let Some(c) = char_at(text, at) else { break };
            if is_word_char(c) {
                number |= c.is_ascii_digit();
                previous_digit = c.is_ascii_digit();
                at += c.len_utf8();
                continue;
            }
            let joiner = is_apostrophe(c) || is_hyphen(c) || (previous_digit && (c == '.' || c == ','));
            if !joiner {
                break;
            }
            let after = at + c.len_utf8();
            match char_at(text, after) {
                Some(next) if after < end && is_word_char(next) => {
                    if (c == '.' || c == ',') && !next.is_ascii_digit() {
                        break;
                    }
                    at = after;
                }
                _ => break,
            }
        }
        out.push(Word { span: Span::new(start, at), capitalised, number });
    }
}

pub fn tokenize(text: &str, range: Span) -> Vec<Word> {
    let mut out = Vec::new();
    tokenize_into(text, range, &mut out);
    out
}

/// Counts the words of a text as `tokenize` finds them (`1,200.50` and `don't` are one word):
/// the count a density rule divides by.
pub fn count_words(text: &str) -> usize {
    tokenize(text, Span::new(0, text.len())).len()
}

/// Compares a word of the text with a rule's literal: case-insensitively and with ’ and '
/// treated alike. `literal` is already lowercase with straight apostrophes.
pub fn word_matches_literal(word: &str, literal: &str) -> bool {
    // ASCII words keep their length when lowercased: most comparisons end here.
    if word.is_ascii() {
        return word.len() == literal.len()
            && word.bytes().zip(literal.bytes()).all(|(w, l)| w.to_ascii_lowercase() == l || w == b'\'' && l == b'\'');
    }
    let mut literal_chars = literal.chars();
    for c in word.chars() {
        let c = if c == '’' { '\'' } else { c };
        let Some(expected) = literal_chars.next() else {
            return false;
        };
        if c == expected {
            continue;
        }
        if c.is_ascii() {
            if c.to_ascii_lowercase() != expected {
                return false;
            }
        } else {
            let mut lower = c.to_lowercase();
            if lower.next() != Some(expected) || lower.next().is_some() {
                return false;
            }
        }
    }
    literal_chars.next().is_none()
}

/// Lowercases a literal and straightens its apostrophes, the form `word_matches_literal` expects.
pub fn normalise_literal(literal: &str) -> String {
    if literal.is_ascii() {
        return literal.to_ascii_lowercase();
    }
    literal.chars().map(|c| if c == '’' { '\'' } else { c }).flat_map(char::to_lowercase).collect()
}

/// A set of words looked up case-insensitively, with ’ and ' alike: a hash table of the
/// lowercase forms, so a lookup costs one hash however long the list. The table is built at the
/// first lookup: the sets of a rule set's patterns become vocabulary ids and are never looked
/// up, so building their tables would only slow start-up.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: Vec<String>,
    lookup: std::sync::OnceLock<crate::rules::vocab::WordTable>,
}

impl WordSet {
    pub fn new(list: &[&str]) -> WordSet {
        let mut words: Vec<String> = list.iter().map(|w| normalise_literal(w)).collect();
        words.sort_unstable();
        words.dedup();
        WordSet { words, lookup: std::sync::OnceLock::new() }
    }

    /// The words, lowercase, sorted.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn contains(&self, word: &str) -> bool {
        let lookup = self.lookup.get_or_init(|| {
            let mut table = crate::rules::vocab::WordTable::default();
            for word in &self.words {
                table.insert(word, 0);
            }
            table
        });
        lookup.get(word).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len())).iter().map(|w| w.span.text(text)).collect()
    }

    #[test]
    fn apostrophes_hyphens_and_numbers_join() {
        assert_eq!(
            words("Russia’s state-to-state talks don't cost $1,200.50 (sic)."),
            vec!["Russia’s", "state-to-state", "talks", "don't", "cost", "1,200.50", "sic"]
        );
    }

    #[test]
    fn trailing_joiners_do_not_join() {
        assert_eq!(words("Russians’ view - rock'"), vec!["Russians", "view", "rock"]);
    }

    #[test]
    fn non_breaking_space_separates_words() {
        assert_eq!(words("no\u{a0}evidence"), vec!["no", "evidence"]);
    }

    #[test]
    fn literal_comparison_ignores_case_and_apostrophe_style() {
        assert!(word_matches_literal("Who’s", "who's"));
        assert!(word_matches_literal("ÉTAT", "état"));
        assert!(!word_matches_literal("regimen", "regime"));
    }

    #[test]
    fn word_sets_ignore_case_and_apostrophe_style() {
        let set = WordSet::new(&["said", "who's", "état"]);
        assert!(set.contains("SAID") && set.contains("Who’s") && set.contains("État"));
        assert!(!set.contains("sai") && !set.contains("saids"));
    }

    #[test]
    fn counts_words() {
        assert_eq!(count_words("It's a well-known fact, 1,200.50 times."), 6);
    }
}
