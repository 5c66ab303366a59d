//! Compiler-style diagnostics for people, rendered with codespan-reporting.

use crate::FileResult;
use crate::{plural, Report};
use spinlint_core::finding::Severity;
use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};
use std::io::Write;

pub const FORMAT: crate::Format =
    crate::Format { name: "human", help: "Compiler-style diagnostics for people", new: emitter };

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    crate::Whole::boxed(settings, |report, _, settings, out| write(report, out, settings.color, settings.quiet))
}

fn severity(severity: Severity) -> codespan_reporting::diagnostic::Severity {
    match severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    }
}

/// The report's files as codespan sees them, with the project's line numbering (a lone `\r`
/// ends a line; the byte order mark is not a column) so that human and JSON output agree.
pub struct ArticleFiles<'r> {
    files: &'r [FileResult],
    /// Each file's name and text as shown: control characters escaped in the name, and shown as
    /// placeholders of the same length in the text (so spans still hold) rather than sent to the
    /// terminal, which would act on them.
    shown: Vec<(std::borrow::Cow<'r, str>, std::borrow::Cow<'r, str>)>,
    /// The spans of the diagnostic being rendered: a very long line is shown only around them,
    /// so that many findings on one long line do not print it whole each time (quadratic).
    focus: Vec<std::ops::Range<usize>>,
}

/// Lines longer than this (bytes) are shown only around the diagnostic's spans.
const LONG_LINE: usize = 2000;
/// How much of a long line is shown on either side of the spans (bytes).
const LONG_LINE_MARGIN: usize = 240;

impl<'r> Files<'r> for ArticleFiles<'r> {
    type FileId = usize;
    type Name = &'r str;
    type Source = &'r str;

    fn name(&'r self, id: usize) -> Result<&'r str, FilesError> {
        self.shown.get(id).map(|(name, _)| &**name).ok_or(FilesError::FileMissing)
    }

    fn source(&'r self, id: usize) -> Result<&'r str, FilesError> {
        self.shown.get(id).map(|(_, text)| &**text).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'r self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.lines.line_of(byte_index))
    }

    fn line_range(&'r self, id: usize, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let starts = file.lines.line_starts();
        let start =
            *starts.get(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: starts.len() - 1 })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        let on_line = self.focus.iter().filter(|f| f.start <= end && start <= f.end);
        let focus = on_line.cloned().reduce(|a, b| a.start.min(b.start)..a.end.max(b.end));
        if let Some(focus) = focus.filter(|_| end - start > LONG_LINE) {
            let from = spinlint_core::span::floor_char_boundary(&file.text, focus.start.saturating_sub(LONG_LINE_MARGIN));
            let to = spinlint_core::span::ceil_char_boundary(&file.text, focus.end.saturating_add(LONG_LINE_MARGIN));
            let (from, to) = (from.max(start), to.min(end));
            if from < to {
                return Ok(from..to);
            }
        }
        Ok(start..end)
    }

    fn column_number(&'r self, id: usize, _line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.lines.line_column(&file.text, byte_index).1)
    }
}

/// The codespan diagnostics of a report, built as data.
pub fn diagnostics(report: &Report) -> (ArticleFiles<'_>, Vec<Diagnostic<usize>>) {
    use crate::escape::terminal::escape;
    let mut out = Vec::new();
    for (id, file) in report.files.iter().enumerate() {
        for finding in &file.findings {
            let mut labels =
                vec![Label::new(LabelStyle::Primary, id, finding.span.range()).with_message(escape(&finding.label))];
            labels.extend(
                finding
                    .labels
                    .iter()
                    .map(|l| Label::new(LabelStyle::Secondary, id, l.span.range()).with_message(escape(&l.message))),
            );
            out.push(
                Diagnostic::new(severity(finding.severity))
                    .with_code(escape(&finding.rule))
                    .with_message(escape(&finding.message))
                    .with_labels(labels)
                    .with_notes(vec![format!("help: {}", escape(&finding.help))]),
            );
        }
    }
    (ArticleFiles::new(&report.files, Vec::new()), out)
}

impl<'r> ArticleFiles<'r> {
    fn new(files: &'r [FileResult], focus: Vec<std::ops::Range<usize>>) -> ArticleFiles<'r> {
        use crate::escape::terminal::{escape, placeholders};
        let shown = files.iter().map(|f| (escape(&f.path), placeholders(&f.text))).collect();
        ArticleFiles { files, shown, focus }
    }
}

/// The rendering settings shared by every human-facing diagnostic: rustc-style ASCII borders
/// (`--> path:line:col`).
pub fn config() -> Config {
    Config { chars: Chars::ascii(), ..Config::default() }
}

/// Writes the diagnostics, then a summary line. `color` writes ANSI colours.
pub fn write(report: &Report, out: &mut dyn Write, color: bool, quiet: bool) -> std::io::Result<()> {
    let (mut files, diagnostics) = diagnostics(report);
    let config = config();
    let mut buffer = if color { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    for diagnostic in &diagnostics {
        if quiet && diagnostic.severity == codespan_reporting::diagnostic::Severity::Note {
            continue;
        }
        files.focus = diagnostic.labels.iter().map(|l| l.range.clone()).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use spinlint_core::Engine;

    #[test]
    fn a_long_line_is_shown_around_the_finding_only() {
        let text = "x ".repeat(5000) + "there is no evidence, because none exists" + &" y".repeat(5000);
        let engine = Engine::builtin().unwrap();
        let file = engine.lint("long.txt", None, text);
        assert!(!file.findings.is_empty());
        let report = Report { files: vec![file], ..Report::default() };
        let mut out = Vec::new();
        write(&report, &mut out, false, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        let source = out.lines().find(|l| l.contains("no evidence,")).unwrap();
        assert!(source.len() < 1000, "the line is clipped: {} bytes", source.len());
        // The carets still sit under the words.
        let carets = out.lines().skip_while(|l| !l.contains("no evidence,")).nth(1).unwrap();
        let at = carets.find('^').unwrap();
        assert_eq!(&source[at..at + 11], "no evidence");
        assert!(out.contains("long.txt:1:10010"));
    }
}
