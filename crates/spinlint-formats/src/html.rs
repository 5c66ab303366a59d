//! HTML articles, read with html5gum, a WHATWG-compliant HTML5 tokenizer that gives the byte
//! span of every token (html5ever's tokenizer gives only lines). An article is a flat run of
//! blocks, so the tokens and a stack of the elements that are not prose are enough; no tree is
//! built.
//!
//! The article is the `<article>` elements when there are any, else the `<main>`, else the
//! `<body>`. Scripts, styles, navigation, asides, forms, the page's header and footer, comments
//! and every tag are skipped. Entities are decoded in the view (`no&nbsp;evidence` reads as two
//! words) while spans point at the bytes of the file.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use spinlint_core::span::Span;
use spinlint_core::view::{View, ViewBuilder};

/// Elements whose content is never prose, and which stand apart from the text around them.
const NOT_PROSE: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "object", "canvas", "audio", "video",
    "head", "title", "dialog", "menu", "pre",
];

/// Elements whose content is never prose, inside a line of text (code, as Markdown's).
const NOT_PROSE_INLINE: &[&str] = &["code", "kbd", "samp", "svg", "math", "button", "select", "textarea"];

/// How many skipped elements are held open, nested; deeper ones (only in broken or hostile
/// pages) are inside the skip anyway, and closing them early only ends a skip sooner. Bounds the
/// search of each end tag (300,000 unclosed `<nav>` took 73 s).
const MAX_SKIP_DEPTH: usize = 64;

/// Elements that are never closed (no end tag to wait for).
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Block elements: each starts a block of the view, of this kind, with this marker.
fn block_kind(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ("heading", "# "),
        "p" => ("paragraph", ""),
        "li" => ("list-item", "- "),
        "figcaption" => ("caption", ""),
        "td" | "th" => ("table-cell", ""),
        "dt" | "dd" => ("paragraph", ""),
        "caption" => ("caption", ""),
        _ => return None,
    })
}

/// Elements that end the open block where they start or end (a `<div>` between paragraphs).
fn breaks_blocks(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "tr"
            | "figure"
            | "hr"
            | "body"
            | "blockquote"
    )
}

pub fn read(source: &str) -> View {
    let mut builder = ViewBuilder::new();
    read_into(&mut builder, source, Span::new(0, source.len()), true);
    builder.finish()
}

/// Reads an HTML block of a Markdown file (`span` of `source`): its text is prose, its tags are
/// not.
pub(crate) fn read_fragment(builder: &mut ViewBuilder, source: &str, span: Span) {
    read_into(builder, source, span, false);
    builder.end_block();
}

/// Reads the HTML at `span` of `source` into `builder`; a whole `page` has its article found.
fn read_into(builder: &mut ViewBuilder, source: &str, part: Span, page: bool) {
    let base = part.start;
    let tokens: Vec<Token<usize>> = {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        Tokenizer::new_with_emitter(part.text(source), emitter).filter_map(Result::ok).collect()
    };
    let at = |span: &html5gum::Span<usize>| Span::new(base + span.start, base + span.end);
    let container = if page { container(&tokens) } else { None };
    // How deep inside the container (or 1 when there is none).
    let mut inside = usize::from(container.is_none());
    // The open elements that are not prose, innermost last.
    let mut skipping: Vec<String> = Vec::new();
    let mut block_quotes = 0usize;
    for token in &tokens {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = at(&tag.span);
                builder.skip("tag", span);
                let closes = !tag.self_closing && !VOID.contains(&name.as_str());
                let skipped = closes && is_skipped(&name, container);
                if !skipping.is_empty() {
                    if skipped && skipping.len() < MAX_SKIP_DEPTH {
                        skipping.push(name);
                    }
                    continue;
                }
                if Some(name.as_str()) == container && closes {
                    inside += 1;
                }
                if inside == 0 || skipped {
                    if skipped {
                        if NOT_PROSE_INLINE.contains(&name.as_str()) {
                            builder.space(span.start);
                        } else {
                            builder.end_block();
                        }
                        skipping.push(name);
                    }
                    continue;
                }
                if name == "blockquote" && closes {
                    block_quotes += 1;
                    builder.set_quote(true);
                }
                if let Some((kind, marker)) = block_kind(&name) {
                    // `<li><p>...` and `<td><p>...`: the paragraph is the item's or the cell's text.
                    let wraps_text = name == "p" && builder.is_open() && !builder.has_text();
                    if !wraps_text {
                        let kind = if block_quotes > 0 && kind == "paragraph" { "block-quote" } else { kind };
                        builder.start_block(kind, marker, span.end);
                    }
                } else if breaks_blocks(&name) {
                    builder.end_block();
                } else if name == "br" {
                    builder.space(span.start);
                } else if name == "q" {
                    // A browser shows `<q>` with quotation marks: the parser sees them too.
                    if !builder.is_open() {
                        let kind = if block_quotes > 0 { "block-quote" } else { "paragraph" };
                        builder.start_block(kind, "", span.end);
                    }
                    builder.mark("“", span.end);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = at(&tag.span);
                builder.skip("tag", span);
                if let Some(open) = skipping.iter().rposition(|s| *s == name) {
                    skipping.truncate(open);
                    if skipping.is_empty() && NOT_PROSE_INLINE.contains(&name.as_str()) {
                        builder.space(span.end);
                    }
                    continue;
                }
                if !skipping.is_empty() {
                    continue;
                }
                if Some(name.as_str()) == container {
                    inside = inside.saturating_sub(1);
                    builder.end_block();
                }
                if inside == 0 {
                    continue;
                }
                if name == "blockquote" && block_quotes > 0 {
                    block_quotes -= 1;
                    builder.end_block();
                    builder.set_quote(block_quotes > 0);
                } else if block_kind(&name).is_some() || breaks_blocks(&name) {
                    builder.end_block();
                } else if name == "q" && builder.is_open() {
                    builder.mark("”", span.start);
                }
            }
            Token::String(string) => {
                let span = at(&string.span);
                if !skipping.is_empty() || inside == 0 {
                    builder.skip("not-prose", span);
                    continue;
                }
                let kind = if block_quotes > 0 { "block-quote" } else { "paragraph" };
                text(builder, source, span, &String::from_utf8_lossy(&string.value), kind);
            }
            Token::Comment(comment) => builder.skip("comment", at(&comment.span)),
            Token::Doctype(doctype) => builder.skip("tag", at(&doctype.span)),
            Token::Error(_) => {}
        }
    }
}

/// The element whose content is the article: `<article>` if the page has one outside what is
/// skipped (an article teaser in an `<aside>` does not count), else `<main>`; `None`: the body.
fn container(tokens: &[Token<usize>]) -> Option<&'static str> {
    let mut skipping: Vec<&[u8]> = Vec::new();
    let (mut article, mut main) = (false, false);
    for token in tokens {
        match token {
            Token::StartTag(tag) if !tag.self_closing => {
                let name = &*tag.name;
                if skipping.is_empty() {
                    article |= name == b"article";
                    main |= name == b"main";
                }
                let skipped = NOT_PROSE.iter().chain(NOT_PROSE_INLINE).any(|s| s.as_bytes() == name);
                if skipped && skipping.len() < MAX_SKIP_DEPTH {
                    skipping.push(name);
                }
            }
            Token::EndTag(tag) => {
                if let Some(open) = skipping.iter().rposition(|s| **s == *tag.name) {
                    skipping.truncate(open);
                }
            }
            _ => {}
        }
    }
    if article {
        Some("article")
    } else if main {
        Some("main")
    } else {
        None
    }
}

/// Whether the element `name` is skipped, with its content: the page's header and footer are,
/// an article's own are not.
fn is_skipped(name: &str, container: Option<&str>) -> bool {
    NOT_PROSE.contains(&name)
        || NOT_PROSE_INLINE.contains(&name)
        || (container.is_none() && matches!(name, "header" | "footer"))
}

/// A run of text: `decoded` is what the tokenizer made of the file's `span` (entities decoded,
/// line ends normalised). Outside a block, text opens a paragraph (`<div>Text</div>`), unless it
/// is only white space.
fn text(builder: &mut ViewBuilder, source: &str, span: Span, decoded: &str, kind: &'static str) {
    let raw = span.text(source);
    let mut offset = span.start;
    let (mut raw, mut decoded) = (raw, decoded);
    if !builder.has_text() {
        // Only ASCII white space, which the tokenizer leaves as it is: both texts lose the same.
        let trimmed = raw.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if trimmed.trim().is_empty() && !trimmed.contains('&') {
            return;
        }
        offset += raw.len() - trimmed.len();
        raw = trimmed;
        decoded = decoded.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if !builder.is_open() {
            builder.start_block(kind, "", offset);
        }
    }
    crate::align::align(builder, raw, offset, decoded);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_and_back(html: &str) -> (View, impl Fn(&View, &str) -> String + '_) {
        let view = read(html);
        (view, move |view: &View, needle: &str| {
            let start = view.text.find(needle).expect(needle);
            view.source_span(Span::new(start, start + needle.len())).text(html).to_string()
        })
    }

    #[test]
    fn entities_are_decoded_and_spans_point_at_the_file() {
        let html = "<p>There is no&nbsp;evidence, don&rsquo;t &amp; won&#8217;t &#x201C;x&#x201D;.</p>";
        let (view, at) = view_and_back(html);
        assert_eq!(view.text, "There is no\u{a0}evidence, don’t & won’t “x”.\n");
        assert_eq!(at(&view, "no\u{a0}evidence"), "no&nbsp;evidence");
        assert_eq!(at(&view, "don’t"), "don&rsquo;t");
        assert_eq!(at(&view, "“x”"), "&#x201C;x&#x201D;");
    }

    #[test]
    fn the_article_is_read_and_the_page_around_it_is_not() {
        let html = r#"<!doctype html><html><head><title>Baseless</title><meta content="so-called">
<style>.baseless { color: red }</style><script>var s = "no evidence";</script></head>
<body><header>Site name</header><nav><a href="/">Home</a></nav>
<article><h1>A title</h1><p class="baseless">First <em>para</em>graph.<br>Line two.</p>
<!-- no evidence --><aside>Related</aside><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>
<ul><li>An item</li></ul><figure><img src="x.jpg" alt="alt"><figcaption>A caption</figcaption></figure>
<p>He said <q>nothing</q> at all.</p></article><footer>Footer</footer></body></html>"#;
        let view = read(html);
        assert_eq!(
            view.text,
            "# A title\n\nFirst paragraph. Line two.\n\n> Quoted one.\n>\n> Quoted two.\n\n- An item\n\nA caption\n\nHe said “nothing” at all.\n"
        );
        let kinds: Vec<_> = view.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["heading", "paragraph", "block-quote", "block-quote", "list-item", "caption", "paragraph"]);
        let wrapped = read("<ul><li><p>An item.</p></li></ul><table><tr><td><p>A cell.</p></td></tr></table><blockquote>Bare.</blockquote>");
        let kinds: Vec<_> = wrapped.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["list-item", "table-cell", "block-quote"]);
        assert_eq!(wrapped.text, "- An item.\n\nA cell.\n\n> Bare.\n");
    }

    #[test]
    fn without_an_article_the_body_is_read_but_the_page_header_is_not() {
        let html = "<body><header>Menu</header><div>Loose text.</div><p>A paragraph.</p><footer>End</footer></body>";
        assert_eq!(read(html).text, "Loose text.\n\nA paragraph.\n");
    }

    #[test]
    fn entities_without_semicolons_or_at_a_block_start_keep_the_words_in_place() {
        for html in [
            "<p>x &amp y the so-called experts said.</p>",
            "<p>no&nbsp evidence, the so-called experts said.</p>",
            "<p>&nbsp;The so-called experts said it.</p>",
            "<p>&notit; the so-called experts said.</p>",
            "<p>&#32;&emsp;The so-called experts said.</p>",
        ] {
            let (view, at) = view_and_back(html);
            assert_eq!(at(&view, "so-called"), "so-called", "{html}: {}", view.text);
            assert_eq!(at(&view, "experts"), "experts", "{html}");
        }
    }

    #[test]
    fn an_article_teaser_in_an_aside_is_not_the_article() {
        let html = "<main><h1>Story</h1><p>The story.</p><aside><article><p>Teaser.</p></article></aside></main><footer>Footer text.</footer>";
        assert_eq!(read(html).text, "# Story\n\nThe story.\n");
        let html = "<aside><article>Teaser.</article></aside><article><p>Story.</p></article><footer>Footer.</footer><div>Comments.</div>";
        assert_eq!(read(html).text, "Story.\n");
    }

    #[test]
    fn code_is_not_prose_and_a_q_opening_a_block_is_balanced() {
        let html = "<p>Run <code>so-called --flag</code> now.</p><pre><code>const baseless = 1;</code></pre><div><q>The plan is bad</q>, he said.</div>";
        assert_eq!(read(html).text, "Run  now.\n\n“The plan is bad”, he said.\n");
    }

    #[test]
    fn broken_html_is_read_as_far_as_it_goes() {
        for html in [
            "<p>Unclosed <b>bold é",
            "</p></p>Stray“<p>",
            "<p",
            "<<<>>>&&&;;",
            "<p>a&é",
            "&#xFFFFFFFF;ü",
            "\r\n<p>x\ry\r\n</p>",
            "<p>&nbsp\u{a0}&amp&ampé&#x;&#;“&lt</p>",
            "<p>“Quoted” — done&hellip;</p><q>ü</q>",
        ] {
            let view = read(html);
            for block in &view.blocks {
                assert!(html.is_char_boundary(block.source.start) && html.is_char_boundary(block.source.end));
            }
            // Every span of the view maps to a span of the file on its characters' boundaries.
            let ends: Vec<usize> = (0..=view.text.len()).filter(|&at| view.text.is_char_boundary(at)).collect();
            for &start in &ends {
                for &end in ends.iter().filter(|&&end| end >= start) {
                    let span = view.source_span(Span::new(start, end));
                    assert!(span.start <= span.end && span.end <= html.len(), "{html:?} {start}..{end}");
                    assert!(html.is_char_boundary(span.start) && html.is_char_boundary(span.end), "{html:?}");
                }
            }
        }
        assert_eq!(read("<p>x\ry\r\nz</p>").text, "x y z\n");
    }
}
