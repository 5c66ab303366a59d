//! The library's errors. `main.rs` turns them into messages and exit codes.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: not UTF-8 text (invalid byte at offset {offset}); use `--encoding lossy` to lint it anyway", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{}: binary file (a NUL byte at offset {offset}), not an article", path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleErrors),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
}
