//! JSON Lines input (`check --input-format jsonl`): each line of each input is a record, a JSON
//! object with an id and a text, as news crawls ship them. Inputs are read as streams, a line
//! at a time: a batch of lines (a bounded number of bytes) is parsed and linted in parallel on
//! rayon's threads and handed on in input order before the next is read, so a run holds a few
//! megabytes of the input whatever its size. A bad line is an error on standard error, naming
//! its input and line, and is skipped; the run goes on.

use crate::exit::say;
use crate::run::{CheckOptions, BATCH_BYTES};
use rayon::prelude::*;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use spinlint_core::{Engine, FileResult};
use spinlint_report::{FileError, Record, RecordId, Records, Report};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fields of a record that are read; the others are skipped unread.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: String,
    pub text: String,
    /// The longest line read as a record ([`MAX_RECORD_BYTES`] by default).
    pub max_bytes: usize,
}

/// One input: a file, or standard input (`-`, or the path `--stdin-filename` gives it).
pub enum Source {
    Path(PathBuf),
    Stdin { name: Option<PathBuf> },
}

/// The longest line read as a record by default. A longer one is skipped unread (its bytes are not held)
/// and reported as a bad line: memory stays bounded whatever the input holds, a stream with no
/// line breaks included. Sixty-four megabytes is far beyond any article.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Lints the records of each input in turn and hands them to `on_batch` a batch at a time, in
/// input order. The report returned has, for each input, an error if it could not be read or
/// had bad lines (which were said on standard error as they came), and no files.
pub fn run<E>(
    sources: &[Source],
    engine: &Engine,
    options: &CheckOptions,
    fields: &Fields,
    on_batch: &mut dyn FnMut(Records) -> Result<(), E>,
) -> Result<Report, E> {
    let (pool, threads) = crate::run::pool(options);
    let mut baseline = options.baseline.as_ref().map(|(_, b)| b.start_filter(engine.config()));
    let mut report = Report::default();
    let mut hidden_by_baseline = 0;
    for source in sources {
        let (name, path, reader): (String, Option<&Path>, std::io::Result<Box<dyn BufRead>>) = match source {
            Source::Path(path) => (
                path.display().to_string(),
                Some(path.as_path()),
                std::fs::File::open(path)
                    .map(|file| Box::new(std::io::BufReader::with_capacity(1 << 20, file)) as Box<dyn BufRead>),
            ),
            Source::Stdin { name } => (
                name.as_ref().map_or_else(|| "-".to_string(), |name| name.display().to_string()),
                name.as_deref(),
                stdin(),
            ),
        };
        let mut reader = match reader {
            Ok(reader) => reader,
            Err(error) => {
                report.errors.push(FileError { path: name.clone(), message: format!("{name}: {error}") });
                continue;
            }
        };
        let name: Arc<str> = name.into();
        let mut lines = Lines { line: 0, bad: 0, first_bad: 0 };
        loop {
            let (batch, error) = lines.read_batch(&mut *reader, 32 * threads, fields.max_bytes);
            if !batch.is_empty() {
                let lint_batch = || {
                    batch
                        .into_par_iter()
                        .map(|(line, bytes)| lint_line(engine, &name, path, fields, line, &bytes))
                        .collect()
                };
                let outcomes: Vec<(Record, Option<FileResult>)> = match &pool {
                    Some(pool) => pool.install(lint_batch),
                    None => lint_batch(),
                };
                let mut records = Records::default();
                for (record, file) in outcomes {
                    if let Some(error) = &record.error {
                        say!("error: {name}:{}: {error}", record.line);
                        lines.bad += 1;
                        if lines.first_bad == 0 {
                            lines.first_bad = record.line;
                        }
                    }
                    records.files.extend(file);
                    records.records.push(record);
                }
                if let Some(baseline) = &mut baseline {
                    hidden_by_baseline += baseline.filter(&mut records.files);
                }
                on_batch(records)?;
            }
            match error {
                Some(Stop::End) => break,
                Some(Stop::Io(error)) => {
                    let message = format!("{name}: {error} (after line {})", lines.line);
                    report.errors.push(FileError { path: name.to_string(), message });
                    break;
                }
                None => {}
            }
        }
        if lines.bad > 0 {
            let message = format!(
                "{name}: {} skipped (the first at line {}; each is above)",
                spinlint_report::plural(lines.bad, "bad line"),
                lines.first_bad
            );
            report.errors.push(FileError { path: name.to_string(), message });
        }
    }
    report.notes.extend(crate::run::baseline_note(options, hidden_by_baseline));
    Ok(report)
}

/// Standard input, read in large blocks; closed, an error (a pipeline that lost its producer
/// must not pass as an empty input).
fn stdin() -> std::io::Result<Box<dyn BufRead>> {
    if crate::read::stdin_is_closed() {
        return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard input is closed"));
    }
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())))
}

/// Why reading an input stopped.
enum Stop {
    End,
    Io(std::io::Error),
}

/// A line of an input: its number (1-based) and its bytes, or, for a line longer than
/// the longest a record may be, its length (the bytes were not kept).
type Line = (usize, Result<Vec<u8>, usize>);

/// Where the reading of an input is.
struct Lines {
    /// The last line read (1-based).
    line: usize,
    /// Bad lines so far, and the first of them.
    bad: usize,
    first_bad: usize,
}

/// Reads one line (with its `\n`, if it has one) into `line`, keeping at most `limit` bytes:
/// `Ok(Some(length))` for a longer line, whose bytes past the limit were read and dropped.
/// `Ok(None)` with `line` empty at the end of the input.
fn read_line(reader: &mut dyn BufRead, line: &mut Vec<u8>, limit: usize) -> std::io::Result<Option<usize>> {
    let mut length = 0;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            break;
        }
        let (taken, done) = match memchr::memchr(b'\n', buffer) {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        if length + taken <= limit {
            line.extend_from_slice(&buffer[..taken]);
        } else if !line.is_empty() {
            // Given back, not only emptied: the rest of the line is read past, not kept.
            *line = Vec::new();
        }
        length += taken;
        reader.consume(taken);
        if done {
            break;
        }
    }
    Ok((length > limit).then_some(length))
}

impl Lines {
    /// The next lines, with their numbers: at most `max_lines` of them and about `BATCH_BYTES`
    /// (a longer line is a batch of its own). Blank lines are not records and are skipped; a
    /// byte order mark at the start of a line (files joined with `cat`) is dropped.
    /// `Some(Stop)` when the input ended (or failed) after them.
    fn read_batch(
        &mut self,
        reader: &mut dyn BufRead,
        max_lines: usize,
        max_bytes: usize,
    ) -> (Vec<Line>, Option<Stop>) {
        let mut batch = Vec::new();
        let mut bytes = 0u64;
        while batch.len() < max_lines.max(1) && bytes < BATCH_BYTES {
            let mut line = Vec::new();
            let too_long = match read_line(reader, &mut line, max_bytes) {
                Ok(None) if line.is_empty() => return (batch, Some(Stop::End)),
                Ok(too_long) => too_long,
                Err(error) => return (batch, Some(Stop::Io(error))),
            };
            self.line += 1;
            if let Some(length) = too_long {
                batch.push((self.line, Err(length)));
                continue;
            }
            if line.starts_with(b"\xEF\xBB\xBF") {
                line.drain(..3);
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            bytes += line.len() as u64;
            batch.push((self.line, Ok(line)));
        }
        (batch, None)
    }
}

/// Parses and lints one line. A linted record is named `SOURCE#ID` in reports.
fn lint_line(
    engine: &Engine,
    source: &Arc<str>,
    path: Option<&Path>,
    fields: &Fields,
    line: usize,
    bytes: &Result<Vec<u8>, usize>,
) -> (Record, Option<FileResult>) {
    let record = |id, error| Record { source: source.clone(), line, id, error };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(length) => {
            let error = format!("a line of {length} bytes, longer than a record may be ({} bytes)", fields.max_bytes);
            return (record(None, Some(error)), None);
        }
    };
    match parse(bytes, fields) {
        Ok((id, text)) => {
            // A crawl's id may hold line breaks or escape codes: shown escaped in the name, so
            // that it cannot forge a line of a report.
            let shown: String = id.to_string().chars().flat_map(escaped).collect();
            let file = engine.lint(format!("{source}#{shown}"), path, text);
            (record(Some(id), None), Some(file))
        }
        Err((id, error)) => (record(id, Some(error)), None),
    }
}

/// A character of an id as a report names it: control characters escaped (`\n`, `\u{1b}`).
fn escaped(c: char) -> Vec<char> {
    if c.is_control() {
        c.escape_default().collect()
    } else {
        vec![c]
    }
}

/// A record's id and text, or why the line is not one (with its id, if it had a good one).
fn parse(bytes: &[u8], fields: &Fields) -> Result<(RecordId, String), (Option<RecordId>, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = FieldsSeed(fields).deserialize(&mut deserializer).and_then(|parsed| {
        deserializer.end()?;
        Ok(parsed)
    });
    let Parsed { id, text } = parsed.map_err(|error| (None, json_error(&error)))?;
    let id = match id {
        Some(serde_json::Value::String(id)) => Ok(RecordId::String(id)),
        Some(serde_json::Value::Number(id)) => Ok(RecordId::Number(id)),
        Some(other) => Err(format!("`{}` is not a string or a number but {}", fields.id, kind(&other))),
        None => Err(format!("no `{}` field", fields.id)),
    };
    let id = id.map_err(|error| (None, error))?;
    match text {
        Some(Text::String(text)) => Ok((id, text)),
        Some(Text::Not(what)) => Err((Some(id), format!("`{}` is not a string but {what}", fields.text))),
        None => Err((Some(id), format!("no `{}` field", fields.text))),
    }
}

/// serde_json's error, with the column in the line (the line is always 1).
fn json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let place = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&place).unwrap_or(&message);
    let what = match error.classify() {
        serde_json::error::Category::Data => "not a record",
        _ => "not JSON",
    };
    // A value of the wrong type is told before its column is known.
    match error.column() {
        0 => format!("{what}: {message}"),
        column => format!("{what}: {message} at column {column}"),
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The two fields read from a record: the others are skipped without being kept.
struct Parsed {
    id: Option<serde_json::Value>,
    text: Option<Text>,
}

/// The text field: a string, or what it is instead.
enum Text {
    String(String),
    Not(&'static str),
}

struct FieldsSeed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Parsed;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Parsed, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut parsed = Parsed { id: None, text: None };
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            match key {
                Key::Id => parsed.id = Some(map.next_value()?),
                Key::Text => parsed.text = Some(map.next_value_seed(TextSeed)?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(parsed)
    }
}

enum Key {
    Id,
    Text,
    Other,
}

/// A key, told without keeping it.
struct KeySeed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0.id {
            Key::Id
        } else if key == self.0.text {
            Key::Text
        } else {
            Key::Other
        })
    }
}

struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Text;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
        Ok(Text::String(text.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
        Ok(Text::String(text))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Text, E> {
        Ok(Text::Not("a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Text, E> {
        Ok(Text::Not("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Text, E> {
        Ok(Text::Not("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Text, E> {
        Ok(Text::Not("a number"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Text, E> {
        Ok(Text::Not("null"))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text::Not("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text::Not("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields { id: "id".into(), text: "text".into(), max_bytes: MAX_RECORD_BYTES }
    }

    #[test]
    fn a_line_is_a_record_or_says_why_not() {
        let ok = parse(br#"{"meta": {"a": [1, "x"]}, "id": 7, "text": "Words \u00e9."}"#, &fields());
        assert_eq!(ok, Ok((RecordId::Number(7.into()), "Words é.".to_string())));
        let ok = parse(br#"{"id": "u", "text": ""}"#, &fields());
        assert_eq!(ok, Ok((RecordId::String("u".into()), String::new())));
        let error = |line: &[u8]| parse(line, &fields()).unwrap_err();
        assert!(error(b"{\"id\": 1, \"text\": ").1.starts_with("not JSON: EOF"), "{:?}", error(b"{\"id\": 1"));
        assert!(error(b"[1, 2]").1.starts_with("not a record: invalid type: sequence, expected a JSON object"));
        assert!(error(br#"{"id": 1, "text": "a"} x"#).1.starts_with("not JSON: trailing characters at column"));
        assert_eq!(error(br#"{"text": "a"}"#), (None, "no `id` field".into()));
        assert_eq!(error(br#"{"id": null, "text": "a"}"#), (None, "`id` is not a string or a number but null".into()));
        assert_eq!(error(br#"{"id": "a"}"#), (Some(RecordId::String("a".into())), "no `text` field".into()));
        assert_eq!(
            error(br#"{"id": "a", "text": {"b": [1]}}"#),
            (Some(RecordId::String("a".into())), "`text` is not a string but an object".into())
        );
        assert_eq!(error(br#"{"id": "a", "text": 5}"#).1, "`text` is not a string but a number");
    }
}
