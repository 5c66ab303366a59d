//! `spinlint lsp`: the language server crate over standard input and output.

use crate::exit::Error;
use std::process::ExitCode;

pub fn run() -> Result<ExitCode, Error> {
    match spinlint_ls::run_stdio(spinlint_ls::Options::default())? {
        spinlint_ls::Stopped::Shutdown => Ok(ExitCode::SUCCESS),
        // The protocol asks for 1 when `exit` comes without `shutdown`.
        spinlint_ls::Stopped::WithoutShutdown => Ok(ExitCode::from(1)),
    }
}
