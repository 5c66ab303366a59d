//! Sentences: split at `.`, `!`, `?` and `…` followed by a space and a capital, but not after
//! `U.S.`, `Mr.`, initials, inside a decimal, at an ellipsis inside a quotation, nor where a
//! quotation closes and the sentence goes on (`...," he said.`).

use super::blocks::Block;
use super::quotes::Quotation;
use crate::lexicon::{TIME_ABBREVIATIONS, TITLES};
use crate::span::Span;
use crate::words::find_any_of;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub span: Span,
    pub block: usize,
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | ')' | ']' | '*' | '_')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn word_before(text: &str, at: usize, floor: usize) -> &str {
    let before = &text[floor..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

fn is_abbreviation(word: &str, next: char) -> bool {
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return true;
    }
    if TIME_ABBREVIATIONS.contains(&lower.as_str()) {
        return !next.is_uppercase();
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    // An initial: J. Smith.
    if first.is_uppercase() && chars.next().is_none() {
        return true;
    }
    // U.S., U.K., D.C.: single letters joined by periods.
    word.contains('.') && word.split('.').all(|part| part.chars().count() == 1)
}

/// Splits the prose blocks into sentences.
pub fn split_sentences(text: &str, blocks: &[Block], quotations: &[Quotation]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let top_level: Vec<Span> = quotations.iter().filter(|q| q.depth == 0).map(|q| q.inner).collect();
    let mut quote_index = 0;
    for (block_index, block) in blocks.iter().enumerate() {
        if !block.kind.is_prose() {
            continue;
        }
        let content = block.content;
        let bytes = text.as_bytes();
        let mut start = skip_space(text, content.start, content.end);
        let mut at = start;
        while at < content.end {
            // The next `.`, `!`, `?`, or lead byte of `…`.
            match find_any_of(&bytes[at..content.end], [b'.', b'!', b'?', 0xE2]) {
                Some(offset) => at += offset,
                None => break,
            }
            let Some(c) = text[at..].chars().next() else { break };
            if !is_terminal(c) {
                at += c.len_utf8();
                continue;
            }
            let punct_start = at;
            let mut run_end = at;
            let mut ellipsis = c == '…';
            let mut periods = 0;
            for c in text[at..content.end].chars() {
                if !is_terminal(c) {
                    break;
                }
                if c == '.' {
                    periods += 1;
                }
                ellipsis |= c == '…';
                run_end += c.len_utf8();
            }
            ellipsis |= periods >= 3;
            let mut after = run_end;
            for c in text[run_end..content.end].chars() {
                if !is_closer(c) {
                    break;
                }
                after += c.len_utf8();
            }
            at = after.max(punct_start + 1);
            if after < content.end {
                let next = text[after..].chars().next().unwrap_or(' ');
                if !next.is_whitespace() {
                    continue;
                }
            }
            let next_start = skip_space(text, after, content.end);
            if next_start >= content.end {
                break;
            }
            let next = text[next_start..].chars().next().unwrap_or(' ');
            if next.is_lowercase() {
                continue;
            }
            if ellipsis {
                while quote_index < top_level.len() && top_level[quote_index].end <= punct_start {
                    quote_index += 1;
                }
                let inside =
                    top_level[quote_index..].iter().take_while(|q| q.start <= punct_start).any(|q| q.end > punct_start);
                if inside {
                    continue;
                }
            } else if periods == 1
                && run_end == punct_start + 1
                && is_abbreviation(word_before(text, punct_start, start), next)
            {
                continue;
            }
            out.push(Sentence { span: Span::new(start, after), block: block_index });
            start = next_start;
        }
        let end = trim_end(text, start, content.end);
        if end > start {
            out.push(Sentence { span: Span::new(start, end), block: block_index });
        }
    }
    out
}

fn skip_space(text: &str, mut at: usize, end: usize) -> usize {
    while at < end {
        let Some(c) = text[at..].chars().next() else { break };
        if !(c.is_whitespace() || c == '\u{feff}') {
            break;
        }
        at += c.len_utf8();
    }
    at
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::parse_blocks;
    use super::super::quotes::scan_quotations;
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let blocks = parse_blocks(text);
        let quotes = scan_quotations(text, &blocks, &[]);
        split_sentences(text, &blocks, &quotes).iter().map(|s| s.span.text(text)).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences("Mr. J. Smith met U.S. officials at 3.5 p.m. on Monday. Then he left."),
            vec!["Mr. J. Smith met U.S. officials at 3.5 p.m. on Monday.", "Then he left."]
        );
    }

    #[test]
    fn sentence_ending_inside_a_closing_quote_stays_whole() {
        assert_eq!(
            sentences("“It is over. We lost,” he said. “Really?” she asked. Next."),
            vec!["“It is over.", "We lost,” he said.", "“Really?” she asked.", "Next."]
        );
    }

    #[test]
    fn ellipsis_inside_a_quote_does_not_split() {
        assert_eq!(
            sentences("He said “this is hopeless… We need to act” today. Done."),
            vec!["He said “this is hopeless… We need to act” today.", "Done."]
        );
    }

    #[test]
    fn question_and_exclamation() {
        assert_eq!(sentences("Why? Because! Yes."), vec!["Why?", "Because!", "Yes."]);
    }
}
