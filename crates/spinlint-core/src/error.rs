//! The engine's errors. Front ends turn them into messages and exit codes (the command line) or
//! responses (a server), each in one place.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read as text.
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    /// Rule files with problems, each at its line.
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleErrors),
    /// A configuration with problems, each at its line.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The configuration file named does not exist.
    #[error("--config {}: no such file", path.display())]
    ConfigNotFound { path: PathBuf },
    /// A rule id or category the caller named (`--select`, `--ignore`) does not exist.
    #[error("{option} {name}: no rule or category `{name}`: {hint}")]
    UnknownRule { option: &'static str, name: String, hint: String },
    /// A rule folder named (by the configuration or the caller) is not a folder.
    #[error("--rules {}: not a folder of rule files", path.display())]
    RuleDirNotFound { path: PathBuf },
}
