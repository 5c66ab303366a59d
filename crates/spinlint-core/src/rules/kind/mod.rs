//! The kinds of rule, one file each, registered in [`KINDS`]: a kind says which key of a rule
//! file selects it and compiles it from the rule's definition. `phrases` and `patterns` compile
//! to programs over words, which the lint runs through its index of anchor words; the other kinds
//! implement [`DocumentKind`] and run themselves on the parsed document.

pub mod density;
pub mod disguise;
pub mod pattern;
pub mod phrase;
pub mod quote_check;

use super::pattern::{excerpt, parse, required_words, Program, Syntax};
use super::schema::RuleDef;
use super::{MatchPattern, RuleKind};
use crate::document::Document;
use crate::finding::{Finding, Label};
use crate::span::Span;
use std::ops::Range;
use toml::Spanned;

/// Every kind of rule, in the order their keys are named in messages.
pub const KINDS: &[&KindSpec] = &[&phrase::KIND, &pattern::KIND, &quote_check::KIND, &density::KIND, &disguise::KIND];

/// A kind of rule: the key of a rule file that selects it, and how it compiles.
pub struct KindSpec {
    /// The key in a rule file (`phrases`, `quote-check`).
    pub key: &'static str,
    /// Where the key stands in the rule's definition, if it is given.
    pub given: fn(&RuleDef) -> Option<Range<usize>>,
    /// Compiles the kind; problems go to `push` at their place in the file.
    pub compile: CompileFn,
}

/// Problems found while compiling: a message at a byte range of the rule file.
pub type Push<'p> = &'p mut dyn FnMut(Range<usize>, String);

/// How a kind compiles from a rule's definition.
pub type CompileFn = fn(&RuleDef, Compile, Push) -> Option<RuleKind>;

/// What compiling a kind may need to know besides the definition.
#[derive(Debug, Clone, Copy)]
pub struct Compile {
    /// `case = "exact"`.
    pub exact: bool,
    /// A built-in rule: its regexes are compiled at their first use.
    pub trusted: bool,
}

/// A kind of rule that looks at the whole document (its quotations, the other rules' findings)
/// rather than at runs of words.
pub trait DocumentKind: std::fmt::Debug + Send + Sync {
    /// Its name in `spinlint rules` and `spinlint explain`.
    fn name(&self) -> &'static str;

    /// Whether it reads the findings of the other rules: it then runs last, on the findings that
    /// will be reported (after overlaps are merged), and `unless`/`requires` do not apply.
    fn reads_findings(&self) -> bool {
        false
    }

    /// What it finds in `doc`; `findings` are the other rules' (empty unless it reads them).
    fn run(&self, doc: &Document, findings: &[Finding]) -> Vec<Hit>;

    /// Itself as data, for the rules compiled at build time.
    fn stored(&self) -> Stored;
}

/// A document kind as data: what the compiled built-in rules store of it. One variant per kind.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Stored {
    QuoteCheck(quote_check::QuoteCheck),
    Density(density::Density),
    DisguisedWords(disguise::DisguisedWords),
}

/// `#[serde(with = "kind::stored")]` for a rule's document kind.
pub mod stored {
    use super::{DocumentKind, Stored};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(kind: &Arc<dyn DocumentKind>, serializer: S) -> Result<S::Ok, S::Error> {
        kind.stored().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<dyn DocumentKind>, D::Error> {
        Ok(match Stored::deserialize(deserializer)? {
            Stored::QuoteCheck(kind) => Arc::new(kind),
            Stored::Density(kind) => Arc::new(kind),
            Stored::DisguisedWords(kind) => Arc::new(kind),
        })
    }
}

/// What a document kind found, before the lint makes it a finding.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    pub labels: Vec<Label>,
    /// The values of the message's placeholders (`{speaker}`, `{count}`...).
    pub values: Vec<(&'static str, Value)>,
    /// The label under the finding when the rule gives none; `None`: its category's.
    pub label: Option<String>,
    /// It lies in a quotation the text attributes to a named speaker: the rule's quoted
    /// severity applies, as for words matched inside such a quotation.
    pub attributed: bool,
}

/// A placeholder's value.
#[derive(Debug, Clone)]
pub enum Value {
    /// Words of the text, shown on one line (computed only when the message uses them).
    Text(Span),
    Plain(String),
}

/// Compiles one `phrases` or `patterns` entry, reporting a problem at its place in the TOML.
/// A `trusted` (built-in) entry's regexes are compiled at their first use.
pub fn compile_one(
    source: &Spanned<String>,
    syntax: Syntax,
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<MatchPattern> {
    let text = source.get_ref();
    let at = source.span();
    // The string's content starts after its opening quote.
    let content_start = at.start + 1;
    let ast = match parse(text, syntax) {
        Ok(ast) => ast,
        Err(error) => {
            let start = (content_start + error.offset).min(at.end);
            push(start..(start + 1).min(at.end).max(start), format!("in `{}`: {}", excerpt(text), error.message));
            return None;
        }
    };
    let program = if trusted { Program::compile_trusted(&ast, exact) } else { Program::compile(&ast, exact) };
    match program {
        Ok(program) => Some(MatchPattern { source: text.clone(), anchors: required_words(&ast), program }),
        Err(error) => {
            push(at, format!("in `{}`: {}", excerpt(text), error.message));
            None
        }
    }
}

/// Compiles a list of entries; `None` when any of them is wrong (all are reported).
pub fn compile_list(
    list: &[Spanned<String>],
    syntax: Syntax,
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<Vec<MatchPattern>> {
    let compiled: Vec<MatchPattern> =
        list.iter().filter_map(|p| compile_one(p, syntax, exact, trusted, push)).collect();
    (compiled.len() == list.len() && !compiled.is_empty()).then_some(compiled)
}
