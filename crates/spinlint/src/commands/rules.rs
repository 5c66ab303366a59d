//! `spinlint rules`: the rules as a table, or the literal words they look for.

use crate::cli::RuleArgs;
use crate::exit::Error;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, phrases: bool) -> Result<ExitCode, Error> {
    let engine = super::engine(args, None, Default::default())?;
    let set = engine.rules();
    if phrases {
        super::print(|out| set.anchor_words().iter().try_for_each(|word| writeln!(out, "{word}")))?;
        return Ok(ExitCode::SUCCESS);
    }
    super::print(|out| table(set, out))?;
    Ok(ExitCode::SUCCESS)
}

fn table(set: &spinlint_core::rules::RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
    writeln!(
        out,
        "# {:<w$}  {:<26}  {:<8}  {:<12}  {:<11}  defined in",
        "id",
        "category",
        "severity",
        "scope",
        "kind",
        w = width - 2
    )?;
    for rule in &set.rules {
        let enabled = if rule.enabled { "" } else { " (off by default)" };
        writeln!(
            out,
            "{:<width$}  {:<26}  {:<8}  {:<12}  {:<11}  {}:{}{enabled}",
            rule.id,
            rule.category,
            rule.severity.as_str(),
            rule.scope_names(),
            rule.kind_name(),
            rule.origin,
            rule.line
        )?;
    }
    Ok(())
}
