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
    Box::new(Emitter {
        color: settings.color,
        quiet: settings.quiet,
        held: (!settings.stream).then(Vec::new),
        counts: crate::Counts::default(),
        linted: 0,
    })
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

/// The codespan diagnostic of one finding of file `id`. A Word document's findings also say
/// which paragraph they are in (its lines are its paragraphs).
fn diagnostic(id: usize, file: &FileResult, finding: &spinlint_core::finding::Finding) -> Diagnostic<usize> {
    use crate::escape::terminal::escape;
    let mut labels =
        vec![Label::new(LabelStyle::Primary, id, finding.span.range()).with_message(escape(&finding.label))];
    labels.extend(
        finding
            .labels
            .iter()
            .map(|l| Label::new(LabelStyle::Secondary, id, l.span.range()).with_message(escape(&l.message))),
    );
    let mut notes = Vec::with_capacity(2);
    if file.paragraphs {
        let position = file.position(finding.span);
        notes.push(format!("{}: paragraph {}", escape(&file.path), position.line));
    }
    notes.push(format!("help: {}", escape(&finding.help)));
    Diagnostic::new(severity(finding.severity))
        .with_code(escape(&finding.rule))
        .with_message(escape(&finding.message))
        .with_labels(labels)
        .with_notes(notes)
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

/// Writes the diagnostics of some files, one finding at a time: a diagnostic is built, rendered
/// and dropped before the next (built all at once, those of 50 MB of dense text took gigabytes).
pub fn write_files(files: &[FileResult], out: &mut dyn Write, color: bool, quiet: bool) -> std::io::Result<()> {
    let mut shown = ArticleFiles::new(files, Vec::new());
    let config = config();
    let mut buffer = if color { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    for (id, file) in files.iter().enumerate() {
        for finding in &file.findings {
            if quiet && finding.severity == Severity::Info {
                continue;
            }
            let diagnostic = diagnostic(id, file, finding);
            shown.focus = diagnostic.labels.iter().map(|l| l.range.clone()).collect();
            term::emit_to_write_style(&mut buffer, &config, &shown, &diagnostic).map_err(std::io::Error::other)?;
            // Written in pieces of a few kilobytes, not held for the whole batch.
            if buffer.as_slice().len() >= 1 << 16 {
                out.write_all(buffer.as_slice())?;
                buffer.clear();
            }
        }
    }
    out.write_all(buffer.as_slice())
}

/// The summary line: `Found 2 warnings in 3 files.` (none when quiet and nothing to say).
pub fn write_summary(out: &mut dyn Write, counts: crate::Counts, linted: usize, quiet: bool) -> std::io::Result<()> {
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

/// Writes the diagnostics, then a summary line. `color` writes ANSI colours.
pub fn write(report: &Report, out: &mut dyn Write, color: bool, quiet: bool) -> std::io::Result<()> {
    write_files(&report.files, out, color, quiet)?;
    write_summary(out, report.counts(), report.files.len(), quiet)
}

/// The emitter: each batch of files is rendered as it comes, and the files dropped; only the
/// counts are kept for the summary. The rendered text goes straight out when the output may be
/// streamed, and is held (a few hundred bytes a finding, not the files) for a terminal, which
/// shows the progress line until the end.
struct Emitter {
    color: bool,
    quiet: bool,
    held: Option<Vec<u8>>,
    counts: crate::Counts,
    linted: usize,
}

impl crate::Emitter for Emitter {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        self.linted += files.len();
        for (_, finding) in crate::findings_of(&files) {
            self.counts.add(finding.severity);
        }
        match &mut self.held {
            Some(held) => write_files(&files, held, self.color, self.quiet),
            None => write_files(&files, out, self.color, self.quiet),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        if let Some(held) = self.held.take() {
            out.write_all(&held)?;
        }
        write_summary(out, self.counts, self.linted, self.quiet)
    }
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

    #[test]
    fn the_emitter_writes_what_the_whole_report_writes_streamed_or_held() {
        let engine = Engine::builtin().unwrap();
        let files: Vec<FileResult> = (0..6)
            .map(|i| engine.lint(format!("{i}.txt"), None, "There is no evidence. So-called experts. ".repeat(i * 200)))
            .collect();
        for quiet in [false, true] {
            let report = Report { files: files.clone(), ..Report::default() };
            let mut whole = Vec::new();
            write(&report, &mut whole, false, quiet).unwrap();
            for stream in [false, true] {
                let settings = crate::Settings { color: false, quiet, stream };
                let mut emitter = emitter(&settings);
                let mut out = Vec::new();
                for batch in files.chunks(4) {
                    emitter.files(&mut out, batch.to_vec()).unwrap();
                    assert_eq!(out.is_empty(), !stream, "held for a terminal, streamed otherwise");
                }
                let end = crate::End { rules: engine.rules(), errors: &[], notes: &[] };
                emitter.finish(&mut out, &end).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(whole.clone()).unwrap());
            }
        }
    }
}
