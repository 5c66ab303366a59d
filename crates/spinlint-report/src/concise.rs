//! One line per finding, `path:line:column: severity[rule] message`, as ruff's and Vale's
//! concise formats write them and as editors' quickfix lists (Vim's `errorformat`, Emacs'
//! compilation mode) read them. Files that could not be read are on standard error, as in every
//! format.

use crate::FileResult;
use std::io::Write;

pub const FORMAT: crate::Format = crate::Format {
    name: "concise",
    help: "One line per finding: path:line:column: severity[rule] message (quickfix lists)",
    new: emitter,
};

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    Box::new(Concise { quiet: settings.quiet })
}

/// Lines are written as the files come: nothing is held.
struct Concise {
    quiet: bool,
}

impl crate::Emitter for Concise {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        write_files(&files, out, self.quiet)
    }

    fn finish(&mut self, _out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        Ok(())
    }
}

/// The lines of some files' findings. Control characters in names and messages are escaped
/// (`\u{1b}`): a terminal would act on them.
pub fn write_files(files: &[FileResult], out: &mut dyn Write, quiet: bool) -> std::io::Result<()> {
    use crate::escape::terminal::escape;
    for file in files {
        let path = escape(&file.path);
        for finding in &file.findings {
            if quiet && finding.severity == spinlint_core::finding::Severity::Info {
                continue;
            }
            let position = file.position(finding.span);
            writeln!(
                out,
                "{path}:{}:{}: {}[{}] {}",
                position.line,
                position.column,
                finding.severity.as_str(),
                escape(&finding.rule),
                escape(&finding.message).replace(['\n', '\r'], " ")
            )?;
        }
    }
    Ok(())
}
