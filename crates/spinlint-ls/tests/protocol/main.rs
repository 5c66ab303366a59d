//! The language server driven through the protocol, in process (`Connection::memory`): the
//! messages an editor sends, and what the server publishes and answers.

mod common;

use common::{codes, options, units, Client, Scratch};
use serde_json::{json, Value};

const NO_EVIDENCE: &str = "no-evidence-none-exists";

/// A draft whose finding comes after an emoji, curly quotes and CJK on its line: the
/// character of each position is in UTF-16 code units (the emoji is two).
const DRAFT: &str = "# Title\n\nThe fans 😀 of “日本” agree: there is no evidence, because none exists.\n";

fn start(scratch: &Scratch) -> Client {
    Client::start(options(&scratch.0.join("builtin")), json!({}), json!({}))
}

#[test]
fn a_draft_gets_its_findings_as_diagnostics_in_utf16_ranges() {
    let scratch = Scratch::new("utf16");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.md");
    client.open(&uri, "markdown", 1, DRAFT);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diagnostics), [NO_EVIDENCE, NO_EVIDENCE]);
    let line = DRAFT.lines().nth(2).unwrap();
    for (diagnostic, words) in diagnostics.iter().zip(["no evidence", "because none exists"]) {
        let start = units(&line[..line.find(words).unwrap()]);
        assert_eq!(
            diagnostic["range"],
            json!({ "start": { "line": 2, "character": start }, "end": { "line": 2, "character": start + units(words) } })
        );
        assert_eq!(diagnostic["source"], "spinlint");
        assert_eq!(diagnostic["severity"], 2, "a warning");
        assert_eq!(diagnostic["data"], json!({ "rule": NO_EVIDENCE, "line": 2 }));
        assert!(diagnostic["message"].as_str().unwrap().contains(words), "{diagnostic}");
    }
    // The byte offset is 10 further: the emoji is 4 bytes (2 units), the quotes and CJK 3 each (1).
    assert_eq!(diagnostics[0]["range"]["start"]["character"], line.find("no evidence").unwrap() - 10);
    client.shutdown();
}

#[test]
fn secondary_labels_are_related_information_and_severities_are_mapped() {
    let scratch = Scratch::new("labels");
    let mut client = start(&scratch);
    let uri = scratch.uri("quote.txt");
    let text = "Intro line.\n“We will crush them,” said a source close to the matter.\n";
    client.open(&uri, "plaintext", 7, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 7);
    let quote = diagnostics.iter().find(|d| d["code"] == "quote-vague-speaker").expect("the vague speaker");
    let related = quote["relatedInformation"].as_array().expect("related information");
    assert_eq!(related[0]["location"]["uri"], uri.as_str());
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 1);
    assert_eq!(related[0]["message"], "an unnamed source");
    assert!(diagnostics.iter().all(|d| [1, 2, 3].contains(&d["severity"].as_i64().unwrap())));
    client.shutdown();
}

#[test]
fn a_stale_version_is_never_published() {
    let scratch = Scratch::new("stale");
    let mut client = start(&scratch);
    let uri = scratch.uri("long.txt");
    // Version 1 is long (its lint takes far longer than the messages that follow it take to
    // arrive); versions 2 and 3 follow at once.
    let long = "There is no evidence, because none exists. ".repeat(25_000);
    client.open(&uri, "plaintext", 1, &long);
    client.change(&uri, 2, "There is no evidence, because none exists.\n");
    client.change(&uri, 3, "A quiet sentence about the weather.\n");
    let (diagnostics, earlier) = client.diagnostics_at(&uri, 3);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(earlier.iter().all(|v| v.is_some_and(|v| v < 3)), "{earlier:?}");
    assert!(!earlier.contains(&Some(1)), "version 1 was replaced before its lint ended: {earlier:?}");
    client.change(&uri, 4, "There is no evidence.\n");
    let (diagnostics, _) = client.diagnostics_at(&uri, 4);
    assert_eq!(codes(&diagnostics), [NO_EVIDENCE]);
    client.shutdown();
}

#[test]
fn the_hover_explains_the_rule_in_markdown() {
    let scratch = Scratch::new("hover");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.md");
    client.open(&uri, "markdown", 1, DRAFT);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    let position = diagnostics[0]["range"]["start"].clone();
    let hover = client.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position }));
    assert_eq!(hover["contents"]["kind"], "markdown");
    let text = hover["contents"]["value"].as_str().unwrap();
    for part in
        ["warning[no-evidence-none-exists]", "**What to do**", "**Why it matters**", "**Flags**", "**Does not flag**"]
    {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert_eq!(hover["range"], diagnostics[0]["range"]);
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(nothing, Value::Null);
    client.shutdown();
}

/// The text after a workspace edit of one insertion.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edit = &action["edit"]["changes"][uri][0];
    let line = edit["range"]["start"]["line"].as_u64().unwrap() as usize;
    let character = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
    let lines = spinlint_core::span::LineIndex::new(text);
    let at = spinlint_core::utf16::byte_offset(text, &lines, line, character);
    format!("{}{}{}", &text[..at], edit["newText"].as_str().unwrap(), &text[at..])
}

#[test]
fn code_actions_suppress_on_the_line_and_disable_for_the_file() {
    let scratch = Scratch::new("actions");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.md");
    let text = "# Title\n\nA first paragraph with no evidence, because none exists.\n\nThe second says there is no evidence.\n";
    client.open(&uri, "markdown", 1, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(diagnostics.len(), 3);
    let last = diagnostics[2].clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": last["range"], "context": { "diagnostics": [last] } }),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Suppress `no-evidence-none-exists` on this line, with a reason",
            "Disable `no-evidence-none-exists` for this file",
            "Open the definition of `no-evidence-none-exists`",
        ]
    );
    let suppressed = apply(text, &actions[0], &uri);
    assert!(suppressed.contains("<!-- spinlint-disable-next-line no-evidence-none-exists -- REASON -->\nThe second"));
    client.change(&uri, 2, &suppressed);
    let (diagnostics, _) = client.diagnostics_at(&uri, 2);
    assert_eq!(diagnostics.len(), 2, "the suppressed finding is gone, the others stay: {diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d["range"]["start"]["line"] == 2));

    // Over the line's suppression, the file's makes it unused, which is reported.
    let disabled = apply(&suppressed, &actions[1], &uri);
    assert!(disabled.starts_with("<!-- spinlint-disable no-evidence-none-exists -->\n# Title"));
    client.change(&uri, 3, &disabled);
    let (diagnostics, _) = client.diagnostics_at(&uri, 3);
    assert_eq!(codes(&diagnostics), ["unused-suppression"]);
    client.change(&uri, 4, &apply(text, &actions[1], &uri));
    let (diagnostics, _) = client.diagnostics_at(&uri, 4);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    client.shutdown();
}

#[test]
fn a_plain_text_suppression_is_a_line_of_its_own() {
    let scratch = Scratch::new("plain");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.txt");
    let text = "There is no evidence.\n";
    client.open(&uri, "plaintext", 1, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diagnostics[0]["range"], "context": { "diagnostics": diagnostics } }),
    );
    let suppressed = apply(text, &actions[0], &uri);
    assert_eq!(suppressed, "spinlint-disable-next-line no-evidence-none-exists -- REASON\nThere is no evidence.\n");
    client.change(&uri, 2, &suppressed);
    let (diagnostics, _) = client.diagnostics_at(&uri, 2);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    client.shutdown();
}

#[test]
fn the_rules_definition_opens_at_its_line() {
    let scratch = Scratch::new("definition");
    let capabilities = json!({ "window": { "showDocument": { "support": true } } });
    let mut client = Client::start(options(&scratch.0.join("builtin")), json!({}), capabilities);
    let uri = scratch.uri("draft.md");
    client.open(&uri, "markdown", 1, DRAFT);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diagnostics[0]["range"], "context": { "diagnostics": [diagnostics[0]] } }),
    );
    let command = &actions[2]["command"];
    assert_eq!(command["command"], "spinlint.openRule");
    let location = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let shown = client.next_server_request("window/showDocument");
    assert_eq!(shown.params["uri"], location["uri"]);
    assert_eq!(shown.params["selection"], location["range"]);
    // A built-in rule: its file written out, the selection on its `id` line.
    let path = lsp_types::Url::parse(location["uri"].as_str().unwrap()).unwrap().to_file_path().unwrap();
    assert!(path.starts_with(scratch.0.join("builtin")), "{}", path.display());
    let file = std::fs::read_to_string(&path).unwrap();
    let line = file.lines().nth(location["range"]["start"]["line"].as_u64().unwrap() as usize).unwrap();
    assert_eq!(line, format!("id = \"{NO_EVIDENCE}\""));
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": diagnostics[0]["range"]["start"] }),
    );
    assert_eq!(definition, location);

    // A custom rule: its own file.
    let rules = scratch.write("rules/desk.toml", CUSTOM_RULE);
    scratch.write("spinlint.toml", "rules = [\"rules\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": scratch.uri("spinlint.toml"), "type": 1 }] }),
    );
    let custom = scratch.uri("custom.md");
    client.open(&custom, "markdown", 1, "Sources say the minister will resign.\n");
    let (diagnostics, _) = client.diagnostics_at(&custom, 1);
    let desk = diagnostics.iter().find(|d| d["code"] == "desk-sources-say").expect("the custom rule fires");
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": custom }, "position": desk["range"]["start"] }),
    );
    assert_eq!(definition["uri"], lsp_types::Url::from_file_path(&rules).unwrap().as_str());
    assert_eq!(definition["range"]["start"]["line"], 0);
    client.shutdown();
}

const CUSTOM_RULE: &str = r#"id = "desk-sources-say"
category = "vague-source"
severity = "error"
message = "`{match}` without a named source"
help = "Name the source."
patterns = ["sources say"]
flag = ["[[Sources say]] it is over."]
pass = ["The minister says it is over."]
"#;

#[test]
fn a_changed_configuration_applies_without_a_restart() {
    let scratch = Scratch::new("watched");
    let mut client = Client::start(
        options(&scratch.0.join("builtin")),
        json!({}),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let registration = client.next_server_request("client/registerCapability");
    assert_eq!(registration.params["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    let uri = scratch.uri("desk/draft.md");
    scratch.write("desk/draft.md", DRAFT);
    client.open(&uri, "markdown", 1, DRAFT);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diagnostics), [NO_EVIDENCE, NO_EVIDENCE]);

    // Another tool's TOML file changes nothing for spinlint: no draft is linted again.
    scratch.write("Cargo.toml", "[package]\nname = \"x\"\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": scratch.uri("Cargo.toml"), "type": 1 }] }),
    );
    let quiet = client.drain(std::time::Duration::from_millis(300));
    assert!(
        !quiet.iter().any(
            |m| matches!(m, lsp_server::Message::Notification(n) if n.method == "textDocument/publishDiagnostics")
        ),
        "relinted for a Cargo.toml"
    );

    // A configuration in a parent folder, found from the document's folder up.
    scratch.write("spinlint.toml", "disable = [\"no-evidence\"]\n");
    let changes = json!({ "changes": [{ "uri": scratch.uri("spinlint.toml"), "type": 1 }] });
    client.notify("workspace/didChangeWatchedFiles", changes);
    let params = client.next_diagnostics(&uri);
    assert_eq!(params["diagnostics"], json!([]), "the rule is off now");

    // A configuration with a problem: the draft says so, the configuration gets it at its line.
    scratch.write("spinlint.toml", "disable = [\"no-evidence\"]\nseverity = 3\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": scratch.uri("spinlint.toml"), "type": 2 }] }),
    );
    let params = client.next_diagnostics(&uri);
    let message = params["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("spinlint.toml"), "{message}");
    let config = client.next_diagnostics(&scratch.uri("spinlint.toml"));
    assert_eq!(config["diagnostics"][0]["range"]["start"]["line"], 1, "{config}");
    client.shutdown();
}

#[test]
fn editor_settings_narrow_the_configuration() {
    let scratch = Scratch::new("settings");
    scratch.write("spinlint.toml", "disable = [\"vague-source\"]\n");
    let mut client = Client::start(
        options(&scratch.0.join("builtin")),
        json!({ "spinlint": { "ignore": ["no-evidence"] } }),
        json!({}),
    );
    let uri = scratch.uri("draft.txt");
    let text = "There is no evidence. “We will win,” said a source close to the matter. Critics say it.\n";
    client.open(&uri, "plaintext", 1, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    let found = codes(&diagnostics);
    assert!(!found.iter().any(|c| c.starts_with("no-evidence")), "ignored by the editor: {found:?}");
    assert!(!found.iter().any(|c| c.starts_with("vague-source")), "disabled by the configuration: {found:?}");
    assert!(found.iter().any(|c| c == "quote-vague-speaker"), "{found:?}");

    client
        .notify("workspace/didChangeConfiguration", json!({ "settings": { "spinlint": { "minSeverity": "error" } } }));
    let params = client.next_diagnostics(&uri);
    let found = codes(params["diagnostics"].as_array().unwrap());
    assert!(found.is_empty(), "no error-level finding here: {found:?}");
    client.shutdown();
}

/// A `didChangeConfiguration` changes only the keys it has: `{}` and `null` (sent by some
/// clients on connecting) change nothing, and one key leaves the others as they were.
#[test]
fn a_configuration_change_adds_to_the_settings_and_never_wipes_them() {
    let scratch = Scratch::new("settings-merge");
    let mut client = Client::start(
        options(&scratch.0.join("builtin")),
        json!({ "spinlint": { "ignore": ["no-evidence"] } }),
        json!({}),
    );
    let uri = scratch.uri("draft.txt");
    let text = "There is no evidence. “We will win,” said a source close to the matter.\n";
    client.open(&uri, "plaintext", 1, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    let before = codes(&diagnostics);
    assert!(before.contains(&"quote-vague-speaker".to_string()), "{before:?}");
    assert!(!before.iter().any(|c| c.starts_with("no-evidence")), "{before:?}");
    for empty in [json!({ "settings": null }), json!({ "settings": {} }), json!({ "settings": { "spinlint": {} } })] {
        client.notify("workspace/didChangeConfiguration", empty);
    }
    // One key: the editor's `ignore` still holds, and the new one adds to it.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "spinlint": { "select": ["quote-vague-speaker", "no-evidence"] } } }),
    );
    let params = client.next_diagnostics(&uri);
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["quote-vague-speaker"], "{params}");
    let later = client.drain(std::time::Duration::from_millis(300));
    assert!(later.iter().all(|m| !matches!(m, lsp_server::Message::Notification(n)
        if n.params["diagnostics"].as_array().is_some_and(|d| codes(d).iter().any(|c| c.starts_with("no-evidence"))))));
    client.shutdown();
}

/// A document closed and opened again while its first text is being linted: versions start
/// again at 1, but the first text's findings are never published for the second.
#[test]
fn a_document_opened_again_never_gets_the_old_texts_findings() {
    let scratch = Scratch::new("reopen");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.txt");
    let long = "There is no evidence, because none exists. ".repeat(20_000);
    client.open(&uri, "plaintext", 1, &long);
    client.close(&uri);
    let quiet = "A quiet sentence about the council.\n";
    client.open(&uri, "plaintext", 1, quiet);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    // The first publication at version 1 may be the close's empty one or the quiet text's:
    // take everything to the end and look at the last.
    let mut last = diagnostics;
    for message in client.drain(std::time::Duration::from_secs(3)) {
        if let lsp_server::Message::Notification(n) = message {
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str() {
                last = n.params["diagnostics"].as_array().cloned().unwrap_or_default();
            }
        }
    }
    assert_eq!(codes(&last), Vec::<String>::new(), "the old text's findings published for the new one");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 12 } }),
    );
    assert_eq!(hover, Value::Null, "no finding of the old text under the new one's words");
    client.shutdown();
}

/// `exit` without `shutdown`: the server stops, and says so (the protocol's exit code 1).
#[test]
fn exit_without_shutdown_is_not_a_clean_stop() {
    let scratch = Scratch::new("exit");
    let client = start(&scratch);
    assert_eq!(client.exit_without_shutdown(), spinlint_ls::Stopped::WithoutShutdown);
}

#[test]
fn a_rule_file_gets_its_errors_and_failing_examples() {
    let scratch = Scratch::new("rulefile");
    let mut client = start(&scratch);
    let uri = scratch.uri("rules/desk.toml");
    let broken = CUSTOM_RULE.replace("severity = \"error\"", "severity = \"loud\"");
    scratch.write("rules/desk.toml", &broken);
    client.open(&uri, "toml", 1, &broken);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 2, "at the severity's line");
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("loud"), "{}", diagnostics[0]);

    // Fixed, with a flag example that does not fire and a pass example that does: each on its
    // line, when saved.
    let failing = CUSTOM_RULE
        .replace("flag = [\"[[Sources say]] it is over.\"]", "flag = [\"[[Insiders say]] it is over.\"]")
        .replace("pass = [\"The minister says it is over.\"]", "pass = [\n  \"Fine.\",\n  \"Sources say so.\",\n]");
    client.change(&uri, 2, &failing);
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": uri } }));
    let (diagnostics, _) = client.diagnostics_at(&uri, 2);
    let lines: Vec<&Value> = diagnostics.iter().map(|d| &d["range"]["start"]["line"]).collect();
    assert_eq!(lines, [6, 9], "{diagnostics:?}");
    assert_eq!(codes(&diagnostics), ["flag-example", "pass-example"]);
    client.shutdown();
}

#[test]
fn a_document_of_200000_words_is_linted_and_published() {
    let scratch = Scratch::new("long");
    let mut client = start(&scratch);
    let uri = scratch.uri("long.md");
    // 20 words a paragraph, 10,000 paragraphs; one finding in each hundredth.
    let mut text = String::new();
    for paragraph in 0..10_000 {
        if paragraph % 100 == 0 {
            text.push_str("The report 😀 says there is no evidence of the claim made by the council on Monday night, “again” today.\n\n");
        } else {
            text.push_str(
                "The council met on Monday to talk about the new road and the budget for the next two full years.\n\n",
            );
        }
    }
    assert_eq!(text.split_whitespace().count(), 200_000);
    client.open(&uri, "markdown", 1, &text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diagnostics), vec![NO_EVIDENCE; 100]);
    let last = &diagnostics[99]["range"]["start"];
    assert_eq!(last["line"], 9_900 * 2);
    assert_eq!(last["character"], units("The report 😀 says there is "));
    // Edits while it is linted: only the last version is published.
    for version in 2..=5 {
        client.change(&uri, version, &text.replacen("no evidence", "some evidence", version as usize * 10));
    }
    let (diagnostics, earlier) = client.diagnostics_at(&uri, 5);
    assert_eq!(diagnostics.len(), 50);
    assert!(earlier.iter().all(|v| v.is_some_and(|v| v < 5)));
    client.shutdown();
}

#[test]
fn a_closed_document_is_cleared_and_unknown_requests_are_refused() {
    let scratch = Scratch::new("close");
    let mut client = start(&scratch);
    let uri = scratch.uri("draft.md");
    client.open(&uri, "markdown", 1, DRAFT);
    client.diagnostics_at(&uri, 1);
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    let params = client.next_diagnostics(&uri);
    assert_eq!(params["diagnostics"], json!([]));
    let response = client.request_response("textDocument/formatting", json!({}));
    assert_eq!(response.error.unwrap().code, lsp_server::ErrorCode::MethodNotFound as i32);
    let response = client.request_response("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(response.error.unwrap().code, lsp_server::ErrorCode::InvalidParams as i32);
    client.shutdown();
}

#[test]
fn an_open_configuration_gets_its_problems_at_their_line() {
    let scratch = Scratch::new("config");
    let mut client = start(&scratch);
    let uri = scratch.uri("spinlint.toml");
    let text = "# the desk's settings\ndisable = [\"no-evidense\"]\n";
    scratch.write("spinlint.toml", text);
    client.open(&uri, "toml", 1, text);
    let (diagnostics, _) = client.diagnostics_at(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 1);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("no-evidense") && message.contains("no-evidence"), "a did-you-mean: {message}");
    client.shutdown();
}

/// An open configuration with a problem, opened through a linked folder: its problems are
/// published once, under the editor's URI, not a second time under the resolved path's.
#[cfg(unix)]
#[test]
fn an_open_configuration_is_one_document_however_its_path_is_spelt() {
    let scratch = Scratch::new("linked");
    scratch.write("real/spinlint.toml", "disable = [\"no-evidence\"]\nseverity = 3\n");
    scratch.write("real/draft.md", DRAFT);
    std::os::unix::fs::symlink(scratch.0.join("real"), scratch.0.join("link")).expect("a link");
    let mut client = start(&scratch);
    let config = scratch.uri("link/spinlint.toml");
    client.open(&config, "toml", 1, "disable = [\"no-evidence\"]\nseverity = 3\n");
    let (problems, _) = client.diagnostics_at(&config, 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let draft = scratch.uri("link/draft.md");
    client.open(&draft, "markdown", 1, DRAFT);
    let (diagnostics, _) = client.diagnostics_at(&draft, 1);
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("spinlint.toml"), "{diagnostics:?}");
    let resolved = scratch.uri("real/spinlint.toml");
    let again = client.drain(std::time::Duration::from_millis(500));
    assert!(
        !again
            .iter()
            .any(|m| matches!(m, lsp_server::Message::Notification(n) if n.params["uri"] == resolved.as_str())),
        "published again under {resolved}"
    );
    client.shutdown();
}
