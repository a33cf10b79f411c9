// Search for an answerable site. The page works without this script (it
// shows an A–Z index); the script adds searching as you type.
//
// The index is static files written by `answerable build` (see
// docs/search.md): search/index.json (the chunk map and filters), one
// term chunk per word typed, one small file per result shown. Text is
// folded and split into words exactly as src/search/text.rs does.

const INVISIBLE = /[\p{M}\u00AD\u200B-\u200F\u2060\uFEFF]/gu;
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
// A word as written, including the characters folding removes.
const WRITTEN_WORD = /([\p{Alphabetic}\p{N}\p{M}\u00AD\u200B-\u200F\u2060\uFEFF]+)/u;
const PAGE_SIZE = 10;
// Shorter words match only whole words; longer ones also match the
// beginning of longer words ("recommend" finds "recommendations").
const PREFIX_MIN = 3;
const PREFIX_FACTOR = 0.5;

export function fold(text) {
  return text.normalize("NFKD").replace(INVISIBLE, "").toLowerCase();
}

export function words(folded) {
  return folded.match(WORD) ?? [];
}

// Compares by code point, as Rust orders strings (JavaScript's `<`
// compares UTF-16 units, which differs beyond the Basic Multilingual Plane).
function compare(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function undelta(gaps) {
  let id = 0;
  return gaps.map((gap) => (id += gap));
}

export class Search {
  // `load(url)` returns the parsed JSON at a URL.
  constructor(base, load) {
    this.base = base;
    this.load = load;
    this.meta = null;
    this.chunks = new Map();
    this.filterSets = new Map();
  }

  async init() {
    this.meta ??= await this.load(`${this.base}search/index.json`);
    return this.meta;
  }

  chunk(i) {
    if (!this.chunks.has(i)) {
      this.chunks.set(i, this.load(`${this.base}search/terms/${i}.json`));
    }
    return this.chunks.get(i);
  }

  // The last chunk whose first term is not after `word`.
  chunkOf(word) {
    const heads = this.meta.chunks;
    let low = 0;
    let high = heads.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (compare(heads[mid], word) <= 0) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  // Documents containing `word` (or, if long enough, a word starting
  // with it), each with its best score.
  async matches(word) {
    const heads = this.meta.chunks;
    const total = this.meta.documents;
    const found = new Map();
    const first = this.chunkOf(word);
    const prefix = [...word].length >= PREFIX_MIN;
    for (let c = first; c < heads.length && c <= first + 1; c++) {
      if (c > first && !(prefix && heads[c].startsWith(word))) break;
      for (const [term, gaps, scores] of await this.chunk(c)) {
        const exact = term === word;
        if (!exact && !(prefix && term.startsWith(word))) continue;
        const idf = Math.log(1 + (total - gaps.length + 0.5) / (gaps.length + 0.5));
        const weight = idf * (exact ? 1 : PREFIX_FACTOR) / 255;
        undelta(gaps).forEach((doc, k) => {
          const score = weight * scores[k];
          if (score > (found.get(doc) ?? 0)) found.set(doc, score);
        });
      }
    }
    return found;
  }

  async filterSet(name, value) {
    const key = `${name}\u0000${value}`;
    if (!this.filterSets.has(key)) {
      const values = await this.load(`${this.base}search/filters/${name}.json`);
      this.filterSets.set(key, new Set(undelta(values[value] ?? [])));
    }
    return this.filterSets.get(key);
  }

  // Document ids and scores for pages containing every word of `query`,
  // best first, narrowed by `filters` ({ name: value }).
  async search(query, filters = {}) {
    const wanted = [...new Set(words(fold(query)))];
    if (wanted.length === 0) return [];
    await this.init();
    const maps = await Promise.all(wanted.map((w) => this.matches(w)));
    maps.sort((a, b) => a.size - b.size);
    let results = [];
    for (const [doc] of maps[0]) {
      if (maps.every((m) => m.has(doc))) {
        results.push([doc, maps.reduce((sum, m) => sum + m.get(doc), 0)]);
      }
    }
    for (const [name, value] of Object.entries(filters)) {
      if (!value) continue;
      const allowed = await this.filterSet(name, value);
      results = results.filter(([doc]) => allowed.has(doc));
    }
    results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return results;
  }

  document(id) {
    return this.load(`${this.base}search/docs/${id}.json`);
  }
}

// The stretch of `text` with most of the query's words, as
// [{ text, hit }] pieces, about `size` words long.
export function excerpt(text, query, size = 30) {
  const wanted = words(fold(query));
  const isHit = (written) =>
    words(fold(written)).some((w) => wanted.some((q) => w === q || ([...q].length >= PREFIX_MIN && w.startsWith(q))));
  const parts = text.split(WRITTEN_WORD);
  // parts alternate: separator, word, separator, word, …
  const wordAt = [];
  for (let i = 1; i < parts.length; i += 2) wordAt.push(i);
  const hits = wordAt.map((i) => isHit(parts[i]));
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let w = 0; w < wordAt.length; w++) {
    count += hits[w] ? 1 : 0;
    if (w >= size) count -= hits[w - size] ? 1 : 0;
    if (count > bestCount) {
      bestCount = count;
      best = Math.max(0, w - size + 1);
    }
  }
  const start = wordAt.length ? wordAt[best] : 0;
  const end = wordAt.length ? wordAt[Math.min(best + size, wordAt.length) - 1] + 1 : parts.length;
  const pieces = [];
  if (best > 0) pieces.push({ text: "… ", hit: false });
  for (let i = start; i < end; i++) {
    if (parts[i]) pieces.push({ text: parts[i], hit: i % 2 === 1 && isHit(parts[i]) });
  }
  if (best + size < wordAt.length) pieces.push({ text: " …", hit: false });
  return pieces;
}

// The page: search as you type, results announced, filters, paging.
function enhance(form) {
  const base = form.dataset.searchBase;
  const input = form.querySelector("input[type=search]");
  const filterBox = form.querySelector(".search-filters");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const search = new Search(base, async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  });
  const selects = new Map();
  let results = [];
  let shown = 0;
  let run = 0;
  document.documentElement.classList.add("search-ready");

  async function addFilters() {
    const meta = await search.init();
    const params = new URLSearchParams(location.search);
    for (const filter of meta.filters) {
      const label = document.createElement("label");
      const select = document.createElement("select");
      select.name = filter.name;
      label.append(filter.label, " ", select);
      select.append(new Option("Any", ""));
      for (const [value, count] of filter.values) {
        select.append(new Option(`${value} (${count})`, value));
      }
      select.value = params.get(filter.name) ?? "";
      if (select.value) filterBox.open = true;
      select.addEventListener("change", () => update());
      selects.set(filter.name, select);
      filterBox.querySelector(".search-filter-fields").append(label);
    }
    filterBox.hidden = false;
  }

  async function showMore(focusFirst) {
    const slice = results.slice(shown, shown + PAGE_SIZE);
    const thisRun = run;
    const docs = await Promise.all(slice.map(([id]) => search.document(id)));
    if (thisRun !== run) return;
    let firstLink = null;
    for (const doc of docs) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = doc.url;
      link.textContent = doc.title;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.kind;
      const text = document.createElement("p");
      for (const piece of excerpt(doc.text, input.value)) {
        if (piece.hit) {
          const mark = document.createElement("mark");
          mark.textContent = piece.text;
          text.append(mark);
        } else {
          text.append(piece.text);
        }
      }
      item.append(link, " ", kind, text);
      list.append(item);
      firstLink ??= link;
    }
    shown += slice.length;
    list.querySelector(".search-more")?.remove();
    if (shown < results.length) {
      const item = document.createElement("li");
      item.className = "search-more";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `Show more results (${results.length - shown} more)`;
      button.addEventListener("click", () => showMore(true));
      item.append(button);
      list.append(item);
    }
    if (focusFirst && firstLink) firstLink.focus();
  }

  async function update() {
    const query = input.value.trim();
    const filters = Object.fromEntries([...selects].map(([name, s]) => [name, s.value]));
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
    const search_ = params.toString();
    history.replaceState(null, "", search_ ? `?${search_}` : location.pathname);
    const thisRun = ++run;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const found = await search.search(query, filters);
      if (thisRun !== run) return;
      results = found;
      shown = 0;
      list.replaceChildren();
      const n = results.length;
      status.textContent = n === 0 ? `No results for “${query}”.` : `${n} result${n === 1 ? "" : "s"} for “${query}”.`;
      await showMore(false);
    } catch (error) {
      if (thisRun === run) status.textContent = "Search is not available right now. Use the A–Z index below.";
      throw error;
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  addFilters().then(() => {
    if (input.value.trim()) update();
  });
}

if (typeof document !== "undefined") {
  const form = document.querySelector("form[data-search-base]");
  if (form) enhance(form);
}
