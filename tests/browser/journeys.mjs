// Journeys a reader makes with the keyboard only: Tab, Shift+Tab, Enter
// and typing, never a click. Every element Tab reaches on the way must be
// visible and show a focus outline (WCAG 2.4.7 and 2.4.11).

import { FORCE, KINDS, SEARCHES } from "./pages.mjs";

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
    // Chromium matches a text fragment after the load event, and only then
    // sets the :target; on a loaded machine that can take a moment.
    await page.waitForFunction(() => document.querySelector(":target") != null, null, { timeout: 5000 }).catch(() => {});

    const target = await page.evaluate(() => {
      const el = document.querySelector(":target");
      if (!el) return null;
      // When the text fragment matches, Chromium makes the element holding
      // the quoted words the :target: a <p> inside the cited paragraph.
      const paragraph = el.id ? el : el.closest("[id]");
      const r = el.getBoundingClientRect();
      // A quotation may run on into the next paragraphs.
      let text = "";
      for (let e = paragraph, i = 0; e && i < 4; e = e.nextElementSibling, i++) text += ` ${e.querySelector("p")?.innerText ?? ""}`;
      return { id: paragraph?.id, highlighted: !el.id, onScreen: r.top >= -1 && r.top < innerHeight, text };
    });
    // The paragraph's id, before the text fragment that highlights the words.
    const fragment = decodeURIComponent(new URL(quote.href).hash.slice(1)).split(":~:")[0];
    if (!target) t.fail(`${quote.href}: no element is the :target`);
    else {
      if (target.id !== fragment) t.fail(`${quote.href}: the :target is #${target.id}`);
      if (!target.highlighted) t.fail(`${quote.href}: the browser did not find the text fragment's words`);
      if (!target.onScreen) t.fail(`${quote.href}: the quoted paragraph is not scrolled into view`);
      if (!normalise(target.text).includes(normalise(quoted))) {
        t.fail(`${quote.href}: the paragraph does not hold the quotation “${quoted}”`);
      }
    }
    t.note(`home → forces/ → ${FORCE.path} → ${ctx.show(rec.href)} → ${ctx.show(quote.href)}`);
  } finally {
    await close();
  }
}

// From the home page: the menu's Search link, type a query, Enter, Tab to
// the first result and open it.
function searchJourney({ query, first }) {
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
      if (!normalise(text).includes(normalise(query))) t.fail(`${first} does not show “${query}”`);
      t.note(`“${query}”: ${status} First: ${first}`);
    } finally {
      await close();
    }
  };
}

export const searchJourneys = Object.fromEntries(SEARCHES.map((s) => [s.name, searchJourney(s)]));
