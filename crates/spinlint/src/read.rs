//! Reading article files: binary files told apart from their first bytes, the whole file read
//! into memory, UTF-8 checked with the byte offset of the first bad byte.
//!
//! Files are read, never mapped: a mapped file that an editor truncates or rewrites while it is
//! linted kills the process (SIGBUS), or changes validated text under the engine. Reading costs a
//! copy; a draft saved mid-run then gives a file error instead of a crash.

#[cfg(test)]
use spinlint_core::text::{decode, Text};
use spinlint_core::text::{sniff, TextError, BINARY_SNIFF};
use std::path::Path;

/// Standard input's bytes (a Word document may come that way too). Standard input that is
/// closed (not merely empty) is an error: a pipeline that lost its producer must not pass as an
/// empty article.
pub fn read_stdin_bytes() -> Result<Vec<u8>, TextError> {
    use std::io::Read;
    let io = |source| TextError::Io { path: "-".into(), source };
    if stdin_is_closed() {
        return Err(io(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard input is closed")));
    }
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Whether standard input was closed when the program started (`spinlint check - <&-`). The
/// Rust runtime reopens a closed descriptor 0 on /dev/null before `main`, where it would read as
/// empty, so descriptor 0 is looked at earlier: by a function in the executable's `.init_array`,
/// which the loader runs before the runtime starts. (Told apart afterwards, a closed descriptor
/// and a /dev/null opened read-write, as Python's `subprocess.DEVNULL` opens it, look the same.)
#[cfg(target_os = "linux")]
pub fn stdin_is_closed() -> bool {
    closed_at_start::CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(target_os = "linux")]
mod closed_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // SAFETY: fcntl(F_GETFD) only reads the flags of descriptor 0; it returns -1 when the
        // descriptor is not open.
        let closed = unsafe { libc::fcntl(0, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;
}

#[cfg(not(target_os = "linux"))]
pub fn stdin_is_closed() -> bool {
    false
}

#[cfg(test)]
fn read_article(path: &Path, lossy: bool) -> Result<Text, TextError> {
    decode(path, read_bytes(path, true)?, lossy)
}

/// A file's bytes. With `text`, a file that shows it is binary in its first bytes is an error
/// before the rest is read.
pub fn read_bytes(path: &Path, text: bool) -> Result<Vec<u8>, TextError> {
    use std::io::Read;
    let io = |source| TextError::io(path, source);
    let out_of_memory = || io(std::io::ErrorKind::OutOfMemory.into());
    // Opened once: a named pipe opened a second time would wait for a second writer.
    let mut file = std::fs::File::open(path).map_err(io)?;
    let before = file.metadata().map_err(io)?;
    let expected = if before.is_file() { usize::try_from(before.len()).unwrap_or(0) } else { 0 };
    // A binary file shows in its first bytes: it is told from those before the rest is read (a
    // folder walked with wide globs may hold large images).
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(expected.saturating_add(1).min(BINARY_SNIFF)).map_err(|_| out_of_memory())?;
    (&mut file).take(BINARY_SNIFF as u64).read_to_end(&mut bytes).map_err(io)?;
    if text {
        sniff(path, &bytes)?;
    }
    // Fewer bytes than asked for: the end of the file was reached.
    if bytes.len() == BINARY_SNIFF {
        bytes.try_reserve_exact(expected.saturating_add(1).saturating_sub(bytes.len())).map_err(|_| out_of_memory())?;
        file.read_to_end(&mut bytes).map_err(io)?;
    }
    if before.is_file() {
        let after = file.metadata().map_err(io)?;
        let changed = after.len() != before.len()
            || bytes.len() as u64 != after.len()
            || after.modified().ok() != before.modified().ok();
        if changed {
            return Err(TextError::Changed { path: path.to_path_buf() });
        }
    }
    Ok(bytes)
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
}
