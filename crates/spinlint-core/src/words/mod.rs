//! Words: runs of Unicode letters and digits, joined across inner apostrophes (' and ’),
//! hyphens, and the decimal point or thousands separator of a number.

use crate::span::Span;
use crate::swar::{bytes_equal_lowest, bytes_in_range, load8, HIGH, ONES};
use serde::Serialize;

pub mod fold;
pub mod table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Word {
    #[serde(flatten)]
    pub span: Span,
    /// Starts with an uppercase letter: a likely name when not at a sentence start.
    pub capitalised: bool,
    /// Contains a digit: a figure.
    pub number: bool,
    /// Has a byte above 0x7f: only such a word can need folding or be disguised (`fold`), and
    /// the checks for those look at no other.
    #[serde(skip)]
    pub non_ascii: bool,
}

pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // General Punctuation (curly quotes and apostrophes, dashes, ellipses, spaces): no letter,
    // digit or mark, and met all through news text, so answered before the Unicode tables.
    if matches!(c as u32, 0x2000..=0x206f) {
        return false;
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

/// The length of the run of ASCII letters and digits that opens `bytes`, and whether the run
/// holds a digit.
#[inline]
pub(crate) fn ascii_alphanumeric_run(bytes: &[u8]) -> (usize, bool) {
    let mut length = 0;
    let mut digit = false;
    while length + 8 <= bytes.len() {
        let word = load8(bytes, length);
        let ascii = !word & HIGH;
        let low = word & !HIGH;
        let digits = bytes_in_range(low, b'0', b'9') & ascii;
        let letters = bytes_in_range(low | (ONES * 0x20), b'a', b'z') & ascii;
        let stops = !(digits | letters) & HIGH;
        if stops != 0 {
            let kept = stops.trailing_zeros() as usize / 8;
            let mask = if kept == 0 { 0 } else { u64::MAX >> (64 - 8 * kept) };
            return (length + kept, digit || digits & mask != 0);
        }
        digit |= digits != 0;
        length += 8;
    }
    while length < bytes.len() && bytes[length].is_ascii_alphanumeric() {
        digit |= bytes[length].is_ascii_digit();
        length += 1;
    }
    (length, digit)
}

/// One bit for each byte of `mask` whose high bit is set: bit `i` for byte `i`.
fn bits_of_high_bits(mask: u64) -> u32 {
    // The multiplication gathers the bits at 0, 8, .., 56 into the top byte, in order.
    ((mask >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// Bit `i` set for byte `at + i`, of the sixteen bytes at `at`: the ASCII letters and digits,
/// the digits, and the bytes above 0x7f.
fn classify_sixteen(bytes: &[u8], at: usize) -> (u32, u32, u32) {
    let (mut alphanumeric, mut digits, mut high) = (0, 0, 0);
    for half in 0..2 {
        let word = load8(bytes, at + 8 * half);
        let ascii = !word & HIGH;
        let low = word & !HIGH;
        let digit = bytes_in_range(low, b'0', b'9') & ascii;
        let letter = bytes_in_range(low | (ONES * 0x20), b'a', b'z') & ascii;
        alphanumeric |= bits_of_high_bits(digit | letter) << (8 * half);
        digits |= bits_of_high_bits(digit) << (8 * half);
        high |= bits_of_high_bits(word & HIGH) << (8 * half);
    }
    (alphanumeric, digits, high)
}

/// Pushes the words of the sixteen bytes at `at` that are runs of ASCII letters and digits
/// ended, inside the block, by an ASCII byte that does not join them to more, and returns where
/// it stopped: the block's end, or the start of what the general path must read (a byte above
/// 0x7f, a run that reaches the block's end, a run that a joiner may continue).
fn ascii_words_in_block(bytes: &[u8], at: usize, out: &mut Vec<Word>) -> usize {
    let (alphanumeric, digits, high) = classify_sixteen(bytes, at);
    let mut position = 0;
    loop {
        let ahead = (alphanumeric | high) >> position;
        if ahead == 0 {
            return at + 16;
        }
        position += ahead.trailing_zeros();
        if high >> position & 1 != 0 {
            return at + position as usize;
        }
        let run = (!(alphanumeric >> position)).trailing_zeros();
        let run_end = position + run;
        if run_end >= 16 {
            return at + position as usize;
        }
        // What follows the run joins it to more only as in `tokenize_byte_by_byte`: an apostrophe
        // or hyphen before a word char, a stop or comma between digits. Whatever may do so is
        // left to the general path.
        let after = at + run_end as usize;
        let may_join = match bytes[after] {
            b'\'' | b'-' => run_end + 1 >= 16 || (alphanumeric | high) >> (run_end + 1) & 1 != 0,
            b'.' | b',' => bytes[after - 1].is_ascii_digit(),
            byte => byte >= 0x80,
        };
        if may_join {
            return at + position as usize;
        }
        let start = at + position as usize;
        out.push(Word {
            span: Span::new(start, at + run_end as usize),
            capitalised: bytes[start].is_ascii_uppercase(),
            number: digits >> position & ((1 << run) - 1) != 0,
            non_ascii: false,
        });
        position = run_end;
    }
}

/// The index of the first byte of `bytes` that is one of `targets`, sixteen bytes at a time
/// (x86-64) or eight: the scans for sentence ends, quotation marks and inline skips pass over
/// long runs of plain text.
pub(crate) fn find_any_of<const N: usize>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    let mut at = match crate::swar::find_any_of_sse2(bytes, targets) {
        (Some(found), _) => return Some(found),
        (None, searched) => searched,
    };
    #[cfg(not(target_arch = "x86_64"))]
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let word = load8(bytes, at);
        let found = targets.iter().fold(0, |found, &target| found | bytes_equal_lowest(word, target));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at..].iter().position(|b| targets.contains(b)).map(|i| at + i)
}

/// Appends the words of `text[range]` to `out`.
pub fn tokenize_into(text: &str, range: Span, out: &mut Vec<Word>) {
    let end = range.end.min(text.len());
    let bytes = text.as_bytes();
    let mut at = range.start;
    while at < end {
        let byte = bytes[at];
        // Most of a text is short ASCII words between spaces and stops: sixteen bytes at once.
        if byte < 0x80 && at + 16 <= end {
            let stopped = ascii_words_in_block(bytes, at, out);
            if stopped > at {
                at = stopped;
                continue;
            }
        }
        // Fast skip of ASCII separators.
        if byte < 0x80 && !byte.is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        let capitalised;
        let mut number;
        let mut previous_digit;
        if byte < 0x80 {
            let (run, digits) = ascii_alphanumeric_run(&bytes[at..end]);
            at += run;
            // Most words end at an ASCII byte that cannot join two words: a space, a stop.
            if at >= end || bytes[at] < 0x80 && !matches!(bytes[at], b'\'' | b'-' | b'.' | b',') {
                out.push(Word {
                    span: Span::new(start, at),
                    capitalised: byte.is_ascii_uppercase(),
                    number: digits,
                    non_ascii: false,
                });
                continue;
            }
            capitalised = byte.is_ascii_uppercase();
            number = digits;
            previous_digit = bytes[at - 1].is_ascii_digit();
        } else {
            let Some(c) = char_at(text, at) else {
                at += 1;
                continue;
            };
            if !is_word_char(c) || at == range.start && is_combining_mark(c) {
                at += c.len_utf8();
                continue;
            }
            capitalised = c.is_uppercase();
            number = c.is_ascii_digit();
            previous_digit = number;
            at += c.len_utf8();
        }
        while at < end {
            // ASCII letters and digits: the common case, eight bytes at a time, without decoding.
            let (run, digits) = ascii_alphanumeric_run(&bytes[at..end]);
            if run > 0 {
                number |= digits;
                previous_digit = bytes[at + run - 1].is_ascii_digit();
                at += run;
                if at >= end {
                    break;
                }
            }
            let Some(c) = char_at(text, at) else { break };
            if is_word_char(c) {
                number |= c.is_ascii_digit();
                previous_digit = c.is_ascii_digit();
                at += c.len_utf8();
                continue;
            }
            // Invisible characters inside a word (one or more, before or after a hyphen or an
            // apostrophe) join it as if they were not there: a word cannot be hidden from the
            // rules by splitting it with them.
            let (c, at_joiner) = if fold::is_invisible(c) {
                let after = skip_invisible(text, at, end);
                match char_at(text, after).filter(|_| after < end) {
                    Some(next) if is_word_char(next) => {
                        at = after;
                        continue;
                    }
                    Some(next) if is_apostrophe(next) || is_hyphen(next) => (next, after),
                    _ => break,
                }
            } else {
                (c, at)
            };
            let joiner = is_apostrophe(c) || is_hyphen(c) || (previous_digit && (c == '.' || c == ','));
            if !joiner {
                break;
            }
            let after = skip_invisible(text, at_joiner + c.len_utf8(), end);
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
        let non_ascii = !bytes[start..at].is_ascii();
        out.push(Word { span: Span::new(start, at), capitalised, number, non_ascii });
    }
}

/// The offset of the first character at or after `at` that is not invisible (`fold::is_invisible`).
fn skip_invisible(text: &str, mut at: usize, end: usize) -> usize {
    while let Some(c) = char_at(text, at).filter(|&c| at < end && fold::is_invisible(c)) {
        at += c.len_utf8();
    }
    at
}

/// The words of a whole text, and the text: the words of a span are a slice of them, not a
/// second tokenization, unless the span cuts a word.
#[derive(Debug, Clone, Copy)]
pub struct TextWords<'a> {
    pub text: &'a str,
    /// As `tokenize` finds them in the whole text.
    pub words: &'a [Word],
    /// `word_checkpoints` of the words.
    checkpoints: &'a [u32],
}

/// The bytes of text per checkpoint.
const CHECKPOINT_BYTES: usize = 64;

/// For every 64 bytes of the text, the index of the first word that ends after them begin: a
/// span's words are found a few words on from there, not by a binary search of all the words
/// (the searches of a long text's many spans would miss the cache at each step).
pub fn word_checkpoints(words: &[Word], text_len: usize) -> Vec<u32> {
    let mut checkpoints = Vec::with_capacity(text_len / CHECKPOINT_BYTES + 2);
    let mut index = 0;
    for block in 0..=text_len / CHECKPOINT_BYTES + 1 {
        while index < words.len() && words[index].span.end <= block * CHECKPOINT_BYTES {
            index += 1;
        }
        // Past four billion words (a text of some 20 GB) a checkpoint falls back to the first
        // word: it is only where a search starts, before the word sought.
        checkpoints.push(u32::try_from(index).unwrap_or(0));
    }
    checkpoints
}

/// The partition point of `holds` in `words` (true, then false), searched from `from`, before
/// which it is known to hold: in growing steps, then by halves within the last step.
fn gallop(words: &[Word], from: usize, holds: impl Fn(&Word) -> bool) -> usize {
    let mut low = from.min(words.len());
    let mut step = 1;
    loop {
        let probe = low + step - 1;
        if probe >= words.len() {
            return low + words[low..].partition_point(&holds);
        }
        if !holds(&words[probe]) {
            return low + words[low..probe].partition_point(&holds);
        }
        low = probe + 1;
        step *= 2;
    }
}

impl<'a> TextWords<'a> {
    pub fn new(text: &'a str, words: &'a [Word], checkpoints: &'a [u32]) -> TextWords<'a> {
        TextWords { text, words, checkpoints }
    }

    /// The index of a word before which every word ends at or before `offset`.
    fn checkpoint(&self, offset: usize) -> usize {
        self.checkpoints.get(offset / CHECKPOINT_BYTES).map_or(self.words.len(), |&index| index as usize)
    }

    /// The words of `span`, as `tokenize` finds them.
    pub fn words_in(&self, span: Span) -> std::borrow::Cow<'a, [Word]> {
        match self.range(span) {
            Some(range) => std::borrow::Cow::Borrowed(&self.words[range]),
            None => std::borrow::Cow::Owned(tokenize(self.text, span)),
        }
    }

    /// The indexes of the words inside `span`, or `None` when the span starts or ends inside a
    /// word.
    pub fn range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        // Before a checkpoint, words end at or before its offset, so they also start before it.
        let first = gallop(self.words, self.checkpoint(span.start), |w| w.span.end <= span.start);
        let end = gallop(self.words, self.checkpoint(span.end).max(first), |w| w.span.start < span.end);
        self.whole_words(span, first, end)
    }

    /// `range` for spans taken in order: the search walks on from `cursor`, which must not be
    /// past the span's first word, and moves `cursor` to the span's end.
    pub fn next_range(&self, span: Span, cursor: &mut usize) -> Option<std::ops::Range<usize>> {
        let mut first = (*cursor).min(self.words.len());
        while first < self.words.len() && self.words[first].span.end <= span.start {
            first += 1;
        }
        let mut end = first;
        while end < self.words.len() && self.words[end].span.start < span.end {
            end += 1;
        }
        *cursor = end;
        self.whole_words(span, first, end)
    }

    /// `first..end` (the words that touch `span`), unless the span cuts one of them.
    fn whole_words(&self, span: Span, first: usize, end: usize) -> Option<std::ops::Range<usize>> {
        let cuts =
            |index: usize| self.words.get(index).is_some_and(|w| w.span.start < span.start || w.span.end > span.end);
        // A word that starts the span with a combining mark: `tokenize` skips that mark.
        let starts_with_mark = || {
            self.words.get(first).is_some_and(|w| w.span.start == span.start)
                && self.text[span.start..].chars().next().is_some_and(is_combining_mark)
        };
        if first < end && (cuts(first) || cuts(end - 1) || starts_with_mark()) {
            return None;
        }
        Some(first..end.max(first))
    }
}

pub fn tokenize(text: &str, range: Span) -> Vec<Word> {
    // News prose has a word in every six or seven bytes: room for one in five spares the copies
    // of a growing vector (pages reserved but never written cost no memory), up to the words of
    // a few sections; a longer text grows its vector.
    let mut out = Vec::with_capacity((range.len() / 5 + 1).min(1 << 20));
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
    // Hidden or lookalike characters, accents: compared in the folded form (rare in news text).
    if fold::needs_folding(word) {
        return fold::fold(word) == literal;
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

/// Lowercases a literal and straightens its apostrophes, the form `word_matches_literal` expects;
/// anything else is folded as a text's words are ([`fold`]).
pub fn normalise_literal(literal: &str) -> String {
    if literal.is_ascii() {
        return literal.to_ascii_lowercase();
    }
    fold::fold(literal)
}

/// A set of words looked up case-insensitively, with ’ and ' alike: a hash table of the
/// lowercase forms, so a lookup costs one hash however long the list. The table is built at the
/// first lookup: the sets of a rule set's patterns become vocabulary ids and are never looked
/// up, so building their tables would only slow start-up.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WordSet {
    words: Vec<String>,
    #[serde(skip)]
    lookup: std::sync::OnceLock<table::WordTable>,
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
            let mut table = table::WordTable::default();
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

    /// The checkpoints and the galloping search find each span's words as a binary search of
    /// all the words does: long words across checkpoints, short ones, gaps and the text's end.
    #[test]
    fn the_words_of_a_span_from_checkpoints_are_those_a_full_search_finds() {
        let long = "x".repeat(150);
        let text = format!("A {long} b, “c” déjà-vu.\n\n{} end {long}", "word ".repeat(40));
        let words = tokenize(&text, Span::new(0, text.len()));
        let checkpoints = word_checkpoints(&words, text.len());
        let all = TextWords::new(&text, &words, &checkpoints);
        for start in 0..=text.len() {
            for end in (start..=text.len()).step_by(7).chain([text.len()]) {
                let span = Span::new(start, end);
                let first = words.partition_point(|w| w.span.end <= span.start);
                let stop = words.partition_point(|w| w.span.start < span.end);
                assert_eq!(all.range(span), all.whole_words(span, first, stop), "{span:?}");
            }
        }
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
        assert!(word_matches_literal("ÉTAT", &normalise_literal("état")));
        assert!(word_matches_literal("État", "etat"), "accents are folded away on both sides");
        assert!(!word_matches_literal("regimen", "regime"));
        for disguised in ["s\u{200b}o-called", "\u{455}o-called", "so\u{ad}-called", "ｓｏ-ｃａｌｌｅｄ"] {
            assert!(word_matches_literal(disguised, "so-called"), "{disguised:?}");
        }
    }

    #[test]
    fn an_invisible_character_inside_a_word_does_not_split_it() {
        for c in ['\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'] {
            let text = format!("no evi{c}den{c}{c}ce here {c}and{c} x so{c}-called so-{c}called don{c}’t");
            assert_eq!(
                words(&text),
                vec![
                    "no",
                    &format!("evi{c}den{c}{c}ce"),
                    "here",
                    "and",
                    "x",
                    &format!("so{c}-called"),
                    &format!("so-{c}called"),
                    &format!("don{c}’t")
                ],
                "{c:?}"
            );
        }
    }

    #[test]
    fn general_punctuation_holds_no_word_char() {
        for c in (0x2000..=0x206f).filter_map(char::from_u32) {
            assert!(!(c.is_alphanumeric() || is_combining_mark(c)), "{c:?}");
        }
    }

    #[test]
    fn word_sets_ignore_case_and_apostrophe_style() {
        let set = WordSet::new(&["said", "who's", "état"]);
        assert!(set.contains("SAID") && set.contains("Who’s") && set.contains("État"));
        assert!(!set.contains("sai") && !set.contains("saids"));
    }

    /// The byte-by-byte tokenizer the eight-byte runs replaced: the reference they must match.
    fn tokenize_byte_by_byte(text: &str, range: Span) -> Vec<Word> {
        let mut out = Vec::new();
        let end = range.end.min(text.len());
        let mut at = range.start;
        while at < end {
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
                let Some(c) = char_at(text, at) else { break };
                if is_word_char(c) {
                    number |= c.is_ascii_digit();
                    previous_digit = c.is_ascii_digit();
                    at += c.len_utf8();
                    continue;
                }
                // Invisible characters are skipped as if absent, before and after a joiner.
                let past =
                    text[at..end].char_indices().find(|&(_, n)| !fold::is_invisible(n)).map_or(end, |(i, _)| at + i);
                let Some(c) = char_at(text, past).filter(|_| past < end) else { break };
                if past > at && is_word_char(c) {
                    at = past;
                    continue;
                }
                let joiner =
                    is_apostrophe(c) || is_hyphen(c) || (past == at && previous_digit && (c == '.' || c == ','));
                if !joiner {
                    break;
                }
                let after = past + c.len_utf8();
                let after = text[after..end]
                    .char_indices()
                    .find(|&(_, n)| !fold::is_invisible(n))
                    .map_or(end, |(i, _)| after + i);
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
            let non_ascii = !text.as_bytes()[start..at].is_ascii();
            out.push(Word { span: Span::new(start, at), capitalised, number, non_ascii });
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn eight_byte_runs_tokenize_as_byte_by_byte(
            text in "[a-zA-Z0-9 .,'’\\-@\\[`{/:é\u{301}中\u{80}-\u{ff}]{0,60}",
            cut in 0usize..64,
        ) {
            let end = text.len();
            let start = (0..=cut.min(end)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let range = Span::new(start, end);
            proptest::prop_assert_eq!(tokenize(&text, range), tokenize_byte_by_byte(&text, range));
            let whole = Span::new(0, end);
            proptest::prop_assert_eq!(tokenize(&text, whole), tokenize_byte_by_byte(&text, whole));
        }
    }

    #[test]
    fn long_runs_of_letters_and_digits_tokenize_as_byte_by_byte() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH1,200.50 é abcdefgh' x12345678- 1234567.8 abc\u{80}def";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let span = Span::new(start, end);
                    assert_eq!(tokenize(text, span), tokenize_byte_by_byte(text, span), "{span:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn any_of_finds_the_first_as_a_byte_walk_does(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'.', b'"', 0x7f, 0x80, 0xE2, 0xFF, b'a']), 0..40),
            targets in proptest::array::uniform4(proptest::sample::select(vec![0u8, b'.', b'"', 0x80, 0xE2, 0xFF])),
        ) {
            let expected = bytes.iter().position(|b| targets.contains(b));
            proptest::prop_assert_eq!(find_any_of(&bytes, targets), expected);
            let seven = [targets[0], targets[1], targets[2], targets[3], b'a', 1, 0x7f];
            let expected = bytes.iter().position(|b| seven.contains(b));
            proptest::prop_assert_eq!(find_any_of(&bytes, seven), expected);
        }
    }

    #[test]
    fn counts_words() {
        assert_eq!(count_words("It's a well-known fact, 1,200.50 times."), 6);
    }
}
