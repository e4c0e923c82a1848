// Static server for the benchmark: bench/ pages, the crate's pkg/ and the
// pinned peers' dist/ folders from node_modules. No CSP (peers like ECharts
// would need 'unsafe-eval'-free builds checked separately), no compression,
// `Cache-Control: no-store`, exact MIME types (application/wasm matters for
// streaming compilation).
//
//   import { startBenchServer } from "./serve.mjs";
//   const { server, url } = await startBenchServer();
//   node bench/serve.mjs            # PORT env or 8090, to look at the pages by hand

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// URL prefix -> folder (relative to ROOT). Nothing else is served.
const MOUNTS = [
  ["/bench/", "bench/"],
  ["/pkg/", "pkg/"],
  ["/node_modules/chart.js/dist/", "node_modules/chart.js/dist/"],
  ["/node_modules/uplot/dist/", "node_modules/uplot/dist/"],
  ["/node_modules/echarts/dist/", "node_modules/echarts/dist/"],
];

// /pkg/ can be served from another folder: PKG_DIR, or setPkgDir() (bench/run.mjs
// serves a snapshot of pkg/, so a rebuild during a run cannot mix two builds).
let pkgDir = process.env.PKG_DIR ? path.resolve(process.env.PKG_DIR) : null;
export function setPkgDir(dir) {
  pkgDir = dir ? path.resolve(dir) : null;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** Map a URL path to a file under one of MOUNTS, or null. */
export function resolveFile(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes("\0") || p.includes("\\") || p.split("/").includes("..")) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (p.startsWith(prefix)) {
      const base = prefix === "/pkg/" && pkgDir ? pkgDir : path.resolve(ROOT, dir);
      const file = path.join(base, p.slice(prefix.length));
      if (file !== base && !file.startsWith(base + path.sep)) return null;
      return file;
    }
  }
  return null;
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  res.end(text + "\n");
}

async function handle(req, res) {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204, { "Cache-Control": "no-store" });
    res.end();
    return;
  }
  const file = resolveFile(url.pathname);
  let st;
  try {
    if (!file) throw new Error("outside");
    st = await stat(file);
    if (!st.isFile()) throw new Error("not a file");
  } catch {
    send(res, 404, "404 Not Found");
    return;
  }
  res.writeHead(200, {
    "Content-Type": MIME[path.extname(file)] || "application/octet-stream",
    "Content-Length": st.size,
    "Cache-Control": "no-store",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).on("error", () => res.destroy()).pipe(res);
}

export function startBenchServer(port = 0, host = "127.0.0.1") {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, "500")));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const bound = server.address().port;
      resolve({ server, port: bound, url: `http://${host}:${bound}` });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8090);
  startBenchServer(port).then(({ url }) => {
    console.log(`bench pages at ${url}/bench/pages/{chartjs,uplot,echarts,ours}.html?n=120&seed=1`);
  });
}
