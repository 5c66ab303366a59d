// Opens spinlint's HTML report in the system's headless Chromium (never a downloaded browser) and
// checks it the way a reader would use it. run.sh builds the binary and the inputs:
//
//   node check.mjs REPORT.html REPORT.json XSS.html LARGE.html LARGE.json OUT_DIR
//
// REPORT.json is `spinlint check --format json` on the same files as REPORT.html. XSS.html is the
// report of an article (and a file name) full of markup that must show as text and run nothing.
// LARGE.html is the report of more files than a page shows (three pages), LARGE.json the same
// as JSON. Screenshots go to OUT_DIR. The last line is `browser: N passed, M failed`.

import fs from "node:fs";
import path from "node:path";
import { checker, launch, squash } from "./harness.mjs";
import { pathToFileURL } from "node:url";

const [reportPath, jsonPath, xssPath, largePath, largeJsonPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node check.mjs REPORT.html REPORT.json XSS.html LARGE.html LARGE.json OUT_DIR");
  process.exit(2);
}
const diagnostics = JSON.parse(fs.readFileSync(jsonPath, "utf8")).diagnostics;

const { check, finish } = checker();
// Text as the page's DOM holds it: the HTML parser turns \r\n and a lone \r into \n.
const normalize = (text) => text.replace(/\r\n?/g, "\n");

const { context, close } = await launch();

// The page must be self-contained: any request that is not the file itself is a failure.
const external = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith("file:")) return route.continue();
  external.push(url);
  return route.abort();
});

try {
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });

  // 1. The report on the fixtures.
  await page.goto(pathToFileURL(path.resolve(reportPath)).href);
  check("the page has a title and a summary table", (await page.title()) === "spinlint report" &&
    (await page.locator("section.summary table tbody tr").count()) > 0);

  // Every file in the summary links to its article.
  const links = await page.$$eval("section.summary tbody th a", (as) =>
    as.map((a) => ({ text: a.textContent, target: document.querySelector(a.getAttribute("href"))?.dataset.path })));
  check("each summary row links to its article", links.length > 0 && links.every((l) => l.text === l.target),
    JSON.stringify(links.filter((l) => l.text !== l.target)));

  // 2. Every finding of the JSON output has a highlight on the same words.
  const found = await page.evaluate((diagnostics) => {
    const sections = [...document.querySelectorAll("section.article")];
    return diagnostics.map((d) => {
      const section = sections.find((s) => s.dataset.path === d.path);
      const li = section && [...section.querySelectorAll("li.finding")].find((li) =>
        li.dataset.rule === d.rule && +li.dataset.start === d.span.start && +li.dataset.end === d.span.end);
      if (!li) return { id: null };
      const marks = [...document.querySelectorAll(`mark[data-finding="${li.id}"]`)];
      const visible = marks.some((m) => m.getClientRects().length > 0);
      return { id: li.id, text: marks.map((m) => m.textContent).join(""), marks: marks.length, visible };
    });
  }, diagnostics);
  const listed = await page.locator("section.article li.finding").count();
  check(`the page lists as many findings as the JSON (${diagnostics.length})`, listed === diagnostics.length,
    `${listed} on the page`);
  const unmatched = diagnostics.filter((d, i) =>
    !found[i].id || found[i].text !== normalize(d.text) || !found[i].visible);
  check(`every JSON finding has a visible highlight on the same words (${diagnostics.length})`,
    diagnostics.length > 0 && unmatched.length === 0,
    unmatched.slice(0, 5).map((d) => `${d.path}:${d.line}:${d.column} ${d.rule} ${JSON.stringify(d.text)} vs ` +
      JSON.stringify(found[diagnostics.indexOf(d)])).join("\n     "));

  // Without JavaScript a highlight still tells what it is: its title names each rule on it.
  const titles = await page.$$eval("mark[data-findings]", (marks) => marks.every((m) =>
    m.dataset.findings.split(" ").every((id) =>
      m.title.includes(`[${document.getElementById(id).dataset.rule}]`))));
  check("every highlight has a title naming its findings (no-JS fallback)", titles);

  // Overlapping findings stay readable: both highlights are there, stacked.
  const nested = await page.$$eval("mark.hl mark.hl", (marks) => marks.length);
  check("overlapping findings are nested marks", nested > 0 || !diagnostics.some((a, i) =>
    diagnostics.some((b, j) => i !== j && a.path === b.path && a.span.start < b.span.end && b.span.start < a.span.end)));

  // 3. Clicking a highlight shows its rule, severity, message and help.
  const popover = page.locator("#popover");
  const bad = [];
  for (const [i, d] of diagnostics.entries()) {
    const id = found[i].id;
    if (!id) continue;
    const mark = page.locator(`#m${id.slice(1)}`);
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    const shown = await popover.isVisible();
    const text = shown ? squash(await popover.innerText()) : "";
    const message = squash(d.message.replace(/`/g, ""));
    if (!shown || !text.includes(message) || !text.includes(d.rule) || !text.includes(squash(d.help)) ||
        !text.includes(d.severity)) {
      bad.push(`${d.path}:${d.line}:${d.column} ${d.rule}: popover ${shown ? JSON.stringify(text.slice(0, 200)) : "not shown"}`);
    }
    await page.keyboard.press("Escape");
    if (await popover.isVisible()) bad.push(`${id}: Escape did not close the popover`);
  }
  check(`clicking each highlight shows its rule, severity, message and help (${diagnostics.length})`,
    bad.length === 0, bad.slice(0, 5).join("\n     "));

  // 4. The filters: a category and a severity, highlights and list entries together.
  // The legend's first category (classes are numbered by category, not by legend place).
  const firstCategory = await page.$eval("fieldset.legend input", (input) => input.id.slice(1));
  const categoryOf = await page.$eval(`#f${firstCategory}`, (input) => input.closest("label").textContent.trim());
  await page.uncheck(`#f${firstCategory}`);
  const afterCategory = await page.evaluate((k) => ({
    entries: [...document.querySelectorAll(`section.article li.finding.${k}`)].filter((li) => li.offsetParent !== null).length,
    marks: [...document.querySelectorAll(`mark.hl.${k}`)].filter((m) =>
      getComputedStyle(m).backgroundColor !== "rgba(0, 0, 0, 0)").length,
    others: [...document.querySelectorAll(`section.article li.finding:not(.${k})`)].filter((li) => li.offsetParent !== null).length,
    otherTotal: document.querySelectorAll(`section.article li.finding:not(.${k})`).length,
  }), firstCategory);
  check(`unchecking a category (${categoryOf}) hides its highlights and entries, and only those`,
    afterCategory.entries === 0 && afterCategory.marks === 0 && afterCategory.others === afterCategory.otherTotal,
    JSON.stringify(afterCategory));

  // Print: no filters, every highlight and message still there, no popover.
  await page.locator("mark[data-findings]").first().click();
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => ({
    entries: [...document.querySelectorAll("section.article li.finding")].filter((li) => li.offsetParent !== null).length,
    marks: [...document.querySelectorAll("mark.hl")].filter((m) =>
      getComputedStyle(m).backgroundColor !== "rgba(0, 0, 0, 0)").length,
    total: document.querySelectorAll("mark.hl").length,
    popover: getComputedStyle(document.getElementById("popover")).display,
    inputs: [...document.querySelectorAll("nav.controls input")].filter((i) => i.offsetParent !== null).length,
  }));
  check("in print every highlight and message shows, and no filter or popover",
    printed.entries === diagnostics.length && printed.marks === printed.total && printed.popover === "none" &&
      printed.inputs === 0, JSON.stringify(printed));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(outDir, "report-print.png"), fullPage: false });
  await page.pdf({ path: path.join(outDir, "report.pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });
  await page.keyboard.press("Escape");
  await page.check(`#f${firstCategory}`);

  const severity = (await page.locator("section.article li.finding.s-info").count()) > 0 ? "info" : "warning";
  await page.uncheck(`#fs-${severity}`);
  const afterSeverity = await page.evaluate((severity) => ({
    hidden: [...document.querySelectorAll(`section.article li.finding.s-${severity}`)].every((li) => li.offsetParent === null),
    marks: [...document.querySelectorAll(`mark.hl.s-${severity}`)].every((m) =>
      getComputedStyle(m).backgroundColor === "rgba(0, 0, 0, 0)"),
  }), severity);
  check(`unchecking a severity (${severity}) hides its highlights and entries`,
    afterSeverity.hidden && afterSeverity.marks, JSON.stringify(afterSeverity));
  await page.check(`#fs-${severity}`);
  const restored = await page.locator("section.article li.finding:visible").count();
  check("checking them again shows everything", restored === diagnostics.length, `${restored} visible`);

  // 5. Screenshots: the whole report, and a laptop screen with a popover open on overlapping findings.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(outDir, "report.png"), fullPage: true });
  const overlap = page.locator("mark.hl mark[data-findings]").first();
  const target = (await overlap.count()) ? overlap : page.locator("mark[data-findings]").first();
  await target.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -200));
  await target.click();
  await page.screenshot({ path: path.join(outDir, "report-popover.png") });
  check("screenshots saved", fs.statSync(path.join(outDir, "report.png")).size > 10_000);
  await page.keyboard.press("Escape");

  // 6. A phone (420 × 800): the sticky filter bar leaves room to read, and the summary's counts
  // (the totals line, the Total column, each row's total) are on the first screen.
  await page.setViewportSize({ width: 420, height: 800 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const phone = await page.evaluate(() => {
    const box = (element) => {
      const r = element.getBoundingClientRect();
      return { left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) };
    };
    const onScreen = (b) => b.left >= 0 && b.top >= 0 && b.right <= innerWidth && b.bottom <= innerHeight;
    const headers = [...document.querySelectorAll("section.summary thead th")];
    const totalColumn = headers.find((th) => th.textContent === "Total");
    const counts = [
      document.querySelector("header.top .counts"),
      totalColumn,
      ...document.querySelectorAll("section.summary tbody td.total, section.summary tfoot td.total"),
    ].map((element) => (element ? box(element) : null));
    const nav = document.querySelector("nav.controls");
    return {
      navShare: nav.offsetHeight / innerHeight,
      sticky: getComputedStyle(nav).position,
      counts,
      offScreen: counts.filter((b) => !b || !onScreen(b)),
      pageWidth: document.documentElement.scrollWidth,
    };
  });
  await page.screenshot({ path: path.join(outDir, "report-phone.png") });
  check(`on a 420 × 800 phone the sticky filter bar takes under 20% of the height (${Math.round(phone.navShare * 100)}%)`,
    phone.navShare < 0.2 && phone.sticky === "sticky", JSON.stringify({ navShare: phone.navShare, sticky: phone.sticky }));
  check("on a phone the summary's counts are on the first screen, and the page does not scroll sideways",
    phone.counts.length > 2 && phone.offScreen.length === 0 && phone.pageWidth <= 420,
    JSON.stringify({ offScreen: phone.offScreen.slice(0, 3), pageWidth: phone.pageWidth }));
  // Every filter is still in reach: the last one, scrolled to in the bar, still filters.
  await page.locator(`#fs-${severity}`).uncheck();
  const phoneFiltered = await page.evaluate((severity) =>
    [...document.querySelectorAll(`section.article li.finding.s-${severity}`)].every((li) => li.offsetParent === null), severity);
  check("on a phone every filter is in reach and works", phoneFiltered);
  await page.locator(`#fs-${severity}`).check();
  await page.setViewportSize({ width: 1366, height: 768 });

  check("no script error, console error or dialog on the report", problems.length === 0, problems.join("\n     "));

  // 7. An article made of markup: shown as text, nothing runs, nothing loads.
  problems.length = 0;
  await page.goto(pathToFileURL(path.resolve(xssPath)).href);
  await page.waitForTimeout(300);
  const xss = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    injected: document.querySelectorAll(".text script, .text img, .text iframe, h2 img, li img, [onerror]").length,
    scripts: document.scripts.length,
    shown: [...document.querySelectorAll(".text")].map((t) => t.textContent).join(""),
    heading: [...document.querySelectorAll("section.article h2 a")].map((a) => a.textContent).join(""),
  }));
  check("markup in an article or a file name shows as text and runs nothing",
    xss.pwned === null && xss.injected === 0 && xss.scripts === 1 && problems.length === 0 &&
      xss.shown.includes("<script>window.__pwned = 1; alert(1)</script>") &&
      xss.shown.includes('"><img src=x onerror="window.__pwned = 2">') && xss.heading.includes('"><img'),
    JSON.stringify({ ...xss, shown: xss.shown.slice(0, 160), problems }));

  // 8. A large report: an index of every file, one page of articles rendered, the others inert
  // until opened; links, highlights, the popover and the filters work on any page.
  problems.length = 0;
  const largeDiagnostics = JSON.parse(fs.readFileSync(largeJsonPath, "utf8")).diagnostics;
  const largePaths = [...new Set(largeDiagnostics.map((d) => d.path))];
  const largeUrl = pathToFileURL(path.resolve(largePath)).href;
  await page.goto(largeUrl);
  const first = await page.evaluate(() => ({
    files: Number(document.querySelector("main").dataset.files),
    size: Number(document.querySelector("main").dataset.pageSize),
    index: [...document.querySelectorAll("section.summary tbody th a")].map((a) => a.textContent),
    sections: [...document.querySelectorAll("section.article")].map((s) => s.id),
    inert: document.querySelectorAll('script[type="text/x-spinlint-article"]').length,
    scripts: document.querySelectorAll('script:not([type="text/x-spinlint-article"])').length,
    pager: [...document.querySelectorAll("nav.pager")].map((p) => !p.hidden && p.innerText),
  }));
  check(`a large report's index lists every file (${largePaths.length})`,
    largePaths.length > 2 * first.size && first.files === largePaths.length &&
      JSON.stringify(first.index) === JSON.stringify(largePaths),
    JSON.stringify({ files: first.files, index: first.index.length, paths: largePaths.length }));
  check(`a large report renders its first page only (${first.sections.length} of ${first.files} articles)`,
    first.size > 0 && first.sections.length === first.size &&
      first.sections.every((id, i) => id === `file-${i}`) && first.inert === first.files - first.size &&
      first.scripts === 1 && first.pager.every((text) => text && text.includes(`files 1–${first.size} of ${first.files}`)),
    JSON.stringify({ ...first, index: undefined, sections: first.sections.length }));

  // The findings of a file, as they are on the page now: each JSON finding's list entry and the
  // words under its highlight.
  const rendered = (file) => page.evaluate(({ file, diagnostics }) => {
    const section = document.getElementById(`file-${file}`);
    if (!section) return null;
    const mine = diagnostics.filter((d) => d.path === section.dataset.path);
    const words = mine.map((d) => {
      const li = [...section.querySelectorAll("li.finding")].find((li) =>
        li.dataset.rule === d.rule && +li.dataset.start === d.span.start && +li.dataset.end === d.span.end);
      return li ? [...section.querySelectorAll(`mark[data-finding="${li.id}"]`)].map((m) => m.textContent).join("") : null;
    });
    const box = section.querySelector("h2").getBoundingClientRect();
    return {
      listed: section.querySelectorAll("li.finding").length,
      expected: mine.map((d) => d.text.replace(/\r\n?/g, "\n")),
      words,
      inView: box.top >= 0 && box.bottom <= innerHeight,
      target: document.querySelector(":target")?.id ?? null,
      sections: document.querySelectorAll("section.article").length,
    };
  }, { file, diagnostics: largeDiagnostics });
  const ok = (r, id) => r && r.listed > 0 && r.listed === r.expected.length &&
    JSON.stringify(r.words) === JSON.stringify(r.expected) && r.inView && r.target === id && r.sections <= first.size;

  // Opening a file of the last page from the index.
  const last = first.files - 3;
  await page.locator(`section.summary a[href="#file-${last}"]`).click();
  const opened = await rendered(last);
  check(`opening a file of another page from the index renders it with its findings, in view (file ${last})`,
    ok(opened, `file-${last}`), JSON.stringify({ ...opened, expected: opened?.expected.length, words: undefined }));
  const lastMark = page.locator(`#file-${last} mark[data-findings]`).first();
  await lastMark.click();
  const lastPopover = (await popover.isVisible()) ? squash(await popover.innerText()) : "";
  const lastRule = await page.locator(`#file-${last} li.finding`).first().getAttribute("data-rule");
  check("a highlight on a later page opens its popover", lastPopover.includes(lastRule), lastPopover.slice(0, 200));
  await page.keyboard.press("Escape");
  const largeCategory = await page.$eval("fieldset.legend input", (input) => input.id.slice(1));
  await page.uncheck(`#f${largeCategory}`);
  const largeFiltered = await page.evaluate((k) => ({
    shown: [...document.querySelectorAll(`section.article li.finding.${k}`)].filter((li) => li.offsetParent !== null).length,
    all: document.querySelectorAll(`section.article li.finding.${k}`).length,
  }), largeCategory);
  await page.check(`#f${largeCategory}`);
  check("the filters work on a later page", largeFiltered.all > 0 && largeFiltered.shown === 0, JSON.stringify(largeFiltered));

  // The pager: back a page, then to the first page again (kept as it was).
  await page.locator("nav.pager .previous").first().click();
  const previous = await page.evaluate(() => ({
    sections: [...document.querySelectorAll("section.article")].map((s) => s.id),
    range: document.querySelector("nav.pager .range").textContent,
  }));
  check("the pager goes back a page", previous.sections.length === first.size &&
    previous.sections[0] === `file-${first.size}` && previous.range.startsWith(`files ${first.size + 1}–`),
    JSON.stringify({ ...previous, sections: previous.sections.slice(0, 2) }));
  // A finding's location link in the list, on the page shown.
  const location = await page.locator(`#file-${first.size} a.loc`).first().getAttribute("href");
  await page.locator(`#file-${first.size} a.loc`).first().click();
  const located = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
  check("a finding's location link goes to its words", `#${located}` === location, `${located} vs ${location}`);
  await page.locator("section.summary a[href='#file-1']").click();
  const back = await rendered(1);
  check("opening a file of the first page again renders it", ok(back, "file-1"),
    JSON.stringify({ ...back, expected: back?.expected.length, words: undefined }));

  // An address naming a finding on a later page, opened as is.
  const deep = `m${first.files - 1}-0`;
  await page.goto(`${largeUrl}#${deep}`);
  await page.waitForFunction((id) => document.getElementById(id), deep);
  const deepShown = await page.evaluate((id) => {
    const mark = document.getElementById(id);
    const box = mark.getBoundingClientRect();
    return { target: document.querySelector(":target")?.id ?? null, inView: box.top >= 0 && box.bottom <= innerHeight,
      sections: document.querySelectorAll("section.article").length };
  }, deep);
  check(`an address naming a finding on a later page shows it (#${deep})`,
    deepShown.target === deep && deepShown.inView && deepShown.sections <= first.size, JSON.stringify(deepShown));
  // That last file is made of markup that would end its inert block early: shown as text.
  const hostile = await page.evaluate((file) => ({
    pwned: window.__pwned ?? null,
    injected: document.querySelectorAll(".text script, .text img, [onerror]").length,
    scripts: document.querySelectorAll('script:not([type="text/x-spinlint-article"])').length,
    shown: document.querySelector(`#file-${file} .text`)?.textContent ?? "",
  }), first.files - 1);
  check("markup in an article of a later page shows as text and runs nothing",
    hostile.pwned === null && hostile.injected === 0 && hostile.scripts === 1 &&
      hostile.shown.includes("</script><script>window.__pwned = 5</script> <!-- <script>") &&
      hostile.shown.includes('"><img src=x onerror="window.__pwned = 6">'),
    JSON.stringify({ ...hostile, shown: hostile.shown.slice(0, 160) }));
  await page.screenshot({ path: path.join(outDir, "large.png") });
  check("no script error, console error or dialog on the large report", problems.length === 0, problems.join("\n     "));

  check("the page made no request outside itself", external.length === 0, external.join(", "));
} finally {
  await close();
}

console.log(`screenshots: ${path.join(outDir, "report.png")}, report-popover.png, report-phone.png, report-print.png, report.pdf, large.png`);
finish("browser");
