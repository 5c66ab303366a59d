// The live editor page of `spinlint serve` in the system's headless Chromium (never a downloaded
// browser), used the way a writer would: type a draft, see the highlights on the right words,
// click one for its help, filter, edit, download the report. run.sh starts the server:
//
//   node check-editor.mjs BASE_URL OUT_DIR
//
// BASE_URL is the server's, e.g. http://127.0.0.1:40123/. Screenshots and the downloaded report
// go to OUT_DIR. There is no timing assertion: every wait is for a state, with a generous limit.
// The last line is `browser (editor): N passed, M failed`.

import fs from "node:fs";
import path from "node:path";
import { checker, launch, squash } from "./harness.mjs";

const [base, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node check-editor.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
const origin = new URL(base).origin;
const WAIT = { timeout: 30_000 };

const { check, finish } = checker();

// An emoji (two UTF-16 units, four bytes) and CJK (one unit, three bytes) before findings: their
// highlights must not shift.
const DRAFT = "Critics say there is no evidence, because none exists. 😀 The so-called experts agree.\n\n" +
  "東京の記者 wrote that the so-called reform is a disaster.";

const { context, close } = await launch({ acceptDownloads: true });

// Nothing may go to another origin: such a request is recorded, and stopped.
const external = [];
const requests = [];
const sameOrigin = (url) => url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith("data:");
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (sameOrigin(url)) return route.continue();
  external.push(url);
  return route.abort();
});
context.on("request", (request) => {
  requests.push(request.url());
  if (!sameOrigin(request.url())) external.push(request.url());
});

// What the server says of the text, through the same API the page uses.
async function lint(request, text) {
  const response = await request.post(`${origin}/api/lint`, { data: { text } });
  return (await response.json()).diagnostics;
}

// The highlights on the page: per finding, the words its marks cover and whether they are seen.
const highlights = (page) => page.evaluate(() => {
  const byFinding = new Map();
  for (const mark of document.querySelectorAll("#mirror mark[data-f]")) {
    const id = mark.dataset.f;
    const entry = byFinding.get(id) || { rule: mark.dataset.rule, text: "", visible: false, colour: "" };
    entry.text += mark.textContent;
    entry.visible ||= mark.getClientRects().length > 0 && getComputedStyle(mark).borderBottomColor !== "rgba(0, 0, 0, 0)";
    entry.colour ||= getComputedStyle(mark).borderBottomColor;
    byFinding.set(id, entry);
  }
  return [...byFinding.values()];
});

// Waits until the page shows the findings of the text now in the editor.
async function checked(page) {
  await page.waitForFunction(() => {
    const draft = document.getElementById("draft");
    return document.body.dataset.state === "done" && draft.value.length > 0;
  }, null, WAIT);
}

// Every finding the server gives for the text has a highlight on the same words, and no more.
async function sameAsServer(page, name) {
  const text = await page.inputValue("#draft");
  const diagnostics = await lint(page.request, text);
  const shown = await highlights(page);
  const want = diagnostics.map((d) => `${d.rule}|${text.slice(d.utf16.start, d.utf16.end)}`).sort();
  const got = shown.filter((h) => h.visible).map((h) => `${h.rule}|${h.text}`).sort();
  const wordsMatch = diagnostics.every((d) => text.slice(d.utf16.start, d.utf16.end) === d.text);
  check(`${name}: every finding of /api/lint (${diagnostics.length}) is highlighted on its words`,
    diagnostics.length > 0 && wordsMatch && JSON.stringify(want) === JSON.stringify(got),
    `want ${JSON.stringify(want)}\n     got  ${JSON.stringify(got)}`);
  return diagnostics;
}

// Clicks the middle of the first highlight of `rule` on `words`, as a writer would: on the text
// area, above the mark.
async function clickWords(page, rule, words) {
  const box = await page.evaluate(({ rule, words }) => {
    const marks = [...document.querySelectorAll(`#mirror mark[data-rule="${rule}"]`)];
    const mark = marks.find((m) => m.textContent === words) || marks.find((m) => m.textContent.includes(words));
    if (!mark) return null;
    mark.scrollIntoView({ block: "center" });
    const r = mark.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, { rule, words });
  if (!box) return false;
  await page.mouse.click(box.x, box.y);
  return true;
}

try {
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });

  // 1. The page, its policy, its note on privacy.
  const response = await page.goto(base);
  const policy = response.headers()["content-security-policy"] || "";
  check("the page is served under a policy that allows only this server",
    response.ok() && policy.startsWith("default-src 'none'") && policy.includes("connect-src 'self'"), policy);
  check("the page says the text stays on this server",
    (await page.title()) === "spinlint editor" && /goes nowhere else/.test(await page.locator(".privacy").innerText()));
  await page.waitForFunction(() => document.body.dataset.state === "done", null, WAIT);

  // 2. Type a draft: highlights appear on the right words.
  await page.locator("#draft").click();
  await page.keyboard.type(DRAFT);
  await checked(page);
  const diagnostics = await sameAsServer(page, "a typed draft");
  const shown = await highlights(page);
  const words = (rule) => shown.filter((h) => h.rule === rule).map((h) => h.text);
  check("“no evidence” and “because none exists” are highlighted",
    words("no-evidence-none-exists").includes("no evidence") && words("no-evidence-none-exists").includes("because none exists"),
    JSON.stringify(shown));
  check("after an emoji and after CJK, the highlights are still on their words",
    JSON.stringify(words("doubt-so-called")) === JSON.stringify(["so-called", "so-called"]) &&
      words("vague-source-unnamed-experts").includes("experts agree"), JSON.stringify(shown));
  const colours = Object.fromEntries(shown.map((h) => [h.rule, h.colour]));
  check("a highlight takes its category's colour (no-evidence: red, as in the report)",
    colours["no-evidence-none-exists"] === "rgb(220, 38, 38)" &&
      colours["doubt-so-called"] !== colours["no-evidence-none-exists"], JSON.stringify(colours));
  const listed = await page.locator("#findings li.finding").count();
  const legend = await page.locator("#categories label.chip").allInnerTexts();
  check(`the list and the legend count the findings (${diagnostics.length})`,
    listed === diagnostics.length && legend.some((l) => squash(l) === "no-evidence 2") &&
      (await page.locator("#fs-warning + i + .n, label.s-warning .n").first().innerText()) ===
        String(diagnostics.filter((d) => d.severity === "warning").length),
    `${listed} listed; legend ${JSON.stringify(legend)}`);

  // 3. A click on highlighted words (the text area lies above them) shows the message, the help
  // and the rationale of their rule.
  const soCalled = diagnostics.find((d) => d.rule === "doubt-so-called");
  const rule = await (await page.request.get(`${origin}/api/rules/doubt-so-called`)).json();
  await clickWords(page, "doubt-so-called", "so-called");
  const caret = await page.$eval("#draft", (t) => t.selectionStart);
  check("the click on the highlight lands in its words in the text area (the layers line up)",
    caret >= soCalled.utf16.start && caret <= soCalled.utf16.end, `caret ${caret}, words ${JSON.stringify(soCalled.utf16)}`);
  await page.locator("#detail").waitFor({ state: "visible", ...WAIT });
  await page.waitForFunction(() => !document.querySelector("#detail .why.loading"), null, WAIT);
  const panel = squash(await page.locator("#detail").innerText());
  check("the panel shows the finding's rule, message, help and rationale",
    panel.includes("doubt-so-called") && panel.includes(squash(soCalled.message.replace(/`/g, ""))) &&
      panel.includes(squash(soCalled.help)) && (!rule.rationale || panel.includes(squash(rule.rationale))),
    panel.slice(0, 400));
  check("the clicked highlight is outlined", (await page.locator("#mirror mark.active").count()) > 0);

  await page.screenshot({ path: path.join(outDir, "editor.png"), fullPage: true });

  await page.keyboard.press("Escape");
  check("Escape closes the panel", await page.locator("#detail").isHidden());

  // 4. The keyboard: a finding in the list is a button that opens it.
  const item = page.locator('#findings li[data-rule="vague-source-unnamed-experts"] button');
  await item.focus();
  await page.keyboard.press("Enter");
  await page.locator("#detail").waitFor({ state: "visible", ...WAIT });
  const experts = diagnostics.find((d) => d.rule === "vague-source-unnamed-experts");
  check("Enter on a finding in the list opens it",
    squash(await page.locator("#detail").innerText()).includes(squash(experts.help)));
  await page.keyboard.press("Escape");

  // 5. Filters: a category off hides its highlights and list entries, and only those.
  await page.locator('#categories input[value="doubt"]').uncheck();
  const filtered = await highlights(page);
  check("unchecking a category (doubt) hides its highlights and entries, and only those",
    !filtered.some((h) => h.rule === "doubt-so-called") && filtered.length === shown.length - 2 &&
      (await page.locator('#findings li[data-rule="doubt-so-called"]').count()) === 0 &&
      (await page.locator("#findings li.finding").count()) === diagnostics.length - 2, JSON.stringify(filtered));
  await page.locator('#categories input[value="doubt"]').check();
  await page.locator("#fs-warning").uncheck();
  check("unchecking a severity (warning) hides its highlights",
    (await highlights(page)).filter((h) => h.visible).length ===
      diagnostics.filter((d) => d.severity !== "warning").length);
  await page.locator("#fs-warning").check();
  check("checking them again shows everything", (await highlights(page)).length === shown.length);

  // 6. Editing before the findings: they follow their words, then are checked again.
  await page.locator("#draft").focus();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("Today 🎉 ");
  await checked(page);
  await sameAsServer(page, "after an edit at the start");

  // 7. Markup in a draft is text: it shows as typed and runs nothing.
  await page.keyboard.press("Control+End");
  await page.keyboard.type(' <img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script> no evidence');
  await checked(page);
  const xss = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    injected: document.querySelectorAll("#mirror *:not(mark), #findings img, #findings script, #detail img").length,
  }));
  check("markup typed in the draft shows as text and runs nothing", xss.pwned === null && xss.injected === 0,
    JSON.stringify(xss));
  await sameAsServer(page, "with markup in the draft");

  // 8. The report of the text as it is, downloaded.
  const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.locator("#report").click()]);
  const saved = path.join(outDir, "editor-report.html");
  await download.saveAs(saved);
  const report = fs.readFileSync(saved, "utf8");
  check("the Report button downloads the HTML report of the text, with its findings",
    download.suggestedFilename() === "spinlint-report.html" && report.includes("<title>spinlint report</title>") &&
      report.includes('data-rule="doubt-so-called"') && report.includes("no-evidence-none-exists") &&
      report.includes("Today 🎉"), `${download.suggestedFilename()}, ${report.length} bytes`);

  // 9. A narrow screen: one column, nothing wider than the screen; the panel at the bottom.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await clickWords(page, "no-evidence-none-exists", "no evidence");
  await page.locator("#detail").waitFor({ state: "visible", ...WAIT });
  const narrow = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    panel: getComputedStyle(document.getElementById("detail")).position,
    words: document.querySelector("#mirror mark.active").getBoundingClientRect().bottom,
    sheet: document.getElementById("detail").getBoundingClientRect().top,
  }));
  check("on a narrow screen nothing overflows, the panel is a sheet at the bottom, below the words",
    narrow.overflow <= 0 && narrow.panel === "fixed" && narrow.words > 0 && narrow.words < narrow.sheet,
    JSON.stringify(narrow));
  await page.screenshot({ path: path.join(outDir, "editor-narrow.png") });

  check("screenshots saved", fs.statSync(path.join(outDir, "editor.png")).size > 10_000);
  check("no script error, console error or dialog on the editor", problems.length === 0, problems.join("\n     "));
  const paths = [...new Set(requests.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname))].sort();
  check("the page made no request to another origin", external.length === 0 && requests.length > 0,
    `${external.join(", ")} (made: ${paths.join(" ")})`);
} catch (error) {
  check("the editor's checks ran to the end", false, error.stack || String(error));
} finally {
  await close();
}

console.log(`screenshots: ${path.join(outDir, "editor.png")}, editor-narrow.png; report: editor-report.html`);
finish("browser (editor)");
