//! `spinlint explain ID`: what a rule flags, why it matters, what to do, with examples
//! (`Rule::explain` writes it, for every front end).

use crate::cli::RuleArgs;
use crate::exit::Error;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, id: &str) -> Result<ExitCode, Error> {
    let engine = super::engine(args, None, Default::default())?;
    let set = engine.rules();
    let Some(rule) = set.get(id) else {
        let ids = set.rules.iter().map(|r| &*r.id);
        return Err(Error::Usage(spinlint_core::suggest::unknown_rule(id, ids, "`spinlint rules`")));
    };
    super::print(|out| out.write_all(rule.explain().as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}
