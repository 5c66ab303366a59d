//! Measured quality: precision and recall per category over annotated articles, and on real
//! annotated news ([`attribution`]: who said what; [`techniques`]: propaganda techniques).
//!
//! Each `NAME.expected.toml` in a folder names its article (`NAME.txt`, or `article = "..."`)
//! and lists the expected findings by category and exact text. A finding is correct when its
//! span overlaps an expected span of the same category; an expected span is found when some
//! finding of its category overlaps it.

use crate::finding::Severity;
use crate::lint::Selection;
pub mod attribution;
pub mod brat;
pub mod techniques;

use crate::parallel::Sequential;
use crate::result::FileResult;
use crate::rules::RuleSet;
use crate::sections::lint_text;
use crate::span::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    kind: String,
    article: Option<String>,
    #[serde(default)]
    expect: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    category: String,
    text: String,
    occurrence: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Findings that overlap an expected span of their category.
    pub correct: usize,
    pub findings: usize,
    /// Expected spans found.
    pub found: usize,
    pub expected: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        if self.findings == 0 {
            1.0
        } else {
            self.correct as f64 / self.findings as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.found as f64 / self.expected as f64
        }
    }
    fn add(&mut self, other: Tally) {
        self.correct += other.correct;
        self.findings += other.findings;
        self.found += other.found;
        self.expected += other.expected;
    }
}

/// A wrong or missed finding, for tuning rules.
#[derive(Debug, Clone)]
pub struct Miss {
    pub article: PathBuf,
    pub category: String,
    pub text: String,
    pub line: usize,
    /// The rule of a false finding.
    pub rule: Option<String>,
}

#[derive(Debug, Default)]
pub struct Evaluation {
    pub by_category: BTreeMap<String, Tally>,
    pub articles: usize,
    pub neutral_words: usize,
    pub neutral_articles: usize,
    pub neutral_warnings: usize,
    pub false_findings: Vec<Miss>,
    pub missed: Vec<Miss>,
}

impl Evaluation {
    pub fn overall(&self) -> Tally {
        let mut total = Tally::default();
        for tally in self.by_category.values() {
            total.add(*tally);
        }
        total
    }

    /// Warnings (and errors) per 2,000 words of the neutral articles.
    pub fn neutral_warning_rate(&self) -> f64 {
        self.neutral_warnings as f64 * 2000.0 / self.neutral_words.max(1) as f64
    }

    pub fn table(&self) -> String {
        let mut out =
            String::from("| category | precision | recall | findings | expected |\n|---|---:|---:|---:|---:|\n");
        for (category, tally) in &self.by_category {
            out.push_str(&format!(
                "| {category} | {:.2} | {:.2} | {} | {} |\n",
                tally.precision(),
                tally.recall(),
                tally.findings,
                tally.expected
            ));
        }
        let total = self.overall();
        out.push_str(&format!(
            "| **overall** | **{:.2}** | **{:.2}** | {} | {} |\n",
            total.precision(),
            total.recall(),
            total.findings,
            total.expected
        ));
        out
    }
}

fn find_occurrence(text: &str, needle: &str, occurrence: usize) -> Option<Span> {
    let mut from = 0;
    for n in 1.. {
        let at = from + text[from..].find(needle)?;
        if n == occurrence {
            return Some(Span::new(at, at + needle.len()));
        }
        from = at + needle.len().max(1);
    }
    None
}

/// Evaluates the rules on every annotated article in `dir`.
/// Measures `rules` on the annotated articles of `dir`, per built-in category (and any other
/// category the annotations name).
pub fn evaluate(dir: &Path, rules: &RuleSet) -> Result<Evaluation, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.toml"))
        .collect();
    entries.sort();
    let selection = Selection::defaults(rules);
    let mut evaluation = Evaluation::default();
    for category in crate::category::builtin() {
        evaluation.by_category.insert(category.name.clone(), Tally::default());
    }
    for path in entries {
        let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let expected: ExpectedFile = toml::from_str(&source).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".expected.toml")
            .to_string();
        let article = match &expected.article {
            Some(article) => dir.join(article),
            None => dir.join(format!("{name}.txt")),
        };
        let text = std::fs::read_to_string(&article).map_err(|e| format!("{}: {e}", article.display()))?;
        let mut spans: Vec<(String, Span)> = Vec::new();
        for e in &expected.expect {
            let span = find_occurrence(&text, &e.text, e.occurrence.unwrap_or(1))
                .ok_or_else(|| format!("{}: `{}` is not in {}", path.display(), e.text, article.display()))?;
            spans.push((e.category.clone(), span));
        }
        let findings = lint_text(&text, rules, &selection, &Sequential);
        let result = FileResult::new(article.display().to_string(), text.clone(), findings, Vec::new());
        evaluation.articles += 1;
        if expected.kind == "neutral" {
            evaluation.neutral_articles += 1;
            evaluation.neutral_words += crate::words::count_words(&text);
            evaluation.neutral_warnings += result.findings.iter().filter(|f| f.severity >= Severity::Warning).count();
        }
        let line = |span: Span| result.lines.line_column(&text, span.start).0;
        for finding in &result.findings {
            let Some(tally) = evaluation.by_category.get_mut(&*finding.category) else { continue };
            tally.findings += 1;
            if spans.iter().any(|(c, s)| **c == *finding.category && s.overlaps(finding.span)) {
                tally.correct += 1;
            } else {
                evaluation.false_findings.push(Miss {
                    article: article.clone(),
                    category: finding.category.to_string(),
                    text: finding.span.text(&text).to_string(),
                    line: line(finding.span),
                    rule: Some(finding.rule.to_string()),
                });
            }
        }
        for (category, span) in &spans {
            let tally = evaluation.by_category.entry(category.clone()).or_default();
            tally.expected += 1;
            if result.findings.iter().any(|f| *f.category == **category && f.span.overlaps(*span)) {
                tally.found += 1;
            } else {
                evaluation.missed.push(Miss {
                    article: article.clone(),
                    category: category.clone(),
                    text: span.text(&text).to_string(),
                    line: line(*span),
                    rule: None,
                });
            }
        }
    }
    Ok(evaluation)
}
