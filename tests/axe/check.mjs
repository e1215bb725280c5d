// Runs axe-core on HTML pages in headless Chromium, for tests/accessibility.rs.
//
//   node tests/axe/check.mjs CHROMIUM PAGE.html…
//
// For each page, prints one JSON line: the violations of axe-core's WCAG 2.0–2.2 A and
// AA rules at a desktop width (1280 px) and at a phone's (360 px), and how wide the
// document is at 360 px (document.documentElement.scrollWidth: wider than 360 means the
// reader scrolls the whole page sideways). Pages are opened from file:// with nothing
// fetched; the test decides what passes.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const [chromium, ...pages] = process.argv.slice(2);
if (!chromium || pages.length === 0) {
  console.error("usage: node check.mjs CHROMIUM PAGE.html…");
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), "rapporteur-axe-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  pipe: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
let failed = false;
try {
  for (const file of pages) {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const result = { file, violations: {}, errors };
    for (const width of [1280, 360]) {
      await page.setViewport({ width, height: 800 });
      await page.goto(`file://${file}`, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const found = await page.evaluate(
        (tags) =>
          window.axe
            .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
            .then((r) =>
              r.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => ({
                  target: n.target.join(" "),
                  html: n.html.slice(0, 200),
                  summary: n.failureSummary,
                })),
              })),
            ),
        TAGS,
      );
      result.violations[width] = found;
      if (width === 360) {
        result.scroll_width = await page.evaluate(() => document.documentElement.scrollWidth);
        // What sticks out, to say where to look when the page is too wide.
        result.wider = await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter((e) => !e.closest(".scroll"))
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""} (${Math.round(e.getBoundingClientRect().right)} px)`),
        );
      }
    }
    console.log(JSON.stringify(result));
    await page.close();
  }
} catch (e) {
  console.error(String(e));
  failed = true;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 2 : 0);
