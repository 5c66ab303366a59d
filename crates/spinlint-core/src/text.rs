//! An article's text as the engine takes it: owned, or shared with a front end that holds it. Decoding checks UTF-8 with the byte offset of the first bad
//! byte, tells binary files apart, and has a lossy mode whose spans still point at the original
//! bytes.

use std::path::{Path, PathBuf};

/// Why a file's bytes are not an article's text.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// `lossy_hint`: the front end can lint it anyway (`check --encoding lossy`); the hint is not
    /// offered for files no such flag reads (configuration, rules, baselines).
    #[error(
        "{}: not UTF-8 text (invalid byte at offset {offset}){}",
        path.display(),
        if *lossy_hint { "; use `--encoding lossy` to lint it anyway" } else { "" }
    )]
    NotUtf8 { path: PathBuf, offset: usize, lossy_hint: bool },
    #[error("{}: binary file (a NUL byte at offset {offset}), not an article", path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: the file changed while it was read; lint it again once it is saved", path.display())]
    Changed { path: PathBuf },
    /// Not skipped as binary (it is an article, and a run that skipped it would pass) nor
    /// decoded: spans are byte ranges into a UTF-8 original.
    #[error("{}: UTF-16 text ({order} byte-order mark); save it as UTF-8 to lint it", path.display())]
    Utf16 { path: PathBuf, order: &'static str },
}

impl TextError {
    /// The error, offering `--encoding lossy` if it is invalid UTF-8: for the articles of a
    /// command that has the flag.
    pub fn offering_lossy(self) -> TextError {
        match self {
            TextError::NotUtf8 { path, offset, .. } => TextError::NotUtf8 { path, offset, lossy_hint: true },
            other => other,
        }
    }

    /// An I/O error on `path`, with a missing file told apart.
    pub fn io(path: &Path, source: std::io::Error) -> TextError {
        match source.kind() {
            std::io::ErrorKind::NotFound => TextError::NotFound { path: path.to_path_buf() },
            _ => TextError::Io { path: path.to_path_buf(), source },
        }
    }
}

/// An article's text: owned, or held by the front end, which vouches that it stays the same
/// while the engine has it.
pub struct ArticleText(Contents);

enum Contents {
    Owned(String),
    Shared(Box<dyn AsRef<str> + Send + Sync>),
}

impl ArticleText {
    /// Text held elsewhere, borrowed for as long as the `ArticleText` lives.
    pub fn shared(text: Box<dyn AsRef<str> + Send + Sync>) -> ArticleText {
        ArticleText(Contents::Shared(text))
    }

    /// Whether the text is held by the front end rather than owned.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Contents::Shared(_))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Contents::Owned(text) => text,
            Contents::Shared(text) => (**text).as_ref(),
        }
    }

    pub fn into_string(self) -> String {
        match self.0 {
            Contents::Owned(text) => text,
            Contents::Shared(_) => self.as_str().to_owned(),
        }
    }
}

impl std::ops::Deref for ArticleText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ArticleText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ArticleText {
    fn from(text: String) -> Self {
        ArticleText(Contents::Owned(text))
    }
}

impl From<&str> for ArticleText {
    fn from(text: &str) -> Self {
        ArticleText(Contents::Owned(text.to_owned()))
    }
}

impl Clone for ArticleText {
    fn clone(&self) -> Self {
        self.as_str().into()
    }
}

impl std::fmt::Debug for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for ArticleText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Reads a UTF-8 text file (rules, config).
pub fn read_text(path: &Path) -> Result<String, TextError> {
    let bytes = std::fs::read(path).map_err(|source| TextError::io(path, source))?;
    decode(path, bytes, false).map(|t| t.text.into_string())
}

/// An article's text. In lossy mode invalid bytes become U+FFFD and `offsets` maps the text back
/// to the original bytes.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: ArticleText,
    /// For lossy text: (offset in text, offset in original bytes) at each replacement, sorted.
    pub replacements: Vec<(usize, usize, usize)>,
}

impl<T: Into<ArticleText>> From<T> for Text {
    /// Text that was valid as it came: nothing replaced.
    fn from(text: T) -> Text {
        Text { text: text.into(), replacements: Vec::new() }
    }
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

/// How far into a file a NUL byte makes it binary.
pub const BINARY_SNIFF: usize = 8192;

/// The offset of a NUL byte in the first `BINARY_SNIFF` bytes: the mark of a binary file.
pub fn is_binary(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)])
}

/// What a file's first bytes say it is not: UTF-16 text (by its byte-order mark), whose ASCII
/// letters are each followed or preceded by a NUL, or a binary file (a NUL byte).
pub fn sniff(path: &Path, first_bytes: &[u8]) -> Result<(), TextError> {
    let order = match first_bytes {
        [0xff, 0xfe, ..] => Some("little-endian"),
        [0xfe, 0xff, ..] => Some("big-endian"),
        _ => None,
    };
    if let Some(order) = order {
        return Err(TextError::Utf16 { path: path.to_path_buf(), order });
    }
    match is_binary(first_bytes) {
        Some(offset) => Err(TextError::Binary { path: path.to_path_buf(), offset }),
        None => Ok(()),
    }
}

pub fn decode(path: &Path, bytes: Vec<u8>, lossy: bool) -> Result<Text, TextError> {
    sniff(path, &bytes)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Text { text: text.into(), replacements: Vec::new() }),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            if !lossy {
                return Err(TextError::NotUtf8 { path: path.to_path_buf(), offset, lossy_hint: false });
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
    Text { text: text.into(), replacements }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_is_named_not_called_binary() {
        let utf16le: Vec<u8> = "\u{feff}No evidence.".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = "\u{feff}No evidence.".encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [(utf16le, "little-endian"), (utf16be, "big-endian")] {
            let error = decode(Path::new("a.txt"), bytes, true).unwrap_err();
            assert!(matches!(error, TextError::Utf16 { order: o, .. } if o == order), "{error}");
            assert!(error.to_string().contains("save it as UTF-8"), "{error}");
        }
        // A UTF-8 byte-order mark is UTF-8.
        assert!(decode(Path::new("a.txt"), b"\xef\xbb\xbfNo evidence.".to_vec(), false).is_ok());
    }

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

    #[test]
    fn shared_text_reads_as_owned_text() {
        let shared = ArticleText::shared(Box::new(String::from("Shared words.")));
        assert!(shared.is_shared());
        assert_eq!(shared, ArticleText::from("Shared words."));
        assert!(!shared.clone().is_shared(), "a clone owns its text");
        assert_eq!(shared.into_string(), "Shared words.");
    }
}
