//! Rule files and configurations being written: their problems at their TOML line and column,
//! and each failing flag or pass example of a rule file on the example's line, as
//! `spinlint test` would report them.

use crate::convert::{range, toml_problem, SOURCE};
use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use spinlint_core::examples::{mark, run_rule_examples};
use spinlint_core::parallel::Sequential;
use spinlint_core::rules::{RuleSet, RuleSource};
use spinlint_core::span::LineIndex;
use spinlint_core::{ConfigSource, Engine, Options};
use std::path::Path;

/// The name of a configuration file (`spinlint.toml`, `.spinlint.toml`).
pub fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "spinlint.toml" || name == ".spinlint.toml")
}

/// Whether a TOML text is a rule file: it has `[[rule]]` tables, or is one rule (a top-level
/// `id = ...`).
pub fn is_rule_file(text: &str) -> bool {
    text.lines().any(|line| {
        line.starts_with("[[rule]]") || line.strip_prefix("id").is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

/// The problems of a rule file, checked with the built-in rules and the other files of its
/// folder (which may declare its categories); without problems, its failing examples.
pub fn check_rule_file(path: Option<&Path>, text: &str) -> Vec<Diagnostic> {
    let name = path.map_or_else(|| "untitled.toml".to_string(), |p| p.display().to_string());
    // The built-in rules come compiled (spinlint-builtin); only the folder's files compile here.
    let mut sources = Vec::new();
    if let Some(folder) = path.and_then(Path::parent) {
        // The folder as saved, but this file as the editor has it.
        if let Ok(others) = RuleSource::from_dir(folder) {
            sources.extend(others.into_iter().filter(|source| source.name != name));
        }
    }
    sources.push(RuleSource { name: name.clone(), text: text.to_string(), builtin: false });
    let lines = LineIndex::new(text);
    let set = match RuleSet::load_with(spinlint_builtin::RULES, sources, &Sequential) {
        Ok(set) => set,
        Err(errors) => {
            let mut diagnostics = Vec::new();
            for file in &errors.files {
                if file.name == name {
                    diagnostics
                        .extend(file.problems.iter().map(|p| toml_problem(text, &lines, p.span.clone(), &p.message)));
                } else {
                    let message = format!(
                        "{} problem(s) in {}, in the same folder: the examples of this file run once it loads",
                        file.problems.len(),
                        file.name
                    );
                    diagnostics.push(toml_problem(text, &lines, 0..0, &message));
                }
            }
            return diagnostics;
        }
    };
    let mut diagnostics = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        if *rule.origin != *name {
            continue;
        }
        for failure in run_rule_examples(&set, index).failures {
            let flag = !failure.expected.is_empty();
            let fired =
                if failure.found.is_empty() { "nothing".to_string() } else { mark(&failure.text, &failure.found) };
            let message = if flag {
                format!(
                    "flag example of `{}` fails: expected {}, the rule fired on {fired}",
                    rule.id,
                    mark(&failure.text, &failure.expected)
                )
            } else {
                format!("pass example of `{}` fails: the rule fired on {fired}", rule.id)
            };
            diagnostics.push(Diagnostic {
                range: range(text, &lines, failure.at.clone()),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String(if flag { "flag-example" } else { "pass-example" }.to_string())),
                source: Some(SOURCE.to_string()),
                message,
                ..Diagnostic::default()
            });
        }
    }
    diagnostics
}

/// The problems of a configuration file's text: its syntax and settings, and the rules and
/// categories it names (checked against the built-in rules and its rule folders).
pub fn check_config(path: Option<&Path>, text: &str, editor_rules: &[std::path::PathBuf]) -> Vec<Diagnostic> {
    let path = path.unwrap_or(Path::new("spinlint.toml"));
    // With the editor's rule folders too, as drafts are linted: their rules and categories are
    // names the configuration may use.
    let options = Options {
        config: ConfigSource::Text { path: path.to_path_buf(), text: text.to_string() },
        rule_dirs: editor_rules.to_vec(),
        ..spinlint_builtin::options()
    };
    let lines = LineIndex::new(text);
    match Engine::new(options) {
        Ok(_) => Vec::new(),
        Err(spinlint_core::Error::Config(error)) => {
            error.problems.iter().map(|p| toml_problem(text, &lines, p.span.clone(), &p.message)).collect()
        }
        // A rule folder it names is missing, or has problems: said at the top of the file.
        Err(other) => vec![toml_problem(text, &lines, 0..0, &other.to_string())],
    }
}
