//! The JSON contract: `{"diagnostics": [...], "summary": {...}}`. `start`/`end` are byte
//! offsets into the file; `line`/`column` are 1-based, columns in characters.

use crate::{Counts, FileError, FileResult, Report, Tally};
use spinlint_core::finding::Finding;
use spinlint_core::span::Span;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

pub const FORMAT: crate::Format =
    crate::Format { name: "json", help: "The JSON contract of the README", new: emitter };

/// Diagnostics are written as the files come when the output allows it.
fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    if settings.stream {
        Box::new(Streaming(None))
    } else {
        crate::Whole::boxed(settings, |report, _, _, out| write(report, out))
    }
}

/// The streaming emitter: a [`JsonWriter`] from `begin` to `finish`.
struct Streaming(Option<JsonWriter>);

impl crate::Emitter for Streaming {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.0 = Some(JsonWriter::start(out)?);
        Ok(())
    }

    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        match &mut self.0 {
            Some(writer) => writer.files(out, &files),
            None => Err(std::io::Error::other("the JSON report was not begun")),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, end: &crate::End) -> std::io::Result<()> {
        match self.0.take() {
            Some(writer) => writer.finish(out, end.errors),
            None => Err(std::io::Error::other("the JSON report was not begun")),
        }
    }
}

#[derive(Serialize)]
pub struct JsonReport<'r> {
    pub diagnostics: Vec<JsonDiagnostic<'r>>,
    pub summary: Summary,
    pub errors: Vec<JsonError<'r>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'r> {
    pub path: &'r str,
    /// The record of a JSON Lines input the finding is in (the `jsonl` format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'r crate::RecordId>,
    pub rule: &'r str,
    pub category: &'r str,
    pub severity: &'static str,
    pub message: &'r str,
    pub help: &'r str,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// For a Word document, the paragraph the finding is in (1-based; its `line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The words the finding is on.
    pub text: &'r str,
    pub labels: Vec<JsonLabel<'r>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'r> {
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: &'r str,
}

#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_category: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, usize>,
    pub file_errors: usize,
}

#[derive(Serialize)]
pub struct JsonError<'r> {
    pub path: &'r str,
    pub message: &'r str,
}

pub(crate) fn diagnostic<'r>(file: &'r FileResult, finding: &'r Finding) -> JsonDiagnostic<'r> {
    let position = file.position(finding.span);
    JsonDiagnostic {
        path: &file.path,
        id: None,
        rule: &finding.rule,
        category: &finding.category,
        severity: finding.severity.as_str(),
        message: &finding.message,
        help: &finding.help,
        span: file.original_span(finding.span),
        line: position.line,
        column: position.column,
        end_line: position.end_line,
        end_column: position.end_column,
        paragraph: file.paragraphs.then_some(position.line),
        text: finding.span.text(&file.text),
        labels: finding
            .labels
            .iter()
            .map(|l| {
                let p = file.position(l.span);
                JsonLabel { span: file.original_span(l.span), line: p.line, column: p.column, message: &l.message }
            })
            .collect(),
    }
}

/// The report without its diagnostics: the summary and the file errors.
fn skeleton(report: &Report) -> JsonReport<'_> {
    let mut tally = Tally::default();
    tally.add(&report.files);
    skeleton_of(&tally, &report.errors)
}

fn skeleton_of<'r>(tally: &Tally, errors: &'r [FileError]) -> JsonReport<'r> {
    let Counts { errors: error_count, warnings, infos } = tally.counts;
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    // A user's rule may share an id with a built-in one under another category: counts add up.
    for ((rule, category), count) in &tally.by_rule {
        *by_category.entry(category.to_string()).or_insert(0) += count;
        *by_rule.entry(rule.to_string()).or_insert(0) += count;
    }
    JsonReport {
        diagnostics: Vec::new(),
        summary: Summary {
            files: tally.files,
            errors: error_count,
            warnings,
            infos,
            by_category,
            by_rule,
            file_errors: errors.len(),
        },
        errors: errors.iter().map(|e| JsonError { path: &e.path, message: &e.message }).collect(),
    }
}

pub fn build(report: &Report) -> JsonReport<'_> {
    let mut json = skeleton(report);
    json.diagnostics = report.findings().map(|(file, finding)| diagnostic(file, finding)).collect();
    json
}

/// A diagnostic as serde's pretty printer writes it two levels deep (the items of
/// `diagnostics`), written directly: one per finding of a large archive, so without an
/// intermediate buffer and re-indentation. Strings are escaped by serde_json itself.
fn write_diagnostic(out: &mut Vec<u8>, d: &JsonDiagnostic) -> std::io::Result<()> {
    let string = |out: &mut Vec<u8>, key: &str, value: &str| -> std::io::Result<()> {
        out.extend_from_slice(b"      \"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        json_string(out, value)?;
        out.extend_from_slice(b",\n");
        Ok(())
    };
    // Numbers never close an object here: each is followed by a comma.
    let number = |out: &mut Vec<u8>, indent: &str, key: &str, value: usize| {
        out.extend_from_slice(indent.as_bytes());
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        decimal(out, value);
        out.extend_from_slice(b",\n");
    };
    let span = |out: &mut Vec<u8>, indent: &str, span: Span| {
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(b"\"span\": {\n");
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(b"  \"start\": ");
        decimal(out, span.start);
        out.extend_from_slice(b",\n");
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(b"  \"end\": ");
        decimal(out, span.end);
        out.push(b'\n');
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(b"},\n");
    };
    out.extend_from_slice(b"    {\n");
    string(out, "path", d.path)?;
    string(out, "rule", d.rule)?;
    string(out, "category", d.category)?;
    string(out, "severity", d.severity)?;
    string(out, "message", d.message)?;
    string(out, "help", d.help)?;
    span(out, "      ", d.span);
    number(out, "      ", "line", d.line);
    number(out, "      ", "column", d.column);
    number(out, "      ", "end_line", d.end_line);
    number(out, "      ", "end_column", d.end_column);
    if let Some(paragraph) = d.paragraph {
        number(out, "      ", "paragraph", paragraph);
    }
    string(out, "text", d.text)?;
    if d.labels.is_empty() {
        out.extend_from_slice(b"      \"labels\": []\n");
    } else {
        out.extend_from_slice(b"      \"labels\": [\n");
        for (index, label) in d.labels.iter().enumerate() {
            out.extend_from_slice(b"        {\n");
            span(out, "          ", label.span);
            number(out, "          ", "line", label.line);
            number(out, "          ", "column", label.column);
            out.extend_from_slice(b"          \"message\": ");
            json_string(out, label.message)?;
            out.extend_from_slice(if index + 1 < d.labels.len() { b"\n        },\n" } else { b"\n        }\n" });
        }
        out.extend_from_slice(b"      ]\n");
    }
    out.extend_from_slice(b"    }");
    Ok(())
}

/// A JSON string as serde_json writes it. Most strings of a report (messages, help, words) need
/// no escape: they are copied after an eight-bytes-at-a-time check; the others go to serde_json.
fn json_string(out: &mut Vec<u8>, value: &str) -> std::io::Result<()> {
    use spinlint_core::swar::{bytes_equal_lowest, load8, HIGH, ONES};
    let bytes = value.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    // Each test flags a byte when there is one (and can flag more, never fewer).
    let mut escapes = chunks.by_ref().any(|chunk| {
        let word = load8(chunk, 0);
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
        control | bytes_equal_lowest(word, b'"') | bytes_equal_lowest(word, b'\\') != 0
    });
    escapes |= chunks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    if escapes {
        return serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other);
    }
    out.push(b'"');
    out.extend_from_slice(bytes);
    out.push(b'"');
    Ok(())
}

/// A number in decimal, without the formatting machinery.
fn decimal(out: &mut Vec<u8>, mut value: usize) {
    let mut digits = [0u8; 20];
    let mut first = digits.len();
    loop {
        first -= 1;
        digits[first] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[first..]);
}

/// Writes the report as pretty JSON. A check of a large archive has hundreds of thousands of
/// diagnostics: they are rendered in parallel, in chunks, and written in order; the bytes are
/// those of `serde_json::to_writer_pretty(build(report))`.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = JsonWriter::start(out)?;
    writer.files(out, &report.files)?;
    writer.finish(out, &report.errors)
}

/// The JSON report written as the files come, a few at a time (the findings of ten thousand
/// files are never held at once): the diagnostics as each file is given, the summary and the
/// file errors at the end. The bytes are those of `write` on the whole report.
pub struct JsonWriter {
    tally: Tally,
    /// Whether a diagnostic has been written (the array is open).
    any: bool,
    /// The document up to the diagnostics, which no count changes (checked at the end).
    head: String,
}

/// The array of the report the diagnostics go in.
const DIAGNOSTICS: &str = "diagnostics";

impl JsonWriter {
    pub fn start(out: &mut dyn Write) -> std::io::Result<JsonWriter> {
        let skeleton = pretty(&skeleton_of(&Tally::default(), &[]))?;
        let head = crate::split_at_items(&skeleton, DIAGNOSTICS)?.0.to_string();
        out.write_all(head.as_bytes())?;
        Ok(JsonWriter { tally: Tally::default(), any: false, head })
    }

    /// Writes the diagnostics of `files`, in order.
    pub fn files(&mut self, out: &mut dyn Write, files: &[FileResult]) -> std::io::Result<()> {
        const CHUNK: usize = 1024;
        self.tally.add(files);
        // Each file's findings in chunks: (the file, the chunk, whether a diagnostic came before).
        let mut chunks: Vec<(&FileResult, &[Finding], bool)> = Vec::new();
        let mut any = self.any;
        for file in files {
            for chunk in file.findings.chunks(CHUNK) {
                chunks.push((file, chunk, any));
                any = true;
            }
        }
        if any && !self.any {
            crate::open_items(out, DIAGNOSTICS)?;
        }
        self.any = any;
        let render = |&(file, chunk, after_another): &(&FileResult, &[Finding], bool)| -> std::io::Result<Vec<u8>> {
            let mut buffer = Vec::with_capacity(chunk.len() * 700);
            for (offset, finding) in chunk.iter().enumerate() {
                if after_another || offset > 0 {
                    buffer.extend_from_slice(b",\n");
                }
                write_diagnostic(&mut buffer, &diagnostic(file, finding))?;
            }
            Ok(buffer)
        };
        // diagnostics[i], two levels deep; a few chunks per thread at a time, so that the whole
        // rendering is never held in memory.
        for batch in chunks.chunks(2 * rayon::current_num_threads()) {
            let rendered: Vec<std::io::Result<Vec<u8>>> = batch.par_iter().map(render).collect();
            for chunk in rendered {
                out.write_all(&chunk?)?;
            }
        }
        Ok(())
    }

    /// Closes the diagnostics and writes the summary of every file given and the file errors.
    pub fn finish(self, out: &mut dyn Write, errors: &[FileError]) -> std::io::Result<()> {
        let skeleton = pretty(&skeleton_of(&self.tally, errors))?;
        let (head, tail) = crate::split_at_items(&skeleton, DIAGNOSTICS)?;
        // The head was written first, before any count was known: it must not depend on one.
        if head != self.head {
            return Err(std::io::Error::other("the JSON report's head changed while it was written"));
        }
        // diagnostics[i] are two levels deep.
        crate::close_items(out, DIAGNOSTICS, 4, self.any)?;
        out.write_all(tail.as_bytes())?;
        writeln!(out)
    }
}

fn pretty(report: &JsonReport) -> std::io::Result<String> {
    serde_json::to_string_pretty(report).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use spinlint_core::Engine;

    #[test]
    fn strings_and_numbers_are_written_as_serde_writes_them() {
        let mut strings: Vec<String> = vec![String::new(), "plain words".into(), "é “curly” \u{7f} ok".into()];
        for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\t'] {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrst".into();
                text.insert(at, special);
                strings.push(text);
            }
        }
        for text in &strings {
            let mut written = Vec::new();
            json_string(&mut written, text).unwrap();
            assert_eq!(written, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
        for value in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            let mut written = Vec::new();
            decimal(&mut written, value);
            assert_eq!(written, value.to_string().into_bytes());
        }
    }

    #[test]
    fn the_parallel_writer_writes_what_serde_writes() {
        let engine = Engine::builtin().expect("built-in rules");
        let article = "There is no evidence of fraud, the so-called “experts” said.\n\n";
        let mut report = Report::default();
        for name in ["b.txt", "a.txt"] {
            report.files.push(engine.lint(name, None, article.repeat(1500)));
        }
        // Labels (a named speaker), and paths and text that need escaping.
        let quoted =
            "Peskov said: “The regime is a \\ \"so-called\" threat\t, no evidence exists.”\n\nNo evidence exists.\n";
        report.files.push(engine.lint("dir\\\"odd\u{1}.txt", None, quoted.repeat(3)));
        assert!(report.findings().any(|(_, f)| f.labels.len() == 1), "a finding with one label");
        // Several labels, as a density finding has them.
        let mut several = report.files[2].findings[0].clone();
        let label =
            |start: usize| spinlint_core::finding::Label { span: Span::new(start, start + 3), message: "a \"b\"".into() };
        several.labels = vec![label(0), label(4), label(8)].into();
        let text = report.files[2].text.clone();
        report.files.push(FileResult::new("several.txt".into(), text, vec![several], Vec::new()));
        report.files.push(engine.lint("empty.txt", None, String::new()));
        assert!(report.findings().count() > 4 * 1024, "more than one batch of chunks");
        let mut expected = serde_json::to_vec_pretty(&build(&report)).unwrap();
        expected.push(b'\n');
        let mut written = Vec::new();
        write(&report, &mut written).unwrap();
        assert!(written == expected, "the two renderings differ");
        // Written as the files come, in batches of any size (an empty one included).
        for batch in [1, 2, 4] {
            let mut written = Vec::new();
            let mut writer = JsonWriter::start(&mut written).unwrap();
            writer.files(&mut written, &[]).unwrap();
            for files in report.files.chunks(batch) {
                writer.files(&mut written, files).unwrap();
            }
            writer.finish(&mut written, &report.errors).unwrap();
            assert!(written == expected, "batches of {batch} differ");
        }

        let mut empty = Report::default();
        empty.errors.push(FileError { path: "gone.txt".into(), message: "gone.txt: not found".into() });
        let mut expected = serde_json::to_vec_pretty(&build(&empty)).unwrap();
        expected.push(b'\n');
        let mut written = Vec::new();
        write(&empty, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
    }
}
