// Just enough HTML reading for the link crawl: the URLs a page points at
// and the ids it defines. The site's HTML is minified (attribute values
// may be unquoted), so this reads tags the way the HTML syntax does for
// attributes, and decodes character references in their values.

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decode(value) {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

// Every start tag outside <script>, <style> and comments, as
// { name, attributes: Map }.
export function* tags(html) {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1")
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, "$1");
  for (const match of text.matchAll(TAG)) {
    const attributes = new Map();
    for (const a of match[2].matchAll(ATTRIBUTE)) {
      attributes.set(a[1].toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? ""));
    }
    yield { name: match[1].toLowerCase(), attributes };
  }
}

// The URLs an HTML page refers to (href, src, srcset, action, cite, and
// the og:url meta tag's content), unresolved.
export function htmlLinks(html) {
  const links = [];
  for (const { name, attributes } of tags(html)) {
    for (const attribute of ["href", "src", "action", "cite"]) {
      if (attributes.has(attribute)) links.push({ tag: name, attribute, url: attributes.get(attribute) });
    }
    if (attributes.has("srcset")) {
      for (const candidate of attributes.get("srcset").split(",")) {
        const url = candidate.trim().split(/\s+/)[0];
        if (url) links.push({ tag: name, attribute: "srcset", url });
      }
    }
    if (name === "meta" && attributes.get("property") === "og:url") {
      links.push({ tag: name, attribute: "content", url: attributes.get("content") });
    }
  }
  return links;
}

// The ids (and <a name>s) a page defines: the targets of #fragments.
export function htmlIds(html) {
  const ids = new Set();
  for (const { name, attributes } of tags(html)) {
    if (attributes.has("id")) ids.add(attributes.get("id"));
    if (name === "a" && attributes.has("name")) ids.add(attributes.get("name"));
  }
  return ids;
}

// The URLs an XML file (Atom feed, sitemap) refers to: href attributes
// and sitemap <loc> elements.
export function xmlLinks(xml) {
  const links = [];
  for (const m of xml.matchAll(/\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    links.push({ tag: "xml", attribute: "href", url: decode(m[1] ?? m[2]) });
  }
  for (const m of xml.matchAll(/<loc>([^<]*)<\/loc>/g)) {
    links.push({ tag: "loc", attribute: "text", url: decode(m[1].trim()) });
  }
  return links;
}
