//! Drafts in the formats they come in: the article of `fixtures/formats/` as plain text,
//! Markdown, HTML and a Word document gives the same findings on the same words, with spans that
//! point at the bytes of each file; bad files of each format are clear errors, never panics.

mod common;

use common::{json, root, spinlint, spinlint_in, stderr, stdout, TempDir};
use serde_json::Value;
use std::path::Path;

fn s(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn no_panic(output: &std::process::Output) {
    assert!(!stderr(output).contains("panicked"), "panic: {}", stderr(output));
    assert_ne!(output.status.code(), Some(101), "panic exit: {}", stderr(output));
}

/// The words of a file's markup as a reader sees them: tags and link targets dropped, the
/// fixture's entities decoded, Markdown's emphasis and escapes dropped, white space collapsed.
fn as_words(markup: &str) -> String {
    let mut text = String::new();
    let mut rest = markup;
    while let Some(open) = rest.find(['<', '[', ']']) {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |close| &rest[close + 1..]);
        } else if let Some(target) = rest.strip_prefix("](") {
            rest = target.find(')').map_or("", |close| &target[close + 1..]);
        } else {
            rest = &rest[1..];
        }
    }
    text.push_str(rest);
    for (entity, decoded) in [
        ("&nbsp;", " "),
        ("&quot;", "\""),
        ("&ldquo;", "“"),
        ("&rdquo;", "”"),
        ("&#8220;", "“"),
        ("&#8221;", "”"),
        ("&rsquo;", "’"),
        ("&mdash;", "—"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, decoded);
    }
    let text = text.replace(['*', '\\'], "").replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A finding as a reader of the report sees it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    rule: String,
    severity: String,
    /// The words at its span in the file.
    words: String,
    /// Each label's message and the words at its span (empty for a Word document, whose label
    /// spans are checked through the paragraph test).
    labels: Vec<(String, String)>,
}

/// The findings of a file, the words read from the file at each reported span.
fn findings(path: &str) -> Vec<Seen> {
    let out = spinlint(&["check", "--format", "json", path]);
    assert_eq!(out.status.code(), Some(1), "{path}: {}", stderr(&out));
    let file = std::fs::read(root().join(path)).unwrap();
    let docx = path.ends_with(".docx");
    let words_at = |span: &Value| -> String {
        let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
        as_words(std::str::from_utf8(&file[start..end]).expect("a span on character boundaries"))
    };
    json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Seen {
            rule: d["rule"].as_str().unwrap().to_string(),
            severity: d["severity"].as_str().unwrap().to_string(),
            // A Word document's spans are offsets into its paragraphs' text, which the JSON
            // gives as each finding's `text`.
            words: if docx { d["text"].as_str().unwrap().to_string() } else { words_at(&d["span"]) },
            labels: d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let words = if docx { String::new() } else { words_at(&l["span"]) };
                    (l["message"].as_str().unwrap().to_string(), words)
                })
                .collect(),
        })
        .collect()
}

#[test]
fn the_same_article_in_every_format_gives_the_same_findings_on_the_same_words() {
    let plain = findings("fixtures/formats/article.txt");
    assert!(plain.len() >= 4, "the fixture has findings of several rules: {plain:?}");
    for format in ["md", "html"] {
        assert_eq!(findings(&format!("fixtures/formats/article.{format}")), plain, "{format}");
    }
    let mut plain_without_label_words = plain.clone();
    for seen in &mut plain_without_label_words {
        seen.labels.iter_mut().for_each(|(_, words)| words.clear());
    }
    assert_eq!(findings("fixtures/formats/article.docx"), plain_without_label_words);
}

#[test]
fn a_word_document_is_located_by_paragraph_and_offset_in_it() {
    let out = spinlint(&["check", "--format", "json", "fixtures/formats/article.docx"]);
    let report = json(&out);
    let name_calling = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "name-calling-labels")
        .expect("the name-calling of paragraph 4");
    // Paragraph 4 of the document; the word is split across two runs in the XML.
    assert_eq!(name_calling["paragraph"], 4);
    assert_eq!(name_calling["line"], 4);
    assert_eq!(name_calling["text"], "troublemakers");
    let column = name_calling["column"].as_u64().unwrap() as usize;
    let paragraph = "\"The auditors are a gang of professional troublemakers,\"";
    assert_eq!(&paragraph[column - 1..column - 1 + "troublemakers".len()], "troublemakers");
    // The human output names the paragraph and shows its text under the underline.
    let human = stdout(&spinlint(&["check", "fixtures/formats/article.docx"]));
    assert!(human.contains("fixtures/formats/article.docx: paragraph 4"), "{human}");
    assert!(human.contains("professional troublemakers"), "{human}");
    // Tracked deletions and comments are not text; the JSON of a text file has no paragraph.
    assert!(!human.contains("baseless"), "{human}");
    let plain = json(&spinlint(&["check", "--format", "json", "fixtures/formats/article.txt"]));
    assert!(plain["diagnostics"][0].get("paragraph").is_none());
}

#[test]
fn what_each_format_skips_gives_no_finding() {
    let dir = TempDir::new("inputs-skipped");
    let markdown = dir.write(
        "skipped.md",
        "---\ntags: [so-called, baseless]\nauthor: \"no evidence\"\n---\n\n    indented so-called code\n\n<div class=\"baseless\">\n</div>\n\nPlain words here.\n",
    );
    let html = dir.write(
        "skipped.html",
        "<html><head><meta content=\"so-called\"><style>.baseless{}</style><script>var s = 'no evidence';</script></head><body><nav>so-called</nav><p class=\"baseless\">Plain words here.</p><!-- so-called --><footer>baseless</footer></body></html>",
    );
    for path in [&markdown, &html] {
        let out = spinlint(&["check", "--format", "json", s(path)]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", path.display(), stdout(&out));
    }
    // The same words as prose are found: the skipping is not a reader that reads nothing.
    let prose = dir.write("prose.html", "<p>There is no&nbsp;evidence, the so-called experts say.</p>");
    let out = spinlint(&["check", "--format", "json", s(&prose)]);
    let texts: Vec<String> =
        json(&out)["diagnostics"].as_array().unwrap().iter().map(|d| d["text"].as_str().unwrap().to_string()).collect();
    assert!(texts.contains(&"so-called".to_string()), "{texts:?}");
}

#[test]
fn folders_are_walked_for_html_and_word_files_and_standard_input_takes_a_name() {
    let dir = TempDir::new("inputs-walk");
    std::fs::copy(root().join("fixtures/formats/article.html"), dir.path().join("a.html")).unwrap();
    std::fs::copy(root().join("fixtures/formats/article.docx"), dir.path().join("b.docx")).unwrap();
    dir.write("c.htm", "<p>The so-called experts.</p>");
    let out = spinlint(&["check", "--format", "json", s(dir.path())]);
    let report = json(&out);
    let mut paths: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    paths.dedup();
    assert_eq!(paths, ["a.html", "b.docx", "c.htm"]);

    // Standard input, named: read as HTML by the name's extension, reported under the name.
    let html = "<p>There is no&nbsp;evidence, the so-called experts say.</p>";
    let out = spinlint_in(&["check", "--format", "json", "--stdin-filename", "news/draft.html", "-"], None, Some(html));
    let report = json(&out);
    let first = &report["diagnostics"][0];
    assert_eq!(first["path"], "news/draft.html");
    let start = first["span"]["start"].as_u64().unwrap() as usize;
    let end = first["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(first["text"].as_str().unwrap(), &html[start..end]);
    // --input-format wins over the extension.
    let out = spinlint_in(
        &["check", "--format", "json", "--input-format", "text", "--stdin-filename", "x.html", "-"],
        None,
        Some("<p class=\"so-called\">Plain.</p>"),
    );
    assert_eq!(json(&out)["diagnostics"][0]["rule"], "doubt-so-called", "read as text, the attribute is words");
    let out = spinlint_in(&["check", "--input-format", "html", "-"], None, Some("<p class=\"so-called\">Plain.</p>"));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn parse_shows_what_each_format_took_as_prose_and_what_it_skipped() {
    for (file, skipped_kind) in [("article.md", "front-matter"), ("article.html", "tag"), ("article.docx", "")] {
        let out = spinlint(&["parse", &format!("fixtures/formats/{file}")]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let model = json(&out);
        let prose = model["prose"].as_array().unwrap();
        assert_eq!(prose[0]["kind"], "heading", "{file}");
        assert_eq!(prose[0]["text"], "Harbour council rejects so-called audit of ferry contract", "{file}");
        assert!(prose.iter().any(|b| b["kind"] == "list-item"), "{file}");
        assert!(model["document"]["quotations"].as_array().unwrap().iter().any(|q| q["style"] == "block"), "{file}");
        if !skipped_kind.is_empty() {
            assert!(model["skipped"].as_array().unwrap().iter().any(|s| s["kind"] == skipped_kind), "{file}");
        }
    }
}

#[test]
fn bad_files_of_each_format_are_clear_errors_and_the_rest_is_linted() {
    let dir = TempDir::new("inputs-bad");
    let docx = std::fs::read(root().join("fixtures/formats/article.docx")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.docx", docx[..docx.len() / 2].to_vec(), "not a zip archive"),
        ("text.docx", b"There is no evidence.".to_vec(), "not a zip archive"),
        ("old.docx", [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 600]].concat(), "Word 97-2003"),
        ("empty.docx", spinlint_formats::docx::build_archive(&[("word/styles.xml", b"<x/>")]), "no word/document.xml"),
    ];
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    for (name, bytes, _) in &cases {
        args.push(s(&dir.write(name, bytes)).to_string());
    }
    // Broken HTML is read as far as it goes.
    let broken = dir.write("broken.html", "<p>Unclosed <b>bold</p></p><p>The so-called <i>experts</b> said.<div");
    // 10 MB on one line.
    let long = dir.write("long.html", format!("<p>{}The so-called experts said so.</p>", "words ".repeat(1_700_000)));
    args.push(s(&broken).to_string());
    args.push(s(&long).to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = spinlint(&args);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "file errors exit 2");
    let err = stderr(&out);
    for (name, _, message) in &cases {
        assert!(err.lines().any(|l| l.contains(name) && l.contains(message)), "{name}: {err}");
    }
    let report = json(&out);
    let linted: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(linted.iter().any(|p| p.ends_with("broken.html")), "{linted:?}");
    assert!(linted.iter().any(|p| p.ends_with("long.html")), "{linted:?}");
    assert_eq!(report["summary"]["file_errors"], cases.len());
}

#[test]
fn a_word_document_with_bad_utf8_is_read_with_a_note() {
    let dir = TempDir::new("inputs-docx-utf8");
    let mut xml = spinlint_formats::docx::document_xml("<w:p><w:r><w:t>The so-called \u{1} experts.</w:t></w:r></w:p>")
        .into_bytes();
    let at = xml.iter().position(|&b| b == 1).unwrap();
    xml[at] = 0xFF;
    let path = dir.write("bad.docx", spinlint_formats::docx::build_archive(&[("word/document.xml", &xml)]));
    let out = spinlint(&["check", s(&path)]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.docx: word/document.xml: not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn the_front_matter_fields_that_are_prose_are_configurable() {
    let dir = TempDir::new("inputs-front-matter");
    let draft = "---\ntitle: The so-called plan\nheadline: The so-called deal\n---\n\nPlain words.\n";
    dir.write("draft.md", draft);
    let words = |out: &std::process::Output| -> Vec<String> {
        json(out)["diagnostics"].as_array().unwrap().iter().map(|d| d["span"]["start"].to_string()).collect()
    };
    let by_default = spinlint_in(&["check", "--format", "json", "draft.md"], Some(dir.path()), None);
    assert_eq!(words(&by_default), [draft.find("so-called plan").unwrap().to_string()]);
    dir.write("spinlint.toml", "front-matter = [\"headline\"]\n");
    let configured = spinlint_in(&["check", "--format", "json", "draft.md"], Some(dir.path()), None);
    assert_eq!(words(&configured), [draft.find("so-called deal").unwrap().to_string()]);
}

#[test]
fn a_named_standard_input_takes_the_overrides_of_its_name() {
    let dir = TempDir::new("inputs-stdin-overrides");
    dir.write("spinlint.toml", "[[overrides]]\nfiles = [\"opinion/**\"]\ndisable = [\"doubt-so-called\"]\n");
    let draft = "The so-called experts.\n";
    let run = |name: &str| {
        let out =
            spinlint_in(&["check", "--format", "json", "--stdin-filename", name, "-"], Some(dir.path()), Some(draft));
        json(&out)["diagnostics"].as_array().unwrap().len()
    };
    assert_eq!(run("news/draft.md"), 1);
    assert_eq!(run("opinion/draft.md"), 0);
}

#[test]
fn a_word_lock_file_met_while_walking_is_skipped_with_a_note() {
    let dir = TempDir::new("inputs-lock-file");
    std::fs::copy(root().join("fixtures/formats/article.docx"), dir.path().join("draft.docx")).unwrap();
    dir.write("~$draft.docx", [0x05u8, b'J', b'o', b'e', 0, 0, 0, 1, 2, 3]);
    let out = spinlint(&["check", "--format", "json", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("~$draft.docx: skipped, a Word lock file"), "{}", stderr(&out));
    // Named on the command line, it is read, and is not a Word document.
    let out = spinlint(&["check", s(&dir.path().join("~$draft.docx"))]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_paragraph_that_looks_like_markup_is_still_a_paragraph() {
    // Read again by its lines, `~~~` opened a code block that hid the rest of the document.
    let dir = TempDir::new("inputs-markup-lines");
    let html = dir.write(
        "fence.html",
        "<p>First, the so-called plan.</p><p>~~~ Part two ~~~</p><p>```</p><p>&gt; The so-called deal.</p><p>Last, the so-called vote.</p>",
    );
    let body = ["First, the so-called plan.", "~~~ Part two ~~~", "```", "Last, the so-called vote."]
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .concat();
    let docx = dir.write(
        "fence.docx",
        spinlint_formats::docx::build_archive(&[(
            "word/document.xml",
            spinlint_formats::docx::document_xml(&body).as_bytes(),
        )]),
    );
    for (path, expected) in [(&html, 3), (&docx, 2)] {
        let out = spinlint(&["check", "--format", "json", s(path)]);
        let so_called =
            json(&out)["diagnostics"].as_array().unwrap().iter().filter(|d| d["text"] == "so-called").count();
        assert_eq!(so_called, expected, "{}: {}", path.display(), stdout(&out));
    }
    let model = json(&spinlint(&["parse", s(&html)]));
    let kinds: Vec<&str> =
        model["document"]["blocks"].as_array().unwrap().iter().map(|b| b["kind"].as_str().unwrap()).collect();
    assert!(!kinds.contains(&"code") && !kinds.contains(&"block-quote"), "{kinds:?}");
}
