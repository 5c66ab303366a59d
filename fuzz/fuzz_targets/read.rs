//! The readers on arbitrary bytes: the first byte picks the format (Markdown, HTML, a Word
//! document, whose bytes are also wrapped in a valid archive as its document.xml half the time),
//! the rest is the file. No reader panics; every block and every finding's span lies on
//! character boundaries of the text reports show, in order, and maps the view's words back inside
//! the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint_core::Engine;
use spinlint_formats::{docx, Format, ReadOptions};
use std::path::Path;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else { return };
    let (format, bytes) = match selector % 4 {
        0 => (Format::Markdown, file.to_vec()),
        1 => (Format::Html, file.to_vec()),
        2 => (Format::Docx, file.to_vec()),
        _ => (Format::Docx, docx::build_archive(&[("word/document.xml", file)])),
    };
    let options = ReadOptions { lossy: true, front_matter: None };
    let Ok(read) = spinlint_formats::read(format, Path::new("fuzz"), bytes, &options) else { return };
    let text = read.text.text.as_str().to_string();
    if let Some(view) = &read.view {
        let mut previous = 0;
        for block in &view.blocks {
            let source = block.source;
            assert!(source.start <= source.end && source.end <= text.len(), "{source:?}");
            assert!(text.is_char_boundary(source.start) && text.is_char_boundary(source.end));
            assert!(source.start >= previous, "blocks in order");
            previous = source.start;
            assert!(view.text.is_char_boundary(block.span.start) && view.text.is_char_boundary(block.span.end));
        }
    }
    let result = spinlint_formats::lint(engine(), "fuzz".into(), None, read);
    for finding in &result.findings {
        for span in std::iter::once(finding.span).chain(finding.labels.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= result.text.len(), "finding span {span:?} outside the text");
            assert!(result.text.is_char_boundary(span.start) && result.text.is_char_boundary(span.end));
        }
    }
});
