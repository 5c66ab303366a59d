//! The whole pipeline on arbitrary bytes: decoded as `check` decodes a file (lossy, spans mapped
//! back to the original bytes), linted with the built-in rules, suppression comments applied, and
//! rendered in every report format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint_core::text::{decode, Text};
use spinlint_core::Engine;
use spinlint_report::{End, Settings, Tally};
use std::path::Path;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let text = match decode(Path::new("fuzz.txt"), data.to_vec(), true) {
        Ok(text) => text,
        // A NUL byte: `check` refuses the file; lint its lossy text anyway.
        Err(_) => Text::from(String::from_utf8_lossy(data).into_owned()),
    };
    let file = engine.lint("fuzz.txt", Some(Path::new("fuzz.txt")), text);
    for finding in &file.findings {
        for span in std::iter::once(finding.span).chain(finding.labels.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= file.text.len(), "finding span {span:?} outside the text");
            assert!(file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end));
            let original = file.original_span(span);
            assert!(original.start <= original.end && original.end <= data.len().max(file.text.len()));
        }
    }
    let mut out = Vec::new();
    let mut tally = Tally::default();
    tally.add(std::slice::from_ref(&file));
    spinlint_report::write_statistics(&tally, &mut out).expect("statistics");
    let end = End { rules: engine.rules(), errors: &[], notes: &[] };
    for format in spinlint_report::FORMATS {
        for settings in [Settings::default(), Settings { color: true, quiet: true, stream: true, width: 60 }] {
            out.clear();
            let mut emitter = (format.new)(&settings);
            emitter.begin(&mut out).expect("begin");
            emitter.files(&mut out, vec![file.clone()]).expect("files");
            emitter.finish(&mut out, &end).expect("finish");
            if format.name == "json" || format.name == "sarif" {
                serde_json::from_slice::<serde_json::Value>(&out).expect("JSON output parses");
            }
        }
    }
});
