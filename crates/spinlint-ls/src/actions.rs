//! The code actions on a finding: suppress it on its line with a reason, disable its rule for
//! the file, open the rule's definition. Each is built from the diagnostic's `data` and the
//! document's text: no second lint.

use crate::convert::{FindingData, SOURCE};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, NumberOrString, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};
use spinlint_core::span::LineIndex;
use spinlint_core::suppress::comments::{self, UNUSED_RULE};
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
    // The line is the diagnostic's: clients move a diagnostic's range as the text is edited,
    // but not its `data`.
    if let Some(data) = diagnostic.data.as_ref().and_then(|d| serde_json::from_value::<FindingData>(d.clone()).ok()) {
        return Some(FindingData { line: diagnostic.range.start.line, ..data });
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
    // No comment can go inside a Markdown front matter (it would break the YAML or TOML).
    let front_matter = match format {
        Format::Markdown => spinlint_formats::markdown::front_matter_span(text),
        _ => None,
    };
    let line_of = |offset: usize| lines.line_of(offset);
    let in_front_matter = |line: u32| {
        front_matter.as_ref().is_some_and(|fm| (line_of(fm.start)..line_of(fm.end)).contains(&(line as usize)))
    };
    let mut actions = Vec::new();
    let mut disabled = Vec::new();
    for diagnostic in diagnostics {
        let Some(finding) = finding_of(diagnostic) else { continue };
        let edit = |edit: TextEdit| WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        };
        if finding.rule == UNUSED_RULE {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Remove this unused suppression".to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(remove_directive(text, &lines, diagnostic.range))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
            continue;
        }
        if !in_front_matter(finding.line) {
            // Not preferred: a suppression is a choice, not the fix an editor may apply unasked.
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress `{}` on this line, with a reason", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(suppress_line(text, &lines, finding.line, &finding.rule, format))),
                ..CodeAction::default()
            }));
        }
        // One of each per rule, however many of its findings the range holds.
        if disabled.contains(&finding.rule) {
            continue;
        }
        disabled.push(finding.rule.clone());
        if !in_front_matter(finding.line) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable `{}` for this file", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(disable_file(text, &lines, &finding.rule, format))),
                ..CodeAction::default()
            }));
        }
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

/// The edit that removes an unused directive: its whole line when nothing else is on it.
fn remove_directive(text: &str, lines: &LineIndex, range: Range) -> TextEdit {
    let line = (range.start.line as usize).min(lines.line_starts().len() - 1);
    let line_start = lines.line_starts()[line];
    let content = line_text(text, lines, line);
    let offset = |position: Position| {
        spinlint_core::utf16::byte_offset(text, lines, position.line as usize, position.character as usize)
    };
    let (start, end) = (offset(range.start).saturating_sub(line_start), offset(range.end).saturating_sub(line_start));
    let alone = range.start.line == range.end.line
        && content.get(..start).is_some_and(|before| before.trim().is_empty())
        && content.get(end..).is_some_and(|after| after.trim().is_empty());
    if alone {
        let whole = Range::new(Position::new(range.start.line, 0), Position::new(range.start.line + 1, 0));
        TextEdit::new(whole, String::new())
    } else {
        TextEdit::new(range, String::new())
    }
}

/// Directive words in the form the file type reads: an HTML comment in Markdown and HTML, the
/// words on a line of their own in plain text.
fn directive(format: Format, words: &str) -> String {
    match format {
        Format::Markdown | Format::Html => comments::html_comment(words),
        Format::Text | Format::Docx => words.to_string(),
    }
}

/// The line break the text uses: CRLF, a lone CR (old Mac files, which the linter reads as line
/// breaks too), else LF.
fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\r') && !text.contains('\n') {
        "\r"
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

/// `spinlint-disable-next-line RULE -- REASON` for the finding's line: on a line of its own above
/// it, indented as it is; in Markdown, when the line above has text (a paragraph's, a table's
/// or a quotation's next line), at the end of that line instead, where an HTML comment is inline
/// and leaves the paragraph, table or quotation whole.
pub fn suppress_line(text: &str, lines: &LineIndex, line: u32, rule: &str, format: Format) -> TextEdit {
    let line = (line as usize).min(lines.line_starts().len() - 1);
    let content = line_text(text, lines, line);
    let comment = directive(format, &comments::next_line_directive(&[rule], REASON_PLACEHOLDER));
    if format == Format::Markdown && line > 0 {
        let above = line_text(text, lines, line - 1);
        if !above.trim().is_empty() {
            let at = position_of(text, lines, lines.line_starts()[line - 1] + above.len());
            return TextEdit::new(Range::new(at, at), format!(" {comment}"));
        }
    }
    let indent = &content[..content.len() - content.trim_start().len()];
    let at = Position::new(u32::try_from(line).unwrap_or(u32::MAX), 0);
    TextEdit::new(Range::new(at, at), format!("{indent}{comment}{}", line_break(text)))
}

/// The protocol's position of a byte offset.
fn position_of(text: &str, lines: &LineIndex, offset: usize) -> Position {
    let (line, units) = spinlint_core::utf16::line_position(text, lines, offset);
    Position::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(units).unwrap_or(u32::MAX))
}

/// `spinlint-disable RULE` at the top of the file: after a byte order mark, a Markdown front
/// matter or an HTML doctype, which must stay first.
pub fn disable_file(text: &str, lines: &LineIndex, rule: &str, format: Format) -> TextEdit {
    let comment = directive(format, &comments::disable_directive(&[rule]));
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let after = match format {
        Format::Markdown => spinlint_formats::markdown::front_matter_span(text).map(|fm| fm.end),
        Format::Html if text[bom..].get(..9).is_some_and(|start| start.eq_ignore_ascii_case("<!doctype")) => {
            text[bom..].find('>').map(|end| bom + end + 1)
        }
        _ => None,
    };
    let Some(after) = after else {
        let at = position_of(text, lines, bom);
        return TextEdit::new(Range::new(at, at), format!("{comment}{}", line_break(text)));
    };
    // At the start of the next line if the block ends one, else right after it.
    let rest = &text[after..];
    let break_len = if rest.starts_with("\r\n") { 2 } else { usize::from(rest.starts_with(['\n', '\r'])) };
    if break_len > 0 {
        let at = position_of(text, lines, after + break_len);
        TextEdit::new(Range::new(at, at), format!("{comment}{}", line_break(text)))
    } else if after == text.len() && !text[..after].ends_with(['\n', '\r']) && format == Format::Markdown {
        let at = position_of(text, lines, after);
        TextEdit::new(Range::new(at, at), format!("{}{comment}", line_break(text)))
    } else {
        let at = position_of(text, lines, after);
        TextEdit::new(Range::new(at, at), comment)
    }
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

    /// The findings of a text as the server lints it: (rule, 0-based line).
    fn relint(text: &str, format: Format) -> Vec<(String, u32)> {
        let engine = spinlint_core::Engine::builtin().expect("the built-in rules");
        let options =
            spinlint_formats::ReadOptions { lossy: false, front_matter: engine.config().front_matter.clone() };
        let read = spinlint_formats::read(format, std::path::Path::new("a"), text.as_bytes().to_vec(), &options)
            .expect("read");
        let result = spinlint_formats::lint(&engine, "a".into(), None, read);
        result.findings.iter().map(|f| (f.rule.to_string(), result.position(f.span).line as u32 - 1)).collect()
    }

    /// The blocks a reader makes of a text (paragraphs, table cells, quotations).
    fn blocks(text: &str, format: Format) -> usize {
        let options = spinlint_formats::ReadOptions::default();
        let read = spinlint_formats::read(format, std::path::Path::new("a"), text.as_bytes().to_vec(), &options)
            .expect("read");
        read.view.map_or(0, |view| view.blocks.len())
    }

    const NO_EVIDENCE: &str = "no-evidence-none-exists";

    /// Each suppression the action writes is honoured by the linter, leaves no unused
    /// suppression, and leaves the Markdown's paragraphs, tables and quotations whole.
    #[test]
    fn a_suppression_is_honoured_and_keeps_the_markdown_whole() {
        let cases = [
            "# T\n\nThe claim was made.\nThere is no evidence, because none exists.\nMore words.\n",
            "> The claim was made.\n> There is no evidence, because none exists.\n",
            "| a | b |\n|---|---|\n| one | two |\n| There is no evidence, because none exists. | x |\n",
            "There is no evidence, because none exists.\n",
            "Intro.\n\n  - There is no evidence, because none exists.\n",
        ];
        for text in cases {
            let found = relint(text, Format::Markdown);
            let line = found.iter().find(|(rule, _)| rule == NO_EVIDENCE).map(|&(_, line)| line).expect("a finding");
            let edit = suppress_line(text, &LineIndex::new(text), line, NO_EVIDENCE, Format::Markdown);
            let fixed = apply(text, &edit);
            let after = relint(&fixed, Format::Markdown);
            assert!(!after.iter().any(|(rule, _)| rule == NO_EVIDENCE || rule == UNUSED_RULE), "{fixed:?}: {after:?}");
            assert_eq!(blocks(&fixed, Format::Markdown), blocks(text, Format::Markdown), "{fixed:?}");
        }
    }

    #[test]
    fn a_file_wide_disable_comes_first_and_is_honoured() {
        let cases = [
            (Format::Markdown, "---\ntitle: x\n---\nThere is no evidence, because none exists.\n"),
            (Format::Markdown, "---\n\nThere is no evidence, because none exists.\n"),
            (Format::Markdown, "\u{feff}There is no evidence, because none exists.\n"),
            (
                Format::Html,
                "<!DOCTYPE html><html><body><p>There is no evidence, because none exists.</p></body></html>",
            ),
            (Format::Html, "<!DOCTYPE html>\n<p>There is no evidence, because none exists.</p>\n"),
            (Format::Text, "One.\r\nThere is no evidence, because none exists."),
            (Format::Text, "One.\rThere is no evidence, because none exists.\r"),
        ];
        for (format, text) in cases {
            assert!(relint(text, format).iter().any(|(rule, _)| rule == NO_EVIDENCE), "{text:?}");
            let fixed = apply(text, &disable_file(text, &LineIndex::new(text), NO_EVIDENCE, format));
            let after = relint(&fixed, format);
            assert!(!after.iter().any(|(rule, _)| rule == NO_EVIDENCE || rule == UNUSED_RULE), "{fixed:?}: {after:?}");
            assert_eq!(fixed.contains('\n'), text.contains('\n'), "the text's own line breaks: {fixed:?}");
            // What must stay first does.
            for first in ["\u{feff}", "---\ntitle", "<!DOCTYPE html>"] {
                assert_eq!(text.starts_with(first), fixed.starts_with(first), "{fixed:?}");
            }
        }
    }

    #[test]
    fn front_matter_and_unused_suppressions_get_the_actions_that_fit_them() {
        let uri = Url::parse("file:///a.md").unwrap();
        let diagnostic = |rule: &str, line: u32, range: (u32, u32)| Diagnostic {
            range: Range::new(Position::new(line, range.0), Position::new(line, range.1)),
            code: Some(NumberOrString::String(rule.into())),
            source: Some(SOURCE.into()),
            ..Diagnostic::default()
        };
        let text = "---\ntitle: There is no evidence\n---\nBody.\n";
        let actions = code_actions(&uri, text, Format::Markdown, &[diagnostic(NO_EVIDENCE, 1, (16, 27))]);
        let titles: Vec<String> = actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(action) => action.title.clone(),
                CodeActionOrCommand::Command(command) => command.title.clone(),
            })
            .collect();
        assert_eq!(titles, [format!("Open the definition of `{NO_EVIDENCE}`")], "no comment inside front matter");

        let text = "Intro.\n<!-- spinlint-disable-next-line r -->\nBody.\n";
        let actions = code_actions(&uri, text, Format::Markdown, &[diagnostic(UNUSED_RULE, 1, (0, 38))]);
        let [CodeActionOrCommand::CodeAction(action)] = &actions[..] else { panic!("one action: {actions:?}") };
        assert_eq!(action.title, "Remove this unused suppression");
        let edit = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri][0];
        let start = spinlint_core::utf16::byte_offset(text, &LineIndex::new(text), 1, 0);
        let end = spinlint_core::utf16::byte_offset(text, &LineIndex::new(text), 2, 0);
        assert_eq!((edit.range.start.line, edit.range.end.line), (1, 2));
        assert_eq!(format!("{}{}", &text[..start], &text[end..]), "Intro.\nBody.\n");
    }
}
