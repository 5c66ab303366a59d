//! The `spinlint` command line: arguments, one file per command, walking and reading files,
//! baseline files, progress, and exit codes ([`exit`], the only place errors become them). The
//! linting itself is `spinlint-core`'s, the reports `spinlint-report`'s.

mod baseline;
mod cli;
mod color;
mod commands;
mod exit;
mod progress;
mod read;
mod records;
mod run;
mod walk;
mod width;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    commands::run(cli.command).unwrap_or_else(|error| exit::report(&error))
}
