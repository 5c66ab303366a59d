//! spinlint-formats: the readers of the files newsrooms write drafts in. Each takes a file's
//! bytes and gives a [`View`]: its prose as the plain text the parser reads, mapped back to the
//! file's bytes, so that findings point at the exact words of the file. Every front end lints a
//! file through [`lint`]: the command line, and the server, language server and Python package
//! to come.

mod align;
pub mod docx;
pub mod html;
pub mod markdown;

pub use spinlint_core::view::View;

use spinlint_core::text::{decode, sniff, Text, TextError};
use spinlint_core::{Engine, FileResult};
use std::path::Path;

/// The formats a file can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, read by the parser itself (which knows Markdown's headings, quotes and lists
    /// by their lines).
    Text,
    Markdown,
    Html,
    Docx,
}

impl Format {
    /// The extensions of the files each format reads; the same as the core's
    /// `config::DEFAULT_EXTENSIONS`, the files walked by default (a test checks it).
    pub const EXTENSIONS: [(&'static str, Format); 7] = [
        ("txt", Format::Text),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("xhtml", Format::Html),
        ("docx", Format::Docx),
    ];

    /// The format of a file, from its extension; plain text for any other.
    pub fn of_path(path: &Path) -> Format {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        Format::EXTENSIONS.iter().find(|(e, _)| *e == extension).map_or(Format::Text, |&(_, f)| f)
    }

    /// Its name, as `--input-format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    /// Whether its files are text (a file of a binary format is not told apart by a NUL byte).
    pub fn is_text(self) -> bool {
        self != Format::Docx
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("{path}: {source}")]
    Docx { path: String, source: docx::DocxError },
}

/// A file read: the text reports show and, unless it is plain text, the view the rules read.
#[derive(Debug)]
pub struct Read {
    pub text: Text,
    pub view: Option<View>,
    /// The text is a Word document's paragraphs, one per line: findings are located by
    /// paragraph.
    pub paragraphs: bool,
}

/// How files are read: what the configuration says of them.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Read text that is not valid UTF-8 with replacement characters.
    pub lossy: bool,
    /// The front matter fields of Markdown that are prose; `None`: [`markdown::FRONT_MATTER_FIELDS`].
    pub front_matter: Option<Vec<String>>,
}

/// Reads a file's `bytes` in `format`. `path` names it in errors.
pub fn read(format: Format, path: &Path, bytes: Vec<u8>, options: &ReadOptions) -> Result<Read, ReadError> {
    match format {
        Format::Docx => {
            let docx =
                docx::read(&bytes).map_err(|source| ReadError::Docx { path: path.display().to_string(), source })?;
            Ok(Read { text: Text::from(docx.text), view: Some(docx.view), paragraphs: true })
        }
        Format::Text | Format::Markdown | Format::Html => {
            // Also when the caller sniffed the first bytes before reading the rest: every front
            // end reads through here.
            sniff(path, &bytes)?;
            let text = decode(path, bytes, options.lossy)?;
            let view = match format {
                Format::Markdown => Some(match &options.front_matter {
                    Some(fields) => {
                        markdown::read_with(&text.text, &fields.iter().map(String::as_str).collect::<Vec<_>>())
                    }
                    None => markdown::read(&text.text),
                }),
                Format::Html => Some(html::read(&text.text)),
                _ => None,
            };
            Ok(Read { text, view, paragraphs: false })
        }
    }
}

/// Lints what [`read`] gave. `name` is the path reports show; `path` picks the configuration's
/// overrides.
pub fn lint(engine: &Engine, name: String, path: Option<&Path>, read: Read) -> FileResult {
    let mut result = match &read.view {
        Some(view) => engine.lint_view(name, path, read.text, view),
        None => engine.lint(name, path, read.text),
    };
    result.paragraphs = read.paragraphs;
    if let Some(view) = read.view {
        result.notes.extend(view.notes.into_iter().map(|note| format!("{}: {note}", result.path)));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extensions_read_are_the_extensions_walked() {
        let mut read: Vec<&str> = Format::EXTENSIONS.iter().map(|(e, _)| *e).collect();
        let mut walked = spinlint_core::config::DEFAULT_EXTENSIONS.to_vec();
        read.sort();
        walked.sort();
        assert_eq!(read, walked);
    }
}
