//! The HTML report: self-contained, escaped, and every finding highlighted on its exact words.
//! (tests/browser/ opens it in a real browser.)

mod common;
use common::*;
use std::collections::BTreeMap;

const FIXTURES: &[&str] = &[
    "fixtures/000_92b5ec7ac0884d34.txt",
    "fixtures/001_6d0c139604fba6d4.txt",
    "fixtures/002_d5cb796267d5ed39.txt",
    "fixtures/003_87902015b2e22a1d.txt",
    "fixtures/004_b5a9bca731bd4ef1.txt",
    "fixtures/cases/quotes-nested-unbalanced.txt",
    "fixtures/cases/crlf.txt",
    "fixtures/cases/bom.txt",
];

fn html(args: &[&str]) -> String {
    let mut all = vec!["check", "--isolated", "--format", "html"];
    all.extend_from_slice(args);
    let output = spinlint(&all);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", stderr(&output));
    stdout(&output)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The words under each finding's marks, by finding id, read from the page's article texts: the
/// marks of a segment nest, so every open mark gets the segment's text.
fn highlighted(page: &str) -> BTreeMap<String, String> {
    let mut words: BTreeMap<String, String> = BTreeMap::new();
    for block in page.split("<div class=\"text\">").skip(1) {
        let block = &block[..block.find("</div>").expect("the text div ends")];
        let mut open: Vec<String> = Vec::new();
        let mut rest = block;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("</mark>") {
                open.pop().expect("a </mark> closes an open mark");
                rest = after;
            } else if rest.starts_with("<mark ") {
                let end = rest.find('>').expect("a mark tag ends");
                let tag = &rest[..end];
                let id = attribute(tag, "data-finding").expect("each mark names its finding").to_string();
                words.entry(id.clone()).or_default();
                open.push(id);
                rest = &rest[end + 1..];
            } else {
                assert!(!rest.starts_with('<'), "only marks in the text: {}", &rest[..rest.len().min(80)]);
                let end = rest.find('<').unwrap_or(rest.len());
                let text = unescape(&rest[..end]);
                for id in &open {
                    words.get_mut(id).unwrap().push_str(&text);
                }
                rest = &rest[end..];
            }
        }
        assert!(open.is_empty(), "every mark is closed in its article");
    }
    words
}

/// The list entry of each finding: (path, rule, start, end) -> id.
fn entries(page: &str) -> BTreeMap<(String, String, usize, usize), String> {
    let mut entries = BTreeMap::new();
    for section in page.split("<section class=\"article\"").skip(1) {
        let path = unescape(attribute(section, "data-path").expect("each article names its path"));
        for li in section.split("<li id=\"").skip(1) {
            let tag = &li[..li.find('>').unwrap()];
            let id = tag[..tag.find('"').unwrap()].to_string();
            let number = |name| attribute(tag, name).unwrap().parse::<usize>().unwrap();
            let rule = unescape(attribute(tag, "data-rule").unwrap());
            entries.insert((path.clone(), rule, number("data-start"), number("data-end")), id);
        }
    }
    entries
}

#[test]
fn every_finding_is_highlighted_on_its_exact_words() {
    let page = html(FIXTURES);
    let mut args = vec!["check", "--isolated", "--format", "json"];
    args.extend_from_slice(FIXTURES);
    let report = json(&spinlint(&args));
    assert!(report["diagnostics"].as_array().unwrap().len() > 30, "the fixtures have findings");
    assert_each_highlighted(&page, &report);
}

/// Each finding of the JSON report has its list entry, and its highlight on the same words.
fn assert_each_highlighted(page: &str, report: &serde_json::Value) {
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let words = highlighted(page);
    let entries = entries(page);
    assert_eq!(entries.len(), diagnostics.len(), "one list entry per finding");
    assert_eq!(words.len(), diagnostics.len(), "one highlight per finding");
    for d in diagnostics {
        let key = (
            d["path"].as_str().unwrap().to_string(),
            d["rule"].as_str().unwrap().to_string(),
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        let id = entries.get(&key).unwrap_or_else(|| panic!("no list entry for {key:?}"));
        // The HTML parser reads \r\n as \n, and so does a reader; the bytes are still there.
        let expected = d["text"].as_str().unwrap();
        assert_eq!(words[id], expected, "{key:?}");
        assert!(page.contains(&format!("id=\"m{}\"", &id[1..])), "{id} has an anchor for its list entry");
    }
}

#[test]
fn overlapping_findings_nest_and_stack() {
    let page = html(&["fixtures/002_d5cb796267d5ed39.txt"]);
    // Two findings start at the same words: the longer one outside, its underline lower (d1).
    let nested = page.split("<mark ").filter(|tag| tag.contains(" d1\"")).count();
    assert!(nested > 0, "a nested mark stacks its underline");
    let shared = page
        .split("data-findings=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .any(|ids| ids.split(' ').count() >= 2);
    assert!(shared, "words under two findings list both");
}

#[test]
fn the_page_is_self_contained() {
    let page = html(FIXTURES);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    // Article text is escaped, so every `<` left in the page opens one of the report's own tags.
    for tag in page.split('<').skip(1).map(|t| &t[..t.find('>').unwrap()]) {
        let name = tag.split([' ', '>']).next().unwrap();
        assert!(!["link", "img", "iframe", "object", "embed", "base"].contains(&name), "<{tag}>");
        assert!(!tag.contains(" src=") && !tag.contains("href=\"http") && !tag.contains("href=\"//"), "<{tag}>");
    }
    let style = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    assert!(!style.contains("url(") && !style.contains("@import"), "the style loads nothing");
    assert_eq!(page.matches("<script>").count(), 1, "one inline script");
    assert_eq!(page.matches("<style>").count(), 1, "one inline style sheet");
    // Works without JavaScript: every highlight has a tooltip; the filters are plain checkboxes.
    let marks = page.matches("<mark ").count();
    assert_eq!(
        page.split("<mark ").skip(1).filter(|tag| tag[..tag.find('>').unwrap()].contains(" title=\"")).count(),
        marks
    );
    assert!(page.contains("<input type=\"checkbox\" id=\"fs-warning\" checked>"));
    assert!(
        page.contains("nav.controls:has(#fs-warning:not(:checked)) ~ :is(main, #popover) li.s-warning{display:none}")
    );
    // A print style: no filters, no popover, highlights printed in colour.
    assert!(page.contains("@media print"));
    assert!(page.contains("print-color-adjust: exact"));
}

#[test]
fn the_summary_links_each_file_to_its_article() {
    let page = html(FIXTURES);
    for path in FIXTURES {
        let link = page.find(&format!("\">{path}</a></th>")).unwrap_or_else(|| panic!("{path} in the summary"));
        let anchor = &page[page[..link].rfind("href=\"#").unwrap() + 7..link];
        assert!(page.contains(&format!("<section class=\"article\" id=\"{anchor}\" data-path=\"{path}\">")), "{path}");
    }
    assert!(page.contains("<tfoot><tr><th scope=\"row\">All files</th>"));
}

#[test]
fn markup_in_articles_file_names_and_rules_is_escaped() {
    let dir = TempDir::new("html-escape");
    let article = dir.write(
        "a\"><img src=x onerror=alert(1)>.md",
        // The custom rule's words stand in the author's prose, before the stray quotation mark.
        "Experts argue <script>alert(1)</script>. These are dangerous words & 'more' <b>bold</b>. \
         And \"><img src=x onerror=alert(2)> there is no evidence, because none exists.\n",
    );
    dir.write(
        "rules/hostile.toml",
        r#"id = "hostile-markup"
category = "hostile-category"
severity = "warning"
message = "<img src=x onerror=alert(3)> `{match}` \"quoted\" 'single'"
label = "<b>label</b>"
help = "Use </script><script>alert(4)</script> & \"double\" quotes."
patterns = ["dangerous words"]
flag = ["These are [[dangerous words]] here."]
pass = ["Nothing here."]
"#,
    );
    // A newsroom's category is declared (an undeclared one is an error).
    dir.write(
        "rules/categories.toml",
        "[[category]]\nname = \"hostile-category\"\nlabel = \"<i>label</i>\"\ncolour = \"#123456\"\n\
         description = \"<img src=x onerror=alert(5)>\"\n",
    );
    let rules = dir.path().join("rules");
    let page = html(&["--rules", rules.to_str().unwrap(), article.to_str().unwrap()]);
    assert!(page.contains("hostile-markup"), "the custom rule fired: {page}");
    assert!(page.contains("dismisses") || page.contains("no evidence"), "a built-in rule fired");

    // Nothing from the article, its name or the rule became markup.
    for raw in ["<script>alert", "<img", "<b>bold", "<b>label", "onerror=alert(1)>", "</script><script>"] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
    assert_eq!(page.matches("<script").count(), 1, "only the report's own script");
    assert!(
        page.contains("Experts argue &lt;script&gt;alert(1)&lt;/script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.md"), "the file name, escaped in attributes");
    assert!(page.contains("\"&gt;&lt;img src=x onerror=alert(2)&gt;"), "quotes stay as written in text");
    assert!(page.contains("&lt;img src=x onerror=alert(3)&gt; <code>dangerous words</code> \"quoted\" 'single'"));
    assert!(page.contains("Use &lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt; &amp; \"double\" quotes."));
    // In attributes (titles, paths), quotes are escaped too, so no attribute can be closed early.
    for tag in page.split('<').skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]) {
        if tag.starts_with("mark ") || tag.starts_with("section ") {
            let quotes = tag.matches('"').count();
            assert!(quotes % 2 == 0, "unbalanced quotes in <{tag}>");
            assert!(!tag.contains("onerror=alert") || tag.contains("&quot;"), "<{tag}>");
        }
    }
    assert!(page.contains("title=\"warning[hostile-markup] (hostile-category)"));
    assert!(page.contains("&#39;single&#39;"), "single quotes escaped in titles");
}

#[test]
fn no_findings_and_unreadable_files_still_make_a_page() {
    let dir = TempDir::new("html-empty");
    let clean = dir.write("clean.txt", "The council met on Tuesday and approved the budget.\n");
    let bad = dir.write("bad.txt", [0x66, 0x6f, 0xff, 0x0a]);
    let output = spinlint(&["check", "--isolated", "--format", "html", clean.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let page = stdout(&output);
    assert!(page.contains("The council met on Tuesday"));
    assert!(page.contains("<span class=\"none\">no findings</span>"));
    assert!(page.contains("id=\"errors\""));
    assert!(page.contains("not UTF-8"));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn a_quotation_shows_one_pair_of_quotation_marks() {
    let page = html(FIXTURES);
    let marks = ['"', '\'', '“', '”', '„', '‘', '’', '«', '»'];
    // `<q>` makes the browser add a pair of marks: the words in it must not bring their own.
    let in_q: Vec<&str> = page.split("<q>").skip(1).map(|rest| &rest[..rest.find("</q>").unwrap()]).collect();
    assert!(in_q.iter().any(|words| words.contains("source close to")), "words without marks keep <q>: {in_q:?}");
    for words in &in_q {
        assert!(!words.starts_with(marks) && !words.ends_with(marks), "doubled marks: <q>{words}</q>");
    }
    // A quotation whose span takes in its marks is shown as written, curly or straight.
    for quotation in ["“This does not mean that Russian-American relations", "\"have a soul (sic).\""] {
        assert!(
            page.contains(&format!("<span class=\"quotation\">{quotation}")),
            "{quotation} after its label, with its own marks only"
        );
    }
}

#[test]
fn a_large_report_renders_one_page_and_keeps_the_other_articles_inert() {
    let dir = TempDir::new("html-large");
    let files = 53;
    for i in 0..files {
        dir.write(&format!("{i:03}.txt"), format!("Article {i}. There is no evidence, the so-called experts say.\n"));
    }
    let folder = dir.path().to_str().unwrap();
    let page = html(&[folder]);
    let report = json(&spinlint(&["check", "--isolated", "--format", "json", folder]));

    // The index lists every file, and links each to its article.
    let summary = &page[page.find("<section class=\"summary long\"").expect("a long index")..];
    let summary = &summary[..summary.find("</section>").unwrap()];
    assert_eq!(summary.matches("<tr><th scope=\"row\"><a href=\"#file-").count(), files);
    for i in 0..files {
        assert!(page.contains(&format!("<section class=\"article\" id=\"file-{i}\"")), "file {i} has its article");
    }
    // The first 50 articles are HTML; the others are inert text until the script shows them.
    assert!(page.contains(&format!("<main class=\"paged\" data-files=\"{files}\" data-page-size=\"50\">")));
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    assert_eq!(main.matches("<section class=\"article\"").count(), 50, "one page rendered");
    assert!(main.contains("<nav class=\"pager\"") && main.contains("<noscript>"));
    let sources: Vec<&str> = page.split("<script type=\"text/x-spinlint-article\" id=\"source-").skip(1).collect();
    assert_eq!(sources.len(), files - 50);
    for (source, i) in sources.iter().zip(50..) {
        let text = &source[..source.find("</script>").unwrap()];
        assert!(text.starts_with(&format!("{i}\"><section class=\"article\" id=\"file-{i}\"")), "{text}");
        assert!(!text.contains("<script") && !text.contains("<!--"), "nothing in it ends or changes the block");
    }
    assert_eq!(page.matches("<script>").count(), 1, "one script runs");
    assert!(page.trim_end().ends_with("</script>\n</body>\n</html>"));
    // Inert or not, every finding is on its words.
    assert_each_highlighted(&page, &report);
}
