//! Findings as the protocol's diagnostics: byte spans become UTF-16 positions here, at the edge.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range, Url,
};
use serde::{Deserialize, Serialize};
use spinlint_core::finding::Severity;
use spinlint_core::span::LineIndex;
use spinlint_core::utf16::PositionCounter;
use spinlint_core::FileResult;
use std::sync::Arc;

/// The diagnostics' `source`.
pub const SOURCE: &str = "spinlint";

/// What a diagnostic carries in `data` for its code actions, so that none needs a second lint:
/// the rule, and the 0-based line the finding starts on (where a suppression goes above).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FindingData {
    pub rule: String,
    pub line: u32,
}

/// A finding published, kept for hovers and definitions.
#[derive(Debug, Clone)]
pub struct Published {
    pub range: Range,
    pub rule: Arc<str>,
    pub message: Box<str>,
    pub severity: Severity,
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A position of the protocol; counts past `u32::MAX` (a 4 GiB line) saturate.
fn position((line, character): (usize, usize)) -> Position {
    Position::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(character).unwrap_or(u32::MAX))
}

/// The byte range of a text as a range of the protocol.
pub fn range(text: &str, lines: &LineIndex, span: std::ops::Range<usize>) -> Range {
    let mut counter = PositionCounter::new(text, lines);
    let start = position(counter.position(span.start));
    Range::new(start, position(counter.position(span.end)))
}

/// The diagnostics of a linted document, and what hovers need of them. Starts and ends are
/// each counted with a counter of their own: findings come sorted by start, so each counter
/// moves forward and a document costs a pass over its text, however long its lines.
pub fn diagnostics(uri: &Url, result: &FileResult) -> (Vec<Diagnostic>, Vec<Published>) {
    let text: &str = &result.text;
    let mut starts = PositionCounter::new(text, &result.lines);
    let mut ends = PositionCounter::new(text, &result.lines);
    let mut diagnostics = Vec::with_capacity(result.findings.len());
    let mut published = Vec::with_capacity(result.findings.len());
    for finding in &result.findings {
        let start = position(starts.position(finding.span.start));
        let range = Range::new(start, position(ends.position(finding.span.end)));
        let related: Vec<DiagnosticRelatedInformation> = finding
            .labels
            .iter()
            .map(|label| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), self::range(text, &result.lines, label.span.range())),
                message: label.message.clone(),
            })
            .collect();
        let data = FindingData { rule: finding.rule.to_string(), line: start.line };
        diagnostics.push(Diagnostic {
            range,
            severity: Some(severity(finding.severity)),
            code: Some(NumberOrString::String(finding.rule.to_string())),
            source: Some(SOURCE.to_string()),
            message: finding.message.to_string(),
            related_information: (!related.is_empty()).then_some(related),
            data: serde_json::to_value(data).ok(),
            ..Diagnostic::default()
        });
        published.push(Published {
            range,
            rule: finding.rule.clone(),
            message: finding.message.clone(),
            severity: finding.severity,
        });
    }
    (diagnostics, published)
}

/// A problem in a TOML file (configuration, rule file) at its line and column.
pub fn toml_problem(text: &str, lines: &LineIndex, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
    Diagnostic {
        range: range(text, lines, span),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: message.to_string(),
        ..Diagnostic::default()
    }
}
