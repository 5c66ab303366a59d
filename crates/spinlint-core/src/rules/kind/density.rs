//! `density`: a category's findings per 1,000 words above a threshold, reported once per
//! document, with the first findings as secondary labels.

use crate::document::Document;
use crate::finding::{Finding, Label};
use crate::rules::kind::{DocumentKind, Hit, Value};
use crate::rules::schema::DensityDef;
use crate::rules::RuleKind;
use crate::span::Span;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Density {
    pub category: String,
    pub per_1000_words: f64,
    pub min_count: usize,
    pub top: usize,
}

pub const KIND: super::KindSpec = super::KindSpec {
    key: "density",
    given: |def| def.density.as_ref().map(|density| density.span()),
    compile: |def, _, push| {
        let density = compile(def.density.as_ref()?, push)?;
        Some(RuleKind::Document(Arc::new(density)))
    },
};

pub fn compile(def: &Spanned<DensityDef>, push: &mut dyn FnMut(Range<usize>, String)) -> Option<Density> {
    let d = def.get_ref();
    if !(d.per_1000_words.is_finite() && d.per_1000_words >= 0.0) {
        push(def.span(), "per-1000-words must be a number of at least 0".into());
        return None;
    }
    Some(Density {
        category: d.category.get_ref().clone(),
        per_1000_words: d.per_1000_words,
        min_count: d.min_count.max(1),
        top: d.top,
    })
}

pub struct DensityHit {
    pub span: Span,
    pub count: usize,
    pub density: f64,
    pub labels: Vec<Label>,
}

impl DocumentKind for Density {
    fn stored(&self) -> super::Stored {
        super::Stored::Density(self.clone())
    }

    fn name(&self) -> &'static str {
        "density"
    }

    fn reads_findings(&self) -> bool {
        true
    }

    fn run(&self, doc: &Document, findings: &[Finding]) -> Vec<Hit> {
        let Some(hit) = self.count(findings, doc.words.len()) else { return Vec::new() };
        let values = vec![
            ("count", Value::Plain(hit.count.to_string())),
            ("density", Value::Plain(format!("{:.1}", hit.density))),
            // The category counted, not the rule's own.
            ("category", Value::Plain(self.category.clone())),
            ("match", Value::Text(hit.span)),
        ];
        let label = Some(format!("the first of {} such findings", hit.count));
        vec![Hit { span: hit.span, labels: hit.labels, values, label, attributed: false }]
    }
}

impl Density {
    pub fn count(&self, findings: &[Finding], words: usize) -> Option<DensityHit> {
        let mut hits: Vec<&Finding> = findings.iter().filter(|f| *f.category == *self.category).collect();
        hits.sort_by_key(|f| f.span.start);
        let count = hits.len();
        let density = count as f64 * 1000.0 / words.max(1) as f64;
        if count < self.min_count || density <= self.per_1000_words {
            return None;
        }
        let first = hits[0];
        let labels = hits
            .iter()
            .skip(1)
            .take(self.top)
            .map(|f| Label { span: f.span, message: f.message.to_string() })
            .collect();
        Some(DensityHit { span: first.span, count, density, labels })
    }
}
