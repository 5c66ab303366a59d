//! Baselines: record today's findings, report only new ones tomorrow. A finding's fingerprint is
//! its rule, its normalised words and its sentence, so it survives lines moving.

use crate::config::Config;
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

/// The baseline format this version writes and reads.
pub const VERSION: u32 = 1;

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("not a spinlint baseline: {0}")]
    Json(#[from] serde_json::Error),
    #[error("baseline version {0} is not one this spinlint reads (it reads version {VERSION}); write it again with --write-baseline")]
    Version(u32),
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// A path as a baseline keys it: relative to the project root (the folder of `spinlint.toml`,
/// else the folder spinlint was started in), with `/`, so that `articles/a.md` typed at the root
/// and `a.md` typed in `articles/` are one file; a file outside the project is keyed by its
/// absolute path, however it was typed. Standard input is `-`.
fn key(config: &Config, path: &str) -> String {
    if path == "-" {
        return path.to_string();
    }
    normalise_path(&config.project_path(std::path::Path::new(path)).to_string_lossy())
}

/// `./articles//a.md` and `articles/a.md` are one path; `\` separators are `/`.
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

/// Whether a char ends a sentence for a fingerprint (a byte: every one is ASCII).
fn is_sentence_end(byte: u8) -> bool {
    matches!(byte, b'.' | b'!' | b'?' | b'\n')
}

/// The fingerprints of one text's findings. The sentence ends are found once per text, each
/// sentence is normalised once however many findings it holds, and a fingerprint is hashed once
/// per rule, words and sentence: looked for again per finding, a long line with 10,000 findings
/// took 8.7 s, and 20,000 took 35 s. (Findings of different words in one sentence still hash the
/// sentence once each: the format, kept so that existing baselines still match, hashes the
/// sentence last.)
pub struct Fingerprints<'t> {
    text: &'t str,
    /// The offset of every sentence-end byte, ascending.
    ends: Vec<usize>,
    /// Each sentence's normalised text, by its (start, end).
    sentences: HashMap<(usize, usize), String>,
    /// The fingerprints given, by rule, normalised words and sentence.
    given: HashMap<FingerprintKey, String>,
}

/// What a fingerprint is made of: the rule, the normalised words, and the sentence's (start, end).
type FingerprintKey = (std::sync::Arc<str>, String, (usize, usize));

impl<'t> Fingerprints<'t> {
    pub fn new(text: &'t str) -> Fingerprints<'t> {
        let ends = text.bytes().enumerate().filter(|&(_, b)| is_sentence_end(b)).map(|(i, _)| i).collect();
        Fingerprints { text, ends, sentences: HashMap::new(), given: HashMap::new() }
    }

    /// The sentence around a span: from the last sentence end before it to the next at or after
    /// its end.
    fn sentence_around(&self, start: usize, end: usize) -> (usize, usize) {
        let before = self.ends.partition_point(|&i| i < start);
        let from = if before == 0 { 0 } else { self.ends[before - 1] + 1 };
        let after = self.ends.partition_point(|&i| i < end);
        let to = self.ends.get(after).copied().unwrap_or(self.text.len());
        (from, to)
    }

    /// A finding's fingerprint: its rule, normalised words and normalised sentence, hashed.
    pub fn of(&mut self, finding: &Finding) -> String {
        let text = self.text;
        let end = finding.span.end.min(text.len());
        let words = normalise(finding.span.text(text));
        let (from, to) = self.sentence_around(finding.span.start.min(end), end);
        let key = (finding.rule.clone(), words, (from, to));
        if let Some(given) = self.given.get(&key) {
            return given.clone();
        }
        let sentence = self.sentences.entry((from, to)).or_insert_with(|| normalise(&text[from..to]));
        let fingerprint =
            format!("{:016x}", fnv1a(format!("{}\u{1f}{}\u{1f}{}", finding.rule, key.1, sentence).as_bytes()));
        self.given.insert(key, fingerprint.clone());
        fingerprint
    }
}

impl Baseline {
    /// A baseline file's JSON, of a version this spinlint reads: one of another version would
    /// match no fingerprint and so hide nothing, or everything, silently.
    pub fn parse(json: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = serde_json::from_str(json)?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version(baseline.version));
        }
        Ok(baseline)
    }

    /// The findings of `files`, keyed to the project root of `config`.
    pub fn from_files(files: &[FileResult], config: &Config) -> Baseline {
        let findings = files
            .iter()
            .flat_map(|file| {
                let path = key(config, &file.path);
                let mut fingerprints = Fingerprints::new(&file.text);
                file.findings.iter().map(move |f| Entry {
                    path: path.clone(),
                    rule: f.rule.to_string(),
                    fingerprint: fingerprints.of(f),
                })
            })
            .collect();
        Baseline { version: VERSION, findings }
    }

    /// Removes the findings the baseline knows (each entry absorbs one finding); returns how
    /// many it removed.
    pub fn filter(&self, files: &mut [FileResult], config: &Config) -> usize {
        self.start_filter(config).filter(files)
    }

    /// A filter for files given a few at a time: an entry that absorbed a finding in one file
    /// does not absorb another later.
    pub fn start_filter<'b>(&'b self, config: &'b Config) -> BaselineFilter<'b> {
        let mut known: HashMap<&Entry, usize> = HashMap::new();
        for entry in &self.findings {
            *known.entry(entry).or_default() += 1;
        }
        BaselineFilter { known, config }
    }
}

/// The entries of a baseline that have not absorbed a finding yet.
pub struct BaselineFilter<'b> {
    known: HashMap<&'b Entry, usize>,
    config: &'b Config,
}

impl BaselineFilter<'_> {
    /// Removes the findings the baseline still knows; returns how many it removed.
    pub fn filter(&mut self, files: &mut [FileResult]) -> usize {
        let mut hidden = 0;
        for file in files {
            let before = file.findings.len();
            let mut fingerprints = Fingerprints::new(&file.text);
            let path = key(self.config, &file.path);
            file.findings.retain(|f| {
                let entry = Entry { path: path.clone(), rule: f.rule.to_string(), fingerprint: fingerprints.of(f) };
                match self.known.get_mut(&entry) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            });
            hidden += before - file.findings.len();
        }
        hidden
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
        let baseline = Baseline::from_files(&[lint()], engine.config());
        assert_eq!(baseline.findings.len(), 1, "one finding to absorb");
        let mut filter = baseline.start_filter(engine.config());
        let (mut first, mut second) = ([lint()], [lint()]);
        filter.filter(&mut first);
        filter.filter(&mut second);
        assert!(first[0].findings.is_empty());
        assert_eq!(second[0].findings.len(), 1, "absorbed once, not again in a later batch");
    }

    #[test]
    fn a_baseline_of_another_version_is_refused() {
        let config = Config::defaults(std::path::Path::new("/news"));
        let written = serde_json::to_string(&Baseline::from_files(&[], &config)).unwrap();
        assert_eq!(Baseline::parse(&written).unwrap().version, VERSION);
        for version in [0, 2, 99] {
            let json = format!(r#"{{"version": {version}, "findings": []}}"#);
            let error = Baseline::parse(&json).unwrap_err().to_string();
            assert!(error.contains(&format!("version {version}")), "{error}");
        }
        assert!(Baseline::parse(r#"{"findings": []}"#).is_err(), "the version is required");
    }

    #[test]
    fn fingerprints_are_found_once_per_sentence_and_match_a_fresh_look() {
        let engine = crate::Engine::builtin().expect("built-in rules");
        let text = "No evidence. There is no evidence of fraud! Baseless claims, baseless claims\nand no evidence";
        let file = engine.lint("a.txt", None, text);
        assert!(file.findings.len() >= 3, "{:?}", file.findings);
        let mut shared = Fingerprints::new(text);
        for finding in &file.findings {
            assert_eq!(shared.of(finding), Fingerprints::new(text).of(finding));
        }
        let mut fingerprints = Fingerprints::new(text);
        assert_eq!(fingerprints.sentence_around(0, 2), (0, 11));
        assert_eq!(fingerprints.sentence_around(13, 15), (12, 42));
        let last_line = text.find('\n').unwrap() + 1;
        assert_eq!(fingerprints.sentence_around(90, text.len()), (last_line, text.len()));
        assert!(fingerprints.sentences.is_empty());
        fingerprints.of(&file.findings[0]);
        assert_eq!(fingerprints.sentences.len(), 1);
    }

    #[test]
    fn paths_are_keyed_however_they_were_typed() {
        assert_eq!(normalise_path("./articles//a.md"), "articles/a.md");
        assert_eq!(normalise_path("articles/./a.md"), "articles/a.md");
        assert_eq!(normalise_path("/abs/a.md"), "/abs/a.md");
        assert_eq!(normalise_path("desk\\a.md"), "desk/a.md");
    }

    #[test]
    fn paths_are_keyed_to_the_project_root() {
        let config = Config::defaults(std::path::Path::new("/news"));
        assert_eq!(key(&config, "/news/desk/a.md"), "desk/a.md");
        assert_eq!(key(&config, "/news/./desk//a.md"), "desk/a.md");
        assert_eq!(key(&config, "/elsewhere/a.md"), "/elsewhere/a.md", "outside the project: absolute");
        assert_eq!(key(&config, "-"), "-");
    }
}
