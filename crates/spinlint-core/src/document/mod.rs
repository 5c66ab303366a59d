//! The document model: an article parsed into blocks, sentences, words, quotations with their
//! speakers, and the inline regions that are not prose, all as byte spans into the original text.

pub mod attribution;
pub mod blocks;
pub mod inline;
pub mod quotes;
pub mod sentences;

pub use crate::words::{TextWords, Word};
pub use blocks::{Block, BlockKind};
pub use inline::{Skip, SkipKind};
pub use quotes::{Attribution, Quotation, QuoteStyle, Speaker};
pub use sentences::Sentence;

use crate::span::{LineIndex, Span};
use crate::words;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct Document<'t> {
    pub text: &'t str,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    /// Sorted by start; a nested quotation follows the one that contains it.
    pub quotations: Vec<Quotation>,
    /// Regions that are not prose, sorted by start.
    pub skips: Vec<Skip>,
    /// Every word of the text, in order: the one tokenization that the rules' windows share.
    pub words: Vec<Word>,
    /// `words::word_checkpoints` of `words`.
    word_checkpoints: Vec<u32>,
    longest_skip: usize,
    /// For each quotation (in order), the furthest end of it and all before it.
    reach: Vec<usize>,
}

/// Where a span lies, for a rule's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Prose,
    Heading,
    Quote,
}

impl<'t> Document<'t> {
    pub fn parse(text: &'t str) -> Self {
        Document::parse_blocks(text, blocks::parse_blocks(text))
    }

    /// Parses a view's text (`crate::view::View`) with the blocks its reader found.
    pub fn parse_view(view: &'t crate::view::View) -> Self {
        Document::parse_blocks(&view.text, blocks::view_blocks(&view.text, &view.blocks))
    }

    /// Parses `text` whose blocks are known.
    pub fn parse_blocks(text: &'t str, mut blocks: Vec<Block>) -> Self {
        let (skips, mut quotations, sentences) = Document::sentences_of(text, &blocks);
        // Attribution reads the words around each quotation: slices of these, not new ones.
        let words = words::tokenize(text, Span::new(0, text.len()));
        let word_checkpoints = words::word_checkpoints(&words, text.len());
        let all_words = TextWords::new(text, &words, &word_checkpoints);
        attribution::attribute(all_words, &blocks, &sentences, &mut quotations);
        let statements = attribution::colon_lead_quotations(all_words, &blocks, &quotations);
        if !statements.is_empty() {
            quotations.extend(statements);
            quotations.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end), q.depth));
        }
        for block in &mut blocks {
            block.inner_markers.shrink_to_fit();
        }
        let longest_skip = skips.iter().map(|s| s.span.len()).max().unwrap_or(0);
        let reach = quotations
            .iter()
            .scan(0, |furthest, q| {
                *furthest = q.span.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Document { text, blocks, sentences, quotations, skips, words, word_checkpoints, longest_skip, reach }
    }

    /// The skips, the quotations (before attribution) and the sentences of a text's blocks.
    fn sentences_of(text: &str, blocks: &[Block]) -> (Vec<Skip>, Vec<Quotation>, Vec<Sentence>) {
        let mut skips = Vec::new();
        for block in blocks {
            if block.kind.is_prose() {
                inline::scan_skips(text, block.content, &mut skips);
                skips.extend(block.inner_markers.iter().map(|&span| Skip { kind: SkipKind::Marker, span }));
            }
        }
        skips.sort_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)));
        let mut quotations = quotes::scan_quotations(text, blocks, &skips);
        quotations.extend(quotes::block_quotations(blocks));
        quotations.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end), q.depth));
        let sentences = sentences::split_sentences(text, blocks, &quotations);
        (skips, quotations, sentences)
    }

    /// The spans of the sentences [`Document::parse`] finds in `text`, without the words and
    /// the attribution of quotations it also works out (most of its cost): for a front end
    /// that shows sentences beside findings the engine found in sections.
    pub fn sentence_spans(text: &str) -> Vec<Span> {
        let blocks = blocks::parse_blocks(text);
        Document::sentences_of(text, &blocks).2.into_iter().map(|s| s.span).collect()
    }

    /// Indirect speech in a sentence (`Peskov told reporters that ...`), found on demand: only
    /// the sentences a rule matched in need it.
    pub fn reported_speech(&self, sentence: usize) -> Option<Quotation> {
        attribution::reported_speech_in(self.text_words(), self.sentences.get(sentence)?, &self.quotations)
    }

    /// The sentence that contains a byte offset.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences.get(index).filter(|s| s.span.start <= offset).map(|_| index)
    }

    /// The quotations that start before `span` and reach it, latest first. The walk back stops
    /// where no earlier quotation reaches that far, so it does not depend on how many quotations
    /// a long block quote holds.
    fn quotations_reaching(&self, span: Span) -> impl Iterator<Item = &Quotation> + '_ {
        let end = self.quotations.partition_point(|q| q.span.start <= span.start);
        (0..end).rev().take_while(move |&i| self.reach[i] > span.start).map(move |i| &self.quotations[i])
    }

    /// The innermost quotation whose quoted words contain `span`.
    pub fn quotation_around(&self, span: Span) -> Option<&Quotation> {
        self.quotations_reaching(span).filter(|q| q.inner.contains(span)).max_by_key(|q| (q.depth, q.span.start))
    }

    /// The outermost quotation around `span` that names a speaker.
    pub fn attributed_quotation_around(&self, span: Span) -> Option<&Quotation> {
        self.quotations_reaching(span).filter(|q| q.inner.contains(span) && q.speaker.is_some()).min_by_key(|q| q.depth)
    }

    pub fn place_of(&self, span: Span, block: usize) -> Place {
        if self.quotation_around(span).is_some() {
            Place::Quote
        } else if self.blocks.get(block).is_some_and(|b| b.kind == BlockKind::Heading) {
            Place::Heading
        } else {
            Place::Prose
        }
    }

    /// Whether `span` touches a region that is not prose.
    pub fn in_skip(&self, span: Span) -> bool {
        let end = self.skips.partition_point(|s| s.span.start < span.end);
        self.skips[..end]
            .iter()
            .rev()
            .take_while(|s| s.span.start + self.longest_skip >= span.start)
            .any(|s| s.span.overlaps(span))
    }

    /// The quotations and the indirect speech of every sentence, sorted.
    pub fn all_quotations(&self) -> Vec<Quotation> {
        let mut all = self.quotations.clone();
        all.extend((0..self.sentences.len()).filter_map(|s| self.reported_speech(s)));
        all.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end), q.depth));
        all
    }

    /// The regions that are not prose and overlap `span`.
    pub fn skips_overlapping(&self, span: Span) -> impl Iterator<Item = &Skip> + '_ {
        let end = self.skips.partition_point(|s| s.span.start < span.end);
        self.skips[..end]
            .iter()
            .rev()
            .take_while(move |s| s.span.start + self.longest_skip >= span.start)
            .filter(move |s| s.span.overlaps(span))
    }

    /// The quotations that start inside `span`, in order.
    pub fn quotations_starting_in(&self, span: Span) -> &[Quotation] {
        let from = self.quotations.partition_point(|q| q.span.start < span.start);
        let to = self.quotations.partition_point(|q| q.span.start < span.end);
        &self.quotations[from..to.max(from)]
    }

    /// The document's words, with its text: where the words of its spans are taken from.
    pub fn text_words(&self) -> TextWords<'_> {
        TextWords::new(self.text, &self.words, &self.word_checkpoints)
    }

    /// The words of `span`, as `tokenize` finds them: a slice of the document's words, unless
    /// the span cuts a word (then it is tokenized on its own).
    pub fn words_in(&self, span: Span) -> std::borrow::Cow<'_, [Word]> {
        self.text_words().words_in(span)
    }

    /// The indexes of the document's words inside `span`, or `None` when the span starts or ends
    /// inside a word.
    pub fn word_range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        self.text_words().range(span)
    }

    /// `word_range` for spans taken in order (the sentences): the search walks on from `cursor`,
    /// which must not be past the span's first word, and moves `cursor` to the span's end.
    pub fn next_word_range(&self, span: Span, cursor: &mut usize) -> Option<std::ops::Range<usize>> {
        self.text_words().next_range(span, cursor)
    }

    /// The JSON model that `spinlint parse` prints.
    pub fn to_model(&self) -> DocumentModel<'_> {
        let lines = LineIndex::new(self.text);
        let line = |offset: usize| lines.line_column(self.text, offset).0;
        DocumentModel {
            blocks: self
                .blocks
                .iter()
                .map(|b| BlockModel {
                    kind: b.kind,
                    span: b.span,
                    line: line(b.span.start),
                    speaker: b.speaker.map(|s| s.text(self.text)),
                    text: b.content.text(self.text),
                })
                .collect(),
            sentences: self
                .sentences
                .iter()
                .map(|s| SentenceModel {
                    span: s.span,
                    block: s.block,
                    text: s.span.text(self.text),
                    words: self.words_in(s.span).iter().map(|w| w.span.text(self.text)).collect(),
                })
                .collect(),
            quotations: self
                .all_quotations()
                .into_iter()
                .map(|q| QuotationModel {
                    span: q.span,
                    line: line(q.span.start),
                    text: q.inner.text(self.text),
                    style: q.style,
                    depth: q.depth,
                    unbalanced: q.unbalanced,
                    continued: q.continued,
                    speaker: q.speaker,
                })
                .collect(),
            skips: self
                .skips
                .iter()
                .map(|s| SkipModel { kind: s.kind, span: s.span, text: s.span.text(self.text) })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct DocumentModel<'d> {
    pub blocks: Vec<BlockModel<'d>>,
    pub sentences: Vec<SentenceModel<'d>>,
    pub quotations: Vec<QuotationModel<'d>>,
    pub skips: Vec<SkipModel<'d>>,
}

#[derive(Serialize)]
pub struct BlockModel<'d> {
    pub kind: BlockKind,
    pub span: Span,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<&'d str>,
    pub text: &'d str,
}

#[derive(Serialize)]
pub struct SentenceModel<'d> {
    pub span: Span,
    pub block: usize,
    pub text: &'d str,
    pub words: Vec<&'d str>,
}

#[derive(Serialize)]
pub struct QuotationModel<'d> {
    pub span: Span,
    pub line: usize,
    pub text: &'d str,
    pub style: QuoteStyle,
    pub depth: usize,
    pub unbalanced: bool,
    pub continued: bool,
    pub speaker: Option<Speaker>,
}

#[derive(Serialize)]
pub struct SkipModel<'d> {
    pub kind: SkipKind,
    pub span: Span,
    pub text: &'d str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_spans_alone_are_those_of_the_whole_parse() {
        let mut texts = crate::test_support::fixture_articles();
        texts.push("# A heading\n\n> A quote. \"Another,\" he said.\n\n- a list item. And more?\n".into());
        let mut sentences = 0;
        for text in &texts {
            let whole: Vec<Span> = Document::parse(text).sentences.iter().map(|s| s.span).collect();
            assert_eq!(Document::sentence_spans(text), whole);
            sentences += whole.len();
        }
        assert!(sentences > 100, "{sentences}");
    }

    #[test]
    fn a_block_quote_holding_many_quotations_is_still_found_around_its_last_words() {
        let inner: String = (0..80).map(|i| format!("“q{i}” ")).collect();
        let text = format!("Zakharova said the following:\n\n> {inner} and the last words here.\n");
        let doc = Document::parse(&text);
        let at = text.find("last words").unwrap();
        let around = doc.quotation_around(Span::new(at, at + 4)).expect("inside the block quote");
        assert_eq!(around.style, QuoteStyle::Block);
    }

    #[test]
    fn words_of_a_span_are_those_tokenize_finds() {
        let text = "He said “don’t” (sic) at 3.5 p.m., rock-solid.\n\nNext para here.";
        let doc = Document::parse(text);
        for start in 0..=text.len() {
            for end in start..=text.len() {
                if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                    continue;
                }
                let span = Span::new(start, end);
                assert_eq!(&*doc.words_in(span), words::tokenize(text, span).as_slice(), "{span:?}");
            }
        }
        let mut cursor = 0;
        for sentence in &doc.sentences {
            assert_eq!(doc.next_word_range(sentence.span, &mut cursor), doc.word_range(sentence.span));
        }
    }
}
