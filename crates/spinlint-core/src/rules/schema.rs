//! The TOML form of a rule file, as a standards editor writes it. Every struct denies unknown
//! fields: a misspelt key is an error at its line, never a silently ignored rule.

use crate::finding::Severity;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A file with several rules: `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeName {
    /// The author's own text outside quotations and headings.
    Prose,
    /// Inside a quotation (attributed or not), an interview answer or a block quote.
    Quote,
    Heading,
    Any,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    #[default]
    Insensitive,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteCheckName {
    /// A quotation with no speaker.
    Unattributed,
    /// A quotation whose speaker is unnamed: `a source close to`, `officials`.
    VagueSpeaker,
    /// An ellipsis inside a quotation: words were cut out.
    EllipsisSplice,
    /// A `(sic)` inside or right after a quotation.
    Sic,
    /// A short quoted phrase next to a dismissive word: `nonexistent "aggression"`.
    ScareQuote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    Sentence,
    Paragraph,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detector {
    /// A URL or a Markdown link.
    Link,
    /// A named source: `according to Reuters`, `Peskov said`, `said Maria Lopez`.
    NamedSource,
    /// Any attribution: a speech verb or `according to`.
    Attribution,
    /// A number: a figure, a date, a count.
    Figure,
    /// A quotation.
    Quotation,
    /// The match is negated: `not`, `never`, `no` or a `n't` within the three words before it
    /// in its clause (`is not some deluded fanatic`).
    Negation,
    /// The match is a label someone else applies, reported: `called`, `branded`, `dubbed`,
    /// `accused of being` within the four words before it in its clause (`called him a liar`,
    /// `afraid of being called hypocrites`).
    Mention,
}

/// A condition on a rule: something present (or not) near the match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConditionDef {
    /// Where to look: the match's sentence (default), paragraph, or the whole document.
    pub within: Option<Within>,
    /// Look this many sentences before and after the match's sentence instead.
    pub around: Option<usize>,
    /// Look only before the match (in the window).
    #[serde(default)]
    pub before: bool,
    /// A built-in detector.
    pub has: Option<Spanned<Detector>>,
    pub phrases: Option<Vec<Spanned<String>>>,
    pub patterns: Option<Vec<Spanned<String>>>,
}

/// Facts about the quotation the match lies in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuotationFilter {
    pub attributed: Option<bool>,
    pub vague: Option<bool>,
    /// A regex on the speaker's name.
    pub speaker: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DensityDef {
    /// The category whose findings are counted.
    pub category: Spanned<String>,
    /// Fire when there are more findings than this per 1,000 words.
    pub per_1000_words: f64,
    /// Fire only with at least this many findings (short texts).
    #[serde(default = "default_min_count")]
    pub min_count: usize,
    /// How many of the findings to show as secondary labels.
    #[serde(default = "default_top")]
    pub top: usize,
}

fn default_min_count() -> usize {
    3
}

fn default_top() -> usize {
    3
}

fn default_true() -> bool {
    true
}

/// A way of disguising a word (`disguised-words = ["mixed-scripts", ...]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisguiseName {
    /// Cyrillic or Greek letters drawn like Latin ones, among Latin letters.
    MixedScripts,
    /// A zero-width or other invisible character inside the word.
    Invisible,
    /// Fullwidth Latin letters.
    Fullwidth,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub severity: Spanned<Severity>,
    /// Severity inside an attributed quotation: quoting a source is reporting. Default: info.
    pub quoted_severity: Option<Severity>,
    pub message: Spanned<String>,
    /// Text under the underline; default: the message.
    pub label: Option<String>,
    /// What the writer can do.
    pub help: String,
    /// Why it matters.
    pub rationale: Option<String>,
    #[serde(default)]
    pub links: Vec<String>,
    pub scope: Option<Spanned<OneOrMany<ScopeName>>>,
    #[serde(default = "default_true")]
    pub enabled: bool,
    #[serde(default)]
    pub case: Case,

    // What to match: exactly one of these.
    pub phrases: Option<Spanned<Vec<Spanned<String>>>>,
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    pub quote_check: Option<Spanned<QuoteCheckName>>,
    pub density: Option<Spanned<DensityDef>>,
    /// Words disguised from readers and filters, of the kinds listed.
    pub disguised_words: Option<Spanned<Vec<DisguiseName>>>,

    // Parameters of quote checks.
    /// Quotations shorter than this are not checked (`unattributed`, `vague-speaker`).
    pub min_words: Option<usize>,
    /// Quotations longer than this are not scare quotes (`scare-quote`).
    pub max_words: Option<usize>,
    /// Dismissive words next to a scare quote (`scare-quote`).
    pub dismissive: Option<Vec<String>>,

    #[serde(default)]
    pub unless: Vec<Spanned<ConditionDef>>,
    #[serde(default)]
    pub requires: Vec<Spanned<ConditionDef>>,
    pub quotation: Option<QuotationFilter>,

    /// Examples that must fire, the expected span marked `[[like this]]`.
    #[serde(default)]
    pub flag: Vec<Spanned<String>>,
    /// Examples that must not fire.
    #[serde(default)]
    pub pass: Vec<Spanned<String>>,
}
