//! Long texts (an archive exported as one file) are linted in sections of about a megabyte,
//! cut at paragraph breaks, so that a huge file uses all cores and its parsed model never has to
//! be held whole. An article is short enough to be one section: nothing changes for it.
//!
//! A cut falls only between paragraphs, never where the next paragraph opens with a quotation
//! mark (a quotation continued across paragraphs) or the previous one ends with a colon (a lead
//! to a statement). What does see less: a `document` window and density rules look at one
//! section.

use crate::document::Document;
use crate::finding::Finding;
use crate::lint::{lint_with, Selection};
use crate::rules::RuleSet;
use crate::span::Span;
use rayon::prelude::*;

/// The size a section aims at.
pub const SECTION_BYTES: usize = 1 << 20;

/// The sections of `text`, in order, covering all of it.
pub fn split(text: &str, target: usize) -> Vec<Span> {
    let target = target.max(1);
    let mut sections = Vec::new();
    let mut from = 0;
    // The last section may be up to half as long again, rather than a small remainder.
    while text.len() - from > target + target / 2 {
        match paragraph_break_after(text, from + target) {
            Some(cut) if cut < text.len() => {
                sections.push(Span::new(from, cut));
                from = cut;
            }
            _ => break,
        }
    }
    sections.push(Span::new(from, text.len()));
    sections
}

/// The start of the first paragraph after byte `at` that a section may begin with.
fn paragraph_break_after(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut search = at;
    while let Some(found) = memchr_newline(bytes, search) {
        // Skip blank lines (spaces, tabs, carriage returns between line feeds).
        let mut next = found + 1;
        let mut blank_lines = 0;
        loop {
            let line_end = bytes[next..].iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\r'));
            match line_end {
                Some(offset) if bytes[next + offset] == b'\n' => {
                    blank_lines += 1;
                    next += offset + 1;
                }
                _ => break,
            }
        }
        let paragraph_start = next + bytes[next..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if blank_lines > 0 && paragraph_start < bytes.len() && may_start_section(text, found, paragraph_start) {
            return Some(paragraph_start);
        }
        search = next.max(found + 1);
    }
    None
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes.get(from..)?.iter().position(|&b| b == b'\n').map(|offset| from + offset)
}

/// A paragraph can open a section unless it continues a quotation or answers a colon lead.
fn may_start_section(text: &str, previous_end: usize, start: usize) -> bool {
    let ends_with_colon = text[..previous_end].trim_end().ends_with(':');
    let opens_with_quote =
        text[start..].chars().next().is_some_and(|c| matches!(c, '"' | '\'' | '“' | '‘' | '«' | '„' | '‚' | '>'));
    !ends_with_colon && !opens_with_quote
}

/// Parses and lints `text`, section by section in parallel when it is long; the findings are in
/// the order `lint_with` gives, with spans into the whole text.
pub fn lint_text(text: &str, rules: &RuleSet, selection: &Selection) -> Vec<Finding> {
    let sections = split(text, SECTION_BYTES);
    if let [only] = sections.as_slice() {
        debug_assert_eq!(*only, Span::new(0, text.len()));
        return lint_with(&Document::parse(text), rules, selection);
    }
    let lint_section = |section: &Span| {
        let doc = Document::parse(section.text(text));
        let mut findings = lint_with(&doc, rules, selection);
        for finding in &mut findings {
            finding.shift(section.start);
        }
        findings
    };
    // A few sections per thread at a time, appended in order: the findings are never held twice.
    let mut all = Vec::new();
    for batch in sections.chunks(2 * rayon::current_num_threads()) {
        let per_section: Vec<Vec<Finding>> = batch.par_iter().map(lint_section).collect();
        for findings in per_section {
            all.extend(findings);
        }
    }
    all.shrink_to_fit();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, target: usize) -> Vec<&str> {
        split(text, target).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn a_short_text_is_one_section() {
        assert_eq!(pieces("One.\n\nTwo.\n", 100), vec!["One.\n\nTwo.\n"]);
    }

    #[test]
    fn sections_cover_the_text_and_cut_between_paragraphs() {
        let text = "Alpha one.\n\nBeta two.\r\n\r\nGamma three.\n\n\nDelta four.\n";
        let parts = pieces(text, 8);
        assert_eq!(parts.concat(), text);
        assert_eq!(parts, vec!["Alpha one.\n\n", "Beta two.\r\n\r\n", "Gamma three.\n\n\n", "Delta four.\n"]);
    }

    #[test]
    fn no_cut_before_a_continued_quotation_or_after_a_colon_lead() {
        let text = "Intro line here.\n\n“Quoted on.\n\nShe said:\n\nA statement.\n\nPlain again.\n";
        let parts = pieces(text, 4);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| !p.starts_with('“') && !p.starts_with("A statement")), "{parts:?}");
    }

    #[test]
    fn a_text_without_paragraph_breaks_stays_whole() {
        let text = "word ".repeat(100);
        assert_eq!(split(&text, 10), vec![Span::new(0, text.len())]);
    }

    #[test]
    fn findings_in_a_sectioned_text_point_into_the_whole_text() {
        let rules = RuleSet::builtin().expect("built-in rules");
        let article = "The claims are baseless, officials said nothing.\n\nThere is no evidence of fraud.\n\n";
        let text = article.repeat(40_000);
        assert!(split(&text, SECTION_BYTES).len() > 1);
        let selection = Selection::defaults(&rules);
        let whole = lint_text(&text, &rules, &selection);
        let one_article = lint_with(&Document::parse(article), &rules, &selection);
        assert!(!one_article.is_empty());
        assert_eq!(whole.len(), one_article.len() * 40_000);
        for (index, finding) in whole.iter().enumerate() {
            let expected = &one_article[index % one_article.len()];
            assert_eq!(finding.span.text(&text), expected.span.text(article));
            assert_eq!(finding.rule, expected.rule);
        }
    }
}
