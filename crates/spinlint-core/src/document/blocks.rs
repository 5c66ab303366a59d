//! Blocks: the line structure of an article. Each line is classified with small nom parsers
//! (heading, block quote, list item, code fence, interview turn), then lines are joined into
//! blocks.

use crate::lexicon::NOT_SPEAKERS;
use crate::span::Span;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{char as nom_char, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, terminated};
use nom::{IResult, Parser};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    BlockQuote,
    ListItem,
    InterviewTurn,
    Code,
    Comment,
}

impl BlockKind {
    /// Blocks whose words are prose that rules look at.
    pub fn is_prose(self) -> bool {
        !matches!(self, BlockKind::Code | BlockKind::Comment)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block, markers included.
    pub span: Span,
    /// The text after the block marker (`# `, `> `, `- `, `Name: `).
    pub content: Span,
    /// The speaker's name of an interview turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Span>,
    /// Markers inside the content (the `>` of continuation lines) that are not prose.
    #[serde(skip)]
    pub inner_markers: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    Blank,
    Fence,
    Heading,
    Quote,
    ListItem,
    Comment,
    Text,
}

struct Line {
    span: Span,
    kind: LineKind,
    /// Where the content starts after the line's marker.
    content_start: usize,
}

fn indent(input: &str) -> IResult<&str, &str> {
    take_while(|c: char| c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{feff}').parse(input)
}

fn heading_marker(input: &str) -> IResult<&str, &str> {
    recognize(pair(take_while_m_n(1, 6, |c| c == '#'), take_while1(|c| c == ' ' || c == '\t'))).parse(input)
}

fn quote_marker(input: &str) -> IResult<&str, &str> {
    recognize(pair(nom_char('>'), opt(nom_char(' ')))).parse(input)
}

fn list_marker(input: &str) -> IResult<&str, &str> {
    recognize(terminated(
        alt((recognize(one_of("-*+•")), recognize(pair(digit1, one_of(".)"))))),
        take_while1(|c| c == ' ' || c == '\t'),
    ))
    .parse(input)
}

fn fence_marker(input: &str) -> IResult<&str, &str> {
    alt((tag("```"), tag("~~~"))).parse(input)
}

/// `Peskov: ...`, `Saunders: ...`, `Q: ...`: one to three capitalised words, a colon, text.
fn interview_marker(input: &str) -> IResult<&str, (&str, &str)> {
    let name_word = |i| {
        recognize(pair(
            take_while_m_n(1, 1, |c: char| c.is_uppercase()),
            take_while(|c: char| c.is_alphabetic() || c == '.' || c == '\'' || c == '’' || c == '-'),
        ))
        .parse(i)
    };
    let (rest, name) = recognize((name_word, opt(pair(nom_char(' '), name_word)), opt(pair(nom_char(' '), name_word))))
        .parse(input)?;
    let (rest, marker) = recognize(pair(nom_char(':'), take_while1(|c| c == ' ' || c == '\t'))).parse(rest)?;
    Ok((rest, (name, marker)))
}

/// A line that opens or closes a fenced code block (```` ``` ```` or `~~~`).
pub fn is_fence_line(line: &str) -> bool {
    indent(line).is_ok_and(|(after_indent, _)| fence_marker(after_indent).is_ok())
}

fn classify(text: &str, span: Span) -> Line {
    let line = span.text(text);
    let Ok((after_indent, _)) = indent(line) else {
        return Line { span, kind: LineKind::Text, content_start: span.start };
    };
    let offset = |rest: &str| span.start + (line.len() - rest.len());
    if after_indent.trim().is_empty() {
        return Line { span, kind: LineKind::Blank, content_start: span.end };
    }
    if fence_marker(after_indent).is_ok() {
        return Line { span, kind: LineKind::Fence, content_start: span.end };
    }
    let directive = after_indent.starts_with("spinlint-disable") || after_indent.starts_with("spinlint-enable");
    if directive || after_indent.starts_with("<!--") && after_indent.trim_end().ends_with("-->") {
        return Line { span, kind: LineKind::Comment, content_start: offset(after_indent) };
    }
    if let Ok((rest, _)) = heading_marker(after_indent) {
        return Line { span, kind: LineKind::Heading, content_start: offset(rest) };
    }
    if let Ok((rest, _)) = quote_marker(after_indent) {
        return Line { span, kind: LineKind::Quote, content_start: offset(rest) };
    }
    if let Ok((rest, _)) = list_marker(after_indent) {
        // "2020. The year..." is not a list; a list marker is short.
        if !rest.is_empty() {
            return Line { span, kind: LineKind::ListItem, content_start: offset(rest) };
        }
    }
    Line { span, kind: LineKind::Text, content_start: offset(after_indent) }
}

fn lines(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    crate::span::for_each_line_end(bytes, |end, next| {
        out.push(Span::new(start, end));
        start = next;
    });
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

fn trim_end_span(text: &str, span: Span) -> Span {
    let trimmed = span.text(text).trim_end_matches(|c: char| c.is_whitespace());
    Span::new(span.start, span.start + trimmed.len())
}

pub fn parse_blocks(text: &str) -> Vec<Block> {
    let classified: Vec<Line> = lines(text).into_iter().map(|span| classify(text, span)).collect();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < classified.len() {
        let line = &classified[index];
        match line.kind {
            LineKind::Blank => index += 1,
            LineKind::Fence => {
                let start = line.span.start;
                let mut end = line.span.end;
                index += 1;
                while index < classified.len() {
                    end = classified[index].span.end;
                    let closing = classified[index].kind == LineKind::Fence;
                    index += 1;
                    if closing {
                        break;
                    }
                }
                let span = Span::new(start, end);
                blocks.push(Block { kind: BlockKind::Code, span, content: span, speaker: None, inner_markers: vec![] });
            }
            LineKind::Heading | LineKind::Comment => {
                let kind = if line.kind == LineKind::Heading { BlockKind::Heading } else { BlockKind::Comment };
                let content = trim_end_span(text, Span::new(line.content_start, line.span.end));
                blocks.push(Block { kind, span: line.span, content, speaker: None, inner_markers: vec![] });
                index += 1;
            }
            LineKind::Quote => {
                let start = line.span.start;
                let content_start = line.content_start;
                let mut end = line.span.end;
                let mut inner_markers = Vec::new();
                index += 1;
                while index < classified.len() && classified[index].kind == LineKind::Quote {
                    let next = &classified[index];
                    inner_markers.push(Span::new(next.span.start, next.content_start));
                    end = next.span.end;
                    index += 1;
                }
                let content = trim_end_span(text, Span::new(content_start, end));
                blocks.push(Block {
                    kind: BlockKind::BlockQuote,
                    span: Span::new(start, end),
                    content,
                    speaker: None,
                    inner_markers,
                });
            }
            LineKind::ListItem | LineKind::Text => {
                let kind = if line.kind == LineKind::ListItem { BlockKind::ListItem } else { BlockKind::Paragraph };
                let start = line.span.start;
                let content_start = line.content_start;
                let mut end = line.span.end;
                index += 1;
                while index < classified.len() && classified[index].kind == LineKind::Text {
                    end = classified[index].span.end;
                    index += 1;
                }
                let content = trim_end_span(text, Span::new(content_start, end));
                blocks.push(Block { kind, span: Span::new(start, end), content, speaker: None, inner_markers: vec![] });
            }
        }
    }
    mark_interview_turns(text, &mut blocks);
    mark_plain_headings(text, &mut blocks);
    blocks
}

/// The blocks of a view (`crate::view`), as its reader found them: the parser does not read the
/// view's lines again, so a paragraph that starts with a code fence, `#` or `>` stays a
/// paragraph. The paragraphs of one block quote are one block, as in a Markdown file.
pub fn view_blocks(text: &str, found: &[crate::view::ViewBlock]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::with_capacity(found.len());
    let mut previous_quote = None;
    for found_block in found {
        let content = found_block.span;
        if content.end > text.len() || content.start > content.end {
            continue;
        }
        if let (Some(quote), Some(last)) = (found_block.quote, blocks.last_mut()) {
            if previous_quote == Some(quote) && last.kind == BlockKind::BlockQuote {
                // The `>` of the lines between two paragraphs of the quote are not prose.
                let gap = Span::new(last.content.end, content.start);
                let bytes = text.as_bytes();
                for at in (gap.start..gap.end).filter(|&at| bytes[at] == b'>') {
                    let end = if bytes.get(at + 1) == Some(&b' ') { at + 2 } else { at + 1 };
                    last.inner_markers.push(Span::new(at, end.min(gap.end)));
                }
                last.span = Span::new(last.span.start, content.end);
                last.content = Span::new(last.content.start, content.end);
                continue;
            }
        }
        previous_quote = found_block.quote;
        // The block's markers (`> `, `- `, `# `) are on its line, just before it: a short look back.
        let from = content.start.saturating_sub(8);
        let before = &text.as_bytes()[from..content.start];
        let line_start = match before.iter().rposition(|&b| b == b'\n' || b == b'\r') {
            Some(at) => from + at + 1,
            None if from == 0 => 0,
            None => content.start,
        };
        let kind = if found_block.quote.is_some() {
            BlockKind::BlockQuote
        } else {
            match found_block.kind {
                "heading" => BlockKind::Heading,
                "list-item" => BlockKind::ListItem,
                _ => BlockKind::Paragraph,
            }
        };
        blocks.push(Block {
            kind,
            span: Span::new(line_start.min(content.start), content.end),
            content,
            speaker: None,
            inner_markers: Vec::new(),
        });
    }
    mark_interview_turns(text, &mut blocks);
    mark_plain_headings(text, &mut blocks);
    blocks
}

/// A name counts as an interview speaker when it opens at least two blocks: a real interview
/// alternates its speakers, while `Note: ...` stands once.
fn mark_interview_turns(text: &str, blocks: &mut [Block]) {
    let mut candidates: Vec<(usize, Span, usize)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let content = block.content.text(text);
        if let Ok((rest, (name, _))) = interview_marker(content) {
            if rest.trim().is_empty() || NOT_SPEAKERS.contains(&name.to_lowercase().as_str()) {
                continue;
            }
            let name_span = Span::new(block.content.start, block.content.start + name.len());
            let body_start = block.content.start + (content.len() - rest.len());
            candidates.push((index, name_span, body_start));
        }
    }
    for &(index, name_span, body_start) in &candidates {
        let name = name_span.text(text);
        let turns = candidates.iter().filter(|(_, other, _)| other.text(text) == name).count();
        if turns >= 2 {
            let block = &mut blocks[index];
            block.kind = BlockKind::InterviewTurn;
            block.speaker = Some(name_span);
            block.content = Span::new(body_start, block.content.end);
        }
    }
}

/// In plain text a title or subhead is a short line of its own with no closing punctuation.
fn mark_plain_headings(text: &str, blocks: &mut [Block]) {
    for block in blocks.iter_mut() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let content = block.content.text(text);
        // The cheap test first: most paragraphs end like prose.
        let last = content.chars().next_back().unwrap_or('.');
        let ends_like_prose =
            matches!(last, '.' | '!' | '?' | ':' | ';' | ',' | '"' | '”' | '’' | '\'' | '…' | ')' | '»');
        if ends_like_prose || content.contains(['\n', '\r']) {
            continue;
        }
        if content.split_whitespace().nth(20).is_none() {
            block.kind = BlockKind::Heading;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lines_end_before_lf_crlf_and_lone_cr(text in "[a\r\n]{0,60}") {
            let mut expected = Vec::new();
            let (mut start, mut at) = (0, 0);
            let bytes = text.as_bytes();
            while at < bytes.len() {
                match bytes[at] {
                    b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                        expected.push(Span::new(start, at));
                        at += 2;
                        start = at;
                    }
                    b'\r' | b'\n' => {
                        expected.push(Span::new(start, at));
                        at += 1;
                        start = at;
                    }
                    _ => at += 1,
                }
            }
            if start < bytes.len() {
                expected.push(Span::new(start, bytes.len()));
            }
            proptest::prop_assert_eq!(lines(&text), expected);
        }
    }

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        parse_blocks(text).iter().map(|b| (b.kind, b.content.text(text).to_string())).collect()
    }

    #[test]
    fn markdown_blocks() {
        let text = "# Title\n\nFirst line\nsecond line.\n\n> quoted\n> more\n\n- item one.\n\n```\ncode \"x\n```\n";
        let blocks = kinds(text);
        assert_eq!(blocks[0], (BlockKind::Heading, "Title".into()));
        assert_eq!(blocks[1], (BlockKind::Paragraph, "First line\nsecond line.".into()));
        assert_eq!(blocks[2], (BlockKind::BlockQuote, "quoted\n> more".into()));
        assert_eq!(blocks[3], (BlockKind::ListItem, "item one.".into()));
        assert_eq!(blocks[4].0, BlockKind::Code);
    }

    #[test]
    fn a_plain_heading_is_a_short_line_that_does_not_end_like_prose() {
        let words = |n: usize| vec!["word"; n].join(" ");
        let text = format!("{}\n\n{}\n\n{}.\n\n{}\nsecond line\n", words(20), words(21), words(3), words(3));
        let blocks: Vec<BlockKind> = parse_blocks(&text).iter().map(|b| b.kind).collect();
        assert_eq!(blocks, vec![BlockKind::Heading, BlockKind::Paragraph, BlockKind::Paragraph, BlockKind::Paragraph]);
    }

    #[test]
    fn interview_turns_need_a_recurring_name() {
        let text = "Saunders: Do you agree?\n\nPeskov: Yes, we do.\n\nSaunders: Thank you.\n\nPeskov: Thanks.\n\nNote: Once only.\n";
        let blocks = parse_blocks(text);
        assert_eq!(blocks[0].kind, BlockKind::InterviewTurn);
        assert_eq!(blocks[0].speaker.unwrap().text(text), "Saunders");
        assert_eq!(blocks[1].content.text(text), "Yes, we do.");
        assert_eq!(blocks[4].kind, BlockKind::Paragraph);
    }

    #[test]
    fn plain_title_line_is_a_heading() {
        let text = "Russia pessimistic about ties\n\nThe minister said so.\n";
        let blocks = kinds(text);
        assert_eq!(blocks[0].0, BlockKind::Heading);
        assert_eq!(blocks[1].0, BlockKind::Paragraph);
    }

    #[test]
    fn crlf_and_lone_cr() {
        let text = "One.\r\n\r\nTwo.\rThree.";
        let blocks = kinds(text);
        assert_eq!(blocks[0].1, "One.");
        assert_eq!(blocks[1].1, "Two.\rThree.");
    }
}
