//! What several targets share: the built-in rules, loaded once, and findings made from fuzz bytes.
#![allow(dead_code)] // each target uses a part

use spinlint_core::finding::{Finding, Label};
use spinlint_core::rules::RuleSet;
use spinlint_core::span::Span;
use std::borrow::Cow;
use std::sync::OnceLock;

pub fn builtin_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

/// Splits fuzz bytes at the first NUL: the article before it, the finding specification after.
pub fn split(data: &[u8]) -> (String, &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (String::from_utf8_lossy(&data[..at]).into_owned(), &data[at + 1..]),
        None => (String::from_utf8_lossy(data).into_owned(), &[]),
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Findings of built-in rules at places in `text` chosen by `spec`, 4 bytes each: a start (2
/// bytes), a length (empty ones included), and the rule; every third one has a second label.
/// Overlapping, nested, empty and end-of-text spans all occur.
pub fn findings(text: &str, spec: &[u8]) -> Vec<Finding> {
    let rules = &builtin_rules().rules;
    spec.chunks_exact(4)
        .enumerate()
        .map(|(i, chunk)| {
            let start = floor(text, usize::from(u16::from_le_bytes([chunk[0], chunk[1]])) % (text.len() + 1));
            let end = floor(text, start + usize::from(chunk[2] % 48)).max(start);
            let rule = &rules[usize::from(chunk[3]) % rules.len()];
            let span = Span::new(start, end);
            let labels: Box<[Label]> = if i % 3 == 2 {
                let other = floor(text, end + 3);
                Box::new([Label { span: Span::new(end, other), message: "said by".into() }])
            } else {
                Box::new([])
            };
            Finding {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                severity: rule.severity,
                message: rule.message.clone().into_boxed_str(),
                label: Cow::Borrowed("here"),
                help: rule.help.clone(),
                span,
                labels,
            }
        })
        .collect()
}
