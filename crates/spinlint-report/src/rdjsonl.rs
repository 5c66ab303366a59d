//! reviewdog's Diagnostic Format, one JSON object per line (`rdjsonl`), for
//! `reviewdog -f=rdjsonl`, which can comment only on the lines a pull request changed
//! (`-filter-mode=added`). Columns are 1-based UTF-8 byte counts, as the format defines them.
//! Files that could not be read are on standard error, as in every format.

use crate::FileResult;
use serde_json::{json, Value};
use spinlint_core::finding::Severity;
use spinlint_core::span::Span;
use std::io::Write;

pub const FORMAT: crate::Format = crate::Format {
    name: "rdjsonl",
    help: "reviewdog's diagnostic format, a line per finding (reviewdog -f=rdjsonl)",
    new: emitter,
};

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    Box::new(Rdjsonl { quiet: settings.quiet })
}

/// Lines are written as the files come: nothing is held.
struct Rdjsonl {
    quiet: bool,
}

impl crate::Emitter for Rdjsonl {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        write_files(&files, out, self.quiet)
    }

    fn finish(&mut self, _out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        Ok(())
    }
}

/// 1-based line and 1-based column in bytes of the file as it is on disk (where invalid UTF-8
/// was read as U+FFFD, the replaced bytes count, not the character's three), of an offset.
fn byte_position(file: &FileResult, offset: usize) -> Value {
    let line = file.lines.line_of(offset);
    let start = file.lines.line_starts().get(line).copied().unwrap_or(0);
    let original = file.original_span(Span::new(start, offset));
    json!({ "line": line + 1, "column": original.len() + 1 })
}

fn range(file: &FileResult, span: Span) -> Value {
    json!({ "start": byte_position(file, span.start), "end": byte_position(file, span.end) })
}

pub fn write_files(files: &[FileResult], out: &mut dyn Write, quiet: bool) -> std::io::Result<()> {
    for file in files {
        for finding in &file.findings {
            if quiet && finding.severity == Severity::Info {
                continue;
            }
            let severity = match finding.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            };
            let related: Vec<Value> = finding
                .labels
                .iter()
                .map(|label| {
                    json!({
                        "message": label.message,
                        "location": { "path": file.path, "range": range(file, label.span) },
                    })
                })
                .collect();
            let diagnostic = json!({
                "message": format!("{}\n{}", finding.message, finding.help),
                "location": { "path": file.path, "range": range(file, finding.span) },
                "severity": severity,
                "source": { "name": "spinlint" },
                "code": { "value": &*finding.rule },
                "related_locations": related,
            });
            serde_json::to_writer(&mut *out, &diagnostic)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
