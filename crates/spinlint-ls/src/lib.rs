//! spinlint as a language server, on the core engine: the findings of each open draft as
//! diagnostics, a hover that explains the rule, quick fixes that suppress a finding or disable
//! its rule, and a jump to the rule's definition. Rule files being written get their errors and
//! failing examples as diagnostics.
//!
//! A thin front end, like `spinlint-server`: the engine takes text and gives findings; this
//! crate keeps the open documents, converts byte spans to the protocol's UTF-16 positions at its
//! edge ([`spinlint_core::utf16`]) and answers the client. The message loop never lints: drafts
//! are linted on worker threads, after a short debounce, one job per document at a time, and a
//! result whose document has changed since is dropped, never published.
//!
//! The command line's `spinlint lsp` calls [`run_stdio`]; tests call [`serve`] on an in-memory
//! [`lsp_server::Connection`].

mod actions;
mod convert;
mod engines;
mod hover;
mod lint;
mod rulefile;
mod server;

pub use server::serve;

use std::time::Duration;

/// How the server runs; the editor's settings (`initializationOptions`, or
/// `workspace/didChangeConfiguration` under `spinlint`) are read over these.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long after the last change a draft is linted.
    pub debounce: Duration,
    /// Threads that lint (at least one).
    pub workers: usize,
    /// Where built-in rule files are written for "open the rule's definition" (they are
    /// compiled into the program); `None`: `$XDG_CACHE_HOME/spinlint/VERSION` or
    /// `~/.cache/spinlint/VERSION`.
    pub builtin_rules_dir: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Options { debounce: Duration::from_millis(150), workers: cores.clamp(1, 4), builtin_rules_dir: None }
    }
}

/// Why the server stopped other than by the client's `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LsError {
    #[error("the language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the connection to the editor: {0}")]
    Io(#[from] std::io::Error),
    #[error("the editor's initialize request: {0}")]
    Initialize(serde_json::Error),
    #[error("a worker thread could not be started: {0}")]
    Thread(std::io::Error),
}

/// How the server stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `shutdown`, then `exit` (or the client went away after `shutdown`).
    Shutdown,
    /// `exit` without `shutdown`, or the client went away: the protocol's exit code is 1.
    WithoutShutdown,
}

/// Serves one editor over standard input and output until it says `exit`.
pub fn run_stdio(options: Options) -> Result<Stopped, LsError> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let stopped = serve(connection, options)?;
    io_threads.join()?;
    Ok(stopped)
}
