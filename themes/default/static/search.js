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
// A word of this many letters that finds nothing is looked for again one
// typing slip away ("Esex" finds Essex): a letter added, dropped, changed
// or two swapped. Only among words that begin with its first two letters,
// so the slip costs a few more chunks at most.
const FUZZY_MIN = 4;
const FUZZY_FACTOR = 0.4;
const FUZZY_CHUNKS = 4;

// The English Snowball ("Porter2") stemmer, as the Rust crate
// rust-stemmers applies it when the index is built (src: crates/search,
// text::stem): a word and its query must reduce to the same stem, and
// tests/it/search.rs checks the two agree on every word of a site.
// Only words of letters a–z of three or more are stemmed.
const VOWELS = "aeiouy";
const isVowel = (c) => c !== undefined && VOWELS.includes(c);
const EXCEPTIONS = new Map(Object.entries({
  skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
  idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
  sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes",
}));
const AFTER_1A = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);
const byLength = (pairs) => pairs.sort((a, b) => b[0].length - a[0].length);
const STEP_2 = byLength([
  ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["entli", "ent"],
  ["izer", "ize"], ["ization", "ize"], ["ational", "ate"], ["ation", "ate"], ["ator", "ate"],
  ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"],
  ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"],
  ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"], ["li", ""],
]);
const STEP_3 = byLength([
  ["tional", "tion"], ["ational", "ate"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
  ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""],
]);
const STEP_4 = byLength(
  ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"].map((s) => [s, ""]),
);

// A short syllable ends the first `end` letters of `w`.
function shortSyllable(w, end) {
  const [a, b, c] = [w[end - 3], w[end - 2], w[end - 1]];
  if (end >= 3 && !isVowel(a) && isVowel(b) && !isVowel(c) && !"wxY".includes(c)) return true;
  return end === 2 && isVowel(b) && !isVowel(c);
}

// Past the first vowel and then the first non-vowel after `from`; -1 if none.
function pastVowelThenOther(w, from) {
  let i = from;
  while (i < w.length && !isVowel(w[i])) i++;
  i++;
  while (i < w.length && isVowel(w[i])) i++;
  return i < w.length ? i + 1 : -1;
}

const longest = (w, table) => table.find(([suffix]) => w.endsWith(suffix));

export function stem(word) {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  if (EXCEPTIONS.has(word)) return EXCEPTIONS.get(word);
  // Prelude: a y that acts as a consonant is marked Y.
  const letters = [...word];
  letters.forEach((c, i) => {
    if (c === "y" && (i === 0 || isVowel(letters[i - 1]))) letters[i] = "Y";
  });
  let w = letters.join("");
  // R1 and R2 begin at p1 and p2.
  const prefix = ["gener", "commun", "arsen"].find((p) => w.startsWith(p));
  let p1 = w.length;
  let p2 = w.length;
  const first = prefix ? prefix.length : pastVowelThenOther(w, 0);
  if (first >= 0) {
    p1 = first;
    const second = pastVowelThenOther(w, p1);
    if (second >= 0) p2 = second;
  }
  const hasVowel = (text) => [...text].some(isVowel);
  // Step 1a.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ied") || w.endsWith("ies")) w = w.slice(0, -3) + (w.length - 3 >= 2 ? "i" : "ie");
  else if (w.endsWith("us") || w.endsWith("ss")) {
    // kept
  } else if (w.endsWith("s") && hasVowel(w.slice(0, -2))) w = w.slice(0, -1);
  if (!AFTER_1A.has(w)) {
    // Step 1b.
    const suffix = ["eedly", "ingly", "edly", "eed", "ing", "ed"].find((x) => w.endsWith(x));
    if (suffix === "eed" || suffix === "eedly") {
      if (w.length - suffix.length >= p1) w = w.slice(0, -suffix.length) + "ee";
    } else if (suffix && hasVowel(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      if (["at", "bl", "iz"].some((x) => w.endsWith(x))) w += "e";
      else if (["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].some((x) => w.endsWith(x))) w = w.slice(0, -1);
      else if (p1 === w.length && shortSyllable(w, w.length)) w += "e";
    }
    // Step 1c.
    if (/[yY]$/.test(w) && w.length >= 3 && !isVowel(w[w.length - 2])) w = `${w.slice(0, -1)}i`;
    // Step 2.
    let found = longest(w, STEP_2);
    if (found && w.length - found[0].length >= p1) {
      const [suffix, by] = found;
      const before = w[w.length - suffix.length - 1];
      if ((suffix !== "ogi" || before === "l") && (suffix !== "li" || (before !== undefined && "cdeghkmnrt".includes(before)))) {
        w = w.slice(0, -suffix.length) + by;
      }
    }
    // Step 3.
    found = longest(w, STEP_3);
    if (found && w.length - found[0].length >= p1 && (found[0] !== "ative" || w.length - 5 >= p2)) {
      w = w.slice(0, -found[0].length) + found[1];
    }
    // Step 4.
    found = longest(w, STEP_4);
    if (found && w.length - found[0].length >= p2) {
      const before = w[w.length - found[0].length - 1];
      if (found[0] !== "ion" || before === "s" || before === "t") w = w.slice(0, -found[0].length);
    }
    // Step 5.
    const end = w.length - 1;
    if (w.endsWith("e") && (end >= p2 || (end >= p1 && !shortSyllable(w, end)))) w = w.slice(0, -1);
    else if (w.endsWith("l") && end >= p2 && w[end - 1] === "l") w = w.slice(0, -1);
  }
  return w.replaceAll("Y", "y");
}

// Whether `a` and `b` are at most one slip apart (Damerau–Levenshtein).
export function oneSlip(a, b) {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (i === x.length && i === y.length) return true;
  const rest = (p, q) => x.slice(p).join("") === y.slice(q).join("");
  if (x.length === y.length) {
    return rest(i + 1, i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2, i + 2));
  }
  return x.length > y.length ? rest(i + 1, i) : rest(i, i + 1);
}

// Whether `term` begins with something at most one slip from `word`
// ("staffs" and "staffordshire").
function oneSlipPrefix(word, term) {
  const n = [...word].length;
  const t = [...term];
  return [n - 1, n, n + 1].some((k) => k > 0 && k <= t.length && oneSlip(word, t.slice(0, k).join("")));
}

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
    this.docs = new Map();
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
    const add = (gaps, scores, factor) => {
      const idf = Math.log(1 + (total - gaps.length + 0.5) / (gaps.length + 0.5));
      const weight = (idf * factor) / 255;
      undelta(gaps).forEach((doc, k) => {
        const score = weight * scores[k];
        if (score > (found.get(doc) ?? 0)) found.set(doc, score);
      });
    };
    for (let c = first; c < heads.length && c <= first + 1; c++) {
      if (c > first && !(prefix && heads[c].startsWith(word))) break;
      for (const [term, gaps, scores] of await this.chunk(c)) {
        const exact = term === word;
        if (exact || (prefix && term.startsWith(word))) add(gaps, scores, exact ? 1 : PREFIX_FACTOR);
      }
    }
    if (found.size > 0 || [...word].length < FUZZY_MIN) return found;
    const start = [...word].slice(0, 2).join("");
    const from = this.chunkOf(start);
    for (let c = from; c < heads.length && c < from + FUZZY_CHUNKS; c++) {
      if (c > from && !heads[c].startsWith(start)) break;
      for (const [term, gaps, scores] of await this.chunk(c)) {
        if (term.startsWith(start) && (oneSlip(word, term) || oneSlipPrefix(word, term))) add(gaps, scores, FUZZY_FACTOR);
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
    const wanted = [...new Set(words(fold(query)).map(stem))];
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
    if (!this.docs.has(id)) this.docs.set(id, this.load(`${this.base}search/docs/${id}.json`));
    return this.docs.get(id);
  }
}

// The stretch of `text` with most of the query's words, as
// [{ text, hit }] pieces, about `size` words long.
export function excerpt(text, query, size = 30) {
  const wanted = words(fold(query)).map(stem);
  const found = (w, q) => w === q || ([...q].length >= PREFIX_MIN && w.startsWith(q));
  const slip = (w, q) => [...q].length >= FUZZY_MIN && (oneSlip(q, w) || oneSlipPrefix(q, w));
  // A query word one slip away is marked only where the text does not
  // have it as typed, as the search found it.
  const stems = words(fold(text)).map(stem);
  const typed = new Set(wanted.filter((q) => stems.some((w) => found(w, q))));
  const isHit = (written) =>
    words(fold(written)).some((w) => wanted.some((q) => found(stem(w), q) || (!typed.has(q) && slip(stem(w), q))));
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
  // The page's inline script has already laid the page out for a script
  // (`search-js`, and `search-asked` for a shared link's query): nothing
  // is moved here before results arrive.

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
    document.documentElement.classList.toggle("search-asked", Boolean(query));
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
      if (thisRun === run) {
        status.textContent = "Search is not available right now. Use the A–Z index below.";
        document.documentElement.classList.remove("search-asked");
      }
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
