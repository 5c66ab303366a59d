//! Property tests of the document model and the reports: on article-like text and on arbitrary
//! strings, every span lies inside the text on char boundaries, spans of each kind are sorted,
//! every quotation closes or is marked unbalanced, and line/column agree with the byte offset.

use proptest::prelude::*;
use spinlint_core::document::{Document, QuoteStyle};
use spinlint_core::span::Span;
use spinlint_core::words::tokenize;
use spinlint_core::{Engine, FileResult};
use spinlint_report::Report;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

/// Pieces of article-like text: words (some that rules look for), punctuation, every quote
/// mark, ellipses, parentheses, line ends of every platform, Markdown markers, non-ASCII,
/// combining marks, zero-width and right-to-left characters.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "The",
        "minister",
        "said",
        "Peskov",
        "told reporters that",
        "there is no evidence",
        "because none exists",
        "groundless",
        "according to",
        "sources say",
        "experts argue",
        "what about",
        "Mr.",
        "U.S.",
        "3.5",
        "she",
        "adding:",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "«",
        "»",
        "„",
        "...",
        "…",
        "(",
        ")",
        ",",
        ".",
        "!",
        "?",
        ":",
        ";",
        " — ",
        " ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "# ",
        "## ",
        "> ",
        "- ",
        "* ",
        "1. ",
        "`",
        "[link](http://example.com)",
        "http://x.org/a",
        "a@b.com",
        "<!-- c -->",
        "Peskov: ",
        "Q: ",
        "\t",
        "Café",
        "naïve",
        "e\u{301}",
        "\u{301}",
        "\u{200b}",
        "\u{200d}",
        "\u{feff}",
        "\u{202e}",
        "\u{202c}",
        "שלום",
        "السلام",
        "日本語",
        "🙂",
        "\u{fffd}",
    ])
    .prop_map(str::to_string);
    prop_oneof![8 => fixed, 1 => "[a-zA-Z]{1,12}", 1 => any::<char>().prop_map(|c| c.to_string())]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|pieces| pieces.join(" ").replace("  ", " ") + &pieces.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![4 => article(), 1 => any::<String>()]
}

fn inside(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside the text ({})", text.len());
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries"
    );
    Ok(())
}

fn sorted(spans: &[Span], what: &str) -> Result<(), TestCaseError> {
    for pair in spans.windows(2) {
        prop_assert!(pair[0].start <= pair[1].start, "{what} not sorted: {:?} then {:?}", pair[0], pair[1]);
    }
    Ok(())
}

/// Line and column by counting from the start: `\n`, `\r\n` and a lone `\r` end a line;
/// columns count characters; a byte order mark at the start is not a column.
fn expected_position(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (at, c) in text[..offset].char_indices() {
        match c {
            '\r' if text[at + 1..].starts_with('\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            '\u{feff}' if at == 0 => {}
            _ => column += 1,
        }
    }
    (line, column)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn model_spans_lie_inside_the_text_and_are_sorted(text in text()) {
        let doc = Document::parse(&text);
        for block in &doc.blocks {
            inside(&text, block.span, "block")?;
            inside(&text, block.content, "block content")?;
            prop_assert!(block.span.contains(block.content), "content {:?} outside block {:?}", block.content, block.span);
        }
        for sentence in &doc.sentences {
            inside(&text, sentence.span, "sentence")?;
            let words = doc.words_in(sentence.span);
            for word in words.iter() {
                inside(&text, word.span, "word")?;
                prop_assert!(sentence.span.contains(word.span));
            }
            sorted(&words.iter().map(|w| w.span).collect::<Vec<_>>(), "words")?;
        }
        for quotation in &doc.quotations {
            inside(&text, quotation.span, "quotation")?;
            inside(&text, quotation.inner, "quotation inner")?;
            prop_assert!(quotation.span.contains(quotation.inner));
            if let Some(speaker) = &quotation.speaker {
                inside(&text, speaker.span, "speaker")?;
            }
        }
        for skip in &doc.skips {
            inside(&text, skip.span, "skip")?;
        }
        sorted(&doc.blocks.iter().map(|b| b.span).collect::<Vec<_>>(), "blocks")?;
        sorted(&doc.sentences.iter().map(|s| s.span).collect::<Vec<_>>(), "sentences")?;
        sorted(&doc.quotations.iter().map(|q| q.span).collect::<Vec<_>>(), "quotations")?;
        sorted(&doc.skips.iter().map(|s| s.span).collect::<Vec<_>>(), "skips")?;
        prop_assert!(serde_json::to_string(&doc.to_model()).is_ok());
    }

    #[test]
    fn the_words_of_a_span_are_those_tokenize_finds(text in text(), cuts in prop::collection::vec((any::<usize>(), any::<usize>()), 8)) {
        let doc = Document::parse(&text);
        for (a, b) in cuts {
            let floor = |offset: usize| (0..=offset.min(text.len())).rev().find(|&o| text.is_char_boundary(o)).unwrap_or(0);
            let (start, end) = (floor(a % (text.len() + 1)), floor(b % (text.len() + 1)));
            let span = Span::new(start.min(end), start.max(end));
            let expected = tokenize(&text, span);
            prop_assert_eq!(&*doc.words_in(span), expected.as_slice(), "{:?}", span);
        }
    }

    #[test]
    fn sections_that_read_the_whole_text_find_what_the_whole_text_finds(text in article(), target in 16usize..400) {
        // Each section parses everything: only the cutting, shifting and keeping of findings
        // is left to differ, and must not.
        let rules = engine().rules();
        let selection = spinlint_core::lint::Selection::defaults(rules);
        let whole = spinlint_core::lint::lint_with(&Document::parse(&text), rules, &selection);
        let sequential = &spinlint_core::parallel::Sequential;
        let sectioned = spinlint_core::sections::lint_in_sections(&text, rules, &selection, sequential, target, text.len());
        prop_assert_eq!(sectioned, whole);
    }

    #[test]
    fn every_quotation_closes_or_is_unbalanced(text in text()) {
        let doc = Document::parse(&text);
        for q in &doc.quotations {
            let marked = !matches!(q.style, QuoteStyle::Block | QuoteStyle::Interview | QuoteStyle::Reported);
            if !marked || q.unbalanced {
                continue;
            }
            let closing = text[q.inner.end..q.span.end].chars().next();
            prop_assert!(
                closing.is_some_and(|c| matches!(c, '”' | '“' | '"' | '’' | '\'' | '»')),
                "quotation {:?} ({:?}) is not unbalanced but ends with {:?}: {:?}",
                q.span, q.style, closing, q.span.text(&text)
            );
        }
    }

    #[test]
    fn findings_and_positions_agree_with_offsets(text in text()) {
        let file = engine().lint("p.txt", None, text.clone());
        let mut spans = Vec::new();
        for finding in &file.findings {
            inside(&text, finding.span, "finding")?;
            spans.push(finding.span);
            for label in &finding.labels {
                inside(&text, label.span, "label")?;
            }
            let p = file.position(finding.span);
            prop_assert_eq!((p.line, p.column), expected_position(&text, finding.span.start));
            prop_assert_eq!((p.end_line, p.end_column), expected_position(&text, finding.span.end));
        }
        sorted(&spans, "findings")?;
        let report = Report { files: vec![file], ..Report::default() };
        let json = spinlint_report::json::build(&report);
        for (diagnostic, (_, finding)) in json.diagnostics.iter().zip(report.findings()) {
            let (line, column) = expected_position(&text, finding.span.start);
            prop_assert_eq!((diagnostic.line, diagnostic.column), (line, column));
        }
    }

    #[test]
    fn the_human_output_shows_each_finding_at_its_place_at_any_width(text in text(), width in 0usize..300) {
        // Lines are cut to the width around their labels: the rendering never fails, and each
        // header still gives the finding's place in the file.
        let file = engine().lint("p.txt", None, text.clone());
        let expected: Vec<String> = file
            .findings
            .iter()
            .map(|finding| {
                let (line, column) = expected_position(&text, finding.span.start);
                format!("p.txt:{line}:{column}")
            })
            .collect();
        let report = Report { files: vec![file], ..Report::default() };
        let mut out = Vec::new();
        let settings = spinlint_report::Settings { width, ..spinlint_report::Settings::default() };
        prop_assert!(spinlint_report::human::write(&report, &mut out, &settings).is_ok());
        let out = String::from_utf8(out).expect("the human output is UTF-8");
        let headers: Vec<&str> = out.lines().filter_map(|line| line.trim_start().strip_prefix("--> ")).collect();
        prop_assert_eq!(headers, expected);
    }

    #[test]
    fn position_of_any_offset_counts_every_line_end(text in text(), at in any::<prop::sample::Index>()) {
        let file = FileResult::new("p.txt".into(), text.clone(), Vec::new(), Vec::new());
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let offset = boundaries[at.index(boundaries.len())];
        // Between the two bytes of a `\r\n` is no place a span starts or ends.
        prop_assume!(!(text[..offset].ends_with('\r') && text[offset..].starts_with('\n')));
        let p = file.position(Span::new(offset, offset));
        prop_assert_eq!((p.line, p.column), expected_position(&text, offset));
    }
}
