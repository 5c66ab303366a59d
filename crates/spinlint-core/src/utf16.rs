//! Byte offsets into a text as UTF-16 code units, the unit of the LanguageTool API, of
//! JavaScript strings and of the Language Server Protocol's positions. Spans stay bytes
//! everywhere else; the front ends convert them with this module, at their edge.

use crate::span::LineIndex;

/// Converts byte offsets of one text to UTF-16 offsets, counting from the last offset asked
/// for: asked in increasing order (a document's findings, sorted), a whole document costs one
/// pass over its text, not one per finding.
pub struct Utf16Counter<'t> {
    text: &'t str,
    byte: usize,
    units: usize,
}

impl<'t> Utf16Counter<'t> {
    pub fn new(text: &'t str) -> Self {
        Utf16Counter { text, byte: 0, units: 0 }
    }

    /// The UTF-16 offset of a byte offset (inside a character: that character's start; past the
    /// end: the end).
    pub fn units(&mut self, offset: usize) -> usize {
        let offset = floor_boundary(self.text, offset);
        if offset < self.byte {
            *self = Utf16Counter::new(self.text);
        }
        self.units += self.text[self.byte..offset].chars().map(char::len_utf16).sum::<usize>();
        self.byte = offset;
        self.units
    }
}

/// The UTF-16 length of a text.
pub fn len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The nearest character boundary at or before `offset`, within the text.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte offset as a 0-based line and a UTF-16 offset in that line: a position of the Language
/// Server Protocol. Lines end as [`LineIndex`] says (`\n`, `\r\n`, a lone `\r`), as the
/// protocol's do.
pub fn line_position(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    PositionCounter::new(text, lines).position(offset)
}

/// Converts byte offsets of one text to LSP positions (0-based line, UTF-16 offset in the line),
/// counting from the last offset asked for when it is on the same line: asked in increasing
/// order, a document's findings cost one pass over its text, however long its lines.
pub struct PositionCounter<'t> {
    text: &'t str,
    lines: &'t LineIndex,
    line: usize,
    byte: usize,
    units: usize,
}

impl<'t> PositionCounter<'t> {
    pub fn new(text: &'t str, lines: &'t LineIndex) -> Self {
        PositionCounter { text, lines, line: 0, byte: 0, units: 0 }
    }

    /// The position of a byte offset (inside a character: that character's start).
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset);
        let line = self.lines.line_of(offset);
        if line != self.line || offset < self.byte {
            self.line = line;
            self.byte = self.lines.line_starts()[line].min(offset);
            self.units = 0;
        }
        self.units += len(&self.text[self.byte..offset]);
        self.byte = offset;
        (line, self.units)
    }
}

/// The byte offset of a 0-based line and a UTF-16 offset in it (the reverse of
/// [`line_position`]). A line past the end is the end of the text; an offset past the end of its
/// line, the line's end (before its line break), as the protocol asks; an offset inside a
/// surrogate pair, that character's start.
pub fn byte_offset(text: &str, lines: &LineIndex, line: usize, units: usize) -> usize {
    let starts = lines.line_starts();
    let Some(&start) = starts.get(line) else { return text.len() };
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    let content = text[start..end].trim_end_matches(['\n', '\r']);
    let mut counted = 0;
    for (at, c) in content.char_indices() {
        counted += c.len_utf16();
        if counted > units {
            return start + at;
        }
    }
    start + content.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_count_emoji_as_two_and_curly_quotes_and_cjk_as_one() {
        let text = "“Hi” 😀 日本 x";
        let mut counter = Utf16Counter::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(counter.units(x), 11, "4 for the quoted word, 2 for the emoji, 3 spaces, 2 for the CJK");
        assert_eq!(counter.units(text.find('😀').unwrap()), 5, "backwards restarts");
        assert_eq!(counter.units(text.find('😀').unwrap() + 1), 5, "inside a character: its start");
        assert_eq!(counter.units(usize::MAX), len(text));
        assert_eq!(len(text), 12);
    }

    #[test]
    fn positions_are_lines_and_utf16_units_and_back() {
        let text = "“No evidence” 😀\r\n日本 x\rlast";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(line_position(text, &lines, x), (1, 3));
        assert_eq!(byte_offset(text, &lines, 1, 3), x);
        let smile = text.find('😀').unwrap();
        assert_eq!(line_position(text, &lines, smile + 4), (0, 16), "after the emoji: two units");
        assert_eq!(byte_offset(text, &lines, 0, 16), smile + 4);
        assert_eq!(byte_offset(text, &lines, 0, 15), smile, "inside the pair: its start");
        assert_eq!(byte_offset(text, &lines, 0, 99), smile + 4, "past the line: its end, before the break");
        assert_eq!(line_position(text, &lines, text.find("last").unwrap()), (2, 0), "a lone CR ends a line");
        assert_eq!(byte_offset(text, &lines, 9, 0), text.len());
        let mut counter = PositionCounter::new(text, &lines);
        let offsets: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
        for &offset in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(counter.position(offset), line_position(text, &lines, offset), "{offset}");
        }
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) && !matches!(text.as_bytes().get(offset.wrapping_sub(1)), Some(b'\r')) {
                let (line, units) = line_position(text, &lines, offset);
                let back = byte_offset(text, &lines, line, units);
                assert!(back == offset || text[back..offset].trim_matches(['\r', '\n']).is_empty(), "{offset}");
            }
        }
    }
}
