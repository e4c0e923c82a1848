#!/usr/bin/env node
// Where our update and cold start spend their time: a CDP CPU profile of the bench
// page (bench/pages/ours.html) over UPDATES data replacements at N categories, self
// time summed by function (wasm functions by name: build with PROFILING=1, i.e.
// `wasm-pack build --profiling`, into PKG_DIR).
//
//   PKG_DIR=/tmp/pkg-prof N=120 UPDATES=40 node bench/profile.mjs
//   PKG_DIR=/tmp/pkg-prof N=1200 HOVER=100 node bench/profile.mjs   (pointer moves instead)
//   COLD=1        the page load (navigation to painted) instead
//   INCLUSIVE=1   time with callees (a function's whole cost) instead of self time
import { chromium } from "playwright-core";
import { startBenchServer, setPkgDir } from "./serve.mjs";
import { CHROMIUM_ARGS } from "../tests/e2e/chromium.mjs";

const env = process.env;
const N = Number(env.N || 120);
const UPDATES = Number(env.UPDATES || 40);
const TOP = Number(env.TOP || 25);
if (env.PKG_DIR) setPkgDir(env.PKG_DIR);
const { server, url } = await startBenchServer();
const browser = await chromium.launch({ executablePath: env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  const COLD = env.COLD === "1";
  // COLD=1: the page load itself, from navigation to the chart painted.
  if (COLD) await cdp.send("Profiler.start");
  await page.goto(`${url}/bench/pages/ours.html?n=${N}`);
  await page.waitForFunction(() => window.__bench?.marks?.painted, null, { timeout: 60000 });
  const HOVER = Number(env.HOVER || 0);
  let pts = [];
  if (HOVER) pts = await page.evaluate((k) => window.__bench.hoverPoints(k), HOVER);
  else await page.evaluate((k) => window.__bench.prepareUpdates(k), UPDATES);
  if (!COLD) {
    await cdp.send("Profiler.start");
    if (HOVER) for (const p of pts) await page.mouse.move(p.x, p.y);
    else await page.evaluate((k) => window.__bench.updates(k), UPDATES);
  }
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const count = new Map();
  for (const s of profile.samples) count.set(s, (count.get(s) || 0) + 1);
  let total = 0;
  const avg = dt.reduce((a, b) => a + b, 0) / Math.max(1, dt.length) / 1000;
  for (const [id, c] of count) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split("/").pop() || "program"})`;
    if (name === "(idle)" || name === "(program)") continue;
    self.set(name, (self.get(name) || 0) + c * avg);
    total += c * avg;
  }
  if (env.INCLUSIVE) {
    // Inclusive: each sample counts once for every distinct function on its stack.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    self.clear();
    for (const [id, c] of count) {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at);
        const name = n.callFrame.functionName || `(${n.callFrame.url.split("/").pop() || "program"})`;
        if (seen.has(name) || name === "(root)") continue;
        seen.add(name);
        self.set(name, (self.get(name) || 0) + c * avg);
      }
    }
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  const ops = COLD ? 1 : HOVER || UPDATES;
  const what = COLD ? "page load" : HOVER ? "pointer moves" : "updates";
  console.log(`N=${N}, ${ops} ${what}: ${(total / ops).toFixed(2)} ms sampled CPU each (self time by function, ms each):`);
  for (const [name, ms] of rows) console.log(`${(ms / ops).toFixed(3).padStart(8)}  ${name.slice(0, 110)}`);
} finally {
  await browser.close();
  server.close();
}
