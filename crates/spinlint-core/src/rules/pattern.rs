//! The pattern language shared by `phrases` and `patterns`, and its matcher.
//!
//! ```text
//! no (corroborating | credible)? evidence      words, alternatives, optional words
//! speaker:<cap>+ (said | says)                 a capitalised word, repeated, captured
//! /^(deni|reject)\w*$/ <gap 0..3> claims       a regex on one word, a gap of 0 to 3 words
//! <num> percent                                a number
//! ```
//!
//! A pattern compiles to a small program that runs over the words of a sentence as a Pike VM:
//! its cost is linear in the number of words whatever the pattern, so no rule can be slow.

use super::vocab::{IdSet, Vocabulary};
use crate::lexicon::{COMMONEST_WORDS, COMMON_WORDS};
use crate::span::Span;
use crate::words::{normalise_literal, tokenize, word_matches_literal, Word, WordSet};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char as nom_char, digit1, multispace0};
use nom::combinator::{all_consuming, map, map_res, opt, value};
use nom::multi::{many1, separated_list1};
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};
use serde::{Deserialize, Serialize};

/// The largest gap or repetition a pattern may ask for: beyond it a pattern is a typo.
pub const MAX_GAP: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// One word of the text, compared with the literal (already normalised when case-insensitive).
    Literal(String),
    Any,
    Capitalised,
    /// A capitalised word that does not open the sentence.
    Name,
    Number,
    Regex(String),
    Gap(usize, usize),
    Sequence(Vec<Ast>),
    Alternatives(Vec<Ast>),
    Optional(Box<Ast>),
    OneOrMore(Box<Ast>),
    ZeroOrMore(Box<Ast>),
    Capture(String, Box<Ast>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Words, `( | )` alternatives and `?`: what a `phrases` entry may use.
    Phrase,
    Pattern,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    /// Byte offset in the pattern string.
    pub offset: usize,
    pub message: String,
}

type Res<'a, T> = IResult<&'a str, T>;

fn is_literal_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')' | '|' | '<' | '>' | '?' | '+' | '*' | '/' | ':')
}

fn capture_name(input: &str) -> Res<'_, &str> {
    terminated(
        take_while1(|c: char| c.is_ascii_lowercase() || c == '_' || c == '-' || c.is_ascii_digit()),
        nom_char(':'),
    )
    .parse(input)
}

fn gap(input: &str) -> Res<'_, Ast> {
    map(
        (
            opt(terminated(tag("gap"), take_while(|c: char| c == ' '))),
            map_res(digit1, str::parse::<usize>),
            tag(".."),
            map_res(digit1, str::parse::<usize>),
        ),
        |(_, low, _, high)| Ast::Gap(low, high),
    )
    .parse(input)
}

fn class(input: &str) -> Res<'_, Ast> {
    delimited(
        nom_char('<'),
        alt((
            value(Ast::Any, tag("any")),
            value(Ast::Capitalised, tag("cap")),
            value(Ast::Name, tag("name")),
            value(Ast::Number, tag("num")),
            gap,
        )),
        nom_char('>'),
    )
    .parse(input)
}

fn regex(input: &str) -> Res<'_, Ast> {
    map(delimited(nom_char('/'), take_while1(|c| c != '/'), nom_char('/')), |r: &str| Ast::Regex(r.to_string()))
        .parse(input)
}

fn literal(input: &str) -> Res<'_, Ast> {
    map(take_while1(is_literal_char), |w: &str| Ast::Literal(w.to_string())).parse(input)
}

fn group(input: &str) -> Res<'_, Ast> {
    map(
        delimited(
            terminated(nom_char('('), multispace0),
            separated_list1(delimited(multispace0, nom_char('|'), multispace0), sequence),
            preceded(multispace0, nom_char(')')),
        ),
        |mut alternatives| {
            if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                Ast::Alternatives(alternatives)
            }
        },
    )
    .parse(input)
}

/// `(a | b | c)`: a group of single words, the shape of the long word lists, read without the
/// general grammar (it is most of the rules' start-up time). It gives the tree `group` would;
/// any other group falls through to `group`.
fn word_list(input: &str) -> Res<'_, Ast> {
    let fail = || Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Tag)));
    let spaces = [' ', '\t', '\r', '\n'];
    let Some(mut rest) = input.strip_prefix('(') else { return fail() };
    let mut words = Vec::new();
    loop {
        rest = rest.trim_start_matches(spaces);
        let end = rest.find(|c: char| !is_literal_char(c)).unwrap_or(rest.len());
        if end == 0 {
            return fail();
        }
        words.push(Ast::Literal(rest[..end].to_string()));
        rest = rest[end..].trim_start_matches(spaces);
        if let Some(after) = rest.strip_prefix('|') {
            rest = after;
        } else if let Some(after) = rest.strip_prefix(')') {
            rest = after;
            break;
        } else {
            return fail();
        }
    }
    Ok((rest, if words.len() == 1 { words.remove(0) } else { Ast::Alternatives(words) }))
}

fn item(input: &str) -> Res<'_, Ast> {
    let (rest, name) = opt(capture_name).parse(input)?;
    let (rest, atom) = alt((word_list, group, class, regex, literal)).parse(rest)?;
    let (rest, quantifier) = opt(alt((nom_char('?'), nom_char('+'), nom_char('*')))).parse(rest)?;
    let atom = match quantifier {
        Some('?') => Ast::Optional(Box::new(atom)),
        Some('+') => Ast::OneOrMore(Box::new(atom)),
        Some('*') => Ast::ZeroOrMore(Box::new(atom)),
        _ => atom,
    };
    Ok((
        rest,
        match name {
            Some(name) => Ast::Capture(name.to_string(), Box::new(atom)),
            None => atom,
        },
    ))
}

fn sequence(input: &str) -> Res<'_, Ast> {
    map(
        many1(preceded(multispace0, item)),
        |mut items| if items.len() == 1 { items.remove(0) } else { Ast::Sequence(items) },
    )
    .parse(input)
}

/// A pattern of literal words only, the shape of most phrases: the tree the grammar gives it,
/// read without the grammar (start-up time). `None` for anything else.
fn plain_words(source: &str) -> Option<Ast> {
    const SPACES: [char; 4] = [' ', '\t', '\r', '\n'];
    if !source.chars().all(|c| is_literal_char(c) || SPACES.contains(&c)) {
        return None;
    }
    let mut words: Vec<Ast> =
        source.split(SPACES).filter(|w| !w.is_empty()).map(|w| Ast::Literal(w.to_string())).collect();
    match words.len() {
        0 => None,
        1 => words.pop(),
        _ => Some(Ast::Sequence(words)),
    }
}

/// The deepest groups may nest. The parser and everything that walks the tree recurse once per
/// level: a pattern 2,200 groups deep overflowed the stack and killed the process. No pattern a
/// person writes comes near this.
pub const MAX_NESTING: usize = 32;

/// The offset of the first `(` that nests deeper than `MAX_NESTING`, counting every bracket (a
/// regex's too: a regex nested that deep is no more readable).
fn too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, byte) in source.bytes().enumerate() {
        match byte {
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(offset);
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a pattern string into its syntax tree.
pub fn parse(source: &str, syntax: Syntax) -> Result<Ast, PatternError> {
    if let Some(offset) = too_deep(source) {
        let message = format!("groups nested more than {MAX_NESTING} deep: split the pattern into simpler ones");
        return Err(PatternError { offset, message });
    }
    let parsed = match plain_words(source) {
        Some(ast) => Ok(("", ast)),
        None => all_consuming(terminated(sequence, multispace0)).parse(source),
    };
    let ast = match parsed {
        Ok((_, ast)) => ast,
        Err(error) => {
            let rest = match &error {
                nom::Err::Error(e) | nom::Err::Failure(e) => e.input,
                nom::Err::Incomplete(_) => "",
            };
            let offset = source.len() - rest.len();
            let message = describe_syntax_error(source, offset);
            return Err(PatternError { offset, message });
        }
    };
    let ast = split_literals(ast);
    check(&ast, syntax)?;
    Ok(ast)
}

fn describe_syntax_error(source: &str, offset: usize) -> String {
    let rest = &source[offset..];
    match rest.chars().next() {
        None if source.trim().is_empty() => "empty pattern: it would match everywhere".into(),
        None => "the pattern ends too early: is a `)` or `>` missing?".into(),
        Some(')') => "a `)` with no `(` before it".into(),
        Some('<') => "unknown word class: use <any>, <cap>, <name>, <num> or <gap N..M>".into(),
        Some('/') => "a regex must be closed with `/`".into(),
        Some('(') => "a group must be closed with `)`".into(),
        Some(c) => format!("unexpected `{c}` in pattern"),
    }
}

/// ASCII letters and digits only: the tokenizer sees it as one word, itself.
fn is_plain_word(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A literal such as `U.S.` or `who's talking` becomes the words the tokenizer sees in it.
fn split_literals(ast: Ast) -> Ast {
    match ast {
        // A plain word is one word to the tokenizer: no need to ask it (start-up time).
        Ast::Literal(text) if is_plain_word(&text) => Ast::Literal(text),
        Ast::Literal(text) => {
            let words = tokenize(&text, Span::new(0, text.len()));
            let mut parts: Vec<Ast> = words.iter().map(|w| Ast::Literal(w.span.text(&text).to_string())).collect();
            match parts.len() {
                0 => Ast::Literal(text),
                1 => parts.remove(0),
                _ => Ast::Sequence(parts),
            }
        }
        Ast::Sequence(items) => {
            let mut flat = Vec::new();
            for item in items {
                match split_literals(item) {
                    Ast::Sequence(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            Ast::Sequence(flat)
        }
        Ast::Alternatives(items) => Ast::Alternatives(items.into_iter().map(split_literals).collect()),
        Ast::Optional(inner) => Ast::Optional(Box::new(split_literals(*inner))),
        Ast::OneOrMore(inner) => Ast::OneOrMore(Box::new(split_literals(*inner))),
        Ast::ZeroOrMore(inner) => Ast::ZeroOrMore(Box::new(split_literals(*inner))),
        Ast::Capture(name, inner) => Ast::Capture(name, Box::new(split_literals(*inner))),
        other => other,
    }
}

fn check(ast: &Ast, syntax: Syntax) -> Result<(), PatternError> {
    let error = |message: String| Err(PatternError { offset: 0, message });
    if capture_names(ast).len() > MAX_CAPTURES {
        return error(format!("at most {MAX_CAPTURES} named captures in one pattern"));
    }
    if can_be_empty(ast) {
        return error(
            "this pattern can match no words at all, so it would fire everywhere: make at least one word required"
                .into(),
        );
    }
    let mut problem = None;
    visit(ast, &mut |node| {
        if problem.is_some() {
            return;
        }
        match node {
            Ast::Literal(text) if !is_plain_word(text) && tokenize(text, Span::new(0, text.len())).is_empty() => {
                problem = Some(format!("`{text}` has no letters or digits: patterns match words, not punctuation"))
            }
            Ast::Gap(low, high) if low > high => problem = Some(format!("gap {low}..{high}: the first number must not exceed the second")),
            Ast::Gap(_, high) if *high > MAX_GAP => problem = Some(format!("gap of up to {high} words: at most {MAX_GAP}")),
            // A syntax check here; the regex is built once, when the pattern is compiled.
            Ast::Regex(source) if syntax == Syntax::Pattern => {
                if let Err(e) = regex_syntax::Parser::new().parse(source) {
                    problem = Some(format!("bad regex /{source}/: {}", first_line(&e.to_string())));
                }
            }
            Ast::Any | Ast::Capitalised | Ast::Name | Ast::Number | Ast::Regex(_) | Ast::Gap(..) | Ast::OneOrMore(_) | Ast::ZeroOrMore(_) | Ast::Capture(..)
                if syntax == Syntax::Phrase =>
            {
                problem = Some("`phrases` take words, `( | )` and `?` only: use `patterns` for word classes, regexes, gaps, repeats and captures".into())
            }
            _ => {}
        }
    });
    match problem {
        Some(message) => error(message),
        None => Ok(()),
    }
}

/// A pattern as quoted in an error message: its first 60 characters and `…` when longer (a
/// megabyte pattern was quoted whole, three times, in 3 MB of error).
pub fn excerpt(pattern: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 60;
    match pattern.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &pattern[..cut]).into(),
        None => pattern.into(),
    }
}

/// The last non-blank line of an error (the regex crate's messages end with the reason).
pub fn first_line(text: &str) -> String {
    text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(text).trim().to_string()
}

fn visit(ast: &Ast, f: &mut impl FnMut(&Ast)) {
    f(ast);
    match ast {
        Ast::Sequence(items) | Ast::Alternatives(items) => items.iter().for_each(|i| visit(i, f)),
        Ast::Optional(inner) | Ast::OneOrMore(inner) | Ast::ZeroOrMore(inner) | Ast::Capture(_, inner) => {
            visit(inner, f)
        }
        _ => {}
    }
}

fn can_be_empty(ast: &Ast) -> bool {
    match ast {
        Ast::Sequence(items) => items.iter().all(can_be_empty),
        Ast::Alternatives(items) => items.iter().any(can_be_empty),
        Ast::Optional(_) | Ast::ZeroOrMore(_) => true,
        Ast::Gap(low, _) => *low == 0,
        Ast::OneOrMore(inner) | Ast::Capture(_, inner) => can_be_empty(inner),
        _ => false,
    }
}

/// Size limit of one compiled regex: a huge regex is an error, not a slow run.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A `/regex/` word test's regex. It only ever runs on one word, so it is built without the
/// lazy DFAs and the one-pass DFA the `regex` crate builds for long haystacks: those were most of
/// its cost (callgrind: about 2.5 million instructions for `^\w+-mongers?$` with Unicode case
/// folding, 0.9 million without them), and a word is matched as fast by the backtracker.
pub fn build_word_regex(source: &str, exact_case: bool) -> Result<WordMatcher, Box<regex_automata::meta::BuildError>> {
    use regex_automata::{meta, util::syntax};
    meta::Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(!exact_case))
        .configure(
            meta::Config::new()
                .hybrid(false)
                .onepass(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .dfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(&anchored(source))
        .map_err(Box::new)
}

/// What is wrong with a word regex, in words: the meta engine's own message is only "error
/// building NFA", so the size limit and the syntax error are spelt out.
fn word_regex_error(error: &regex_automata::meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        return format!("the compiled regex exceeds the size limit of {limit} bytes: make it smaller");
    }
    if let Some(syntax) = error.syntax_error() {
        return first_line(&syntax.to_string());
    }
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    first_line(&message)
}

/// A regex source made to match a whole word (or name): `^(?:SOURCE)$`.
fn anchored(source: &str) -> String {
    format!("^(?:{source})$")
}

/// The source `anchored` was given, from the regex it built.
pub(crate) fn unanchored(anchored: &str) -> &str {
    anchored.strip_prefix("^(?:").and_then(|s| s.strip_suffix(")$")).unwrap_or(anchored)
}

/// A word test's compiled regex.
pub type WordMatcher = regex_automata::meta::Regex;

pub fn build_regex(source: &str, exact_case: bool) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&anchored(source))
        .case_insensitive(!exact_case)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// Something the prefilter looks for: a whole word, or a fragment a regex word must contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub text: String,
    pub whole_word: bool,
}

impl Anchor {
    fn word(text: &str) -> Anchor {
        Anchor { text: text.to_string(), whole_word: true }
    }
}

/// The literal fragments one of which every word the regex matches contains (its prefixes, or
/// else its suffixes), when there are few and they are long enough to be rare.
fn regex_fragments(source: &str) -> Option<Vec<Anchor>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new().build().parse(source).ok()?;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut extractor = Extractor::new();
        extractor.kind(kind);
        let literals = extractor.extract(&hir);
        let Some(literals) = literals.literals() else { continue };
        let texts: Vec<String> =
            literals.iter().filter_map(|l| std::str::from_utf8(l.as_bytes()).ok().map(str::to_lowercase)).collect();
        if !texts.is_empty()
            && texts.len() <= 64
            && texts.len() == literals.len()
            && texts.iter().all(|t| t.chars().count() >= 4)
        {
            let mut texts = texts;
            texts.sort();
            texts.dedup();
            return Some(texts.into_iter().map(|text| Anchor { text, whole_word: false }).collect());
        }
    }
    None
}

/// What every match must contain one of: the prefilter looks for it, so a sentence without any
/// of it is never matched. `None` when the pattern has no such anchor.
pub fn required_words(ast: &Ast) -> Option<Vec<Anchor>> {
    match ast {
        Ast::Literal(text) => Some(vec![Anchor::word(text)]),
        Ast::Regex(source) => regex_fragments(source),
        // The rarest anchor: the set that common words weigh on least (`evidence` over `no`).
        Ast::Sequence(items) => items.iter().filter_map(required_words).min_by_key(|set| anchor_cost(set)),
        Ast::Alternatives(items) => {
            let mut all = Vec::new();
            for item in items {
                all.extend(required_words(item)?);
            }
            Some(all)
        }
        Ast::OneOrMore(inner) | Ast::Capture(_, inner) => required_words(inner),
        _ => None,
    }
}

/// The cost of anchoring the prefilter on a set of words, a rough frequency: the commonest words
/// weigh ten thousand rare ones, common ones a thousand.
fn anchor_cost(set: &[Anchor]) -> usize {
    static COMMONEST: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| WordSet::new(COMMONEST_WORDS));
    static COMMON: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| WordSet::new(COMMON_WORDS));
    set.iter()
        .map(|anchor| {
            if COMMONEST.contains(&anchor.text) {
                10_000
            } else if COMMON.contains(&anchor.text) {
                1000
            } else {
                1
            }
        })
        .sum()
}

/// The most words a match of `ast` can span: each word test takes one word.
fn max_width(ast: &Ast) -> Option<usize> {
    match ast {
        Ast::Literal(_) | Ast::Regex(_) | Ast::Any | Ast::Capitalised | Ast::Name | Ast::Number => Some(1),
        Ast::Gap(_, high) => Some(*high),
        Ast::Sequence(items) => items.iter().try_fold(0, |sum, item| Some(sum + max_width(item)?)),
        Ast::Alternatives(items) => items.iter().try_fold(0, |most, item| Some(most.max(max_width(item)?))),
        Ast::Optional(inner) | Ast::Capture(_, inner) => max_width(inner),
        Ast::OneOrMore(_) | Ast::ZeroOrMore(_) => None,
    }
}

/// Names of the captures in a pattern.
pub fn capture_names(ast: &Ast) -> Vec<String> {
    let mut names = Vec::new();
    visit(ast, &mut |node| {
        if let Ast::Capture(name, _) = node {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    });
    names
}

/// A word test. The large tests are boxed: an instruction is then 32 bytes instead of 112 (the
/// search walks instructions, and fewer pages are touched at start-up).
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Test {
    Literal(String),
    /// A literal linked to the rule set's vocabulary.
    Id(u32),
    /// A set linked to the vocabulary.
    Ids(IdSet),
    /// One of many single words: a whole word list costs one lookup.
    Set(Box<WordSet>),
    Any,
    Capitalised,
    Name,
    Number,
    Regex(Box<WordRegex>),
}

/// A `/regex/` word test. Compiling a regex costs far more than parsing the rest of a rule, so
/// a trusted (built-in) rule's regex is compiled at its first use, not at every start-up; a test
/// checks that each of them compiles.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WordRegex {
    source: String,
    exact_case: bool,
    #[serde(skip)]
    compiled: std::sync::OnceLock<Option<WordMatcher>>,
}

impl WordRegex {
    fn is_match(&self, word: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                let built = build_word_regex(&self.source, self.exact_case).ok();
                // Only a trusted (built-in) regex is built here, and a test builds them all.
                debug_assert!(built.is_some(), "the built-in regex /{}/ does not compile", self.source);
                built
            })
            .as_ref()
            .is_some_and(|regex| {
                regex.is_match(word)
                    // A word with hidden or lookalike characters is also tried in its folded form.
                    || crate::words::fold::needs_folding(word) && regex.is_match(&crate::words::fold::fold_keeping_case(word))
            })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Inst {
    Word(Test),
    Split(usize, usize),
    Jump(usize),
    Save(usize),
    Match,
}

/// A compiled pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Program {
    insts: Vec<Inst>,
    /// Capture names; slots 0 and 1 are the whole match.
    pub captures: Vec<String>,
    exact_case: bool,
    /// The words a match can start with, when they are all literal: a search starts a thread
    /// only at such a word.
    first_words: Option<WordSet>,
    /// `first_words` as vocabulary ids, once linked.
    first_ids: Option<IdSet>,
    /// The number of words every match has, when the program has no choice in it (no
    /// alternatives of different shapes, no optional or repeated part): such a program is
    /// matched by testing its words in turn at each possible start, without the VM.
    fixed_width: Option<usize>,
    /// The most words a match can span (`None`: unbounded, with `+` or `*`).
    max_width: Option<usize>,
    /// The word tests every match passes, outside any choice (an alternative, an optional or
    /// repeated part): a window without a word for each is not searched. Most windows around
    /// an anchor fail here, for far less than a search costs.
    required_tests: Vec<usize>,
    /// The program as a bit-parallel position automaton, when it has a choice and at most 64
    /// word tests: it says whether a window holds a match for a fraction of what the VM costs.
    /// Built at the program's first search, not stored: storing every program's cost 0.8
    /// million instructions at each start-up, building the few a short text needs costs almost
    /// nothing.
    #[serde(skip)]
    gate: std::sync::OnceLock<Option<Box<Gate>>>,
}

/// A program as a position automaton (Glushkov's construction): position `p` is its `p`-th
/// word test; a set of positions is a bit mask. Running it over a window says whether any
/// match lies there, without the VM's threads, priorities and captures: most windows around
/// an anchor hold none (96% of about 37,000 per MB of news), and for those the VM cost about
/// 1,000 instructions each (callgrind).
#[derive(Debug, Clone)]
struct Gate {
    /// The instruction of each position's word test.
    tests: Vec<u32>,
    /// The positions a match can start with.
    first: u64,
    /// For each position, the positions that can come after it.
    follow: Vec<u64>,
    /// The positions a match can end with.
    last: u64,
}

/// The words a pattern runs over: one sentence or window.
pub struct Words<'a> {
    pub text: &'a str,
    pub words: &'a [Word],
    /// Vocabulary ids of `words` (empty for a program that is not linked).
    pub ids: &'a [u32],
    /// Where the sentence starts: a `<name>` is not its first word.
    pub start: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub span: Span,
    /// Word-index ranges of named captures, in the order of `Program::captures`.
    pub captures: Vec<Option<Span>>,
}

impl Program {
    pub fn compile(ast: &Ast, exact_case: bool) -> Result<Program, PatternError> {
        let program = Program::compile_trusted(ast, exact_case)?;
        for inst in &program.insts {
            if let Inst::Word(Test::Regex(word_regex)) = inst {
                let regex = build_word_regex(&word_regex.source, exact_case).map_err(|e| PatternError {
                    offset: 0,
                    message: format!("bad regex /{}/: {}", excerpt(&word_regex.source), word_regex_error(&e)),
                })?;
                let _ = word_regex.compiled.set(Some(regex));
            }
        }
        Ok(program)
    }

    /// `compile`, leaving each regex to be compiled at its first use: for a rule known to be
    /// valid.
    pub fn compile_trusted(ast: &Ast, exact_case: bool) -> Result<Program, PatternError> {
        let captures = capture_names(ast);
        let mut program = Program {
            insts: Vec::new(),
            captures,
            exact_case,
            first_words: None,
            first_ids: None,
            fixed_width: None,
            max_width: max_width(ast),
            required_tests: Vec::new(),
            gate: std::sync::OnceLock::new(),
        };
        program.insts.push(Inst::Save(0));
        program.emit(ast, false)?;
        program.insts.push(Inst::Save(1));
        program.insts.push(Inst::Match);
        if !exact_case {
            program.first_words = program.first_literals();
        }
        program.fixed_width = program.straight_width();
        Ok(program)
    }

    /// Whether a window with these word ids holds a word for each required test.
    fn may_match(&self, ids: &[u32]) -> bool {
        self.required_tests.iter().all(|&pc| match &self.insts[pc] {
            Inst::Word(Test::Id(id)) => ids.contains(id),
            Inst::Word(Test::Ids(set)) => ids.iter().any(|&id| set.contains(id)),
            _ => true,
        })
    }

    /// The ids of the single words every match holds (tests of one linked literal outside any
    /// choice).
    pub fn required_words(&self) -> impl Iterator<Item = u32> + '_ {
        self.required_tests.iter().filter_map(|&pc| match self.insts[pc] {
            Inst::Word(Test::Id(id)) => Some(id),
            _ => None,
        })
    }

    /// The most words a match can span, when that is bounded.
    pub fn max_width(&self) -> Option<usize> {
        self.max_width
    }

    /// Replaces word comparisons by id tests, adding the program's words to the vocabulary.
    pub fn link(&mut self, vocabulary: &mut Vocabulary) {
        for inst in &mut self.insts {
            if let Inst::Word(test) = inst {
                match test {
                    Test::Literal(word) if !self.exact_case => *test = Test::Id(vocabulary.intern(word)),
                    Test::Set(set) => *test = Test::Ids(IdSet::new(set.words().iter().map(|w| vocabulary.intern(w)))),
                    _ => {}
                }
            }
        }
        self.first_ids =
            self.first_words.as_ref().map(|set| IdSet::new(set.words().iter().map(|w| vocabulary.intern(w))));
        // Only tests of ids are checked before a search; single words first, the cheaper test.
        let insts = &self.insts;
        self.required_tests.retain(|&pc| matches!(insts[pc], Inst::Word(Test::Id(_) | Test::Ids(_))));
        self.required_tests.sort_by_key(|&pc| matches!(insts[pc], Inst::Word(Test::Ids(_))));
    }

    /// Leaves out of the required tests the one of the anchor (these ids): a window is taken
    /// around an anchor word, so it always holds one.
    pub fn anchored_on(&mut self, anchor_ids: &[u32]) {
        let anchor_set = IdSet::new(anchor_ids.iter().copied());
        let insts = &self.insts;
        self.required_tests.retain(|&pc| match &insts[pc] {
            Inst::Word(Test::Id(id)) => anchor_ids != [*id],
            Inst::Word(Test::Ids(set)) => *set != anchor_set,
            _ => true,
        });
    }

    /// The program's position automaton, when it has at most 64 word tests and a choice (a
    /// program without one is matched word by word at each start, no dearer than the gate).
    fn build_gate(&self) -> Option<Box<Gate>> {
        let tests: Vec<u32> =
            (0..self.insts.len()).filter(|&pc| matches!(self.insts[pc], Inst::Word(_))).map(|pc| pc as u32).collect();
        if tests.len() > 64 || self.fixed_width.is_some() {
            return None;
        }
        let mut position_of = vec![u32::MAX; self.insts.len()];
        for (position, &pc) in tests.iter().enumerate() {
            position_of[pc as usize] = position as u32;
        }
        // The word tests reached from `pc` without reading a word, and whether the end is
        // (`seen` holds the stamp of the closure that last reached an instruction).
        let mut seen = vec![0u32; self.insts.len()];
        let mut stack = Vec::new();
        let mut stamp = 0;
        let mut closure = |pc: usize| -> (u64, bool) {
            stamp += 1;
            let (mut reached, mut ends) = (0u64, false);
            stack.push(pc);
            while let Some(pc) = stack.pop() {
                if pc >= self.insts.len() || std::mem::replace(&mut seen[pc], stamp) == stamp {
                    continue;
                }
                match &self.insts[pc] {
                    Inst::Jump(target) => stack.push(*target),
                    Inst::Split(a, b) => stack.extend([*a, *b]),
                    Inst::Save(_) => stack.push(pc + 1),
                    Inst::Word(_) => reached |= 1 << position_of[pc],
                    Inst::Match => ends = true,
                }
            }
            (reached, ends)
        };
        let (first, _) = closure(0);
        let (mut follow, mut last) = (Vec::with_capacity(tests.len()), 0u64);
        for (position, &pc) in tests.iter().enumerate() {
            let (next, ends) = closure(pc as usize + 1);
            follow.push(next);
            if ends {
                last |= 1 << position;
            }
        }
        Some(Box::new(Gate { tests, first, follow, last }))
    }

    /// Whether the window holds a match, by the position automaton (`true` without one). It
    /// says yes only after a word test passed; the VM skips an empty match, and `check`
    /// rejects a pattern that can match no words, so "a match" means the same to both.
    fn may_match_in(&self, input: &Words) -> bool {
        let Some(gate) = self.gate.get_or_init(|| self.build_gate()) else { return true };
        let mut state = 0u64;
        let mut index = 0;
        while index < input.words.len() {
            if state == 0 {
                // Nothing under way: on to the next word a match can start with.
                index = self.next_start(input, index);
                if index >= input.words.len() {
                    return false;
                }
            }
            let mut candidates = if self.can_start(input, index) { gate.first } else { 0 };
            let mut live = state;
            while live != 0 {
                candidates |= gate.follow[live.trailing_zeros() as usize];
                live &= live - 1;
            }
            let mut next = 0u64;
            while candidates != 0 {
                let position = candidates.trailing_zeros();
                if let Inst::Word(test) = &self.insts[gate.tests[position as usize] as usize] {
                    if self.test(test, input, index) {
                        next |= 1 << position;
                    }
                }
                candidates &= candidates - 1;
            }
            if next & gate.last != 0 {
                return true;
            }
            state = next;
            index += 1;
        }
        false
    }

    /// The number of word tests, when the instructions run straight through (no split or jump).
    fn straight_width(&self) -> Option<usize> {
        let mut width = 0;
        for inst in &self.insts {
            match inst {
                Inst::Word(_) => width += 1,
                Inst::Save(_) | Inst::Match => {}
                Inst::Split(..) | Inst::Jump(_) => return None,
            }
        }
        (width > 0).then_some(width)
    }

    /// The literal words the instructions reachable from the start test, or `None` when one of
    /// them is a class, a regex or the end.
    fn first_literals(&self) -> Option<WordSet> {
        let mut words: Vec<String> = Vec::new();
        let mut stack = vec![0];
        let mut seen = vec![false; self.insts.len()];
        while let Some(pc) = stack.pop() {
            if std::mem::replace(&mut seen[pc], true) {
                continue;
            }
            match &self.insts[pc] {
                Inst::Jump(target) => stack.push(*target),
                Inst::Split(a, b) => stack.extend([*a, *b]),
                Inst::Save(_) => stack.push(pc + 1),
                Inst::Word(Test::Literal(word)) => words.push(word.clone()),
                Inst::Word(Test::Set(set)) => words.extend(set.words().iter().cloned()),
                Inst::Word(_) | Inst::Match => return None,
            }
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        Some(WordSet::new(&refs))
    }

    /// Emits the instructions of `ast`; `in_choice`: inside an alternative, an optional or a
    /// repeated part, where a match need not pass a word test.
    fn emit(&mut self, ast: &Ast, in_choice: bool) -> Result<(), PatternError> {
        match ast {
            Ast::Literal(text) => {
                // An exact-case literal is folded as a text's word is (accents off), its case kept.
                let literal = match (self.exact_case, text.is_ascii()) {
                    (true, true) => text.clone(),
                    (true, false) => crate::words::fold::fold_keeping_case(text),
                    (false, _) => normalise_literal(text),
                };
                if !in_choice {
                    self.required_tests.push(self.insts.len());
                }
                self.insts.push(Inst::Word(Test::Literal(literal)));
            }
            Ast::Any => self.insts.push(Inst::Word(Test::Any)),
            Ast::Capitalised => self.insts.push(Inst::Word(Test::Capitalised)),
            Ast::Name => self.insts.push(Inst::Word(Test::Name)),
            Ast::Number => self.insts.push(Inst::Word(Test::Number)),
            Ast::Regex(source) => {
                let exact_case = self.exact_case;
                let compiled = std::sync::OnceLock::new();
                let regex = WordRegex { source: source.clone(), exact_case, compiled };
                self.insts.push(Inst::Word(Test::Regex(Box::new(regex))));
            }
            Ast::Gap(low, high) => {
                for _ in 0..*low {
                    self.insts.push(Inst::Word(Test::Any));
                }
                for _ in *low..*high {
                    self.emit(&Ast::Optional(Box::new(Ast::Any)), in_choice)?;
                }
            }
            Ast::Sequence(items) => {
                for item in items {
                    self.emit(item, in_choice)?;
                }
            }
            Ast::Alternatives(items) => {
                // Single-word alternatives become one set test, where the first of them stood
                // (`None` among the branches).
                let single = |item: &Ast| matches!(item, Ast::Literal(_));
                let group = !self.exact_case && items.iter().filter(|i| single(i)).count() >= 2;
                let mut branches: Vec<Option<&Ast>> = Vec::with_capacity(items.len());
                let mut words: Vec<&str> = Vec::new();
                for item in items {
                    match item {
                        Ast::Literal(word) if group => {
                            if words.is_empty() {
                                branches.push(None);
                            }
                            words.push(word);
                        }
                        other => branches.push(Some(other)),
                    }
                }
                let mut set = group.then(|| WordSet::new(&words));
                // With one branch (a group of single words), a match passes its test.
                let in_choice = in_choice || branches.len() > 1;
                let mut emit_branch = |program: &mut Program, branch: Option<&Ast>| match branch {
                    Some(ast) => program.emit(ast, in_choice),
                    None => {
                        let set = set.take().unwrap_or_else(|| WordSet::new(&[]));
                        if !in_choice {
                            program.required_tests.push(program.insts.len());
                        }
                        program.insts.push(Inst::Word(Test::Set(Box::new(set))));
                        Ok(())
                    }
                };
                let mut jumps = Vec::new();
                for (index, &branch) in branches.iter().enumerate() {
                    if index + 1 < branches.len() {
                        let split = self.insts.len();
                        self.insts.push(Inst::Split(split + 1, 0));
                        emit_branch(self, branch)?;
                        jumps.push(self.insts.len());
                        self.insts.push(Inst::Jump(0));
                        let next = self.insts.len();
                        self.insts[split] = Inst::Split(split + 1, next);
                    } else {
                        emit_branch(self, branch)?;
                    }
                }
                let end = self.insts.len();
                for jump in jumps {
                    self.insts[jump] = Inst::Jump(end);
                }
            }
            Ast::Optional(inner) => {
                let split = self.insts.len();
                self.insts.push(Inst::Split(split + 1, 0));
                self.emit(inner, true)?;
                let end = self.insts.len();
                self.insts[split] = Inst::Split(split + 1, end);
            }
            Ast::ZeroOrMore(inner) => {
                let split = self.insts.len();
                self.insts.push(Inst::Split(split + 1, 0));
                self.emit(inner, true)?;
                self.insts.push(Inst::Jump(split));
                let end = self.insts.len();
                self.insts[split] = Inst::Split(split + 1, end);
            }
            Ast::OneOrMore(inner) => {
                let start = self.insts.len();
                // Its first pass is not optional.
                self.emit(inner, in_choice)?;
                self.insts.push(Inst::Split(start, self.insts.len() + 1));
            }
            Ast::Capture(name, inner) => {
                let slot = 2 + 2 * self.captures.iter().position(|n| n == name).unwrap_or(0);
                self.insts.push(Inst::Save(slot));
                self.emit(inner, in_choice)?;
                self.insts.push(Inst::Save(slot + 1));
            }
        }
        Ok(())
    }

    fn test(&self, test: &Test, input: &Words, index: usize) -> bool {
        let word = &input.words[index];
        match test {
            // A literal the vocabulary could not hold matches nothing, not every unknown word.
            Test::Id(id) => *id != super::vocab::UNKNOWN && input.ids.get(index).is_some_and(|i| i == id),
            Test::Ids(set) => input.ids.get(index).is_some_and(|&i| set.contains(i)),
            Test::Literal(literal) => {
                let word_text = word.span.text(input.text);
                if self.exact_case {
                    let word_text = if crate::words::fold::needs_folding(word_text) {
                        crate::words::fold::fold_keeping_case(word_text)
                    } else {
                        word_text.replace('’', "'")
                    };
                    word_text == *literal
                } else {
                    word_matches_literal(word_text, literal)
                }
            }
            Test::Set(set) => set.contains(word.span.text(input.text)),
            Test::Any => true,
            Test::Capitalised => word.capitalised,
            Test::Name => word.capitalised && !word.number && word.span.start > input.start,
            Test::Number => word.number,
            Test::Regex(regex) => regex.is_match(word.span.text(input.text)),
        }
    }

    /// Whether a match can start at word `position`.
    fn can_start(&self, input: &Words, position: usize) -> bool {
        match (&self.first_ids, input.ids.get(position)) {
            (Some(set), Some(&id)) => set.contains(id),
            _ => self.first_words.as_ref().is_none_or(|set| set.contains(input.words[position].span.text(input.text))),
        }
    }

    /// The first word at or after `position` where a match can start (or the end).
    fn next_start(&self, input: &Words, mut position: usize) -> usize {
        let end = input.words.len();
        if let (Some(set), true) = (&self.first_ids, input.ids.len() == end) {
            // The common case, as a tight loop of bit tests.
            while position < end && !set.contains(input.ids[position]) {
                position += 1;
            }
            return position;
        }
        while position < end && !self.can_start(input, position) {
            position += 1;
        }
        position
    }

    /// All leftmost, non-overlapping matches in `words` (the words of one sentence or window,
    /// starting at byte `sentence_start`).
    pub fn find_all(&self, input: &Words) -> Vec<Match> {
        let mut out = Vec::new();
        self.find_all_into(input, &mut out);
        out
    }

    /// `find_all`, appending to `out`.
    pub fn find_all_into(&self, input: &Words, out: &mut Vec<Match>) {
        // Ids are given for the words of a linked program's input, or for none of them.
        if input.ids.len() == input.words.len() && !self.may_match(input.ids) {
            return;
        }
        if !self.may_match_in(input) {
            return;
        }
        match self.fixed_width {
            Some(width) => self.find_all_straight(input, width, out),
            None => self.find_all_vm(input, out),
        }
    }

    /// `find_all` for a program without choices: with one way to match at each start, the
    /// leftmost match is the first start where every word passes its test.
    fn find_all_straight(&self, input: &Words, width: usize, out: &mut Vec<Match>) {
        let words = input.words;
        let mut start = self.next_start(input, 0);
        while start + width <= words.len() {
            let mut saves = [NONE; SLOTS];
            let mut position = start;
            let mut passed = true;
            for inst in &self.insts {
                match inst {
                    Inst::Word(test) => {
                        if !self.test(test, input, position) {
                            passed = false;
                            break;
                        }
                        position += 1;
                    }
                    Inst::Save(index) => {
                        if let Some(s) = saves.get_mut(*index) {
                            *s = position as u32;
                        }
                    }
                    Inst::Match | Inst::Split(..) | Inst::Jump(_) => {}
                }
            }
            if passed {
                out.push(self.match_of(input, &saves, start, position));
                start = self.next_start(input, position);
            } else {
                start = self.next_start(input, start + 1);
            }
        }
    }

    fn match_of(&self, input: &Words, saves: &Saves, begin: usize, end: usize) -> Match {
        let words = input.words;
        let span = Span::new(words[begin].span.start, words[end - 1].span.end);
        let captures = (0..self.captures.len())
            .map(|c| match (slot(saves[2 + 2 * c]), slot(saves[3 + 2 * c])) {
                (Some(a), Some(b)) if b > a => Some(Span::new(words[a].span.start, words[b - 1].span.end)),
                _ => None,
            })
            .collect();
        Match { span, captures }
    }

    /// `find_all` by the Pike VM.
    fn find_all_vm(&self, input: &Words, out: &mut Vec<Match>) {
        let words = input.words;
        let mut start = self.next_start(input, 0);
        if start >= words.len() {
            return;
        }
        SCRATCH.with(|scratch| {
            let mut vm = scratch.take();
            vm.prepare(self.insts.len());
            while start < words.len() {
                let Some((saves, end_index)) = self.find_from(&mut vm, input, start) else { break };
                let begin = slot(saves[0]).unwrap_or(start);
                let end = slot(saves[1]).unwrap_or(end_index);
                if end <= begin {
                    start = self.next_start(input, begin + 1);
                    continue;
                }
                out.push(self.match_of(input, &saves, begin, end));
                start = self.next_start(input, end);
            }
            scratch.set(vm);
        });
    }

    /// Pike VM: threads in priority order, a new thread started at each word until a match.
    fn find_from(&self, vm: &mut Vm, input: &Words, from: usize) -> Option<(Saves, usize)> {
        let words = input.words;
        vm.current.clear();
        vm.next.clear();
        let mut matched: Option<(Saves, usize)> = None;
        let mut position = from;
        // The stamp of the threads at word `p` is `base + p`, whether started or moved on there.
        let base = vm.begin_search(words.len() + 1);
        loop {
            let stamp = base + position as u32;
            if matched.is_none() && position < words.len() && self.can_start(input, position) {
                let mut current = std::mem::take(&mut vm.current);
                self.add_thread(&mut current, &mut vm.seen, stamp, position, 0, [NONE; SLOTS]);
                vm.current = current;
            }
            if vm.current.is_empty() {
                if matched.is_some() || position >= words.len() {
                    break;
                }
                // No thread alive: jump to the next word a match can start at.
                position = self.next_start(input, position + 1);
                continue;
            }
            let next_stamp = stamp + 1;
            let current = std::mem::take(&mut vm.current);
            let mut next = std::mem::take(&mut vm.next);
            for &(pc, saves) in &current {
                match &self.insts[pc as usize] {
                    Inst::Match => {
                        matched = Some((saves, position));
                        // Lower-priority threads are cut.
                        break;
                    }
                    Inst::Word(test) if position < words.len() && self.test(test, input, position) => {
                        self.add_thread(&mut next, &mut vm.seen, next_stamp, position + 1, pc as usize + 1, saves);
                    }
                    _ => {}
                }
            }
            vm.current = next;
            vm.next = current;
            vm.next.clear();
            if position >= words.len() {
                break;
            }
            position += 1;
        }
        matched
    }

    fn add_thread(
        &self,
        list: &mut Vec<(u32, Saves)>,
        seen: &mut [u32],
        stamp: u32,
        position: usize,
        pc: usize,
        mut saves: Saves,
    ) {
        if seen[pc] == stamp {
            return;
        }
        seen[pc] = stamp;
        match &self.insts[pc] {
            Inst::Jump(target) => self.add_thread(list, seen, stamp, position, *target, saves),
            Inst::Split(a, b) => {
                self.add_thread(list, seen, stamp, position, *a, saves);
                self.add_thread(list, seen, stamp, position, *b, saves);
            }
            Inst::Save(index) => {
                if let Some(s) = saves.get_mut(*index) {
                    *s = position as u32;
                }
                self.add_thread(list, seen, stamp, position, pc + 1, saves);
            }
            Inst::Word(_) | Inst::Match => list.push((pc as u32, saves)),
        }
    }
}

thread_local! {
    /// One VM's working memory per thread, reused by every search: a search allocates nothing.
    static SCRATCH: std::cell::Cell<Vm> = const { std::cell::Cell::new(Vm::empty()) };
}

/// Capture slots of a thread: the whole match and at most three named captures, inline so that
/// a thread costs no allocation.
const SLOTS: usize = 8;
/// The most named captures a pattern may have.
pub const MAX_CAPTURES: usize = (SLOTS - 2) / 2;
const NONE: u32 = u32::MAX;
type Saves = [u32; SLOTS];

fn slot(value: u32) -> Option<usize> {
    (value != NONE).then_some(value as usize)
}

/// The VM's working memory. `seen[pc]` holds the stamp of the step that last added a thread at
/// `pc`: a new step takes a new stamp instead of clearing the array.
#[derive(Default)]
struct Vm {
    current: Vec<(u32, Saves)>,
    next: Vec<(u32, Saves)>,
    seen: Vec<u32>,
    stamp: u32,
}

impl Vm {
    const fn empty() -> Vm {
        Vm { current: Vec::new(), next: Vec::new(), seen: Vec::new(), stamp: 0 }
    }

    fn prepare(&mut self, instructions: usize) {
        if self.seen.len() < instructions {
            self.seen.resize(instructions, 0);
        }
    }

    /// Reserves `positions + 1` fresh stamps, all above any stamp in `seen`, and returns the first.
    fn begin_search(&mut self, positions: usize) -> u32 {
        let needed = u32::try_from(positions + 1).unwrap_or(u32::MAX);
        if self.stamp.checked_add(needed).is_none_or(|end| end == u32::MAX) {
            // After four billion steps: start the stamps again from a clean array.
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 0;
        }
        let base = self.stamp + 1;
        self.stamp = self.stamp.saturating_add(needed);
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> Vec<String> {
        let ast = parse(pattern, Syntax::Pattern).unwrap();
        let program = Program::compile(&ast, false).unwrap();
        let words = tokenize(text, Span::new(0, text.len()));
        program
            .find_all(&Words { text, words: &words, ids: &[], start: 0 })
            .iter()
            .map(|m| m.span.text(text).to_string())
            .collect()
    }

    #[test]
    fn words_alternatives_and_optional() {
        let p = "no (corroborating | credible)? evidence";
        assert_eq!(matches(p, "There is no evidence."), vec!["no evidence"]);
        assert_eq!(
            matches(p, "No credible evidence, no corroborating evidence"),
            vec!["No credible evidence", "no corroborating evidence"]
        );
        assert!(matches(p, "no real evidence").is_empty());
    }

    #[test]
    fn whole_words_only() {
        assert!(matches("regime", "a strict regimen").is_empty());
        assert_eq!(matches("look who's talking", "Look who’s talking!"), vec!["Look who’s talking"]);
    }

    #[test]
    fn classes_gaps_regex_and_captures() {
        assert_eq!(matches("<num> percent", "up 40 percent"), vec!["40 percent"]);
        assert_eq!(
            matches("experts <gap 0..2> (say|argue)", "experts in Moscow argue"),
            vec!["experts in Moscow argue"]
        );
        assert_eq!(matches("/deni(es|ed)/ it", "He denied it"), vec!["denied it"]);
        let ast = parse("speaker:<cap>+ said", Syntax::Pattern).unwrap();
        let program = Program::compile(&ast, false).unwrap();
        let text = "then Dmitry Peskov said";
        let words = tokenize(text, Span::new(0, text.len()));
        let found = program.find_all(&Words { text, words: &words, ids: &[], start: 0 });
        assert_eq!(found[0].captures[0].unwrap().text(text), "Dmitry Peskov");
    }

    #[test]
    fn greedy_repetition_prefers_longer() {
        assert_eq!(matches("very+ bad", "very very bad"), vec!["very very bad"]);
        assert_eq!(matches("bad <any>?", "bad idea"), vec!["bad idea"]);
    }

    #[test]
    fn every_built_in_regex_compiles_though_it_is_compiled_at_first_use() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules compile");
        let mut regexes = 0;
        for program in rules.rules.iter().flat_map(|r| r.programs()) {
            for inst in &program.insts {
                if let Inst::Word(Test::Regex(word_regex)) = inst {
                    assert!(word_regex.compiled.get().is_none(), "left for its first use");
                    word_regex.is_match("x");
                    assert!(matches!(word_regex.compiled.get(), Some(Some(_))), "/{}/ compiles", word_regex.source);
                    regexes += 1;
                }
            }
        }
        assert!(regexes >= 5, "{regexes}");
    }

    /// The search walks instructions and every rule's are built at start-up: they stay small.
    #[test]
    fn an_instruction_is_32_bytes_at_most() {
        assert!(std::mem::size_of::<Inst>() <= 32, "{} bytes", std::mem::size_of::<Inst>());
    }

    #[test]
    fn a_rule_file_regex_is_compiled_at_once_and_a_bad_one_is_an_error() {
        let good = Program::compile(&parse("/deni(es|ed)/ it", Syntax::Pattern).unwrap(), false).unwrap();
        assert!(good.insts.iter().any(|i| matches!(i, Inst::Word(Test::Regex(r)) if r.compiled.get().is_some())));
        let huge = format!("/{}/", "\\w{100}".repeat(50));
        let error = Program::compile(&parse(&huge, Syntax::Pattern).unwrap(), false).unwrap_err();
        assert!(error.message.starts_with("bad regex"), "{}", error.message);
        assert!(error.message.contains("size limit"), "{}", error.message);
        assert!(Program::compile_trusted(&parse(&huge, Syntax::Pattern).unwrap(), false).is_ok());
    }

    #[test]
    fn a_program_without_choices_finds_what_the_vm_finds() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules compile");
        let straight: Vec<&Program> =
            rules.rules.iter().flat_map(|r| r.programs()).filter(|p| p.fixed_width.is_some()).collect();
        assert!(straight.len() > 50, "most phrase rules have no choice: {}", straight.len());
        let mut texts = crate::test_support::fixture_articles();
        // Words that repeat: a failed start must not hide a match that starts inside it.
        texts.push("no no evidence evidence. there is there is no no evidence at all all.".into());
        let mut found = 0;
        for text in &texts {
            let words = tokenize(text, Span::new(0, text.len()));
            let mut ids = Vec::new();
            rules.vocabulary.ids_of(text, &words, &mut ids);
            let input = Words { text, words: &words, ids: &ids, start: 0 };
            for program in &straight {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                program.find_all_into(&input, &mut fast);
                program.find_all_vm(&input, &mut slow);
                assert_eq!(fast, slow);
                found += fast.len();
            }
        }
        assert!(found > 20, "the comparison saw matches: {found}");
    }

    /// The words around an anchor are searched only when they hold one of each required set:
    /// that finds what the search finds without the check, for every built-in pattern.
    #[test]
    fn a_window_without_the_required_words_holds_no_match() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules compile");
        let programs: Vec<&Program> = rules.rules.iter().flat_map(|r| r.programs()).collect();
        assert!(programs.iter().filter(|p| p.required_tests.len() > 1).count() > 200);
        let mut texts = crate::test_support::fixture_articles();
        // Optional words left out, repeated and alternative words: none of them is required.
        texts.push("We are told there is no evidence. Experts said so. Many experts have long said it.".into());
        let (mut found, mut skipped) = (0, 0);
        for text in &texts {
            let words = tokenize(text, Span::new(0, text.len()));
            let mut ids = Vec::new();
            rules.vocabulary.ids_of(text, &words, &mut ids);
            for sentence in words.chunks(12) {
                let start = sentence[0].span.start;
                let offset = sentence.as_ptr() as usize - words.as_ptr() as usize;
                let first = offset / std::mem::size_of::<Word>();
                let input = Words { text, words: sentence, ids: &ids[first..first + sentence.len()], start };
                for program in &programs {
                    let mut unchecked = (*program).clone();
                    unchecked.required_tests.clear();
                    let (mut checked_matches, mut all_matches) = (Vec::new(), Vec::new());
                    program.find_all_into(&input, &mut checked_matches);
                    unchecked.find_all_into(&input, &mut all_matches);
                    assert_eq!(checked_matches, all_matches, "{:?}", program.insts);
                    found += all_matches.len();
                    skipped += usize::from(!program.may_match(input.ids));
                }
            }
        }
        assert!(found > 50 && skipped > 10_000, "found {found}, skipped {skipped}");
    }

    /// The position automaton says a window holds a match exactly when the VM finds one, for
    /// every built-in pattern it is built for.
    #[test]
    fn the_gate_finds_a_match_where_the_vm_finds_one() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules compile");
        let programs: Vec<&Program> = rules.rules.iter().flat_map(|r| r.programs()).collect();
        let gated: Vec<&&Program> = programs.iter().filter(|p| p.build_gate().is_some()).collect();
        assert!(gated.len() > 200, "{} of {} programs", gated.len(), programs.len());
        let mut texts = crate::test_support::fixture_articles();
        // Repeats, optional and alternative words, names after the first word.
        texts.push(
            "Very very bad. Experts say, experts in Moscow argue. Thousands of people are joining. The odd one out."
                .into(),
        );
        let (mut with_match, mut without) = (0, 0);
        for text in &texts {
            let words = tokenize(text, Span::new(0, text.len()));
            let mut ids = Vec::new();
            rules.vocabulary.ids_of(text, &words, &mut ids);
            for (chunk, sentence) in words.chunks(12).enumerate() {
                let first = chunk * 12;
                let start = sentence[0].span.start.saturating_sub(1);
                let input = Words { text, words: sentence, ids: &ids[first..first + sentence.len()], start };
                for program in &gated {
                    let mut found = Vec::new();
                    program.find_all_vm(&input, &mut found);
                    assert_eq!(program.may_match_in(&input), !found.is_empty(), "{:?}", program.insts);
                    if found.is_empty() {
                        without += 1;
                    } else {
                        with_match += 1;
                    }
                }
            }
        }
        assert!(with_match > 30 && without > 10_000, "{with_match} windows with a match, {without} without");
    }

    #[test]
    fn a_program_of_64_word_tests_has_a_gate_and_one_of_65_has_none() {
        // `x`, a choice of two tests, then `<any>`s: as many tests as `tests`, one word fewer.
        let program = |tests: usize| {
            let source = format!("x (a | <cap>) {}", vec!["<any>"; tests - 3].join(" "));
            Program::compile(&parse(&source, Syntax::Pattern).unwrap(), false).unwrap()
        };
        let gated = program(64);
        let gate = gated.build_gate().expect("64 word tests fit in a u64");
        assert_eq!(gate.last, 1 << 63, "the last test ends a match");
        for (words, expected) in [(62, false), (63, true), (64, true)] {
            let text = format!("x a{}", " w".repeat(words - 2));
            let tokens = tokenize(&text, Span::new(0, text.len()));
            let input = Words { text: &text, words: &tokens, ids: &[], start: 0 };
            assert_eq!(gated.may_match_in(&input), expected, "{words} words");
            assert_eq!(!gated.find_all(&input).is_empty(), expected, "{words} words");
        }
        assert!(program(65).build_gate().is_none());
    }

    #[test]
    fn groups_nested_too_deep_are_an_error_not_a_stack_overflow() {
        let nested = |depth: usize| format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        assert!(parse(&nested(MAX_NESTING), Syntax::Pattern).is_ok());
        for depth in [MAX_NESTING + 1, 2_200, 100_000] {
            let error = parse(&nested(depth), Syntax::Pattern).unwrap_err();
            assert_eq!(error.offset, MAX_NESTING, "{depth}");
            assert!(error.message.contains("nested"), "{}", error.message);
        }
        // Closed groups do not add up: only the depth counts.
        assert!(parse(&"(a) ".repeat(1_000), Syntax::Pattern).is_ok());
    }

    #[test]
    fn errors() {
        assert!(parse("(a | b", Syntax::Pattern).is_err());
        assert!(parse("<foo>", Syntax::Pattern).is_err());
        assert!(parse("a?", Syntax::Pattern).is_err());
        assert!(parse("<any> /(/", Syntax::Pattern).is_err());
        assert!(parse("<cap> said", Syntax::Phrase).is_err());
        assert!(parse("<gap 0..500> x", Syntax::Pattern).is_err());
    }

    #[test]
    fn a_word_list_reads_as_the_general_grammar_reads_it() {
        for source in ["(a | b|c) rest", "( one )", "(a | b)? x", "(\ta |\n b )", "(don't | well-known)"] {
            let fast = word_list(source).map_err(|e| e.to_string());
            assert!(fast.is_ok(), "{source}");
            assert_eq!(fast, group(source).map_err(|e| e.to_string()), "{source}");
        }
        // Anything but single words is left to the general grammar.
        for source in ["(a | b c)", "(a | (b | c))", "(a | <any>)", "(a |)", "(a | b?)", "(x:a | b)", "(a | b"] {
            assert!(word_list(source).is_err(), "{source}");
        }
    }

    #[test]
    fn plain_words_read_as_the_general_grammar_reads_them() {
        let general = |source: &str| all_consuming(terminated(sequence, multispace0)).parse(source).ok().map(|r| r.1);
        let mut sources: Vec<String> = ["no evidence", " one ", "U.S. officials", "who's\ttalking\n", "a-b c'd", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rules_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for entry in std::fs::read_dir(rules_dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // Every quoted string of the rule files: phrases, patterns and other values alike.
            sources.extend(text.split('"').skip(1).step_by(2).map(str::to_string));
        }
        let mut plain = 0;
        for source in &sources {
            if let Some(fast) = plain_words(source) {
                assert_eq!(Some(fast), general(source), "{source:?}");
                plain += 1;
            }
        }
        assert!(plain > 500, "{plain}");
        for source in ["", "  ", "a\u{a0}b", "(a | b)", "a?", "x:a", "<any>", "/re/"] {
            assert_eq!(plain_words(source), None, "{source:?}");
        }
    }

    #[test]
    fn required_words_for_the_prefilter() {
        let ast = parse("no (corroborating | credible)? evidence", Syntax::Phrase).unwrap();
        let texts = |ast: &Ast| required_words(ast).map(|set| set.into_iter().map(|a| a.text).collect::<Vec<_>>());
        assert_eq!(texts(&ast), Some(vec!["evidence".to_string()]));
        let ast = parse("(what | how) about", Syntax::Phrase).unwrap();
        assert_eq!(texts(&ast), Some(vec!["about".to_string()]));
        let ast = parse("(falsely | wrongly) accused", Syntax::Phrase).unwrap();
        assert_eq!(texts(&ast), Some(vec!["accused".to_string()]));
        let ast = parse("/^\\w+-(mongers|monger)$/", Syntax::Pattern).unwrap();
        let fragments = required_words(&ast).unwrap();
        assert!(fragments.iter().all(|a| !a.whole_word && a.text.starts_with("-monger")), "{fragments:?}");
        assert_eq!(texts(&parse("<cap> <num>", Syntax::Pattern).unwrap()), None);
    }
}
