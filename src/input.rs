//! Reading article files: UTF-8 checked with the byte offset of the first bad byte, binary files
//! told apart, and a lossy mode whose spans still point at the original bytes.

use crate::error::Error;
use std::path::Path;

/// Files at least this long are mapped rather than read: copying a long archive into fresh
/// memory cost more than a tenth of its lint time, on one core, before the lint could start.
const MAP_FROM: u64 = 4 << 20;

fn io_error(path: &Path, source: std::io::Error) -> Error {
    match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound { path: path.to_path_buf() },
        _ => Error::Io { path: path.to_path_buf(), source },
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| io_error(path, source))
}

/// An article's text: owned, or mapped from a long file (checked UTF-8 when mapped).
pub struct ArticleText(Contents);

enum Contents {
    Owned(String),
    Mapped(memmap2::Mmap),
}

impl ArticleText {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Contents::Owned(text) => text,
            // SAFETY: the bytes were checked to be UTF-8 when the file was mapped, and the map
            // is read-only. The file must not change while it is linted (see `map`).
            Contents::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map) },
        }
    }

    pub fn into_string(self) -> String {
        match self.0 {
            Contents::Owned(text) => text,
            Contents::Mapped(_) => self.as_str().to_owned(),
        }
    }

    /// Maps an open file (a long regular one, not binary: the caller has read its first bytes)
    /// when it is UTF-8; `None`: read it instead.
    fn map(file: &std::fs::File) -> Option<ArticleText> {
        // SAFETY: a read-only private map. The file must not change while it is mapped: one
        // truncated meanwhile kills the process with SIGBUS (as does a read error on a network
        // file system), one rewritten may no longer be the UTF-8 checked here. Every tool that
        // maps files takes that risk (ripgrep does, for the same gain).
        let Ok(map) = (unsafe { memmap2::MmapOptions::new().populate().map(file) }) else {
            // A file that cannot be mapped is read.
            return None;
        };
        is_utf8_in_parallel(&map).then(|| ArticleText(Contents::Mapped(map)))
    }
}

/// Whether `bytes` are UTF-8, checked in pieces on all cores: a piece starts at a byte that
/// starts a char, so the whole is valid exactly when every piece is.
fn is_utf8_in_parallel(bytes: &[u8]) -> bool {
    is_utf8_in_pieces(bytes, 1 << 20)
}

fn is_utf8_in_pieces(bytes: &[u8], piece: usize) -> bool {
    use rayon::prelude::*;
    let mut starts = vec![0];
    while let Some(&last) = starts.last() {
        let mut next = last + piece.max(1);
        if next >= bytes.len() {
            break;
        }
        // At most three continuation bytes follow a char's first byte.
        while next < bytes.len() && next < last + piece + 4 && bytes[next] & 0xc0 == 0x80 {
            next += 1;
        }
        starts.push(next);
    }
    starts.push(bytes.len());
    starts.par_windows(2).all(|pair| std::str::from_utf8(&bytes[pair[0]..pair[1]]).is_ok())
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
pub fn read_text(path: &Path) -> Result<String, Error> {
    decode(path, read_bytes(path)?, false).map(|t| t.text.into_string())
}

/// An article's text. In lossy mode invalid bytes become U+FFFD and `offsets` maps the text back
/// to the original bytes.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: ArticleText,
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
    use std::io::Read;
    let io = |source| io_error(path, source);
    let out_of_memory = || io(std::io::ErrorKind::OutOfMemory.into());
    // Opened once: a named pipe opened a second time would wait for a second writer.
    let mut file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    let expected = if metadata.is_file() { usize::try_from(metadata.len()).unwrap_or(0) } else { 0 };
    let long = metadata.is_file() && metadata.len() >= MAP_FROM;
    // A binary file shows in its first bytes: it is told from those before the rest is read or
    // mapped (a folder walked with wide globs may hold large images).
    let mut bytes = Vec::new();
    let room = if long { BINARY_SNIFF } else { expected.saturating_add(1) };
    bytes.try_reserve_exact(room).map_err(|_| out_of_memory())?;
    (&mut file).take(BINARY_SNIFF as u64).read_to_end(&mut bytes).map_err(io)?;
    if let Some(offset) = is_binary(&bytes) {
        return Err(Error::Binary { path: path.to_path_buf(), offset });
    }
    // Fewer bytes than asked for: the end of the file was reached.
    if bytes.len() == BINARY_SNIFF {
        if long {
            if let Some(text) = ArticleText::map(&file) {
                return Ok(Text { text, replacements: Vec::new() });
            }
            bytes
                .try_reserve_exact(expected.saturating_add(1).saturating_sub(bytes.len()))
                .map_err(|_| out_of_memory())?;
        }
        // The rest, after the first bytes (a map ignores the read position).
        file.read_to_end(&mut bytes).map_err(io)?;
    }
    decode(path, bytes, lossy)
}

/// How far into a file a NUL byte makes it binary.
const BINARY_SNIFF: usize = 8192;

/// The offset of a NUL byte in the first `BINARY_SNIFF` bytes: the mark of a binary file.
pub fn is_binary(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)])
}

pub fn decode(path: &Path, bytes: Vec<u8>, lossy: bool) -> Result<Text, Error> {
    if let Some(offset) = is_binary(&bytes) {
        return Err(Error::Binary { path: path.to_path_buf(), offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Text { text: text.into(), replacements: Vec::new() }),
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
    Text { text: text.into(), replacements }
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

    /// A folder under the system's temporary one, removed when dropped (also when a test fails).
    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("spinlint-input-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A long file is mapped, and reads as the same text, lossy or binary handling included.
    #[test]
    fn a_long_file_is_mapped_and_reads_like_a_short_one() {
        let dir = Scratch::new("long");
        let line = "Officials said the claim was baseless. Café “quoted” words.\n";
        let long = line.repeat(MAP_FROM as usize / line.len() + 1);
        let path = dir.0.join("long.txt");
        std::fs::write(&path, &long).unwrap();
        let text = read_article(&path, false).unwrap();
        assert!(matches!(text.text.0, Contents::Mapped(_)));
        assert_eq!(text.text.as_str(), long);

        // Not UTF-8: read and decoded as before (the offset named, or replaced in lossy mode).
        let mut bad = long.clone().into_bytes();
        bad[MAP_FROM as usize] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        let error = read_article(&path, false).unwrap_err();
        assert!(error.to_string().contains(&format!("offset {}", MAP_FROM)), "{error}");
        let lossy = read_article(&path, true).unwrap();
        assert!(matches!(lossy.text.0, Contents::Owned(_)));
        assert_eq!(lossy.replacements.len(), 1);

        bad[10] = 0;
        std::fs::write(&path, &bad).unwrap();
        assert!(matches!(read_article(&path, false), Err(Error::Binary { offset: 10, .. })));
    }

    /// The first bytes are read apart (to tell a binary file) and the rest after them.
    #[test]
    fn a_file_is_read_whole_around_its_first_bytes() {
        let dir = Scratch::new("sniff");
        for len in [0, 1, BINARY_SNIFF - 1, BINARY_SNIFF, BINARY_SNIFF + 1, 3 * BINARY_SNIFF + 5] {
            let path = dir.0.join(format!("{len}.txt"));
            let text: String = "Words and more words, “quoted”.\n".chars().cycle().take(len).collect();
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_article(&path, false).unwrap().text.as_str(), text, "{len} chars");
        }
        let mut bytes = vec![b'a'; 3 * BINARY_SNIFF];
        bytes[BINARY_SNIFF] = 0;
        let path = dir.0.join("late-nul.txt");
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_article(&path, false).is_ok(), "a NUL after the first bytes is text");
        bytes[BINARY_SNIFF - 1] = 0;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(read_article(&path, false), Err(Error::Binary { offset, .. }) if offset == BINARY_SNIFF - 1));
    }

    #[test]
    fn files_from_the_map_threshold_on_are_mapped() {
        let dir = Scratch::new("threshold");
        for (len, mapped) in [(MAP_FROM - 1, false), (MAP_FROM, true)] {
            let path = dir.0.join(format!("{len}.txt"));
            let text = "a".repeat(len as usize);
            std::fs::write(&path, &text).unwrap();
            let read = read_article(&path, false).unwrap();
            assert_eq!(matches!(read.text.0, Contents::Mapped(_)), mapped, "{len} bytes");
            assert_eq!(read.text.as_str(), text);
        }
    }

    /// A named pipe is opened once and read to its end (opened twice, it waited for a writer).
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_once() {
        let dir = Scratch::new("fifo");
        let path = dir.0.join("draft.fifo");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|status| status.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let writer_path = path.clone();
        let writer = std::thread::spawn(move || std::fs::write(writer_path, "There is no evidence.\n"));
        let (sender, receiver) = std::sync::mpsc::channel();
        let reader_path = path.clone();
        std::thread::spawn(move || sender.send(read_article(&reader_path, false).map(|t| t.text.into_string())));
        let read = receiver.recv_timeout(std::time::Duration::from_secs(20)).expect("the pipe is read without waiting");
        assert_eq!(read.unwrap(), "There is no evidence.\n");
        writer.join().unwrap().unwrap();
    }

    proptest::proptest! {
        #[test]
        fn utf8_checked_in_pieces_is_utf8_checked_whole(
            chars in proptest::collection::vec(proptest::sample::select(vec!['a', ' ', 'é', '“', '😀']), 0..40),
            damage in proptest::option::of((0usize..200, proptest::sample::select(vec![0x80u8, 0x9c, 0xc3, 0xe2, 0xf0, 0xff]))),
            piece in 1usize..9,
        ) {
            let mut bytes = chars.iter().collect::<String>().into_bytes();
            if let Some((at, byte)) = damage {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = byte;
                }
            }
            proptest::prop_assert_eq!(is_utf8_in_pieces(&bytes, piece), std::str::from_utf8(&bytes).is_ok());
        }
    }

    #[test]
    fn not_utf8_names_the_offset() {
        let error = decode(Path::new("a.txt"), b"ab\xffc".to_vec(), false).unwrap_err();
        assert!(error.to_string().contains("offset 2"));
    }
}
