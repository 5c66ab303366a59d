//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//! `::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE-ID::message`

use crate::{FileResult, Report};
use spinlint_core::finding::Severity;
use std::io::Write;

pub const FORMAT: crate::Format =
    crate::Format { name: "github", help: "GitHub Actions workflow commands (annotations)", new: emitter };

/// Annotations are written as the files come when the output allows it.
fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    if settings.stream {
        Box::new(Streaming)
    } else {
        crate::Whole::boxed(settings, |report, _, _, out| write(report, out))
    }
}

struct Streaming;

impl crate::Emitter for Streaming {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        write_files(&files, out)
    }

    fn finish(&mut self, out: &mut dyn Write, end: &crate::End) -> std::io::Result<()> {
        write_errors(end.errors, out)
    }
}

/// Escapes the message part of a workflow command (control characters as `\u{1b}`: the log
/// viewer acts on terminal escapes).
fn escape_data(text: &str) -> String {
    crate::escape::terminal::escape(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_files(&report.files, out)?;
    write_errors(&report.errors, out)
}

/// An error annotation for each file that could not be linted: a pull request whose draft
/// could not be read must not look clean.
fn write_errors(errors: &[crate::FileError], out: &mut dyn Write) -> std::io::Result<()> {
    for error in errors {
        writeln!(
            out,
            "::error file={},title=file not linted::{}",
            escape_property(&error.path),
            escape_data(&error.message)
        )?;
    }
    Ok(())
}

/// The annotations of some files: the report is written as the files come.
pub fn write_files(files: &[FileResult], out: &mut dyn Write) -> std::io::Result<()> {
    for (file, finding) in crate::findings_of(files) {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let p = file.position(finding.span);
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{} ({})",
            escape_property(&file.path),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&finding.rule),
            escape_data(&finding.message),
            escape_data(&finding.help)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("line\nbreak: ok"), "line%0Abreak: ok");
        assert_eq!(escape_data("\u{1b}[2Jgone"), "\\u{1b}[2Jgone");
        assert_eq!(escape_property("a\u{7}.md"), "a\\u{7}.md");
    }
}
