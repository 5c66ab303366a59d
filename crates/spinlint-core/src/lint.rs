//! The linter: runs a rule set over a parsed document and returns findings.
//!
//! Each word's vocabulary id says which patterns it anchors (a word every match of the pattern
//! holds; an Aho-Corasick pass finds the fragments that regex words need): only those
//! (sentence, pattern) pairs are matched, and only in the words around the anchors. Quote checks
//! walk the parser's quotations; density rules count the findings at the end.

use crate::document::attribution::{is_speech_verb_word, is_vague_noun};
use crate::document::{Document, Place, SkipKind};
use crate::finding::{Finding, Label, Severity};
use crate::lexicon::{speech_verbs, ACCUSING, LABELLING_VERBS, NEGATIONS, SOURCES};
use crate::rules::kind::Value;
use crate::rules::pattern::{Match, Words};
use crate::rules::schema::Detector;
use crate::rules::vocab::UNKNOWN;
use crate::rules::{Condition, ConditionTest, Rule, RuleKind, RuleSet, Window};
use crate::span::Span;
use crate::words::{tokenize, word_matches_literal, Word, WordSet};
use std::borrow::Cow;
// The linter's maps are keyed by small integers and spans, looked up for every match: a fast
// non-cryptographic hash (no untrusted keys here to defend against).
use rustc_hash::FxHashMap as HashMap;

/// Which rules run, and at what severity: the built-in defaults, changed by configuration.
#[derive(Debug, Clone)]
pub struct Selection {
    pub enabled: Vec<bool>,
    /// Replaces a rule's severity in the author's prose.
    pub severity: Vec<Option<Severity>>,
}

impl Selection {
    pub fn defaults(rules: &RuleSet) -> Selection {
        Selection { enabled: rules.rules.iter().map(|r| r.enabled).collect(), severity: vec![None; rules.rules.len()] }
    }

    /// Only the rule with this index, enabled whatever its default.
    pub fn only(rules: &RuleSet, index: usize) -> Selection {
        let mut selection =
            Selection { enabled: vec![false; rules.rules.len()], severity: vec![None; rules.rules.len()] };
        selection.enabled[index] = true;
        selection
    }
}

pub fn lint(doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    lint_with(doc, rules, &Selection::defaults(rules))
}

struct Context<'d, 'r> {
    doc: &'d Document<'d>,
    rules: &'r RuleSet,
    selection: &'r Selection,
    /// What a condition found in a window, by (rule, condition, window): the matches in one
    /// sentence are tested against the same window, and re-reading a long sentence for each
    /// of its matches would be quadratic.
    conditions: HashMap<EvidenceKey, Evidence>,
    /// The quotations with a named speaker, by start, and the furthest end reached up to each.
    named_quotes: Vec<(usize, usize)>,
    /// Indirect speech found in a sentence, once asked for.
    reported: HashMap<usize, Option<crate::document::Quotation>>,
    /// The vocabulary id of each of the document's words.
    ids: std::rc::Rc<[u32]>,
}

/// A detector finds the same in a window whichever rule asks; a rule's own patterns are its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EvidenceKey {
    Detector(Detector, Span),
    Patterns { rule: usize, condition: usize, window: Span },
}

/// What a condition test found in its window, before it is checked against one match.
enum Evidence {
    Holds(bool),
    /// Pattern matches: the condition holds when one is not the finding's own match.
    Matches(Vec<Span>),
    /// Quotations inside the window: the condition holds when one does not contain the match.
    Quotations(Vec<Span>),
}

impl Evidence {
    fn holds_for(&self, matched: Span) -> bool {
        match self {
            Evidence::Holds(holds) => *holds,
            Evidence::Matches(spans) => spans.iter().any(|m| !m.overlaps(matched) || *m != matched),
            Evidence::Quotations(spans) => spans.iter().any(|q| !q.contains(matched)),
        }
    }
}

pub fn lint_with(doc: &Document, rules: &RuleSet, selection: &Selection) -> Vec<Finding> {
    let mut named_quotes: Vec<(usize, usize)> = Vec::new();
    for quote in doc.quotations.iter().filter(|q| q.speaker.as_ref().is_some_and(|s| !s.vague)) {
        let reach = named_quotes.last().map_or(quote.span.end, |&(_, reach)| reach.max(quote.span.end));
        named_quotes.push((quote.span.start, reach));
    }
    let mut ids = Vec::new();
    rules.vocabulary.ids_of(doc.text, &doc.words, &mut ids);
    let ids = ids.into();
    let mut context = Context {
        doc,
        rules,
        selection,
        conditions: HashMap::default(),
        named_quotes,
        reported: HashMap::default(),
        ids,
    };
    let mut findings = Vec::new();
    context.match_rules(&mut findings);
    context.document_kinds(&mut findings, false);
    let mut kept = merge_overlaps(findings);
    // Kinds that read findings (density) count what is reported, after the merge.
    let before = kept.len();
    if !kept.is_empty() && context.reads_findings() {
        context.document_kinds(&mut kept, true);
    }
    if kept.len() > before {
        sort_findings(&mut kept);
    }
    kept
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
}

/// Sorts the findings and keeps one of each rule where its matches overlap: the longest.
fn merge_overlaps(mut findings: Vec<Finding>) -> Vec<Finding> {
    sort_findings(&mut findings);
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut last_of_rule: HashMap<std::sync::Arc<str>, usize> = HashMap::default();
    for finding in findings {
        if let Some(&index) = last_of_rule.get(&finding.rule) {
            if kept[index].span.overlaps(finding.span) {
                if finding.span.len() > kept[index].span.len() {
                    kept[index] = finding;
                }
                continue;
            }
        }
        last_of_rule.insert(finding.rule.clone(), kept.len());
        kept.push(finding);
    }
    kept
}

impl<'d> Context<'d, '_> {
    fn match_rules(&mut self, findings: &mut Vec<Finding>) {
        let doc = self.doc;
        let text = doc.text;
        let rules = self.rules;
        let enabled = &self.selection.enabled;
        // Sentences that hold a fragment anchor (a piece of a regex word), by sentence.
        let fragment_hits = self.fragment_candidates();
        let mut fragment_hits = fragment_hits.iter().peekable();
        let unanchored: Vec<(u32, u32)> =
            rules.unanchored.iter().copied().filter(|&(rule, _)| enabled[rule as usize]).collect();
        // (rule, pattern, first, last): the words of the sentence where an anchor of the pattern
        // lies; a pattern without word anchors here spans the whole sentence.
        let mut candidates: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut found = Vec::new();
        let all_ids = std::rc::Rc::clone(&self.ids);
        let mut cursor = 0;
        for (sentence, sentence_span) in doc.sentences.iter().map(|s| s.span).enumerate() {
            let range = doc.next_word_range(sentence_span, &mut cursor);
            let (words, ids) = words_and_ids(doc, rules, &all_ids, sentence_span, range);
            let last_word = words.len().saturating_sub(1) as u32;
            candidates.clear();
            for (position, &id) in ids.iter().enumerate() {
                if let Some(targets) = rules.word_anchor_targets.get(id as usize) {
                    let position = position as u32;
                    candidates.extend(
                        targets
                            .iter()
                            .filter(|&&(rule, _)| enabled[rule as usize])
                            .map(|&(rule, pattern)| (rule, pattern, position, position)),
                    );
                }
            }
            while let Some(&(_, rule, pattern)) = fragment_hits.next_if(|&&(s, _, _)| s as usize == sentence) {
                candidates.push((rule, pattern, 0, last_word));
            }
            candidates.extend(unanchored.iter().map(|&(rule, pattern)| (rule, pattern, 0, last_word)));
            if candidates.is_empty() {
                continue;
            }
            candidates.sort_unstable();
            candidates.dedup_by(|later, kept| {
                let same = (later.0, later.1) == (kept.0, kept.1);
                if same {
                    kept.2 = kept.2.min(later.2);
                    kept.3 = kept.3.max(later.3);
                }
                same
            });
            for &(rule_index, pattern_index, first, last) in &candidates {
                let facts = rules.pattern_facts.get(rule_index, pattern_index);
                let max_width = (facts.max_width != u32::MAX).then_some(facts.max_width as usize);
                let window = anchor_window(first as usize, last as usize, max_width, words.len());
                let window_ids = &ids[window.clone()];
                // Most candidates lack a word every match holds: they end here.
                if !facts.required.iter().all(|&id| id == UNKNOWN || window_ids.contains(&id)) {
                    continue;
                }
                let rule = &rules.rules[rule_index as usize];
                let RuleKind::Match(patterns) = &rule.kind else { continue };
                let program = &patterns[pattern_index as usize].program;
                let input =
                    Words { text, words: &words[window.clone()], ids: &ids[window], start: sentence_span.start };
                found.clear();
                program.find_all_into(&input, &mut found);
                for matched in &found {
                    if doc.in_skip(matched.span) {
                        continue;
                    }
                    if let Some(finding) = self.accept(rule, rule_index as usize, matched, sentence, program) {
                        findings.push(finding);
                    }
                }
            }
        }
    }

    /// The (sentence, rule, pattern) triples whose fragment anchors occur, sorted.
    fn fragment_candidates(&self) -> Vec<(u32, u32, u32)> {
        let doc = self.doc;
        let mut candidates = Vec::new();
        let Some(prefilter) = &self.rules.prefilter else { return candidates };
        let mut last_sentence: Option<(usize, Span)> = None;
        for hit in prefilter.automaton.find_overlapping_iter(doc.text) {
            let start = hit.start();
            let sentence = match last_sentence {
                Some((index, span)) if span.start <= start && start < span.end => index,
                _ => match doc.sentence_at(start) {
                    Some(index) => {
                        last_sentence = Some((index, doc.sentences[index].span));
                        index
                    }
                    None => continue,
                },
            };
            for &(rule, pattern) in &self.rules.anchor_targets[hit.pattern().as_usize()] {
                if self.selection.enabled[rule as usize] {
                    candidates.push((sentence as u32, rule, pattern));
                }
            }
        }
        // A word with hidden or lookalike characters does not hold its fragments as written:
        // its folded form is searched too (only in a text with bytes beyond ASCII).
        if !doc.text.is_ascii() {
            for word in doc.words.iter().filter(|w| w.non_ascii) {
                let written = word.span.text(doc.text);
                if !crate::words::fold::needs_folding(written) {
                    continue;
                }
                let Some(sentence) = doc.sentence_at(word.span.start) else { continue };
                for hit in prefilter.automaton.find_overlapping_iter(&crate::words::fold::fold(written)) {
                    for &(rule, pattern) in &self.rules.anchor_targets[hit.pattern().as_usize()] {
                        if self.selection.enabled[rule as usize] {
                            candidates.push((sentence as u32, rule, pattern));
                        }
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Applies a rule's scope, quotation facts and conditions to a match.
    fn accept(
        &mut self,
        rule: &Rule,
        rule_index: usize,
        found: &Match,
        sentence: usize,
        program: &crate::rules::pattern::Program,
    ) -> Option<Finding> {
        let doc = self.doc;
        let block = doc.sentences[sentence].block;
        let mut place = doc.place_of(found.span, block);
        let mut quotation = doc.attributed_quotation_around(found.span).or_else(|| doc.quotation_around(found.span));
        // Indirect speech is the source's claim, not the author's: as a quotation.
        let reported = if quotation.is_none() { self.reported_speech(sentence) } else { None };
        if let Some(reported) = reported.as_ref().filter(|r| r.inner.contains(found.span)) {
            quotation = Some(reported);
            place = Place::Quote;
        }
        let in_scope = match place {
            Place::Prose => rule.scopes.prose,
            Place::Quote => rule.scopes.quote,
            Place::Heading => rule.scopes.heading,
        };
        if !in_scope {
            return None;
        }
        if let Some(facts) = &rule.quotation {
            let quote = quotation?;
            if facts.attributed.is_some_and(|a| a != quote.speaker.is_some()) {
                return None;
            }
            if facts.vague.is_some_and(|v| v != quote.speaker.as_ref().is_some_and(|s| s.vague)) {
                return None;
            }
            if let Some(regex) = &facts.speaker {
                if !quote.speaker.as_ref().is_some_and(|s| regex.is_match(&s.name)) {
                    return None;
                }
            }
        }
        for (index, condition) in rule.unless.iter().enumerate() {
            if self.holds(rule_index, index, condition, found.span, sentence) {
                return None;
            }
        }
        for (index, condition) in rule.requires.iter().enumerate() {
            if !self.holds(rule_index, 1000 + index, condition, found.span, sentence) {
                return None;
            }
        }
        let speaker = quotation.and_then(|q| q.speaker.as_ref());
        let attributed = place == Place::Quote && speaker.is_some();
        let severity = if attributed {
            rule.quoted_severity
        } else {
            self.selection.severity[rule_index].unwrap_or(rule.severity)
        };
        let matched = found.span.text(doc.text);
        // Only the placeholders a template shows are worked out: most show one or two.
        let value = |name: &str, out: &mut String| -> bool {
            match name {
                "match" => squash_into(out, matched),
                "speaker" => out.push_str(speaker.map_or("the source", |s| s.name.as_str())),
                "quote" => {
                    if let Some(quotation) = quotation {
                        squash_into(out, quotation.inner.text(doc.text));
                    }
                }
                "category" => out.push_str(&rule.category),
                capture => {
                    let Some((_, span)) = program.captures.iter().zip(&found.captures).find(|(n, _)| *n == capture)
                    else {
                        return false;
                    };
                    if let Some(span) = span {
                        squash_into(out, span.text(doc.text));
                    }
                }
            }
            true
        };
        let message = render_with(&rule.message, value);
        let mut labels = Vec::new();
        if attributed {
            if let Some(speaker) = speaker {
                if speaker.span.end <= doc.text.len() && !speaker.span.is_empty() && !speaker.span.overlaps(found.span)
                {
                    labels.push(Label { span: speaker.span, message: format!("quoted from {}", speaker.name) });
                }
            }
        }
        Some(Finding {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity,
            label: rule
                .label
                .as_deref()
                .map(|l| Cow::Owned(render_with(l, value)))
                .unwrap_or_else(|| crate::category::default_label(&rule.category, attributed)),
            message: message.into(),
            help: rule.help.clone(),
            span: found.span,
            labels: labels.into(),
        })
    }

    fn reported_speech(&mut self, sentence: usize) -> Option<crate::document::Quotation> {
        let doc = self.doc;
        self.reported.entry(sentence).or_insert_with(|| doc.reported_speech(sentence)).clone()
    }

    fn window(&self, condition: &Condition, span: Span, sentence: usize) -> Span {
        let doc = self.doc;
        let window = match condition.window {
            Window::Sentence => doc.sentences[sentence].span,
            Window::Paragraph => doc.blocks[doc.sentences[sentence].block].content,
            Window::Document => Span::new(0, doc.text.len()),
            Window::Around(n) => {
                let first = sentence.saturating_sub(n);
                let last = (sentence + n).min(doc.sentences.len() - 1);
                Span::new(doc.sentences[first].span.start, doc.sentences[last].span.end)
            }
        };
        if condition.before {
            Span::new(window.start, span.start.max(window.start))
        } else {
            window
        }
    }

    fn holds(
        &mut self,
        rule_index: usize,
        condition_index: usize,
        condition: &Condition,
        span: Span,
        sentence: usize,
    ) -> bool {
        let window = self.window(condition, span, sentence);
        // Negation and mention look at the words right before this match: nothing to share.
        if let ConditionTest::Detector(Detector::Negation | Detector::Mention) = &condition.test {
            return self
                .evidence(&condition.test, Span::new(window.start, span.start.max(window.start)))
                .holds_for(span);
        }
        if condition.before {
            // The window ends at the match: nothing to share with other matches.
            return self.evidence(&condition.test, window).holds_for(span);
        }
        let key = match &condition.test {
            ConditionTest::Detector(detector) => EvidenceKey::Detector(*detector, window),
            ConditionTest::Patterns(_) => {
                EvidenceKey::Patterns { rule: rule_index, condition: condition_index, window }
            }
        };
        if !self.conditions.contains_key(&key) {
            let evidence = self.evidence(&condition.test, window);
            self.conditions.insert(key, evidence);
        }
        self.conditions[&key].holds_for(span)
    }

    fn evidence(&self, test: &ConditionTest, window: Span) -> Evidence {
        let doc = self.doc;
        let text = doc.text;
        match test {
            ConditionTest::Detector(Detector::Link) => Evidence::Holds(
                doc.skips_overlapping(window).any(|s| matches!(s.kind, SkipKind::Url | SkipKind::LinkTarget)),
            ),
            ConditionTest::Detector(Detector::Figure) => Evidence::Holds(doc.words_in(window).iter().any(|w| w.number)),
            ConditionTest::Detector(Detector::Quotation) => Evidence::Quotations(
                doc.quotations_starting_in(window).iter().map(|q| q.span).filter(|q| window.contains(*q)).collect(),
            ),
            ConditionTest::Detector(Detector::Attribution) => {
                let words = doc.words_in(window);
                Evidence::Holds(
                    words
                        .iter()
                        .enumerate()
                        .any(|(i, w)| is_speech_verb_word(text, w) || is_according_to(text, &words, i)),
                )
            }
            ConditionTest::Detector(Detector::NamedSource) => {
                // A quotation with a named speaker overlaps the window: one starts before its end
                // and reaches past its start.
                let before_end = self.named_quotes.partition_point(|&(start, _)| start < window.end);
                let named_quote = before_end > 0 && self.named_quotes[before_end - 1].1 > window.start;
                Evidence::Holds(named_quote || has_named_source(text, &doc.words_in(window), window.start))
            }
            ConditionTest::Detector(detector @ (Detector::Negation | Detector::Mention)) => {
                Evidence::Holds(label_context(text, &doc.words_in(window), *detector, window.end))
            }
            ConditionTest::Patterns(programs) => {
                let (words, ids) = words_and_ids(doc, self.rules, &self.ids, window, doc.word_range(window));
                let input = Words { text, words: &words, ids: &ids, start: window.start };
                Evidence::Matches(programs.iter().flat_map(|p| p.find_all(&input)).map(|m| m.span).collect())
            }
        }
    }

    /// Runs the document kinds that read findings (`reads` true) or those that do not, in rule
    /// order, adding their findings to `findings`.
    fn document_kinds(&mut self, findings: &mut Vec<Finding>, reads: bool) {
        let doc = self.doc;
        let mut extra = Vec::new();
        for (index, rule) in self.rules.rules.iter().enumerate() {
            if !self.selection.enabled[index] {
                continue;
            }
            let RuleKind::Document(kind) = &rule.kind else { continue };
            if kind.reads_findings() != reads {
                continue;
            }
            let read: &[Finding] = if reads { findings } else { &[] };
            for hit in kind.run(doc, read) {
                if !reads && (!rule.unless.is_empty() || !rule.requires.is_empty()) {
                    let Some(sentence) = doc.sentence_at(hit.span.start) else { continue };
                    let blocked =
                        rule.unless.iter().enumerate().any(|(i, c)| self.holds(index, i, c, hit.span, sentence))
                            || !rule
                                .requires
                                .iter()
                                .enumerate()
                                .all(|(i, c)| self.holds(index, 1000 + i, c, hit.span, sentence));
                    if blocked {
                        continue;
                    }
                }
                let mut values: Vec<(&str, String)> = Vec::with_capacity(hit.values.len() + 1);
                for (name, value) in &hit.values {
                    let value = match value {
                        // Words are squashed onto one line only when the message or label shows
                        // them (a long quotation, once per finding in it, would be quadratic).
                        Value::Text(span) if uses(rule, name) => squash(span.text(doc.text)),
                        Value::Text(_) => String::new(),
                        Value::Plain(value) => value.clone(),
                    };
                    values.push((name, value));
                }
                if !values.iter().any(|(name, _)| *name == "category") {
                    values.push(("category", rule.category.to_string()));
                }
                let label = match (&rule.label, hit.label) {
                    (Some(template), _) => Cow::Owned(render(template, &values)),
                    (None, Some(label)) => Cow::Owned(label),
                    (None, None) => crate::category::default_label(&rule.category, false),
                };
                let severity = if hit.attributed {
                    rule.quoted_severity
                } else {
                    self.selection.severity[index].unwrap_or(rule.severity)
                };
                extra.push(Finding {
                    rule: rule.id.clone(),
                    category: rule.category.clone(),
                    severity,
                    message: render(&rule.message, &values).into(),
                    label,
                    help: rule.help.clone(),
                    span: hit.span,
                    labels: hit.labels.into(),
                });
            }
        }
        findings.extend(extra);
    }

    /// Whether an enabled rule is a document kind that reads findings.
    fn reads_findings(&self) -> bool {
        self.rules.rules.iter().enumerate().any(|(i, r)| {
            self.selection.enabled[i] && matches!(&r.kind, RuleKind::Document(kind) if kind.reads_findings())
        })
    }
}

/// The words of a sentence (`len` long) a pattern is searched in, given the first and last of
/// its anchor words there: every match holds an anchor and spans at most `max_width` words, so
/// it lies within that many words of them.
fn anchor_window(first: usize, last: usize, max_width: Option<usize>, len: usize) -> std::ops::Range<usize> {
    match max_width {
        Some(width) => {
            let width = width.max(1);
            let from = (first + 1).saturating_sub(width).min(len);
            from..(last + width).min(len).max(from)
        }
        None => 0..len,
    }
}

/// The words of a span and their vocabulary ids (`ids`: those of all the document's words;
/// `range`: the span's `Document::word_range`).
fn words_and_ids<'a>(
    doc: &'a Document,
    rules: &RuleSet,
    ids: &'a [u32],
    span: Span,
    range: Option<std::ops::Range<usize>>,
) -> (Cow<'a, [Word]>, Cow<'a, [u32]>) {
    match range {
        Some(range) => (Cow::Borrowed(&doc.words[range.clone()]), Cow::Borrowed(&ids[range])),
        None => {
            let words = tokenize(doc.text, span);
            let mut own_ids = Vec::new();
            rules.vocabulary.ids_of(doc.text, &words, &mut own_ids);
            (Cow::Owned(words), Cow::Owned(own_ids))
        }
    }
}

fn is_sourcing_verb(text: &str, word: &Word) -> bool {
    static SET: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| WordSet::new(&speech_verbs(SOURCES)));
    !word.capitalised && SET.contains(word.span.text(text))
}

fn is_according_to(text: &str, words: &[Word], index: usize) -> bool {
    index + 1 < words.len()
        && word_matches_literal(words[index].span.text(text), "according")
        && word_matches_literal(words[index + 1].span.text(text), "to")
}

/// `according to Reuters`, `Peskov said`, `said Maria Lopez`, `the ministry said in a statement`.
/// Whether the last words of `before` (the text up to a match, in its sentence) negate the
/// match or report it as someone else's label; only words of the match's clause count.
fn label_context(text: &str, before: &[Word], detector: Detector, at: usize) -> bool {
    let mut clause = before.len();
    while clause > 0 {
        let gap_end = before.get(clause).map_or(text.len(), |w| w.span.start);
        let gap = text.get(before[clause - 1].span.end..gap_end).unwrap_or("");
        if clause < before.len() && gap.contains([',', ';', ':', '.', '!', '?', '—', '(', ')']) {
            break;
        }
        clause -= 1;
    }
    // Sets, not walks of the lists: asked of the words before every match a condition reads.
    static SETS: std::sync::LazyLock<[WordSet; 3]> =
        std::sync::LazyLock::new(|| [WordSet::new(NEGATIONS), WordSet::new(LABELLING_VERBS), WordSet::new(ACCUSING)]);
    let [negations, labelling_verbs, accusing] = &*SETS;
    let near = |count: usize| &before[before.len().saturating_sub(count).max(clause)..];
    let is = |w: &Word, set: &WordSet| set.contains(w.span.text(text));
    let is_word = |w: &Word, literal: &str| word_matches_literal(w.span.text(text), literal);
    match detector {
        Detector::Negation => {
            near(3).iter().any(|w| is(w, negations) || w.span.text(text).to_lowercase().ends_with("n't"))
        }
        Detector::Mention => {
            // `called the plan "a disgrace"`: quoted words keep their own (quoted) severity.
            let quoted = |w: &Word| text.get(w.span.end..at).is_some_and(|gap| gap.contains(['"', '“', '”', '‘', '«']));
            let words = near(4);
            words.iter().any(|w| is(w, labelling_verbs) && !quoted(w))
                || words.windows(3).any(|t| is(&t[0], accusing) && is_word(&t[1], "of") && is_word(&t[2], "being"))
        }
        _ => false,
    }
}

fn has_named_source(text: &str, words: &[Word], window_start: usize) -> bool {
    let opens_sentence = |i: usize| {
        let from = if i == 0 { window_start } else { words[i - 1].span.end };
        i == 0 || text[from..words[i].span.start].contains(['.', '!', '?'])
    };
    let named = |i: usize| {
        words.get(i).is_some_and(|w| {
            w.capitalised && !w.number && (!opens_sentence(i) || words.get(i + 1).is_some_and(|n| n.capitalised))
        })
    };
    let clause_break =
        |i: usize| text[words[i - 1].span.end..words[i].span.start].contains([',', ';', ':', '.', '(', ')']);
    for (i, word) in words.iter().enumerate() {
        // `according to records released by state auditor Maria Lopez`: a name in the phrase.
        if is_according_to(text, words, i) {
            let mut phrase = (i + 2..words.len().min(i + 10)).take_while(|&j| j == i + 2 || !clause_break(j));
            if phrase.any(named) {
                return true;
            }
        }
        if is_sourcing_verb(text, word) && ((i > 0 && named(i - 1)) || named(i + 1)) {
            // `Sources close to the Interior Ministry confirmed`: the head is unnamed.
            let clause_start = (1..i).rev().find(|&j| clause_break(j)).unwrap_or(0);
            let vague_head = words[clause_start..i].iter().take(3).any(|w| is_vague_noun(text, w));
            if !vague_head || named(i + 1) {
                return true;
            }
        }
    }
    false
}

/// Collapses runs of white space, so a match across a line break reads on one line.
/// Whether a rule's message or label shows a placeholder: a long quotation is squashed only
/// when shown, not once per finding in it (quadratic in a long quotation).
fn uses(rule: &Rule, placeholder: &str) -> bool {
    let tag = format!("{{{placeholder}}}");
    rule.message.contains(&tag) || rule.label.as_deref().is_some_and(|l| l.contains(&tag))
}

fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    squash_into(&mut out, text);
    out
}

/// Appends `text` with each run of whitespace made one space, and none at either end.
fn squash_into(out: &mut String, text: &str) {
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Fills `{name}` placeholders.
pub fn render(template: &str, values: &[(&str, String)]) -> String {
    render_with(template, |name, out| match values.iter().find(|(n, _)| *n == name) {
        Some((_, value)) => {
            out.push_str(value);
            true
        }
        None => false,
    })
}

/// Fills `{name}` placeholders: `value` appends the value of a name and says whether it knows
/// the name (an unknown one is left as written).
pub fn render_with(template: &str, value: impl Fn(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !value(name, &mut out) {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // Kept with every finding of a long file: no spare capacity.
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negated_and_reported_labels() {
        let label = |sentence: &str, detector: Detector| {
            let at = sentence.find("LABEL").expect("a LABEL marker");
            let words = tokenize(sentence, Span::new(0, at));
            label_context(sentence, &words, detector, at)
        };
        assert!(label("He is not some LABEL at all.", Detector::Negation));
        assert!(label("She isn't a LABEL.", Detector::Negation));
        assert!(!label("No one came; the LABEL won.", Detector::Negation), "another clause");
        assert!(!label("The LABEL won again.", Detector::Negation));
        assert!(label("Trump called Clinton a LABEL on Monday.", Detector::Mention));
        assert!(label("They feared being called LABEL.", Detector::Mention));
        assert!(label("He was accused of being a LABEL.", Detector::Mention));
        assert!(!label("He called the plan “a LABEL”.", Detector::Mention), "quoted words keep their severity");
        assert!(!label("The LABEL called for calm.", Detector::Mention));
    }

    #[test]
    fn a_pattern_finds_around_its_anchors_what_it_finds_in_the_whole_sentence() {
        let rules = RuleSet::builtin().expect("built-in rules compile");
        let mut texts = crate::test_support::fixture_articles();
        // Anchors at both ends of a long sentence, and repeated.
        texts.push(
            "There is no evidence, no evidence at all, said nobody in the long line of people who waited \
             for the regime and the regime's evidence, so-called experts say there is no evidence."
                .into(),
        );
        let (mut compared, mut matched) = (0, 0);
        for text in &texts {
            let doc = Document::parse(text);
            let mut ids = Vec::new();
            rules.vocabulary.ids_of(text, &doc.words, &mut ids);
            for sentence in &doc.sentences {
                let Some(range) = doc.word_range(sentence.span) else { continue };
                let (words, ids) = (&doc.words[range.clone()], &ids[range]);
                let mut anchors: HashMap<(u32, u32), (usize, usize)> = HashMap::default();
                for (position, &id) in ids.iter().enumerate() {
                    for &target in rules.word_anchor_targets.get(id as usize).into_iter().flatten() {
                        let span = anchors.entry(target).or_insert((position, position));
                        span.1 = position;
                    }
                }
                for ((rule, pattern), (first, last)) in anchors {
                    let RuleKind::Match(patterns) = &rules.rules[rule as usize].kind else { continue };
                    let program = &patterns[pattern as usize].program;
                    let whole = Words { text, words, ids, start: sentence.span.start };
                    let window = anchor_window(first, last, program.max_width(), words.len());
                    let part = Words { text, words: &words[window.clone()], ids: &ids[window], start: whole.start };
                    let expected = program.find_all(&whole);
                    assert_eq!(program.find_all(&part), expected, "{}", rules.rules[rule as usize].id);
                    compared += 1;
                    matched += expected.len();
                }
            }
        }
        assert!(compared > 1000 && matched > 50, "{compared} searches, {matched} matches");
    }

    #[test]
    fn an_anchor_window_stays_inside_the_sentence() {
        assert_eq!(anchor_window(0, 0, Some(3), 0), 0..0);
        assert_eq!(anchor_window(4, 5, Some(3), 10), 2..8);
        assert_eq!(anchor_window(1, 9, Some(3), 10), 0..10);
        assert_eq!(anchor_window(3, 3, Some(0), 4), 3..4, "a width of 0 counts as 1");
        assert_eq!(anchor_window(3, 3, None, 10), 0..10);
    }
}
