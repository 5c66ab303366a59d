//! JSON Lines: one finding per line, each the JSON format's diagnostic on a line of its own,
//! written as the files (or the records of a JSON Lines input) are linted; nothing is held for
//! the end and no document-sized JSON is built. A finding in a record of a JSON Lines input
//! has the input's name as `path` and the record's `id` after it. The contract is in
//! docs/archives.md, next to the JSON format's in the README.

use crate::json::{diagnostic, JsonDiagnostic};
use crate::{FileResult, Records};
use rayon::prelude::*;
use std::io::Write;

pub const FORMAT: crate::Format = crate::Format {
    name: "jsonl",
    help: "JSON Lines: a finding per line, as the JSON format's diagnostics, written as files finish",
    new: emitter,
};

fn emitter(_settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    Box::new(Jsonl)
}

struct Jsonl;

impl crate::Emitter for Jsonl {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        let items: Vec<(&FileResult, Option<(&str, &crate::RecordId)>)> = files.iter().map(|f| (f, None)).collect();
        write_lines(out, &items)
    }

    fn records(&mut self, out: &mut dyn Write, records: Records) -> std::io::Result<()> {
        let items: Vec<(&FileResult, Option<(&str, &crate::RecordId)>)> = records
            .each()
            .filter_map(|(record, file)| Some((file?, Some((&*record.source, record.id.as_ref()?)))))
            .collect();
        write_lines(out, &items)
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        out.flush()
    }
}

/// Writes the findings of each file, a line each, rendered in parallel and written in order;
/// the output is flushed after, so that a reader at the other end of a pipe gets each batch as
/// it is done. With a record, a finding's `path` is the input's and its `id` the record's.
fn write_lines(out: &mut dyn Write, items: &[(&FileResult, Option<(&str, &crate::RecordId)>)]) -> std::io::Result<()> {
    let render = |&(file, record): &(&FileResult, Option<(&str, &crate::RecordId)>)| -> std::io::Result<Vec<u8>> {
        let mut buffer = Vec::with_capacity(file.findings.len() * 600);
        for finding in &file.findings {
            let mut line: JsonDiagnostic = diagnostic(file, finding);
            if let Some((source, id)) = record {
                line.path = source;
                line.id = Some(id);
            }
            serde_json::to_writer(&mut buffer, &line).map_err(std::io::Error::other)?;
            buffer.push(b'\n');
        }
        Ok(buffer)
    };
    // A few files per thread at a time: the rendering of a batch is never held whole.
    for chunk in items.chunks(4 * rayon::current_num_threads().max(1)) {
        let rendered: Vec<std::io::Result<Vec<u8>>> = chunk.par_iter().map(render).collect();
        for lines in rendered {
            out.write_all(&lines?)?;
        }
    }
    out.flush()
}
