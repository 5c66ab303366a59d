//! `quote-check`: built-in predicates over the parser's quotations, the markers of a quotation
//! that cannot be trusted.

use crate::document::{Document, Quotation, QuoteStyle};
use crate::finding::{Finding, Label};
use crate::lexicon::DISMISSIVE;
use crate::rules::kind::{DocumentKind, Hit, Value};
use crate::rules::schema::{QuoteCheckName, RuleDef};
use crate::rules::RuleKind;
use crate::span::Span;
use crate::words::WordSet;
use std::sync::Arc;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QuoteCheck {
    pub check: QuoteCheckName,
    pub min_words: usize,
    pub max_words: usize,
    /// Looked up once per word, as a set: the list is long and every short quotation asks.
    pub dismissive: WordSet,
}

/// What a quote check found.
#[derive(Debug, Clone)]
pub struct QuoteHit {
    pub span: Span,
    pub labels: Vec<Label>,
    pub speaker: Option<String>,
    pub quote: Span,
    /// In a quotation attributed to a named speaker, where the check is ordinary editing (an
    /// ellipsis marks words left out) rather than a warning sign.
    pub attributed: bool,
}

pub const KIND: super::KindSpec = super::KindSpec {
    key: "quote-check",
    given: |def| def.quote_check.as_ref().map(|check| check.span()),
    compile: |def, _, _| {
        let check = def.quote_check.as_ref()?;
        Some(RuleKind::Document(Arc::new(compile(*check.get_ref(), def))))
    },
};

pub fn compile(check: QuoteCheckName, def: &RuleDef) -> QuoteCheck {
    QuoteCheck {
        check,
        min_words: def.min_words.unwrap_or(4),
        max_words: def.max_words.unwrap_or(4),
        dismissive: match &def.dismissive {
            Some(words) => WordSet::new(&words.iter().map(String::as_str).collect::<Vec<_>>()),
            None => WordSet::new(DISMISSIVE),
        },
    }
}

/// A quotation of at least this many words is a statement, which a speech cue attributes.
const STATEMENT_WORDS: usize = 6;

fn word_count(doc: &Document, span: Span) -> usize {
    doc.words_in(span).len()
}

/// A quoted title (`"How Wall Street Fleeces America"`) is a name, not a statement.
fn is_title_case(doc: &Document, quote: &Quotation) -> bool {
    let words = doc.words_in(quote.inner);
    let lettered: Vec<_> = words.iter().filter(|w| !w.number).collect();
    let long = lettered.iter().filter(|w| w.span.len() > 3).count();
    let capitalised = lettered.iter().filter(|w| w.span.len() > 3 && w.capitalised).count();
    long >= 2 && capitalised * 10 >= long * 8
}

fn is_spoken(quote: &Quotation) -> bool {
    !matches!(quote.style, QuoteStyle::Interview | QuoteStyle::Block | QuoteStyle::Reported)
}

impl DocumentKind for QuoteCheck {
    fn stored(&self) -> super::Stored {
        super::Stored::QuoteCheck(self.clone())
    }

    fn name(&self) -> &'static str {
        "quote-check"
    }

    fn run(&self, doc: &Document, _findings: &[Finding]) -> Vec<Hit> {
        self.hits(doc)
            .into_iter()
            .map(|hit| Hit {
                span: hit.span,
                labels: hit.labels,
                values: vec![
                    ("match", Value::Text(hit.span)),
                    ("speaker", Value::Plain(hit.speaker.unwrap_or_else(|| "an unnamed source".into()))),
                    ("quote", Value::Text(hit.quote)),
                ],
                label: None,
                attributed: hit.attributed,
            })
            .collect()
    }
}

impl QuoteCheck {
    pub fn hits(&self, doc: &Document) -> Vec<QuoteHit> {
        match self.check {
            QuoteCheckName::Unattributed => self.unattributed(doc),
            QuoteCheckName::VagueSpeaker => self.vague_speaker(doc),
            QuoteCheckName::EllipsisSplice => self.ellipsis_splice(doc),
            QuoteCheckName::Sic => self.sic(doc),
            QuoteCheckName::ScareQuote => self.scare_quote(doc),
        }
    }

    fn unattributed(&self, doc: &Document) -> Vec<QuoteHit> {
        doc.quotations
            .iter()
            .filter(|q| q.depth == 0 && q.speaker.is_none() && is_spoken(q))
            // A speech cue next to a statement (`was asked`, `saying`, `she said`) attributes it
            // even when the speaker could not be named; a short phrase (scare quotes) it does not.
            .filter(|q| !(q.cue && word_count(doc, q.inner) >= STATEMENT_WORDS))
            .filter(|q| !doc.blocks.get(q.block).is_some_and(|b| b.kind == crate::document::BlockKind::Heading))
            .filter(|q| word_count(doc, q.inner) >= self.min_words && !is_title_case(doc, q) && !doc.in_skip(q.inner))
            .map(|q| QuoteHit { span: q.span, labels: vec![], speaker: None, quote: q.span, attributed: false })
            .collect()
    }

    fn vague_speaker(&self, doc: &Document) -> Vec<QuoteHit> {
        doc.quotations
            .iter()
            .filter(|q| q.depth == 0 && is_spoken(q) && word_count(doc, q.inner) >= self.min_words)
            .filter_map(|q| {
                let speaker = q.speaker.as_ref().filter(|s| s.vague)?;
                Some(QuoteHit {
                    span: q.span,
                    labels: vec![Label { span: speaker.span, message: "an unnamed source".into() }],
                    speaker: Some(speaker.name.clone()),
                    quote: q.span,
                    attributed: false,
                })
            })
            .collect()
    }

    fn ellipsis_splice(&self, doc: &Document) -> Vec<QuoteHit> {
        let mut out = Vec::new();
        for quote in doc.quotations.iter().filter(|q| q.depth == 0 && is_spoken(q)) {
            let inner = quote.inner.text(doc.text);
            // Computed once per quotation, not once per ellipsis (quadratic in a long one).
            let first_word = inner.find(char::is_alphanumeric);
            let last_word = inner.rfind(char::is_alphanumeric);
            let mut words: Option<std::borrow::Cow<[crate::document::Word]>> = None;
            for (offset, length) in ellipses(inner) {
                let start = quote.inner.start + offset;
                let end = start + length;
                // An ellipsis at either end trims the quotation; one inside joins two parts.
                let before_words = first_word.is_some_and(|at| at < offset);
                let after_words = last_word.is_some_and(|at| at >= offset + length);
                if !(before_words && after_words) {
                    continue;
                }
                let words = words.get_or_insert_with(|| doc.words_in(quote.inner));
                let before = words.partition_point(|w| w.span.end <= start);
                let left = before.checked_sub(1).map_or(start, |i| words[i].span.start);
                let right = words.get(words.partition_point(|w| w.span.start < end)).map_or(end, |w| w.span.end);
                out.push(QuoteHit {
                    span: Span::new(left, right),
                    labels: vec![Label { span: quote.span, message: "words were cut from this quotation here".into() }],
                    speaker: quote.speaker.as_ref().map(|s| s.name.clone()),
                    quote: quote.span,
                    attributed: quote.speaker.as_ref().is_some_and(|s| !s.vague),
                });
            }
        }
        out
    }

    fn sic(&self, doc: &Document) -> Vec<QuoteHit> {
        let bytes = doc.text.as_bytes();
        let finder = memchr::memmem::Finder::new(b"sic");
        let mut out = Vec::new();
        // The spoken top-level quotations by start, and the furthest end reached up to each: a
        // `[sic]` looks only at those that reach it, not at every quotation (quadratic).
        let spoken: Vec<&Quotation> = doc.quotations.iter().filter(|q| q.depth == 0 && is_spoken(q)).collect();
        let reach: Vec<usize> = spoken
            .iter()
            .scan(0, |reach, q| {
                *reach = q.span.end.max(*reach);
                Some(*reach)
            })
            .collect();
        for at in finder.find_iter(bytes) {
            let open = at.checked_sub(1).map(|i| bytes[i]);
            let close = bytes.get(at + 3).copied();
            let bracketed = matches!((open, close), (Some(b'('), Some(b')')) | (Some(b'['), Some(b']')));
            if !bracketed {
                continue;
            }
            let span = Span::new(at - 1, at + 4);
            let from = reach.partition_point(|&end| end + 3 < span.start);
            let to = spoken.partition_point(|q| q.span.start <= span.start);
            let around = spoken[from..to.max(from)]
                .iter()
                .find(|q| q.inner.contains(span) || (q.span.end <= span.start && span.start - q.span.end <= 3));
            if let Some(quote) = around {
                out.push(QuoteHit {
                    span,
                    labels: vec![Label { span: quote.span, message: "the quotation it comments on".into() }],
                    speaker: quote.speaker.as_ref().map(|s| s.name.clone()),
                    quote: quote.span,
                    attributed: false,
                });
            }
        }
        out
    }

    fn scare_quote(&self, doc: &Document) -> Vec<QuoteHit> {
        let mut out = Vec::new();
        for quote in doc.quotations.iter().filter(|q| is_spoken(q) && !q.unbalanced) {
            let count = word_count(doc, quote.inner);
            if count == 0 || count > self.max_words {
                continue;
            }
            // The dismissive word stands right before the opening mark (or one word before it).
            let window_start = crate::span::ceil_char_boundary(doc.text, quote.span.start.saturating_sub(40));
            let before = doc.words_in(Span::new(window_start, quote.span.start));
            let dismissive = before.iter().rev().take(2).find(|w| self.dismissive.contains(w.span.text(doc.text)));
            if let Some(word) = dismissive {
                out.push(QuoteHit {
                    span: Span::new(word.span.start, quote.span.end),
                    labels: vec![],
                    speaker: quote.speaker.as_ref().map(|s| s.name.clone()),
                    quote: quote.span,
                    attributed: false,
                });
            }
        }
        out
    }
}

/// Byte offset and length of each ellipsis (`...`, `…`, `. . .`) in a text.
fn ellipses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    // Only a `.` or the first byte of `…` can start one.
    while let Some(found) = memchr::memchr2(b'.', 0xE2, &text.as_bytes()[at..]) {
        at += found;
        let rest = &text[at..];
        let step = if rest.starts_with('…') {
            out.push((at, '…'.len_utf8()));
            '…'.len_utf8()
        } else if rest.starts_with("...") {
            let run = rest.bytes().take_while(|&b| b == b'.').count();
            out.push((at, run));
            run
        } else if rest.starts_with(". . .") {
            out.push((at, 5));
            5
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        at += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipses_of_every_form_among_other_dots_and_marks() {
        let text = "a... b … c . . . d.e ’x…...y. ..";
        let found: Vec<&str> = ellipses(text).iter().map(|&(at, len)| &text[at..at + len]).collect();
        assert_eq!(found, vec!["...", "…", ". . .", "…", "..."]);
        assert_eq!(ellipses("…"), vec![(0, 3)]);
        assert!(ellipses("no dots, ’ – “quotes”").is_empty());
    }
}
