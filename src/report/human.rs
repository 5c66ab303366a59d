//! Compiler-style diagnostics for people, rendered with codespan-reporting.

use super::{plural, Report};
use crate::finding::Severity;
use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use std::io::Write;

fn severity(severity: Severity) -> codespan_reporting::diagnostic::Severity {
    match severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    }
}

/// The codespan diagnostics of a report, built as data.
pub fn diagnostics(report: &Report) -> (SimpleFiles<&str, &str>, Vec<Diagnostic<usize>>) {
    let mut files = SimpleFiles::new();
    let mut out = Vec::new();
    for file in &report.files {
        if file.findings.is_empty() {
            continue;
        }
        let id = files.add(file.path.as_str(), file.text.as_str());
        for finding in &file.findings {
            let mut labels = vec![Label::new(LabelStyle::Primary, id, finding.span.range()).with_message(&finding.label)];
            labels.extend(finding.labels.iter().map(|l| Label::new(LabelStyle::Secondary, id, l.span.range()).with_message(&l.message)));
            out.push(
                Diagnostic::new(severity(finding.severity))
                    .with_code(finding.rule.to_string())
                    .with_message(&finding.message)
                    .with_labels(labels)
                    .with_notes(vec![format!("help: {}", finding.help)]),
            );
        }
    }
    (files, out)
}

/// Writes the diagnostics, then a summary line. `color` writes ANSI colours.
pub fn write(report: &Report, out: &mut dyn Write, color: bool, quiet: bool) -> std::io::Result<()> {
    let (files, diagnostics) = diagnostics(report);
    let config = Config::default();
    let mut buffer = if color { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    for diagnostic in &diagnostics {
        if quiet && diagnostic.severity == codespan_reporting::diagnostic::Severity::Note {
            continue;
        }
        term::emit_to_write_style(&mut buffer, &config, &files, diagnostic).map_err(std::io::Error::other)?;
    }
    out.write_all(buffer.as_slice())?;
    let counts = report.counts();
    let linted = report.files.len();
    if !quiet || counts.errors + counts.warnings > 0 {
        let mut parts = Vec::new();
        if counts.errors > 0 {
            parts.push(plural(counts.errors, "error"));
        }
        if counts.warnings > 0 {
            parts.push(plural(counts.warnings, "warning"));
        }
        if counts.infos > 0 && !quiet {
            parts.push(plural(counts.infos, "note"));
        }
        if parts.is_empty() {
            writeln!(out, "No findings in {}.", plural(linted, "file"))?;
        } else {
            writeln!(out, "Found {} in {}.", parts.join(", "), plural(linted, "file"))?;
        }
    }
    Ok(())
}
