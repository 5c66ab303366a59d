//! spinlint: a linter for news articles that flags the rhetorical patterns of disinformation.
//!
//! Data flows one way: files ([`input`]) -> [`document`] -> [`rules`] -> [`lint`] findings ->
//! report.

pub mod baseline;
pub mod check;
pub mod config;
pub mod document;
pub mod error;
pub mod finding;
pub mod input;
pub mod lint;
pub mod quality;
pub mod report;
pub mod rules;
pub mod sections;
pub mod span;
pub mod suppress;
pub mod swar;
pub mod words;

pub use error::Error;

#[cfg(test)]
pub(crate) mod test_support {
    /// The seed articles of `fixtures/` (`*.txt`): real text for the tests that compare two ways
    /// of doing the same thing.
    pub fn fixture_articles() -> Vec<String> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        std::fs::read_dir(&folder)
            .expect("the fixtures folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).expect("a fixture article"))
            .collect()
    }
}
