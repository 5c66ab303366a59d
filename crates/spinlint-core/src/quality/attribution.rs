//! How well the parser tells who said what, measured on news with every attribution annotated
//! (PolNeAR's Source / Cue / Content, brat standoff): which quotations it finds, whether the
//! speaker it names is the annotators' source, and how often `quote-unattributed` fires on a
//! quotation the annotators attribute.

use super::brat::Attribution;
use crate::document::{Document, Quotation, QuoteStyle};
use crate::finding::Finding;
use crate::lexicon::{SOURCE_NOT_NAMES as NOT_NAMES, SOURCE_PRONOUNS as PRONOUNS};
use crate::span::Span;
use std::collections::BTreeMap;

/// The rule whose false alarms are counted.
pub const UNATTRIBUTED_RULE: &str = "quote-unattributed";

/// The figures over every article added.
#[derive(Debug, Clone, Default)]
pub struct AttributionScore {
    pub articles: usize,
    /// Annotated contents that hold a quotation in double quotes, and those a quotation found overlaps.
    pub gold_quotations: usize,
    pub gold_quotations_found: usize,
    /// Quotations found (top-level, with quote marks), and those inside an annotated content.
    pub quotations: usize,
    pub quotations_in_gold: usize,
    /// Quotations found whose annotated source is named or nominal (not a pronoun), and those
    /// whose speaker is that source.
    pub named: usize,
    pub named_right: usize,
    /// By how the speaker was found (`none`: no speaker): (quotations, right).
    pub by_method: BTreeMap<String, (usize, usize)>,
    /// `quote-unattributed` findings, and those on a quotation the annotators attribute.
    pub unattributed: usize,
    pub unattributed_attributed: usize,
    pub articles_with_false_alarm: usize,
    /// The quotations whose speaker is wrong or missing: (article, line, how it was found,
    /// speaker found, annotated source).
    pub wrong: Vec<(String, usize, String, String, String)>,
    /// The false alarms: (article, line).
    pub false_alarms: Vec<(String, usize)>,
}

fn is_marked(quote: &Quotation) -> bool {
    quote.depth == 0 && !matches!(quote.style, QuoteStyle::Block | QuoteStyle::Interview | QuoteStyle::Reported)
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The lowercase words of a name that can tell it apart.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !NOT_NAMES.contains(&w.as_str()) && !PRONOUNS.contains(&w.as_str()))
        .collect()
}

fn is_pronoun(text: &str) -> bool {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    !words.is_empty() && words.iter().all(|w| PRONOUNS.contains(&w.trim_matches(|c: char| !c.is_alphabetic())))
}

fn has_double_quotes(text: &str) -> bool {
    text.contains(['“', '”']) || text.matches('"').count() >= 2 || text.matches("''").count() >= 2
}

impl AttributionScore {
    /// Scores one article: its text, the annotators' attributions, the parsed document and the
    /// findings the engine reported.
    pub fn add(&mut self, name: &str, text: &str, gold: &[Attribution], doc: &Document, findings: &[Finding]) {
        self.articles += 1;
        let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let quotes: Vec<&Quotation> = doc.quotations.iter().filter(|q| is_marked(q)).collect();
        for attribution in gold {
            let content = attribution.content.iter().map(|s| s.text(text)).collect::<Vec<_>>().join(" ");
            if !has_double_quotes(&content) {
                continue;
            }
            self.gold_quotations += 1;
            if quotes.iter().any(|q| attribution.content.iter().any(|c| overlap(q.inner, *c) > 0)) {
                self.gold_quotations_found += 1;
            }
        }
        for quote in &quotes {
            self.quotations += 1;
            // The attribution whose content holds most of the quoted words, if it holds half.
            let best = gold
                .iter()
                .map(|a| (a.content.iter().map(|c| overlap(quote.inner, *c)).sum::<usize>(), a))
                .filter(|(shared, _)| *shared > 0 && shared * 2 >= quote.inner.len())
                .max_by_key(|(shared, _)| *shared)
                .map(|(_, a)| a);
            let Some(attribution) = best else { continue };
            self.quotations_in_gold += 1;
            let source = attribution.source.iter().map(|s| s.text(text)).collect::<Vec<_>>().join(" ");
            if attribution.source.is_empty() || is_pronoun(&source) {
                continue;
            }
            self.named += 1;
            let right = quote.speaker.as_ref().is_some_and(|speaker| {
                attribution.source.iter().any(|s| overlap(speaker.span, *s) > 0) || {
                    let ours = name_words(&speaker.name);
                    name_words(&source).iter().any(|w| ours.contains(w))
                }
            });
            let method = quote.speaker.as_ref().map_or("none".to_string(), |s| method_name(s.via));
            let entry = self.by_method.entry(method.clone()).or_default();
            entry.0 += 1;
            if right {
                self.named_right += 1;
                entry.1 += 1;
            } else {
                let found = quote.speaker.as_ref().map_or(String::new(), |s| s.name.clone());
                let source = source.split_whitespace().collect::<Vec<_>>().join(" ");
                self.wrong.push((name.to_string(), line(quote.span.start), method, found, source));
            }
        }
        let mut false_alarm = false;
        for finding in findings.iter().filter(|f| &*f.rule == UNATTRIBUTED_RULE) {
            self.unattributed += 1;
            let attributed = gold
                .iter()
                .filter(|a| !a.source.is_empty())
                .any(|a| a.content.iter().any(|c| overlap(finding.span, *c) > 0));
            if attributed {
                self.unattributed_attributed += 1;
                self.false_alarms.push((name.to_string(), line(finding.span.start)));
                false_alarm = true;
            }
        }
        if false_alarm {
            self.articles_with_false_alarm += 1;
        }
    }

    /// Adds the figures of another set of articles (scored apart, in parallel).
    pub fn merge(&mut self, one: AttributionScore) {
        self.articles += one.articles;
        self.gold_quotations += one.gold_quotations;
        self.gold_quotations_found += one.gold_quotations_found;
        self.quotations += one.quotations;
        self.quotations_in_gold += one.quotations_in_gold;
        self.named += one.named;
        self.named_right += one.named_right;
        for (method, (count, right)) in one.by_method {
            let entry = self.by_method.entry(method).or_default();
            entry.0 += count;
            entry.1 += right;
        }
        self.unattributed += one.unattributed;
        self.unattributed_attributed += one.unattributed_attributed;
        self.articles_with_false_alarm += one.articles_with_false_alarm;
        self.wrong.extend(one.wrong);
        self.false_alarms.extend(one.false_alarms);
    }

    /// The figures as a table for people.
    pub fn table(&self) -> String {
        let share = |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
        let mut out = String::new();
        let mut row = |what: &str, part: usize, whole: usize| {
            out.push_str(&format!("{what:<58} {:>6.1}%  ({part}/{whole})\n", 100.0 * share(part, whole)));
        };
        row("quotations found that the annotators attribute (precision)", self.quotations_in_gold, self.quotations);
        row("annotated quotations found (recall)", self.gold_quotations_found, self.gold_quotations);
        row("speaker right, quotations with a named or nominal source", self.named_right, self.named);
        for (method, (count, right)) in &self.by_method {
            row(&format!("  found by {method}"), *right, *count);
        }
        row("quote-unattributed findings on attributed quotations", self.unattributed_attributed, self.unattributed);
        row("articles with such a false alarm", self.articles_with_false_alarm, self.articles);
        out
    }
}

fn method_name(via: crate::document::Attribution) -> String {
    serde_json::to_value(via).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::brat::parse_attributions;

    #[test]
    fn a_named_speaker_counts_right_and_an_unattributed_finding_on_it_is_a_false_alarm() {
        let text = "Mayor Ann Lee spoke. “We will rebuild the bridge this year,” Lee said.\n";
        let ann = "T1\tSource 61 64\tLee\nT2\tContent 21 60\t“We will rebuild the bridge this year,”\n\
                   E1\tAttribution:T2 Content:T2 Source:T1\n";
        let gold = parse_attributions(ann, text).unwrap();
        let doc = Document::parse(text);
        let mut score = AttributionScore::default();
        let quote = doc.quotations[0].span;
        let alarm = Finding {
            rule: UNATTRIBUTED_RULE.into(),
            category: "fabricated-quote".into(),
            severity: crate::finding::Severity::Warning,
            message: "m".into(),
            label: "l".into(),
            help: "h".into(),
            span: quote,
            labels: Vec::new().into(),
        };
        score.add("a", text, &gold, &doc, &[alarm]);
        assert_eq!((score.quotations, score.quotations_in_gold, score.gold_quotations_found), (1, 1, 1));
        assert_eq!((score.named, score.named_right), (1, 1), "{:?}", score.wrong);
        assert_eq!((score.unattributed, score.unattributed_attributed, score.articles_with_false_alarm), (1, 1, 1));
        assert!(score.table().contains("100.0%"));
        let mut total = score.clone();
        total.merge(score);
        assert_eq!((total.articles, total.named_right, total.unattributed_attributed), (2, 2, 2));
        assert_eq!(total.by_method["speech-verb"], (2, 2));
    }

    #[test]
    fn pronouns_are_not_named_sources() {
        assert!(is_pronoun("she") && is_pronoun("They") && !is_pronoun("the senator"));
        assert_eq!(name_words("Sen. Jane Doe (D-Ore.)"), ["sen", "jane", "doe", "ore"]);
    }
}
