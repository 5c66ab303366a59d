//! spinlint-core: the engine of spinlint, a linter for news articles that flags the rhetorical
//! patterns of disinformation. Text in, findings out; no printing, no threads of its own, no
//! files read but configuration and rule files.
//!
//! One entry point: build an [`Engine`] from [`Options`], then [`Engine::lint`] each text.
//!
//! ```
//! let engine = spinlint_core::Engine::new(spinlint_core::Options::default()).unwrap();
//! let result = engine.lint("draft.txt", None, "There is no evidence of fraud, because none exists.");
//! assert!(result.findings.iter().any(|f| &*f.category == "no-evidence"));
//! ```
//!
//! Modules, lowest first (each uses only modules above it in this list): the data path is
//! text -> document -> rules -> lint -> findings -> suppress, and the engine runs it.

#![deny(clippy::print_stdout, clippy::print_stderr)]

// Each module uses only the modules above it (tests/layering.rs checks it); a blank line
// between them keeps rustfmt from sorting them.

/// Byte scans eight at a time.
pub mod swar;

/// Byte spans and line positions.
pub mod span;

/// Byte offsets as UTF-16 code units, for the front ends whose clients count in them.
pub mod utf16;

/// The caller's threads.
pub mod parallel;

/// Words and their table.
pub mod words;

/// Every word list: abbreviations, the words around a speaker, speech verbs and their roles.
pub mod lexicon;

/// An article's text, decoded.
pub mod text;

/// The prose of a Markdown, HTML or Word file, mapped back to its bytes.
pub mod view;

/// What a rule found.
pub mod finding;

/// The categories of findings (`rules/categories.toml`).
pub mod category;

/// "Did you mean ...?" for misspelt names in rule and configuration files.
pub mod suggest;

/// The document model: blocks, sentences, quotations and their speakers.
pub mod document;

/// Rule files, compiled.
pub mod rules;

/// Rules run over a document.
pub mod lint;

/// Long texts linted in sections.
pub mod sections;

/// Rule examples run (`spinlint test`).
pub mod examples;

/// `spinlint.toml`, parsed from text.
pub mod config;

/// One linted file.
pub mod result;

/// Allowed terms, suppression comments, baselines.
pub mod suppress;

/// The engine's errors.
pub mod error;

/// The one entry point.
pub mod engine;

/// Precision and recall on annotated articles.
pub mod quality;

pub use engine::{ConfigSource, Engine, Options};
pub use error::Error;
pub use result::{FileResult, Position};

#[cfg(test)]
pub(crate) mod test_support {
    /// The seed articles of `fixtures/` (`*.txt`): real text for the tests that compare two ways
    /// of doing the same thing.
    pub fn fixture_articles() -> Vec<String> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        std::fs::read_dir(&folder)
            .expect("the fixtures folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).expect("a fixture article"))
            .collect()
    }
}
