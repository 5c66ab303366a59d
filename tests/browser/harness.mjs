// What the browser checks share: a headless Chromium (from Debian, or $CHROMIUM) in a fresh
// profile, and the ok/FAIL lines with their tally.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A headless Chromium with a fresh profile; `options` adds to playwright's context options. */
export async function launch(options = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spinlint-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1366, height: 768 },
    deviceScaleFactor: 1,
    ...options,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** `check(name, ok, detail)` prints a line per check; `finish(label)` prints the tally and exits. */
export function checker() {
  let passed = 0;
  let failed = 0;
  const check = (name, ok, detail = "") => {
    if (ok) {
      passed += 1;
      console.log(`ok   ${name}`);
    } else {
      failed += 1;
      console.log(`FAIL ${name}${detail ? `\n     ${detail}` : ""}`);
    }
  };
  const finish = (label) => {
    console.log(`${label}: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  return { check, finish };
}

/** Text with its runs of white space as one space, trimmed. */
export const squash = (text) => text.replace(/\s+/g, " ").trim();
