//! LanguageTool's public HTTP API (`/v2/check`, `/v2/languages`), so that its browser add-on,
//! its office and editor plug-ins and its client libraries, pointed at this server, show
//! spinlint's findings. Offsets and lengths are UTF-16 code units, as LanguageTool counts.
//! The response carries every field LanguageTool's own server sends, with the same types:
//! clients decode it strictly.

use crate::ops::ApiError;
use crate::utf16::{self, Utf16Counter};
use crate::AppState;
use axum::extract::{Form, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use spinlint_core::finding::{Finding, Severity};
use std::collections::HashMap;

/// The languages spinlint checks: English, in LanguageTool's codes.
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("English", "en", "en"),
    ("English (US)", "en", "en-US"),
    ("English (GB)", "en", "en-GB"),
    ("English (Australian)", "en", "en-AU"),
    ("English (Canadian)", "en", "en-CA"),
    ("English (New Zealand)", "en", "en-NZ"),
    ("English (South African)", "en", "en-ZA"),
];

pub async fn languages() -> Json<Value> {
    Json(Value::Array(
        LANGUAGES.iter().map(|(name, code, long)| json!({ "name": name, "code": code, "longCode": long })).collect(),
    ))
}

/// The parameters spinlint reads; others a client sends (`motherTongue`, `username`,
/// `apiKey`, `preferredVariants`, ...) are accepted and have no effect.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckParams {
    text: Option<String>,
    data: Option<String>,
    language: Option<String>,
    enabled_rules: Option<String>,
    disabled_rules: Option<String>,
    enabled_categories: Option<String>,
    disabled_categories: Option<String>,
    enabled_only: Option<String>,
    level: Option<String>,
    #[serde(flatten)]
    _other: HashMap<String, String>,
}

/// LanguageTool's annotated text: the parts of a document, text to check or markup to skip
/// (counted in offsets, read as its `interpretAs` if it has one).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Annotated {
    annotation: Vec<AnnotationPart>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AnnotationPart {
    text: Option<String>,
    markup: Option<String>,
    interpret_as: Option<String>,
}

/// The text to check, and where each of its bytes stands in the document the client sent (in
/// UTF-16 units): the same for plain text; for annotated text, markup is skipped but counted.
struct Checked {
    text: String,
    /// The pieces the text is made of, in order.
    pieces: Vec<Piece>,
}

/// A piece of the checked text: a text part of the document, or what a markup part reads as.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where it starts in the checked text, in bytes and in UTF-16 units.
    start: usize,
    start_units: usize,
    /// Where it starts in the document, and its length there, in UTF-16 units.
    document: usize,
    document_units: usize,
    markup: bool,
}

impl Checked {
    fn plain(text: String) -> Checked {
        let document_units = utf16::len(&text);
        Checked { text, pieces: vec![Piece { start: 0, start_units: 0, document: 0, document_units, markup: false }] }
    }

    fn annotated(data: &str) -> Result<Checked, ApiError> {
        let annotated: Annotated = serde_json::from_str(data).map_err(|e| {
            ApiError::bad_request(format!(
                "`data` is not LanguageTool's annotated text ({e}): expected {{\"annotation\": [{{\"text\": \"...\"}}, {{\"markup\": \"...\"}}]}}"
            ))
        })?;
        let mut checked = Checked { text: String::new(), pieces: Vec::new() };
        let (mut document, mut units) = (0, 0);
        for part in annotated.annotation {
            let start = checked.text.len();
            let (read, counted, markup) = match (part.text, part.markup) {
                (Some(text), None) => (text.clone(), text, false),
                (None, Some(markup)) => (part.interpret_as.unwrap_or_default(), markup, true),
                _ => return Err(ApiError::bad_request(
                    "each part of the annotated text has either `text` or `markup` (with an optional `interpretAs`)",
                )),
            };
            let document_units = utf16::len(&counted);
            checked.pieces.push(Piece { start, start_units: units, document, document_units, markup });
            units += utf16::len(&read);
            document += document_units;
            checked.text.push_str(&read);
        }
        Ok(checked)
    }

    /// The document offset (UTF-16 units) of a byte offset of the checked text where a span
    /// starts, or ends (`end`): a start is in the piece that holds the byte at the offset, an
    /// end in the piece that holds the byte before it, so that the markup between two pieces
    /// (`so-called</b>`) is part of neither the span before it nor the one after.
    fn document_offset(&self, counter: &mut Utf16Counter, offset: usize, end: bool) -> usize {
        let index = if end && offset > 0 {
            self.pieces.partition_point(|piece| piece.start < offset)
        } else {
            self.pieces.partition_point(|piece| piece.start <= offset)
        };
        let Some(piece) = self.pieces.get(index.saturating_sub(1)) else { return 0 };
        if piece.markup {
            // Inside what markup reads as: the whole markup.
            return if end { piece.document + piece.document_units } else { piece.document };
        }
        piece.document + counter.units(offset).saturating_sub(piece.start_units)
    }
}

fn list(value: &Option<String>) -> Vec<&str> {
    value.as_deref().map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

/// A category's id as LanguageTool writes them: `NO_EVIDENCE` for `no-evidence`.
fn category_id(category: &str) -> String {
    category.to_uppercase().replace('-', "_")
}

/// A category's name for people: `No evidence` for `no-evidence`.
fn category_name(category: &str) -> String {
    let words = category.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// How an editor shows a finding: LanguageTool's clients colour by issue type.
fn issue_type(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "grammar",
        Severity::Warning => "style",
        Severity::Info => "uncategorized",
    }
}

pub async fn check(State(state): State<AppState>, Form(params): Form<CheckParams>) -> Result<Json<Value>, ApiError> {
    let language = params.language.as_deref().map(str::trim).unwrap_or_default();
    let (language_name, language_code) = match language {
        "" => return Err(ApiError::bad_request("Missing 'language' parameter: use en, en-US or auto")),
        "auto" => ("English (US)", "en-US"),
        code => LANGUAGES
            .iter()
            .find(|(_, _, long)| long.eq_ignore_ascii_case(code))
            .map(|(name, _, long)| (*name, *long))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "'{code}' is not a language code known to spinlint, which checks English only (en, en-US, en-GB, ..., or auto)"
                ))
            })?,
    };
    let checked = match (params.text, params.data.as_deref()) {
        (Some(text), None) => Checked::plain(text),
        (None, Some(data)) => Checked::annotated(data)?,
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give either 'text' or 'data', not both")),
        (None, None) => return Err(ApiError::bad_request("Missing 'text' or 'data' parameter")),
    };
    let rules = state.engine.rules();
    let (enabled_rules, disabled_rules) = (list(&params.enabled_rules), list(&params.disabled_rules));
    let (enabled_categories, disabled_categories) =
        (list(&params.enabled_categories), list(&params.disabled_categories));
    for id in enabled_rules.iter().chain(&disabled_rules) {
        if rules.get(id).is_none() {
            let ids = rules.rules.iter().map(|r| &*r.id);
            return Err(ApiError::bad_request(spinlint_core::suggest::unknown_rule(id, ids, "/api/rules")));
        }
    }
    let enabled_only = params.enabled_only.as_deref() == Some("true");
    let picky = params.level.as_deref() == Some("picky");
    let is_category =
        |names: &[&str], category: &str| names.iter().any(|name| *name == category || *name == category_id(category));
    let wanted = |finding: &Finding| {
        let named = enabled_rules.contains(&&*finding.rule) || is_category(&enabled_categories, &finding.category);
        let dropped = disabled_rules.contains(&&*finding.rule) || is_category(&disabled_categories, &finding.category);
        (named || !enabled_only) && !dropped && (picky || finding.severity > Severity::Info || named)
    };
    let text = checked.text.clone();
    // The engine lints a long text in sections and keeps no parse of it: the sentences are
    // found again, alone (without the words and attribution of a whole parse), off the
    // server's async threads as the lint is.
    let sentences = {
        let text = checked.text.clone();
        tokio::task::spawn_blocking(move || spinlint_core::document::Document::sentence_spans(&text))
    };
    let file = crate::api::lint_text(&state, text, None).await?;
    let sentences = sentences
        .await
        .map_err(|_| ApiError::internal("the sentences could not be found (a bug in spinlint: please report it)"))?;
    let mut counter = Utf16Counter::new(&file.text);
    let mut matches = Vec::new();
    for finding in file.findings.iter().filter(|f| wanted(f)) {
        let rule = rules.get(&finding.rule);
        let offset = checked.document_offset(&mut counter, finding.span.start, false);
        let end = checked.document_offset(&mut counter, finding.span.end, true).max(offset);
        // Sentences are in order and do not overlap: the first that ends after the start.
        let sentence = sentences
            .get(sentences.partition_point(|s| s.end <= finding.span.start))
            .filter(|s| s.start <= finding.span.start)
            .map_or("", |s| s.text(&file.text));
        let urls: Vec<Value> =
            rule.map(|r| r.links.iter().map(|link| json!({ "value": link })).collect()).unwrap_or_default();
        matches.push(json!({
            "message": format!("{} {}", finding.message, finding.help.trim()),
            "shortMessage": finding.label,
            "replacements": [],
            "offset": offset,
            "length": end - offset,
            "context": context(&file.text, finding.span.start, finding.span.end),
            "sentence": sentence,
            "type": { "typeName": "Other" },
            "rule": {
                "id": &*finding.rule,
                "description": rule.map_or_else(|| finding.message.to_string(), |r| describe(&r.message)),
                "issueType": issue_type(finding.severity),
                "category": { "id": category_id(&finding.category), "name": category_name(&finding.category) },
                "urls": urls,
            },
            "ignoreForIncompleteSentence": false,
            "contextForSureMatch": 0,
        }));
    }
    let sentence_ranges: Vec<Value> = sentences
        .iter()
        .map(|sentence| {
            let start = checked.document_offset(&mut counter, sentence.start, false);
            json!([start, checked.document_offset(&mut counter, sentence.end, true).max(start)])
        })
        .collect();
    Ok(Json(json!({
        "software": {
            "name": "spinlint",
            "version": env!("CARGO_PKG_VERSION"),
            "buildDate": "",
            "apiVersion": 1,
            "premium": false,
            "premiumHint": "",
            "status": "",
        },
        "warnings": { "incompleteResults": false },
        "language": {
            "name": language_name,
            "code": language_code,
            "detectedLanguage": { "name": language_name, "code": language_code, "confidence": 1.0, "source": "" },
        },
        "matches": matches,
        "sentenceRanges": sentence_ranges,
    })))
}

/// A rule's message template as a description: its placeholders (`{match}`) left out.
fn describe(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    let out = out.replace("``", "").replace(" :", ":");
    out.trim().trim_end_matches(':').trim().to_string()
}

/// Up to 40 characters either side of a finding, and where the finding is in them (UTF-16
/// units), as LanguageTool's `context`.
fn context(text: &str, start: usize, end: usize) -> Value {
    const AROUND: usize = 40;
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let from =
        text[line_start..start].char_indices().rev().nth(AROUND - 1).map_or(line_start, |(at, _)| line_start + at);
    let to = text[end..line_end].char_indices().nth(AROUND).map_or(line_end, |(at, _)| end + at);
    json!({
        "text": &text[from..to],
        "offset": utf16::len(&text[from..start]),
        "length": utf16::len(&text[start..end]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_leave_placeholders_out() {
        assert_eq!(describe("claims that no evidence exists: `{match}`"), "claims that no evidence exists");
        assert_eq!(describe("{count} loaded words"), "loaded words");
        assert_eq!(category_id("no-evidence"), "NO_EVIDENCE");
        assert_eq!(category_name("black-and-white"), "Black and white");
    }

    #[test]
    fn annotated_text_counts_markup_but_reads_its_interpretation() {
        let checked =
            Checked::annotated(r#"{"annotation":[{"text":"A "},{"markup":"<b>"},{"text":"😀x"},{"markup":"<br/>","interpretAs":"\n"},{"text":"y"}]}"#)
                .unwrap();
        assert_eq!(checked.text, "A 😀x\ny");
        let mut counter = Utf16Counter::new(&checked.text);
        let x = checked.text.find('x').unwrap();
        assert_eq!(checked.document_offset(&mut counter, x, false), 2 + 3 + 2, "A, space, <b>, the emoji's two units");
        let y = checked.text.find('y').unwrap();
        assert_eq!(checked.document_offset(&mut counter, y, false), 2 + 3 + 2 + 1 + 5);
        assert_eq!(checked.document_offset(&mut counter, y - 1, false), 8, "inside the <br/>'s newline: its start");
        assert_eq!(checked.document_offset(&mut counter, y, true), 8 + 5, "a span ending in it: its end");
        assert_eq!(checked.document_offset(&mut counter, 2, false), 2 + 3, "a span starting after <b>");
        assert_eq!(checked.document_offset(&mut counter, 2, true), 2, "a span ending before <b>");
    }
}
