//! A view of a file that is not plain text (Markdown, HTML, a Word document): the prose a reader
//! took out of it, laid out as the plain text the parser reads (blocks apart by blank lines, a
//! heading after `# `, a block quote after `> `, a list item after `- `), with a map from every
//! byte of the view back to the bytes of the file. The parser and the rules see only the view;
//! findings are moved back through the map, so every span a report shows points at the file.

use crate::span::Span;
use serde::Serialize;

/// A run of the view and the part of the file it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where it starts in the view.
    view: usize,
    /// Where it starts in the file.
    source: usize,
    /// Its length in the view.
    view_len: usize,
    /// The length of what it stands for in the file.
    source_len: usize,
    /// Copied byte for byte (whitespace may be changed to spaces, never lengths): offsets inside
    /// it map one to one. Otherwise the run stands for its part of the file as a whole (a decoded
    /// entity, a marker the reader wrote).
    copied: bool,
}

/// A block as the reader saw it: its kind in the file's own terms (`table-cell`, `alt-text`,
/// `standfirst`), which the document model's kinds do not all keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewBlock {
    pub kind: &'static str,
    /// Its span in the view.
    pub span: Span,
    /// Its span in the file.
    pub source: Span,
    /// The block quote it is a paragraph of: blocks with the same number are one quote.
    #[serde(skip)]
    pub quote: Option<u32>,
}

/// A part of the file that is not prose, and what it is (`front-matter`, `code`, `tag`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub kind: &'static str,
    pub source: Span,
}

/// The view of a file, built by a reader with [`ViewBuilder`].
#[derive(Debug, Clone, Default)]
pub struct View {
    pub text: String,
    segments: Vec<Segment>,
    pub blocks: Vec<ViewBlock>,
    pub skipped: Vec<Skipped>,
    /// What the reader could not read as it should, said once per file (a broken part of a
    /// Word document); the rest was read.
    pub notes: Vec<String>,
}

impl View {
    /// The file's offset for a span that starts at `offset` of the view.
    pub fn source_start(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.view <= offset).saturating_sub(1);
        match self.segments.get(index) {
            None => 0,
            Some(s) if offset >= s.view + s.view_len => s.source + s.source_len,
            Some(s) if s.copied => s.source + (offset - s.view),
            Some(s) if offset == s.view => s.source,
            Some(s) => s.source + s.source_len,
        }
    }

    /// The file's offset for a span that ends at `offset` of the view.
    pub fn source_end(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.view < offset);
        if index == 0 {
            return self.source_start(offset);
        }
        let s = self.segments[index - 1];
        if s.copied {
            s.source + (offset - s.view).min(s.source_len)
        } else {
            s.source + s.source_len
        }
    }

    /// A span of the view as a span of the file. A span that starts inside a decoded entity
    /// covers it whole.
    pub fn source_span(&self, span: Span) -> Span {
        let start = self.source_start(span.start);
        Span::new(start, self.source_end(span.end).max(start))
    }
}

/// Writes a view block by block.
#[derive(Debug, Default)]
pub struct ViewBuilder {
    view: View,
    /// The block being written: its kind, where it starts in the view and in the file.
    open: Option<(&'static str, usize, usize)>,
    /// Where the open block's separator starts in the view, and `last_quoted` before it: an
    /// empty block is taken back to there.
    open_from: (usize, Option<bool>),
    /// Whether the open block has had text.
    has_text: bool,
    /// Where the last text written came from in the file: the end of the open block.
    source_end: usize,
    /// Whether the blocks written now are paragraphs of a block quote.
    in_quote: bool,
    /// The number of block quotes opened so far.
    quotes: u32,
    /// Whether the last block written was in a block quote; `None` before the first.
    last_quoted: Option<bool>,
}

impl ViewBuilder {
    pub fn new() -> ViewBuilder {
        ViewBuilder::default()
    }

    /// Starts a block of `kind` at `source` in the file, closing the open one. `marker` tells the
    /// parser what the block is (`# `, `- `, or nothing for a paragraph).
    pub fn start_block(&mut self, kind: &'static str, marker: &str, source: usize) {
        self.end_block();
        self.open_from = (self.view.text.len(), self.last_quoted);
        match self.last_quoted {
            None => {}
            // The paragraphs of one quote stay one block quote of the view.
            Some(true) if self.in_quote => self.marker("\n>\n", source),
            Some(_) => self.marker("\n\n", source),
        }
        self.last_quoted = Some(self.in_quote);
        if self.in_quote {
            self.marker("> ", source);
        }
        self.marker(marker, source);
        self.open = Some((kind, self.view.text.len(), source));
        self.has_text = false;
        self.source_end = source;
    }

    /// Gives the open block another kind (a paragraph that turns out to be an image's alt text).
    pub fn rename_block(&mut self, kind: &'static str) {
        if let Some(open) = &mut self.open {
            open.0 = kind;
        }
    }

    /// The kind of the open block.
    pub fn open_kind(&self) -> Option<&'static str> {
        self.open.map(|(kind, _, _)| kind)
    }

    /// Whether a block is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Where the last text written ends in the file.
    pub fn source_end(&self) -> usize {
        self.source_end
    }

    /// Whether the open block has had text yet.
    pub fn has_text(&self) -> bool {
        self.open.is_some() && self.has_text
    }

    /// Text of the reader's own inside a block, standing for no byte of the file: the quotation
    /// marks a browser shows around `<q>`.
    pub fn mark(&mut self, text: &str, source: usize) {
        if self.open.is_some() {
            self.marker(text, source);
        }
    }

    /// Ends the open block, if any.
    pub fn end_block(&mut self) {
        let Some((kind, view_start, source_start)) = self.open.take() else { return };
        let text = &self.view.text;
        let trimmed = text[view_start..].trim_end().len() + view_start;
        if text[view_start..trimmed].trim().is_empty() {
            // Nothing but markers: the block and its separator are taken back.
            let (from, last_quoted) = self.open_from;
            self.view.text.truncate(from);
            // A separator or marker (never merged with a copy) starts at `from`, so no segment
            // before it reaches past it.
            self.view.segments.retain(|s| s.view < from);
            debug_assert!(self.view.segments.last().is_none_or(|s| s.view + s.view_len <= from));
            self.last_quoted = last_quoted;
            return;
        }
        let source = Span::new(source_start, self.source_end.max(source_start));
        let quote = self.in_quote.then_some(self.quotes);
        self.view.blocks.push(ViewBlock { kind, span: Span::new(view_start, trimmed), source, quote });
    }

    /// Opens or closes a block quote: the blocks written while it is open are its paragraphs.
    pub fn set_quote(&mut self, open: bool) {
        if self.in_quote != open {
            self.end_block();
            self.in_quote = open;
            self.quotes += u32::from(open);
            if self.last_quoted.is_some() {
                // The next block is not a paragraph of the same quote.
                self.last_quoted = Some(false);
            }
        }
    }

    /// Text of the file, copied: `source` is where it starts. Line breaks and tabs become spaces,
    /// so a block stays one line of the view; white space that would start a block is left out.
    pub fn copy(&mut self, text: &str, source: usize) {
        // A block starts at its first word.
        let (text, source) = if self.has_text() || self.open.is_none() {
            (text, source)
        } else {
            let trimmed = text.trim_start();
            (trimmed, source + (text.len() - trimmed.len()))
        };
        if text.is_empty() {
            return;
        }
        let start = self.write_line(text);
        self.first_text_at(source);
        self.push(Segment { view: start, source, view_len: text.len(), source_len: text.len(), copied: true });
        self.source_end = source + text.len();
    }

    /// `text` written for the `source` bytes of the file, as a whole (a decoded entity, the
    /// space a line break stands for).
    pub fn replace(&mut self, text: &str, source: Span) {
        if self.open.is_some() && !self.has_text && text.trim().is_empty() {
            // White space that would start a block (a leading `&nbsp;`) is left out.
            return;
        }
        let start = self.write_line(text);
        let view_len = self.view.text.len() - start;
        self.first_text_at(source.start);
        self.push(Segment { view: start, source: source.start, view_len, source_len: source.len(), copied: false });
        self.source_end = source.end;
    }

    /// Appends `text` to the view with its line breaks and tabs as spaces (the same length), so
    /// that a block stays one line; returns where it starts in the view.
    fn write_line(&mut self, text: &str) -> usize {
        let start = self.view.text.len();
        self.view.text.extend(text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }));
        start
    }

    /// A block's span in the file starts at its first text, not at its tag.
    fn first_text_at(&mut self, source: usize) {
        if let Some((_, _, block_source)) = &mut self.open {
            if !self.has_text {
                *block_source = source;
            }
        }
        self.has_text = true;
    }

    /// Text of the reader's own (a block marker, a separator), standing for no byte of the file.
    fn marker(&mut self, text: &str, source: usize) {
        if text.is_empty() {
            return;
        }
        let start = self.view.text.len();
        self.view.text.push_str(text);
        self.push(Segment { view: start, source, view_len: text.len(), source_len: 0, copied: false });
    }

    /// A space written where the file has something that is not text between two words (a `<br>`,
    /// a cell border), unless the view already ends in one.
    pub fn space(&mut self, source: usize) {
        if self.open.is_some() && !self.view.text.ends_with([' ', '\n']) {
            self.marker(" ", source);
        }
    }

    /// A part of the file that is not prose.
    pub fn skip(&mut self, kind: &'static str, source: Span) {
        if !source.is_empty() {
            self.view.skipped.push(Skipped { kind, source });
        }
    }

    fn push(&mut self, segment: Segment) {
        if segment.view_len == 0 && segment.source_len == 0 {
            return;
        }
        // Runs copied back to back are one run: fewer segments to search.
        if let Some(last) = self.view.segments.last_mut() {
            if last.copied
                && segment.copied
                && last.view + last.view_len == segment.view
                && last.source + last.source_len == segment.source
            {
                last.view_len += segment.view_len;
                last.source_len += segment.source_len;
                return;
            }
        }
        self.view.segments.push(segment);
    }

    pub fn finish(mut self) -> View {
        self.end_block();
        if !self.view.text.is_empty() {
            let source = self.source_end;
            self.marker("\n", source);
        }
        self.view.skipped.sort_by_key(|s| (s.source.start, s.source.end));
        self.view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_through_copies_entities_and_markers() {
        // The file: `<h1>Title</h1><p>no&nbsp;evidence</p>`
        let file = "<h1>Title</h1><p>no&nbsp;evidence</p>";
        let mut builder = ViewBuilder::new();
        builder.start_block("heading", "# ", 0);
        builder.copy("Title", 4);
        builder.start_block("paragraph", "", 14);
        builder.copy("no", 17);
        builder.replace("\u{a0}", Span::new(19, 25));
        builder.copy("evidence", 25);
        let view = builder.finish();
        assert_eq!(view.text, "# Title\n\nno\u{a0}evidence\n");
        let at = |needle: &str| {
            let start = view.text.find(needle).unwrap();
            view.source_span(Span::new(start, start + needle.len())).text(file).to_string()
        };
        assert_eq!(at("Title"), "Title");
        assert_eq!(at("no\u{a0}evidence"), "no&nbsp;evidence");
        assert_eq!(at("evidence"), "evidence");
        assert_eq!(at("\u{a0}"), "&nbsp;");
        assert_eq!(view.blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), ["heading", "paragraph"]);
        assert_eq!(view.blocks[1].source.text(file), "no&nbsp;evidence");
    }

    #[test]
    fn quoted_paragraphs_are_one_block_quote() {
        let mut builder = ViewBuilder::new();
        builder.start_block("paragraph", "", 0);
        builder.copy("He said:", 0);
        builder.set_quote(true);
        builder.start_block("block-quote", "", 10);
        builder.copy("One.", 10);
        builder.start_block("block-quote", "", 20);
        builder.copy("Two.", 20);
        builder.set_quote(false);
        builder.start_block("paragraph", "", 30);
        builder.copy("After.", 30);
        assert_eq!(builder.finish().text, "He said:\n\n> One.\n>\n> Two.\n\nAfter.\n");
    }
}
