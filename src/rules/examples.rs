//! Rule examples: `flag` texts with the expected spans marked `[[like this]]`, `pass` texts
//! that must not fire.

use super::Example;
use crate::span::Span;
use std::ops::Range;
use toml::Spanned;

const OPEN: &str = "[[";
const CLOSE: &str = "]]";

/// Removes the `[[ ]]` marks, returning the plain text and the marked spans.
pub fn strip_marks(marked: &str) -> Result<(String, Vec<Span>), String> {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut rest = marked;
    let mut open: Option<usize> = None;
    loop {
        let next_open = rest.find(OPEN);
        let next_close = rest.find(CLOSE);
        let (at, is_open) = match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => (o, true),
            (_, Some(c)) => (c, false),
            (Some(o), None) => (o, true),
            (None, None) => break,
        };
        text.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        match (is_open, open) {
            (true, None) => open = Some(text.len()),
            (true, Some(_)) => return Err("a `[[` inside another marked span".into()),
            (false, Some(start)) => {
                if start == text.len() {
                    return Err("an empty marked span `[[]]`".into());
                }
                spans.push(Span::new(start, text.len()));
                open = None;
            }
            (false, None) => return Err("a `]]` with no `[[` before it".into()),
        }
    }
    text.push_str(rest);
    if open.is_some() {
        return Err("a `[[` that is never closed with `]]`".into());
    }
    Ok((text, spans))
}

pub fn parse_examples(
    list: &[Spanned<String>],
    flag: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Vec<Example> {
    let mut out = Vec::new();
    for example in list {
        match strip_marks(example.get_ref()) {
            Ok((text, expected)) => {
                if flag && expected.is_empty() {
                    push(example.span(), "a flag example must mark what fires with `[[...]]`".into());
                    continue;
                }
                if !flag && !expected.is_empty() {
                    push(example.span(), "a pass example must not fire, so it has no `[[...]]` marks".into());
                    continue;
                }
                out.push(Example { text, expected, at: example.span() });
            }
            Err(message) => push(example.span(), message),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_spans() {
        let (text, spans) = strip_marks("There is [[no evidence]] at [[all]].").unwrap();
        assert_eq!(text, "There is no evidence at all.");
        assert_eq!(spans.iter().map(|s| s.text(&text)).collect::<Vec<_>>(), vec!["no evidence", "all"]);
    }

    #[test]
    fn bad_marks() {
        assert!(strip_marks("[[open").is_err());
        assert!(strip_marks("close]]").is_err());
        assert!(strip_marks("[[]]").is_err());
    }
}

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
pub fn run_examples(set: &super::RuleSet) -> ExampleReport {
    let mut report = ExampleReport::default();
    let mut selection = crate::lint::Selection::defaults(set);
    for (index, rule) in set.rules.iter().enumerate() {
        let was_enabled = selection.enabled[index];
        selection.enabled[index] = true;
        for example in rule.flag.iter().chain(&rule.pass) {
            let doc = crate::document::Document::parse(&example.text);
            let mut found: Vec<Span> = crate::lint::lint_with(&doc, set, &selection)
                .into_iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| f.span)
                .collect();
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
        selection.enabled[index] = was_enabled;
    }
    report
}

/// Shows spans in an example's text with `[[ ]]`, for a failure message.
pub fn mark(text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in spans {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(OPEN);
        out.push_str(&text[span.start..span.end]);
        out.push_str(CLOSE);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
