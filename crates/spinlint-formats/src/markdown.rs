//! Markdown, read with pulldown-cmark (CommonMark with GitHub's tables, footnotes, strikethrough
//! and task lists), whose events carry the byte range of the file they come from.
//!
//! Prose: headings, paragraphs, list items, block quotes, table cells, footnotes, image alt text,
//! and the fields of the front matter a newsroom writes its headline and standfirst in. Not
//! prose: the rest of the front matter, fenced and indented code, inline code, HTML, link and
//! image targets, autolinks.

use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use spinlint_core::span::Span;
use spinlint_core::view::{View, ViewBuilder};

/// The front matter fields linted when none are configured: the title as a heading, the others
/// as a standfirst.
pub const FRONT_MATTER_FIELDS: &[&str] = &["title", "subtitle", "description", "summary", "standfirst"];

/// Reads `source` with the default front matter fields.
pub fn read(source: &str) -> View {
    read_with(source, FRONT_MATTER_FIELDS)
}

/// The bytes of the front matter (a `---` YAML or `+++` TOML block at the start, as the reader
/// takes it), fences included, if the document has one.
pub fn front_matter_span(source: &str) -> Option<std::ops::Range<usize>> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    match Parser::new_ext(source, options).into_offset_iter().next() {
        Some((Event::Start(Tag::MetadataBlock(_)), range)) => Some(range),
        _ => None,
    }
}

/// Reads `source`, linting the front matter fields named in `fields`.
pub fn read_with(source: &str, fields: &[&str]) -> View {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut builder = ViewBuilder::new();
    let mut state = State::default();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let span = Span::new(range.start, range.end);
        match event {
            Event::Start(tag) => state.start(&mut builder, source, tag, span, fields),
            Event::End(tag) => state.end(&mut builder, tag),
            Event::Text(text) => {
                if state.code > 0 || state.metadata {
                    continue;
                }
                if state.autolink {
                    builder.skip("link-target", span);
                    continue;
                }
                if !builder.is_open() {
                    let (kind, marker) = state.implicit_block();
                    builder.start_block(kind, marker, span.start);
                }
                crate::align::align(&mut builder, span.text(source), span.start, &text);
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                builder.skip("code", span);
                builder.space(span.start);
            }
            Event::Html(_) => builder.skip("html", span),
            Event::InlineHtml(html) => {
                builder.skip("html", span);
                if html.trim_start_matches('<').to_ascii_lowercase().starts_with("br") {
                    builder.space(span.start);
                }
            }
            Event::FootnoteReference(_) => builder.skip("footnote-reference", span),
            Event::SoftBreak | Event::HardBreak => builder.replace(" ", span),
            Event::Rule => builder.end_block(),
            Event::TaskListMarker(_) => builder.skip("task-marker", span),
        }
    }
    builder.finish()
}

#[derive(Default)]
struct State {
    /// Inside fenced or indented code (and HTML blocks).
    code: usize,
    metadata: bool,
    autolink: bool,
    quotes: usize,
    /// Open list items; the kind of the next block of an item.
    items: usize,
    footnotes: usize,
}

impl State {
    /// The kind of a block that text opens without a start tag (a tight list item).
    fn implicit_block(&self) -> (&'static str, &'static str) {
        if self.items > 0 {
            ("list-item", "- ")
        } else if self.footnotes > 0 {
            ("footnote", "")
        } else if self.quotes > 0 {
            ("block-quote", "")
        } else {
            ("paragraph", "")
        }
    }

    fn start(&mut self, builder: &mut ViewBuilder, source: &str, tag: Tag<'_>, span: Span, fields: &[&str]) {
        match tag {
            Tag::Heading { .. } => builder.start_block("heading", "# ", span.start),
            Tag::Paragraph => {
                let (kind, marker) = self.implicit_block();
                builder.start_block(kind, marker, span.start);
            }
            Tag::BlockQuote(_) => {
                self.quotes += 1;
                builder.set_quote(true);
            }
            Tag::CodeBlock(_) => {
                builder.end_block();
                builder.skip("code", span);
                self.code += 1;
            }
            Tag::HtmlBlock => {
                // Its tags and attributes are not prose, its text is (`<summary>...</summary>`).
                builder.end_block();
                crate::html::read_fragment(builder, source, span);
                self.code += 1;
            }
            Tag::Item => {
                builder.end_block();
                self.items += 1;
            }
            Tag::FootnoteDefinition(_) => {
                builder.end_block();
                self.footnotes += 1;
            }
            Tag::TableCell => builder.start_block("table-cell", "", span.start),
            Tag::Link { link_type, .. } => {
                self.autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if !self.autolink {
                    skip_target(builder, source, span);
                }
            }
            Tag::Image { .. } => {
                skip_target(builder, source, span);
                // The alt text is read where the image is, in the block around it; an image
                // that opens a paragraph makes it an alt text block.
                if !builder.is_open() {
                    builder.start_block("alt-text", "", span.start);
                } else if !builder.has_text() && builder.open_kind() == Some("paragraph") {
                    builder.rename_block("alt-text");
                }
                builder.space(span.start);
            }
            Tag::MetadataBlock(kind) => {
                self.metadata = true;
                builder.skip("front-matter", span);
                front_matter(builder, source, span, kind, fields);
            }
            _ => {}
        }
    }

    fn end(&mut self, builder: &mut ViewBuilder, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::TableCell => builder.end_block(),
            TagEnd::BlockQuote(_) => {
                self.quotes = self.quotes.saturating_sub(1);
                builder.end_block();
                builder.set_quote(self.quotes > 0);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => self.code = self.code.saturating_sub(1),
            TagEnd::Item => {
                builder.end_block();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition => {
                builder.end_block();
                self.footnotes = self.footnotes.saturating_sub(1);
            }
            TagEnd::Link => self.autolink = false,
            TagEnd::Image => builder.space(builder.source_end()),
            TagEnd::MetadataBlock(_) => self.metadata = false,
            _ => {}
        }
    }
}

/// The target of a link or image (`(https://...)`, `[ref]`) is not prose: skipped for
/// `spinlint parse`, as the parser writes no text for it.
fn skip_target(builder: &mut ViewBuilder, source: &str, span: Span) {
    let text = span.text(source);
    if let Some(close) = text.rfind("](") {
        builder.skip("link-target", Span::new(span.start + close + 1, span.end));
    }
}

/// The fields of the front matter that are prose: `title: "..."` (YAML) or `title = "..."`
/// (TOML) on a line of its own, with a value on the same line.
fn front_matter(builder: &mut ViewBuilder, source: &str, span: Span, kind: MetadataBlockKind, fields: &[&str]) {
    let separator = if kind == MetadataBlockKind::PlusesStyle { '=' } else { ':' };
    let mut offset = span.start;
    for line in span.text(source).split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let Some((key, value)) = line.split_once(separator) else { continue };
        let key = key.trim_end();
        if key.starts_with([' ', '\t']) || !fields.iter().any(|f| f.eq_ignore_ascii_case(key.trim_matches('"'))) {
            continue;
        }
        let value_start = line_start + key.len() + line[key.len()..].find(separator).unwrap_or(0) + 1;
        let trimmed = value.trim();
        let unquoted = trimmed
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| trimmed.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(trimmed);
        // A block scalar (`>`, `|`) or an empty value has its text on other lines: left out.
        if unquoted.is_empty() || matches!(unquoted, ">" | "|" | ">-" | "|-") {
            continue;
        }
        let start = value_start + (value.len() - value.trim_start().len()) + (trimmed.len() - unquoted.len()) / 2;
        let (kind, marker) = if key.eq_ignore_ascii_case("title") { ("heading", "# ") } else { ("standfirst", "") };
        builder.start_block(kind, marker, start);
        builder.copy(unquoted, start);
        builder.end_block();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(view: &View) -> Vec<(&'static str, &str)> {
        view.blocks.iter().map(|b| (b.kind, b.span.text(&view.text))).collect()
    }

    #[test]
    fn front_matter_is_skipped_but_for_its_headline_and_standfirst() {
        let md = "---\ntitle: \"A “so-called” title\"\ntags: [so-called, baseless]\ndescription: The standfirst.\n---\n\nBody text.\n";
        let view = read(md);
        assert_eq!(
            blocks(&view),
            [("heading", "A “so-called” title"), ("standfirst", "The standfirst."), ("paragraph", "Body text.")]
        );
        let title = &view.blocks[0];
        assert_eq!(title.source.text(md), "A “so-called” title");
        let toml = "+++\ntitle = 'Plain'\ndraft = true\n+++\nText.\n";
        assert_eq!(blocks(&read(toml)), [("heading", "Plain"), ("paragraph", "Text.")]);
    }

    #[test]
    fn code_html_and_link_targets_are_not_prose() {
        let md = "Intro with `baseless` code and [a link](https://x.test/baseless \"t\") and <https://x.test/so-called>.\n\n    indented code baseless\n\n```\nfenced baseless\n```\n\n<div class=\"baseless\">\n</div>\n";
        let view = read(md);
        assert_eq!(blocks(&view), [("paragraph", "Intro with  code and a link and .")]);
        assert!(!view.text.contains("baseless") && !view.text.contains("so-called"));
    }

    #[test]
    fn lists_quotes_tables_footnotes_and_alt_text_are_blocks_of_their_own() {
        let md = "# Head\n\n- one\n- two\n\n> Quoted *one*.\n>\n> Quoted two.\n\n| a | b |\n|---|---|\n| c | d |\n\nText[^1] ![An alt text](x.png) more.\n\n[^1]: A footnote.\n";
        let view = read(md);
        assert_eq!(
            blocks(&view),
            [
                ("heading", "Head"),
                ("list-item", "one"),
                ("list-item", "two"),
                ("block-quote", "Quoted one."),
                ("block-quote", "Quoted two."),
                ("table-cell", "a"),
                ("table-cell", "b"),
                ("table-cell", "c"),
                ("table-cell", "d"),
                ("paragraph", "Text An alt text  more."),
                ("footnote", "A footnote."),
            ]
        );
        assert!(view.text.contains("> Quoted one.\n>\n> Quoted two."));
        assert!(view.text.contains("- one\n\n- two"));
    }

    #[test]
    fn images_keep_their_block_and_html_blocks_keep_their_text() {
        let md = "# ![logo](x.png) Council rejects audit\n\n![A photo](p.jpg)\n\n- an ![icon](i.png) item\n\n<details>\n<summary>The summary words</summary>\n<p class=\"baseless\">A paragraph <b>here</b>.</p>\n</details>\n";
        let view = read(md);
        assert_eq!(
            blocks(&view),
            [
                ("heading", "logo  Council rejects audit"),
                ("alt-text", "A photo"),
                ("list-item", "an icon  item"),
                ("paragraph", "The summary words"),
                ("paragraph", "A paragraph here."),
            ]
        );
        assert!(!view.text.contains("baseless"));
        let at = view.text.find("here").unwrap();
        assert_eq!(view.source_span(Span::new(at, at + 4)).text(md), "here");
    }

    #[test]
    fn escapes_and_entities_map_back_to_their_bytes() {
        let md = "No \\*evidence\\* here, no&nbsp;evidence&mdash;none.\n";
        let view = read(md);
        assert_eq!(view.text, "No *evidence* here, no\u{a0}evidence—none.\n");
        let start = view.text.find("no\u{a0}evidence").unwrap();
        let span = view.source_span(Span::new(start, start + "no\u{a0}evidence".len()));
        assert_eq!(span.text(md), "no&nbsp;evidence");
        let start = view.text.find("*evidence*").unwrap();
        // The escaped marks map to their bytes, with or without the backslash before them.
        let escaped = view.source_span(Span::new(start, start + 10)).text(md);
        assert!(escaped.ends_with("evidence\\*") && escaped.replace('\\', "") == "*evidence*", "{escaped}");
    }
}
