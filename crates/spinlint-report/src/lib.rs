//! Reports: findings rendered for people and machines. An output format is one file here that
//! defines an [`Emitter`] and a [`Format`], and one name in the [`formats!`] list below.
//!
//! A front end makes the emitter of the format asked for, calls [`Emitter::begin`], hands it the
//! linted files in the report's order a few at a time ([`Emitter::files`]), and ends with
//! [`Emitter::finish`]. Whether a format writes files as they come (streams) or holds them for a
//! report written whole is the emitter's business: [`Settings::stream`] says whether the output
//! allows it.

use spinlint_core::finding::{Finding, Severity};
pub use spinlint_core::result::{FileResult, Position};
use spinlint_core::rules::RuleSet;
use std::io::Write;

pub mod escape;

/// Declares the output formats: one module each, listed in [`FORMATS`] in this order.
macro_rules! formats {
    ($($format:ident),* $(,)?) => {
        $(pub mod $format;)*
        /// Every output format, in the order `--help` lists them.
        pub const FORMATS: &[&Format] = &[$(&$format::FORMAT),*];
    };
}

formats!(human, concise, json, sarif, github, junit, html, rdjsonl, jsonl, attributes);

/// An output format: its name (`--format NAME`), a line of help (no final full stop, as clap
/// shows it), and how to make its emitter.
pub struct Format {
    pub name: &'static str,
    pub help: &'static str,
    pub new: fn(&Settings) -> Box<dyn Emitter>,
}

/// The format called `name`.
pub fn format(name: &str) -> Option<&'static Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// How a report is written.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// ANSI colours (the human format).
    pub color: bool,
    /// Warnings and errors only, and no summary when there are none (the human format).
    pub quiet: bool,
    /// The output may be written as the files come (a pipe or a file, not a terminal that also
    /// shows progress); formats that can, stream.
    pub stream: bool,
    /// The columns the human format's lines may take: the terminal's width, or
    /// [`DEFAULT_WIDTH`] when nobody says.
    pub width: usize,
}

/// The width the human format fits its lines to when the terminal's is not known (a pipe, a
/// file, a test): wide enough for a finding and some context, narrow enough for most terminals.
pub const DEFAULT_WIDTH: usize = 100;

impl Default for Settings {
    fn default() -> Settings {
        Settings { color: false, quiet: false, stream: false, width: DEFAULT_WIDTH }
    }
}

/// What a report knows only at the end of a run.
pub struct End<'a> {
    pub rules: &'a RuleSet,
    pub errors: &'a [FileError],
    pub notes: &'a [String],
}

/// Writes one report: `begin`, then `files` for each batch of linted files (in the report's
/// order), then `finish`.
pub trait Emitter {
    /// Writes what comes before the files; called once, before any file is linted.
    fn begin(&mut self, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }

    /// Takes the next linted files: writes them, or holds them for `finish`.
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()>;

    /// Takes the next records of a JSON Lines input (`--input-format jsonl`), in input order,
    /// bad lines included. Formats that know records (their ids, their lines) write them as
    /// such; the others take the linted ones as files, each named `FILE#ID`.
    fn records(&mut self, out: &mut dyn Write, records: Records) -> std::io::Result<()> {
        self.files(out, records.files)
    }

    /// Writes the rest, once every file is in.
    fn finish(&mut self, out: &mut dyn Write, end: &End) -> std::io::Result<()>;
}

/// Writes a whole report at once.
pub type WriteReport = fn(&Report, &RuleSet, &Settings, &mut dyn Write) -> std::io::Result<()>;

/// The emitter of a format written whole at the end: it holds the files until `finish`, and the
/// report after it (dropped with the emitter: a front end about to exit may skip freeing it).
pub struct Whole {
    settings: Settings,
    write: WriteReport,
    report: Report,
}

impl Whole {
    pub fn boxed(settings: &Settings, write: WriteReport) -> Box<dyn Emitter> {
        Box::new(Whole { settings: *settings, write, report: Report::default() })
    }
}

impl Emitter for Whole {
    fn files(&mut self, _out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        self.report.files.extend(files);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End) -> std::io::Result<()> {
        self.report.errors = end.errors.to_vec();
        self.report.notes = end.notes.to_vec();
        (self.write)(&self.report, end.rules, &self.settings, out)
    }
}

/// The id of a record of a JSON Lines input, a string or a number as the input has it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum RecordId {
    Number(serde_json::Number),
    String(String),
}

impl std::fmt::Display for RecordId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordId::Number(number) => write!(f, "{number}"),
            RecordId::String(string) => f.write_str(string),
        }
    }
}

/// One line of a JSON Lines input.
#[derive(Debug, Clone)]
pub struct Record {
    /// The input it is a line of, as reports show it (`-` for standard input).
    pub source: std::sync::Arc<str>,
    /// Its line in the input, 1-based.
    pub line: usize,
    /// Its id; `None` when a bad line had none.
    pub id: Option<RecordId>,
    /// Why the line was not linted (not JSON, no text, ...); `None`: it was.
    pub error: Option<String>,
}

/// Consecutive records of a JSON Lines input, in input order: `files[k]` is the linted text of
/// the `k`-th record without an error (bad lines have none).
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub files: Vec<FileResult>,
    pub records: Vec<Record>,
}

impl Records {
    /// Each record with its linted text (`None` for a bad line), in input order.
    pub fn each(&self) -> impl Iterator<Item = (&Record, Option<&FileResult>)> {
        let mut files = self.files.iter();
        self.records.iter().map(move |record| (record, if record.error.is_none() { files.next() } else { None }))
    }
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

pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
