//! Findings: what a rule found in a document, as data. Reports render them at the edge.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!("unknown severity `{other}`: use error, warning or info")),
        }
    }
}

/// A secondary label: another span that explains the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
/// Held for every finding of a run until it is reported (hundreds of thousands in an archive):
/// boxed strings and slices, without spare capacity, keep it small.
pub struct Finding {
    pub rule: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub message: Box<str>,
    /// Text under the primary underline: most findings share their category's default label.
    pub label: Cow<'static, str>,
    pub help: Arc<str>,
    pub span: Span,
    pub labels: Box<[Label]>,
}

impl Finding {
    /// Moves the finding's spans by `offset` bytes: from a section of a text into the whole.
    pub fn shift(&mut self, offset: usize) {
        self.map_spans(|span| Span::new(span.start + offset, span.end + offset));
    }

    /// Replaces each of the finding's spans (its own and its labels') by `map` of it: into the
    /// whole text from a section, into a file from the view of it.
    pub fn map_spans(&mut self, map: impl Fn(Span) -> Span) {
        self.span = map(self.span);
        for label in &mut self.labels {
            label.span = map(label.span);
        }
    }
}
