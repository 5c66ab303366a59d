//! What linting one file gives: its text, its line index and its findings, as every report and
//! front end takes them.

use crate::finding::Finding;
use crate::span::{LineIndex, Span};
use crate::text::ArticleText;

/// One linted file: its text and findings.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given or found (`-` for standard input).
    pub path: String,
    pub text: ArticleText,
    pub findings: Vec<Finding>,
    pub lines: LineIndex,
    /// Lossy decoding: (offset in text, original length, replaced length) of each replacement.
    pub replacements: Vec<(usize, usize, usize)>,
    /// The text is a Word document's paragraphs, one per line: a location is a paragraph and an
    /// offset in it, not a line and column of the file.
    pub paragraphs: bool,
    /// What the reader of the file could not read as it should (the rest was read).
    pub notes: Vec<String>,
}

impl FileResult {
    pub fn new(
        path: String,
        text: impl Into<ArticleText>,
        findings: Vec<Finding>,
        replacements: Vec<(usize, usize, usize)>,
    ) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        FileResult { path, text, findings, lines, replacements, paragraphs: false, notes: Vec::new() }
    }

    /// A result whose line index is already built (`LineIndex::new(&text)`).
    pub fn with_lines(
        path: String,
        text: ArticleText,
        lines: LineIndex,
        findings: Vec<Finding>,
        replacements: Vec<(usize, usize, usize)>,
    ) -> Self {
        FileResult { path, text, findings, lines, replacements, paragraphs: false, notes: Vec::new() }
    }

    /// The span in the original bytes of the file (differs from the text's only in lossy mode).
    pub fn original_span(&self, span: Span) -> Span {
        let map = |offset| crate::text::original_offset(&self.replacements, offset);
        Span::new(map(span.start), map(span.end))
    }

    /// 1-based line and column of the start and end of a span.
    pub fn position(&self, span: Span) -> Position {
        let (line, column) = self.lines.line_column(&self.text, span.start);
        let (end_line, end_column) = self.lines.line_column(&self.text, span.end);
        Position { line, column, end_line, end_column }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}
