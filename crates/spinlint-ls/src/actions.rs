//! The code actions on a finding: suppress it on its line with a reason, disable its rule for
//! the file, open the rule's definition. Each is built from the diagnostic's `data` and the
//! document's text: no second lint.

use crate::convert::{FindingData, SOURCE};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, NumberOrString, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};
use spinlint_core::span::LineIndex;
use spinlint_formats::Format;
use std::collections::HashMap;

/// The command that opens a rule's definition: arguments `[rule id, document uri]`.
pub const OPEN_RULE: &str = "spinlint.openRule";

/// The reason left for the writer to fill in.
pub const REASON_PLACEHOLDER: &str = "REASON";

/// What a diagnostic of ours says of its finding: from `data`, else from its code and range (a
/// client that drops `data`).
pub fn finding_of(diagnostic: &Diagnostic) -> Option<FindingData> {
    if diagnostic.source.as_deref() != Some(SOURCE) {
        return None;
    }
    if let Some(data) = diagnostic.data.as_ref().and_then(|d| serde_json::from_value::<FindingData>(d.clone()).ok()) {
        return Some(data);
    }
    match &diagnostic.code {
        Some(NumberOrString::String(rule)) => {
            Some(FindingData { rule: rule.clone(), line: diagnostic.range.start.line })
        }
        _ => None,
    }
}

/// The code actions for the diagnostics of a request, in a document of `format`.
pub fn code_actions(uri: &Url, text: &str, format: Format, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    let lines = LineIndex::new(text);
    let mut actions = Vec::new();
    let mut disabled = Vec::new();
    for diagnostic in diagnostics {
        let Some(finding) = finding_of(diagnostic) else { continue };
        let edit = |edit: TextEdit| WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Suppress `{}` on this line, with a reason", finding.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit(suppress_line(text, &lines, finding.line, &finding.rule, format))),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
        // One of each per rule, however many of its findings the range holds.
        if disabled.contains(&finding.rule) {
            continue;
        }
        disabled.push(finding.rule.clone());
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Disable `{}` for this file", finding.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit(disable_file(text, &lines, &finding.rule, format))),
            ..CodeAction::default()
        }));
        let command = Command {
            title: format!("Open the definition of `{}`", finding.rule),
            command: OPEN_RULE.to_string(),
            arguments: Some(vec![
                serde_json::Value::from(finding.rule.clone()),
                serde_json::Value::from(uri.to_string()),
            ]),
        };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: command.title.clone(),
            kind: Some(CodeActionKind::EMPTY),
            command: Some(command),
            ..CodeAction::default()
        }));
    }
    actions
}

/// A comment in the form the file type reads: an HTML comment in Markdown and HTML, the words
/// on a line of their own in plain text.
fn directive(format: Format, body: &str) -> String {
    match format {
        Format::Markdown | Format::Html => format!("<!-- {body} -->"),
        Format::Text | Format::Docx => body.to_string(),
    }
}

fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The line `line` of the text, without its line break ("" past the end).
fn line_text<'t>(text: &'t str, lines: &LineIndex, line: usize) -> &'t str {
    let starts = lines.line_starts();
    let Some(&start) = starts.get(line) else { return "" };
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    text[start..end].trim_end_matches(['\n', '\r'])
}

/// `spinlint-disable-next-line RULE -- REASON` above the finding's line, indented as it is.
pub fn suppress_line(text: &str, lines: &LineIndex, line: u32, rule: &str, format: Format) -> TextEdit {
    let line = (line as usize).min(lines.line_starts().len() - 1);
    let content = line_text(text, lines, line);
    let indent = &content[..content.len() - content.trim_start().len()];
    let comment = directive(format, &format!("spinlint-disable-next-line {rule} -- {REASON_PLACEHOLDER}"));
    let at = Position::new(u32::try_from(line).unwrap_or(u32::MAX), 0);
    TextEdit::new(Range::new(at, at), format!("{indent}{comment}{}", line_break(text)))
}

/// `spinlint-disable RULE` at the top of the file: after a Markdown front matter or an HTML
/// doctype, which must stay first.
pub fn disable_file(text: &str, lines: &LineIndex, rule: &str, format: Format) -> TextEdit {
    let first = line_text(text, lines, 0).trim();
    let count = lines.line_starts().len();
    let after = match format {
        Format::Markdown if first == "---" || first == "+++" => {
            (1..count).find(|&l| matches!(line_text(text, lines, l).trim(), "---" | "+++" | "...")).map(|l| l + 1)
        }
        Format::Html if first.to_ascii_lowercase().starts_with("<!doctype") => Some(1),
        _ => None,
    };
    let line = after.unwrap_or(0);
    let comment = directive(format, &format!("spinlint-disable {rule}"));
    if line >= count {
        // After a last line without a line break: at its end, on a line of its own.
        let last = count - 1;
        let units = spinlint_core::utf16::len(line_text(text, lines, last));
        let at = Position::new(u32::try_from(last).unwrap_or(u32::MAX), u32::try_from(units).unwrap_or(u32::MAX));
        return TextEdit::new(Range::new(at, at), format!("{}{comment}", line_break(text)));
    }
    let at = Position::new(u32::try_from(line).unwrap_or(u32::MAX), 0);
    TextEdit::new(Range::new(at, at), format!("{comment}{}", line_break(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &TextEdit) -> String {
        let lines = LineIndex::new(text);
        let at = spinlint_core::utf16::byte_offset(
            text,
            &lines,
            edit.range.start.line as usize,
            edit.range.start.character as usize,
        );
        format!("{}{}{}", &text[..at], edit.new_text, &text[at..])
    }

    #[test]
    fn a_suppression_goes_above_the_line_in_the_file_types_comment() {
        let text = "# Title\n\n  - There is no evidence.\n";
        let lines = LineIndex::new(text);
        let edit = suppress_line(text, &lines, 2, "no-evidence-none-exists", Format::Markdown);
        assert_eq!(
            apply(text, &edit),
            "# Title\n\n  <!-- spinlint-disable-next-line no-evidence-none-exists -- REASON -->\n  - There is no evidence.\n"
        );
        let text = "One.\r\nThere is no evidence.";
        let edit = suppress_line(text, &LineIndex::new(text), 1, "r", Format::Text);
        assert_eq!(apply(text, &edit), "One.\r\nspinlint-disable-next-line r -- REASON\r\nThere is no evidence.");
    }

    #[test]
    fn a_file_wide_disable_goes_after_front_matter_and_doctype() {
        let text = "---\ntitle: x\n---\nBody.\n";
        let edit = disable_file(text, &LineIndex::new(text), "r", Format::Markdown);
        assert_eq!(apply(text, &edit), "---\ntitle: x\n---\n<!-- spinlint-disable r -->\nBody.\n");
        let text = "<!DOCTYPE html>\n<p>x</p>";
        let edit = disable_file(text, &LineIndex::new(text), "r", Format::Html);
        assert_eq!(apply(text, &edit), "<!DOCTYPE html>\n<!-- spinlint-disable r -->\n<p>x</p>");
        let text = "Plain.";
        let edit = disable_file(text, &LineIndex::new(text), "r", Format::Text);
        assert_eq!(apply(text, &edit), "spinlint-disable r\nPlain.");
        let text = "+++\ntitle = 1\n+++";
        let edit = disable_file(text, &LineIndex::new(text), "r", Format::Markdown);
        assert_eq!(apply(text, &edit), "+++\ntitle = 1\n+++\n<!-- spinlint-disable r -->");
    }
}
