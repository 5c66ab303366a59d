//! Reading article files: UTF-8 checked with the byte offset of the first bad byte, binary files
//! told apart, and a lossy mode whose spans still point at the original bytes.

use crate::error::Error;
use std::path::Path;

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound { path: path.to_path_buf() },
        _ => Error::Io { path: path.to_path_buf(), source },
    })
}

/// Reads a UTF-8 text file (rules, config).
pub fn read_text(path: &Path) -> Result<String, Error> {
    decode(path, read_bytes(path)?, false).map(|t| t.text)
}

/// An article's text. In lossy mode invalid bytes become U+FFFD and `offsets` maps the text back
/// to the original bytes.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    /// For lossy text: (offset in text, offset in original bytes) at each replacement, sorted.
    pub replacements: Vec<(usize, usize, usize)>,
}

impl Text {
    /// The offset in the original bytes of an offset in the text.
    pub fn original_offset(&self, offset: usize) -> usize {
        original_offset(&self.replacements, offset)
    }
}

/// Maps an offset in lossily decoded text back to the original bytes, given the replacements
/// (offset in the text, original length, replaced length), sorted.
pub fn original_offset(replacements: &[(usize, usize, usize)], offset: usize) -> usize {
    let mut shift: isize = 0;
    for &(at, original_len, replaced_len) in replacements {
        if at >= offset {
            break;
        }
        shift += original_len as isize - replaced_len as isize;
    }
    (offset as isize + shift).max(0) as usize
}

pub fn read_article(path: &Path, lossy: bool) -> Result<Text, Error> {
    decode(path, read_bytes(path)?, lossy)
}

pub fn is_binary(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)])
}

pub fn decode(path: &Path, bytes: Vec<u8>, lossy: bool) -> Result<Text, Error> {
    if let Some(offset) = is_binary(&bytes) {
        return Err(Error::Binary { path: path.to_path_buf(), offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Text { text, replacements: Vec::new() }),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            if !lossy {
                return Err(Error::NotUtf8 { path: path.to_path_buf(), offset });
            }
            Ok(decode_lossy(error.as_bytes()))
        }
    }
}

fn decode_lossy(bytes: &[u8]) -> Text {
    let mut text = String::with_capacity(bytes.len());
    let mut replacements = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            replacements.push((text.len(), invalid.len(), '\u{fffd}'.len_utf8()));
            text.push('\u{fffd}');
        }
    }
    Text { text, replacements }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_offsets_point_at_original_bytes() {
        let bytes = b"Caf\xe9 owners said it was unfounded.".to_vec();
        let text = decode(Path::new("x"), bytes.clone(), true).unwrap();
        let at = text.text.find("unfounded").unwrap();
        let original = text.original_offset(at);
        assert_eq!(&bytes[original..original + 9], b"unfounded");
    }

    #[test]
    fn not_utf8_names_the_offset() {
        let error = decode(Path::new("a.txt"), b"ab\xffc".to_vec(), false).unwrap_err();
        assert!(error.to_string().contains("offset 2"));
    }
}
