//! One file per command; this one picks it and builds the engine they share.

mod check;
mod docs;
mod explain;
mod init;
mod lsp;
mod parse;
mod quality;
mod rules;
mod serve;
mod test;

use crate::cli::{Command, RuleArgs};
use crate::exit::Error;
use spinlint_core::{ConfigSource, Engine, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Check(args) => check::run(args),
        Command::Init { force } => init::run(force),
        Command::Parse { file, input_format } => parse::run(&file, input_format.map(|f| f.format())),
        Command::Test { dir, rules } => test::run(&rules, dir.as_deref()),
        Command::Rules { phrases, rules } => rules::run(&rules, phrases),
        Command::Quality { dir, verbose, techniques, rules } => {
            quality::run(&rules, dir.as_deref(), verbose, techniques.as_deref())
        }
        Command::Explain { id, rules } => explain::run(&rules, &id),
        Command::Serve(args) => serve::run(args),
        Command::Lsp(_) => lsp::run(),
        Command::Completions { shell } => docs::completions(shell),
        Command::Man => docs::man(),
    }
}

/// Writes a command's output to standard output, buffered, and flushes it: a closed pipe or a
/// full disk becomes an error (`exit` keeps a closed pipe quiet), never a panic or a loss that
/// exits 0.
pub fn print(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), Error> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut out).and_then(|()| out.flush()).map_err(crate::exit::stdout_error)
}

/// The engine the rule arguments ask for: the configuration (`--config`, none with
/// `--isolated`, else the nearest `spinlint.toml`), the built-in rules, the configuration's rule
/// folders, the `--rules` folders and `extra`.
pub fn engine(args: &RuleArgs, extra: Option<&Path>, options: Options) -> Result<Engine, Error> {
    let here = PathBuf::from(".");
    let config = match &args.config {
        _ if args.isolated => ConfigSource::Defaults(here),
        Some(path) => ConfigSource::File(path.clone()),
        None => ConfigSource::Discover(here),
    };
    let mut rule_dirs = args.rules.clone();
    rule_dirs.extend(extra.map(Path::to_path_buf));
    let parallel = Arc::new(crate::run::Rayon);
    Ok(Engine::new(Options { config, rule_dirs, parallel, builtin: spinlint_builtin::RULES, ..options })?)
}
