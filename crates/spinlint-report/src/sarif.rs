//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and others).

use crate::{FileResult, Report};
use spinlint_core::finding::{Finding, Severity};
use spinlint_core::rules::RuleSet;
use spinlint_core::suppress::Fingerprints;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;

pub const FORMAT: crate::Format =
    crate::Format { name: "sarif", help: "SARIF 2.1.0 for code-scanning dashboards", new: emitter };

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    crate::Whole::boxed(settings, |report, rules, _, out| write(report, rules, out))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a SARIF URI reference: relative paths stay relative, with `/` separators;
/// every byte but the unreserved characters, `/` and the harmless sub-delimiters is
/// percent-encoded (a file name may hold a newline, a quote or `<`).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A rule's readable name: its id in Pascal case (`quote-unattributed` → `QuoteUnattributed`), as
/// SARIF asks of a name (SARIF1001: it differs from the id; SARIF2012: one Pascal-case word).
/// `None` when that would be the id again or nothing (a custom id such as `Sources` or `--`).
fn pascal_case_name(id: &str) -> Option<String> {
    let mut name = String::with_capacity(id.len());
    for word in id.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    (!name.is_empty() && name != id).then_some(name)
}

fn descriptors(rules: &RuleSet) -> Vec<Value> {
    rules
        .rules
        .iter()
        .map(|rule| {
            let mut help = rule.help.to_string();
            if let Some(rationale) = &rule.rationale {
                help = format!("{}\n\n{help}", rationale.trim());
            }
            let mut descriptor = json!({
                "id": &*rule.id,
                "shortDescription": { "text": &rule.message },
                "fullDescription": { "text": rule.rationale.as_deref().unwrap_or(&rule.message).trim() },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(rule.severity), "enabled": rule.enabled },
                "properties": { "category": &*rule.category, "tags": [&*rule.category] },
            });
            if let Some(name) = pascal_case_name(&rule.id) {
                descriptor["name"] = json!(name);
            }
            descriptor
        })
        .collect()
}

fn result(
    file: &FileResult,
    finding: &Finding,
    rule_index: &HashMap<&str, usize>,
    fingerprints: &mut Fingerprints,
) -> Value {
    let position = file.position(finding.span);
    let span = file.original_span(finding.span);
    let mut result = json!({
        "ruleId": &*finding.rule,
        "level": level(finding.severity),
        "message": { "text": &finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&file.path) },
                "region": {
                    "startLine": position.line,
                    "startColumn": position.column,
                    "endLine": position.end_line,
                    "endColumn": position.end_column,
                    "byteOffset": span.start,
                    "byteLength": span.len(),
                    "snippet": { "text": finding.span.text(&file.text) },
                }
            }
        }],
        "partialFingerprints": { "spinlint/v1": fingerprints.of(finding) },
        "properties": { "category": &*finding.category },
    });
    if let Some(&index) = rule_index.get(&*finding.rule) {
        result["ruleIndex"] = json!(index);
    }
    result
}

fn rule_index(rules: &RuleSet) -> HashMap<&str, usize> {
    rules.rules.iter().enumerate().map(|(index, rule)| (&*rule.id, index)).collect()
}

/// The run's invocation: whether every file was read, and a notification for each that was not
/// (a dashboard that shows only results would otherwise take an unread file for a clean one).
fn invocation(errors: &[crate::FileError]) -> Value {
    let notifications: Vec<Value> = errors
        .iter()
        .map(|error| {
            json!({
                "level": "error",
                "message": { "text": &error.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&error.path) } } }],
            })
        })
        .collect();
    json!({ "executionSuccessful": errors.is_empty(), "toolExecutionNotifications": notifications })
}

/// The log with the given results.
fn log(rules: &RuleSet, errors: &[crate::FileError], results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "spinlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/spinlint",
                    "rules": descriptors(rules),
                }
            },
            "invocations": [invocation(errors)],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// The results of `report`'s findings, in order (fingerprints found once per file).
fn results<'r>(report: &'r Report, index: &'r HashMap<&str, usize>) -> impl Iterator<Item = Value> + 'r {
    report.files.iter().flat_map(move |file| {
        let mut fingerprints = Fingerprints::new(&file.text);
        file.findings.iter().map(move |finding| result(file, finding, index, &mut fingerprints))
    })
}

pub fn build(report: &Report, rules: &RuleSet) -> Value {
    let index = rule_index(rules);
    log(rules, &report.errors, results(report, &index).collect())
}

/// Writes the log as pretty JSON, one result at a time: a result as a JSON tree takes kilobytes,
/// and a large archive has hundreds of thousands. The bytes are those of `build` pretty-printed.
pub fn write(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    let skeleton = serde_json::to_string_pretty(&log(rules, &report.errors, Vec::new())).map_err(std::io::Error::other)?;
    let index = rule_index(rules);
    let has_results = report.findings().next().is_some();
    // runs[0].results[i]: four levels deep.
    crate::write_with_items(out, &skeleton, "results", 8, has_results, |out| {
        let mut buffer = Vec::new();
        for (at, result) in results(report, &index).enumerate() {
            buffer.clear();
            if at > 0 {
                buffer.extend_from_slice(b",\n");
            }
            let one = serde_json::to_vec_pretty(&result).map_err(std::io::Error::other)?;
            crate::push_indented(&mut buffer, &one, 8);
            out.write_all(&buffer)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use spinlint_core::Engine;

    #[test]
    fn the_streaming_writer_writes_what_serde_writes() {
        let engine = Engine::builtin().expect("built-in rules");
        for article in ["", "There is no evidence of fraud, the so-called “experts” said.\n\n"] {
            let mut report = Report::default();
            report.errors.push(crate::FileError { path: "c\nd.txt".into(), message: "unreadable".into() });
            report.files.push(engine.lint("a b.txt", None, article.repeat(20)));
            let mut expected = serde_json::to_vec_pretty(&build(&report, engine.rules())).unwrap();
            expected.push(b'\n');
            let mut written = Vec::new();
            write(&report, engine.rules(), &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
        }
    }

    #[test]
    fn rule_names_are_the_ids_in_pascal_case_and_never_the_id_again() {
        assert_eq!(pascal_case_name("quote-unattributed").as_deref(), Some("QuoteUnattributed"));
        assert_eq!(pascal_case_name("no-evidence-none-exists").as_deref(), Some("NoEvidenceNoneExists"));
        assert_eq!(pascal_case_name("house_style.v2").as_deref(), Some("HouseStyleV2"));
        assert_eq!(pascal_case_name("élan-vital").as_deref(), Some("ÉlanVital"));
        assert_eq!(pascal_case_name("Sources"), None, "the id again");
        assert_eq!(pascal_case_name("--"), None, "nothing readable");
    }

    #[test]
    fn uris_hold_no_raw_control_quote_or_markup_character() {
        assert_eq!(uri("news/a b.txt"), "news/a%20b.txt");
        assert_eq!(uri("a\nb\r\t\"<>#?%.txt"), "a%0Ab%0D%09%22%3C%3E%23%3F%25.txt");
        assert_eq!(uri("caf\u{e9}\\x.md"), "caf%C3%A9/x.md");
    }
}
