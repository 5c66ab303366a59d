//! Long texts (an archive exported as one file) are linted in sections of about 256 KiB, cut
//! at paragraph breaks, so that a huge file uses all cores and its parsed model never has to be
//! held whole (smaller sections, smaller peaks of memory; the context read twice costs a few per
//! cent). A text up to one and a half sections long is one section: nothing changes for an
//! article.
//!
//! A cut falls only between paragraphs, outside fenced code, never where the next paragraph opens
//! with a quotation mark (a quotation continued across paragraphs) or the previous one ends with
//! a colon (a lead to a statement). Each section is parsed with about `CONTEXT` bytes of the text
//! on either side (also cut at such breaks), and keeps the findings that start inside it: a
//! window of sentences around a match, a quotation or an interview that runs across a cut, see
//! the same text as in the whole file. What does see less: a `document` window and density rules
//! look at one section (with its context).

use crate::document::blocks::{is_fence_line, view_blocks, Block};
use crate::document::Document;
use crate::finding::Finding;
use crate::lint::{lint_with, Selection};
use crate::parallel::{self, Parallel};
use crate::rules::RuleSet;
use crate::span::Span;
use crate::view::View;

/// The size a section aims at.
pub const SECTION_BYTES: usize = 1 << 18;
/// The text read on either side of a section.
pub const CONTEXT: usize = 8 << 10;

/// A section: the part of the text whose findings it reports, and the part it parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub own: Span,
    pub parsed: Span,
}

/// The sections of `text`, in order: their own parts cover all of it.
pub fn split(text: &str, target: usize, context: usize) -> Vec<Section> {
    let target = target.max(1);
    if text.len() <= target + target / 2 {
        let whole = Span::new(0, text.len());
        return vec![Section { own: whole, parsed: whole }];
    }
    let breaks = section_breaks(text);
    let mut cuts = vec![0];
    let mut from = 0;
    // The last section may be up to half as long again, rather than a small remainder.
    while text.len() - from > target + target / 2 {
        let next = breaks.partition_point(|&b| b < from + target);
        match breaks.get(next) {
            Some(&cut) => {
                cuts.push(cut);
                from = cut;
            }
            None => break,
        }
    }
    cuts.push(text.len());
    cuts.windows(2)
        .map(|pair| {
            let own = Span::new(pair[0], pair[1]);
            // The break at or before `own.start - context`, and the one at or after `own.end + context`.
            let before = breaks.partition_point(|&b| b <= own.start.saturating_sub(context));
            let start = if own.start <= context || before == 0 { 0 } else { breaks[before - 1] };
            let after = breaks.partition_point(|&b| b < own.end + context);
            let end = breaks.get(after).copied().unwrap_or(text.len()).max(own.end);
            Section { own, parsed: Span::new(start.min(own.start), end) }
        })
        .collect()
}

/// Where a section may start: the first byte of a paragraph after a blank line, outside fenced
/// code, unless that paragraph continues a quotation or answers a colon lead.
fn section_breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut breaks = Vec::new();
    let mut in_fence = false;
    let mut previous_blank = false;
    let mut previous_text_end = 0;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let blank = line.trim().is_empty();
        if !blank {
            if previous_blank && !in_fence && may_start_section(text, previous_text_end, line_start) {
                breaks.push(line_start);
            }
            if is_fence_line(line) {
                in_fence = !in_fence;
            }
            previous_text_end = line_end;
        }
        previous_blank = blank && line_start > 0;
        line_start = line_end + 1;
    }
    breaks
}

/// A paragraph can open a section unless it continues a quotation or answers a colon lead.
fn may_start_section(text: &str, previous_end: usize, start: usize) -> bool {
    let ends_with_colon = text[..previous_end].trim_end().ends_with(':');
    let opens_with_quote = text[start..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '"' | '\'' | '“' | '‘' | '«' | '„' | '‚' | '>'));
    !ends_with_colon && !opens_with_quote
}

/// Parses and lints `text`, section by section in parallel when it is long; the findings are in
/// the order `lint_with` gives, with spans into the whole text.
pub fn lint_text(text: &str, rules: &RuleSet, selection: &Selection, parallel: &dyn Parallel) -> Vec<Finding> {
    lint_in_sections(text, rules, selection, parallel, SECTION_BYTES, CONTEXT)
}

/// `lint_text` for the view of a Markdown, HTML or Word file: its blocks are those its reader
/// found, not read again from its lines.
pub fn lint_view(view: &View, rules: &RuleSet, selection: &Selection, parallel: &dyn Parallel) -> Vec<Finding> {
    let blocks = view_blocks(&view.text, &view.blocks);
    lint_sections_of(&view.text, Some(&blocks), rules, selection, parallel, SECTION_BYTES, CONTEXT)
}

/// `lint_text` with a chosen section size and context (tests and fuzzing use small ones).
pub fn lint_in_sections(
    text: &str,
    rules: &RuleSet,
    selection: &Selection,
    parallel: &dyn Parallel,
    target: usize,
    context: usize,
) -> Vec<Finding> {
    lint_sections_of(text, None, rules, selection, parallel, target, context)
}

/// The blocks of `all` inside `span`, moved to offsets in it.
fn blocks_within(all: &[Block], span: Span) -> Vec<Block> {
    let from = all.partition_point(|b| b.span.start < span.start);
    let shift = |s: Span| Span::new(s.start - span.start, s.end - span.start);
    all[from..]
        .iter()
        .take_while(|b| b.span.end <= span.end)
        .map(|b| Block {
            kind: b.kind,
            span: shift(b.span),
            content: shift(b.content),
            speaker: b.speaker.map(shift),
            inner_markers: b.inner_markers.iter().copied().map(shift).collect(),
        })
        .collect()
}

fn lint_sections_of(
    text: &str,
    blocks: Option<&[Block]>,
    rules: &RuleSet,
    selection: &Selection,
    parallel: &dyn Parallel,
    target: usize,
    context: usize,
) -> Vec<Finding> {
    let parse = |span: Span| match blocks {
        Some(blocks) => Document::parse_blocks(span.text(text), blocks_within(blocks, span)),
        None => Document::parse(span.text(text)),
    };
    let sections = split(text, target, context);
    if let [only] = sections.as_slice() {
        debug_assert_eq!(only.parsed, Span::new(0, text.len()));
        return lint_with(&parse(only.parsed), rules, selection);
    }
    let lint_section = |section: &Section| {
        let doc = parse(section.parsed);
        let mut findings = lint_with(&doc, rules, selection);
        for finding in &mut findings {
            finding.shift(section.parsed.start);
        }
        findings.retain(|f| section.own.start <= f.span.start && f.span.start < section.own.end);
        findings
    };
    // A few sections per thread at a time, appended in order: the findings are never held twice.
    let mut all = Vec::new();
    for batch in sections.chunks(2 * parallel.threads().max(1)) {
        let per_section: Vec<Vec<Finding>> = parallel::map(parallel, batch, lint_section);
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

    fn owns(text: &str, target: usize) -> Vec<&str> {
        split(text, target, 0).iter().map(|s| s.own.text(text)).collect()
    }

    #[test]
    fn a_short_text_is_one_section() {
        assert_eq!(owns("One.\n\nTwo.\n", 100), vec!["One.\n\nTwo.\n"]);
    }

    #[test]
    fn sections_cover_the_text_and_cut_between_paragraphs() {
        let text = "Alpha one.\n\nBeta two.\r\n\r\nGamma three.\n\n\nDelta four.\n";
        let parts = owns(text, 8);
        assert_eq!(parts.concat(), text);
        assert_eq!(parts, vec!["Alpha one.\n\n", "Beta two.\r\n\r\n", "Gamma three.\n\n\n", "Delta four.\n"]);
    }

    #[test]
    fn no_cut_before_a_continued_quotation_after_a_colon_lead_or_inside_code() {
        let text = "Intro line here.\n\n“Quoted on.\n\n  “Indented, quoted on.\n\nShe said:\n\nA statement.\n\n```\ncode\n\nmore code\n```\n\nPlain again.\n";
        let parts = owns(text, 4);
        assert_eq!(parts.concat(), text);
        assert!(
            parts.iter().all(|p| !p.trim_start().starts_with('“')
                && !p.starts_with("A statement")
                && !p.starts_with("more code")),
            "{parts:?}"
        );
    }

    #[test]
    fn a_text_without_paragraph_breaks_stays_whole() {
        let text = "word ".repeat(100);
        assert_eq!(owns(&text, 10), vec![text.as_str()]);
    }

    #[test]
    fn a_section_reads_the_text_around_it() {
        let text = "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n";
        let sections = split(text, 6, 6);
        assert!(sections.len() > 2);
        for section in &sections {
            assert!(section.parsed.contains(section.own));
        }
        let middle = sections[1];
        assert!(middle.parsed.start < middle.own.start && middle.parsed.end > middle.own.end, "{middle:?}");
    }

    /// Findings compared across cuts: without density findings, which count per section by
    /// design.
    fn without_density(findings: &[Finding]) -> Vec<(Span, std::sync::Arc<str>, Box<str>)> {
        findings
            .iter()
            .filter(|f| !f.rule.ends_with("-density"))
            .map(|f| (f.span, f.rule.clone(), f.message.clone()))
            .collect()
    }

    /// Linting in sections finds what linting the whole text finds, whatever the cuts.
    #[test]
    fn sections_with_context_find_what_the_whole_text_finds() {
        let rules = RuleSet::builtin().expect("built-in rules");
        let selection = Selection::defaults(&rules);
        let mut text = String::new();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut seeds: Vec<_> = std::fs::read_dir(&fixtures)
            .expect("fixtures")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        seeds.sort();
        assert_eq!(seeds.len(), 5, "the five seed articles");
        for path in seeds {
            text.push_str(&std::fs::read_to_string(&path).expect("seed article"));
            text.push_str("\n\n");
        }
        let whole = without_density(&lint_with(&Document::parse(&text), &rules, &selection));
        for target in [3_000, 7_000, 20_000] {
            let sectioned = without_density(&lint_in_sections(
                &text,
                &rules,
                &selection,
                &crate::parallel::Sequential,
                target,
                4_000,
            ));
            assert_eq!(sectioned, whole, "sections of {target} bytes");
        }
    }

    /// A view (a Markdown, HTML or Word file's prose) linted in sections keeps its reader's
    /// blocks in each: the same findings as linted whole.
    #[test]
    fn a_view_in_sections_finds_what_the_whole_view_finds() {
        let rules = RuleSet::builtin().expect("built-in rules");
        let selection = Selection::defaults(&rules);
        let mut builder = crate::view::ViewBuilder::new();
        let mut offset = 0;
        for article in crate::test_support::fixture_articles() {
            for paragraph in article.split("\n\n").filter(|p| !p.trim().is_empty()) {
                // One line per block, as readers write them; a fence line stays a paragraph.
                let paragraph = paragraph.replace('\n', " ");
                builder.start_block("paragraph", "", offset);
                builder.copy(&paragraph, offset);
                offset += paragraph.len() + 2;
                builder.start_block("paragraph", "", offset);
                builder.copy("~~~ not a fence", offset);
                offset += 17;
            }
        }
        let view = builder.finish();
        let blocks = view_blocks(&view.text, &view.blocks);
        let whole = without_density(&lint_with(&Document::parse_view(&view), &rules, &selection));
        assert!(whole.len() > 50, "findings all through the view: {}", whole.len());
        for target in [3_000, 8_000] {
            assert!(split(&view.text, target, 4_000).len() > 1, "{} bytes cut at {target}", view.text.len());
            let sectioned = without_density(&lint_sections_of(
                &view.text,
                Some(&blocks),
                &rules,
                &selection,
                &crate::parallel::Sequential,
                target,
                4_000,
            ));
            assert_eq!(sectioned, whole, "sections of {target} bytes");
        }
    }
}
