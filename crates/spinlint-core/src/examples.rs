//! Running rule examples (`spinlint test`): each rule's flag and pass examples through the
//! same lint as articles get.

use crate::document::Document;
use crate::lint::{lint_with, Selection};
use crate::rules::{RuleKind, RuleSet};
use crate::span::Span;
use std::ops::Range;

pub use crate::rules::marks::mark;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: String,
    /// Byte range of the example in its rule file.
    pub at: Range<usize>,
    pub text: String,
    pub expected: Vec<Span>,
    pub found: Vec<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub passed: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Runs every example of every rule: a flag example must produce exactly its marked spans from
/// its rule, a pass example nothing from it. Examples run with the whole rule set loaded (a
/// density rule counts the findings of others), with the rule enabled.
pub fn run_examples(set: &RuleSet) -> ExampleReport {
    let mut report = ExampleReport::default();
    let mut selection = Selection::defaults(set);
    for index in 0..set.rules.len() {
        let was_enabled = selection.enabled[index];
        selection.enabled[index] = true;
        run_with(set, index, &selection, &mut report);
        selection.enabled[index] = was_enabled;
    }
    report
}

/// Runs the examples of one rule with only that rule selected (and, for a density rule, which
/// counts the findings of others, every rule enabled by default too): what the rule does on its
/// own.
pub fn run_rule_examples(set: &RuleSet, index: usize) -> ExampleReport {
    let mut report = ExampleReport::default();
    let selection = match &set.rules[index].kind {
        RuleKind::Document(kind) if kind.reads_findings() => {
            let mut selection = Selection::defaults(set);
            selection.enabled[index] = true;
            selection
        }
        _ => Selection::only(set, index),
    };
    run_with(set, index, &selection, &mut report);
    report
}

fn run_with(set: &RuleSet, index: usize, selection: &Selection, report: &mut ExampleReport) {
    let rule = &set.rules[index];
    for example in rule.flag.iter().chain(&rule.pass) {
        let doc = Document::parse(&example.text);
        let mut found: Vec<Span> =
            lint_with(&doc, set, selection).into_iter().filter(|f| f.rule == rule.id).map(|f| f.span).collect();
        found.sort();
        let mut expected = example.expected.clone();
        expected.sort();
        if found == expected {
            report.passed += 1;
        } else {
            report.failures.push(ExampleFailure {
                rule: rule.id.to_string(),
                origin: rule.origin.to_string(),
                at: example.at.clone(),
                text: example.text.clone(),
                expected,
                found,
            });
        }
    }
}
