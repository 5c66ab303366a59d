//! The marks of rule examples: `flag` texts with the expected spans marked `[[like this]]`, `pass` texts
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
