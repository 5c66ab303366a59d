//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and others).

use crate::{FileResult, Report};
use spinlint_core::finding::{Finding, Severity};
use spinlint_core::span::Span;
use spinlint_core::rules::{Rule, RuleSet};
use spinlint_core::suppress::Fingerprints;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;

pub const FORMAT: crate::Format =
    crate::Format { name: "sarif", help: "SARIF 2.1.0 for code-scanning dashboards", new: emitter };

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    crate::Whole::boxed(settings, |report, rules, _, out| write(report, rules, out))
}

/// spinlint's own page: the tool's `informationUri`, and the help of the built-in rules.
const INFORMATION_URI: &str = "https://crates.io/crates/spinlint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The base of the run's relative paths: the folder spinlint ran in, which in CI is the
/// checkout's root. `%SRCROOT%` is the name GitHub code scanning and other tools give it.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// A file path as an RFC 3986 URI reference, as SARIF wants one. An absolute path becomes a
/// `file:` URI (`/tmp/a.md` → `file:///tmp/a.md`, `C:\a.md` → `file:///C:/a.md`, `\\host\share\a.md`
/// → `file://host/share/a.md`); a relative one stays relative, without a leading `./`. Backslashes
/// are taken for separators. In the path, every byte but the unreserved characters, `/` and the
/// harmless sub-delimiters is percent-encoded: non-ASCII letters as their UTF-8 bytes (`é` →
/// `%C3%A9`), and a name may hold a space, `#`, `?`, a newline, a quote or `<`. `:` is encoded too:
/// in a relative reference's first segment it would read as a scheme (`a:b.md`).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    if let Some(host_and_path) = path.strip_prefix("//") {
        format!("file://{}", percent_encode(host_and_path))
    } else if path.starts_with('/') {
        format!("file://{}", percent_encode(&path))
    } else if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        format!("file:///{}:{}", bytes[0] as char, percent_encode(&path[2..]))
    } else {
        let mut relative = path.as_str();
        while let Some(rest) = relative.strip_prefix("./") {
            relative = rest.trim_start_matches('/');
        }
        percent_encode(relative)
    }
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A SARIF artifact location for a file path: a relative URI names its base, which SARIF resolves
/// it against. The run does not say where the base is (`originalUriBaseIds`): that is a fact of
/// the machine, and would make the same findings a different log in every checkout.
fn artifact_location(path: &str) -> Value {
    let uri = uri(path);
    if uri.starts_with("file:") {
        json!({ "uri": uri })
    } else {
        json!({ "uri": uri, "uriBaseId": SOURCE_ROOT })
    }
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

/// Quotation marks a message puts around a placeholder (`` `{match}` ``): they go with it.
const QUOTE_PAIRS: [(&str, &str); 5] = [("`", "`"), ("\"", "\""), ("'", "'"), ("\u{2018}", "\u{2019}"), ("\u{201C}", "\u{201D}")];

/// A rule's message template as a description of the rule, for a dashboard that lists rules
/// apart from findings: the rule model has no title, and a raw `{match}` reads as a bug. A
/// trailing `: {placeholder}` is cut (`appeal to the crowd: `{match}`` → `appeal to the crowd`),
/// a parenthesis around a placeholder is dropped (`({speaker})`), and any other placeholder
/// becomes a phrase that says what it stands for (`{match}` → `the flagged text`).
fn describe(template: &str, category: &str) -> String {
    let template = without_parenthesised_placeholders(template);
    let template = without_trailing_placeholder(&template);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(length) = rest[open + 1..].find('}') else { break };
        let name = &rest[open + 1..open + 1 + length];
        let (mut before, mut after) = (&rest[..open], &rest[open + length + 2..]);
        if let Some((left, right)) = QUOTE_PAIRS.iter().find(|(l, r)| before.ends_with(l) && after.starts_with(r)) {
            before = &before[..before.len() - left.len()];
            after = &after[right.len()..];
        }
        out.push_str(before);
        match name {
            "match" => out.push_str("the flagged text"),
            // What the core says when a quotation's speaker is unknown.
            "speaker" => out.push_str("the source"),
            "quote" => out.push_str("the quotation"),
            "count" => out.push_str("many"),
            "category" => out.push_str(category),
            // A capture of the rule's pattern, or a value of its kind (`{disguise}`).
            capture => {
                out.push_str("the ");
                out.extend(capture.chars().map(|c| if c == '-' || c == '_' { ' ' } else { c }));
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `template` without its parenthesised asides that hold a placeholder (`({speaker})`,
/// `({density} per 1,000 words)`), nor the space before them.
fn without_parenthesised_placeholders(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('(') {
        let Some(length) = rest[open..].find(')') else { break };
        let aside = &rest[open..=open + length];
        if aside.contains('{') && !aside[1..].contains('(') {
            out.push_str(rest[..open].trim_end());
        } else {
            out.push_str(&rest[..=open + length]);
        }
        rest = &rest[open + length + 1..];
    }
    out.push_str(rest);
    out
}

/// `template` without a final `: {placeholder}` (quoted or not), which only shows the finding's
/// words; unchanged when the placeholder is part of the sentence.
fn without_trailing_placeholder(template: &str) -> &str {
    let quotes: &[char] = &['`', '"', '\'', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}'];
    let Some(before) = template.trim_end().trim_end_matches(quotes).strip_suffix('}') else { return template };
    let Some(open) = before.rfind('{') else { return template };
    match before[..open].trim_end_matches(quotes).trim_end().strip_suffix(':') {
        Some(kept) => kept.trim_end(),
        None => template,
    }
}

/// Where a rule is documented, as SARIF's `helpUri` wants it (an absolute URI): the first of its
/// `links` that is one (a newsroom's rule may point at its style guide), else, for a built-in
/// rule, spinlint's page, whose README says how to read any rule's documentation (`spinlint
/// explain ID`): the project has no page per rule to point at. A custom rule without such a link
/// has none: spinlint's page does not document it.
fn help_uri(rule: &Rule) -> Option<&str> {
    let absolute = |link: &&String| {
        (link.starts_with("https://") || link.starts_with("http://"))
            && link.bytes().all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b))
    };
    match rule.links.iter().find(absolute) {
        Some(link) => Some(link),
        None => rule.builtin.then_some(INFORMATION_URI),
    }
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
            let description = describe(&rule.message, &rule.category);
            let mut descriptor = json!({
                "id": &*rule.id,
                "shortDescription": { "text": &description },
                "fullDescription": { "text": rule.rationale.as_deref().map_or(description.as_str(), str::trim) },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(rule.severity), "enabled": rule.enabled },
                "properties": { "category": &*rule.category, "tags": [&*rule.category] },
            });
            if let Some(name) = pascal_case_name(&rule.id) {
                descriptor["name"] = json!(name);
            }
            if let Some(uri) = help_uri(rule) {
                descriptor["helpUri"] = json!(uri);
            }
            descriptor
        })
        .collect()
}

/// Where `span` of `file` is, as a SARIF physical location.
fn physical_location(file: &FileResult, span: Span) -> Value {
    let position = file.position(span);
    let original = file.original_span(span);
    json!({
        "artifactLocation": artifact_location(&file.path),
        "region": {
            "startLine": position.line,
            "startColumn": position.column,
            "endLine": position.end_line,
            "endColumn": position.end_column,
            "byteOffset": original.start,
            "byteLength": original.len(),
            "snippet": { "text": span.text(&file.text) },
        }
    })
}

/// `text` with the characters that SARIF's embedded links give a meaning escaped (`[`, `]`, and
/// `\` itself), so words of the article are never read as a link.
fn escape_link_syntax(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The result's message: the finding's, and, when it has secondary labels, a link to each of its
/// related locations (`[an unnamed source](1)`), which is how GitHub code scanning shows them.
/// The finding's words are escaped whether or not it has links: a quoted `[text](1)` in any
/// plain-text message is an embedded link to a SARIF viewer.
fn message(finding: &Finding) -> String {
    if finding.labels.is_empty() {
        return escape_link_syntax(&finding.message);
    }
    let links: Vec<String> = finding
        .labels
        .iter()
        .zip(1..)
        .map(|(label, id)| format!("[{}]({id})", escape_link_syntax(&label.message)))
        .collect();
    format!("{}; see {}", escape_link_syntax(&finding.message), links.join(", "))
}

fn result(
    file: &FileResult,
    finding: &Finding,
    rule_index: &HashMap<&str, usize>,
    fingerprints: &mut Fingerprints,
) -> Value {
    let mut result = json!({
        "ruleId": &*finding.rule,
        "level": level(finding.severity),
        "message": { "text": message(finding) },
        "locations": [{ "physicalLocation": physical_location(file, finding.span) }],
        "partialFingerprints": { "spinlint/v1": fingerprints.of(finding) },
        "properties": { "category": &*finding.category },
    });
    if !finding.labels.is_empty() {
        // Ids from 1, as the message's links name them.
        let related: Vec<Value> = finding
            .labels
            .iter()
            .zip(1..)
            .map(|(label, id)| {
                json!({
                    "id": id,
                    "message": { "text": &label.message },
                    "physicalLocation": physical_location(file, label.span),
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
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
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(&error.path) } }],
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
                    "informationUri": INFORMATION_URI,
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
    use spinlint_core::finding::Label;
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
    fn a_rule_is_described_by_its_message_without_placeholders() {
        let describe = |template| describe(template, "doubt");
        assert_eq!(describe("appeal to the crowd: `{match}`"), "appeal to the crowd");
        assert_eq!(
            describe("`{match}` is attributed only to an unnamed source ({speaker})"),
            "the flagged text is attributed only to an unnamed source"
        );
        assert_eq!(
            describe("a quotation with no speaker: nobody is said to have said `{match}`"),
            "a quotation with no speaker: nobody is said to have said the flagged text"
        );
        assert_eq!(
            describe("{count} loaded words in this article ({density} per 1,000 words): the tone itself takes sides"),
            "many loaded words in this article: the tone itself takes sides"
        );
        assert_eq!(describe("`{match}` mixes scripts: {disguise}"), "the flagged text mixes scripts");
        assert_eq!(describe("`{match}` hides {disguise}"), "the flagged text hides the disguise");
        assert_eq!(describe("scare quotes on \u{201C}{match}\u{201D}?"), "scare quotes on the flagged text?");
        assert_eq!(describe("{category} by {who_said}, in {quote}"), "doubt by the who said, in the quotation");
        assert_eq!(describe("a plain message (no placeholder)"), "a plain message (no placeholder)");
        assert_eq!(describe("unclosed {match"), "unclosed {match", "not a placeholder");
    }

    #[test]
    fn a_message_links_its_labels_with_link_syntax_escaped() {
        let engine = Engine::builtin().expect("built-in rules");
        let mut finding = engine
            .lint("a.txt", None, "“The plant will close before Christmas,” a source close to the company said.\n")
            .findings
            .into_iter()
            .find(|f| &*f.rule == "quote-vague-speaker")
            .expect("a vague speaker");
        assert_eq!(message(&finding), format!("{}; see [an unnamed source](1)", finding.message));
        finding.message = "a [sic] \\ note".into();
        finding.labels[0].message = "the [b] part".into();
        finding.labels = [finding.labels[0].clone(), Label { span: finding.span, message: "two".into() }].into();
        assert_eq!(message(&finding), r"a \[sic\] \\ note; see [the \[b\] part](1), [two](2)");
        // Without labels too: a quoted `[text](1)` must not become a link.
        finding.labels = Vec::new().into();
        finding.message = "quotes `[the report](1)`".into();
        assert_eq!(message(&finding), r"quotes `\[the report\](1)`");
    }

    #[test]
    fn uris_hold_no_raw_control_quote_or_markup_character() {
        assert_eq!(uri("news/a b.txt"), "news/a%20b.txt");
        assert_eq!(uri("a\nb\r\t\"<>#?%.txt"), "a%0Ab%0D%09%22%3C%3E%23%3F%25.txt");
        assert_eq!(uri("caf\u{e9}\\x.md"), "caf%C3%A9/x.md");
    }

    #[test]
    fn absolute_paths_are_file_uris_and_relative_ones_stay_relative() {
        assert_eq!(uri("/tmp/dir \u{e9}/my draft #1.md"), "file:///tmp/dir%20%C3%A9/my%20draft%20%231.md");
        assert_eq!(uri("C:\\dir \u{e9}\\a.md"), "file:///C:/dir%20%C3%A9/a.md");
        assert_eq!(uri("d:/news/a.md"), "file:///d:/news/a.md");
        assert_eq!(uri("\\\\newsroom\\drafts\\a b.md"), "file://newsroom/drafts/a%20b.md");
        assert_eq!(uri("dir \u{e9}/my draft #1.md"), "dir%20%C3%A9/my%20draft%20%231.md");
        assert_eq!(uri("./news/a.md"), "news/a.md");
        assert_eq!(uri(".//./a.md"), "a.md");
        assert_eq!(uri("../a.md"), "../a.md");
        assert_eq!(uri("a:b.md"), "a%3Ab.md", "not a scheme");
        assert_eq!(uri("C:a.md"), "C%3Aa.md", "relative to a drive's folder: no absolute URI");
        assert_eq!(artifact_location("a.md"), json!({ "uri": "a.md", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(artifact_location("/a.md"), json!({ "uri": "file:///a.md" }));
    }
}
