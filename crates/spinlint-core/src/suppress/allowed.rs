//! Allowed terms (`allow = [...]` in the configuration): words a newsroom uses on purpose.

use crate::finding::Finding;
use crate::span::{ceil_char_boundary, floor_char_boundary, Span};
use crate::words::{normalise_literal, tokenize, word_matches_literal};

/// Drops findings on an allowed term: one whose words overlap an occurrence of the term.
pub fn filter_allowed(text: &str, findings: Vec<Finding>, allow: &[String]) -> Vec<Finding> {
    // Terms compare word by word, like rules do: case-insensitively, ’ and ' alike.
    let terms: Vec<Vec<String>> = allow
        .iter()
        .map(|term| {
            tokenize(term, Span::new(0, term.len()))
                .iter()
                .map(|w| normalise_literal(w.span.text(term)))
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    if terms.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            !terms.iter().any(|term| {
                let reach: usize = term.iter().map(|w| w.len() + 8).sum();
                let from = floor_char_boundary(text, f.span.start.saturating_sub(reach));
                let to = ceil_char_boundary(text, f.span.end.saturating_add(reach).min(text.len()));
                let words = tokenize(text, Span::new(from, to));
                words.windows(term.len()).any(|run| {
                    let covers = Span::new(run[0].span.start, run[run.len() - 1].span.end);
                    covers.overlaps(f.span)
                        && run.iter().zip(term).all(|(w, t)| word_matches_literal(w.span.text(text), t))
                })
            })
        })
        .collect()
}
