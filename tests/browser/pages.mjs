// One page of every kind the site has, in the bundled dataset (the
// repository root). Paths are relative to the site's base URL. If the data
// changes so that one of these no longer exists, the suite says so; pick
// another page of the same kind here.

export const KINDS = [
  { kind: "home", path: "" },
  { kind: "inspections", path: "inspections/" },
  { kind: "recommendations", path: "recommendations/" },
  { kind: "rocus", path: "rocus/" },
  { kind: "forces", path: "forces/" },
  { kind: "responses", path: "responses/" },
  { kind: "sources", path: "sources/" },
  { kind: "inspection", path: "inspections/rocu-effectiveness-2021/" },
  { kind: "recommendation", path: "inspections/rocu-effectiveness-2021/recommendations/3/" },
  { kind: "rocu", path: "rocus/odyssey/" },
  { kind: "force", path: "forces/essex/" },
  { kind: "response", path: "responses/essex-rocu-effectiveness-2021/" },
  // The inspection report: the longest document, with quoted paragraphs.
  { kind: "source", path: "sources/002_682a47d598012fc3/" },
  { kind: "data", path: "data/" },
  // A page written in content/*.md.
  { kind: "page", path: "methodology/" },
  { kind: "search", path: "search/" },
  // The search page with results on screen (needs JavaScript).
  { kind: "search-results", path: "search/?q=Essex", script: true },
  { kind: "404", path: "no-such-page/", status: 404 },
];

// The reader in the keyboard journeys: a force with a published response.
export const FORCE = { name: "Essex", path: "forces/essex/" };

// A recommendation with a history: Essex's claim and a statement about
// ERSOU, each quoting Essex's letter.
export const HISTORY = { path: "inspections/rocu-effectiveness-2021/recommendations/4/", entries: 2 };

// What the search journeys type, and the page each must find first.
export const SEARCHES = [
  { name: "keyboard-search-force", query: "Essex", first: "forces/essex/" },
  {
    name: "keyboard-search-quotation",
    query: "received assurance from my Chief Constable",
    first: "responses/essex-rocu-effectiveness-2021/",
  },
  // A typing slip: one letter short.
  { name: "keyboard-search-typo", query: "Esex", first: "forces/essex/", shows: "Essex" },
];

// The axe-core rule tags that must pass: WCAG 2.0, 2.1 and 2.2, A and AA.
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// Widths screenshots are taken at: a phone and a desktop.
export const WIDTHS = [390, 1280];
