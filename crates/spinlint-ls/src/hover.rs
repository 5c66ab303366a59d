//! The hover on a finding: its message, then what `spinlint explain` says of the rule (what to
//! do, why it matters, one example it flags and one it does not), in Markdown.

use crate::convert::Published;
use spinlint_core::rules::Rule;
use spinlint_core::span::Span;

/// The Markdown of a finding's hover.
pub fn markdown(finding: &Published, rule: Option<&Rule>) -> String {
    let mut out = format!("**{}[{}]** {}\n", finding.severity, finding.rule, escape(&finding.message));
    let Some(rule) = rule else { return out };
    out.push_str(&format!("\n**What to do**: {}\n", escape(rule.help.trim())));
    if let Some(rationale) = &rule.rationale {
        out.push_str(&format!("\n**Why it matters**: {}\n", escape(&unwrap_lines(rationale))));
    }
    if let Some(example) = rule.flag.first() {
        out.push_str(&format!("\n**Flags**: {}\n", bold(&example.text, &example.expected)));
    }
    if let Some(example) = rule.pass.first() {
        out.push_str(&format!("\n**Does not flag**: {}\n", escape(&example.text)));
    }
    out.push_str(&format!(
        "\n*{}; `spinlint explain {}`; defined in {}:{}*\n",
        rule.category,
        rule.id,
        escape(&rule.origin),
        rule.line
    ));
    out
}

/// A rationale's lines (wrapped in its TOML file) as one paragraph.
fn unwrap_lines(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An example's text with its marked spans in bold.
fn bold(text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in spans {
        if span.start < at
            || span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            continue;
        }
        out.push_str(&escape(&text[at..span.start]));
        out.push_str(&format!("**{}**", escape(&text[span.start..span.end])));
        at = span.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Text with Markdown's marks escaped, so that an article's or rule's words show as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_words_are_bold_and_marks_escaped() {
        assert_eq!(bold("a *b* c", &[Span::new(2, 5)]), "a **\\*b\\*** c");
        assert_eq!(bold("no evidence here", &[Span::new(0, 11)]), "**no evidence** here");
    }
}
