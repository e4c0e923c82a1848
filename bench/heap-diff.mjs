#!/usr/bin/env node
// What a chart leaves behind: heap snapshots (after forced GCs) of the bench page after
// 20 and after 220 mount/destroy cycles at N=120, and the object kinds that grew
// (count ≥ 100 more, or ≥ 4 KB more).
//
//   PKG_DIR=pkg node bench/heap-diff.mjs
import { chromium } from "playwright-core";
import { startBenchServer, setPkgDir } from "./serve.mjs";
import { CHROMIUM_ARGS } from "../tests/e2e/chromium.mjs";
setPkgDir(process.env.PKG_DIR || "pkg");
const { server, url } = await startBenchServer();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, "--js-flags=--expose-gc"] });
const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
await page.goto(`${url}/bench/pages/ours.html?n=120`);
await page.waitForFunction(() => window.__bench?.marks?.painted, null, { timeout: 60000 });
await page.evaluate(() => window.__bench.destroyInitial());
const cdp = await page.context().newCDPSession(page);
async function snap() {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const chunks = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => chunks.push(e.chunk));
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.removeAllListeners("HeapProfiler.addHeapSnapshotChunk");
  const s = JSON.parse(chunks.join(""));
  const f = s.snapshot.meta.node_fields, nf = f.length;
  const types = s.snapshot.meta.node_types[0];
  const iT = f.indexOf("type"), iN = f.indexOf("name"), iS = f.indexOf("self_size");
  const m = new Map();
  for (let i = 0; i < s.nodes.length; i += nf) {
    const key = types[s.nodes[i + iT]] + ":" + s.strings[s.nodes[i + iN]].slice(0, 60);
    const v = m.get(key) || [0, 0];
    v[0]++; v[1] += s.nodes[i + iS];
    m.set(key, v);
  }
  return m;
}
await page.evaluate((k) => window.__bench.cycles(k), 20);
const a = await snap();
await page.evaluate((k) => window.__bench.cycles(k), 200);
const b = await snap();
const diff = [];
for (const [k, v] of b) { const o = a.get(k) || [0, 0]; if (v[0] - o[0] >= 100 || v[1] - o[1] > 4000) diff.push([k, v[0] - o[0], v[1] - o[1]]); }
diff.sort((x, y) => y[2] - x[2]);
for (const d of diff.slice(0, 25)) console.log(d[1], d[2], d[0]);
await browser.close(); server.close();
