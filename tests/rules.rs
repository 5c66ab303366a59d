//! One test per built-in rule, named by its id (`cargo test --test rules -- vague-source`): the
//! rule's flag and pass examples, with only that rule selected. `spinlint test` runs the same
//! examples with every rule loaded.

use libtest_mimic::{Arguments, Failed, Trial};
use spinlint_core::examples::{mark, run_rule_examples};
use spinlint_core::rules::RuleSet;
use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let rules = match RuleSet::builtin() {
        Ok(rules) => Arc::new(rules),
        Err(error) => {
            eprintln!("the built-in rules do not load: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let trials = (0..rules.rules.len())
        .map(|index| {
            let rules = Arc::clone(&rules);
            let id = rules.rules[index].id.to_string();
            Trial::test(id, move || examples_of(&rules, index))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

fn examples_of(rules: &RuleSet, index: usize) -> Result<(), Failed> {
    let rule = &rules.rules[index];
    if rule.flag.is_empty() || rule.pass.is_empty() {
        return Err(format!("{} needs flag and pass examples", rule.id).into());
    }
    let report = run_rule_examples(rules, index);
    if report.failures.is_empty() {
        assert_eq!(report.passed, rule.flag.len() + rule.pass.len());
        return Ok(());
    }
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| {
            let found = if f.found.is_empty() { "nothing".to_string() } else { mark(&f.text, &f.found) };
            format!("  example:  {}\n  fired on: {found}", mark(&f.text, &f.expected))
        })
        .collect();
    Err(format!("{} ({}):\n{}", rule.id, rule.origin, failures.join("\n")).into())
}
