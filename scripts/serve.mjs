#!/usr/bin/env node
// Tiny dependency-free static server for the demo page and the smoke test.
//
// Serves only the repository's `www/` and `pkg/` folders (everything else is
// 404; `/` redirects to /www/index.html and /favicon.ico is an empty 204), with exact MIME types (application/wasm matters for streaming
// instantiation), `Cache-Control: no-store` and the same strict
// Content-Security-Policy that the page must work under.
//
//   node scripts/serve.mjs            # PORT env or 8080, HOST env or 127.0.0.1
//   import { start } from "./serve.mjs"; const { server, port } = await start(0);

import { createServer } from "node:http";
import { createReadStream, realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// SERVE_ROOT overrides the root (used to try the smoke test on a scratch page).
export const ROOT = path.resolve(
  process.env.SERVE_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), ".."),
);
export const SERVED_DIRS = ["www", "pkg", "pkg-editor"];
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".ico": "image/x-icon",
  ".d.ts": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

function baseHeaders(extra = {}) {
  return {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...extra,
  };
}

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(text + "\n", "utf8");
  res.writeHead(
    status,
    baseHeaders({
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": body.length,
      ...extra,
    }),
  );
  res.end(body);
}

/** Map a request path to a file under ROOT/www or ROOT/pkg, or null. */
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // Reject NUL bytes, backslashes (Windows-style separators) and any `..`
  // segment outright instead of trying to normalise them away.
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === "..")) return null;
  if (segments.length < 1 || !SERVED_DIRS.includes(segments[0])) return null;
  const base = path.join(ROOT, segments[0]);
  const file = path.join(ROOT, ...segments);
  // Belt and braces: the result must stay inside the served folder.
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}

function mimeFor(file) {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith(".d.ts")) return MIME[".d.ts"];
  return MIME[path.extname(name)] || "application/octet-stream";
}

async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "405 Method Not Allowed", { Allow: "GET, HEAD" });
    return;
  }
  let url;
  try {
    url = new URL(req.url, "http://localhost");
  } catch {
    sendText(res, 400, "400 Bad Request");
    return;
  }
  if (url.pathname === "/" || url.pathname === "/index.html") {
    res.writeHead(302, baseHeaders({ Location: "/www/index.html", "Content-Length": 0 }));
    res.end();
    return;
  }
  if (url.pathname === "/favicon.ico") {
    // Browsers ask for it on their own; answer "no icon" instead of a 404 that
    // would show up as a console error (a page can still link its own icon).
    res.writeHead(204, baseHeaders());
    res.end();
    return;
  }
  let file = resolveFile(url.pathname);
  if (!file) {
    sendText(res, 404, "404 Not Found");
    return;
  }
  let st;
  try {
    st = await stat(file);
    if (st.isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        res.writeHead(301, baseHeaders({ Location: url.pathname + "/", "Content-Length": 0 }));
        res.end();
        return;
      }
      file = path.join(file, "index.html");
      st = await stat(file);
    }
    if (!st.isFile()) throw new Error("not a file");
  } catch {
    sendText(res, 404, "404 Not Found");
    return;
  }
  res.writeHead(
    200,
    baseHeaders({ "Content-Type": mimeFor(file), "Content-Length": st.size }),
  );
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the server. Resolves to `{ server, port, url }`; port 0 picks a free
 * port. Call `server.close()` (and `server.closeAllConnections()`) to stop.
 */
export function start(port = 0, host = "127.0.0.1") {
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error("serve.mjs:", err);
      if (!res.headersSent) sendText(res, 500, "500 Internal Server Error");
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const bound = server.address().port;
      resolve({ server, port: bound, url: `http://${host}:${bound}` });
    });
  });
}

function isMainModule() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
const isMain = isMainModule();

if (isMain) {
  const port = Number.parseInt(process.env.PORT ?? "8080", 10);
  const host = process.env.HOST || "127.0.0.1";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: bad PORT ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  start(port, host).then(
    ({ server, port: bound }) => {
      console.log(`Serving ${ROOT}/{www,pkg} at http://${host}:${bound}/`);
      console.log(`Open http://${host}:${bound}/www/index.html  (Ctrl-C to stop)`);
      const stop = () => {
        server.close();
        server.closeAllConnections?.();
        process.exit(0);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (err) => {
      console.error(`serve.mjs: cannot listen on ${host}:${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
