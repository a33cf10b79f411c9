#!/usr/bin/env node
// Remakes the screenshots in docs/images/ from the bundled site, as a
// reader and an editor see it: `answerable serve` on a copy of the site,
// Debian's Chromium, fixed widths. Run it after a change to what they
// show, and look at each picture before committing it:
//
//   node tests/browser/docs-images.mjs [--answerable PATH]
//
// (default: target/debug/answerable; `cargo build` first.)

import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IMAGES = join(REPO, "docs/images");
const PORT = 1187;
const { values: options } = parseArgs({ options: { answerable: { type: "string" } } });
const binary = resolve(options.answerable ?? join(REPO, "target/debug/answerable"));

const site = await mkdtemp(join(tmpdir(), "answerable-docs-images-"));
for (const part of ["site.toml", "data", "content", "seeds", "templates", "static"]) {
  if (existsSync(join(REPO, part))) await cp(join(REPO, part), join(site, part), { recursive: true });
}
const serve = spawn(binary, ["serve", "--root", site, "--port", String(PORT)], { stdio: ["ignore", "pipe", "inherit"] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  await new Promise((ready, fail) => {
    serve.stdout.on("data", (chunk) => String(chunk).includes("Serving the preview") && ready());
    serve.on("exit", (code) => fail(new Error(`answerable serve exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${PORT}/`;
  const open = async (path, width, height = 800) => {
    const page = await browser.newPage({ viewport: { width, height }, reducedMotion: "reduce" });
    await page.goto(origin + path);
    await page.evaluate(() => document.fonts.ready);
    return page;
  };
  const shoot = async (page, name, clip) => {
    await page.screenshot({ path: join(IMAGES, name), clip, fullPage: Boolean(clip) });
    console.log(`docs/images/${name}`);
  };
  // The part of a page from one element's top to another's bottom.
  const between = (page, from, to) =>
    page.evaluate(([from, to]) => {
      const top = document.querySelector(from).getBoundingClientRect().top + scrollY;
      const bottom = document.querySelector(to).getBoundingClientRect().bottom + scrollY;
      return { x: 0, y: Math.round(top) - 16, width: innerWidth, height: Math.round(bottom - top) + 32 };
    }, [from, to]);

  // A reader on a phone: the answer first.
  for (const [name, path] of [
    ["force-phone.png", "forces/essex/"],
    ["recommendation-phone.png", "inspections/rocu-effectiveness-2021/recommendations/4/"],
  ]) {
    const page = await open(path, 390);
    await shoot(page, name);
    await page.close();
  }

  // The charts on the home page.
  const home = await open("", 1000);
  await shoot(home, "charts.png", await between(home, "section[aria-labelledby=force-map]", "section[aria-labelledby=response-matrix]"));
  await shoot(home, "charts-timeline.png", await between(home, "section[aria-labelledby=deadline-timeline]", "section[aria-labelledby=deadline-timeline]"));
  await home.close();

  // The editor's preview, then the same page after a typo in a force's ROCU.
  const preview = await open("forces/essex/", 1000, 760);
  await shoot(preview, "preview.png");
  const forces = join(site, "data/forces.toml");
  const text = await readFile(forces, "utf8");
  await writeFile(forces, text.replace('rocu = "ersou"', 'rocu = "ersuo"'));
  await preview.waitForSelector("#answerable-errors-title", { timeout: 20_000 });
  await shoot(preview, "preview-error.png");
  await preview.close();
} finally {
  await browser.close();
  serve.kill();
  await rm(site, { recursive: true, force: true });
}
