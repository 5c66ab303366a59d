//! `spinlint explain ID`: what a rule flags, why it matters, what to do, with examples.

use crate::cli::RuleArgs;
use crate::exit::Error;
use spinlint_core::examples::mark;
use spinlint_core::rules::Rule;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, id: &str) -> Result<ExitCode, Error> {
    let engine = super::engine(args, None, Default::default())?;
    let set = engine.rules();
    let Some(rule) = set.get(id) else {
        let ids = set.rules.iter().map(|r| &*r.id);
        return Err(Error::Usage(spinlint_core::suggest::unknown_rule(id, ids, "`spinlint rules`")));
    };
    super::print(|out| out.write_all(explain(rule).as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}\n", rule.id));
    let mut line = |label: &str, value: &str| out.push_str(&format!("  {label:<10} {value}\n"));
    line("category", &rule.category);
    line("severity", &format!("{} (in an attributed quotation: {})", rule.severity, rule.quoted_severity));
    line("scope", &rule.scope_names());
    line("kind", rule.kind_name());
    line("enabled", if rule.enabled { "yes" } else { "no (enable it in spinlint.toml)" });
    line("defined", &format!("{}:{}", rule.origin, rule.line));
    out.push_str(&format!("\nMessage\n  {}\n", rule.message));
    if let Some(rationale) = &rule.rationale {
        out.push_str(&format!("\nWhy it matters\n  {}\n", rationale.trim()));
    }
    out.push_str(&format!("\nWhat to do\n  {}\n", rule.help.trim()));
    if !rule.flag.is_empty() {
        out.push_str("\nFlags\n");
        for example in &rule.flag {
            out.push_str(&format!("  - {}\n", mark(&example.text, &example.expected)));
        }
    }
    if !rule.pass.is_empty() {
        out.push_str("\nDoes not flag\n");
        for example in &rule.pass {
            out.push_str(&format!("  - {}\n", example.text));
        }
    }
    if !rule.links.is_empty() {
        out.push_str("\nRead more\n");
        for link in &rule.links {
            out.push_str(&format!("  {link}\n"));
        }
    }
    out
}
