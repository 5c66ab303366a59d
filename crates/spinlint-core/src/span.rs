//! Byte spans into the original text, and the mapping from byte offsets to lines and columns.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the original text of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// Line starts of a text, so that byte offsets become 1-based line and column numbers.
///
/// `\n`, `\r\n` and a lone `\r` all end a line, so files from any platform number their lines
/// the way an editor shows them.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters in the text before each multiple of `CHECKPOINT` bytes, so that the column of
    /// an offset deep in a very long line is not counted from the line's start each time.
    chars_before: Vec<usize>,
    /// The line of the first byte of each `CHECKPOINT` bytes: an offset's line is searched for
    /// among the few line starts of its block, not all of a long file's (a report looks up
    /// hundreds of thousands, each search of millions of starts missing the cache at each step).
    line_at_block: Vec<usize>,
}

const CHECKPOINT: usize = 4096;

/// The characters of UTF-8 bytes: the bytes that are not continuation bytes (`10xxxxxx`),
/// counted eight at a time.
fn count_chars(bytes: &[u8]) -> usize {
    use crate::swar::{load8, HIGH};
    let mut chunks = bytes.chunks_exact(8);
    let mut continuations = 0;
    for chunk in &mut chunks {
        let word = load8(chunk, 0);
        // The high bit set and the next bit clear.
        continuations += (word & !(word << 1) & HIGH).count_ones() as usize;
    }
    let rest = chunks.remainder();
    bytes.len() - continuations - rest.iter().filter(|&&b| (b as i8) < -0x40).count()
}

/// Calls `line_end` with where each line end of `bytes` (`\n`, `\r\n`, a lone `\r`) starts and
/// where the next line starts.
pub(crate) fn for_each_line_end(bytes: &[u8], mut line_end: impl FnMut(usize, usize)) {
    let mut counted_to = 0;
    crate::swar::for_each_position_of_any(bytes, [b'\n', b'\r'], |at| {
        // The `\n` of a `\r\n` was counted with its `\r`.
        if at < counted_to {
            return;
        }
        counted_to = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
        line_end(at, counted_to);
    });
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for_each_line_end(bytes, |_, next| starts.push(next));
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut line_at_block = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut count = 0;
        let mut line = 0;
        for (block, chunk) in bytes.chunks(CHECKPOINT).enumerate() {
            chars_before.push(count);
            count += count_chars(chunk);
            while starts.get(line + 1).is_some_and(|&start| start <= block * CHECKPOINT) {
                line += 1;
            }
            line_at_block.push(line);
        }
        LineIndex { starts, chars_before, line_at_block }
    }

    /// Characters in `text[..offset]`.
    fn chars_to(&self, text: &str, offset: usize) -> usize {
        let checkpoint = (offset / CHECKPOINT).min(self.chars_before.len().saturating_sub(1));
        let from = checkpoint * CHECKPOINT;
        self.chars_before.get(checkpoint).copied().unwrap_or(0)
            + count_chars(&text.as_bytes()[from.min(offset)..offset])
    }

    /// Line starts in byte offsets, one per line.
    pub fn line_starts(&self) -> &[usize] {
        &self.starts
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let block = (offset / CHECKPOINT).min(self.line_at_block.len().saturating_sub(1));
        let first = self.line_at_block.get(block).copied().unwrap_or(0);
        let last = self.line_at_block.get(block + 1).copied().unwrap_or(self.starts.len() - 1);
        // The block's first line starts at or before the offset; the next block's first line
        // at or after the offset's own.
        first + self.starts[first + 1..=last].partition_point(|&start| start <= offset)
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let mut column = if offset - start > CHECKPOINT {
            self.chars_to(text, offset) - self.chars_to(text, start) + 1
        } else {
            text[start..offset].chars().count() + 1
        };
        // The byte order mark is invisible in an editor: do not count it as a column.
        if start == 0 && text.starts_with('\u{feff}') && offset > 0 {
            column -= 1;
        }
        (line + 1, column)
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or after `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn counts_the_characters_of_any_piece_of_text(text in "[a\u{80}-\u{7ff}\u{800}-\u{ffff}\u{10000}-\u{10ffff}]{0,40}", cut in 0usize..200) {
            let cut = cut.min(text.len());
            proptest::prop_assert_eq!(count_chars(text.as_bytes()), text.chars().count());
            let expected = text.as_bytes()[cut..].iter().filter(|&&b| (b as i8) >= -0x40).count();
            proptest::prop_assert_eq!(count_chars(&text.as_bytes()[cut..]), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn line_ends_are_those_a_search_from_each_line_finds(text in "[a\r\n]{0,80}") {
            let bytes = text.as_bytes();
            let mut expected = Vec::new();
            let mut position = 0;
            while let Some(found) = bytes[position..].iter().position(|&b| b == b'\n' || b == b'\r') {
                let at = position + found;
                position = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
                expected.push(position);
            }
            let mut found = Vec::new();
            for_each_line_end(bytes, |_, next| found.push(next));
            proptest::prop_assert_eq!(found, expected);
        }

        #[test]
        fn the_line_of_an_offset_is_the_last_line_starting_at_or_before_it(
            lines in proptest::collection::vec((0usize..1500, 0usize..3), 0..40),
            offsets in proptest::collection::vec(0usize..70_000, 1..20),
        ) {
            let endings = ["\n", "\r\n", "\r"];
            let text: String = lines.iter().map(|&(len, end)| "a".repeat(len) + endings[end]).collect();
            let index = LineIndex::new(&text);
            for offset in offsets {
                let expected = index.starts.iter().filter(|&&start| start <= offset).count() - 1;
                proptest::prop_assert_eq!(index.line_of(offset), expected, "offset {}", offset);
            }
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_starts(), &[0, 2, 5, 7]);
        assert_eq!(index.line_column(text, 7), (4, 1));
        assert_eq!(index.line_column(text, 5), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "“Héllo” x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_column(text, x), (1, 9));
    }

    #[test]
    fn columns_deep_in_a_long_line_count_characters() {
        let text = "é".repeat(10_000) + "x\n" + &"ü".repeat(9_000) + "y";
        let index = LineIndex::new(&text);
        assert_eq!(index.line_column(&text, text.find('x').unwrap()), (1, 10_001));
        assert_eq!(index.line_column(&text, text.find('y').unwrap()), (2, 9_001));
        assert_eq!(index.line_column(&text, text.len()), (2, 9_002));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}No evidence";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 3), (1, 1));
    }
}
