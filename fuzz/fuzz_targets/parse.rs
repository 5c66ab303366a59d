//! The parser on arbitrary bytes: decoded lossily, parsed, every span checked against the text,
//! and the document model serialised as `spinlint parse` prints it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint_core::document::Document;
use spinlint_core::span::Span;

fn check(text: &str, what: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside the text ({})", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document::parse(&text);
    for block in &doc.blocks {
        check(&text, "block", block.span);
        check(&text, "block content", block.content);
    }
    for sentence in &doc.sentences {
        check(&text, "sentence", sentence.span);
        for word in doc.words_in(sentence.span).iter() {
            check(&text, "word", word.span);
        }
    }
    for quotation in &doc.quotations {
        check(&text, "quotation", quotation.span);
        check(&text, "quotation inner", quotation.inner);
    }
    for skip in &doc.skips {
        check(&text, "skip", skip.span);
    }
    let json = serde_json::to_string(&doc.to_model()).expect("the model serialises");
    assert!(!json.is_empty());
});
