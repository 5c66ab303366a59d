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

/// The words of a directive that suppresses `rules` on the next line with text, as the parser
/// reads them: `spinlint-disable-next-line RULE -- REASON`. Editors' quick fixes write these.
pub fn next_line_directive(rules: &[&str], reason: &str) -> String {
    format!("spinlint-disable-next-line {} -- {reason}", rules.join(", "))
}

/// The words of a directive that suppresses `rules` from here on: `spinlint-disable RULE`.
pub fn disable_directive(rules: &[&str]) -> String {
    format!("spinlint-disable {}", rules.join(", "))
}

/// Directive words as an HTML comment, the form Markdown and HTML take (plain text takes the
/// words on a line of their own).
pub fn html_comment(words: &str) -> String {
    format!("<!-- {words} -->")
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

/// The directives of a text, in order. Linear in the text: the comment around each `spinlint-`
/// is found with cursors over the comment marks found once, not searched for again from each
/// occurrence (80,000 directives on one line took 61 s; unclosed comments 13 s).
fn directives(text: &str, lines: &LineIndex) -> Vec<Directive> {
    let bytes = text.as_bytes();
    let opens: Vec<usize> = memchr::memmem::find_iter(bytes, b"<!--").collect();
    let closes: Vec<usize> = memchr::memmem::find_iter(bytes, b"-->").collect();
    let (mut open_at, mut close_at) = (0, 0);
    let mut out = Vec::new();
    let mut covered_until = 0;
    // A comment whose body is not a directive: any later `spinlint-` in it reads the same body.
    let mut tried_open = None;
    let starts = lines.line_starts();
    for at in memchr::memmem::find_iter(bytes, b"spinlint-") {
        // `spinlint-` again inside a directive (its reason) is part of that directive.
        if at < covered_until {
            continue;
        }
        let line = lines.line_of(at);
        let line_start = starts[line];
        let line_end = starts.get(line + 1).copied().unwrap_or(text.len());
        // The last comment opened before `at`, and the first close after it.
        while open_at < opens.len() && opens[open_at] + 4 <= at {
            open_at += 1;
        }
        while close_at < closes.len() && closes[close_at] < at {
            close_at += 1;
        }
        // A comment that closed before `at` does not hold it.
        let closed_before = close_at.checked_sub(1).map(|i| closes[i]);
        let open = open_at
            .checked_sub(1)
            .map(|i| opens[i])
            .filter(|&open| open >= line_start && closed_before.is_none_or(|close| close < open));
        let (body, span) = if let Some(open) = open {
            if tried_open == Some(open) {
                continue;
            }
            let Some(&close) = closes.get(close_at) else { continue };
            tried_open = Some(open);
            (&text[open + 4..close], Span::new(open, close + 3))
        } else {
            // A directive on a plain-text line of its own: the line's first words.
            let line_text = &text[line_start..line_end];
            let indent = line_text.len() - line_text.trim_start().len();
            if line_start + indent != at {
                continue;
            }
            let trimmed = line_text.trim();
            (trimmed, Span::new(line_start + indent, line_start + line_text.trim_end().len()))
        };
        if let Some((kind, targets)) = parse_directive(body) {
            covered_until = span.end;
            out.push(Directive { kind, targets, span, line });
        }
    }
    out
}

/// What a directive's target matches a finding by: its rule, its category, or (no target) any.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'a> {
    Any,
    Named(&'a str),
}

fn keys(directive: &Directive) -> Vec<Key<'_>> {
    if directive.targets.is_empty() {
        vec![Key::Any]
    } else {
        directive.targets.iter().map(|t| Key::Named(t)).collect()
    }
}

/// The directives by what they target, so that each finding looks only at the directives that can
/// apply to it: rather than every finding at every directive (80,000 unused next-line comments
/// took 47 s).
struct Index<'d> {
    /// The first next-line directive covering a line, by (line, key).
    next_line: std::collections::HashMap<(usize, Key<'d>), usize>,
    /// The disable directives of a key, in order (directive index).
    disables: std::collections::HashMap<Key<'d>, Vec<usize>>,
    /// The spans of a key's enable directives, in order.
    enables: std::collections::HashMap<Key<'d>, Vec<Span>>,
}

impl<'d> Index<'d> {
    fn new(text: &str, starts: &[usize], directives: &'d [Directive]) -> Index<'d> {
        let blank = |l: usize| {
            let end = starts.get(l + 1).copied().unwrap_or(text.len());
            text[starts[l]..end].trim().is_empty()
        };
        let mut index =
            Index { next_line: Default::default(), disables: Default::default(), enables: Default::default() };
        // The line a next-line directive covers: the next line with text on it (found once per
        // directive line: directives share lines).
        let mut covered: Option<(usize, Option<usize>)> = None;
        for (i, directive) in directives.iter().enumerate() {
            match directive.kind {
                Kind::NextLine => {
                    let target = match covered {
                        Some((line, target)) if line == directive.line => target,
                        _ => {
                            let target = (directive.line + 1..starts.len()).find(|&l| !blank(l));
                            covered = Some((directive.line, target));
                            target
                        }
                    };
                    if let Some(target) = target {
                        for key in keys(directive) {
                            index.next_line.entry((target, key)).or_insert(i);
                        }
                    }
                }
                Kind::Disable => keys(directive).into_iter().for_each(|k| index.disables.entry(k).or_default().push(i)),
                Kind::Enable => {
                    keys(directive).into_iter().for_each(|k| index.enables.entry(k).or_default().push(directive.span))
                }
            }
        }
        index
    }

    /// The first directive (in text order) that suppresses `finding`, on `line`.
    fn suppressor(&self, directives: &[Directive], finding: &'d Finding, line: usize) -> Option<usize> {
        let keys = [Key::Any, Key::Named(&finding.rule), Key::Named(&finding.category)];
        let next_line = keys.iter().filter_map(|key| self.next_line.get(&(line, key.clone())).copied()).min();
        // The last enable before the finding that applies to it: a disable counts only after it.
        let last_enable = keys
            .iter()
            .filter_map(|key| {
                let enables = self.enables.get(key)?;
                // Directives do not overlap: their ends are in order too.
                let before = enables.partition_point(|span| span.end <= finding.span.start);
                enables[..before].last().map(|span| span.start)
            })
            .max();
        let disable = keys
            .iter()
            .filter_map(|key| {
                let disables = self.disables.get(key)?;
                let first = disables.partition_point(|&i| last_enable.is_some_and(|e| directives[i].span.end < e));
                disables.get(first).copied().filter(|&i| directives[i].span.end <= finding.span.start)
            })
            .min();
        next_line.into_iter().chain(disable).min()
    }
}

/// Removes suppressed findings and adds an info finding for each suppression that suppressed
/// nothing.
pub fn apply(text: &str, lines: &LineIndex, findings: Vec<Finding>) -> Vec<Finding> {
    let directives = directives(text, lines);
    if directives.is_empty() {
        return findings;
    }
    let index = Index::new(text, lines.line_starts(), &directives);
    let mut used = vec![false; directives.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = lines.line_of(finding.span.start);
        match index.suppressor(&directives, &finding, line) {
            Some(i) => used[i] = true,
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

    /// The quadratic reading these replaced, kept as the reference the linear one must agree with.
    fn applies(targets: &[String], finding: &Finding) -> bool {
        targets.is_empty() || targets.iter().any(|t| *t == *finding.rule || *t == *finding.category)
    }

    fn reference_directives(text: &str, lines: &LineIndex) -> Vec<Directive> {
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
                // Fixed with the linear reading: a comment closed before `at` does not hold it.
                if text[open..at].contains("-->") {
                    continue;
                }
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

    fn reference_apply(text: &str, lines: &LineIndex, findings: Vec<Finding>) -> (Vec<Finding>, Vec<bool>) {
        let directives = reference_directives(text, lines);
        if directives.is_empty() {
            return (findings, Vec::new());
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
                    Kind::NextLine => {
                        next_text_line(directive.line) == Some(line) && applies(&directive.targets, &finding)
                    }
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
        (kept, used)
    }

    proptest::proptest! {
        #[test]
        fn the_linear_reading_agrees_with_the_quadratic_one(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<!-- spinlint-disable-next-line r1 -->", "<!-- spinlint-disable r1, c2 -->",
                "<!-- spinlint-enable r1 -->", "<!-- spinlint-disable -->", "<!-- spinlint-enable -->",
                "<!-- spinlint-enable c2 -->", "spinlint-disable-next-line", "spinlint-disable r2 -- why",
                "<!-- note spinlint-x -->", "<!-- open spinlint-disable", "-->", "bad", "worse words",
                "\n", "\n\n", " ", "spinlint-enable", "<!--", "  spinlint-disable-next-line c1",
            ]), 0..24),
            found in proptest::collection::vec((0usize..400, 0usize..6, 0usize..2, 0usize..2), 0..8),
        ) {
            let text: String = pieces.concat();
            let lines = LineIndex::new(&text);
            let findings: Vec<Finding> = found
                .iter()
                .filter(|_| !text.is_empty())
                .map(|&(at, len, rule, category)| {
                    let start = at % text.len();
                    let end = (start + len).min(text.len());
                    let mut f = finding(["r1", "r2"][rule], Span::new(start, end));
                    f.category = Arc::from(["c1", "c2"][category]);
                    f
                })
                .collect();
            let expected: Vec<Directive> = reference_directives(&text, &lines);
            let directives = directives(&text, &lines);
            let shown = |d: &[Directive]| d.iter().map(|d| (d.kind, d.targets.clone(), d.span, d.line)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(shown(&directives), shown(&expected));
            let (kept, used) = reference_apply(&text, &lines, findings.clone());
            let index = Index::new(&text, lines.line_starts(), &directives);
            let mut now_used = vec![false; directives.len()];
            let mut now_kept = Vec::new();
            for finding in findings {
                match index.suppressor(&directives, &finding, lines.line_of(finding.span.start)) {
                    Some(i) => now_used[i] = true,
                    None => now_kept.push(finding),
                }
            }
            let spans = |f: &[Finding]| f.iter().map(|f| (f.rule.clone(), f.span)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&now_kept), spans(&kept));
            if !used.is_empty() {
                proptest::prop_assert_eq!(now_used, used);
            }
        }
    }

    #[test]
    fn the_directives_written_for_editors_read_back_as_written() {
        let rules = ["no-evidence-none-exists", "fear"];
        let words = next_line_directive(&rules, "the minister's own words -- quoted");
        assert_eq!(parse_directive(&words), Some((Kind::NextLine, rules.map(String::from).to_vec())));
        assert_eq!(
            parse_directive(&disable_directive(&rules)),
            Some((Kind::Disable, rules.map(String::from).to_vec()))
        );
        assert_eq!(html_comment("spinlint-disable r"), "<!-- spinlint-disable r -->");
    }
}
