//! Byte offsets into a text as UTF-16 code units, the unit of the LanguageTool API and of
//! JavaScript strings. Spans stay bytes everywhere else; they are converted here, at the edge.

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
}
