// Runs the site's own search code (themes/default/static/search.js) under
// Node against a built site's index, for tests/it/search.rs.
//
//   node query.mjs <output dir> <base path> <json request>
//
// Request: { "queries": [{ "q": "...", "filters": {...} }], "fold": ["..."], "stem": ["word", ...] }
// Prints: { "results": [[{url, title, kind, excerpt}, ...], ...],
//           "fold": [[words...], ...], "stem": ["stem", ...], "bytes": [n, ...] }
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const [outDir, base, request] = process.argv.slice(2);
const { Search, excerpt, fold, stem, words } = await import("../../themes/default/static/search.js");

const { queries = [], fold: texts = [], stem: stems = [] } = JSON.parse(request);
const output = { results: [], fold: texts.map((t) => words(fold(t))), stem: stems.map(stem), bytes: [] };
for (const { q, filters = {} } of queries) {
  let bytes = 0;
  const load = async (url) => {
    if (!url.startsWith(base)) throw new Error(`${url} is outside ${base}`);
    const text = await readFile(join(outDir, url.slice(base.length)), "utf8");
    bytes += Buffer.byteLength(text);
    return JSON.parse(text);
  };
  const search = new Search(base, load);
  const found = await search.search(q, filters);
  const shown = [];
  for (const [id] of found.slice(0, 10)) {
    const doc = await search.document(id);
    shown.push({
      url: doc.url,
      title: doc.title,
      kind: doc.kind,
      excerpt: excerpt(doc.text, q).map((p) => (p.hit ? `[${p.text}]` : p.text)).join(""),
    });
  }
  output.results.push(shown);
  output.bytes.push(bytes);
}
console.log(JSON.stringify(output));
