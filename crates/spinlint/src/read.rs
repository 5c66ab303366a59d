//! Reading article files: binary files told apart from their first bytes, long files mapped
//! rather than copied, UTF-8 checked with the byte offset of the first bad byte.

use spinlint_core::text::{decode, is_binary, ArticleText, Text, TextError, BINARY_SNIFF};
use std::path::Path;

/// Files at least this long are mapped rather than read: copying a long archive into fresh
/// memory cost more than a tenth of its lint time, on one core, before the lint could start.
const MAP_FROM: u64 = 4 << 20;

/// A mapped file checked to be UTF-8: the engine reads it as text without copying it.
struct MappedText(memmap2::Mmap);

impl AsRef<str> for MappedText {
    fn as_ref(&self) -> &str {
        // SAFETY: the bytes were checked to be UTF-8 when the file was mapped (`map`), and the
        // map is read-only. The file must not change while it is linted (see `map`).
        unsafe { std::str::from_utf8_unchecked(&self.0) }
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
    is_utf8_in_parallel(&map).then(|| ArticleText::shared(Box::new(MappedText(map))))
}

/// Standard input's text.
pub fn read_stdin(lossy: bool) -> Result<Text, TextError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|source| TextError::Io { path: "-".into(), source })?;
    decode(Path::new("-"), bytes, lossy)
}

pub fn read_article(path: &Path, lossy: bool) -> Result<Text, TextError> {
    use std::io::Read;
    let io = |source| TextError::io(path, source);
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
        return Err(TextError::Binary { path: path.to_path_buf(), offset });
    }
    // Fewer bytes than asked for: the end of the file was reached.
    if bytes.len() == BINARY_SNIFF {
        if long {
            if let Some(text) = map(&file) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(text.text.is_shared());
        assert_eq!(text.text.as_str(), long);

        // Not UTF-8: read and decoded as before (the offset named, or replaced in lossy mode).
        let mut bad = long.clone().into_bytes();
        bad[MAP_FROM as usize] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        let error = read_article(&path, false).unwrap_err();
        assert!(error.to_string().contains(&format!("offset {}", MAP_FROM)), "{error}");
        let lossy = read_article(&path, true).unwrap();
        assert!(!lossy.text.is_shared());
        assert_eq!(lossy.replacements.len(), 1);

        bad[10] = 0;
        std::fs::write(&path, &bad).unwrap();
        assert!(matches!(read_article(&path, false), Err(TextError::Binary { offset: 10, .. })));
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
        assert!(
            matches!(read_article(&path, false), Err(TextError::Binary { offset, .. }) if offset == BINARY_SNIFF - 1)
        );
    }

    #[test]
    fn files_from_the_map_threshold_on_are_mapped() {
        let dir = Scratch::new("threshold");
        for (len, mapped) in [(MAP_FROM - 1, false), (MAP_FROM, true)] {
            let path = dir.0.join(format!("{len}.txt"));
            let text = "a".repeat(len as usize);
            std::fs::write(&path, &text).unwrap();
            let read = read_article(&path, false).unwrap();
            assert_eq!(read.text.is_shared(), mapped, "{len} bytes");
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
}
