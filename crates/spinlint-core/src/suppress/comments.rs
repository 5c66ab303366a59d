//! Suppression comments in documents:
//!
//! ```text
//! <!-- spinlint-disable-next-line RULE-ID -- reason -->
//! <!-- spinlint-disable RULE-ID -->  ...  <!-- spinlint-enable RULE-ID -->
//! ```
//!
//! and the same words on a plain-text line of their own. Several ids may be given, separated by
//! commas or spaces; a category name suppresses its rules; no id suppresses every rule. A
//! suppression that suppressed nothing is reported, as ruff's unused-noqa is.

use crate::finding::{Finding, Severity};
use crate::span::{LineIndex, Span};
use std::sync::Arc;

pub const UNUSED_RULE: &str = "unused-suppression";
pub const UNUSED_CATEGORY: &str = "suppression";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    /// Rule ids or categories; empty: all.
    targets: Vec<String>,
    span: Span,
    line: usize,
}

fn parse_directive(body: &str) -> Option<(Kind, Vec<String>)> {
    let body = body.trim();
    let (kind, rest) = if let Some(rest) = body.strip_prefix("spinlint-disable-next-line") {
        (Kind::NextLine, rest)
    } else if let Some(rest) = body.strip_prefix("spinlint-disable") {
        (Kind::Disable, rest)
    } else if let Some(rest) = body.strip_prefix("spinlint-enable") {
        (Kind::Enable, rest)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    // `-- reason` ends the list of ids.
    let ids = rest.split(" --").next().unwrap_or("");
    let targets =
        ids.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).map(str::to_string).collect();
    Some((kind, targets))
}

fn directives(text: &str, lines: &LineIndex) -> Vec<Directive> {
    let mut out = Vec::new();
    let finder = memchr::memmem::Finder::new(b"spinlint-");
    let mut covered_until = 0;
    for at in finder.find_iter(text.as_bytes()) {
        // `spinlint-` again inside a directive (its reason) is part of that directive.
        if at < covered_until {
            continue;
        }
        let line = lines.line_of(at);
        let starts = lines.line_starts();
        let line_start = starts[line];
        let line_end = starts.get(line + 1).copied().unwrap_or(text.len());
        let line_text = &text[line_start..line_end];
        let trimmed = line_text.trim();
        let (body, span) = if let Some(open) = text[line_start..at].rfind("<!--").map(|o| line_start + o) {
            let Some(close) = text[at..].find("-->") else { continue };
            (&text[open + 4..at + close], Span::new(open, at + close + 3))
        } else if trimmed.starts_with("spinlint-") {
            (
                trimmed,
                Span::new(
                    line_start + (line_text.len() - line_text.trim_start().len()),
                    line_start + line_text.trim_end().len(),
                ),
            )
        } else {
            continue;
        };
        if let Some((kind, targets)) = parse_directive(body) {
            covered_until = span.end;
            out.push(Directive { kind, targets, span, line });
        }
    }
    out
}

fn applies(targets: &[String], finding: &Finding) -> bool {
    targets.is_empty() || targets.iter().any(|t| *t == *finding.rule || *t == *finding.category)
}

/// Removes suppressed findings and adds an info finding for each suppression that suppressed
/// nothing.
pub fn apply(text: &str, lines: &LineIndex, findings: Vec<Finding>) -> Vec<Finding> {
    let directives = directives(text, lines);
    if directives.is_empty() {
        return findings;
    }
    let starts = lines.line_starts();
    // The line a next-line directive covers: the next line with text on it.
    let next_text_line = |line: usize| {
        (line + 1..starts.len()).find(|&l| {
            let end = starts.get(l + 1).copied().unwrap_or(text.len());
            !text[starts[l]..end].trim().is_empty()
        })
    };
    let mut used = vec![false; directives.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = lines.line_of(finding.span.start);
        let mut suppressed = None;
        for (index, directive) in directives.iter().enumerate() {
            let hit = match directive.kind {
                Kind::NextLine => next_text_line(directive.line) == Some(line) && applies(&directive.targets, &finding),
                Kind::Disable => {
                    directive.span.end <= finding.span.start
                        && applies(&directive.targets, &finding)
                        && !directives.iter().any(|e| {
                            e.kind == Kind::Enable
                                && e.span.start > directive.span.end
                                && e.span.end <= finding.span.start
                                && applies(&e.targets, &finding)
                        })
                }
                Kind::Enable => false,
            };
            if hit {
                suppressed = Some(index);
                break;
            }
        }
        match suppressed {
            Some(index) => used[index] = true,
            None => kept.push(finding),
        }
    }
    for (directive, used) in directives.iter().zip(used) {
        if used || directive.kind == Kind::Enable {
            continue;
        }
        let what = if directive.targets.is_empty() { "any rule".to_string() } else { directive.targets.join(", ") };
        kept.push(Finding {
            rule: Arc::from(UNUSED_RULE),
            category: Arc::from(UNUSED_CATEGORY),
            severity: Severity::Info,
            message: format!("this suppression of {what} suppressed nothing").into(),
            label: "unused suppression".into(),
            help: Arc::from("Remove the comment, or correct the rule id; `spinlint rules` lists the ids."),
            span: directive.span,
            labels: Box::default(),
        });
    }
    kept.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, span: Span) -> Finding {
        Finding {
            rule: Arc::from(rule),
            category: Arc::from("no-evidence"),
            severity: Severity::Warning,
            message: Box::default(),
            label: "".into(),
            help: Arc::from(""),
            span,
            labels: Box::default(),
        }
    }

    fn run(text: &str, found: &[(&str, &str)]) -> Vec<String> {
        let lines = LineIndex::new(text);
        let findings = found
            .iter()
            .map(|(rule, words)| {
                let at = text.find(words).unwrap();
                finding(rule, Span::new(at, at + words.len()))
            })
            .collect();
        apply(text, &lines, findings).iter().map(|f| format!("{}:{}", f.rule, &text[f.span.range()])).collect()
    }

    #[test]
    fn next_line_in_markdown_and_plain_text() {
        let text = "<!-- spinlint-disable-next-line r1 -- checked -->\nbad one\nbad two\n";
        assert_eq!(run(text, &[("r1", "bad one"), ("r1", "bad two")]), vec!["r1:bad two"]);
        let text = "spinlint-disable-next-line r1\n\nbad one\n";
        assert_eq!(run(text, &[("r1", "bad one")]), Vec::<String>::new());
    }

    #[test]
    fn region_and_category() {
        let text = "<!-- spinlint-disable no-evidence -->\nbad one\n<!-- spinlint-enable no-evidence -->\nbad two\n";
        assert_eq!(run(text, &[("r1", "bad one"), ("r1", "bad two")]), vec!["r1:bad two"]);
    }

    #[test]
    fn enabling_one_target_keeps_the_others_disabled() {
        let text = "<!-- spinlint-disable r1, r2 -->\nbad one\n<!-- spinlint-enable r2 -->\nbad two\nworse two\n";
        assert_eq!(run(text, &[("r1", "bad two"), ("r2", "worse two")]), vec!["r2:worse two"]);
    }

    #[test]
    fn unused_suppression_is_reported() {
        let text = "<!-- spinlint-disable-next-line r9 -->\nfine\n";
        let out = run(text, &[]);
        assert_eq!(out, vec!["unused-suppression:<!-- spinlint-disable-next-line r9 -->"]);
    }
}
