//! Baselines: record today's findings, report only new ones tomorrow. A finding's fingerprint is
//! its rule, its normalised words and its sentence, so it survives lines moving.

use crate::finding::Finding;
use crate::result::FileResult;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// A path as a baseline keys it: `./articles/a.md` and `articles/a.md` are one file.
fn normalise_path(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|part| !part.is_empty() && *part != ".").collect();
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// FNV-1a: stable across runs, platforms and versions (unlike the std hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

/// The sentence around a span: from the last sentence end before it to the next after it.
fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let from = text[..start].rfind(is_end).map_or(0, |i| i + 1);
    let to = text[end..].find(is_end).map_or(text.len(), |i| end + i);
    &text[from..to]
}

pub fn fingerprint(text: &str, finding: &Finding) -> String {
    let words = normalise(finding.span.text(text));
    let sentence = normalise(sentence_around(text, finding.span.start, finding.span.end.min(text.len())));
    format!("{:016x}", fnv1a(format!("{}\u{1f}{}\u{1f}{}", finding.rule, words, sentence).as_bytes()))
}

impl Baseline {
    pub fn from_files(files: &[FileResult]) -> Baseline {
        let findings = files
            .iter()
            .flat_map(|file| {
                file.findings.iter().map(move |f| Entry {
                    path: normalise_path(&file.path),
                    rule: f.rule.to_string(),
                    fingerprint: fingerprint(&file.text, f),
                })
            })
            .collect();
        Baseline { version: 1, findings }
    }

    /// Removes the findings the baseline knows (each entry absorbs one finding).
    pub fn filter(&self, files: &mut [FileResult]) {
        self.start_filter().filter(files);
    }

    /// A filter for files given a few at a time: an entry that absorbed a finding in one file
    /// does not absorb another later.
    pub fn start_filter(&self) -> BaselineFilter<'_> {
        let mut known: HashMap<&Entry, usize> = HashMap::new();
        for entry in &self.findings {
            *known.entry(entry).or_default() += 1;
        }
        BaselineFilter { known }
    }
}

/// The entries of a baseline that have not absorbed a finding yet.
pub struct BaselineFilter<'b> {
    known: HashMap<&'b Entry, usize>,
}

impl BaselineFilter<'_> {
    /// Removes the findings the baseline still knows.
    pub fn filter(&mut self, files: &mut [FileResult]) {
        for file in files {
            let text = &file.text;
            let path = normalise_path(&file.path);
            file.findings.retain(|f| {
                let entry = Entry { path: path.clone(), rule: f.rule.to_string(), fingerprint: fingerprint(text, f) };
                match self.known.get_mut(&entry) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_absorbs_one_finding_across_the_files_given_later() {
        let engine = crate::Engine::builtin().expect("built-in rules");
        let claim = "There is no evidence of fraud.\n";
        let lint = || engine.lint("a.txt", None, claim);
        let baseline = Baseline::from_files(&[lint()]);
        assert_eq!(baseline.findings.len(), 1, "one finding to absorb");
        let mut filter = baseline.start_filter();
        let (mut first, mut second) = ([lint()], [lint()]);
        filter.filter(&mut first);
        filter.filter(&mut second);
        assert!(first[0].findings.is_empty());
        assert_eq!(second[0].findings.len(), 1, "absorbed once, not again in a later batch");
    }

    #[test]
    fn paths_are_keyed_however_they_were_typed() {
        assert_eq!(normalise_path("./articles//a.md"), "articles/a.md");
        assert_eq!(normalise_path("articles/./a.md"), "articles/a.md");
        assert_eq!(normalise_path("/abs/a.md"), "/abs/a.md");
    }
}
