// Journeys a reader makes with the keyboard only: Tab, Shift+Tab, Enter
// and typing, never a click. Every element Tab reaches on the way must be
// visible and show a focus outline (WCAG 2.4.7 and 2.4.11).

import { FORCE, HISTORY, KINDS, SEARCHES } from "./pages.mjs";

// Presses Tab until the focused element passes `test` (a function run in
// the page with `arg`, seeing document.activeElement), checking the focus
// indicator of everything on the way. Returns what `describe` says of the
// element (its text and href).
async function tabTo(page, t, what, test, arg = null, max = 250) {
  const start = page.url();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        text: (el.innerText ?? el.value ?? "").trim().replace(/\s+/g, " ").slice(0, 80),
        tag: el.tagName.toLowerCase(),
        href: el.href ?? null,
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
      };
    });
    if (el) {
      const name = `${el.tag} “${el.text}”${el.href ? ` (${el.href})` : ""} on ${start}`;
      if (!el.visible) t.fail(`keyboard focus is on ${name}, which is not on screen`);
      if (!el.outline) t.fail(`keyboard focus on ${name} shows no focus outline`);
    }
    if (el && (await page.evaluate(test, arg))) return el;
  }
  throw new Error(`${max} presses of Tab on ${start} never reached ${what}`);
}

// Presses Enter on the focused link and waits for `url` to load.
async function follow(page, url) {
  await Promise.all([page.waitForURL(url, { waitUntil: "load" }), page.keyboard.press("Enter")]);
}

function normalise(text) {
  return text
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

// On every page kind: the first Tab reaches a visible "Skip to main
// content" link, Enter moves focus to <main>, and the next Tab lands on
// something inside it.
export async function skipLink(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 1280 });
  try {
    for (const kind of KINDS) {
      await ctx.open(page, kind, t);
      const where = `${kind.kind} (${kind.path || "home"})`;
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return {
          text: el.innerText?.trim(),
          href: el.getAttribute("href"),
          visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight,
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
        };
      });
      if (first.text !== "Skip to main content" || first.href !== "#main") {
        t.fail(`${where}: the first Tab reaches “${first.text}” (${first.href}), not the skip link`);
        continue;
      }
      if (!first.visible) t.fail(`${where}: the focused skip link is not on screen`);
      if (!first.outline) t.fail(`${where}: the focused skip link shows no focus outline`);
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => location.hash === "#main");
      const inMain = await page.evaluate(() => document.activeElement === document.querySelector("main"));
      if (!inMain) t.fail(`${where}: after the skip link, focus is not on <main>`);
      await page.keyboard.press("Tab");
      const next = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
      if (!next) t.fail(`${where}: after the skip link, Tab leaves the main content`);
    }
  } finally {
    await close();
  }
}

// From the home page: "Find your force", the force, a recommendation it
// has answered, and the quotation of its answer to its paragraph in the
// source document.
export async function forceJourney(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 1280 });
  try {
    await ctx.open(page, { path: "" }, t);

    await tabTo(page, t, "the “Find your force” link", () => document.activeElement.innerText?.trim() === "Find your force");
    await follow(page, ctx.url("forces/"));

    const force = ctx.url(FORCE.path);
    await tabTo(
      page,
      t,
      `the link to ${FORCE.name}`,
      ([name, url]) => document.activeElement.innerText?.trim() === name && document.activeElement.href === url,
      [FORCE.name, force],
    );
    await follow(page, force);
    const h1 = await page.locator("h1").innerText();
    if (h1.trim() !== FORCE.name) t.fail(`the force page's heading is “${h1}”, not “${FORCE.name}”`);

    // A recommendation the force has answered: its row quotes the answer.
    const rec = await tabTo(
      page,
      t,
      `a recommendation ${FORCE.name} has answered`,
      () => {
        const el = document.activeElement;
        return (
          /\/recommendations\/\d+\/$/.test(el.href ?? "") &&
          el.closest(".row")?.querySelector(".quotation") != null
        );
      },
    );
    await follow(page, rec.href);
    const title = await page.locator("h1").innerText();
    if (!title.startsWith("Recommendation")) t.fail(`the recommendation page's heading is “${title}”`);

    // The force's quotation on the recommendation page, to its source.
    const quote = await tabTo(
      page,
      t,
      `the source link of ${FORCE.name}'s quotation`,
      (name) => {
        const el = document.activeElement;
        const position = el.closest(".position");
        return (
          el.closest(".quote-source") != null &&
          // The heading's first link names the force; a "#" link to the
          // position itself follows it.
          position?.querySelector("h3 a")?.innerText.trim() === name
        );
      },
      FORCE.name,
    );
    const quoted = await page.evaluate((href) => {
      const link = [...document.querySelectorAll(".quote-source a")].find((a) => a.href === href);
      return link.closest(".quotation").querySelector("blockquote").innerText;
    }, quote.href);
    await follow(page, quote.href);
    await checkPassage(page, t, quote.href, quoted);
    t.note(`home → forces/ → ${FORCE.path} → ${ctx.show(rec.href)} → ${ctx.show(quote.href)}`);
  } finally {
    await close();
  }
}

// On a source page opened at `href` (`…#p6:~:text=…`): the browser found
// the text fragment's words inside the cited paragraph (the :target is
// the element holding them, not the paragraph's id alone, nor something
// around it), the paragraph holds the whole quotation, and it is
// scrolled into view.
async function checkPassage(page, t, href, quoted) {
  // The paragraph's id, before the text fragment that highlights the words.
  const fragment = decodeURIComponent(new URL(href).hash.slice(1)).split(":~:")[0];
  // Chromium matches a text fragment after the load event, and only then
  // sets the :target; on a loaded machine that can take a moment.
  await page.waitForFunction(() => document.querySelector(":target") != null, null, { timeout: 5000 }).catch(() => {});
  const found = await page.evaluate((id) => {
    const el = document.querySelector(":target");
    const paragraph = document.getElementById(id);
    if (!el || !paragraph) return { target: el?.id ?? null, paragraph: paragraph != null };
    const top = paragraph.getBoundingClientRect().top;
    return {
      target: el.id || el.tagName.toLowerCase(),
      paragraph: true,
      inside: el !== paragraph && paragraph.contains(el),
      // The source's own words, without the "¶" link and "Quoted in".
      text: [...paragraph.querySelectorAll("p:not(.quoted-in)")].map((p) => p.innerText).join(" "),
      onScreen: top >= -1 && top < innerHeight,
    };
  }, fragment);
  if (!found.paragraph) return t.fail(`${href}: the source page has no #${fragment}`);
  if (found.target == null) return t.fail(`${href}: no element is the :target`);
  if (!found.inside) {
    return t.fail(`${href}: the highlighted words are not inside #${fragment} (the :target is ${found.target}): the quotation runs past its paragraph, or the browser did not find it`);
  }
  if (!found.onScreen) t.fail(`${href}: the quoted paragraph is not scrolled into view`);
  if (!normalise(found.text).includes(normalise(quoted))) {
    t.fail(`${href}: #${fragment} does not hold the whole quotation “${quoted}”`);
  }
}

// Every quotation on the site: each link to its source opens with the
// whole quoted span highlighted inside the paragraph it cites.
export async function quotations(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 1280 });
  try {
    const quotes = new Map();
    for (const path of ctx.pages) {
      await ctx.open(page, { path }, t);
      const found = await page.evaluate(() =>
        [...document.querySelectorAll("figure.quotation")].map((q) => [
          q.querySelector(".quote-source a").href,
          q.querySelector("blockquote").innerText,
        ]),
      );
      for (const [href, quoted] of found) quotes.set(href, quoted);
    }
    for (const [href, quoted] of quotes) {
      await page.goto("about:blank");
      await page.goto(href, { waitUntil: "load" });
      await checkPassage(page, t, href, quoted);
    }
    t.note(`${quotes.size} distinct quotations, each highlighted whole inside its paragraph`);
  } finally {
    await close();
  }
}

// Opens `path#id` and checks the element with that id is the :target and
// is scrolled into view: the anchors docs/urls.md promises.
async function checkAnchor(ctx, page, t, path, id) {
  // From a blank page, so that a second anchor on the same page is a load.
  await page.goto("about:blank");
  await ctx.open(page, { path: `${path}#${id}` }, t);
  const target = await page.evaluate(() => {
    const el = document.querySelector(":target");
    return el && { id: el.id, top: el.getBoundingClientRect().top };
  });
  if (!target) t.fail(`${path}#${id}: nothing on the page is the :target`);
  else if (target.id !== id) t.fail(`${path}#${id}: the :target is #${target.id}`);
  else if (target.top < -1 || target.top > 200) t.fail(`${path}#${id} is not scrolled to the top (${Math.round(target.top)} px)`);
}

// What has become of a recommendation: its anchors resolve, and each
// quotation in its timeline opens its source with the quoted words
// highlighted. Then the force page's list of open recommendations.
export async function historyJourney(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 390 });
  try {
    for (const id of ["delivery", "timeline"]) await checkAnchor(ctx, page, t, HISTORY.path, id);
    await checkAnchor(ctx, page, t, FORCE.path, "open");
    await ctx.open(page, { path: HISTORY.path }, t);
    const quotes = await page.evaluate(() =>
      [...document.querySelectorAll(".history .quotation")].map((q) => ({
        href: q.querySelector(".quote-source a").href,
        quoted: q.querySelector("blockquote").innerText,
      })),
    );
    if (quotes.length < HISTORY.entries) t.fail(`${HISTORY.path} shows ${quotes.length} history entries, expected ${HISTORY.entries}`);
    for (const { href, quoted } of quotes) {
      await page.goto(href, { waitUntil: "load" });
      await checkPassage(page, t, href, quoted);
    }
    t.note(`${HISTORY.path}: #delivery, #timeline, ${quotes.length} quotations highlighted; ${FORCE.path}#open`);
  } finally {
    await close();
  }
}

// From the home page: the menu's Search link, type a query, Enter, Tab to
// the first result and open it.
function searchJourney({ query, first, shows = query }) {
  return async (ctx, t) => {
    const { page, close } = await ctx.newPage(t, { width: 1280 });
    try {
      await ctx.open(page, { path: "" }, t);
      const search = ctx.url("search/");
      await tabTo(page, t, "the Search link", (url) => document.activeElement.href === url, search);
      await follow(page, search);
      await tabTo(page, t, "the search box", () => document.activeElement.id === "search-input");
      await page.keyboard.type(query);
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () =>
          /\d+ results? for/.test(document.getElementById("search-status").textContent) &&
          document.querySelector("#search-results li a") != null,
      );
      const status = await page.locator("#search-status").innerText();
      const result = await tabTo(page, t, "the first result", () => document.activeElement === document.querySelector("#search-results li a"));
      if (result.href !== ctx.url(first)) {
        t.fail(`the first result for “${query}” is ${ctx.show(result.href)}, expected ${first}`);
        return;
      }
      await follow(page, result.href);
      const text = await page.locator("main").innerText();
      if (!normalise(text).includes(normalise(shows))) t.fail(`${first} does not show “${shows}”`);
      t.note(`“${query}”: ${status} First: ${first}`);
    } finally {
      await close();
    }
  };
}

export const searchJourneys = Object.fromEntries(SEARCHES.map((s) => [s.name, searchJourney(s)]));

// A shared search link (`search/?q=Essex`) opened on a phone: the results
// arrive without moving what is already on screen. Layout shift is summed
// as Chromium reports it (the Layout Instability API, as in CLS), from the
// first paint until the results have been shown for a second; under 0.1
// is "good". Each shift's moved elements are named when it fails.
export async function searchLayoutShift(ctx, t) {
  const { page, close } = await ctx.newPage(t, { width: 390 });
  try {
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.hadRecentInput) continue;
          const moved = entry.sources.map((s) => {
            const n = s.node;
            return n?.nodeType === 1 ? `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""}${n.className ? `.${String(n.className).split(" ")[0]}` : ""}` : (n?.nodeName ?? "?");
          });
          window.__shifts.push({ value: entry.value, moved });
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    const query = "Essex";
    await ctx.open(page, { path: `search/?q=${query}`, script: true }, t);
    await page.waitForTimeout(1000);
    const shifts = await page.evaluate(() => window.__shifts);
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    const detail = shifts.map((s) => `${s.value.toFixed(3)} (${s.moved.join(", ")})`).join("; ");
    if (total >= 0.1) t.fail(`search/?q=${query} at 390 px: layout shift ${total.toFixed(3)}, over 0.1: ${detail}`);
    else t.note(`search/?q=${query} at 390 px: layout shift ${total.toFixed(3)}${detail ? `: ${detail}` : ""}`);
  } finally {
    await close();
  }
}
