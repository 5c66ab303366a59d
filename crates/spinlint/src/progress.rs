//! A progress line on standard error for runs over a second, only on a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `say!` without the line end (the progress line redraws itself); dropped when standard error
/// is closed.
fn say_inline(text: &str) {
    use std::io::Write as _;
    let _ = write!(std::io::stderr(), "{text}");
}

pub struct Progress {
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    pub fn new() -> Option<Progress> {
        std::io::stderr().is_terminal().then(|| Progress { start: Instant::now(), shown: false.into() })
    }

    pub fn show(&self, done: usize, total: usize) {
        if self.start.elapsed() < Duration::from_secs(1) || total < 2 {
            return;
        }
        // Redraw at most every 1% (and on the last file).
        if done != total && !done.is_multiple_of((total / 100).max(1)) {
            return;
        }
        self.shown.store(true, Ordering::Relaxed);
        let width = 30;
        let filled = done * width / total.max(1);
        say_inline(&format!("\r[{}{}] {done}/{total} files", "#".repeat(filled), " ".repeat(width - filled)));
    }

    pub fn finish(&self) {
        if self.shown.load(Ordering::Relaxed) {
            say_inline(&format!("\r{}\r", " ".repeat(60)));
        }
    }
}
