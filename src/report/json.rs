//! The JSON contract: `{"diagnostics": [...], "summary": {...}}`. `start`/`end` are byte
//! offsets into the file; `line`/`column` are 1-based, columns in characters.

use super::{Counts, Report};
use crate::span::Span;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Serialize)]
pub struct JsonReport<'r> {
    pub diagnostics: Vec<JsonDiagnostic<'r>>,
    pub summary: Summary<'r>,
    pub errors: Vec<JsonError<'r>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'r> {
    pub path: &'r str,
    pub rule: &'r str,
    pub category: &'r str,
    pub severity: &'static str,
    pub message: &'r str,
    pub help: &'r str,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The words the finding is on.
    pub text: &'r str,
    pub labels: Vec<JsonLabel<'r>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'r> {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: &'r str,
}

#[derive(Serialize)]
pub struct Summary<'r> {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_category: BTreeMap<&'r str, usize>,
    pub by_rule: BTreeMap<&'r str, usize>,
    pub file_errors: usize,
}

#[derive(Serialize)]
pub struct JsonError<'r> {
    pub path: &'r str,
    pub message: &'r str,
}

pub fn build(report: &Report) -> JsonReport<'_> {
    let mut diagnostics = Vec::new();
    let mut by_category = BTreeMap::new();
    let mut by_rule = BTreeMap::new();
    for (file, finding) in report.findings() {
        let position = file.position(finding.span);
        *by_category.entry(&*finding.category).or_insert(0) += 1;
        *by_rule.entry(&*finding.rule).or_insert(0) += 1;
        diagnostics.push(JsonDiagnostic {
            path: &file.path,
            rule: &finding.rule,
            category: &finding.category,
            severity: finding.severity.as_str(),
            message: &finding.message,
            help: &finding.help,
            span: file.original_span(finding.span),
            line: position.line,
            column: position.column,
            end_line: position.end_line,
            end_column: position.end_column,
            text: finding.span.text(&file.text),
            labels: finding
                .labels
                .iter()
                .map(|l| {
                    let p = file.position(l.span);
                    JsonLabel { span: file.original_span(l.span), line: p.line, column: p.column, message: &l.message }
                })
                .collect(),
        });
    }
    let Counts { errors, warnings, infos } = report.counts();
    JsonReport {
        diagnostics,
        summary: Summary {
            files: report.files.len(),
            errors,
            warnings,
            infos,
            by_category,
            by_rule,
            file_errors: report.errors.len(),
        },
        errors: report.errors.iter().map(|e| JsonError { path: &e.path, message: &e.message }).collect(),
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(report)).map_err(std::io::Error::other)?;
    writeln!(out)
}
