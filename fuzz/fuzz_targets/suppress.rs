//! Suppression comments on arbitrary text: the article is the bytes before the first NUL, and
//! the findings to suppress are placed by the bytes after it. Applying the comments keeps a
//! subsequence of the findings, unchanged and in order; the whole pipeline (`Engine::lint`)
//! applies them to real findings too.
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use spinlint_core::span::LineIndex;
use spinlint_core::suppress::comments;

fuzz_target!(|data: &[u8]| {
    let (text, spec) = support::split(data);
    let findings = support::findings(&text, spec);
    let lines = LineIndex::new(&text);
    let kept = comments::apply(&text, &lines, findings.clone());
    assert!(kept.len() <= findings.len());
    let mut rest = findings.iter();
    for finding in &kept {
        assert!(rest.any(|f| f == finding), "a kept finding is one of the findings, in order: {finding:?}");
    }
});
