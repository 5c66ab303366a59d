//! One self-contained HTML page: a summary table, a legend and filters, then every article as
//! written with each finding highlighted on its exact words, and its findings listed after it.
//!
//! No external scripts, fonts or styles: the page works offline and from a file. Everything taken
//! from an article or a rule is HTML-escaped. The filters are CSS (`:has`), so they work without
//! JavaScript; a small inline script adds the popover a click on a highlight opens, and every
//! highlight carries a `title` for browsers without it. A report of more than [`PAGE_SIZE`]
//! files shows its articles a page at a time, the others kept as inert text (see [`write_page`]).
//!
//! Findings can overlap and nest: the text is split at every span boundary into segments, and
//! each segment is wrapped in one `<mark>` per finding that covers it, outermost first. Nested
//! marks stack their underlines (each level sits lower) and their tinted backgrounds add up.

use crate::{plural, FileResult, Report};
use spinlint_core::category;
use spinlint_core::finding::{Finding, Severity};
use std::fmt::Write as _;
use std::io::{Read, Seek, Write};

pub const FORMAT: crate::Format = crate::Format {
    name: "html",
    help: "One self-contained HTML page: each article with its findings highlighted",
    new: emitter,
};

/// The page's head (counts, legend, summary table) needs every finding, and the articles come
/// in batches: each batch's articles are written to an unnamed temporary file as they come and
/// the files dropped, and the page is put together at the end. Holding every file until then
/// took 950 MB for 100,000 small files.
fn emitter(_settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    let held = match tempfile::tempfile() {
        Ok(file) => Held::File(std::io::BufWriter::new(file)),
        // No temporary folder to write in: held in memory, as rendered HTML.
        Err(_) => Held::Memory(Vec::new()),
    };
    Box::new(Emitter { page: Page::default(), articles: Articles::new(held), rendered: String::new() })
}

/// Where the rendered articles wait for the page's head.
enum Held {
    File(std::io::BufWriter<std::fs::File>),
    Memory(Vec<u8>),
}

/// The rendered articles, one after the other, and where each ends: a large report puts each
/// one after the first page in a block of its own.
struct Articles {
    held: Held,
    /// The bytes passed on so far.
    written: u64,
    /// The byte each article ends at, in the order of the files.
    ends: Vec<u64>,
    /// The first write that failed.
    failed: Option<std::io::Error>,
}

impl Articles {
    fn new(held: Held) -> Articles {
        Articles { held, written: 0, ends: Vec::new(), failed: None }
    }

    fn pass_on(&mut self, rendered: &mut String) {
        let result = match &mut self.held {
            Held::File(spill) => spill.write_all(rendered.as_bytes()),
            Held::Memory(held) => {
                held.extend_from_slice(rendered.as_bytes());
                Ok(())
            }
        };
        if let Err(error) = result {
            self.failed.get_or_insert(error);
        }
        self.written += rendered.len() as u64;
        rendered.clear();
    }
}

struct Emitter {
    page: Page,
    articles: Articles,
    /// One file's article, rendered before it goes to `articles` (reused).
    rendered: String,
}

impl crate::Emitter for Emitter {
    fn files(&mut self, _out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        for file in &files {
            let articles = &mut self.articles;
            // A long article is passed on in pieces as it is rendered, not held whole.
            self.page.add(&mut self.rendered, file, &mut |rendered| articles.pass_on(rendered));
            articles.pass_on(&mut self.rendered);
            articles.ends.push(articles.written);
        }
        self.articles.failed.take().map_or(Ok(()), Err)
    }

    fn finish(&mut self, out: &mut dyn Write, end: &crate::End) -> std::io::Result<()> {
        let articles = std::mem::replace(&mut self.articles, Articles::new(Held::Memory(Vec::new())));
        let mut held: Box<dyn Read> = match articles.held {
            Held::File(spill) => {
                let mut file = spill.into_inner().map_err(|e| e.into_error())?;
                file.seek(std::io::SeekFrom::Start(0))?;
                Box::new(std::io::BufReader::new(file))
            }
            Held::Memory(held) => Box::new(std::io::Cursor::new(held)),
        };
        self.page.categories.declared = end.rules.declared_categories.clone();
        write_page(&self.page, end.errors, &mut *held, &articles.ends, out)
    }
}

/// Colours for categories that are neither built in nor declared with a colour, in order of
/// appearance (the built-in ones' are in `rules/categories.toml`).
const CUSTOM_PALETTE: &[(u8, u8, u8)] =
    &[(120, 113, 108), (190, 18, 60), (3, 105, 161), (77, 124, 15), (161, 98, 7), (107, 33, 168)];

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The page's style sheet and script (in [`TAIL`]), kept as real files so editors and linters
/// see CSS and JS.
const STYLE: &str = include_str!("report.css");

pub use crate::escape::html::{escape_attr, escape_text};
use crate::escape::html::push_text;

/// A message with its `quoted` words in `<code>`, escaped.
fn push_message(out: &mut String, message: &str) {
    let parts: Vec<&str> = message.split('`').collect();
    // An odd number of parts means the backticks pair up.
    let paired = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && paired {
            out.push_str("<code>");
            push_text(out, part);
            out.push_str("</code>");
        } else {
            if i > 0 && !paired {
                out.push('`');
            }
            push_text(out, part);
        }
    }
}

/// The categories met so far. A category's CSS class is `k` and a number fixed when it is first
/// met, so that an article can be written before the rest are seen: a built-in category's
/// number is its place in `rules/categories.toml`, a newsroom's comes after all of those, in
/// the order they appear. Any category name is safe in a class this way.
#[derive(Default)]
struct Categories {
    /// The numbers met, and the findings of each.
    counts: std::collections::BTreeMap<usize, usize>,
    /// The categories that are not built in, in order of appearance.
    custom: Vec<String>,
    /// The newsroom's declared categories (its `categories.toml`), whose colours are used.
    declared: Vec<category::Category>,
}

impl Categories {
    /// The number of a category, which is met (counted) once more.
    fn meet(&mut self, category: &str) -> usize {
        let number = match category::position(category) {
            Some(builtin) => builtin,
            None => {
                let custom = match self.custom.iter().position(|c| c == category) {
                    Some(i) => i,
                    None => {
                        self.custom.push(category.to_string());
                        self.custom.len() - 1
                    }
                };
                category::builtin().len() + custom
            }
        };
        *self.counts.entry(number).or_insert(0) += 1;
        number
    }

    /// The categories met, in the legend's order (built-in ones first, in their order), each
    /// with its number, name, colour and number of findings.
    fn met(&self) -> impl Iterator<Item = (usize, &str, (u8, u8, u8), usize)> + '_ {
        let builtin = category::builtin();
        self.counts.iter().map(move |(&number, &count)| match builtin.get(number) {
            Some(category) => (number, category.name.as_str(), category.rgb(), count),
            None => {
                let custom = number - builtin.len();
                let name = self.custom[custom].as_str();
                let colour = match self.declared.iter().find(|declared| declared.name == name) {
                    Some(declared) => declared.rgb(),
                    None => CUSTOM_PALETTE[custom % CUSTOM_PALETTE.len()],
                };
                (number, name, colour, count)
            }
        })
    }
}

/// What the page's head needs of one article: a row of the summary table.
struct Row {
    path: String,
    /// (category number, findings) of the categories it has.
    by_category: Vec<(usize, usize)>,
    findings: usize,
}

/// The page being put together: what its head says of the articles written so far.
#[derive(Default)]
struct Page {
    categories: Categories,
    counts: crate::Counts,
    rows: Vec<Row>,
}

/// A byte offset moved back onto a character boundary of the text, and into it.
fn clamp(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A finding's id in the page: `f<file>-<finding>`.
fn finding_id(file: usize, finding: usize) -> String {
    format!("f{file}-{finding}")
}

/// The tooltip of a finding, for browsers without JavaScript.
fn title(finding: &Finding, line: usize, column: usize) -> String {
    format!(
        "{}[{}] ({}) at {line}:{column}\n{}\nhelp: {}",
        finding.severity, finding.rule, finding.category, finding.message, finding.help
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let mut page = Page::default();
    let mut articles = String::with_capacity(report.files.iter().map(|f| f.text.len() * 2).sum::<usize>());
    let mut ends = Vec::with_capacity(report.files.len());
    for file in &report.files {
        page.add(&mut articles, file, &mut |_| {});
        ends.push(articles.len() as u64);
    }
    let mut html = Vec::with_capacity(64 * 1024 + articles.len());
    write_page(&page, &report.errors, &mut articles.as_bytes(), &ends, &mut html).expect("writes to memory");
    String::from_utf8(html).expect("the page is UTF-8")
}

/// A report of more files than this shows them this many at a time.
const PAGE_SIZE: usize = 50;

/// The page: its head, then the articles, `ends` saying where each ends in `articles`.
///
/// A report of more than [`PAGE_SIZE`] files has its first page of articles as HTML, and each
/// other article as inert text (a script data block, which the parser only scans for its end),
/// made HTML by the page's script when its page is shown. With every article as HTML, 2,000 files
/// made a 46 MB page that Chromium took 15 s to load (building and styling the DOM); in
/// `<template>`s, whose markup is still parsed into nodes, 13 s; as inert text, under 2 s.
/// The script comes before these blocks, so the page works while they are still being read.
/// Article text is escaped, so the only `<` in a rendered article opens one of the report's own
/// tags, and neither `</script` nor `<!--` can end or change the block early.
fn write_page(
    page: &Page,
    errors: &[crate::FileError],
    articles: &mut dyn Read,
    ends: &[u64],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut head = String::new();
    page.write_head(&mut head, errors);
    out.write_all(head.as_bytes())?;
    let shown = ends.len().min(PAGE_SIZE);
    let shown_end = if shown == 0 { 0 } else { ends[shown - 1] };
    copy_exactly(articles, out, shown_end)?;
    if ends.len() > PAGE_SIZE {
        let mut pager = String::from("</div>\n");
        write_pager(&mut pager, ends.len());
        out.write_all(pager.as_bytes())?;
    }
    out.write_all(b"</main>\n")?;
    out.write_all(TAIL.as_bytes())?;
    // The other articles come after the script, so that it runs (popover, pages) while they are
    // still being read.
    for file in shown..ends.len() {
        write!(out, "<script type=\"text/x-spinlint-article\" id=\"source-{file}\">")?;
        copy_exactly(articles, out, ends[file] - ends[file - 1])?;
        out.write_all(b"</script>\n")?;
    }
    out.write_all(b"</body>\n</html>\n")
}

fn copy_exactly(from: &mut dyn Read, out: &mut dyn Write, bytes: u64) -> std::io::Result<()> {
    let copied = std::io::copy(&mut from.take(bytes), out)?;
    if copied == bytes {
        Ok(())
    } else {
        Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the rendered articles are cut short"))
    }
}

/// The controls of a large report's pages, shown by its script (they need it).
fn write_pager(page: &mut String, files: usize) {
    let _ = writeln!(
        page,
        "<nav class=\"pager\" aria-label=\"Pages of files\" hidden>\
         <button type=\"button\" class=\"previous\" disabled>Previous {PAGE_SIZE}</button> \
         <span class=\"range\" aria-live=\"polite\">files 1–{PAGE_SIZE} of {files}</span> \
         <button type=\"button\" class=\"next\">Next {PAGE_SIZE}</button></nav>"
    );
}

/// What follows the articles (and comes before a large report's other articles).
const TAIL: &str = concat!(
    "<div id=\"popover\" role=\"dialog\" aria-label=\"Findings\" hidden>",
    "<div class=\"bar\"><span>Findings</span><button type=\"button\" class=\"close\" aria-label=\"Close\">×</button></div>",
    "<ol class=\"findings\"></ol></div>\n",
    "<footer>Made by spinlint ",
    env!("CARGO_PKG_VERSION"),
    ". Findings point at words worth a second look; they are not verdicts.</footer>\n",
    "<script>\n",
    include_str!("report.js"),
    "</script>\n",
);

impl Page {
    /// Writes the next file's article to `articles`, and counts its findings for the head.
    /// `pass_on` is given `articles` whenever it holds more than [`PASS_ON_AT`] bytes.
    fn add(&mut self, articles: &mut String, file: &FileResult, pass_on: &mut dyn FnMut(&mut String)) {
        let index = self.rows.len();
        let numbers: Vec<usize> = file.findings.iter().map(|f| self.categories.meet(&f.category)).collect();
        let mut by_category: Vec<(usize, usize)> = Vec::new();
        for &number in &numbers {
            match by_category.iter_mut().find(|(n, _)| *n == number) {
                Some((_, count)) => *count += 1,
                None => by_category.push((number, 1)),
            }
        }
        for finding in &file.findings {
            self.counts.add(finding.severity);
        }
        write_article(articles, index, file, &numbers, pass_on);
        self.rows.push(Row { path: file.path.clone(), by_category, findings: file.findings.len() });
    }

    /// Everything before the articles: the style, the counts, the legend, the summary table and
    /// the files that could not be read.
    fn write_head(&self, page: &mut String, errors: &[crate::FileError]) {
        let counts = self.counts;
        let total = counts.errors + counts.warnings + counts.infos;
        page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.push_str("<meta name=\"generator\" content=\"spinlint ");
        page.push_str(env!("CARGO_PKG_VERSION"));
        page.push_str("\">\n<title>spinlint report</title>\n<style>\n");
        page.push_str(STYLE);
        write_category_style(page, &self.categories);
        page.push_str("</style>\n</head>\n<body>\n");

        // Header: the counts.
        page.push_str("<header class=\"top\">\n<h1>spinlint report</h1>\n<p class=\"counts\">");
        let _ = write!(page, "{} · {}:", plural(self.rows.len(), "file"), plural(total, "finding"),);
        for (severity, count) in [("error", counts.errors), ("warning", counts.warnings), ("info", counts.infos)] {
            let zero = if count == 0 { " zero" } else { "" };
            let _ = write!(page, " <span class=\"sev {severity}{zero}\">{}</span>", plural(count, severity));
        }
        if !errors.is_empty() {
            let _ = write!(page, " · <a href=\"#errors\">{}</a>", plural(errors.len(), "unreadable file"));
        }
        page.push_str("</p>\n</header>\n");

        write_controls(page, &self.categories, counts);
        write_summary(page, &self.rows, &self.categories);
        write_errors(page, errors);
        let files = self.rows.len();
        if files > PAGE_SIZE {
            let _ = writeln!(page, "<main class=\"paged\" data-files=\"{files}\" data-page-size=\"{PAGE_SIZE}\">");
            write_pager(page, files);
            let _ = writeln!(
                page,
                "<noscript><p class=\"note\">The first {PAGE_SIZE} of these {files} files are below. The page's \
                 script shows the others, {PAGE_SIZE} at a time, and JavaScript is off.</p></noscript>"
            );
            page.push_str("<div class=\"page\">\n");
        } else {
            page.push_str("<main>\n");
        }
    }
}

/// Per-category colours, and the filter rules: an unchecked box turns its highlights off and
/// hides its list entries (on screen only; a printout shows everything). The rules ask the filter
/// bar, not the body, whether a box is checked: with `body:has(...)` Chromium styled the whole
/// page again and again as it loaded (2,000 articles on one page: 34 s to load, 15 s without).
fn write_category_style(page: &mut String, categories: &Categories) {
    for (i, _, (r, g, b), _) in categories.met() {
        let _ = writeln!(page, ".k{i}{{--c:rgb({r} {g} {b});--bg:rgb({r} {g} {b} / .15)}}");
    }
    page.push_str("@media screen {\n");
    let mut filters: Vec<(String, String)> = categories.met().map(|(i, ..)| (format!("fk{i}"), format!("k{i}"))).collect();
    for severity in SEVERITIES {
        filters.push((format!("fs-{severity}"), format!("s-{severity}")));
    }
    for (input, class) in &filters {
        let _ = writeln!(
            page,
            "nav.controls:has(#{input}:not(:checked)) ~ :is(main, #popover) mark.{class}\
             {{--c:transparent;--bg:transparent;cursor:inherit}}\n\
             nav.controls:has(#{input}:not(:checked)) ~ :is(main, #popover) li.{class}{{display:none}}"
        );
    }
    page.push_str("}\n");
}

/// The legend, which is also the filter: one checkbox per category and per severity.
fn write_controls(page: &mut String, categories: &Categories, counts: crate::Counts) {
    page.push_str("<nav class=\"controls\" aria-label=\"Filter findings\">\n<div class=\"wrap\">\n");
    page.push_str("<fieldset class=\"legend\"><legend>Categories</legend>\n");
    if categories.counts.is_empty() {
        page.push_str("<span class=\"none\">no findings</span>\n");
    }
    for (i, name, _, count) in categories.met() {
        let _ = writeln!(
            page,
            "<label class=\"chip k{i}\"><input type=\"checkbox\" id=\"fk{i}\" checked><i class=\"swatch\"></i>{} <span class=\"n\">{count}</span></label>",
            escape_text(name)
        );
    }
    page.push_str("</fieldset>\n<fieldset class=\"severities\"><legend>Severity</legend>\n");
    for (severity, count) in SEVERITIES.into_iter().zip([counts.errors, counts.warnings, counts.infos]) {
        let _ = writeln!(
            page,
            "<label class=\"chip s-{severity}\"><input type=\"checkbox\" id=\"fs-{severity}\" checked><i class=\"line\"></i>{severity} <span class=\"n\">{count}</span></label>"
        );
    }
    page.push_str("</fieldset>\n</div>\n</nav>\n");
}

/// Files by category, each row linking to its article. The total comes right after the file, so
/// that a phone shows it without scrolling sideways past every category.
fn write_summary(page: &mut String, rows: &[Row], categories: &Categories) {
    // A long index scrolls in a box of its own, so that the articles are not thousands of rows down.
    let long = if rows.len() > PAGE_SIZE { " long" } else { "" };
    let _ = write!(
        page,
        "<section class=\"summary{long}\" aria-label=\"Summary\">\n<table>\n<thead><tr><th scope=\"col\">File</th>\
         <th scope=\"col\" class=\"total\">Total</th>",
    );
    let columns: Vec<usize> = categories.met().map(|(i, ..)| i).collect();
    for (i, name, ..) in categories.met() {
        let _ = write!(page, "<th scope=\"col\" class=\"k{i}\"><i class=\"swatch\"></i>{}</th>", escape_text(name));
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (index, row) in rows.iter().enumerate() {
        let _ = write!(
            page,
            "<tr><th scope=\"row\"><a href=\"#file-{index}\">{}</a></th><td class=\"total\">{}</td>",
            escape_text(&row.path),
            row.findings
        );
        for number in &columns {
            match row.by_category.iter().find(|(n, _)| n == number) {
                Some((_, count)) => {
                    let _ = write!(page, "<td>{count}</td>");
                }
                None => page.push_str("<td class=\"zero\">·</td>"),
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n");
    if rows.len() > 1 {
        let all: usize = categories.met().map(|(.., count)| count).sum();
        let _ = write!(page, "<tfoot><tr><th scope=\"row\">All files</th><td class=\"total\">{all}</td>");
        for (.., count) in categories.met() {
            let _ = write!(page, "<td>{count}</td>");
        }
        page.push_str("</tr></tfoot>\n");
    }
    page.push_str("</table>\n</section>\n");
}

fn write_errors(page: &mut String, errors: &[crate::FileError]) {
    if errors.is_empty() {
        return;
    }
    page.push_str("<section id=\"errors\" class=\"errors\">\n<h2>Files that could not be linted</h2>\n<ul>\n");
    for error in errors {
        let _ = writeln!(page, "<li><code>{}</code>: {}</li>", escape_text(&error.path), escape_text(&error.message));
    }
    page.push_str("</ul>\n</section>\n");
}

/// One article: its text with the highlights, then its findings as a list.
/// `numbers`: the category number of each finding.
/// How much rendered HTML an article holds before it is passed on.
const PASS_ON_AT: usize = 1 << 16;

fn write_article(
    page: &mut String,
    index: usize,
    file: &FileResult,
    numbers: &[usize],
    pass_on: &mut dyn FnMut(&mut String),
) {
    let _ = writeln!(
        page,
        "<section class=\"article\" id=\"file-{index}\" data-path=\"{}\">\n<h2><a href=\"#file-{index}\">{}</a> <span class=\"n\">{}</span></h2>",
        escape_attr(&file.path),
        escape_text(&file.path),
        plural(file.findings.len(), "finding")
    );
    page.push_str("<div class=\"body\">\n<div class=\"text\">");
    write_text(page, index, file, numbers, pass_on);
    page.push_str("</div>\n");
    if !file.findings.is_empty() {
        page.push_str("<aside class=\"list\">\n<h3>Findings</h3>\n<ol class=\"findings\">\n");
        for (j, finding) in file.findings.iter().enumerate() {
            write_finding(page, index, j, file, finding, numbers[j]);
            if page.len() >= PASS_ON_AT {
                pass_on(page);
            }
        }
        page.push_str("</ol>\n</aside>\n");
    }
    page.push_str("</div>\n");
    page.push_str("</section>\n");
}

/// The text split at every span boundary; each segment in one mark per finding covering it.
fn write_text(
    page: &mut String,
    index: usize,
    file: &FileResult,
    numbers: &[usize],
    pass_on: &mut dyn FnMut(&mut String),
) {
    let text = &file.text;
    let spans: Vec<(usize, usize)> =
        file.findings.iter().map(|f| (clamp(text, f.span.start), clamp(text, f.span.end.max(f.span.start)))).collect();
    let titles: Vec<String> = file
        .findings
        .iter()
        .map(|f| {
            let p = file.position(f.span);
            title(f, p.line, p.column)
        })
        .collect();
    let mut bounds: Vec<usize> = vec![0, text.len()];
    for &(start, end) in &spans {
        bounds.push(start);
        bounds.push(end);
    }
    bounds.sort_unstable();
    bounds.dedup();

    let mut by_start: Vec<usize> = (0..spans.len()).collect();
    by_start.sort_by_key(|&j| spans[j].0);
    let (mut active, mut next): (Vec<usize>, usize) = (Vec::new(), 0);
    let mut marked = vec![false; spans.len()];
    // The opening tag of finding `j`'s mark; the first one of each finding is its anchor.
    let mut open = |page: &mut String, j: usize, depth: usize| {
        let finding = &file.findings[j];
        let id = finding_id(index, j);
        let _ = write!(
            page,
            "<mark class=\"hl k{} s-{} d{}\" data-finding=\"{id}\"",
            numbers[j],
            finding.severity,
            depth.min(4)
        );
        if !marked[j] {
            marked[j] = true;
            let _ = write!(page, " id=\"m{}\"", &id[1..]);
        }
    };
    // The innermost mark of a segment names every finding on it, and its tooltip shows them all.
    let inner = |page: &mut String, covering: &[usize]| {
        let ids: Vec<String> = covering.iter().map(|&j| finding_id(index, j)).collect();
        let tips: Vec<&str> = covering.iter().map(|&j| titles[j].as_str()).collect();
        let _ = write!(
            page,
            " data-findings=\"{}\" title=\"{}\" tabindex=\"0\" role=\"button\">",
            ids.join(" "),
            escape_attr(&tips.join("\n\n"))
        );
    };

    // Findings on no words (an empty span), by position: each boundary takes its own from the
    // front, rather than every boundary looking at every finding (160,000 findings: 27 s).
    let mut empty: Vec<(usize, usize)> =
        spans.iter().enumerate().filter(|(_, &(start, end))| start == end).map(|(j, &(start, _))| (start, j)).collect();
    empty.sort_unstable();
    let mut empty = empty.into_iter().peekable();
    for (k, &a) in bounds.iter().enumerate() {
        // Findings on no words sit where they point, as a caret.
        while let Some((_, j)) = empty.next_if(|&(at, _)| at == a) {
            open(page, j, 0);
            inner(page, &[j]);
            page.push_str("</mark>");
        }
        let Some(&b) = bounds.get(k + 1) else { break };
        // The findings covering [a, b): those that started by `a` and have not ended.
        active.retain(|&j| spans[j].1 > a);
        while next < by_start.len() && spans[by_start[next]].0 <= a {
            let j = by_start[next];
            if spans[j].1 > a {
                active.push(j);
            }
            next += 1;
        }
        let mut covering = active.clone();
        if covering.is_empty() {
            push_text(page, &text[a..b]);
            continue;
        }
        // Outermost first: the earliest start, then the latest end.
        covering.sort_by(|&x, &y| spans[x].0.cmp(&spans[y].0).then(spans[y].1.cmp(&spans[x].1)).then(x.cmp(&y)));
        let last = covering.len() - 1;
        for (level, &j) in covering.iter().enumerate() {
            open(page, j, last - level);
            if level == last {
                inner(page, &covering);
            } else {
                let _ = write!(page, " title=\"{}\">", escape_attr(&titles[j]));
            }
        }
        push_text(page, &text[a..b]);
        for _ in &covering {
            page.push_str("</mark>");
        }
        if page.len() >= PASS_ON_AT {
            pass_on(page);
        }
    }
}

/// Quoted words after a label. `<q>` makes the browser add quotation marks, so words that carry
/// their own (a quotation's span takes in its marks) are shown as written: in `<q>` they read
/// ““like this””.
fn push_quotation(page: &mut String, words: &str) {
    if carries_its_own_marks(words) {
        page.push_str("<span class=\"quotation\">");
        push_text(page, words);
        page.push_str("</span>");
    } else {
        page.push_str("<q>");
        push_text(page, words);
        page.push_str("</q>");
    }
}

/// Words that open with a quotation mark, or end with a double one. A single mark at one end only
/// may be an apostrophe (`the teachers’`, `’90s`), so single marks count only at both ends.
fn carries_its_own_marks(words: &str) -> bool {
    const DOUBLE: &[char] = &['"', '“', '”', '„', '‟', '«', '»', '「', '」', '『', '』'];
    const SINGLE: &[char] = &['\'', '‘', '’', '‚', '‛', '‹', '›'];
    let words = words.trim();
    let (Some(first), Some(last)) = (words.chars().next(), words.chars().next_back()) else { return false };
    DOUBLE.contains(&first) || DOUBLE.contains(&last) || (SINGLE.contains(&first) && SINGLE.contains(&last))
}

/// A finding in the list after its article (and, cloned, in the popover).
fn write_finding(
    page: &mut String,
    index: usize,
    j: usize,
    file: &FileResult,
    finding: &Finding,
    number: usize,
) {
    let position = file.position(finding.span);
    let original = file.original_span(finding.span);
    let id = finding_id(index, j);
    let class = format!("k{number}");
    let _ = write!(
        page,
        "<li id=\"{id}\" class=\"finding {class} s-{sev}\" data-rule=\"{rule}\" data-start=\"{}\" data-end=\"{}\">\
         <div class=\"head\"><span class=\"sev {sev}\">{sev}</span> <code class=\"rule\">{rule}</code> \
         <span class=\"cat {class}\"><i class=\"swatch\"></i>{cat}</span> \
         <a class=\"loc\" href=\"#m{}\" title=\"line {line}, column {column}: show the words\">line {line}:{column}</a></div>\n<div class=\"msg\">",
        original.start,
        original.end,
        &id[1..],
        line = position.line,
        column = position.column,
        sev = finding.severity,
        rule = escape_attr(&finding.rule),
        cat = escape_text(&finding.category),
    );
    push_message(page, &finding.message);
    page.push_str("</div>\n<div class=\"words\"><span class=\"q\">");
    push_text(page, finding.span.text(&file.text));
    page.push_str("</span>");
    if !finding.label.is_empty() {
        page.push_str(" <span class=\"label\">");
        push_text(page, &finding.label);
        page.push_str("</span>");
    }
    page.push_str("</div>\n");
    for label in &finding.labels {
        let p = file.position(label.span);
        let words = label.span.text(&file.text);
        let _ = write!(page, "<div class=\"secondary\">line {}:{}: ", p.line, p.column);
        push_text(page, &label.message);
        if !words.trim().is_empty() && !label.message.contains(words.trim()) {
            page.push(' ');
            push_quotation(page, words);
        }
        page.push_str("</div>\n");
    }
    page.push_str("<div class=\"help\"><b>help:</b> ");
    push_text(page, &finding.help);
    page.push_str("</div></li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use spinlint_core::span::Span;

    fn finding(rule: &str, category: &str, severity: Severity, span: (usize, usize)) -> Finding {
        Finding {
            rule: rule.into(),
            category: category.into(),
            severity,
            message: format!("{rule} message").into(),
            label: "".into(),
            help: "help".into(),
            span: Span::new(span.0, span.1),
            labels: Box::default(),
        }
    }

    /// The article text of a one-file report, with the marks' classes and ids but no titles.
    fn text_of(text: &str, findings: Vec<Finding>) -> String {
        let report =
            Report { files: vec![FileResult::new("a.txt".into(), text, findings, Vec::new())], ..Report::default() };
        let page = render(&report);
        let start = page.find("<div class=\"text\">").unwrap() + "<div class=\"text\">".len();
        let text = &page[start..start + page[start..].find("</div>").unwrap()];
        regex::Regex::new(r#" (title|tabindex|role)="[^"]*""#).unwrap().replace_all(text, "").into_owned()
    }

    #[test]
    fn crossing_nested_and_empty_spans_become_segments() {
        // Classes are numbered by the categories' places in categories.toml: no-evidence 0,
        // doubt 5, fear 8.
        let text = "one two three four";
        let html = text_of(
            text,
            vec![
                finding("a", "no-evidence", Severity::Warning, (0, 13)), // one two three
                finding("b", "doubt", Severity::Info, (4, 18)),          // two three four
                finding("c", "fear", Severity::Error, (4, 7)),           // two
                finding("d", "doubt", Severity::Info, (8, 8)),           // before "three"
            ],
        );
        assert_eq!(
            html,
            concat!(
                r#"<mark class="hl k0 s-warning d0" data-finding="f0-0" id="m0-0" data-findings="f0-0">one </mark>"#,
                r#"<mark class="hl k0 s-warning d2" data-finding="f0-0">"#,
                r#"<mark class="hl k5 s-info d1" data-finding="f0-1" id="m0-1">"#,
                r#"<mark class="hl k8 s-error d0" data-finding="f0-2" id="m0-2" data-findings="f0-0 f0-1 f0-2">two</mark></mark></mark>"#,
                r#"<mark class="hl k0 s-warning d1" data-finding="f0-0">"#,
                r#"<mark class="hl k5 s-info d0" data-finding="f0-1" data-findings="f0-0 f0-1"> </mark></mark>"#,
                r#"<mark class="hl k5 s-info d0" data-finding="f0-3" id="m0-3" data-findings="f0-3"></mark>"#,
                r#"<mark class="hl k0 s-warning d1" data-finding="f0-0">"#,
                r#"<mark class="hl k5 s-info d0" data-finding="f0-1" data-findings="f0-0 f0-1">three</mark></mark>"#,
                r#"<mark class="hl k5 s-info d0" data-finding="f0-1" data-findings="f0-1"> four</mark>"#,
            )
        );
    }

    #[test]
    fn spans_off_the_text_or_inside_a_character_are_clamped() {
        let text = "é and more";
        let html = text_of(text, vec![finding("a", "fear", Severity::Warning, (1, 400))]);
        assert_eq!(
            html,
            r#"<mark class="hl k8 s-warning d0" data-finding="f0-0" id="m0-0" data-findings="f0-0">é and more</mark>"#
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_text(r#"<a href="x">'&'</a>"#), r#"&lt;a href="x"&gt;'&amp;'&lt;/a&gt;"#);
        assert_eq!(escape_attr(r#""><img onerror='x'>&"#), "&quot;&gt;&lt;img onerror=&#39;x&#39;&gt;&amp;");
        let mut out = String::new();
        push_message(&mut out, "claims `<no> evidence` and `more`");
        assert_eq!(out, "claims <code>&lt;no&gt; evidence</code> and <code>more</code>");
        out.clear();
        push_message(&mut out, "an odd ` backtick");
        assert_eq!(out, "an odd ` backtick");
    }

    #[test]
    fn quotation_marks_at_the_ends_of_words() {
        for own in ["“said so”", "\"said so\"", "«dit»", "„gesagt“", "‘said so’", "'said so'", "“cut off"] {
            assert!(carries_its_own_marks(own), "{own}");
        }
        for bare in ["said so", "the teachers’", "’90s crowd", ""] {
            assert!(!carries_its_own_marks(bare), "{bare}");
        }
    }

    #[test]
    fn custom_categories_get_colours_after_the_built_in_ones() {
        let text = "one two";
        let file = FileResult::new(
            "a.txt".into(),
            text,
            vec![
                finding("x", "house-style", Severity::Warning, (0, 3)),
                finding("y", "fear", Severity::Warning, (4, 7)),
                finding("z", "house-style", Severity::Info, (4, 7)),
            ],
            Vec::new(),
        );
        let mut page = Page::default();
        page.add(&mut String::new(), &file, &mut |_| {});
        let met: Vec<_> = page.categories.met().collect();
        let custom = category::builtin().len();
        assert_eq!(
            met,
            [(8, "fear", (71, 85, 105), 1), (custom, "house-style", CUSTOM_PALETTE[0], 2)],
            "fear: slate, as in categories.toml, and first in the legend although met second"
        );
        // A newsroom that declares the category with a colour gets that colour.
        page.categories.declared = vec![category::Category {
            name: "house-style".into(),
            label: "House style".into(),
            colour: "#112233".into(),
            description: "The desk's own rules.".into(),
        }];
        let met: Vec<_> = page.categories.met().collect();
        assert_eq!(met[1], (custom, "house-style", (0x11, 0x22, 0x33), 2));
    }

    #[test]
    fn the_streamed_page_is_the_page_rendered_whole() {
        let engine = spinlint_core::Engine::builtin().unwrap();
        // Five short articles, and one long enough to be passed on in pieces.
        let files: Vec<FileResult> = [0, 1, 2, 3, 4, 4000]
            .into_iter()
            .map(|i| engine.lint(format!("{i}.txt"), None, "There is no evidence. So-called experts. ".repeat(i)))
            .collect();
        assert!(render(&Report { files: files[5..].to_vec(), ..Report::default() }).len() > 4 * PASS_ON_AT);
        let errors = [crate::FileError { path: "x.txt".into(), message: "unreadable".into() }];
        let report = Report { files: files.clone(), errors: errors.to_vec(), notes: Vec::new() };
        let mut emitter = emitter(&crate::Settings::default());
        let mut out = Vec::new();
        emitter.begin(&mut out).unwrap();
        for batch in files.chunks(2) {
            emitter.files(&mut out, batch.to_vec()).unwrap();
        }
        let end = crate::End { rules: engine.rules(), errors: &errors, notes: &[] };
        emitter.finish(&mut out, &end).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), render(&report));

        // More files than a page shows: the first page as HTML, the others inert.
        let files: Vec<FileResult> = (0..PAGE_SIZE + 3)
            .map(|i| engine.lint(format!("{i}.txt"), None, "So-called experts. ".repeat(1 + i % 3)))
            .collect();
        let report = Report { files: files.clone(), ..Report::default() };
        let mut paged = super::emitter(&crate::Settings::default());
        let mut out = Vec::new();
        for batch in files.chunks(7) {
            paged.files(&mut out, batch.to_vec()).unwrap();
        }
        paged.finish(&mut out, &crate::End { rules: engine.rules(), errors: &[], notes: &[] }).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert_eq!(page, render(&report));
        assert_eq!(page.matches("<script type=\"text/x-spinlint-article\"").count(), 3);
    }
}
