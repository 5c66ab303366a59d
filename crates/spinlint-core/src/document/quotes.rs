//! Quotations: straight and curly, double and single quotes, « », „ “; nesting; quotes that run
//! across paragraphs by the newspaper convention; unbalanced quotes end at their paragraph.

use super::blocks::{Block, BlockKind};
use super::inline::{Skip, SkipKind};
use crate::span::Span;
use crate::words::{find_any_of, is_word_char};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    Straight,
    Curly,
    StraightSingle,
    CurlySingle,
    Guillemet,
    LowNine,
    /// A block quotation (`>`) or a paragraph introduced by a colon lead.
    Block,
    /// The answer of an interview turn.
    Interview,
    /// Indirect speech: `Peskov told reporters that the claims are unfounded`.
    Reported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attribution {
    /// A speech verb around the quote: `..." Peskov said.`
    SpeechVerb,
    /// `X quoted Y as saying`.
    QuotedAs,
    /// `according to X`.
    AccordingTo,
    /// A lead ending in a colon: `Zakharova said the following:`.
    ColonLead,
    /// The name of an interview turn.
    InterviewTurn,
    /// A caption line above a pull quote.
    Caption,
    /// A credit line below a quotation that is a paragraph of its own: `- Bernie Sanders.`
    Credit,
    /// A pronoun (`she said`) or a participle (`adding:`) resolved to the speaker before it.
    Context,
    /// The named subject of the sentence the quotation stands in, with no speech verb:
    /// `Olsen welcomed “the recognition that ...”`.
    Subject,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// The speaker as the text names them, e.g. `Kremlin spokesman Dmitry Peskov`.
    pub name: String,
    /// Where the text names them (for a resolved pronoun: the pronoun).
    pub span: Span,
    /// An unnamed speaker: `a source close to`, `officials`, `insiders`.
    pub vague: bool,
    pub via: Attribution,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quotation {
    /// The quotation with its quote marks.
    #[serde(flatten)]
    pub span: Span,
    /// The quoted words, without the marks.
    pub inner: Span,
    pub style: QuoteStyle,
    /// 0 for a quotation in the author's text, 1 for a quote inside a quote, ...
    pub depth: usize,
    /// No closing mark: the quotation ends at its paragraph.
    pub unbalanced: bool,
    /// Runs over more than one paragraph (each opening with a quote mark).
    pub continued: bool,
    /// Index of the block it opens in.
    pub block: usize,
    pub speaker: Option<Speaker>,
    /// A cue of speech stands next to it (a speech verb, `saying`, a pronoun subject, a colon
    /// lead) even where no speaker could be named: the text attributes it.
    #[serde(skip)]
    pub cue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Guillemet,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    at: usize,
    mark_len: usize,
    family: Family,
    style: QuoteStyle,
    block: usize,
    continued: bool,
}

/// Deeper nesting than this is not prose: older opens are closed as unbalanced.
const MAX_DEPTH: usize = 16;

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || c == '\u{feff}')
}

fn is_opening_context(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | '«' | '„' | '\u{feff}')
    })
}

/// '"', '\'', the lead byte of “ ” ‘ ’ „ (E2 80 ..), of « » (C2 AB/BB).
const QUOTE_BYTES: [u8; 4] = [b'"', b'\'', 0xE2, 0xC2];

struct Scanner {
    stack: Vec<Open>,
    out: Vec<Quotation>,
}

impl Scanner {
    fn close(&mut self, index: usize, close_at: usize, close_len: usize) {
        // Quotes opened inside the one that closes, and never closed, end here unbalanced.
        while self.stack.len() > index + 1 {
            if let Some(open) = self.stack.pop() {
                self.emit(open, close_at, 0, true);
            }
        }
        if let Some(open) = self.stack.pop() {
            self.emit(open, close_at, close_len, false);
        }
    }

    fn emit(&mut self, open: Open, end: usize, close_len: usize, unbalanced: bool) {
        let depth = self.stack.len();
        let inner_start = (open.at + open.mark_len).min(end);
        self.out.push(Quotation {
            span: Span::new(open.at, end + close_len),
            inner: Span::new(inner_start, end),
            style: open.style,
            depth,
            unbalanced,
            continued: open.continued,
            block: open.block,
            speaker: None,
            cue: false,
        });
    }

    fn push(&mut self, open: Open) {
        if self.stack.len() >= MAX_DEPTH {
            let oldest = self.stack.remove(0);
            // It cannot close any more: it ends where the overflow happened.
            let depth_saved = std::mem::take(&mut self.stack);
            self.emit(oldest, open.at, 0, true);
            self.stack = depth_saved;
        }
        self.stack.push(open);
    }

    /// The innermost open quote of a family, searched a few levels deep.
    fn find_open(&self, family: Family) -> Option<usize> {
        self.stack.iter().enumerate().rev().take(4).find(|(_, open)| open.family == family).map(|(index, _)| index)
    }
}

/// Finds the quotations in the prose blocks.
pub fn scan_quotations(text: &str, blocks: &[Block], skips: &[Skip]) -> Vec<Quotation> {
    let mut scanner = Scanner { stack: Vec::new(), out: Vec::new() };
    let bytes = text.as_bytes();
    let opaque: Vec<Span> = skips
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SkipKind::Url | SkipKind::Email | SkipKind::Code | SkipKind::LinkTarget | SkipKind::Comment
            )
        })
        .map(|s| s.span)
        .collect();
    let mut opaque_index = 0;
    for (block_index, block) in blocks.iter().enumerate() {
        if !block.kind.is_prose() {
            continue;
        }
        let content = block.content;
        let mut at = content.start;
        // A quote left open at the end of the previous paragraph continues here when this
        // paragraph opens with a quote mark of the same family.
        if let Some(open) = scanner.stack.first().copied() {
            let mut carried = false;
            if let Some((family, mark_len)) = opening_mark(text, at) {
                if family == open.family && scanner.stack.len() == 1 {
                    carried = true;
                    at += mark_len;
                }
            }
            if !carried {
                let previous_end = previous_content_end(blocks, block_index);
                while let Some(open) = scanner.stack.pop() {
                    scanner.emit(open, previous_end, 0, true);
                }
            } else if let Some(open) = scanner.stack.first_mut() {
                open.continued = true;
            }
        }
        while at < content.end {
            match find_any_of(&bytes[at..content.end], QUOTE_BYTES) {
                Some(offset) => at += offset,
                None => break,
            }
            while opaque_index < opaque.len() && opaque[opaque_index].end <= at {
                opaque_index += 1;
            }
            if let Some(span) = opaque.get(opaque_index) {
                if span.start <= at {
                    at = span.end;
                    continue;
                }
            }
            let Some(c) = char_after(text, at) else { break };
            // `''...''`: two apostrophes stand for a double quotation mark in some archives'
            // plain text (the New York Times' among them).
            let (c, len) = if text[at..].starts_with("''") { ('"', 2) } else { (c, c.len_utf8()) };
            let before = char_before(text, at);
            let after = char_after(text, at + len);
            let open = |family, style| Open { at, mark_len: len, family, style, block: block_index, continued: false };
            match c {
                '“' => {
                    // „ ... “ closes a low-nine quote; otherwise “ opens.
                    match scanner.stack.last() {
                        Some(top) if top.style == QuoteStyle::LowNine => {
                            scanner.close(scanner.stack.len() - 1, at, len)
                        }
                        _ if !is_space(before) && is_space(after) && scanner.find_open(Family::Double).is_some() => {
                            let index = scanner.find_open(Family::Double).unwrap_or(0);
                            scanner.close(index, at, len);
                        }
                        _ => scanner.push(open(Family::Double, QuoteStyle::Curly)),
                    }
                }
                '”' => match scanner.find_open(Family::Double) {
                    Some(index) => scanner.close(index, at, len),
                    None if is_opening_context(before) && !is_space(after) => {
                        scanner.push(open(Family::Double, QuoteStyle::Curly))
                    }
                    None => {}
                },
                '„' => scanner.push(open(Family::Double, QuoteStyle::LowNine)),
                '«' => scanner.push(open(Family::Guillemet, QuoteStyle::Guillemet)),
                '»' => {
                    if let Some(index) = scanner.find_open(Family::Guillemet) {
                        scanner.close(index, at, len);
                    }
                }
                '"' => {
                    let opens = is_opening_context(before) && !is_space(after);
                    match scanner.find_open(Family::Double) {
                        // A straight quote after a space and before a word opens a nested quote
                        // only inside a curly one; otherwise it closes.
                        Some(index)
                            if !(opens && scanner.stack[index].style != QuoteStyle::Straight && is_space(before)) =>
                        {
                            scanner.close(index, at, len)
                        }
                        _ if !is_space(after) || opens => scanner.push(open(Family::Double, QuoteStyle::Straight)),
                        _ => {}
                    }
                }
                // `'80s`, `‘16 race`, `rock 'n' roll`: an elision, not a quotation.
                '‘' | '\'' if is_elision(text, at + len) => {}
                '‘' => scanner.push(open(Family::Single, QuoteStyle::CurlySingle)),
                '\'' | '’' => {
                    let word_before = before.is_some_and(is_word_char);
                    let word_after = after.is_some_and(is_word_char);
                    let style = if c == '’' { QuoteStyle::CurlySingle } else { QuoteStyle::StraightSingle };
                    if word_before && word_after {
                        // An apostrophe inside a word: don't, Russia’s.
                    } else if let Some(index) = scanner.find_open(Family::Single).filter(|_| !is_space(before)) {
                        scanner.close(index, at, len);
                    } else if c == '\'' && is_opening_context(before) && word_after {
                        scanner.push(open(Family::Single, style));
                    }
                }
                _ => {}
            }
            at += len;
        }
        // Quotes still open at the paragraph end: they continue only if the next paragraph
        // opens with a quote mark (checked there); nested ones end here.
        while scanner.stack.len() > 1 {
            if let Some(open) = scanner.stack.pop() {
                scanner.emit(open, content.end, 0, true);
            }
        }
        if let Some(open) = scanner.stack.first() {
            let continues = next_prose_block(blocks, block_index)
                .and_then(|next| opening_mark(text, next.content.start))
                .is_some_and(|(family, _)| family == open.family);
            if !continues {
                if let Some(open) = scanner.stack.pop() {
                    scanner.emit(open, content.end, 0, true);
                }
            }
        }
    }
    if let Some(last) = blocks.iter().rev().find(|b| b.kind.is_prose()) {
        while let Some(open) = scanner.stack.pop() {
            scanner.emit(open, last.content.end, 0, true);
        }
    }
    let mut out = scanner.out;
    out.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    out
}

/// The text after a single quote mark makes it an apostrophe of elision: a year (`'80s`,
/// `'16`) or the `n` of `rock 'n' roll`.
fn is_elision(text: &str, after: usize) -> bool {
    let rest = text.get(after..).unwrap_or("");
    let mut chars = rest.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), _) if a.is_ascii_digit() && b.is_ascii_digit() => true,
        (Some('n'), Some('\'' | '’'), Some(c)) => c.is_whitespace(),
        _ => false,
    }
}

fn opening_mark(text: &str, at: usize) -> Option<(Family, usize)> {
    let c = char_after(text, at)?;
    let family = match c {
        '“' | '"' | '„' => Family::Double,
        '‘' | '\'' => Family::Single,
        '«' => Family::Guillemet,
        _ => return None,
    };
    Some((family, c.len_utf8()))
}

fn next_prose_block(blocks: &[Block], index: usize) -> Option<&Block> {
    blocks[index + 1..].iter().find(|b| b.kind.is_prose())
}

fn previous_content_end(blocks: &[Block], index: usize) -> usize {
    blocks[..index].iter().rev().find(|b| b.kind.is_prose()).map_or(blocks[index].content.start, |b| b.content.end)
}

/// Interview answers and block quotations are quotations too, spoken by the turn's speaker.
pub fn block_quotations(blocks: &[Block]) -> Vec<Quotation> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::InterviewTurn | BlockKind::BlockQuote))
        .map(|(index, b)| Quotation {
            span: b.content,
            inner: b.content,
            style: if b.kind == BlockKind::InterviewTurn { QuoteStyle::Interview } else { QuoteStyle::Block },
            depth: 0,
            unbalanced: false,
            continued: false,
            block: index,
            speaker: None,
            cue: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::parse_blocks;
    use super::super::inline::scan_skips;
    use super::*;

    fn quotes(text: &str) -> Vec<(String, usize, bool)> {
        let blocks = parse_blocks(text);
        let mut skips = Vec::new();
        for b in &blocks {
            scan_skips(text, b.content, &mut skips);
        }
        scan_quotations(text, &blocks, &skips)
            .iter()
            .map(|q| (q.inner.text(text).to_string(), q.depth, q.unbalanced))
            .collect()
    }

    #[test]
    fn curly_and_straight_double_quotes() {
        assert_eq!(
            quotes("He said “yes,” and then \"no.\" Fine."),
            vec![("yes,".into(), 0, false), ("no.".into(), 0, false)]
        );
    }

    #[test]
    fn mixed_curly_open_straight_close() {
        assert_eq!(quotes("“not because of Moscow.\" he said"), vec![("not because of Moscow.".into(), 0, false)]);
    }

    #[test]
    fn nested_single_inside_double_and_apostrophes() {
        assert_eq!(
            quotes("“We need such a ‘cleaning action’ in Russia’s ties,” he said."),
            vec![
                ("We need such a ‘cleaning action’ in Russia’s ties,".into(), 0, false),
                ("cleaning action".into(), 1, false)
            ]
        );
    }

    #[test]
    fn guillemets_and_low_nine() {
        assert_eq!(quotes("Er sagte „nein“ und «non»."), vec![("nein".into(), 0, false), ("non".into(), 0, false)]);
    }

    #[test]
    fn unbalanced_quote_ends_at_its_paragraph() {
        assert_eq!(quotes("He said “never again.\n\nThe next paragraph."), vec![("never again.".into(), 0, true)]);
    }

    #[test]
    fn quote_runs_across_paragraphs_by_convention() {
        let text = "“First part of the statement.\n\n“Second part,” she said.";
        let blocks = parse_blocks(text);
        let found = scan_quotations(text, &blocks, &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].continued);
        assert!(!found[0].unbalanced);
        assert!(found[0].inner.text(text).ends_with("Second part,"));
    }

    #[test]
    fn straight_single_quotes() {
        assert_eq!(quotes("a 'reset' of ties in the ’90s, the Russians’ view"), vec![("reset".into(), 0, false)]);
    }

    #[test]
    fn many_unbalanced_quotes_are_bounded() {
        let text = "“".repeat(1000) + &"\"".repeat(1000);
        let found = quotes(&text);
        assert!(found.len() >= 1000);
    }
}
