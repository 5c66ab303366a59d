//! Reports: findings rendered for people and machines. One format, one file.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::finding::{Finding, Severity};
use crate::input::ArticleText;
use crate::span::{LineIndex, Span};

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
        FileResult { path, text, findings, lines, replacements }
    }

    /// A result whose line index is already built (`LineIndex::new(&text)`).
    pub fn with_lines(
        path: String,
        text: ArticleText,
        lines: LineIndex,
        findings: Vec<Finding>,
        replacements: Vec<(usize, usize, usize)>,
    ) -> Self {
        FileResult { path, text, findings, lines, replacements }
    }

    /// The span in the original bytes of the file (differs from the text's only in lossy mode).
    pub fn original_span(&self, span: Span) -> Span {
        let map = |offset| crate::input::original_offset(&self.replacements, offset);
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

/// A file that could not be linted, and why.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Everything one run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub errors: Vec<FileError>,
    /// Informational notes about the run (skipped binary files, ...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (_, finding) in self.findings() {
            counts.add(finding.severity);
        }
        counts
    }

    pub fn findings(&self) -> impl Iterator<Item = (&FileResult, &Finding)> {
        findings_of(&self.files)
    }
}

/// The findings of `files`, each with its file, in order.
pub fn findings_of(files: &[FileResult]) -> impl Iterator<Item = (&FileResult, &Finding)> {
    files.iter().flat_map(|file| file.findings.iter().map(move |f| (file, f)))
}

/// The counts of the findings of the files added so far: what summaries, statistics and the exit
/// code need, without holding the files.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub files: usize,
    pub counts: Counts,
    /// Findings per (rule, category).
    pub by_rule: rustc_hash::FxHashMap<(std::sync::Arc<str>, std::sync::Arc<str>), usize>,
}

impl Tally {
    pub fn add(&mut self, files: &[FileResult]) {
        self.files += files.len();
        for (_, finding) in findings_of(files) {
            self.counts.add(finding.severity);
            let key = (finding.rule.clone(), finding.category.clone());
            *self.by_rule.entry(key).or_insert(0) += 1;
        }
    }
}

/// Writes `skeleton` (a pretty-printed document with the empty array `"key": []` in it) with the
/// array's items in place of `[]`: `items` writes them, each already indented to `indent`
/// spaces and separated by `,` and a newline. The bytes are those of the whole document
/// pretty-printed, with no tree of every item held at once.
fn write_with_items(
    out: &mut dyn std::io::Write,
    skeleton: &str,
    key: &str,
    indent: usize,
    has_items: bool,
    items: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (head, tail) = split_at_items(skeleton, key)?;
    out.write_all(head.as_bytes())?;
    if has_items {
        open_items(out, key)?;
        items(out)?;
    }
    close_items(out, key, indent, has_items)?;
    out.write_all(tail.as_bytes())?;
    writeln!(out)
}

/// A pretty-printed skeleton cut where its empty array `"key": []` stands: the text before it and
/// the text after it.
fn split_at_items<'s>(skeleton: &'s str, key: &str) -> std::io::Result<(&'s str, &'s str)> {
    skeleton
        .split_once(&format!("\"{key}\": []"))
        .ok_or_else(|| std::io::Error::other(format!("no `{key}` in the report")))
}

/// Opens the array `key` before its first item.
fn open_items(out: &mut dyn std::io::Write, key: &str) -> std::io::Result<()> {
    writeln!(out, "\"{key}\": [")
}

/// Closes the array `key` after its items (indented `indent` spaces), or writes it empty.
fn close_items(out: &mut dyn std::io::Write, key: &str, indent: usize, has_items: bool) -> std::io::Result<()> {
    if has_items {
        write!(out, "\n{}]", " ".repeat(indent.saturating_sub(2)))
    } else {
        write!(out, "\"{key}\": []")
    }
}

/// Appends pretty JSON rendered on its own, each line moved right by `indent` spaces: an item of
/// an array nested in a pretty-printed document, written one at a time.
fn push_indented(buffer: &mut Vec<u8>, json: &[u8], indent: usize) {
    for (at, line) in json.split(|&b| b == b'\n').enumerate() {
        if at > 0 {
            buffer.push(b'\n');
        }
        buffer.extend(std::iter::repeat_n(b' ', indent));
        buffer.extend_from_slice(line);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics for people.
    Human,
    /// The JSON contract of the README.
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML for CI dashboards.
    Junit,
    /// One self-contained HTML page: each article with its findings highlighted.
    Html,
}

/// Counts per rule, most frequent first.
pub fn write_statistics(tally: &Tally, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut rows: Vec<((&str, &str), usize)> =
        tally.by_rule.iter().map(|((rule, category), &count)| ((&**rule, &**category), count)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((rule, category), count) in rows {
        writeln!(out, "{count:>6}  {rule:<36} {category}")?;
    }
    Ok(())
}

/// Escapes text for HTML or XML, in content and in attribute values alike.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
