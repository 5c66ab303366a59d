//! `spinlint test`: every rule's examples, through the same lint as articles get.

use crate::cli::RuleArgs;
use crate::exit::{Error, FINDINGS};
use spinlint_core::examples::{mark, run_examples};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, dir: Option<&Path>) -> Result<ExitCode, Error> {
    let engine = super::engine(args, dir, Default::default())?;
    let set = engine.rules();
    let outcome = run_examples(set);
    super::print(|out| {
        for failure in &outcome.failures {
            writeln!(out, "FAIL {} ({})", failure.rule, failure.origin)?;
            writeln!(out, "  example:  {}", mark(&failure.text, &failure.expected))?;
            let found =
                if failure.found.is_empty() { "nothing".to_string() } else { mark(&failure.text, &failure.found) };
            writeln!(out, "  fired on: {found}")?;
        }
        writeln!(out, "{} rules tested", set.rules.len())?;
        writeln!(out, "{} passed, {} failed", outcome.passed, outcome.failures.len())
    })?;
    Ok(if outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(FINDINGS) })
}
