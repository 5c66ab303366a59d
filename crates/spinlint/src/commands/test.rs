//! `spinlint test`: every rule's examples, through the same lint as articles get.

use crate::cli::RuleArgs;
use crate::exit::{Error, FINDINGS};
use spinlint_core::examples::{mark, run_examples};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, dir: Option<&Path>) -> Result<ExitCode, Error> {
    let engine = super::engine(args, dir, Default::default())?;
    let set = engine.rules();
    let outcome = run_examples(set);
    let mut out = std::io::stdout().lock();
    for failure in &outcome.failures {
        let _ = writeln!(out, "FAIL {} ({})", failure.rule, failure.origin);
        let _ = writeln!(out, "  example:  {}", mark(&failure.text, &failure.expected));
        let found = if failure.found.is_empty() { "nothing".to_string() } else { mark(&failure.text, &failure.found) };
        let _ = writeln!(out, "  fired on: {found}");
    }
    let _ = writeln!(out, "{} rules tested", set.rules.len());
    let _ = writeln!(out, "{} passed, {} failed", outcome.passed, outcome.failures.len());
    Ok(if outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(FINDINGS) })
}
