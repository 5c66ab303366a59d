//! Who said it: the speaker of each quotation, where the text names one.
//!
//! Looks at a bounded window around each quotation (so the cost stays linear in the text):
//! a speech verb after it (`," Peskov said`), before it (`Peskov said: "`, `Zakharova accused
//! ... "`), `X quoted Y as saying`, `according to X`, a colon lead in the paragraph before
//! (`Zakharova said the following:`), an interview turn's name; a pronoun or a participle
//! (`she said`, `adding:`) takes the speaker of the statement before it.

use super::blocks::{Block, BlockKind};
use super::quotes::{Attribution, Quotation, QuoteStyle, Speaker};
use super::sentences::Sentence;
use crate::lexicon::{
    speech_verbs, ADVERBS, ATTRIBUTES, AUXILIARIES, BE_FORMS, DETERMINERS, INDEFINITE, IRREGULAR_PAST, MODALS,
    NOT_A_CLAUSE, NOT_NAMES, NOT_SUBJECTS, NOUN_MARKERS, OPENERS, OPEN_ENDINGS, PLACE_PREPOSITIONS, PRONOUNS, REPORTS,
    SPEECH_PARTICIPLES, SUBJECT_PREPOSITIONS, SUBJECT_STOPS, VAGUE_NOUNS,
};
use crate::span::Span;
use crate::words::{is_word_char, word_matches_literal, TextWords, Word, WordSet};

const MAX_BEFORE: usize = 300;
const MAX_AFTER: usize = 200;
/// How far back (bytes) a pronoun looks for the name it refers to.
const MAX_NAME_LOOKBACK: usize = 2000;

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn is_one_of(text: &str, word: &Word, list: &[&str]) -> bool {
    list.iter().any(|l| word_matches_literal(word.span.text(text), l))
}

/// The long word lists, as sets: they are looked up for every word near every quotation.
struct Lexicon {
    speech_verbs: WordSet,
    participles: WordSet,
    vague_nouns: WordSet,
    not_names: WordSet,
    reporting_verbs: WordSet,
    noun_markers: WordSet,
    adverbs: WordSet,
    subject_stops: WordSet,
    subject_prepositions: WordSet,
    indefinite: WordSet,
    determiners: WordSet,
    be_forms: WordSet,
    pronouns: WordSet,
    openers: WordSet,
    not_subjects: WordSet,
    modals: WordSet,
    open_endings: WordSet,
    place_prepositions: WordSet,
    not_a_clause: WordSet,
}

static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(|| Lexicon {
    speech_verbs: WordSet::new(&speech_verbs(ATTRIBUTES)),
    participles: WordSet::new(SPEECH_PARTICIPLES),
    vague_nouns: WordSet::new(VAGUE_NOUNS),
    not_names: WordSet::new(NOT_NAMES),
    reporting_verbs: WordSet::new(&speech_verbs(REPORTS)),
    noun_markers: WordSet::new(NOUN_MARKERS),
    adverbs: WordSet::new(ADVERBS),
    subject_stops: WordSet::new(SUBJECT_STOPS),
    subject_prepositions: WordSet::new(SUBJECT_PREPOSITIONS),
    indefinite: WordSet::new(INDEFINITE),
    determiners: WordSet::new(DETERMINERS),
    be_forms: WordSet::new(BE_FORMS),
    pronouns: WordSet::new(PRONOUNS),
    openers: WordSet::new(OPENERS),
    not_subjects: WordSet::new(NOT_SUBJECTS),
    modals: WordSet::new(MODALS),
    open_endings: WordSet::new(OPEN_ENDINGS),
    place_prepositions: WordSet::new(PLACE_PREPOSITIONS),
    not_a_clause: WordSet::new(NOT_A_CLAUSE),
});

/// A verb that reports speech, used as a verb: lowercase, not `16 states`.
pub fn is_vague_noun(text: &str, word: &Word) -> bool {
    in_set(text, word, &LEXICON.vague_nouns)
}

pub fn is_speech_verb_word(text: &str, word: &Word) -> bool {
    !word.capitalised && LEXICON.speech_verbs.contains(word.span.text(text))
}

fn in_set(text: &str, word: &Word, set: &WordSet) -> bool {
    set.contains(word.span.text(text))
}

/// A speech verb in use: lowercase (`United States` is no verb) and not passive (`was recalled`).
fn is_speech_verb(text: &str, words: &[Word], index: usize) -> bool {
    let word = &words[index];
    // Most words are no speech verb: that test first, the context only for those that are.
    if word.capitalised || !(in_set(text, word, &LEXICON.speech_verbs) || is_speech_phrase(text, words, index)) {
        return false;
    }
    // `16 states`, `the calls` are nouns; `Ames, 58, told` is a verb after an appositive.
    let joined = index > 0 && !clause_break(text, words[index - 1].span.end, word.span.start);
    // `news reports` is a noun; `Fox News reports` a name and its verb.
    let in_name = |w: &Word| w.capitalised && is_one_of(text, w, &["news", "media"]);
    let marker = |w: &Word| in_set(text, w, &LEXICON.noun_markers) && !in_name(w);
    let noun_before = joined && (words[index - 1].number || marker(&words[index - 1]));
    let passive = joined && in_set(text, &words[index - 1], &LEXICON.be_forms);
    !(passive || noun_before)
}

/// Two-word verbs of speech: `as she put it`, `he pointed out`.
fn is_speech_phrase(text: &str, words: &[Word], index: usize) -> bool {
    // Asked of every word: the first letter rules out nearly all of them at once.
    if !words[index].span.text(text).starts_with(['p', 'P']) {
        return false;
    }
    let next = |literal: &str| words.get(index + 1).is_some_and(|w| word_matches_literal(w.span.text(text), literal));
    (is_one_of(text, &words[index], &["put", "puts"]) && next("it"))
        || (is_one_of(text, &words[index], &["pointed", "points"]) && next("out"))
}

/// Punctuation that ends a clause between two words.
fn clause_break(text: &str, from: usize, to: usize) -> bool {
    let Some(gap) = text.get(from..to) else { return false };
    if gap
        .chars()
        .any(|c| matches!(c, ',' | ';' | ':' | '!' | '?' | '—' | '–' | '(' | ')' | '"' | '“' | '”' | '«' | '»'))
    {
        return true;
    }
    // A period ends a clause, but not in `U.S.`, `Dr. Hill` or `J. Smith`.
    gap.contains('.') && !is_abbreviation_before(text, from)
}

fn is_abbreviation_before(text: &str, end: usize) -> bool {
    let before = &text[..end];
    let start = before
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let word = &before[start..];
    word.chars().count() == 1
        || [
            "Dr", "Mr", "Mrs", "Ms", "St", "Jr", "Sr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt",
            "Rev", "Hon", "Mt",
        ]
        .contains(&word)
}

fn is_name_word(text: &str, word: &Word) -> bool {
    word.capitalised
        && !word.number
        && word.span.text(text).chars().count() > 1
        && !in_set(text, word, &LEXICON.not_names)
}

/// The words of `span` that are not inside a quotation.
fn words_outside(all: TextWords, span: Span, quoted: &[Span]) -> Vec<Word> {
    let words = all.words_in(span);
    // `quoted` is sorted by start and by end (quotations inside a paragraph do not nest).
    // The first quotation that ends after the word starts, found once by a binary search and
    // then moved on with the words (a binary search for each of the few hundred words of a
    // name's look-back cost about 30 instructions a word, callgrind).
    let mut index = words.first().map_or(0, |first| quoted.partition_point(|q| q.end <= first.span.start));
    let mut outside = Vec::with_capacity(words.len());
    for word in words.iter() {
        while quoted.get(index).is_some_and(|q| q.end <= word.span.start) {
            index += 1;
        }
        if quoted.get(index).is_none_or(|q| q.start > word.span.start) {
            outside.push(*word);
        }
    }
    outside
}

fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("’s").or_else(|| name.strip_suffix("'s")).unwrap_or(name)
}

/// An unnamed speaker: the head of the subject (the words before any preposition) is a vague
/// noun (`sources close to the Interior Ministry`, `legal experts`), or an indefinite someone
/// with no name (`a nurse in Ohio`, `one physician`).
fn is_vague(text: &str, words: &[Word]) -> bool {
    let head_end = words.iter().position(|w| in_set(text, w, &LEXICON.subject_prepositions)).unwrap_or(words.len());
    let head = &words[..head_end];
    if head.iter().any(|w| in_set(text, w, &LEXICON.vague_nouns)) {
        return true;
    }
    let indefinite = head.first().is_some_and(|w| in_set(text, w, &LEXICON.indefinite));
    let named = head.iter().skip(1).any(|w| w.capitalised && !w.number);
    indefinite && !named
}

/// A speaker from the subject words of a speech verb.
fn speaker_from_subject(text: &str, subject: &[Word], via: Attribution) -> Option<Speaker> {
    let anonymous = subject.windows(2).any(|pair| {
        word_matches_literal(pair[0].span.text(text), "be") && word_matches_literal(pair[1].span.text(text), "named")
    });
    if anonymous {
        // `a poll watcher who asked not to be named`: the speaker is the unnamed person.
        let first = subject.first()?;
        let last = subject.last()?;
        let span = Span::new(first.span.start, last.span.end);
        return Some(Speaker { name: span.text(text).to_string(), span, vague: true, via });
    }
    let subject = trim_determiners(text, subject);
    let first = subject.first()?;
    // `and the work went on`, `to`, `which it`: a clause, not someone who speaks.
    if in_set(text, first, &LEXICON.not_subjects) {
        return None;
    }
    // A fragment of a clause, not a noun phrase: it opens with a participle (`refusing to`,
    // `giving`), holds a modal (`candidate could be in a`) or ends on a word that needs more
    // (`confusing and`, `over her recovered`... `to`, `a`, `the`).
    let lower = |w: &Word| w.span.text(text).to_lowercase();
    let fragment = (!first.capitalised && lower(first).ends_with("ing"))
        || subject.iter().any(|w| in_set(text, w, &LEXICON.modals))
        || subject.last().is_some_and(|w| in_set(text, w, &LEXICON.open_endings));
    if fragment {
        return None;
    }
    let last = subject.last()?;
    let span = Span::new(first.span.start, last.span.end);
    Some(Speaker { name: span.text(text).to_string(), span, vague: is_vague(text, subject), via })
}

fn trim_determiners<'w>(text: &str, mut words: &'w [Word]) -> &'w [Word] {
    while let Some(first) = words.first() {
        if words.len() > 1 && in_set(text, first, &LEXICON.determiners) {
            words = &words[1..];
        } else {
            break;
        }
    }
    words
}

/// The subject before the verb at `verb`: up to six words back to the start of the clause.
fn subject_before<'w>(text: &str, words: &'w [Word], verb: usize) -> &'w [Word] {
    let mut end = verb;
    // `a report that assessed`: the subject is what the relative pronoun stands for.
    if end > 1
        && is_one_of(text, &words[end - 1], &["that", "which", "who"])
        && !clause_break(text, words[end - 2].span.end, words[end - 1].span.start)
    {
        end -= 1;
    }
    while end > 0
        && in_set(text, &words[end - 1], &LEXICON.adverbs)
        && !clause_break(text, words[end - 1].span.end, words[end].span.start)
    {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < 6 {
        // `released an unclassified report that assessed`: a verb before a determiner ends the
        // subject; `Zakharova accused`: a clause break does.
        let verb_then_determiner = start < end
            && !words[start - 1].capitalised
            && in_set(text, &words[start], &LEXICON.determiners)
            && words[start - 1].span.text(text).ends_with("ed");
        if clause_break(text, words[start - 1].span.end, words[start].span.start)
            || in_set(text, &words[start - 1], &LEXICON.subject_stops)
            || verb_then_determiner
        {
            break;
        }
        start -= 1;
    }
    // "Putin’s press secretary": keep; "Zakharova’s statement": the name is the possessive.
    &words[start..end]
}

/// The subject after an inverted verb: `said Maria Lopez, a spokeswoman`.
fn subject_after<'w>(text: &str, words: &'w [Word], verb: usize) -> &'w [Word] {
    let start = verb + 1;
    // `said on Monday that`, `said in a statement`: no inverted subject here.
    if words.get(start).is_none_or(|w| {
        !w.capitalised
            && (in_set(text, w, &LEXICON.subject_prepositions)
                || is_one_of(
                    text,
                    w,
                    &["on", "that", "it", "this", "so", "yesterday", "today", "later", "earlier", "then"],
                ))
    }) {
        return &words[start..start];
    }
    let lowercase_start = !words[start].capitalised
        && !in_set(text, &words[start], &LEXICON.determiners)
        && !in_set(text, &words[start], &LEXICON.indefinite);
    if lowercase_start && !in_set(text, &words[start], &LEXICON.vague_nouns) {
        return &words[start..start];
    }
    let mut end = start;
    while end < words.len() && end - start < 6 {
        if end > start && clause_break(text, words[end - 1].span.end, words[end].span.start) {
            break;
        }
        end += 1;
    }
    &words[start..end]
}

struct Found {
    speaker: Option<Speaker>,
    /// A pronoun or participle: the speaker comes from the context.
    needs_context: Option<Span>,
}

fn attribution_after(all: TextWords, window: Span) -> Option<Found> {
    let text = all.text;
    let words = all.words_in(window);
    // `"...," according to CNN.`
    if words.len() > 2
        && word_matches_literal(words[0].span.text(text), "according")
        && word_matches_literal(words[1].span.text(text), "to")
    {
        let subject = &words[2..];
        let end = (1..subject.len())
            .find(|&i| clause_break(text, subject[i - 1].span.end, subject[i].span.start))
            .unwrap_or(subject.len());
        return Some(Found {
            speaker: speaker_from_subject(text, &subject[..end], Attribution::AccordingTo),
            needs_context: None,
        });
    }
    // The attribution follows the quote directly: `," Peskov said`, not a later clause.
    if let Some(first) = words.first() {
        if clause_break(text, window.start, first.span.start)
            && !text[window.start..first.span.start].trim_start().starts_with(',')
        {
            let gap = &text[window.start..first.span.start];
            if gap.contains(['.', '!', '?', ';']) {
                return None;
            }
        }
    }
    // `," Dr. Renee Castillo, the state's deputy commissioner, said at a news conference`:
    // a name, an appositive between commas, then the verb.
    // The name: capitalised words up to the first clause break (`Rep. Tom Hale (R-Ind.)`).
    let name_run = words
        .iter()
        .enumerate()
        .take_while(|(i, w)| {
            w.capitalised && !w.number && (*i == 0 || !clause_break(text, words[i - 1].span.end, w.span.start))
        })
        .count();
    if name_run > 0
        && words.len() > name_run
        && clause_break(text, words[name_run - 1].span.end, words[name_run].span.start)
    {
        // Up to two appositives (`Maria Lopez, 67, a retired nurse, said`), then the verb.
        let breaks = words
            .iter()
            .enumerate()
            .skip(name_run + 1)
            .take(16)
            .filter(|(i, w)| clause_break(text, words[i - 1].span.end, w.span.start))
            .map(|(i, _)| i)
            .take(2);
        for end in breaks {
            // `(R-Ind.)`: a period inside brackets or after an abbreviation ends no sentence.
            let gap = &text[words[end - 1].span.end..words[end].span.start];
            let sentence_ends = gap.contains(['!', '?', ';', '“', '”', '"'])
                || (gap.contains('.') && !gap.contains(".)") && !is_abbreviation_before(text, words[end - 1].span.end));
            if sentence_ends {
                break;
            }
            if is_speech_verb(text, &words, end) {
                return Some(Found {
                    speaker: speaker_from_subject(text, &words[..name_run], Attribution::SpeechVerb),
                    needs_context: None,
                });
            }
        }
    }
    // Up to nine words of subject: `Assistant U.S. Attorney Maya D. Song wrote`.
    for (index, word) in words.iter().enumerate().take(11) {
        if index > 0 && clause_break(text, words[index - 1].span.end, word.span.start) {
            return attribution_after_appositive(text, &words);
        }
        if word_matches_literal(word.span.text(text), "quoted") {
            let as_at = words[index + 1..].iter().take(7).position(|w| word_matches_literal(w.span.text(text), "as"));
            if let Some(offset) = as_at {
                let subject = &words[index + 1..index + 1 + offset];
                return Some(Found {
                    speaker: speaker_from_subject(text, subject, Attribution::QuotedAs),
                    needs_context: None,
                });
            }
        }
        if in_set(text, word, &LEXICON.participles) && index == 0 && !word.capitalised {
            return Some(Found { speaker: None, needs_context: Some(word.span) });
        }
        if is_speech_verb(text, &words, index) {
            if index == 0 {
                let subject = subject_after(text, &words, index);
                return Some(resolve_subject(text, subject, word.span));
            }
            if index > 9 {
                return None;
            }
            let subject = &words[..index];
            let subject = trim_adverbs(text, subject);
            return Some(resolve_subject(text, subject, word.span));
        }
    }
    None
}

/// The last resort after a quotation that ends in a comma: past a clause, `, says NAME` or
/// `, NAME said` before the sentence ends.
fn attribution_late(all: TextWords, window: Span) -> Option<Found> {
    let text = all.text;
    let words = all.words_in(window);
    for i in 1..words.len().min(40) {
        let gap = &text[words[i - 1].span.end..words[i].span.start];
        if gap.contains(['.', '!', '?', ';', '“', '”', '"']) && !is_abbreviation_before(text, words[i - 1].span.end)
        {
            return None;
        }
        if !gap.contains(',') {
            continue;
        }
        if is_speech_verb(text, &words, i) {
            let subject = subject_after(text, &words, i);
            if subject.iter().any(|w| is_name_word(text, w)) {
                return Some(Found {
                    speaker: speaker_from_subject(text, subject, Attribution::SpeechVerb),
                    needs_context: None,
                });
            }
        }
        let run = words[i..].iter().take_while(|w| is_name_word(text, w)).count();
        if run > 0 && i + run < words.len() && is_speech_verb(text, &words, i + run) {
            return Some(Found {
                speaker: speaker_from_subject(text, &words[i..i + run], Attribution::SpeechVerb),
                needs_context: None,
            });
        }
    }
    None
}

/// `," Drašek’s chief of staff, Marek Hollan, said by phone`: a verb a little further on, past
/// at most two commas and no sentence end; the speaker is the last name before it.
fn attribution_after_appositive(text: &str, words: &[Word]) -> Option<Found> {
    let mut commas = 0;
    for index in 1..words.len().min(16) {
        let gap = &text[words[index - 1].span.end..words[index].span.start];
        if gap.contains(['.', '!', '?', ';', ':', '“', '”', '"'])
            && !is_abbreviation_before(text, words[index - 1].span.end)
        {
            return None;
        }
        commas += gap.matches(',').count();
        if commas > 2 {
            return None;
        }
        if is_speech_verb(text, words, index) {
            let subject = &words[..index];
            let name_end = subject.iter().rposition(|w| is_name_word(text, w))?;
            let mut name_start = name_end;
            while name_start > 0
                && is_name_word(text, &subject[name_start - 1])
                && !clause_break(text, subject[name_start - 1].span.end, subject[name_start].span.start)
            {
                name_start -= 1;
            }
            return Some(Found {
                speaker: speaker_from_subject(text, &subject[name_start..=name_end], Attribution::SpeechVerb),
                needs_context: None,
            });
        }
    }
    None
}

fn trim_adverbs<'w>(text: &str, mut words: &'w [Word]) -> &'w [Word] {
    while let Some(last) = words.last() {
        if words.len() > 1 && in_set(text, last, &LEXICON.adverbs) {
            words = &words[..words.len() - 1];
        } else {
            break;
        }
    }
    words
}

fn resolve_subject(text: &str, subject: &[Word], verb: Span) -> Found {
    match subject {
        [] => Found { speaker: None, needs_context: Some(verb) },
        [only] if in_set(text, only, &LEXICON.pronouns) => Found { speaker: None, needs_context: Some(only.span) },
        // A subject that is no speaker (a clause fragment): look to the context instead.
        _ => match speaker_from_subject(text, subject, Attribution::SpeechVerb) {
            Some(speaker) => Found { speaker: Some(speaker), needs_context: None },
            None => Found { speaker: None, needs_context: Some(verb) },
        },
    }
}

fn attribution_before(all: TextWords, window: Span) -> Option<Found> {
    let text = all.text;
    let words = all.words_in(window);
    let count = words.len();
    for index in (0..count).rev() {
        if count - index > 14 {
            break;
        }
        let word = &words[index];
        if word_matches_literal(word.span.text(text), "to")
            && index > 0
            && is_one_of(text, &words[index - 1], &["according", "attributed", "attributing", "attributes"])
        {
            let subject = &words[index + 1..];
            let end = subject
                .iter()
                .enumerate()
                .skip(1)
                .find(|(i, w)| clause_break(text, subject[i - 1].span.end, w.span.start))
                .map_or(subject.len(), |(i, _)| i);
            return Some(Found {
                speaker: speaker_from_subject(text, &subject[..end], Attribution::AccordingTo),
                needs_context: None,
            });
        }
        if in_set(text, word, &LEXICON.participles) && !word.capitalised {
            // `The governor was quoted as saying "..."`: the subject of `was quoted`.
            let quoted_as = index >= 3
                && word_matches_literal(words[index - 1].span.text(text), "as")
                && word_matches_literal(words[index - 2].span.text(text), "quoted")
                && in_set(text, &words[index - 3], &LEXICON.be_forms);
            if quoted_as {
                let subject = subject_before(text, &words, index - 3);
                if !subject.is_empty() {
                    return Some(resolve_subject(text, subject, word.span));
                }
            }
            return Some(Found { speaker: None, needs_context: Some(word.span) });
        }
        // `Trump was asked, "..."`: a cue of speech with no speaker to name.
        let passive = index > 0 && in_set(text, &words[index - 1], &LEXICON.be_forms);
        if passive && !word.capitalised && in_set(text, word, &LEXICON.speech_verbs) {
            return Some(Found { speaker: None, needs_context: None });
        }
        // `Said Olsen: "..."`, `Continued Hale: "..."`: a sentence that opens with the verb.
        let opens_sentence = index == 0 && text[window.start..word.span.start].trim().is_empty();
        if opens_sentence && word.capitalised && in_set(text, word, &LEXICON.speech_verbs) {
            let subject = subject_after(text, &words, index);
            if !subject.is_empty() {
                return Some(resolve_subject(text, subject, word.span));
            }
        }
        if is_speech_verb(text, &words, index) {
            // `interjected to say: "..."`: the subject is that of the verb before `to`.
            let infinitive = index >= 2
                && word_matches_literal(words[index - 1].span.text(text), "to")
                && !words[index - 2].capitalised;
            let subject = subject_before(text, &words, if infinitive { index - 2 } else { index });
            if let Some(possessive) = subject
                .iter()
                .rev()
                .find(|w| w.capitalised && strip_possessive(w.span.text(text)).len() < w.span.text(text).len())
            {
                if subject.last().is_some_and(|last| {
                    ["statement", "statements", "words", "remarks", "comments", "message", "post", "tweet", "letter"]
                        .iter()
                        .any(|n| word_matches_literal(last.span.text(text), n))
                }) {
                    let name = strip_possessive(possessive.span.text(text));
                    let span = Span::new(possessive.span.start, possessive.span.start + name.len());
                    return Some(Found {
                        speaker: Some(Speaker {
                            name: name.to_string(),
                            span,
                            vague: false,
                            via: Attribution::SpeechVerb,
                        }),
                        needs_context: None,
                    });
                }
            }
            // `Sen. Rand Paul, R-Ky., told Fox News that ...`: no subject right before the verb, an
            // appositive between; the name opening the sentence speaks.
            if subject.is_empty() && text[window.start..words[0].span.start].trim().is_empty() {
                if let Some(found) = opening_subject(all, Span::new(window.start, word.span.start), &[]) {
                    let speaker = Speaker { via: Attribution::SpeechVerb, ..found };
                    return Some(Found { speaker: Some(speaker), needs_context: None });
                }
            }
            let found = resolve_subject(text, subject, word.span);
            // `Judge Ann Kord of the District Court said ...`: a subject longer than the look
            // back starts mid-name; the name opening the sentence is the speaker.
            let pronoun = matches!(subject, [only] if in_set(text, only, &LEXICON.pronouns));
            if found.speaker.is_none() && !subject.is_empty() && !pronoun {
                let opens = text[window.start..words[0].span.start].trim().is_empty();
                let run = words.iter().take(index).take_while(|w| is_name_word(text, w)).count();
                if opens && run > 0 && run < index {
                    let speaker = speaker_from_subject(text, &words[..run], Attribution::SpeechVerb);
                    return Some(Found { speaker, needs_context: None });
                }
            }
            return Some(found);
        }
    }
    None
}

/// A quotation inside a sentence whose subject is a name (`Olsen welcomed “...”`, `Ames
/// shared her view ..., “...”`) or a pronoun (`She called it “...”`): the sentence attributes it.
/// `before` runs from the sentence's start to the quotation.
fn sentence_subject(all: TextWords, before: Span, quoted: &[Span]) -> Option<Found> {
    let text = all.text;
    let words = words_outside(all, before, quoted);
    let first = words.first()?;
    if words.len() < 2 || !text[before.start..first.span.start].trim().is_empty() {
        return None;
    }
    // `They call it "..."` may mean anyone: only a singular pronoun points at a person.
    if is_one_of(text, first, &["he", "she"]) && !words[1].capitalised {
        return Some(Found { speaker: None, needs_context: Some(first.span) });
    }
    let (start, run) =
        clause_subjects(text, &words).find(|&(start, run)| subject_with_verb(text, &words, start, run))?;
    speaker_from_subject(text, &words[start..start + run], Attribution::Subject)
        .map(|speaker| Found { speaker: Some(speaker), needs_context: None })
}

/// Name runs that may be a clause's subject, in order: the sentence's first words, then the
/// words after each comma among its first 30 (`Early in his campaign, Trump attacked ...`), as
/// (start, length).
fn clause_subjects<'w>(text: &'w str, words: &'w [Word]) -> impl Iterator<Item = (usize, usize)> + 'w {
    let starts = std::iter::once(0).chain(
        (1..words.len().min(30)).filter(move |&i| text[words[i - 1].span.end..words[i].span.start].contains(',')),
    );
    starts.filter_map(move |start| {
        let run = words[start..]
            .iter()
            .enumerate()
            .take_while(|(i, w)| {
                is_name_word(text, w)
                    && (*i == 0 || !clause_break(text, words[start + i - 1].span.end, w.span.start))
                    && !is_vague_noun(text, w)
            })
            .count();
        let opener = in_set(text, words.get(start)?, &LEXICON.openers);
        if opener {
            return None;
        }
        // The longer of the name that opens the clause and a name after a title.
        let titled = titled_name(text, &words[start..]);
        if run > 0 && run <= 5 && titled.is_none_or(|len| len <= run) {
            return Some((start, run));
        }
        titled.map(|len| (start, len))
    })
}

/// A name after the words of a title (`Republican presidential front-runner Donald Trump`,
/// `the state's deputy commissioner Ann Cole`): the length of the whole phrase, which ends with
/// a name of two words or more within its first nine words, with no clause break and no
/// preposition in it (but `of` before a capital: `Secretary of State John Kerry`).
fn titled_name(text: &str, words: &[Word]) -> Option<usize> {
    let mut index = 0;
    while index < words.len().min(9) {
        let word = &words[index];
        if index > 0 && clause_break(text, words[index - 1].span.end, word.span.start) {
            return None;
        }
        let of_title = is_one_of(text, word, &["of"]) && words.get(index + 1).is_some_and(|w| w.capitalised);
        let preposition =
            in_set(text, word, &LEXICON.subject_prepositions) || in_set(text, word, &LEXICON.not_subjects);
        if (preposition && !of_title)
            || word.number
            || (index > 0
                && looks_like_verb(text, words, index)
                && !word.capitalised
                && !word.span.text(text).contains('-'))
        {
            return None;
        }
        if is_name_word(text, word) && !is_vague_noun(text, word) {
            let run = words[index..]
                .iter()
                .enumerate()
                .take_while(|(i, w)| {
                    is_name_word(text, w)
                        && (*i == 0 || !clause_break(text, words[index + i - 1].span.end, w.span.start))
                })
                .count();
            let lowercase_before = words[..index].iter().any(|w| !w.capitalised);
            if run >= 2 && lowercase_before {
                return Some(index + run);
            }
            index += run;
            continue;
        }
        index += 1;
    }
    None
}

/// A name run at `start` followed by a verb (`Olsen welcomed`): a lone word only if the text
/// also capitalises it mid-sentence (`Around`, `Foreign` are no names), not an acronym
/// (`US hardliners`).
fn subject_with_verb(text: &str, words: &[Word], start: usize, run: usize) -> bool {
    let lone = run == 1;
    let acronym = lone && !words[start].span.text(text).chars().any(char::is_lowercase);
    let end = start + run;
    let joined = words.get(end).is_some_and(|verb| !clause_break(text, words[end - 1].span.end, verb.span.start));
    // The search of the text for the name last: it is the costly test.
    !acronym && joined && looks_like_verb(text, words, end) && (!lone || capitalised_elsewhere(text, &words[start]))
}

/// The subject of the sentence in `span` (its first 200 bytes are enough): a name that opens it,
/// followed by a verb or by an appositive (`Sen. Rand Paul, R-Ky., told`, `Jo Marsh (D-Ore.),
/// who ..., said`), or a name and a verb after an opening clause.
fn opening_subject(all: TextWords, span: Span, quoted: &[Span]) -> Option<Speaker> {
    let text = all.text;
    let end = crate::span::floor_char_boundary(text, span.end.min(span.start + 200));
    let words = words_outside(all, Span::new(span.start, end.max(span.start)), quoted);
    let (start, run) = clause_subjects(text, &words).find(|&(start, run)| {
        let appositive = start == 0
            && words.get(run).is_some_and(|next| clause_break(text, words[run - 1].span.end, next.span.start))
            && (run >= 2 || capitalised_elsewhere(text, &words[0]));
        appositive || subject_with_verb(text, &words, start, run)
    })?;
    speaker_from_subject(text, &words[start..start + run], Attribution::Context)
}

/// A quotation of at least this many words is a statement someone made; a shorter one may be
/// a phrase held at a distance (scare quotes), which a speech verb nearby does not attribute.
const STATEMENT_WORDS: usize = 6;

/// How far around a quotation, within its paragraph, a speech verb counts as a cue.
const CUE_REACH: usize = 400;

/// A speech verb outside quotation marks near `quote` in its paragraph (`block`): someone in
/// the paragraph is being quoted, even if the parser cannot tie this quotation to them.
fn speech_near(all: TextWords, block: Span, quote: Span, quoted: &[Span]) -> bool {
    let text = all.text;
    let from = crate::span::ceil_char_boundary(text, block.start.max(quote.start.saturating_sub(CUE_REACH)));
    let to = crate::span::floor_char_boundary(text, block.end.min(quote.end + CUE_REACH));
    let words = words_outside(all, Span::new(from.min(to), to), quoted);
    (0..words.len()).any(|i| is_speech_verb(text, &words, i) || in_set(text, &words[i], &LEXICON.participles))
}

/// The word at `index` reads as the verb of a clause: a speech verb, a past tense (`welcomed`,
/// `took`), or an adverb before one (`repeatedly invoked`). Not a noun (`election`,
/// `hardliners`) nor a form of `be` (`Antonov was recalled`: he did not speak).
fn looks_like_verb(text: &str, words: &[Word], index: usize) -> bool {
    let Some(word) = words.get(index) else { return false };
    if word.capitalised || word.number {
        return false;
    }
    // Not capitalised: the word is lowercase as written (no copy to lowercase it: this is
    // asked of many words).
    let lower = word.span.text(text);
    if lower.ends_with("ly") && lower.len() > 4 {
        return looks_like_verb(text, words, index + 1);
    }
    // `is questioning`, `was pushing`: a progressive.
    let progressive = in_set(text, word, &LEXICON.be_forms)
        && words.get(index + 1).is_some_and(|w| !w.capitalised && w.span.text(text).ends_with("ing"));
    progressive
        || in_set(text, word, &LEXICON.speech_verbs)
        || IRREGULAR_PAST.contains(&lower)
        || AUXILIARIES.contains(&lower)
        || (lower.ends_with("ed") && lower.len() > 4 && !in_set(text, word, &LEXICON.be_forms))
        // A present tense (`wants`, `calls`), not a plural noun after an acronym (checked above).
        || (lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3 && !in_set(text, word, &LEXICON.be_forms))
}

/// How far from a word `capitalised_elsewhere` looks for it: a few paragraphs either side, where
/// an article names someone again (and a bound on the cost of each look).
const NAME_REACH: usize = 4_000;

/// Whether `word` (opening a sentence) also stands capitalised after a lowercase word or a
/// comma nearby: then it is a name (`Olsen`), not a capitalised opener (`Around`).
fn capitalised_elsewhere(text: &str, word: &Word) -> bool {
    let name = strip_possessive(word.span.text(text));
    let from = crate::span::floor_char_boundary(text, word.span.start.saturating_sub(NAME_REACH));
    let to = crate::span::ceil_char_boundary(text, word.span.end.saturating_add(NAME_REACH).min(text.len()));
    text[from..to].match_indices(name).any(|(at, _)| {
        let at = from + at;
        let whole = !text[at + name.len()..].starts_with(|c: char| c.is_alphanumeric())
            && !text[..at].ends_with(|c: char| c.is_alphanumeric());
        // After a comma, or after a word that starts lowercase (`the Board said`, not `Through
        // Sanctions`).
        let before = text[..at].trim_end_matches([' ', '\u{a0}']);
        let previous_word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let after_lowercase =
            before.ends_with(|c: char| c.is_alphanumeric()) && previous_word.starts_with(|c: char| c.is_lowercase());
        at != word.span.start && whole && (after_lowercase || before.ends_with(','))
    })
}

/// Fills in the speaker of each quotation.
pub fn attribute(all: TextWords, blocks: &[Block], sentences: &[Sentence], quotations: &mut [Quotation]) {
    let text = all.text;
    let mut last_speaker: Option<LastSpeaker> = None;
    // The block of the last top-level quotation given a speaker: quotations are sorted by start,
    // so their blocks never decrease, and this answers "an earlier quotation in this paragraph
    // has a speaker" without rescanning the paragraph's quotations (quadratic on many quotes).
    let mut attributed_block: Option<usize> = None;
    // The block of the last top-level quotation with a cue of speech, named speaker or not.
    let mut cued_block: Option<usize> = None;
    let coverage = quoted_share(blocks, quotations);
    // The words outside these are the author's, where a speaker is looked for: the top-level
    // quotations inside a paragraph. A block quotation or an interview answer is a whole block
    // (which holds quotations of its own), and in it a speaker is looked for as in any
    // paragraph. So these do not nest, and their ends rise with their starts (which
    // `words_outside` relies on).
    let mut quoted: Vec<Span> = quotations
        .iter()
        .filter(|q| q.depth == 0 && !matches!(q.style, QuoteStyle::Block | QuoteStyle::Interview))
        .map(|q| q.span)
        .collect();
    quoted.sort_by_key(|s| s.start);
    debug_assert!(quoted.windows(2).all(|pair| pair[0].end <= pair[1].end), "nested top-level quotations");
    for quote in quotations.iter_mut() {
        let block_index = quote.block;
        let Some(block) = blocks.get(block_index) else { continue };
        if quote.depth > 0 {
            continue;
        }
        let mut speaker = None;
        let mut needs_context = None;
        let mut cue = false;
        if quote.style == QuoteStyle::Interview {
            speaker = block.speaker.map(|span| Speaker {
                name: span.text(text).to_string(),
                span,
                vague: false,
                via: Attribution::InterviewTurn,
            });
        } else {
            let mut sentence_end = sentence_containing(sentences, quote.span.end.saturating_sub(1))
                .map_or(block.content.end, |s| s.span.end);
            // `“Do it now!” the mayor said.`: a question or exclamation inside the marks ends a
            // sentence for the splitter, but the attribution after it belongs to the quotation.
            let asks = quote.inner.text(text).trim_end().ends_with(['?', '!']);
            if asks && sentence_end <= quote.span.end {
                let next = sentences.get(sentences.partition_point(|s| s.span.end <= sentence_end));
                if let Some(next) = next.filter(|s| s.span.start < block.content.end) {
                    sentence_end = next.span.end.min(block.content.end).max(sentence_end);
                }
            }
            let after = Span::new(quote.span.end, sentence_end.min(quote.span.end + MAX_AFTER).max(quote.span.end));
            let after = Span::new(after.start, crate::span::floor_char_boundary(text, after.end));
            let sentence_start =
                sentence_containing(sentences, quote.span.start).map_or(block.content.start, |s| s.span.start);
            let before_start =
                crate::span::ceil_char_boundary(text, sentence_start.max(quote.span.start.saturating_sub(MAX_BEFORE)));
            let before = Span::new(before_start.min(quote.span.start), quote.span.start);
            // A named speaker on either side wins over a pronoun or participle on the other:
            // `Zakharova accused ... "to a dead end," adding:`.
            // `"...," in sharp contrast to last year, says Dana Cole`: a statement that ends in a
            // comma is attributed later in its sentence.
            let trailing_comma = quote.inner.text(text).trim_end().ends_with(',');
            let after_window = after;
            let after = attribution_after(all, after)
                .or_else(|| trailing_comma.then(|| attribution_late(all, after_window)).flatten());
            let before = match &after {
                Some(Found { speaker: Some(_), .. }) => None,
                _ => attribution_before(all, before),
            };
            for found in [after, before].into_iter().flatten() {
                cue = true;
                if found.speaker.is_some() {
                    speaker = found.speaker;
                    break;
                }
                needs_context = needs_context.or(found.needs_context);
            }
            if speaker.is_some() {
                needs_context = None;
            }
            if speaker.is_none() {
                match colon_lead(all, blocks, block_index) {
                    Some(Lead::Speaker(found)) => speaker = Some(found),
                    Some(Lead::Context(span)) => needs_context = needs_context.or(Some(span)),
                    Some(Lead::Cue) => cue = true,
                    None => {}
                }
            }
            // `McConnell, R-Ky., delivered a blunt message to Trump: "..."`: a lead ending in a
            // colon in the quotation's own sentence; its subject speaks.
            if speaker.is_none()
                && needs_context.is_none()
                && text[before_start.min(quote.span.start)..quote.span.start].trim_end().ends_with(':')
            {
                cue = true;
                speaker =
                    opening_subject(all, Span::new(sentence_start.min(quote.span.start), quote.span.start), &quoted)
                        .map(|found| Speaker { via: Attribution::ColonLead, ..found });
            }
            if speaker.is_none() && needs_context.is_none() {
                speaker = caption(all, blocks, block_index, quote);
            }
            if speaker.is_none() && needs_context.is_none() {
                speaker = credit_line(all, blocks, block_index, quote);
            }
            if speaker.is_none() && needs_context.is_none() {
                let sentence = Span::new(sentence_start.min(quote.span.start), quote.span.start);
                match sentence_subject(all, sentence, &quoted) {
                    Some(Found { speaker: Some(found), .. }) => speaker = Some(found),
                    Some(Found { needs_context: Some(span), .. }) => needs_context = Some(span),
                    // `Pence, who is running again, praised Cruz for "..."`: the name that opens
                    // the sentence, past an appositive.
                    _ => {
                        speaker = opening_subject(all, sentence, &quoted)
                            .map(|found| Speaker { via: Attribution::Subject, ..found })
                    }
                }
            }
            // `"...," they conclude. "They also want ..."`: the next quotation of a paragraph
            // whose quotation had a cue continues it, even where nobody could be named.
            if speaker.is_none() && needs_context.is_none() && cued_block == Some(block_index) {
                cue = true;
            }
            if speaker.is_none() && needs_context.is_none() {
                let same_block_speaker = attributed_block == Some(block_index);
                if same_block_speaker || continues_statement(blocks, &coverage, block_index, quote) {
                    needs_context = Some(Span::new(quote.span.start, quote.span.start));
                }
            }
        }
        if speaker.is_none() {
            if let Some(span) = needs_context {
                speaker = resolve_context(all, blocks, sentences, &quoted, quote, span, last_speaker.as_ref());
            }
        }
        quote.cue = cue
            || speaker.is_some()
            || needs_context.is_some()
            || (quote.style != QuoteStyle::Interview
                && all.words_in(quote.inner).len() >= STATEMENT_WORDS
                && speech_near(all, block.content, quote.span, &quoted));
        if quote.cue {
            cued_block = Some(block_index);
        }
        if let Some(found) = &speaker {
            attributed_block = Some(block_index);
            last_speaker = Some(LastSpeaker { block: block_index, offset: quote.span.start, speaker: found.clone() });
        }
        quote.speaker = speaker;
    }
    share_joined_speakers(text, quotations);
}

/// `Guns are "a crisis" and "stunt growth," Dean said.`: quotations joined by `and` or `or`
/// share the speaker of the one the attribution follows.
fn share_joined_speakers(text: &str, quotations: &mut [Quotation]) {
    let top: Vec<usize> = (0..quotations.len()).filter(|&i| quotations[i].depth == 0).collect();
    for pair in top.windows(2).rev() {
        let (this, next) = (pair[0], pair[1]);
        let (Some(between), None) =
            (text.get(quotations[this].span.end..quotations[next].span.start), &quotations[this].speaker)
        else {
            continue;
        };
        let joined = matches!(between.trim().trim_matches(','), "and" | "or" | "as well as" | "");
        if joined && quotations[this].block == quotations[next].block && between.len() < 16 {
            if let Some(speaker) = quotations[next].speaker.clone() {
                quotations[this].speaker = Some(Speaker { via: Attribution::Context, ..speaker });
                quotations[this].cue = true;
            }
        }
    }
}

/// The speaker a pronoun or participle refers to: a name just before it in its sentence
/// (`Trump’s objections ..., calling it`), else the most recent of the last speaker and the
/// last name before the quotation (in its paragraph or the one before).
fn resolve_context(
    all: TextWords,
    blocks: &[Block],
    sentences: &[Sentence],
    quoted: &[Span],
    quote: &Quotation,
    at: Span,
    last: Option<&LastSpeaker>,
) -> Option<Speaker> {
    let text = all.text;
    let block = &blocks[quote.block];
    let context =
        |name: &str, vague: bool| Some(Speaker { name: name.to_string(), span: at, vague, via: Attribution::Context });
    let limit = at.start.min(quote.span.start);
    let participle = LEXICON.participles.contains(at.text(text));
    if !at.is_empty() {
        // The pronoun or participle may stand in the lead paragraph before the quotation.
        let sentence_start =
            sentence_containing(sentences, limit).map_or(block.content.start.min(limit), |s| s.span.start);
        // Only a name within 120 bytes counts: tokenizing the whole sentence for each
        // quotation would be quadratic in a long one. A word cut at the window's start is
        // older than that and so never chosen.
        let from = crate::span::ceil_char_boundary(text, sentence_start.max(limit.saturating_sub(128)));
        // A participle continues the sentence's subject: `Albright urged women to vote for
        // Clinton, saying ...` is Albright's.
        if participle {
            if let Some(found) = opening_subject(all, Span::new(sentence_start.min(limit), limit), quoted) {
                return context(&found.name, found.vague);
            }
        }
        let before = words_outside(all, Span::new(from.min(limit), limit), quoted);
        // The sentence's first word is a name only as a subject: `Hale defended ...`, not
        // `US election meddling ...`.
        let is_name_at = |i: usize| {
            let w = &before[i];
            is_name_word(text, w)
                && (w.span.start > sentence_start
                    || (w.span.start == sentence_start && looks_like_verb(text, &before, i + 1)))
        };
        let in_sentence = (0..before.len()).rev().take(12).find(|&i| is_name_at(i)).map(|i| before[i]);
        if let Some(name) = in_sentence.filter(|w| w.span.start + 120 > limit) {
            return context(strip_possessive(name.span.text(text)), false);
        }
    }
    // A participle continues a statement in progress; a pronoun may point further back.
    let reach = if participle { 1 } else { 3 };
    let recent_last = last
        .filter(|l| quote.block.saturating_sub(l.block) <= reach)
        .map(|l| (l.offset, l.speaker.name.clone(), l.speaker.vague));
    let mut names: Vec<(usize, String, bool)> = Vec::new();
    // Only a pronoun looks for a name; a continued statement keeps its speaker.
    let pronoun = !at.is_empty() && !participle;
    if pronoun {
        if let Some((offset, name)) = last_name(all, Span::new(block.content.start, quote.span.start), quoted) {
            names.push((offset, name, false));
        }
        // A block quotation or an interview answer before is someone else's words as a whole:
        // a name in it is not whom the pronoun stands for.
        let previous = (0..quote.block).rev().find(|&i| blocks[i].kind.is_prose()).filter(|&i| {
            !matches!(blocks[i].kind, BlockKind::Heading | BlockKind::BlockQuote | BlockKind::InterviewTurn)
        });
        if let Some((offset, name)) = previous.and_then(|i| last_name(all, blocks[i].content, quoted)) {
            names.push((offset, name, false));
        }
    }
    let best = recent_last.into_iter().chain(names).max_by_key(|(offset, _, _)| *offset)?;
    context(&best.1, best.2)
}

/// The last name outside quotations: a run of capitalised words that are not sentence openers,
/// days or months (`Jen Psaki`, `Dr. Harlan Pike`, `Lund`). Returns its offset and text.
fn last_name(all: TextWords, span: Span, quoted: &[Span]) -> Option<(usize, String)> {
    let text = all.text;
    // Look back a bounded distance: rescanning a whole long paragraph for every quotation in it
    // would be quadratic.
    let from = crate::span::ceil_char_boundary(text, span.start.max(span.end.saturating_sub(MAX_NAME_LOOKBACK)));
    let mut words = words_outside(all, Span::new(from.min(span.end), span.end), quoted);
    if from > span.start
        && char_before(text, from).is_some_and(is_word_char)
        && words.first().is_some_and(|w| w.span.start == from)
    {
        // The window cut a word in two: its tail is not a name.
        words.remove(0);
    }
    let mut single = None;
    let mut end = words.len();
    while end >= 1 {
        let mut start = end;
        while start > 0
            && is_name_word(text, &words[start - 1])
            && (start == end || !clause_break(text, words[start - 1].span.end, words[start].span.start))
        {
            start -= 1;
        }
        // `in Wyoming`, `to Capitol Hill`: a place, not someone who speaks.
        let place = start > 0
            && end > start
            && in_set(text, &words[start - 1], &LEXICON.place_prepositions)
            && !clause_break(text, words[start - 1].span.end, words[start].span.start);
        let name = (end > start && !place).then(|| Span::new(words[start].span.start, words[end - 1].span.end));
        match name {
            // A full name (`Jen Psaki`) is a person more surely than a lone capital (`Putin`).
            Some(name) if end - start >= 2 => return Some((name.start, strip_possessive(name.text(text)).to_string())),
            Some(name) if single.is_none() => {
                single = Some((name.start, strip_possessive(name.text(text)).to_string()))
            }
            _ => {}
        }
        end = if end > start { start } else { end - 1 };
    }
    single
}

struct LastSpeaker {
    block: usize,
    offset: usize,
    speaker: Speaker,
}

/// Paragraphs quoted without quotation marks after a lead that ends in a colon:
/// `The Hill reported:` or `... a statement issued by spokeswoman Maria Zakharova:`, then the
/// statement. The first paragraph after the lead is quoted; the next ones too while they speak
/// in the first person (`we`, `our`) and hold no quotation marks of their own.
pub fn colon_lead_quotations(all: TextWords, blocks: &[Block], quotations: &[Quotation]) -> Vec<Quotation> {
    let text = all.text;
    let mut out = Vec::new();
    let has_marks = |block: &Block| block.content.text(text).contains(['"', '“', '”', '«', '»', '„']);
    let first_person = WordSet::new(&["we", "us", "our", "ours", "i", "me", "my"]);
    let quoted_blocks: std::collections::HashSet<usize> = quotations.iter().map(|q| q.block).collect();
    let mut index = 0;
    while index < blocks.len() {
        let lead = &blocks[index];
        index += 1;
        let lead_text = lead.content.text(text).trim_end();
        if lead.kind != BlockKind::Paragraph || !lead_text.ends_with(':') || has_marks(lead) {
            continue;
        }
        let window = Span::new(
            crate::span::ceil_char_boundary(text, lead.content.end.saturating_sub(MAX_BEFORE).max(lead.content.start)),
            lead.content.start + lead_text.len(),
        );
        let words = all.words_in(window);
        let states = words.iter().any(|w| {
            in_set(text, w, &LEXICON.speech_verbs)
                || is_one_of(text, w, &["statement", "following", "declaration", "communique", "message"])
        });
        if !states {
            continue;
        }
        let speaker = match attribution_before(all, window) {
            Some(Found { speaker: Some(speaker), .. }) => Some(Speaker { via: Attribution::ColonLead, ..speaker }),
            _ => last_name(all, window, &[]).map(|(at, name)| Speaker {
                span: Span::new(at, at + name.len()),
                name,
                vague: false,
                via: Attribution::ColonLead,
            }),
        };
        let Some(speaker) = speaker else { continue };
        let mut next = index;
        while let Some(block) = blocks.get(next) {
            let follows = next == index;
            let speaks = all.words_in(block.content).iter().any(|w| first_person.contains(w.span.text(text)));
            let quoted_already = quoted_blocks.contains(&next);
            if block.kind != BlockKind::Paragraph || has_marks(block) || quoted_already || !(follows || speaks) {
                break;
            }
            out.push(Quotation {
                span: block.content,
                inner: block.content,
                style: QuoteStyle::Block,
                depth: 0,
                unbalanced: false,
                continued: false,
                block: next,
                speaker: Some(speaker.clone()),
                cue: false,
            });
            next += 1;
        }
        index = next.max(index);
    }
    out
}

/// Whether the quotation is its block's whole text (a character of punctuation either side
/// allowed): a pull quote or a quotation set apart.
fn is_whole_block(block: &Block, quote: &Quotation) -> bool {
    quote.span.start <= block.content.start + 1 && quote.span.end + 2 >= block.content.end
}

/// A pull quote standing alone under a caption that names its speaker: `Dmitry Peskov` or
/// `Russian Presidential Spokesman` on a line of its own just above.
fn caption(all: TextWords, blocks: &[Block], block_index: usize, quote: &Quotation) -> Option<Speaker> {
    let text = all.text;
    if !is_whole_block(&blocks[block_index], quote) {
        return None;
    }
    let previous = blocks[..block_index].iter().rev().find(|b| b.kind.is_prose())?;
    if previous.kind != BlockKind::Heading {
        return None;
    }
    let words = all.words_in(previous.content);
    let name_like = (2..=4).contains(&words.len()) && words.iter().all(|w| w.capitalised && !w.number);
    name_like.then(|| Speaker {
        name: previous.content.text(text).to_string(),
        span: previous.content,
        vague: false,
        via: Attribution::Caption,
    })
}

/// A quotation that is a paragraph of its own, credited on the line below it, as quote boxes,
/// fact checks and letters pages do: `- Bernie Sanders.`, `— Michelle Marks, Philadelphia`.
/// The credit is a dash and a capitalised name of at most five words (a place or a title may
/// follow a comma); nothing else is on its line.
fn credit_line(all: TextWords, blocks: &[Block], block_index: usize, quote: &Quotation) -> Option<Speaker> {
    /// The longest credit line read: a name, a comma and a place or a title.
    const MAX_CREDIT: usize = 80;
    let text = all.text;
    if !is_whole_block(&blocks[block_index], quote) {
        return None;
    }
    let next = blocks.get(block_index + 1).filter(|b| b.kind.is_prose())?;
    // The whole line: a `- ` credit is read as a list item's marker.
    let line = Span::new(next.span.start, next.content.end).text(text);
    if line.len() > MAX_CREDIT {
        return None;
    }
    let after_dash = ["--", "-", "\u{2014}", "\u{2013}"].iter().find_map(|dash| line.strip_prefix(dash))?;
    let name = after_dash.split(',').next().unwrap_or("").trim().trim_end_matches('.');
    if name.is_empty() {
        return None;
    }
    let start = next.span.start + (line.len() - after_dash.len()) + (after_dash.len() - after_dash.trim_start().len());
    let span = Span::new(start, start + name.len());
    if span.text(text) != name {
        return None;
    }
    let words = all.words_in(span);
    let name_like = (1..=5).contains(&words.len()) && words.iter().all(|w| w.capitalised && !w.number);
    name_like.then(|| Speaker { name: name.to_string(), span, vague: false, via: Attribution::Credit })
}

enum Lead {
    Speaker(Speaker),
    Context(Span),
    /// A lead that names nobody: the quotation is introduced all the same.
    Cue,
}

/// A quotation that opens its paragraph, after a paragraph ending in a colon: the speaker is
/// named in that lead (`Zakharova said the following:`) or continues (`adding:`).
fn colon_lead(all: TextWords, blocks: &[Block], block_index: usize) -> Option<Lead> {
    let text = all.text;
    let previous = blocks[..block_index].iter().rev().find(|b| b.kind.is_prose())?;
    let lead = previous.content.text(text).trim_end();
    if !lead.ends_with(':') {
        return None;
    }
    let start = previous.content.start + lead.len().saturating_sub(MAX_BEFORE);
    let start = crate::span::ceil_char_boundary(text, start);
    let window = Span::new(start, previous.content.start + lead.len());
    match attribution_before(all, window) {
        Some(Found { speaker: Some(speaker), .. }) => {
            Some(Lead::Speaker(Speaker { via: Attribution::ColonLead, ..speaker }))
        }
        Some(Found { needs_context: Some(span), .. }) => Some(Lead::Context(span)),
        // `Transcript as follows:`: it introduces the quotation, whoever speaks.
        _ => Some(Lead::Cue),
    }
}

/// Share of each block's content that lies inside top-level quotations.
fn quoted_share(blocks: &[Block], quotations: &[Quotation]) -> Vec<f32> {
    let mut quoted = vec![0usize; blocks.len()];
    for quote in quotations.iter().filter(|q| q.depth == 0) {
        if let Some(slot) = quoted.get_mut(quote.block) {
            *slot += quote.span.len();
        }
    }
    blocks
        .iter()
        .zip(quoted)
        .map(|(block, quoted)| if block.content.is_empty() { 0.0 } else { quoted as f32 / block.content.len() as f32 })
        .collect()
}

/// A statement quoted in pieces over several paragraphs: this paragraph opens with the quote,
/// or the paragraph before was itself mostly quotation.
fn continues_statement(blocks: &[Block], coverage: &[f32], block_index: usize, quote: &Quotation) -> bool {
    let Some(previous) = (0..block_index).rev().find(|&i| blocks[i].kind.is_prose()) else { return false };
    if blocks[previous].kind == BlockKind::Heading {
        return false;
    }
    let opens_paragraph = quote.span.start <= blocks[block_index].content.start + 1;
    coverage[previous] >= 0.5 || (opens_paragraph && coverage[previous] > 0.0)
}

fn sentence_containing(sentences: &[Sentence], offset: usize) -> Option<&Sentence> {
    let index = sentences.partition_point(|s| s.span.end <= offset);
    sentences.get(index).filter(|s| s.span.start <= offset)
}

fn clause_quotation(text: &str, clause: Span, speaker: Speaker, block: usize) -> Quotation {
    Quotation {
        span: clause,
        inner: clause,
        style: QuoteStyle::Reported,
        depth: 0,
        unbalanced: false,
        continued: false,
        block,
        speaker: Some(speaker),
        cue: false,
    }
    .trimmed(text)
}

impl Quotation {
    fn trimmed(mut self, text: &str) -> Quotation {
        let inner = self.inner.text(text);
        let start = self.inner.start + (inner.len() - inner.trim_start().len());
        let end = self.inner.start
            + inner
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
                .len();
        self.inner = Span::new(start, end.max(start));
        self.span = self.inner;
        self
    }
}

/// Indirect speech in one of the author's sentences, as a quotation of style `Reported`:
/// `X said (that) CLAUSE`, `CLAUSE, X said.`, `According to X, CLAUSE`, `CLAUSE, according to X.`
pub fn reported_speech_in(all: TextWords, sentence: &Sentence, quotations: &[Quotation]) -> Option<Quotation> {
    let text = all.text;
    // A sentence that quotes, or lies inside a quotation, is attributed through the quotation.
    let before_end = quotations.partition_point(|q| q.span.start < sentence.span.end);
    if quotations[..before_end].iter().rev().take(64).any(|q| q.span.overlaps(sentence.span)) {
        return None;
    }
    let words = all.words_in(sentence.span);
    if words.len() < 4 {
        return None;
    }
    leading_report(text, &words, sentence).or_else(|| trailing_report(text, &words, sentence))
}

fn leading_report(text: &str, words: &[Word], sentence: &Sentence) -> Option<Quotation> {
    // According to X, CLAUSE.
    if words.len() > 3
        && word_matches_literal(words[0].span.text(text), "according")
        && word_matches_literal(words[1].span.text(text), "to")
    {
        let comma = (3..words.len()).find(|&i| text[words[i - 1].span.end..words[i].span.start].contains(','))?;
        let speaker = speaker_from_subject(text, &words[2..comma], Attribution::AccordingTo)?;
        return Some(clause_quotation(
            text,
            Span::new(words[comma].span.start, sentence.span.end),
            speaker,
            sentence.block,
        ));
    }
    for index in 1..words.len().min(12) {
        if !(is_speech_verb(text, words, index) && in_set(text, &words[index], &LEXICON.reporting_verbs)) {
            continue;
        }
        let subject = subject_before(text, words, index);
        if subject.is_empty()
            || subject.len() == 1 && is_one_of(text, &subject[0], &["i", "we", "you", "it", "who", "which", "that"])
        {
            return None;
        }
        let mut next = index + 1;
        // An object: `told reporters`, `told the BBC`.
        let mut skipped = 0;
        while next < words.len()
            && skipped < 3
            && !word_matches_literal(words[next].span.text(text), "that")
            && is_one_of(text, &words[index], &["told", "tells"])
        {
            next += 1;
            skipped += 1;
            if words.get(next).is_some_and(|w| word_matches_literal(w.span.text(text), "that")) {
                break;
            }
        }
        let has_that = words.get(next).is_some_and(|w| word_matches_literal(w.span.text(text), "that"));
        if has_that {
            next += 1;
        } else if words.get(next).is_none_or(|w| in_set(text, w, &LEXICON.not_a_clause)) {
            return None;
        }
        if words.len() - next < 3
            || clause_break(text, words[index].span.end, words[next.min(words.len() - 1)].span.start) && !has_that
        {
            return None;
        }
        let speaker = match speaker_from_subject(text, subject, Attribution::SpeechVerb) {
            Some(speaker) if !(subject.len() == 1 && in_set(text, &subject[0], &LEXICON.pronouns)) => speaker,
            _ => return None,
        };
        return Some(clause_quotation(
            text,
            Span::new(words[next].span.start, sentence.span.end),
            speaker,
            sentence.block,
        ));
    }
    None
}

fn trailing_report(text: &str, words: &[Word], sentence: &Sentence) -> Option<Quotation> {
    // The last comma of the sentence, followed by a short attribution.
    let comma =
        (1..words.len()).rev().take(8).find(|&i| text[words[i - 1].span.end..words[i].span.start].contains(','))?;
    let tail = &words[comma..];
    if tail.len() > 8 || comma < 3 {
        return None;
    }
    let clause = Span::new(sentence.span.start, words[comma - 1].span.end);
    if tail.len() >= 3
        && word_matches_literal(tail[0].span.text(text), "according")
        && word_matches_literal(tail[1].span.text(text), "to")
    {
        let speaker = speaker_from_subject(text, &tail[2..], Attribution::AccordingTo)?;
        return Some(clause_quotation(text, clause, speaker, sentence.block));
    }
    let verb =
        (0..tail.len()).find(|&i| is_speech_verb(text, tail, i) && in_set(text, &tail[i], &LEXICON.reporting_verbs))?;
    let subject = if verb == 0 { subject_after(text, tail, 0) } else { trim_adverbs(text, &tail[..verb]) };
    if subject.is_empty() || subject.len() == 1 && in_set(text, &subject[0], &LEXICON.pronouns) {
        return None;
    }
    let speaker = speaker_from_subject(text, subject, Attribution::SpeechVerb)?;
    Some(clause_quotation(text, clause, speaker, sentence.block))
}

#[cfg(test)]
mod tests {
    use crate::document::Document;

    /// The lists looked up as sets answer as a walk of the list does, for every word of the
    /// fixture articles and the lists' own words in capitals and with a curly apostrophe.
    #[test]
    fn the_word_lists_as_sets_answer_as_the_lists() {
        use super::{in_set, is_one_of, Span, LEXICON};
        use crate::lexicon::{MODALS, NOT_A_CLAUSE, NOT_SUBJECTS, OPENERS, OPEN_ENDINGS, PLACE_PREPOSITIONS};
        let pairs = [
            (OPENERS, &LEXICON.openers),
            (NOT_SUBJECTS, &LEXICON.not_subjects),
            (MODALS, &LEXICON.modals),
            (OPEN_ENDINGS, &LEXICON.open_endings),
            (PLACE_PREPOSITIONS, &LEXICON.place_prepositions),
            (NOT_A_CLAUSE, &LEXICON.not_a_clause),
        ];
        let mut texts = crate::test_support::fixture_articles();
        for (list, _) in &pairs {
            texts.push(list.join(" "));
            texts.push(list.join(" ").to_uppercase().replace('\'', "’"));
        }
        let (mut compared, mut found) = (0, 0);
        for text in &texts {
            for word in crate::words::tokenize(text, Span::new(0, text.len())) {
                for (list, set) in &pairs {
                    let listed = is_one_of(text, &word, list);
                    assert_eq!(in_set(text, &word, set), listed, "{}", word.span.text(text));
                    compared += 1;
                    found += usize::from(listed);
                }
            }
        }
        assert!(compared > 10_000 && found > 200, "{compared} compared, {found} found");
    }

    #[test]
    fn the_words_outside_quotations_are_those_no_quotation_holds() {
        use super::{words_outside, Span, TextWords, Word};
        let text = "He said \"one two\" and then \"three\" four, 'five six' seven \"eight nine ten\" end.";
        let words = crate::words::tokenize(text, Span::new(0, text.len()));
        let checkpoints = crate::words::word_checkpoints(&words, text.len());
        let all = TextWords::new(text, &words, &checkpoints);
        let quoted: Vec<Span> = ["\"one two\"", "\"three\"", "'five six'", "\"eight nine ten\""]
            .iter()
            .map(|q| {
                let start = text.find(q).expect("in the text");
                Span::new(start, start + q.len())
            })
            .collect();
        let mut compared = 0;
        for from in 0..text.len() {
            for to in (from..=text.len()).step_by(3) {
                let span = Span::new(from, to);
                let expected: Vec<Word> = all
                    .words_in(span)
                    .iter()
                    .filter(|w| !quoted.iter().any(|q| q.start <= w.span.start && w.span.start < q.end))
                    .copied()
                    .collect();
                assert_eq!(words_outside(all, span, &quoted), expected, "{from}..{to}");
                compared += usize::from(!expected.is_empty());
            }
        }
        assert!(compared > 500, "{compared}");
    }

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::parse(text);
        doc.quotations
            .iter()
            .map(|q| (q.inner.text(text).to_string(), q.speaker.as_ref().map(|s| s.name.clone())))
            .collect()
    }

    /// A block quotation holds quotations of its own; in it, a speaker is looked for among
    /// its words outside those, as in a paragraph.
    #[test]
    fn a_name_inside_a_block_quotation_is_a_speaker_for_its_quotations() {
        let text =
            "Intro.\n\n> Ann Smith spoke. “We will win,” she said, and Tom Hale agreed. “They will lose,” he said.\n";
        let found = speakers(text);
        let speaker_of = |quote: &str| found.iter().find(|(inner, _)| inner == quote).and_then(|(_, s)| s.clone());
        assert_eq!(speaker_of("They will lose,").as_deref(), Some("Tom Hale"), "{found:?}");
    }

    /// A pronoun after a block quotation stands for whoever was quoted, not for a name inside
    /// the quoted words.
    #[test]
    fn a_name_inside_the_block_quotation_before_is_not_the_pronoun_s_speaker() {
        let text = "A senior official wrote in a statement:\n\n> I met Governor Tom Hale in Boston and we talked \
                    about the budget for an hour.\n\n“It went well, and it is a good sign for the whole city,” she said.\n";
        let found = speakers(text);
        let speaker = found.iter().find(|(inner, _)| inner.starts_with("It went well")).and_then(|(_, s)| s.clone());
        assert!(!speaker.as_deref().is_some_and(|s| s.contains("Hale")), "{found:?}");
    }

    /// The speaker of the one quotation of each paragraph (each stands alone: no context).
    fn speaker_alone(text: &str) -> Option<String> {
        let found = speakers(text);
        assert_eq!(found.len(), 1, "one quotation in {text:?}: {found:?}");
        found[0].1.clone()
    }

    #[test]
    fn a_quotation_standing_alone_is_credited_by_a_dash_line_below_it() {
        let lead = "The board met on Monday.\n\n";
        let quote = "\"We will keep the library open every day of the year.\"";
        for (credit, name) in [
            ("- Mayor Ann Cole.", Some("Mayor Ann Cole")),
            ("\u{2014} Ruth Ames, Elm County", Some("Ruth Ames")),
            ("-- Olsen", Some("Olsen")),
            // Not a credit: words after a dash that are not a name, or no dash at all.
            ("- and the board agreed with the plan.", None),
            ("Ruth Ames", None),
        ] {
            let text = format!("{lead}{quote}\n\n{credit}\n");
            assert_eq!(speaker_alone(&text).as_deref(), name, "{text:?}");
        }
        // A quotation inside a paragraph is not credited by the line below the paragraph.
        let text = format!("{lead}The sign on the door said {quote} in red.\n\n- Olsen\n");
        assert_ne!(speaker_alone(&text).as_deref(), Some("Olsen"), "{text:?}");
    }

    #[test]
    fn attribution_shapes_of_real_copy() {
        let cases = [
            ("“Fix the roads now!” the mayor said.", "mayor"),
            ("“Will anyone pay for this?” asked Councilwoman Ruth Ames.", "Councilwoman Ruth Ames"),
            ("“Our budget is balanced,” Ames, 58, told the Daily Ledger.", "Ames"),
            ("“The plan has problems,” Rep. Tom Hale (R-Ind.) told reporters.", "Rep. Tom Hale"),
            ("“We are staying,” Maria Lopez, 67, a retired nurse, said.", "Maria Lopez"),
            ("“The bridge is unsafe,” exhorted the council's chairman, Peter Olsen.", "council's chairman"),
            ("“I never saw the memo,” Olsen fumed.", "Olsen"),
            ("“Prices will fall,” the governor concluded.", "governor"),
            ("Said Olsen: “The vote is final.”", "Olsen"),
            ("Continued Hale: “We will appeal the ruling.”", "Hale"),
            ("The governor was quoted as saying “the state is broke.”", "governor"),
            ("Hale defended the vote, calling the plan “a waste of public money and time.”", "Hale"),
            ("Mayor Peter Olsen welcomed “the recognition that we need new buses and trains.”", "Mayor Peter Olsen"),
            ("After a vote, Olsen met the press. Olsen welcomed “the recognition that we need new buses.”", "Olsen"),
            ("Ruth Ames shared her view with donors at a lunch, “I do not know which plan will pass.”", "Ruth Ames"),
            ("As the professor put it: “Nobody reads the fine print anymore.”", "professor"),
            ("Judge Selma Kord of the Elm County District Court said the owner kept exits locked “to stop theft,” and more.", "Judge Selma Kord"),
            ("“Buses set the pace,” in sharp contrast to last year's plan, says Dana Cole, a planner.", "Dana Cole"),
            ("Sen. Rand Paul, R-Ky., told a radio host that polls could be “way off this year.”", "Sen. Rand Paul"),
            ("Early in the race, Tom Reyes attacked Ames, calling her “a failed candidate for the job.”", "Tom Reyes"),
            ("Leader Ann Cole, R-Ky., delivered a blunt message to the board: “It is time to stop the fighting.”", "Leader Ann Cole"),
            ("Ruth Ames, who is running again, praised Olsen for showing “the courage of his convictions.”", "Ruth Ames"),
            ("“The budget will pass this week in the council,” according to the city clerk.", "city clerk"),
            ("“There is more spine in a jellyfish,” reads an editorial in the Ledger.", "editorial in the Ledger"),
            ("Republican mayoral front-runner Ruth Ames is questioning whether the plan “will ever pay for itself.”", "Republican mayoral front-runner Ruth Ames"),
            ("Ruth Ames urged voters to back Peter Olsen, saying, “There is no better choice this year.”", "Ruth Ames"),
            ("“Ann Bell (the board's chair) met him on Monday – there were no calls,” Fox News said.", "Fox News"),
            ("Tom Reyes, who signed the budget, interjected to say: “They have both been inconsistent.”", "Tom Reyes"),
            ("“Is this the best we can do?” Olsen said at a hearing.", "Olsen"),
            (
                "“Enough!” Sen. Ann Marie Kowalski-Reyes of the budget panel said.",
                "Sen. Ann Marie Kowalski-Reyes of the budget panel",
            ),
            (
                "A rule “would end the waste of money,” Deputy City Attorney Rosa M. Delgado wrote.",
                "Deputy City Attorney Rosa M. Delgado",
            ),
        ];
        let mut wrong = Vec::new();
        for (text, speaker) in cases {
            let found = speaker_alone(text);
            if found.as_deref() != Some(speaker) {
                wrong.push(format!("{text}\n    found {found:?}, want {speaker:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_capitalised_opener_is_no_speaker() {
        assert_eq!(speaker_alone("NATO hardliners call it “a necessary step for peace.”"), None);
        assert_eq!(speaker_alone("Around noon, crowds waved banners with “no more taxes on the poor.”"), None);
        assert_eq!(speaker_alone("Foreign envoys voiced “concern about the arrests.”"), None);
        assert_eq!(speaker_alone("Reports by outlets of “mass arrests” were denied."), None);
    }

    #[test]
    fn quotations_joined_by_and_share_their_speaker() {
        let found = speakers("Buses are “the city's lifeline” and “worth every cent,” Ames, the mayor, said.");
        let names: Vec<Option<&str>> = found.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(names, [Some("Ames"), Some("Ames")]);
        let apart = speakers("Buses are “the city's lifeline.” Trams cost “more than anyone planned,” Ames said.");
        assert_eq!(apart[0].1, None, "a quotation in another sentence is not joined");
    }

    #[test]
    fn a_clause_fragment_is_no_speaker() {
        let speaker = |subject: &str| {
            let words = crate::words::tokenize(subject, crate::span::Span::new(0, subject.len()));
            super::speaker_from_subject(subject, &words, super::Attribution::SpeechVerb).map(|s| s.name)
        };
        assert_eq!(speaker("the city clerk").as_deref(), Some("city clerk"));
        assert_eq!(speaker("a source close to the mayor").as_deref(), Some("source close to the mayor"));
        for fragment in ["refusing to", "confusing and", "the candidate could be in a", "giving"] {
            assert_eq!(speaker(fragment), None, "{fragment}");
        }
    }

    #[test]
    fn doubled_apostrophes_are_quotation_marks() {
        let found = speakers("''We will not wait,'' said Lee Marsh, the union's president.");
        assert_eq!(found, vec![("We will not wait,".to_string(), Some("Lee Marsh".to_string()))]);
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        let text = "He was a star in the '80s and loved rock 'n' roll on the radio.";
        assert_eq!(speakers(text), vec![]);
    }

    #[test]
    fn verb_after_the_quote() {
        assert_eq!(
            speakers("“He will pay a price,” Biden said in the interview."),
            vec![("He will pay a price,".into(), Some("Biden".into()))]
        );
        assert_eq!(
            speakers("\"Enough,\" said Maria Lopez, a spokeswoman."),
            vec![("Enough,".into(), Some("Maria Lopez".into()))]
        );
    }

    #[test]
    fn quoted_as_saying() {
        let found = speakers("“No reason to hope,” the state-run TASS news agency quoted Ryabkov as saying.");
        assert_eq!(found[0].1.as_deref(), Some("Ryabkov"));
    }

    #[test]
    fn verb_before_the_quote() {
        let found = speakers("Kremlin spokesman Dmitry Peskov called them “absolutely groundless.”");
        assert_eq!(found[0].1.as_deref(), Some("Kremlin spokesman Dmitry Peskov"));
        let found = speakers("Separately, Zakharova accused the regime of bringing ties \"to a dead end,\" she said.");
        assert_eq!(found[0].1.as_deref(), Some("Zakharova"));
    }

    #[test]
    fn colon_lead_and_continuation() {
        let text = "Zakharova said the following:\n\n\"The situation stems from a deliberate policy.\"\n\n\"It is in a crisis.\"\n";
        let found = speakers(text);
        assert_eq!(found[0].1.as_deref(), Some("Zakharova"));
        assert_eq!(found[1].1.as_deref(), Some("Zakharova"));
    }

    #[test]
    fn pronoun_takes_the_previous_speaker() {
        let text = "“First,” Psaki said. “Our relationship will look different,” she said.";
        let found = speakers(text);
        assert_eq!(found[1].1.as_deref(), Some("Psaki"));
    }

    #[test]
    fn unattributed_quote_has_no_speaker() {
        let found = speakers("The plan failed. “This was always going to happen.”\n\nThe end.");
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn vague_speaker() {
        let doc = crate::document::Document::parse("“It will collapse,” a source close to the ministry said.");
        assert!(doc.quotations[0].speaker.as_ref().is_some_and(|s| s.vague));
    }
}
