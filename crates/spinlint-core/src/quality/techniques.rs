//! How well findings match propaganda techniques annotated by experts (SemEval-2020 Task 11):
//! per category, precision (a finding overlaps an annotated span of a technique of its category)
//! and recall (an annotated span is overlapped by a finding of its category), and the same with
//! partial-overlap credit (the FLC measure of the task: each finding and each span counts the
//! share of it the other side covers).

use crate::finding::Finding;
use crate::span::Span;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The mapping this project uses, `quality/techniques.toml`.
pub const DEFAULT_MAP: &str = include_str!("techniques.toml");

/// Which category stands for which technique.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechniqueMap {
    pub technique: BTreeMap<String, String>,
}

impl TechniqueMap {
    pub fn parse(toml_text: &str) -> Result<TechniqueMap, String> {
        toml::from_str(toml_text).map_err(|e| e.to_string())
    }

    /// The categories some technique maps to.
    pub fn categories(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.technique.values().map(String::as_str).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One category's counts.
#[derive(Debug, Clone, Default)]
pub struct CategoryScore {
    pub findings: usize,
    pub correct: usize,
    /// Annotated spans of the techniques mapped to the category, and those found.
    pub spans: usize,
    pub found: usize,
    /// Sums of the covered shares, for partial-overlap precision and recall.
    pub covered_of_findings: f64,
    pub covered_of_spans: f64,
}

/// The figures over every article added.
#[derive(Debug, Clone, Default)]
pub struct TechniqueScore {
    pub articles: usize,
    pub by_category: BTreeMap<String, CategoryScore>,
    /// Findings outside the mapped categories (and outside `fabricated-quote`), by category.
    pub unmapped_findings: BTreeMap<String, usize>,
    /// Findings that overlap no span of their category: (article, category, text).
    pub false_findings: Vec<(String, String, String)>,
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

impl TechniqueScore {
    pub fn add(&mut self, name: &str, text: &str, spans: &[(String, Span)], findings: &[Finding], map: &TechniqueMap) {
        self.articles += 1;
        for category in map.categories() {
            self.by_category.entry(category.to_string()).or_default();
        }
        let gold: Vec<(&str, Span)> =
            spans.iter().filter_map(|(t, s)| map.technique.get(t).map(|c| (c.as_str(), *s))).collect();
        for finding in findings {
            let category = &*finding.category;
            let Some(score) = self.by_category.get_mut(category) else {
                if category != "fabricated-quote" {
                    *self.unmapped_findings.entry(category.to_string()).or_default() += 1;
                }
                continue;
            };
            score.findings += 1;
            let same: Vec<Span> = gold.iter().filter(|(c, _)| *c == category).map(|(_, s)| *s).collect();
            if same.iter().any(|s| overlap(*s, finding.span) > 0) {
                score.correct += 1;
            } else {
                self.false_findings.push((name.to_string(), category.to_string(), finding.span.text(text).to_string()));
            }
            let covered = same.iter().map(|s| overlap(*s, finding.span)).max().unwrap_or(0);
            score.covered_of_findings += covered as f64 / finding.span.len().max(1) as f64;
        }
        for (category, span) in &gold {
            let score = self.by_category.entry(category.to_string()).or_default();
            score.spans += 1;
            let mine = findings.iter().filter(|f| &*f.category == *category);
            let covered = mine.map(|f| overlap(*span, f.span)).max().unwrap_or(0);
            if covered > 0 {
                score.found += 1;
            }
            score.covered_of_spans += covered as f64 / span.len().max(1) as f64;
        }
    }

    /// All mapped categories together.
    pub fn overall(&self) -> CategoryScore {
        let mut all = CategoryScore::default();
        for score in self.by_category.values() {
            all.findings += score.findings;
            all.correct += score.correct;
            all.spans += score.spans;
            all.found += score.found;
            all.covered_of_findings += score.covered_of_findings;
            all.covered_of_spans += score.covered_of_spans;
        }
        all
    }

    /// The figures as a table for people.
    pub fn table(&self) -> String {
        let ratio = |part: f64, whole: usize| if whole == 0 { 0.0 } else { part / whole as f64 };
        let mut out = format!(
            "{:<26} {:>8} {:>9} {:>6} {:>7} {:>9} {:>9} {:>6}\n",
            "category", "findings", "precision", "spans", "recall", "partial P", "partial R", "F1"
        );
        let mut row = |name: &str, s: &CategoryScore| {
            let (p, r) = (ratio(s.covered_of_findings, s.findings), ratio(s.covered_of_spans, s.spans));
            let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            out.push_str(&format!(
                "{name:<26} {:>8} {:>9.2} {:>6} {:>7.2} {:>9.2} {:>9.2} {:>6.2}\n",
                s.findings,
                ratio(s.correct as f64, s.findings),
                s.spans,
                ratio(s.found as f64, s.spans),
                p,
                r,
                f1
            ));
        };
        for (name, score) in &self.by_category {
            row(name, score);
        }
        row("all mapped categories", &self.overall());
        let unmapped: usize = self.unmapped_findings.values().sum();
        out.push_str(&format!(
            "{} articles; {unmapped} findings in categories no technique maps to ({})\n",
            self.articles,
            self.unmapped_findings.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ")
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(category: &str, start: usize, end: usize) -> Finding {
        Finding {
            rule: "r".into(),
            category: category.into(),
            severity: crate::finding::Severity::Warning,
            message: "m".into(),
            label: "l".into(),
            help: "h".into(),
            span: Span::new(start, end),
            labels: Vec::new().into(),
        }
    }

    #[test]
    fn the_default_map_names_only_real_categories() {
        let map = TechniqueMap::parse(DEFAULT_MAP).unwrap();
        for category in map.categories() {
            assert!(crate::category::get(category).is_some(), "{category}");
        }
    }

    #[test]
    fn precision_recall_and_partial_credit() {
        let map = TechniqueMap::parse("[technique]\n\"Loaded_Language\" = \"loaded-language\"\n").unwrap();
        let text = "a b c d e f g h i j";
        let spans = vec![("Loaded_Language".to_string(), Span::new(0, 4)), ("Slogans".to_string(), Span::new(10, 12))];
        let findings =
            [finding("loaded-language", 2, 6), finding("loaded-language", 14, 16), finding("vague-source", 0, 1)];
        let mut score = TechniqueScore::default();
        score.add("a", text, &spans, &findings, &map);
        let s = &score.by_category["loaded-language"];
        assert_eq!((s.findings, s.correct, s.spans, s.found), (2, 1, 1, 1));
        assert!((s.covered_of_findings - 0.5).abs() < 1e-9 && (s.covered_of_spans - 0.5).abs() < 1e-9);
        assert_eq!(score.unmapped_findings["vague-source"], 1);
        assert!(score.table().contains("all mapped categories"));
    }
}
