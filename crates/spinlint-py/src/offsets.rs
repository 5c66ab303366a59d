//! Byte offsets as code point offsets: what Python's `str` indexes by. The offsets of one text's
//! findings are converted together, in one pass over the text.

/// The code point offset of each of a text's byte offsets asked for.
pub struct CharOffsets {
    /// (byte offset, code point offset), sorted by byte offset; empty for an ASCII text, whose
    /// offsets are the same in both.
    table: Vec<(usize, usize)>,
}

impl CharOffsets {
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Self {
        if text.is_ascii() {
            return CharOffsets { table: Vec::new() };
        }
        offsets.sort_unstable();
        offsets.dedup();
        let mut table = Vec::with_capacity(offsets.len());
        let (mut byte, mut chars) = (0, 0);
        for offset in offsets {
            // Inside a character (never, from the engine): that character's start.
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if at > byte {
                chars += text[byte..at].chars().count();
                byte = at;
            }
            table.push((offset, chars));
        }
        CharOffsets { table }
    }

    /// The code point offset of a byte offset given to [`CharOffsets::new`].
    pub fn get(&self, offset: usize) -> usize {
        if self.table.is_empty() {
            return offset;
        }
        match self.table.binary_search_by_key(&offset, |&(byte, _)| byte) {
            Ok(at) => self.table[at].1,
            // Not asked for: counted from scratch rather than wrong.
            Err(_) => offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CharOffsets;

    #[test]
    fn counts_code_points_before_each_offset() {
        let text = "naïve “quote” — 😀 end";
        let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
        let chars = CharOffsets::new(text, offsets.clone());
        for (index, offset) in offsets.iter().enumerate() {
            assert_eq!(chars.get(*offset), index, "at byte {offset}");
        }
    }

    #[test]
    fn ascii_offsets_are_unchanged() {
        let chars = CharOffsets::new("plain text", vec![3, 5]);
        assert_eq!((chars.get(3), chars.get(5)), (3, 5));
    }
}
