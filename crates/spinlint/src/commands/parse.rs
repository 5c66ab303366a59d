//! `spinlint parse`: the document model of an article as JSON, to see what the parser saw.

use crate::exit::Error;
use spinlint_core::document::Document;
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path) -> Result<ExitCode, Error> {
    let text = if file.as_os_str() == "-" {
        crate::read::read_stdin(false)?.text.into_string()
    } else {
        spinlint_core::text::read_text(file)?
    };
    let doc = Document::parse(&text);
    let json = serde_json::to_string_pretty(&doc.to_model()).map_err(|e| Error::Usage(e.to_string()))?;
    super::print(|out| writeln!(out, "{json}"))?;
    Ok(ExitCode::SUCCESS)
}
