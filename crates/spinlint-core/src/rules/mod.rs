//! Rules: TOML files that say what to match, where, how severe, and what to tell the writer.
//!
//! Built-in rules live in `rules/*.toml` and are embedded in the binary; a newsroom adds its own
//! folders. Loading validates every rule and reports every problem of a file at once, each at
//! its line and column in the TOML.

pub mod compiled;
pub use compiled::BuiltinRules;
mod explain;
pub mod kind;
pub mod marks;
pub mod pattern;
pub mod schema;
pub mod vocab;

use crate::finding::Severity;
use crate::parallel::{self, Parallel};
use crate::text::{read_text, TextError};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use kind::DocumentKind;
use pattern::{Program, Syntax};
use schema::{ConditionDef, Detector, RuleDef, RuleFile, ScopeName, Within};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// A rule file's text and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Shown in messages: `rules/no-evidence.toml` for a built-in file, the path otherwise.
    pub name: String,
    pub text: String,
    pub builtin: bool,
}

impl RuleSource {
    pub fn builtin() -> Vec<RuleSource> {
        builtin::FILES
            .iter()
            .map(|(name, text)| RuleSource { name: format!("rules/{name}"), text: (*text).to_string(), builtin: true })
            .collect()
    }

    /// A newsroom's `categories.toml`, which declares categories rather than rules.
    fn declares_categories(&self) -> bool {
        !self.builtin && Path::new(&self.name).file_name().is_some_and(|n| n == crate::category::FILE_NAME)
    }

    /// Every `*.toml` file in a folder (not recursive), sorted by name.
    pub fn from_dir(dir: &Path) -> Result<Vec<RuleSource>, TextError> {
        let io = |source| TextError::io(dir, source);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|path| {
                let text = read_text(&path)?;
                Ok(RuleSource { name: path.display().to_string(), text, builtin: false })
            })
            .collect()
    }
}

/// One problem in a rule file, at a byte range of its text.
#[derive(Debug, Clone)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct FileProblems {
    pub name: String,
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Every problem found while loading rules.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} problem(s) in rule files", self.files.iter().map(|f| f.problems.len()).sum::<usize>())]
pub struct RuleErrors {
    pub files: Vec<FileProblems>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Scopes {
    pub prose: bool,
    pub quote: bool,
    pub heading: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Window {
    Sentence,
    Paragraph,
    Document,
    Around(usize),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ConditionTest {
    Detector(Detector),
    Patterns(Vec<Program>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Condition {
    pub window: Window,
    pub before: bool,
    pub test: ConditionTest,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuotationFacts {
    pub attributed: Option<bool>,
    pub vague: Option<bool>,
    #[serde(with = "compiled::speaker_regex")]
    pub speaker: Option<regex::Regex>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchPattern {
    pub source: String,
    pub program: Program,
    /// Words one of which every match contains; `None`: the pattern runs on every sentence.
    pub anchors: Option<Vec<pattern::Anchor>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum RuleKind {
    /// `phrases` or `patterns`.
    Match(Vec<MatchPattern>),
    /// A kind that runs on the whole document (`quote-check`, `density`).
    Document(#[serde(with = "kind::stored")] Arc<dyn DocumentKind>),
}

/// An example from a rule file: the text with its `[[marks]]` removed and the marked spans.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Example {
    pub text: String,
    pub expected: Vec<crate::span::Span>,
    /// Where the example stands in its rule file.
    pub at: Range<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub id: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub quoted_severity: Severity,
    pub message: String,
    pub label: Option<String>,
    pub help: Arc<str>,
    pub rationale: Option<String>,
    pub links: Vec<String>,
    pub scopes: Scopes,
    pub enabled: bool,
    pub kind: RuleKind,
    pub unless: Vec<Condition>,
    pub requires: Vec<Condition>,
    pub quotation: Option<QuotationFacts>,
    pub flag: Vec<Example>,
    pub pass: Vec<Example>,
    /// The file it is defined in, and its line there.
    pub origin: Arc<str>,
    pub line: usize,
    pub builtin: bool,
}

impl Rule {
    /// The compiled patterns of the rule and of its conditions.
    pub fn programs(&self) -> Vec<&Program> {
        let mut out: Vec<&Program> = match &self.kind {
            RuleKind::Match(patterns) => patterns.iter().map(|p| &p.program).collect(),
            _ => Vec::new(),
        };
        for condition in self.unless.iter().chain(&self.requires) {
            if let ConditionTest::Patterns(programs) = &condition.test {
                out.extend(programs);
            }
        }
        out
    }

    fn programs_mut(&mut self) -> Vec<&mut Program> {
        let mut out: Vec<&mut Program> = match &mut self.kind {
            RuleKind::Match(patterns) => patterns.iter_mut().map(|p| &mut p.program).collect(),
            _ => Vec::new(),
        };
        for condition in self.unless.iter_mut().chain(self.requires.iter_mut()) {
            if let ConditionTest::Patterns(programs) = &mut condition.test {
                out.extend(programs.iter_mut());
            }
        }
        out
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            RuleKind::Match(_) => "match",
            RuleKind::Document(kind) => kind.name(),
        }
    }

    pub fn scope_names(&self) -> String {
        let s = self.scopes;
        if s.prose && s.quote && s.heading {
            return "any".into();
        }
        let mut names = Vec::new();
        if s.prose {
            names.push("prose");
        }
        if s.quote {
            names.push("quote");
        }
        if s.heading {
            names.push("heading");
        }
        names.join(",")
    }
}

/// What the linter asks of a (rule, pattern) pair before it searches: packed in one small
/// array, so that the many candidates that fail here never touch the rule and its program.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PatternFacts {
    /// Where each rule's patterns start in `facts`.
    first_of_rule: Vec<u32>,
    facts: Vec<Facts>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Facts {
    /// The most words a match spans (`u32::MAX`: unbounded).
    pub max_width: u32,
    /// Up to three word ids every match holds (`UNKNOWN`: none).
    pub required: [u32; 3],
}

impl PatternFacts {
    fn new(rules: &[Rule]) -> PatternFacts {
        let mut first_of_rule = Vec::with_capacity(rules.len());
        let mut facts = Vec::new();
        for rule in rules {
            first_of_rule.push(facts.len() as u32);
            let RuleKind::Match(patterns) = &rule.kind else { continue };
            facts.extend(patterns.iter().map(|pattern| {
                let mut required = [vocab::UNKNOWN; 3];
                for (slot, id) in required.iter_mut().zip(pattern.program.required_words()) {
                    *slot = id;
                }
                let max_width = pattern.program.max_width().map_or(u32::MAX, |w| w.min(u32::MAX as usize - 1) as u32);
                Facts { max_width, required }
            }));
        }
        PatternFacts { first_of_rule, facts }
    }

    /// The facts of pattern `pattern` of rule `rule`, a match rule.
    pub(crate) fn get(&self, rule: u32, pattern: u32) -> Facts {
        self.facts[(self.first_of_rule[rule as usize] + pattern) as usize]
    }
}

/// One Aho-Corasick automaton over the anchors that are fragments of words. Stored as its words
/// (the automaton has no serialised form) and built again when read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub(crate) struct Prefilter {
    words: Vec<String>,
    pub(crate) automaton: AhoCorasick,
}

impl Prefilter {
    fn new(words: Vec<String>) -> Prefilter {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("anchor words are plain strings, which always build");
        Prefilter { words, automaton }
    }
}

impl From<Vec<String>> for Prefilter {
    fn from(words: Vec<String>) -> Prefilter {
        Prefilter::new(words)
    }
}

impl From<Prefilter> for Vec<String> {
    fn from(prefilter: Prefilter) -> Vec<String> {
        prefilter.words
    }
}

/// The compiled rules and the one Aho-Corasick automaton over all their anchor words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// For each vocabulary id: the (rule, pattern) pairs anchored on that word. A sentence's
    /// words are looked up in the vocabulary anyway; their ids say which patterns to run.
    pub(crate) word_anchor_targets: Vec<Vec<(u32, u32)>>,
    /// The prefilter for the anchors that are fragments of a word (from regex words): one
    /// automaton over all of them.
    pub(crate) prefilter: Option<Prefilter>,
    /// For each automaton pattern: the (rule, pattern) pairs anchored on it.
    pub(crate) anchor_targets: Vec<Vec<(u32, u32)>>,
    /// (rule, pattern) pairs with no anchor words: run on every sentence.
    pub(crate) unanchored: Vec<(u32, u32)>,
    /// Every literal word of every pattern.
    pub vocabulary: vocab::Vocabulary,
    pub(crate) pattern_facts: PatternFacts,
    /// The categories the newsroom declares in a `categories.toml` beside its rules, used by a
    /// rule or not: the configuration may name them.
    #[serde(skip)]
    pub declared_categories: Vec<crate::category::Category>,
}

impl RuleSet {
    /// Whether `name` is a rule id or a category (built in, declared or of a loaded rule).
    pub fn names(&self, name: &str) -> bool {
        self.ids_and_categories().any(|known| known == name)
    }

    /// Every rule id, then every category (some more than once): what a name may mean.
    pub fn ids_and_categories(&self) -> impl Iterator<Item = &str> {
        let categories = crate::category::builtin().iter().chain(&self.declared_categories).map(|c| c.name.as_str());
        self.rules.iter().map(|r| &*r.id).chain(categories).chain(self.rules.iter().map(|r| &*r.category))
    }

    /// The built-in rules.
    pub fn builtin() -> Result<RuleSet, RuleErrors> {
        RuleSet::load(RuleSource::builtin(), &parallel::Sequential)
    }

    /// Compiles rule files, in parallel (start-up time), then merges them in order.
    pub fn load(sources: Vec<RuleSource>, parallel: &dyn Parallel) -> Result<RuleSet, RuleErrors> {
        RuleSet::compile_sources(Vec::new(), sources, parallel).map(RuleSet::linked)
    }

    /// The rule set of compiled rules and the categories their files declare.
    fn linked((rules, declared): (Vec<Rule>, Vec<crate::category::Category>)) -> RuleSet {
        let mut set = RuleSet::from_rules(rules);
        set.declared_categories = declared;
        set
    }

    /// The built-in rules, from `builtin`, and then the rule files `sources`: as
    /// [`RuleSet::load`] of the built-in files and `sources`, without compiling the built-in
    /// files when they come compiled.
    pub fn load_with(
        builtin: BuiltinRules,
        sources: Vec<RuleSource>,
        parallel: &dyn Parallel,
    ) -> Result<RuleSet, RuleErrors> {
        if let BuiltinRules::Compiled(bytes) = builtin {
            if sources.is_empty() {
                if let Some(set) = compiled::linked(bytes) {
                    return Ok(set);
                }
            } else if let Some(rules) = compiled::rules(bytes) {
                return RuleSet::compile_sources(rules, sources, parallel).map(RuleSet::linked);
            }
        }
        let mut all = RuleSource::builtin();
        all.extend(sources);
        RuleSet::load(all, parallel)
    }

    /// The rules of `base` (compiled already, in order) and then those of `sources`, not yet
    /// linked, and the categories `sources` declare.
    fn compile_sources(
        base: Vec<Rule>,
        sources: Vec<RuleSource>,
        parallel: &dyn Parallel,
    ) -> Result<(Vec<Rule>, Vec<crate::category::Category>), RuleErrors> {
        let mut files = Vec::new();
        let mut seen: HashMap<String, (String, usize)> =
            base.iter().map(|rule| (rule.id.to_string(), (rule.origin.to_string(), rule.line))).collect();
        let mut rules = base;
        // The categories declared by any folder are known to the rules of every folder.
        let mut categories = KnownCategories::default();
        for source in sources.iter().filter(|s| s.declares_categories()) {
            match crate::category::parse_declared(&source.text) {
                Ok(declared) => {
                    let mut problems = Vec::new();
                    for (at, row) in declared.iter().enumerate() {
                        let category = &row.category;
                        if !is_valid_id(&category.name) {
                            problems.push(Problem {
                                span: row.name_span.clone(),
                                message: format!("category `{}`: use lowercase letters, digits and `-`", category.name),
                            });
                        }
                        let name = category.name.as_str();
                        if crate::category::get(name).is_some() {
                            problems.push(Problem {
                                span: row.name_span.clone(),
                                message: format!("category `{name}` is built in: declare a category of another name"),
                            });
                        } else if categories.declared.iter().any(|c| c.name == name)
                            || declared[..at].iter().any(|earlier| earlier.category.name == name)
                        {
                            problems.push(Problem {
                                span: row.name_span.clone(),
                                message: format!("category `{name}` is declared twice"),
                            });
                        }
                        if !crate::category::is_colour(&category.colour) {
                            problems.push(Problem {
                                span: row.colour_span.clone(),
                                message: format!(
                                    "colour `{}` of category `{}`: write it `#rrggbb`, six hexadecimal digits \
                                     (`#2563eb`)",
                                    category.colour, category.name
                                ),
                            });
                        }
                    }
                    if !problems.is_empty() {
                        for problem in &mut problems {
                            problem.span = on_char_boundaries(&source.text, problem.span.clone());
                        }
                        files.push(FileProblems { name: source.name.clone(), text: source.text.clone(), problems });
                    }
                    categories.declared.extend(declared.into_iter().map(|row| row.category));
                }
                Err(error) => files.push(FileProblems {
                    name: source.name.clone(),
                    text: source.text.clone(),
                    problems: vec![toml_problem(error, &source.text)],
                }),
            }
        }
        let sources: Vec<&RuleSource> = sources.iter().filter(|s| !s.declares_categories()).collect();
        // Files compile independently: in parallel (start-up time), then merged in order.
        let parsed: Vec<ParsedFile> = parallel::map(parallel, &sources, |source| {
            let mut problems = Vec::new();
            (parse_file(source, &categories, &mut problems), problems)
        });
        for (source, (parsed_rules, mut problems)) in sources.iter().zip(parsed) {
            for (rule, id_span) in parsed_rules {
                if let Some((file, line)) = seen.get(&*rule.id) {
                    problems.push(Problem {
                        span: id_span,
                        message: format!("duplicate rule id `{}`: already defined in {file} line {line}", rule.id),
                    });
                    continue;
                }
                seen.insert(rule.id.to_string(), (source.name.clone(), rule.line));
                rules.push(rule);
            }
            if !problems.is_empty() {
                for problem in &mut problems {
                    problem.span = on_char_boundaries(&source.text, problem.span.clone());
                }
                // In the order of the file, as a reader goes through it.
                problems.sort_by_key(|problem| problem.span.start);
                files.push(FileProblems { name: source.name.clone(), text: source.text.clone(), problems });
            }
        }
        if !files.is_empty() {
            return Err(RuleErrors { files });
        }
        Ok((rules, categories.declared))
    }

    pub fn from_rules(mut rules: Vec<Rule>) -> RuleSet {
        let mut vocabulary = vocab::Vocabulary::default();
        for rule in &mut rules {
            for program in rule.programs_mut() {
                program.link(&mut vocabulary);
            }
        }
        // Every whole-word anchor has an id: those of exact-case patterns, which test their words
        // as written and so are not interned above, too.
        for rule in &rules {
            let RuleKind::Match(patterns) = &rule.kind else { continue };
            for anchor in patterns.iter().flat_map(|p| p.anchors.iter().flatten()).filter(|a| a.whole_word) {
                vocabulary.intern(&anchor.text);
            }
        }
        // A pattern's candidates are windows around its anchor words: its search need not
        // check that one is there.
        for rule in &mut rules {
            let RuleKind::Match(patterns) = &mut rule.kind else { continue };
            for pattern in patterns {
                let Some(anchors) = pattern.anchors.as_ref().filter(|a| a.iter().all(|a| a.whole_word)) else {
                    continue;
                };
                let ids: Vec<u32> = anchors.iter().map(|a| vocabulary.id(&a.text)).collect();
                pattern.program.anchored_on(&ids);
            }
        }
        let mut word_anchor_targets: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary.len()];
        let mut words: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut anchor_targets: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut unanchored = Vec::new();
        for (rule_index, rule) in rules.iter().enumerate() {
            let RuleKind::Match(patterns) = &rule.kind else { continue };
            for (pattern_index, pattern) in patterns.iter().enumerate() {
                let target = (rule_index as u32, pattern_index as u32);
                let Some(anchors) = &pattern.anchors else {
                    unanchored.push(target);
                    continue;
                };
                for anchor in anchors {
                    if anchor.whole_word {
                        let targets = &mut word_anchor_targets[vocabulary.id(&anchor.text) as usize];
                        if !targets.contains(&target) {
                            targets.push(target);
                        }
                        continue;
                    }
                    for variant in anchor_variants(&anchor.text) {
                        let slot = *index.entry(variant.clone()).or_insert_with(|| {
                            words.push(variant);
                            anchor_targets.push(Vec::new());
                            anchor_targets.len() - 1
                        });
                        if !anchor_targets[slot].contains(&target) {
                            anchor_targets[slot].push(target);
                        }
                    }
                }
            }
        }
        let prefilter = (!words.is_empty()).then(|| Prefilter::new(words));
        let pattern_facts = PatternFacts::new(&rules);
        RuleSet {
            rules,
            word_anchor_targets,
            prefilter,
            anchor_targets,
            unanchored,
            vocabulary,
            pattern_facts,
            declared_categories: Vec::new(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// The literal words of every phrase and pattern, for comparing with plain search tools.
    pub fn anchor_words(&self) -> Vec<String> {
        let mut words: Vec<String> = self
            .rules
            .iter()
            .filter_map(|r| match &r.kind {
                RuleKind::Match(patterns) => Some(patterns),
                _ => None,
            })
            .flatten()
            .filter_map(|p| p.anchors.clone())
            .flatten()
            .map(|anchor| anchor.text)
            .collect();
        words.sort();
        words.dedup();
        words
    }
}

/// The forms of an anchor the automaton must find: ASCII case is folded by the automaton, the
/// apostrophe and non-ASCII case are spelt out.
fn anchor_variants(anchor: &str) -> Vec<String> {
    let lower = anchor.to_lowercase();
    let mut variants = vec![lower.clone()];
    if lower.contains('\'') {
        variants.push(lower.replace('\'', "’"));
    }
    if !lower.is_ascii() {
        let upper = lower.to_uppercase();
        let mut title: String = lower.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
        title.extend(lower.chars().skip(1));
        for extra in [upper, title] {
            if !variants.contains(&extra) {
                variants.push(extra.clone());
                if extra.contains('\'') {
                    variants.push(extra.replace('\'', "’"));
                }
            }
        }
    }
    variants
}

/// 1-based line numbers of offsets met in increasing order, counted incrementally: counting
/// from the start of the file for each rule would be quadratic in a file of thousands of rules.
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter { text, offset: 0, line: 1 }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = LineCounter::new(self.text);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

/// A problem's span made safe to underline: inside the file and widened to whole characters.
/// Offsets inside a TOML string are counted in its value, which escapes and multi-byte
/// characters can shift off the file's character boundaries (found by the `rules` fuzz target).
fn on_char_boundaries(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn toml_problem(error: toml::de::Error, text: &str) -> Problem {
    toml_problem_at(error.message(), error.span().unwrap_or(0..0), text)
}

/// A TOML error's message (with a did-you-mean) at `span` of `text`.
fn toml_problem_at(message: &str, span: Range<usize>, text: &str) -> Problem {
    let span = span.start.min(text.len())..span.end.min(text.len());
    Problem { span, message: crate::suggest::unknown_name_hint(message) }
}

/// The categories rules may use: the built-in ones and those the newsroom declares in a
/// `categories.toml` beside its rules.
#[derive(Default)]
struct KnownCategories {
    declared: Vec<crate::category::Category>,
}

impl KnownCategories {
    fn names(&self) -> impl Iterator<Item = &str> {
        crate::category::builtin().iter().chain(&self.declared).map(|c| c.name.as_str())
    }

    fn contains(&self, name: &str) -> bool {
        self.names().any(|known| known == name)
    }

    /// The label of a declared category, for its rules that give none.
    fn declared_label(&self, name: &str) -> Option<&str> {
        self.declared.iter().find(|c| c.name == name).map(|c| c.label.as_str())
    }
}

/// A rule file's rules (with the span of each id) and its problems.
type ParsedFile = (Vec<(Rule, Range<usize>)>, Vec<Problem>);

/// The start of the message of a rule with no way to match.
const MATCHES_NOTHING: &str = "the rule matches nothing";

/// Parses one file into rules, pushing every problem found.
fn parse_file(
    source: &RuleSource,
    categories: &KnownCategories,
    problems: &mut Vec<Problem>,
) -> Vec<(Rule, Range<usize>)> {
    let text = &source.text;
    // A file of several rules has a `rule` array (`[[rule]]` tables); one rule is the whole file.
    // The headers tell which, without parsing the file twice; when that guess fails to parse,
    // the parsed table decides, as the error to report must come from the right reading.
    let read = |text: &str, several: bool| -> Result<Definitions, toml::de::Error> {
        if several {
            toml::from_str::<RuleFile>(text).map(|file| file.rule)
        } else {
            toml::from_str::<RuleDef>(text).map(|rule| vec![Spanned::new(0..text.len(), rule)])
        }
    };
    let guess = text.lines().any(is_rule_table_header);
    let (definitions, repair) = match read(text, guess) {
        Ok(definitions) => (definitions, Repair::default()),
        Err(_) => {
            let several = match toml::from_str::<toml::Table>(text) {
                Ok(table) => table.contains_key("rule"),
                Err(_) => guess,
            };
            match read_past_data_errors(text, |text| read(text, several), problems) {
                Some(read) => read,
                None => return Vec::new(),
            }
        }
    };
    let after_cuts = problems.len();
    if definitions.is_empty() && repair.cuts.is_empty() {
        problems.push(Problem {
            span: 0..0,
            message: "no rule in this file: write `id = ...` at the top, or `[[rule]]` tables".into(),
        });
    }
    let mut seen_in_file: HashMap<String, usize> = HashMap::new();
    let mut lines = LineCounter::new(text);
    let mut rules = Vec::new();
    for definition in definitions {
        let before = problems.len();
        // The spans of a repaired file's definitions are offsets in its copy.
        let id_span = repair.original_span(definition.get_ref().id.span());
        let id = definition.get_ref().id.get_ref().clone();
        if let Some(line) = seen_in_file.get(&id) {
            problems.push(Problem {
                span: id_span.clone(),
                message: format!("duplicate rule id `{id}`: already defined at line {line}"),
            });
            continue;
        }
        let line = lines.line_of(id_span.start);
        seen_in_file.insert(id, line);
        let rule = compile(definition.into_inner(), source, line, categories, problems);
        for problem in &mut problems[before..] {
            problem.span = repair.original_span(problem.span.clone());
        }
        if problems.len() == before {
            if let Some(rule) = rule {
                rules.push((rule, id_span));
            }
        }
    }
    if !repair.cuts.is_empty() {
        // The checks of a repaired rule would only echo the repair (an empty message where
        // `message = 3` was, a rule that matches nothing once its `phrases` were cut): keep
        // what they say about the rest of the file.
        let mut index = 0;
        problems.retain(|p| {
            index += 1;
            index <= after_cuts || !repair.echoes(p)
        });
    }
    rules
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

/// At most this many data errors are reported per rule file.
const MAX_DATA_ERRORS: usize = 20;

/// A rule file's rule definitions, each with its span.
type Definitions = Vec<Spanned<RuleDef>>;

/// What was cut from a rule file to read past its errors, and how the offsets of the copy read
/// map back to the file.
#[derive(Default)]
struct Repair {
    /// The range of each cut in the file, and that of its stand-in in the copy, in order.
    edits: Vec<(Range<usize>, Range<usize>)>,
    /// The ranges cut in the file: whatever a later check says there is about a stand-in.
    cuts: Vec<Range<usize>>,
    /// The id of each rule whose way of matching (`phrases`, `density`...) was cut.
    kind_cut: Vec<Range<usize>>,
}

impl Repair {
    /// The offset in the file of an offset in the copy; one inside a stand-in is inside the
    /// range it stands in for.
    fn original(&self, offset: usize) -> usize {
        let mut shift = 0isize;
        for (cut, stand_in) in &self.edits {
            if offset < stand_in.start {
                break;
            }
            if offset == stand_in.end {
                return cut.end;
            }
            if offset < stand_in.end {
                return cut.start + (offset - stand_in.start).min(cut.len().saturating_sub(1));
            }
            shift = cut.end as isize - stand_in.end as isize;
        }
        offset.saturating_add_signed(shift)
    }

    fn original_span(&self, span: Range<usize>) -> Range<usize> {
        if self.edits.is_empty() {
            return span;
        }
        let start = self.original(span.start);
        start..self.original(span.end).max(start)
    }

    /// Whether a problem found in the copy only echoes a cut: it is about a stand-in, or says
    /// that a rule whose way of matching was cut matches nothing.
    fn echoes(&self, problem: &Problem) -> bool {
        self.cuts.iter().any(|cut| overlaps(&problem.span, cut))
            || (problem.message.starts_with(MATCHES_NOTHING) && self.kind_cut.contains(&problem.span))
    }
}

/// What stands in for a cut pair in the copy of the file.
#[derive(Debug, Clone, PartialEq)]
enum StandIn {
    /// `key = ""`: a string where serde wanted one.
    Empty,
    /// `key = "value"`, a value the error named as expected.
    Value(String),
    /// Nothing: the pair (or sub-table) is left out.
    Nothing,
}

/// A key-value pair, or a sub-table under its own header, replaced in a copy of a rule file
/// to read past its error.
struct Cut<'t> {
    /// The pair's range in the file.
    range: Range<usize>,
    key: &'t str,
    stand_in: StandIn,
}

impl Cut<'_> {
    fn new<'t>(pair: &KeyValue<'t>) -> Cut<'t> {
        // A table under its own header cannot be stood in for in place: the pairs before it
        // belong to another table.
        let stand_in = if pair.table { StandIn::Nothing } else { StandIn::Empty };
        Cut { range: pair.range.clone(), key: pair.key, stand_in }
    }

    /// The next stand-in after `error`, at this pair again; false when none is left.
    fn next_stand_in(&mut self, error: &toml::de::Error) -> bool {
        let expected = error.message().split_once("expected one of `").and_then(|(_, rest)| rest.split('`').next());
        self.stand_in = match (&self.stand_in, expected) {
            (StandIn::Nothing, _) => return false,
            (StandIn::Empty, Some(value)) => StandIn::Value(value.to_string()),
            _ => StandIn::Nothing,
        };
        true
    }

    fn text(&self) -> String {
        match &self.stand_in {
            StandIn::Empty => format!("{} = \"\"", self.key),
            StandIn::Value(value) => format!("{} = {value:?}", self.key),
            StandIn::Nothing => String::new(),
        }
    }
}

/// The copy of `text` with the cuts made (in the order of the file, none inside another), and
/// how its offsets map back.
fn cut_copy(text: &str, cuts: &[Cut]) -> (String, Repair) {
    let mut ordered: Vec<&Cut> = cuts.iter().collect();
    ordered.sort_by_key(|cut| cut.range.start);
    let mut copy = String::with_capacity(text.len());
    let mut repair = Repair::default();
    let mut at = 0;
    for cut in ordered {
        copy.push_str(&text[at..cut.range.start]);
        let start = copy.len();
        copy.push_str(&cut.text());
        repair.edits.push((cut.range.clone(), start..copy.len()));
        at = cut.range.end;
    }
    copy.push_str(&text[at..]);
    (copy, repair)
}

/// Reads a rule file that serde refused, reporting each of its data errors (a value of the wrong
/// type, an unknown key, a sub-table of the wrong shape), not only the first, which would hide
/// the rest: each offending pair is replaced in a copy of the text (by `key = ""`, a value the
/// error names, or nothing) and the copy read again. Returns the definitions read once nothing
/// is left to cut, and the repair: how offsets in the copy map back to the file, and where later
/// checks would only echo the cuts; `None` (the problems pushed) when the file cannot be read
/// past its errors (bad TOML syntax, a required key missing from a rule that is the file).
fn read_past_data_errors(
    text: &str,
    read: impl Fn(&str) -> Result<Definitions, toml::de::Error>,
    problems: &mut Vec<Problem>,
) -> Option<(Definitions, Repair)> {
    let pairs = key_value_ranges(text);
    let mut cuts: Vec<Cut> = Vec::new();
    let mut kind_cut = Vec::new();
    // Each pair is tried at most three times: the loop ends.
    for _ in 0..=3 * pairs.len() {
        let (copy, mut repair) = cut_copy(text, &cuts);
        let error = match read(&copy) {
            Ok(definitions) => {
                repair.cuts = cuts.iter().map(|cut| cut.range.clone()).collect();
                repair.kind_cut = kind_cut;
                return Some((definitions, repair));
            }
            Err(error) => error,
        };
        let span = repair.original_span(error.span().unwrap_or(0..0));
        let missing_cut_key = error
            .message()
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .is_some_and(|field| cuts.iter().any(|cut| cut.key.trim_matches(['"', '\'']) == field));
        // The innermost pair or sub-table the error is in; a key cut that a table needs: that
        // table (its error is reported already).
        let pair = pairs
            .iter()
            .filter(|pair| pair.range.start <= span.start && span.end <= pair.range.end)
            .filter(|pair| !missing_cut_key || pair.table)
            .min_by_key(|pair| pair.range.len());
        let Some(pair) = pair else {
            if !missing_cut_key {
                problems.push(toml_problem_at(error.message(), span, text));
            }
            return None;
        };
        match cuts.iter_mut().find(|cut| cut.range == pair.range) {
            // Reported already: try the next stand-in.
            Some(cut) => {
                if !cut.next_stand_in(&error) {
                    return None;
                }
            }
            None => {
                if cuts.len() == MAX_DATA_ERRORS {
                    return None;
                }
                if !missing_cut_key {
                    problems.push(toml_problem_at(error.message(), span, text));
                }
                // A sub-table cut whole takes the cuts inside it along.
                cuts.retain(|cut| !(pair.range.start <= cut.range.start && cut.range.end <= pair.range.end));
                cuts.push(Cut::new(pair));
                let kind_key = kind::KINDS.iter().any(|k| k.key == pair.key.trim_matches(['"', '\'']));
                if let (true, Some(id)) = (kind_key, &pair.id_of_table) {
                    kind_cut.push(id.clone());
                }
            }
        }
    }
    None
}

/// A key-value pair of a rule file, or a sub-table under its own header.
struct KeyValue<'t> {
    /// From the key to the end of the value; a sub-table's from its header to the end of its
    /// last pair.
    range: Range<usize>,
    /// The key as written.
    key: &'t str,
    /// A sub-table under its own header (`[[rule]]`, `[quotation]`, `[[rule.unless]]`).
    table: bool,
    /// The value of the `id` of the rule the pair is in.
    id_of_table: Option<Range<usize>>,
}

/// The key-value pairs of a rule file, at every depth: those written in place (`key = value`,
/// whatever the value), and the sub-tables written under their own headers or with dotted keys,
/// with the pairs inside them. Pairs written in place never overlap; a sub-table holds its own.
fn key_value_ranges(text: &str) -> Vec<KeyValue<'_>> {
    let Ok(table) = toml::de::DeTable::parse(text) else { return Vec::new() };
    let mut pairs = Vec::new();
    add_pairs(text, table.get_ref(), None, &mut pairs);
    pairs
}

/// Adds the pairs of `table` (of the rule whose id is at `id`) and returns where its last ends.
fn add_pairs<'t>(
    text: &'t str,
    table: &toml::de::DeTable,
    id: Option<Range<usize>>,
    pairs: &mut Vec<KeyValue<'t>>,
) -> usize {
    let own_id = table.iter().find(|(key, _)| key.get_ref().as_ref() == "id").map(|(_, value)| value.span());
    let id = own_id.or(id);
    let mut end = 0;
    for (key, value) in table.iter() {
        let Some(written) = text.get(key.span()) else { continue };
        // A value written after its key is in place; a table under a header (whose span is the
        // header, before the key's end) or of dotted keys (whose span is the key) is not.
        if value.span().start >= key.span().end {
            pairs.push(KeyValue {
                range: key.span().start..value.span().end,
                key: written,
                table: false,
                id_of_table: id.clone(),
            });
            end = end.max(value.span().end);
            continue;
        }
        let tables: Vec<&Spanned<toml::de::DeValue>> = match value.get_ref() {
            toml::de::DeValue::Array(array) => array.iter().collect(),
            _ => vec![value],
        };
        for sub in tables {
            let toml::de::DeValue::Table(inner) = sub.get_ref() else { continue };
            let inner_end = add_pairs(text, inner, id.clone(), pairs).max(sub.span().end);
            // A table of dotted keys is cut by its pairs; one under a header, whole too.
            if sub.span() != key.span() {
                let id_of_table = inner
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == "id")
                    .map(|(_, value)| value.span())
                    .or(id.clone());
                pairs.push(KeyValue { range: sub.span().start..inner_end, key: written, table: true, id_of_table });
            }
            end = end.max(inner_end);
        }
    }
    end
}

/// `[[rule]]`, also written `[[ rule ]]` or `[["rule"]]`.
fn is_rule_table_header(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("[[") else { return false };
    let Some((key, _)) = rest.split_once("]]") else { return false };
    let key = key.trim();
    key == "rule" || key == "\"rule\"" || key == "'rule'"
}

fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/' || b == b'_' || b == b'.')
}

/// Validates and compiles one rule, pushing every problem.
fn compile(
    def: RuleDef,
    source: &RuleSource,
    line: usize,
    categories: &KnownCategories,
    problems: &mut Vec<Problem>,
) -> Option<Rule> {
    let mut push = |span: Range<usize>, message: String| problems.push(Problem { span, message });
    let id = def.id.get_ref().clone();
    if !is_valid_id(&id) {
        push(def.id.span(), format!("rule id `{id}`: use lowercase letters, digits and `-`, starting with a letter"));
    }
    let category = def.category.get_ref().clone();
    if source.builtin && crate::category::get(&category).is_none() {
        push(
            def.category.span(),
            format!(
                "unknown category `{category}`: built-in rules use one of {}",
                crate::category::builtin().iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        );
    } else if !categories.contains(&category) {
        let hint = match crate::suggest::closest(&category, categories.names()) {
            Some(meant) => format!("did you mean `{meant}`? "),
            None => String::new(),
        };
        push(
            def.category.span(),
            format!(
                "unknown category `{category}`: {hint}A rule uses a built-in category (see the README) \
                 or one the newsroom declares in a `{}` beside its rules (see docs/rules.md)",
                crate::category::FILE_NAME
            ),
        );
    }
    if def.message.get_ref().trim().is_empty() {
        push(def.message.span(), "the message is empty: say what is wrong in a few words".into());
    }
    let scopes = match &def.scope {
        None => Scopes { prose: true, quote: true, heading: true },
        Some(scope) => {
            let mut scopes = Scopes::default();
            let names = scope.get_ref().to_vec();
            if names.is_empty() {
                push(scope.span(), "empty scope: name prose, quote, heading or any".into());
            }
            for name in names {
                match name {
                    ScopeName::Prose => scopes.prose = true,
                    ScopeName::Quote => scopes.quote = true,
                    ScopeName::Heading => scopes.heading = true,
                    ScopeName::Any => scopes = Scopes { prose: true, quote: true, heading: true },
                }
            }
            scopes
        }
    };
    let how = kind::Compile { exact: def.case == schema::Case::Exact, trusted: source.builtin };
    let kinds: Vec<(&kind::KindSpec, Range<usize>)> =
        kind::KINDS.iter().filter_map(|k| (k.given)(&def).map(|span| (*k, span))).collect();
    let id_span = def.id.span();
    let kind = match kinds.as_slice() {
        [] => {
            let keys: Vec<String> = kind::KINDS.iter().map(|k| format!("`{}`", k.key)).collect();
            let (last, rest) = keys.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            push(id_span.clone(), format!("{MATCHES_NOTHING}: give it {} or {last}", rest.join(", ")));
            None
        }
        [(only, _)] => (only.compile)(&def, how, &mut push),
        [_, (second, span), ..] => {
            let second = second.key;
            push(
                span.clone(),
                format!(
                    "a rule matches one way: `{}` and `{second}` are both given; split it into two rules",
                    kinds[0].0.key
                ),
            );
            None
        }
    };
    if let Some(RuleKind::Match(patterns)) = kind.as_ref() {
        let names: Vec<String> = patterns.iter().flat_map(|p| p.program.captures.clone()).collect();
        for placeholder in placeholders(def.message.get_ref()) {
            if !["match", "speaker", "quote", "count", "category"].contains(&placeholder.as_str())
                && !names.contains(&placeholder)
            {
                push(def.message.span(), format!("the message uses `{{{placeholder}}}`, which no pattern captures: use {{match}} or a capture name"));
            }
        }
    }
    let conditions = |list: &[Spanned<ConditionDef>], push: &mut dyn FnMut(Range<usize>, String)| -> Vec<Condition> {
        list.iter().filter_map(|c| compile_condition(c, how.exact, source.builtin, push)).collect()
    };
    let unless = conditions(&def.unless, &mut push);
    let requires = conditions(&def.requires, &mut push);
    let quotation = def.quotation.as_ref().map(|q| QuotationFacts {
        attributed: q.attributed,
        vague: q.vague,
        speaker: q.speaker.as_ref().and_then(|s| {
            match pattern::build_regex(&format!(".*(?:{}).*", s.get_ref()), false) {
                Ok(regex) => Some(regex),
                Err(e) => {
                    push(s.span(), format!("bad speaker regex: {}", pattern::first_line(&e.to_string())));
                    None
                }
            }
        }),
    });
    let flag = marks::parse_examples(&def.flag, true, &mut push);
    let pass = marks::parse_examples(&def.pass, false, &mut push);
    let declared_label = categories.declared_label(&category);
    Some(Rule {
        id: id.into(),
        category: category.into(),
        severity: *def.severity.get_ref(),
        quoted_severity: def.quoted_severity.unwrap_or(Severity::Info),
        message: def.message.into_inner(),
        label: def.label.or_else(|| declared_label.map(str::to_string)),
        help: def.help.into(),
        rationale: def.rationale,
        links: def.links,
        scopes,
        enabled: def.enabled,
        kind: kind?,
        unless,
        requires,
        quotation,
        flag,
        pass,
        origin: source.name.as_str().into(),
        line,
        builtin: source.builtin,
    })
}

/// `{name}` placeholders in a message.
pub fn placeholders(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

fn compile_condition(
    def: &Spanned<ConditionDef>,
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<Condition> {
    let c = def.get_ref();
    let window = match (c.within, c.around) {
        (Some(_), Some(_)) => {
            push(def.span(), "give `within` or `around`, not both".into());
            return None;
        }
        (_, Some(n)) if n > 20 => {
            push(def.span(), format!("around = {n}: at most 20 sentences"));
            return None;
        }
        (_, Some(n)) => Window::Around(n),
        (Some(Within::Paragraph), None) => Window::Paragraph,
        (Some(Within::Document), None) => Window::Document,
        (Some(Within::Sentence), None) | (None, None) => Window::Sentence,
    };
    let tests = [c.has.is_some(), c.phrases.is_some(), c.patterns.is_some()].iter().filter(|&&b| b).count();
    if tests != 1 {
        push(def.span(), "a condition looks for one thing: give exactly one of `has`, `phrases` or `patterns`".into());
        return None;
    }
    let test = if let Some(has) = &c.has {
        ConditionTest::Detector(*has.get_ref())
    } else {
        let (list, syntax) = match (&c.phrases, &c.patterns) {
            (Some(p), _) => (p, Syntax::Phrase),
            (_, Some(p)) => (p, Syntax::Pattern),
            _ => return None,
        };
        let programs: Vec<Program> =
            list.iter().filter_map(|p| kind::compile_one(p, syntax, exact, trusted, push).map(|m| m.program)).collect();
        if programs.len() != list.len() {
            return None;
        }
        ConditionTest::Patterns(programs)
    };
    Some(Condition { window, before: c.before, test })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_at_a_multi_byte_character_is_underlined_on_whole_characters() {
        // A punctuation-only first word of multi-byte characters: the error is at its offset 0,
        // and one byte past it was the middle of a character (found by the `rules` fuzz target).
        for phrase in ["\u{fffd}\u{fffd}\u{fffd} so-called", "\u{2014}\u{2014} x"] {
            let text = format!(
                "id = \"r\"\ncategory = \"loaded-language\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n\
                 phrases = [\"{phrase}\"]\n"
            );
            let source = RuleSource { name: "r.toml".into(), text: text.clone(), builtin: false };
            let errors = RuleSet::load(vec![source], &parallel::Sequential).expect_err("a word with no letters");
            for problem in &errors.files[0].problems {
                let span = problem.span.clone();
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{span:?}: {}",
                    problem.message
                );
                assert!(!span.is_empty(), "{}", problem.message);
            }
        }
    }

    #[test]
    fn the_packed_facts_are_those_of_each_pattern() {
        let rules = RuleSet::builtin().expect("built-in rules");
        let mut with_required = 0;
        for (rule_index, rule) in rules.rules.iter().enumerate() {
            let RuleKind::Match(patterns) = &rule.kind else { continue };
            for (pattern_index, pattern) in patterns.iter().enumerate() {
                let facts = rules.pattern_facts.get(rule_index as u32, pattern_index as u32);
                let program = &pattern.program;
                assert_eq!(facts.max_width, program.max_width().map_or(u32::MAX, |w| w as u32), "{}", pattern.source);
                let required: Vec<u32> = program.required_words().take(3).collect();
                let packed: Vec<u32> = facts.required.iter().copied().filter(|&id| id != vocab::UNKNOWN).collect();
                assert_eq!(packed, required, "{}", pattern.source);
                with_required += usize::from(!required.is_empty());
            }
        }
        assert!(with_required > 300, "{with_required}");
    }

    #[test]
    fn line_counter_counts_incrementally_and_restarts_when_going_back() {
        let text = "a\nb\n\nc\nd";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(5), 4);
        assert_eq!(lines.line_of(8), 5);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(100), 5);
    }

    #[test]
    fn rules_in_one_file_get_their_own_lines() {
        let rule = |id: &str| {
            format!("[[rule]]\nid = \"{id}\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\npatterns = [\"{id}x\"]\n")
        };
        let text: String = (0..3).map(|i| rule(&format!("r-{i}"))).collect();
        let set =
            RuleSet::load(vec![RuleSource { name: "t.toml".into(), text, builtin: false }], &parallel::Sequential)
                .unwrap();
        let lines: Vec<usize> = set.rules.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 9, 16]);
    }

    #[test]
    fn a_file_of_several_rules_is_known_by_its_table_headers() {
        let body = "id = \"spaced\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"spaced out\"]\n";
        for header in ["[[rule]]", "[[ rule ]]", "  [[\"rule\"]]  # the first"] {
            let text = format!("# rules\n{header}\n{body}");
            let set =
                RuleSet::load(vec![RuleSource { name: "t.toml".into(), text, builtin: false }], &parallel::Sequential);
            assert_eq!(set.map(|s| s.rules.len()).ok(), Some(1), "{header}");
        }
        assert!(!is_rule_table_header("# [[rule]] in a comment") && !is_rule_table_header("[rule]"));
    }

    #[test]
    fn the_headers_are_only_a_guess_at_the_form_of_a_file() {
        let body =
            "category = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"spaced out\"]";
        let inline = format!("rule = [{{ id = \"inline\", {} }}]\n", body.replace('\n', ", "));
        let multiline = format!("id = \"single\"\n{body}\nrationale = \"\"\"\n[[rule]]\nquoted in a string\n\"\"\"\n");
        for text in [inline, multiline] {
            let set = RuleSet::load(
                vec![RuleSource { name: "t.toml".into(), text: text.clone(), builtin: false }],
                &parallel::Sequential,
            );
            assert_eq!(set.map(|s| s.rules.len()).ok(), Some(1), "{text}");
        }
        let broken = "[[rule]]\nid = \"x\"\ncategory = \"doubt\"\nsevrity = \"warning\"\n";
        let errors = RuleSet::load(
            vec![RuleSource { name: "t.toml".into(), text: broken.into(), builtin: false }],
            &parallel::Sequential,
        );
        let message: String = errors
            .err()
            .map(|e| e.files.iter().flat_map(|f| &f.problems).map(|p| p.message.clone()).collect())
            .unwrap_or_default();
        assert!(message.contains("sevrity"), "{message}");
    }
}

#[cfg(test)]
mod read_past_tests {
    use super::*;

    /// The line and message of each problem of a rule file called `t.toml`.
    fn problems(text: &str) -> Vec<(usize, String)> {
        let source = RuleSource { name: "t.toml".into(), text: text.into(), builtin: false };
        let Err(errors) = RuleSet::load(vec![source], &parallel::Sequential) else { return Vec::new() };
        let mut lines = LineCounter::new(text);
        errors.files[0].problems.iter().map(|p| (lines.line_of(p.span.start), p.message.clone())).collect()
    }

    fn rule(id: &str, rest: &str) -> String {
        format!(
            "[[rule]]\nid = \"{id}\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n\
             phrases = [\"a b\"]\n{rest}"
        )
    }

    /// The lines of the problems, and whether any message says `words`.
    fn lines_and(problems: &[(usize, String)], words: &str) -> (Vec<usize>, bool) {
        (problems.iter().map(|p| p.0).collect(), problems.iter().any(|p| p.1.contains(words)))
    }

    #[test]
    fn a_short_bad_value_does_not_stop_the_reading() {
        // `severity = 3` and `id=3` are shorter than any string that stands in for them.
        let text = format!(
            "[[rule]]\nid=3\nseverity = 3\ncategory = \"doutb\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a b\"]\n{}",
            rule("s", "flagg = 1\n")
        );
        let found = problems(&text);
        assert_eq!(lines_and(&found, "did you mean `doubt`"), (vec![2, 3, 4, 15], true), "{found:#?}");
        assert!(!found.iter().any(|p| p.1.contains("rule id ``")), "no echo of the cut id: {found:#?}");
    }

    #[test]
    fn sub_tables_are_read_past_without_false_unknown_fields() {
        let text = [
            rule("first", "flagg = 3\n[rule.quotation]\nattributed = \"yes\"\nvaguee = true\n"),
            rule("second", "[rule.links]\nurl = \"https://example.com\"\n"),
            rule("third", "[[rule.unless]]\nhas = \"link\"\n[rule.quotation]\nvague = true\n")
                .replace("phrases", "flag = 1\nphrases"),
        ]
        .concat();
        let found = problems(&text);
        assert_eq!(lines_and(&found, "`url`"), (vec![8, 10, 11, 19, 27], false), "{found:#?}");
        // A density table: its bad value, and the problem before it, not a false duplicate key.
        let text = rule("dense", "flagg = 3\n[rule.density]\ncategory = \"doubt\"\nper-1000-words = \"x\"\n")
            .replace("phrases = [\"a b\"]\n", "");
        let found = problems(&text);
        assert_eq!(lines_and(&found, "duplicate"), (vec![7, 10], false), "{found:#?}");
    }

    #[test]
    fn a_repaired_rule_keeps_its_own_problems_and_drops_only_echoes() {
        let text = [
            rule("twice", ""),
            rule("Bad_Id", "flagg = 3\n"),
            rule("twice", "flagg = 3\n"),
            rule("no-phrases", "").replace("phrases = [\"a b\"]", "phrases = 3"),
        ]
        .concat();
        let found = problems(&text);
        let messages: Vec<&str> = found.iter().map(|p| p.1.split([':', ',']).next().unwrap_or("")).collect();
        assert_eq!(
            messages,
            [
                "rule id `Bad_Id`",
                "unknown field `flagg`",
                "duplicate rule id `twice`",
                "unknown field `flagg`",
                "invalid type"
            ],
            "{found:#?}"
        );
        assert_eq!(found.iter().map(|p| p.0).collect::<Vec<_>>(), [9, 15, 17, 23, 30]);
    }
}

#[cfg(test)]
mod declared_category_tests {
    use super::*;

    const RULE: &str = "id = \"r\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a b\"]\n";

    fn row(name: &str, colour: &str, description: &str) -> String {
        format!(
            "[[category]]\nname = \"{name}\"\nlabel = \"l\"\ncolour = \"{colour}\"\ndescription = \"{description}\"\n"
        )
    }

    fn load(categories: &str) -> Result<RuleSet, RuleErrors> {
        let sources = vec![
            RuleSource { name: "desk/categories.toml".into(), text: categories.into(), builtin: false },
            RuleSource { name: "desk/r.toml".into(), text: RULE.into(), builtin: false },
        ];
        RuleSet::load(sources, &parallel::Sequential)
    }

    /// The text underlined by each problem of the categories file, and its line.
    fn underlined(categories: &str) -> Vec<(usize, String)> {
        let Err(errors) = load(categories) else { return Vec::new() };
        let file = errors.files.iter().find(|f| f.name.ends_with("categories.toml")).expect("its problems");
        let mut lines = LineCounter::new(categories);
        file.problems.iter().map(|p| (lines.line_of(p.span.start), categories[p.span.clone()].to_string())).collect()
    }

    #[test]
    fn a_declared_category_no_rule_uses_is_a_name() {
        let set = load(&row("desk-unused", "#123456", "d")).expect("loads");
        assert!(set.names("desk-unused") && set.names("doubt") && !set.names("desk-unuse"));
        assert!(set.ids_and_categories().any(|name| name == "desk-unused"));
    }

    #[test]
    fn a_declared_colour_is_six_hex_digits_at_its_line() {
        let text =
            [row("desk-one", "#12345g", "d"), row("desk-two", "red", "d"), row("desk-ok", "#abcdef", "d")].concat();
        assert_eq!(underlined(&text), [(4, "\"#12345g\"".to_string()), (9, "\"red\"".to_string())]);
    }

    #[test]
    fn a_bad_category_name_is_found_where_it_is_the_name() {
        // `Desk` is written first in a description: the problem is at the name.
        let text = [row("desk-ok", "#abcdef", "Desk"), row("Desk", "#abcdef", "d")].concat();
        assert_eq!(underlined(&text), [(7, "\"Desk\"".to_string())]);
    }

    #[test]
    fn a_category_declared_twice_or_built_in_is_refused_at_its_name() {
        let text =
            [row("desk-one", "#abcdef", "d"), row("fear", "#abcdef", "d"), row("desk-one", "#123456", "d")].concat();
        assert_eq!(underlined(&text), [(7, "\"fear\"".to_string()), (12, "\"desk-one\"".to_string())]);
    }
}
