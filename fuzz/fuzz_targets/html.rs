//! The HTML writer on arbitrary text and findings: the article is the bytes before the first
//! NUL, the findings are placed by the bytes after it (overlapping, nested, empty, at the end).
//! The report is written, and the article's text never adds markup to it: it has as many
//! elements of each dangerous kind as the report of an empty article.
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use spinlint_core::FileResult;
use spinlint_report::{End, Settings};
use std::sync::OnceLock;

fn report(file: FileResult) -> String {
    let format = spinlint_report::format("html").expect("the html format");
    let end = End { rules: support::builtin_rules(), errors: &[], notes: &[] };
    let mut out = Vec::new();
    let mut emitter = (format.new)(&Settings::default());
    emitter.begin(&mut out).expect("begin");
    emitter.files(&mut out, vec![file]).expect("files");
    emitter.finish(&mut out, &end).expect("finish");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Counts of what markup from the article would add.
fn markup(html: &str) -> [usize; 4] {
    let lower = html.to_ascii_lowercase();
    ["<script", "<iframe", "<img", "href=\"javascript"].map(|needle| lower.matches(needle).count())
}

fn empty() -> [usize; 4] {
    static EMPTY: OnceLock<[usize; 4]> = OnceLock::new();
    *EMPTY.get_or_init(|| {
        let findings = support::findings("x", &[0, 0, 1, 0]);
        markup(&report(FileResult::new("a.txt".into(), "x".to_string(), findings, Vec::new())))
    })
}

fuzz_target!(|data: &[u8]| {
    let (text, spec) = support::split(data);
    let findings = support::findings(&text, spec);
    let html = report(FileResult::new("a.txt".into(), text, findings, Vec::new()));
    assert_eq!(markup(&html), empty(), "the article added markup to the report");
});
