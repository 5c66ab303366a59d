//! The whole pipeline on arbitrary bytes: decoded as `check` decodes a file (lossy, spans mapped
//! back to the original bytes), linted with the built-in rules, suppression comments applied, and
//! rendered in every report format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint::check::Engine;
use spinlint::report::{self, Report};
use std::path::Path;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let (text, replacements) = match spinlint::input::decode(Path::new("fuzz.txt"), data.to_vec(), true) {
        Ok(text) => (text.text, text.replacements),
        // A NUL byte: `check` refuses the file; lint its lossy text anyway.
        Err(_) => (String::from_utf8_lossy(data).into_owned(), Vec::new()),
    };
    let file = engine.lint_text("fuzz.txt".into(), text, replacements, Some(Path::new("fuzz.txt")));
    for finding in &file.findings {
        for span in std::iter::once(finding.span).chain(finding.labels.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= file.text.len(), "finding span {span:?} outside the text");
            assert!(file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end));
            let original = file.original_span(span);
            assert!(original.start <= original.end && original.end <= data.len().max(file.text.len()));
        }
    }
    let report = Report { files: vec![file], ..Report::default() };
    let mut out = Vec::new();
    report::human::write(&report, &mut out, false, false).expect("human output");
    out.clear();
    report::human::write(&report, &mut out, true, true).expect("human output, colour, quiet");
    out.clear();
    report::json::write(&report, &mut out).expect("json output");
    serde_json::from_slice::<serde_json::Value>(&out).expect("json output parses");
    out.clear();
    report::sarif::write(&report, &engine.rules, &mut out).expect("sarif output");
    out.clear();
    report::github::write(&report, &mut out).expect("github output");
    out.clear();
    report::junit::write(&report, &mut out).expect("junit output");
    out.clear();
    report::write_statistics(&report, &mut out).expect("statistics");
});
