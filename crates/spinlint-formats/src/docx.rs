//! Word documents (`.docx`): a zip archive of XML parts, read with the `zip` crate and
//! quick-xml's streaming reader. The text is the document's paragraphs (body, tables, text boxes)
//! and then its footnotes, one paragraph per line: a finding is located by its paragraph (the
//! line) and its offset in the paragraph's text. Tracked deletions are not text, insertions are;
//! comments are not read; headings, block quotes and list items are told by their style.

use quick_xml::events::{BytesStart, Event};
use spinlint_core::view::{View, ViewBuilder};
use std::io::Read;

/// The most XML read from one part of a document. A novel is a few MB of XML; past this, an
/// archive is taken for a zip bomb rather than a draft.
pub const MAX_PART_BYTES: u64 = 64 << 20;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocxError {
    #[error(
        "a Word 97-2003 document (.doc) or a password-protected document, not .docx: save it as .docx (Word Document) without a password to lint it"
    )]
    OldWordFormat,
    #[error("not a Word document: not a zip archive ({0})")]
    NotZip(String),
    #[error("not a Word document: the archive has no word/document.xml")]
    NoDocument,
    #[error("{part} is larger than {limit} MB uncompressed: refused (a zip bomb, or not a draft)", limit = MAX_PART_BYTES >> 20)]
    TooLarge { part: &'static str },
    #[error("{part} cannot be read: {message}")]
    Broken { part: &'static str, message: String },
}

/// A Word document read: its paragraphs' text, one per line, and the view of it.
#[derive(Debug)]
pub struct Docx {
    pub text: String,
    pub view: View,
}

/// One paragraph of the document, and its kind.
struct Paragraph {
    text: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Standfirst,
    Quote,
    ListItem,
    TableCell,
    Footnote,
    Paragraph,
}

pub fn read(bytes: &[u8]) -> Result<Docx, DocxError> {
    // An OLE2 compound file: what Word wrote before 2007.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DocxError::OldWordFormat);
    }
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let mut notes = Vec::new();
    let document = part(&mut archive, "word/document.xml", &mut notes)?.ok_or(DocxError::NoDocument)?;
    let mut paragraphs = paragraphs(&document, "word/document.xml", false)?;
    if let Some(footnotes) = part(&mut archive, "word/footnotes.xml", &mut notes)? {
        paragraphs.extend(paragraphs_or_note(&footnotes, "word/footnotes.xml", &mut notes));
    }
    Ok(layout(paragraphs, notes))
}

/// The footnotes, or a note saying why they were left out: the body is still linted.
fn paragraphs_or_note(xml: &str, part: &'static str, notes: &mut Vec<String>) -> Vec<Paragraph> {
    paragraphs(xml, part, true).unwrap_or_else(|error| {
        notes.push(format!("{error}; left out"));
        Vec::new()
    })
}

/// A part of the archive as text, or `None` if the archive has no such part. Invalid UTF-8 is
/// replaced, with a note.
fn part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &'static str,
    notes: &mut Vec<String>,
) -> Result<Option<String>, DocxError> {
    let broken = |message: String| DocxError::Broken { part: name, message };
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(error) => return Err(broken(error.to_string())),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(DocxError::TooLarge { part: name });
    }
    let mut bytes = Vec::new();
    // The size in the archive's directory may lie: the read stops past the limit either way.
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|e| broken(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge { part: name });
    }
    Ok(Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            notes.push(format!("{name}: not valid UTF-8, read with replacement characters"));
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        }
    }))
}

/// Elements whose content is not the document's text: tracked deletions and moves, the
/// properties a tracked change replaced (`pPrChange`: the old style), tab stop definitions, and a
/// text box's copy for old readers (`mc:Fallback`, beside the `mc:Choice` that is read).
const IGNORED: &[&str] = &[
    "del",
    "moveFrom",
    "pPrChange",
    "rPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "tabs",
    "Fallback",
];

fn local_name(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_string()
}

/// The `w:val` of an element (`<w:pStyle w:val="Heading1"/>`).
fn value(start: &BytesStart<'_>) -> Option<String> {
    start.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.into_owned())
}

/// The paragraphs of a part, in order; with `footnotes`, those of its footnotes (not the
/// separators Word keeps among them).
fn paragraphs(xml: &str, part: &'static str, footnotes: bool) -> Result<Vec<Paragraph>, DocxError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    // Paragraphs being read, innermost last (a text box's paragraphs sit inside another's).
    let mut open: Vec<(String, Option<String>, bool)> = Vec::new();
    let (mut in_text, mut ignored, mut cells, mut separator) = (false, 0usize, 0usize, false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| DocxError::Broken { part, message: format!("{e} at byte {}", reader.error_position()) })?;
        match event {
            Event::Start(start) if IGNORED.contains(&local_name(&start).as_str()) => ignored += 1,
            Event::End(end) if IGNORED.contains(&end.local_name().as_ref()) => ignored = ignored.saturating_sub(1),
            Event::Start(_) | Event::Empty(_) | Event::End(_) if ignored > 0 => {}
            Event::Start(start) => match local_name(&start).as_str() {
                "p" => open.push((String::new(), None, false)),
                "t" => in_text = true,
                "tc" => cells += 1,
                "footnote" => {
                    let kind = start.attributes().flatten().find(|a| a.key.local_name().as_ref() == "type");
                    separator = kind.is_some_and(|a| &*a.value != "normal");
                }
                _ => paragraph_property(&start, open.last_mut()),
            },
            Event::Empty(start) => match local_name(&start).as_str() {
                // An empty paragraph still counts: paragraph numbers are Word's.
                "p" if !separator => {
                    let kind = if footnotes { Kind::Footnote } else { Kind::Paragraph };
                    out.push(Paragraph { text: String::new(), kind });
                }
                _ => paragraph_property(&start, open.last_mut()),
            },
            Event::End(end) => match end.local_name().as_ref() {
                "p" => {
                    if let Some((text, style, numbered)) = open.pop() {
                        if !separator {
                            let kind =
                                if footnotes { Kind::Footnote } else { kind_of(style.as_deref(), numbered, cells > 0) };
                            out.push(Paragraph { text, kind });
                        }
                    }
                }
                "t" => in_text = false,
                "tc" => cells = cells.saturating_sub(1),
                "footnote" => separator = false,
                _ => {}
            },
            Event::Text(text) if in_text && ignored == 0 => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.0.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) if in_text && ignored == 0 => {
                let decoded = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*reference.xml10_content() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(paragraph)) = (decoded, open.last_mut()) {
                    paragraph.0.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An element inside a paragraph that changes its text or its kind: its style, its list
/// numbering, a tab or line break (a space), a non-breaking hyphen.
fn paragraph_property(element: &BytesStart<'_>, paragraph: Option<&mut (String, Option<String>, bool)>) {
    let Some(paragraph) = paragraph else { return };
    match local_name(element).as_str() {
        "pStyle" => paragraph.1 = value(element),
        "numPr" => paragraph.2 = true,
        "tab" | "br" | "cr" => paragraph.0.push(' '),
        "noBreakHyphen" => paragraph.0.push('-'),
        _ => {}
    }
}

/// A paragraph's kind from its style's id (`Heading1`, `Title`, `Quote`, `ListParagraph`).
fn kind_of(style: Option<&str>, numbered: bool, in_table: bool) -> Kind {
    let style = style.unwrap_or("").to_ascii_lowercase();
    if style.starts_with("heading") || style == "title" {
        Kind::Heading
    } else if style == "subtitle" {
        Kind::Standfirst
    } else if style.contains("quote") || style == "blocktext" {
        Kind::Quote
    } else if numbered || style.contains("list") {
        Kind::ListItem
    } else if in_table {
        Kind::TableCell
    } else {
        Kind::Paragraph
    }
}

/// The text, one paragraph per line, and its view.
fn layout(paragraphs: Vec<Paragraph>, notes: Vec<String>) -> Docx {
    let mut text = String::new();
    let mut builder = ViewBuilder::new();
    for paragraph in &paragraphs {
        let start = text.len();
        // One paragraph, one line: Word's own line breaks are spaces already.
        text.extend(paragraph.text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }));
        text.push('\n');
        if paragraph.text.trim().is_empty() {
            continue;
        }
        builder.set_quote(paragraph.kind == Kind::Quote);
        let (kind, marker) = match paragraph.kind {
            Kind::Heading => ("heading", "# "),
            Kind::Standfirst => ("standfirst", ""),
            Kind::Quote => ("block-quote", ""),
            Kind::ListItem => ("list-item", "- "),
            Kind::TableCell => ("table-cell", ""),
            Kind::Footnote => ("footnote", ""),
            Kind::Paragraph => ("paragraph", ""),
        };
        builder.start_block(kind, marker, start);
        builder.copy(&text[start..text.len() - 1], start);
        builder.end_block();
    }
    let mut view = builder.finish();
    view.notes = notes;
    Docx { text, view }
}

/// Builds `.docx` archives for tests (here and in the suite): the parts given, stored.
#[doc(hidden)]
pub fn build_archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("a part of a test archive");
        writer.write_all(bytes).expect("a part of a test archive");
    }
    writer.finish().expect("a test archive").into_inner()
}

/// A `word/document.xml` whose body is `body` (paragraphs as Word writes them).
#[doc(hidden)]
pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx(body: &str) -> Vec<u8> {
        build_archive(&[("word/document.xml", document_xml(body).as_bytes())])
    }

    #[test]
    fn paragraphs_by_style_one_per_line_with_tracked_changes() {
        let body = concat!(
            r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>A title</w:t></w:r></w:p>"#,
            r#"<w:p/>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">There is </w:t></w:r><w:del><w:r><w:delText>not </w:delText></w:r></w:del>"#,
            r#"<w:ins><w:r><w:t>no</w:t></w:r></w:ins><w:r><w:tab/><w:t>evidence &amp; more&#8217;s.</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>Quoted.</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>An item</w:t></w:r></w:p>"#,
        );
        let read = read(&docx(body)).unwrap();
        assert_eq!(read.text, "A title\n\nThere is no evidence & more’s.\nQuoted.\nAn item\n");
        assert_eq!(read.view.text, "# A title\n\nThere is no evidence & more’s.\n\n> Quoted.\n\n- An item\n");
        let kinds: Vec<_> = read.view.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["heading", "paragraph", "block-quote", "list-item"]);
        let at = read.view.text.find("no evidence").unwrap();
        let span = read.view.source_span(spinlint_core::span::Span::new(at, at + 11));
        assert_eq!(span.text(&read.text), "no evidence");
    }

    #[test]
    fn text_boxes_once_tab_stops_and_replaced_styles_not_at_all() {
        let body = concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:pStyle w:val="Normal"/>"#,
            r#"<w:pPrChange><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr>"#,
            r#"<w:r><w:t>Tabbed.</w:t></w:r><w:del><w:r><w:tab/></w:r></w:del></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Box.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box.</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r#"<w:r><w:t>Anchor.</w:t></w:r></w:p>"#,
        );
        let read = read(&docx(body)).unwrap();
        assert_eq!(read.text, "Tabbed.\nBox.\nAnchor.\n");
        assert_eq!(read.view.blocks[0].kind, "paragraph");
    }

    #[test]
    fn footnotes_follow_the_body_without_word_separators() {
        let footnotes = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let bytes = build_archive(&[
            ("word/document.xml", document_xml("<w:p><w:r><w:t>Body.</w:t></w:r></w:p>").as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
        ]);
        let read = read(&bytes).unwrap();
        assert_eq!(read.text, "Body.\nA note.\n");
        assert_eq!(read.view.blocks[1].kind, "footnote");
    }

    #[test]
    fn what_is_not_a_docx_is_a_clear_error() {
        assert!(matches!(read(b"plain text, not a zip"), Err(DocxError::NotZip(_))));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(read(&ole).unwrap_err(), DocxError::OldWordFormat);
        let no_document = build_archive(&[("word/other.xml", b"<x/>")]);
        assert_eq!(read(&no_document).unwrap_err(), DocxError::NoDocument);
        let full = docx("<w:p><w:r><w:t>Some words here.</w:t></w:r></w:p>");
        for cut in [10, full.len() / 2, full.len() - 10] {
            assert!(read(&full[..cut]).is_err(), "a docx cut at {cut} bytes");
        }
        let broken = build_archive(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
        assert!(matches!(read(&broken), Err(DocxError::Broken { .. })));
    }

    #[test]
    fn a_zip_bomb_is_refused_past_the_limit() {
        let huge = vec![b' '; (MAX_PART_BYTES + 10) as usize];
        let bomb = build_archive(&[("word/document.xml", &huge)]);
        assert!(bomb.len() < 1 << 20, "deflated to {} bytes", bomb.len());
        assert_eq!(read(&bomb).unwrap_err(), DocxError::TooLarge { part: "word/document.xml" });
    }

    #[test]
    fn invalid_utf8_is_read_with_a_note() {
        let mut xml = document_xml("<w:p><w:r><w:t>Bad \u{1} byte</w:t></w:r></w:p>").into_bytes();
        let at = xml.iter().position(|&b| b == 1).unwrap();
        xml[at] = 0xFF;
        let read = read(&build_archive(&[("word/document.xml", &xml)])).unwrap();
        assert_eq!(read.text, "Bad \u{fffd} byte\n");
        assert_eq!(read.view.notes.len(), 1);
    }
}
