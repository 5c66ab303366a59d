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

pub use error::Error;
