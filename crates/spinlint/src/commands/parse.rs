//! `spinlint parse`: the document model of an article as JSON, to see what the parser saw. For
//! Markdown, HTML and Word files, also what the reader took as prose and what it skipped, with
//! their spans in the file.

use crate::exit::Error;
use spinlint_core::document::Document;
use spinlint_core::span::LineIndex;
use spinlint_formats::Format;
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, format: Option<Format>) -> Result<ExitCode, Error> {
    let stdin = file.as_os_str() == "-";
    let format = format.unwrap_or(if stdin { Format::Text } else { Format::of_path(file) });
    let bytes = if stdin { crate::read::read_stdin_bytes()? } else { crate::read::read_bytes(file, format.is_text())? };
    let read =
        spinlint_formats::read(format, file, bytes, &Default::default()).map_err(|e| Error::Usage(e.to_string()))?;
    let json = match &read.view {
        None => serde_json::to_string_pretty(&Document::parse(&read.text.text).to_model()),
        Some(view) => {
            let text = read.text.text.as_str();
            let lines = LineIndex::new(text);
            let prose: Vec<_> = view
                .blocks
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "kind": b.kind,
                        "span": b.source,
                        "line": lines.line_column(text, b.source.start).0,
                        "text": b.source.text(text),
                    })
                })
                .collect();
            let skipped: Vec<_> = view
                .skipped
                .iter()
                .map(|s| serde_json::json!({ "kind": s.kind, "span": s.source, "text": s.source.text(text) }))
                .collect();
            let document =
                serde_json::to_value(Document::parse_view(view).to_model()).map_err(|e| Error::Usage(e.to_string()))?;
            serde_json::to_string_pretty(&serde_json::json!({
                "format": format.name(),
                "prose": prose,
                "skipped": skipped,
                "view": view.text,
                "document": document,
                "notes": view.notes,
            }))
        }
    }
    .map_err(|e| Error::Usage(e.to_string()))?;
    super::print(|out| writeln!(out, "{json}"))?;
    Ok(ExitCode::SUCCESS)
}
