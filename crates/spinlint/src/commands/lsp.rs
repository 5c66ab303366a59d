//! `spinlint lsp`: the language server crate over standard input and output.

use crate::exit::Error;
use std::process::ExitCode;

pub fn run() -> Result<ExitCode, Error> {
    spinlint_ls::run_stdio(spinlint_ls::Options::default())?;
    Ok(ExitCode::SUCCESS)
}
