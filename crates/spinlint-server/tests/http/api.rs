//! The JSON API: `/api/lint`, `/api/report`, `/api/rules`, `/api/rules/{id}`.

use crate::common::{engine, get, post_json, utf16_slice, Server};
use serde_json::{json, Value};
use spinlint_report::Report;

const UNICODE: &str =
    "“Experts say” 😀 the so-called 改革 reforms.\n日本 officials insist there is no evidence 🎉 of fraud.";

/// The command line's JSON report of one text (`spinlint check --format json`), built here.
fn contract(name: &str, text: &str) -> Value {
    let path = (name != "draft").then(|| std::path::Path::new(name));
    let report = Report { files: vec![engine().lint(name, path, text)], ..Report::default() };
    serde_json::to_value(spinlint_report::json::build(&report)).unwrap()
}

/// The answer without the `utf16` spans the server adds.
fn without_utf16(mut body: Value) -> Value {
    for diagnostic in body["diagnostics"].as_array_mut().unwrap() {
        diagnostic.as_object_mut().unwrap().remove("utf16");
        for label in diagnostic["labels"].as_array_mut().unwrap() {
            label.as_object_mut().unwrap().remove("utf16");
        }
    }
    body
}

#[test]
fn lint_answers_with_the_json_contract_and_utf16_spans() {
    let server = Server::start();
    let reply = post_json(&server.url("/api/lint"), &json!({ "text": UNICODE }));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(without_utf16(body.clone()), contract("draft", UNICODE));

    let diagnostics = body["diagnostics"].as_array().unwrap();
    let rules: Vec<&str> = diagnostics.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["vague-source-quoted", "doubt-so-called", "no-evidence-none-exists"]);
    for diagnostic in diagnostics {
        assert_eq!(diagnostic["path"], "draft");
        let words = diagnostic["text"].as_str().unwrap();
        // The byte span, as the contract says, and the UTF-16 one, as a browser counts.
        let (start, end) = (diagnostic["span"]["start"].as_u64().unwrap(), diagnostic["span"]["end"].as_u64().unwrap());
        assert_eq!(&UNICODE[start as usize..end as usize], words);
        let (start, end) =
            (diagnostic["utf16"]["start"].as_u64().unwrap(), diagnostic["utf16"]["end"].as_u64().unwrap());
        assert_eq!(utf16_slice(UNICODE, start, end - start), words, "{diagnostic}");
    }
    assert_eq!(diagnostics[1]["utf16"], json!({ "start": 21, "end": 30 }), "the emoji counts two units");
}

#[test]
fn lint_labels_get_utf16_spans_too() {
    let server = Server::start();
    // Splices inside quotations: each finding's label points at its quotation.
    let text = "“We never agreed … to the merger,” 😀 the chairman said. 改革 “It is... safe,” she said.";
    let body = post_json(&server.url("/api/lint"), &json!({ "text": text })).json();
    assert_eq!(without_utf16(body.clone()), contract("draft", text));
    let mut labels = 0;
    for diagnostic in body["diagnostics"].as_array().unwrap() {
        for label in diagnostic["labels"].as_array().unwrap() {
            labels += 1;
            let (start, end) = (label["span"]["start"].as_u64().unwrap(), label["span"]["end"].as_u64().unwrap());
            let words = &text[start as usize..end as usize];
            let (start, end) = (label["utf16"]["start"].as_u64().unwrap(), label["utf16"]["end"].as_u64().unwrap());
            assert_eq!(utf16_slice(text, start, end - start), words, "{label}");
        }
    }
    assert_eq!(labels, 2, "each splice points at its quotation: {body}");
}

#[test]
fn lint_takes_a_path_for_the_report_and_the_configuration() {
    let server = Server::start();
    let text = "There is no evidence of fraud.";
    let body = post_json(&server.url("/api/lint"), &json!({ "text": text, "path": "news/fraud.md" })).json();
    assert_eq!(body["diagnostics"][0]["path"], "news/fraud.md");
    assert_eq!(without_utf16(body), contract("news/fraud.md", text));
    let empty = post_json(&server.url("/api/lint"), &json!({ "text": "" })).json();
    assert_eq!(empty["diagnostics"], json!([]));
}

#[test]
fn lint_refuses_fields_it_does_not_know() {
    let server = Server::start();
    for body in [json!({ "txt": "no evidence" }), json!({ "text": "no evidence", "lang": "en" }), json!({}), json!([1])]
    {
        let reply = post_json(&server.url("/api/lint"), &body);
        assert!(matches!(reply.status, 400 | 422), "{body}: {} {}", reply.status, reply.body);
        reply.error(reply.status);
    }
}

#[test]
fn report_is_the_html_report_of_the_text() {
    let server = Server::start();
    let text = "There is no evidence <script>alert(1)</script> of fraud.";
    let reply = post_json(&server.url("/api/report"), &json!({ "text": text, "path": "news/fraud.md" }));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(reply.header("content-disposition").is_some_and(|d| d.starts_with("attachment")));
    assert!(reply.body.starts_with("<!DOCTYPE html>"), "{}", &reply.body[..100.min(reply.body.len())]);
    assert!(reply.body.contains("no-evidence-none-exists"));
    assert!(reply.body.contains("news/fraud.md"));
    assert!(!reply.body.contains("<script>alert(1)</script>"), "the article is escaped");
}

#[test]
fn rules_lists_every_rule() {
    let server = Server::start();
    let reply = get(&server.url("/api/rules"));
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let listed = body.as_array().expect("a list");
    let engine = engine();
    let rules = &engine.rules().rules;
    assert_eq!(listed.len(), rules.len());
    for (summary, rule) in listed.iter().zip(rules) {
        assert_eq!(summary["id"], &*rule.id);
        assert_eq!(summary["category"], &*rule.category);
        assert_eq!(summary["severity"], rule.severity.as_str());
        for field in ["quoted_severity", "scope", "kind", "defined"] {
            assert!(summary[field].is_string(), "{field}: {summary}");
        }
        assert!(summary["enabled"].is_boolean(), "{summary}");
    }
}

#[test]
fn a_rule_is_explained_with_its_examples() {
    let server = Server::start();
    let reply = get(&server.url("/api/rules/doubt-so-called"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let rule = reply.json();
    assert_eq!(rule["id"], "doubt-so-called");
    assert_eq!(rule["category"], "doubt");
    for field in ["message", "help"] {
        assert!(rule[field].as_str().is_some_and(|s| !s.is_empty()), "{field}: {rule}");
    }
    assert!(rule["links"].is_array());
    let flag = rule["flag"].as_array().unwrap();
    assert!(!flag.is_empty(), "{rule}");
    for example in flag {
        let text = example["text"].as_str().unwrap();
        for span in example["flagged"].as_array().unwrap() {
            let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            assert!(text.get(start..end).is_some_and(|words| !words.is_empty()), "{example}");
        }
    }
    assert!(rule["pass"].as_array().is_some_and(|pass| !pass.is_empty()));
}

#[test]
fn an_unknown_rule_is_not_found_with_a_hint() {
    let server = Server::start();
    let message = get(&server.url("/api/rules/doubt-so-caled")).error(404);
    assert!(message.contains("did you mean `doubt-so-called`"), "{message}");
    let message = get(&server.url("/api/rules/zzzzzzzzzz")).error(404);
    assert!(message.contains("/api/rules"), "{message}");
}
