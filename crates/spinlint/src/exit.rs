//! The one place where errors become messages and exit codes: 0 clean, 1 findings, 2 usage,
//! configuration or I/O errors.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use spinlint_core::rules::Problem;
use spinlint_report::plural;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// A line on standard error. When standard error is closed (`spinlint ... 2>&1 | head`), the
/// line is dropped: `eprintln!` would panic there.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] spinlint_core::Error),
    #[error("{0}")]
    Usage(String),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Server(#[from] spinlint_server::ServerError),
    #[error(transparent)]
    Lsp(#[from] spinlint_ls::LsError),
}

impl From<spinlint_core::text::TextError> for Error {
    fn from(error: spinlint_core::text::TextError) -> Error {
        Error::Core(error.into())
    }
}

/// An error writing the report.
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Io { path: STDOUT.into(), source }
}

/// How standard output is named in errors.
const STDOUT: &str = "<stdout>";

pub const FINDINGS: u8 = 1;
pub const FAILURE: u8 = 2;

/// Says what went wrong on standard error; the exit code of a command that could not run.
pub fn report(error: &Error) -> ExitCode {
    match error {
        // The reader stopped reading (`spinlint check | head`): nothing to tell a person who
        // chose to stop, but the report is incomplete, so the exit code says so (a CI pipeline
        // with `pipefail` must not take a cut-off run for a clean one).
        Error::Io { path, source } if source.kind() == std::io::ErrorKind::BrokenPipe && path.as_os_str() == STDOUT => {
            return ExitCode::from(FAILURE);
        }
        Error::Core(spinlint_core::Error::Rules(errors)) => {
            for file in &errors.files {
                report_toml_problems(&file.name, &file.text, &file.problems, "invalid rule file");
            }
            let count: usize = errors.files.iter().map(|f| f.problems.len()).sum();
            say!("error: {} in rule files; no article was checked", plural(count, "problem"));
        }
        Error::Core(spinlint_core::Error::Config(error)) => {
            report_toml_problems(
                &error.path.display().to_string(),
                &error.text,
                &error.problems,
                "invalid configuration",
            );
            say!(
                "error: {} in {}; no article was checked",
                plural(error.problems.len(), "problem"),
                error.path.display()
            );
        }
        other => say!("error: {other}"),
    }
    ExitCode::from(FAILURE)
}

fn stderr_color() -> termcolor::ColorChoice {
    if crate::color::auto(std::io::stderr().is_terminal()) {
        termcolor::ColorChoice::Always
    } else {
        termcolor::ColorChoice::Never
    }
}

/// Problems in a TOML file as codespan diagnostics pointing at their line and column.
fn report_toml_problems(name: &str, text: &str, problems: &[Problem], what: &str) {
    let mut files = SimpleFiles::new();
    let id = files.add(name, text);
    let mut stream = termcolor::StandardStream::stderr(stderr_color());
    let config = spinlint_report::human::config();
    for problem in problems {
        let diagnostic = Diagnostic::error()
            .with_message(format!("{what}: {}", first_line(&problem.message)))
            .with_labels(vec![Label::primary(id, problem.span.clone()).with_message(first_line(&problem.message))]);
        let _ = term::emit_to_write_style(&mut stream, &config, &files, &diagnostic);
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).trim().to_string()
}
