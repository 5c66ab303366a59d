//! Span attributes for corpus tools, in the shape of dolma's taggers: one line per input record
//! (or per file), in input order, also for records without findings and for bad lines, so that
//! the output lines up with the input line for line:
//! `{"id": ..., "attributes": {"spinlint__RULE": [[start, end, 1.0], ...]}}`.
//! Offsets are code points of the text (Python's string offsets, as dolma has them), not bytes.
//! See docs/archives.md.

use crate::{FileResult, Records};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

pub const FORMAT: crate::Format = crate::Format {
    name: "attributes",
    help: "A line per input record (or file), aligned with the input: dolma-style span attributes \
           {\"id\", \"attributes\": {\"spinlint__RULE\": [[start, end, score]]}}, offsets in code points",
    new: emitter,
};

/// The prefix of every attribute's name: dolma names them `TAGGER__ATTRIBUTE`.
pub const PREFIX: &str = "spinlint__";

/// The score of a span: a finding is there.
const SCORE: f64 = 1.0;

fn emitter(_settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    Box::new(Attributes)
}

struct Attributes;

#[derive(Serialize)]
struct Line<'r, Id: Serialize> {
    id: Id,
    attributes: BTreeMap<String, Vec<(usize, usize, f64)>>,
    /// Why a bad line was not linted (its attributes are then empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'r str>,
}

impl crate::Emitter for Attributes {
    /// Files: a line each, the path as the id.
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        let rendered: Vec<std::io::Result<Vec<u8>>> = files
            .par_iter()
            .map(|file| render(&Line { id: &*file.path, attributes: attributes(file), error: None }))
            .collect();
        write_all(out, rendered)
    }

    fn records(&mut self, out: &mut dyn Write, records: Records) -> std::io::Result<()> {
        let items: Vec<_> = records.each().collect();
        let rendered: Vec<std::io::Result<Vec<u8>>> = items
            .par_iter()
            .map(|&(record, file)| {
                render(&Line {
                    id: record.id.as_ref(),
                    attributes: file.map(attributes).unwrap_or_default(),
                    error: record.error.as_deref(),
                })
            })
            .collect();
        write_all(out, rendered)
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        out.flush()
    }
}

fn render<Id: Serialize>(line: &Line<Id>) -> std::io::Result<Vec<u8>> {
    let mut buffer = serde_json::to_vec(line).map_err(std::io::Error::other)?;
    buffer.push(b'\n');
    Ok(buffer)
}

fn write_all(out: &mut dyn Write, rendered: Vec<std::io::Result<Vec<u8>>>) -> std::io::Result<()> {
    for line in rendered {
        out.write_all(&line?)?;
    }
    out.flush()
}

/// The spans of a file's findings by rule, in code points of its text.
fn attributes(file: &FileResult) -> BTreeMap<String, Vec<(usize, usize, f64)>> {
    let text = file.text.as_str();
    let mut offsets: Vec<usize> = file.findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let points = code_points(text, &offsets);
    let at = |offset: usize| offsets.binary_search(&offset).map_or(0, |index| points[index]);
    let mut attributes: BTreeMap<String, Vec<(usize, usize, f64)>> = BTreeMap::new();
    for finding in &file.findings {
        let spans = attributes.entry(format!("{PREFIX}{}", finding.rule)).or_default();
        spans.push((at(finding.span.start), at(finding.span.end), SCORE));
    }
    attributes
}

/// The code point offset of each of the byte `offsets` (sorted) of `text`: the characters that
/// start before it. Counted once through the text.
pub fn code_points(text: &str, offsets: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut points = Vec::with_capacity(offsets.len());
    let (mut byte, mut point) = (0, 0);
    for &offset in offsets {
        let offset = offset.min(bytes.len());
        // A byte that does not continue a UTF-8 sequence starts a character.
        point += bytes[byte.min(offset)..offset].iter().filter(|&&b| b & 0xC0 != 0x80).count();
        byte = byte.max(offset);
        points.push(point);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_code_points() {
        let text = "a é “b” 😀 c";
        let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
        let expected: Vec<usize> = (0..offsets.len()).collect();
        assert_eq!(code_points(text, &offsets), expected);
        assert_eq!(code_points(text, &[]), Vec::<usize>::new());
        assert_eq!(code_points("", &[0]), vec![0]);
    }
}
