//! LanguageTool's API: `/v2/languages` and `/v2/check`, as its clients call them.

use crate::common::{get, get_query, post_form, utf16_slice, Server};
use serde_json::Value;

/// An article with five warnings, one of each kind of span: a phrase, a word, a clause.
const ARTICLE: &str = "Experts say there is no evidence, the so-called reforms are a disaster. \
                       Everyone knows this is the best plan ever.";

/// Curly quotes (one UTF-16 unit, three UTF-8 bytes), emoji (two units, four bytes) and CJK
/// (one unit, three bytes) before and between the findings.
const UNICODE: &str =
    "“Experts say” 😀 the so-called 改革 reforms. 日本 officials insist there is no evidence 🎉 of fraud.";

/// Two findings of `info` severity (shown at the picky level only) and a warning.
const PICKY: &str = "Only a handful of protesters came. The minister slammed the plan. There is no evidence of fraud.";

fn matches(body: &Value) -> &Vec<Value> {
    body["matches"].as_array().unwrap_or_else(|| panic!("no matches: {body}"))
}

/// Each match as (rule id, the words it points at in `document`).
fn found(document: &str, body: &Value) -> Vec<(String, String)> {
    matches(body)
        .iter()
        .map(|m| {
            let words = utf16_slice(document, m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap());
            (m["rule"]["id"].as_str().unwrap().to_string(), words)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(rule, words)| (rule.to_string(), words.to_string())).collect()
}

fn check(server: &Server, form: &[(&str, &str)]) -> Value {
    let reply = post_form(&server.url("/v2/check"), form);
    assert_eq!(reply.status, 200, "{form:?}: {}", reply.body);
    reply.json()
}

#[test]
fn languages_are_the_english_variants() {
    let server = Server::start();
    let reply = get(&server.url("/v2/languages"));
    assert_eq!(reply.status, 200);
    let languages = reply.json();
    let languages = languages.as_array().expect("a list");
    for language in languages {
        assert!(language["name"].as_str().is_some_and(|name| name.starts_with("English")), "{language}");
        assert_eq!(language["code"], "en", "{language}");
    }
    let long: Vec<&str> = languages.iter().map(|l| l["longCode"].as_str().unwrap()).collect();
    for code in ["en", "en-US", "en-GB"] {
        assert!(long.contains(&code), "{code} in {long:?}");
    }
}

#[test]
fn check_by_get_and_by_post_finds_the_same_with_every_field_languagetool_sends() {
    let server = Server::start();
    let by_post = check(&server, &[("text", ARTICLE), ("language", "en-US")]);
    let by_get = get_query(&server.url("/v2/check"), &[("text", ARTICLE), ("language", "en-US")]);
    assert_eq!(by_get.status, 200, "{}", by_get.body);
    assert_eq!(by_get.json(), by_post);

    assert_eq!(
        found(ARTICLE, &by_post),
        pairs(&[
            ("vague-source-unnamed-experts", "Experts say"),
            ("no-evidence-none-exists", "no evidence"),
            ("doubt-so-called", "so-called"),
            ("cliche-thought-terminating", "Everyone knows this"),
            ("exaggeration-superlative", "best plan ever"),
        ])
    );
    assert_eq!(by_post["software"]["name"], "spinlint");
    assert!(by_post["software"]["apiVersion"].is_number());
    assert_eq!(by_post["language"]["code"], "en-US");
    assert_eq!(by_post["language"]["name"], "English (US)");
    assert_eq!(by_post["language"]["detectedLanguage"]["code"], "en-US");
    assert_eq!(by_post["warnings"]["incompleteResults"], false);
    for m in matches(&by_post) {
        assert!(m["message"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
        assert!(m["replacements"].is_array(), "{m}");
        assert!(m["sentence"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
        assert!(m["type"]["typeName"].is_string(), "{m}");
        assert_eq!(m["rule"]["issueType"], "style", "warnings show as style: {m}");
        assert!(m["rule"]["description"].as_str().is_some_and(|s| !s.is_empty() && !s.contains('{')), "{m}");
        assert!(m["rule"]["category"]["id"].as_str().is_some_and(|id| id == id.to_uppercase()), "{m}");
        assert!(m["rule"]["category"]["name"].is_string(), "{m}");
        // The context holds the matched words at its own offset.
        let context = &m["context"];
        let words = utf16_slice(
            context["text"].as_str().unwrap(),
            context["offset"].as_u64().unwrap(),
            context["length"].as_u64().unwrap(),
        );
        assert_eq!(words, utf16_slice(ARTICLE, m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap()));
    }
    let first = &matches(&by_post)[0];
    assert_eq!(first["sentence"], "Experts say there is no evidence, the so-called reforms are a disaster.");
    assert_eq!(first["rule"]["category"]["id"], "VAGUE_SOURCE");
    // Two sentences, in UTF-16 units.
    let ranges = by_post["sentenceRanges"].as_array().unwrap();
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    let second = ranges[1].as_array().unwrap();
    let words =
        utf16_slice(ARTICLE, second[0].as_u64().unwrap(), second[1].as_u64().unwrap() - second[0].as_u64().unwrap());
    assert_eq!(words, "Everyone knows this is the best plan ever.");
}

#[test]
fn offsets_count_utf16_units_past_emoji_curly_quotes_and_cjk() {
    let server = Server::start();
    let body = check(&server, &[("text", UNICODE), ("language", "en")]);
    assert_eq!(
        found(UNICODE, &body),
        pairs(&[
            ("vague-source-quoted", "Experts say"),
            ("doubt-so-called", "so-called"),
            ("no-evidence-none-exists", "no evidence"),
        ])
    );
    // The offsets are units, not bytes nor characters: the emoji before `so-called` counts two.
    let so_called = &matches(&body)[1];
    let before = "“Experts say” 😀 the ";
    assert!(UNICODE.starts_with(before));
    assert_eq!(so_called["offset"], 21);
    assert_eq!((before.encode_utf16().count(), before.chars().count(), before.len()), (21, 20, 27));
    for m in matches(&body) {
        let context = &m["context"];
        let in_context = utf16_slice(
            context["text"].as_str().unwrap(),
            context["offset"].as_u64().unwrap(),
            context["length"].as_u64().unwrap(),
        );
        assert_eq!(in_context, utf16_slice(UNICODE, m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap()));
    }
}

/// LanguageTool's annotated text as `data`: the document is every part, text and markup, one
/// after the other, and the offsets count the markup.
fn annotated(parts: &[(&str, &str)]) -> (String, String) {
    let annotation: Vec<Value> = parts
        .iter()
        .map(|(kind, value)| match *kind {
            "text" => serde_json::json!({ "text": value }),
            "markup" => serde_json::json!({ "markup": value }),
            _ => {
                let (markup, interpret_as) = value.split_once('|').unwrap();
                serde_json::json!({ "markup": markup, "interpretAs": interpret_as })
            }
        })
        .collect();
    let document = parts.iter().map(|(_, value)| value.split('|').next().unwrap()).collect();
    (serde_json::json!({ "annotation": annotation }).to_string(), document)
}

#[test]
fn annotated_text_counts_the_markup_in_offsets() {
    let server = Server::start();
    let (data, document) = annotated(&[
        ("markup", "<p class=\"lede\">"),
        ("text", "“Experts say” 😀 the "),
        ("markup", "<b>"),
        ("text", "so-called"),
        ("markup", "</b>"),
        ("text", " reforms failed."),
        ("interpret", "</p>|\n\n"),
        ("markup", "<p>"),
        ("text", "日本 officials insist there is "),
        ("markup", "<em>"),
        ("text", "no evidence"),
        ("markup", "</em>"),
        ("text", " of fraud."),
        ("markup", "</p>"),
    ]);
    let body = check(&server, &[("data", data.as_str()), ("language", "en-US")]);
    assert_eq!(
        found(&document, &body),
        pairs(&[
            ("vague-source-quoted", "Experts say"),
            ("doubt-so-called", "so-called"),
            ("no-evidence-none-exists", "no evidence"),
        ]),
        "the markup around a finding is not part of it"
    );
    let ranges: Vec<String> = body["sentenceRanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|range| {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            utf16_slice(&document, start, end - start)
        })
        .collect();
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    assert!(ranges[0].starts_with("“Experts say”") && ranges[0].ends_with("reforms failed."), "{ranges:?}");
    assert!(ranges[1].starts_with("日本") && ranges[1].ends_with("of fraud."), "{ranges:?}");
    // By GET too.
    let by_get = get_query(&server.url("/v2/check"), &[("data", &data), ("language", "en-US")]);
    assert_eq!(by_get.status, 200, "{}", by_get.body);
    assert_eq!(found(&document, &by_get.json()).len(), 3);
}

#[test]
fn bad_annotated_text_is_a_bad_request() {
    let server = Server::start();
    for data in [
        "not json",
        r#"{"annotation": [{"text": "a", "markup": "<b>"}]}"#,
        r#"{"annotation": [{}]}"#,
        r#"{"annotations": []}"#,
    ] {
        let reply = post_form(&server.url("/v2/check"), &[("data", data), ("language", "en")]);
        let message = reply.languagetool_error(400);
        assert!(message.contains("annotat"), "{data}: {message}");
    }
}

#[test]
fn languages_other_than_english_are_refused_and_auto_is_english() {
    let server = Server::start();
    let url = server.url("/v2/check");
    let text = ("text", "There is no evidence.");
    assert!(post_form(&url, &[text]).languagetool_error(400).contains("language"));
    assert!(post_form(&url, &[text, ("language", "")]).languagetool_error(400).contains("language"));
    for code in ["de-DE", "fr", "english", "en-XX"] {
        let message = post_form(&url, &[text, ("language", code)]).languagetool_error(400);
        assert!(message.contains(code) && message.contains("English"), "{code}: {message}");
    }
    let auto = check(&server, &[text, ("language", "auto")]);
    assert_eq!(auto["language"]["code"], "en-US");
    assert_eq!(matches(&auto).len(), 1);
    let british = check(&server, &[text, ("language", "EN-gb")]);
    assert_eq!(british["language"]["code"], "en-GB");
    assert_eq!(british["language"]["name"], "English (GB)");
    // Text or data, one of the two.
    assert!(post_form(&url, &[("language", "en")]).languagetool_error(400).contains("text"));
    let message =
        post_form(&url, &[text, ("data", r#"{"annotation":[]}"#), ("language", "en")]).languagetool_error(400);
    assert!(message.contains("either"), "{message}");
}

#[test]
fn rules_and_categories_are_chosen_as_languagetool_chooses_them() {
    let server = Server::start();
    let rules = |extra: &[(&str, &str)]| -> Vec<String> {
        let mut form = vec![("text", ARTICLE), ("language", "en-US")];
        form.extend_from_slice(extra);
        found(ARTICLE, &check(&server, &form)).into_iter().map(|(rule, _)| rule).collect()
    };
    let all = rules(&[]);
    assert_eq!(all.len(), 5, "{all:?}");
    let without = |dropped: &[&str]| -> Vec<String> {
        all.iter().filter(|rule| !dropped.contains(&rule.as_str())).cloned().collect()
    };

    assert_eq!(rules(&[("disabledRules", "doubt-so-called")]), without(&["doubt-so-called"]));
    assert_eq!(
        rules(&[("disabledRules", "doubt-so-called, exaggeration-superlative")]),
        without(&["doubt-so-called", "exaggeration-superlative"]),
        "a comma-separated list, spaces allowed"
    );
    assert_eq!(rules(&[("enabledRules", "doubt-so-called")]), all, "enabling adds, alone it drops nothing");
    assert_eq!(rules(&[("enabledRules", "doubt-so-called"), ("enabledOnly", "true")]), ["doubt-so-called"]);
    // Categories by LanguageTool's id (NO_EVIDENCE) or by spinlint's name (no-evidence).
    for category in ["NO_EVIDENCE", "no-evidence"] {
        assert_eq!(rules(&[("disabledCategories", category)]), without(&["no-evidence-none-exists"]), "{category}");
        assert_eq!(
            rules(&[("enabledCategories", category), ("enabledOnly", "true")]),
            ["no-evidence-none-exists"],
            "{category}"
        );
    }
    assert_eq!(
        rules(&[("enabledCategories", "DOUBT,CLICHE"), ("enabledOnly", "true")]),
        ["doubt-so-called", "cliche-thought-terminating"]
    );
    assert_eq!(
        rules(&[("enabledOnly", "true"), ("enabledCategories", "DOUBT"), ("disabledRules", "doubt-so-called")]),
        Vec::<String>::new(),
        "disabling wins over enabling"
    );
}

#[test]
fn the_picky_level_adds_the_info_findings() {
    let server = Server::start();
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut form = vec![("text", PICKY), ("language", "en-US")];
        form.extend_from_slice(extra);
        found(PICKY, &check(&server, &form))
    };
    assert_eq!(form(&[]), pairs(&[("no-evidence-none-exists", "no evidence")]));
    let picky = form(&[("level", "picky")]);
    assert_eq!(
        picky,
        pairs(&[
            ("exaggeration-mere-handful", "Only a handful of protesters"),
            ("loaded-speech-verbs", "slammed"),
            ("no-evidence-none-exists", "no evidence"),
        ])
    );
    assert_eq!(form(&[("level", "default")]), form(&[]));
    // An info rule asked for by name shows at the default level.
    assert_eq!(
        form(&[("enabledRules", "loaded-speech-verbs"), ("enabledOnly", "true")]),
        pairs(&[("loaded-speech-verbs", "slammed")])
    );
    let body = check(&server, &[("text", PICKY), ("language", "en-US"), ("level", "picky")]);
    assert_eq!(matches(&body)[1]["rule"]["issueType"], "uncategorized", "info findings are not style");
}

#[test]
fn unknown_rule_ids_are_a_bad_request_with_a_hint() {
    let server = Server::start();
    let url = server.url("/v2/check");
    for field in ["enabledRules", "disabledRules"] {
        let message = post_form(&url, &[("text", ARTICLE), ("language", "en-US"), (field, "doubt-so-caled")])
            .languagetool_error(400);
        assert!(message.contains("doubt-so-caled") && message.contains("did you mean `doubt-so-called`"), "{message}");
        let message = post_form(&url, &[("text", ARTICLE), ("language", "en-US"), (field, "doubt-so-called,zzzzzz")])
            .languagetool_error(400);
        assert!(message.contains("zzzzzz") && message.contains("/api/rules"), "{message}");
    }
    let message =
        get_query(&url, &[("text", ARTICLE), ("language", "en-US"), ("enabledRules", "nope")]).languagetool_error(400);
    assert!(message.contains("nope"), "{message}");
}

#[test]
fn parameters_spinlint_does_not_read_are_accepted() {
    let server = Server::start();
    let body = check(
        &server,
        &[
            ("text", ARTICLE),
            ("language", "en-US"),
            ("motherTongue", "de-DE"),
            ("preferredVariants", "en-GB"),
            ("username", "someone"),
            ("apiKey", "secret"),
        ],
    );
    assert_eq!(matches(&body).len(), 5);
}
