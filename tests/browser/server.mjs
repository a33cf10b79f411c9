// A static file server for a built site, as GitHub Pages serves a
// project site: the site lives under a sub-path (`/answerable/`), a
// folder is answered with its index.html, a folder named without its
// trailing slash is redirected to it, and anything missing gets the
// site's own 404.html with status 404.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDir(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

// Starts serving `root` at `http://127.0.0.1:<free port><basePath>`.
// Returns { port, origin, close(), requests } where `requests` counts the
// answers by status, for the report.
export async function serve(root, basePath) {
  const requests = new Map();
  const server = createServer(async (req, res) => {
    const answer = (status, body, type, headers = {}) => {
      requests.set(status, (requests.get(status) ?? 0) + 1);
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const notFound = async () => {
      answer(404, await readFile(join(root, "404.html")), TYPES[".html"]);
    };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        return answer(405, "Method not allowed", TYPES[".txt"], { allow: "GET, HEAD" });
      }
      const url = new URL(req.url, "http://127.0.0.1");
      if (!url.pathname.startsWith(basePath)) return await notFound();
      let relative;
      try {
        relative = decodeURIComponent(url.pathname.slice(basePath.length));
      } catch {
        return await notFound();
      }
      const path = normalize(join(root, relative));
      if (path !== root && !path.startsWith(root + sep)) return await notFound();
      if (await isDir(path)) {
        if (!url.pathname.endsWith("/")) {
          return answer(301, "", TYPES[".txt"], { location: `${url.pathname}/${url.search}` });
        }
        const index = join(path, "index.html");
        if (await isFile(index)) return answer(200, await readFile(index), TYPES[".html"]);
        return await notFound();
      }
      if (await isFile(path)) {
        const type = TYPES[extname(path)] ?? "application/octet-stream";
        return answer(200, await readFile(path), type);
      }
      return await notFound();
    } catch (error) {
      answer(500, String(error), TYPES[".txt"]);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
