//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and others).

use super::Report;
use crate::finding::Severity;
use crate::rules::RuleSet;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a SARIF URI reference: relative paths stay relative, with `/` separators.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect()
}

pub fn build(report: &Report, rules: &RuleSet) -> Value {
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    let mut descriptors = Vec::new();
    for rule in &rules.rules {
        rule_index.insert(&rule.id, descriptors.len());
        let mut help = rule.help.to_string();
        if let Some(rationale) = &rule.rationale {
            help = format!("{}\n\n{help}", rationale.trim());
        }
        descriptors.push(json!({
            "id": &*rule.id,
            "name": &*rule.id,
            "shortDescription": { "text": &rule.message },
            "fullDescription": { "text": rule.rationale.as_deref().unwrap_or(&rule.message).trim() },
            "help": { "text": help },
            "defaultConfiguration": { "level": level(rule.severity), "enabled": rule.enabled },
            "properties": { "category": &*rule.category, "tags": [&*rule.category] },
        }));
    }
    let mut results = Vec::new();
    for (file, finding) in report.findings() {
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
            "partialFingerprints": { "spinlint/v1": crate::baseline::fingerprint(&file.text, finding) },
            "properties": { "category": &*finding.category },
        });
        if let Some(&index) = rule_index.get(&*finding.rule) {
            result["ruleIndex"] = json!(index);
        }
        results.push(result);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "spinlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/spinlint",
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn write(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(report, rules)).map_err(std::io::Error::other)?;
    writeln!(out)
}
