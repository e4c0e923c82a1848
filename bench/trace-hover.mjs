#!/usr/bin/env node
// Where a hover's main-thread time goes, by trace event (style, layout, paint, script…):
// a Chromium trace of HOVER pointer moves over the bench page at N categories.
//
//   PKG_DIR=pkg N=1200 HOVER=100 node bench/trace-hover.mjs
//   STRIP=.kc-key  (remove the elements matching this selector first: what they cost)
import { chromium } from "playwright-core";
import { startBenchServer, setPkgDir } from "./serve.mjs";
import { CHROMIUM_ARGS } from "../tests/e2e/chromium.mjs";

const env = process.env;
const N = Number(env.N || 1200);
const HOVER = Number(env.HOVER || 100);
if (env.PKG_DIR) setPkgDir(env.PKG_DIR);
const { server, url } = await startBenchServer();
const browser = await chromium.launch({ executablePath: env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${url}/bench/pages/ours.html?n=${N}`);
  await page.waitForFunction(() => window.__bench?.marks?.painted, null, { timeout: 60000 });
  if (env.STRIP) await page.evaluate((s) => document.querySelectorAll(s).forEach((e) => e.remove()), env.STRIP);
  // STYLE='.kc-keys{contain:strict}' : a rule added to the page (what a style would save)
  if (env.STYLE) await page.evaluate((css) => { const s = document.createElement("style"); s.textContent = css; document.head.append(s); }, env.STYLE);
  const pts = await page.evaluate((k) => window.__bench.hoverPoints(k), HOVER);
  const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  await page.mouse.move(pts[0].x, pts[0].y);
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  for (const p of pts) await page.mouse.move(p.x, p.y);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const buf = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buf.toString());
  const main = traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const sum = new Map();
  for (const e of traceEvents) {
    if (e.ph !== "X" || !main || e.pid !== main.pid || e.tid !== main.tid) continue;
    sum.set(e.name, (sum.get(e.name) || 0) + (e.dur || 0) / 1000);
  }
  if (env.SHOW) {
    // The events named SHOW (e.g. Layout), a few, with their arguments.
    const shown = traceEvents.filter((e) => e.name === env.SHOW && e.pid === main?.pid && e.tid === main?.tid);
    for (const e of shown.slice(0, Number(env.SHOW_N || 6))) console.log(((e.dur || 0) / 1000).toFixed(3), JSON.stringify(e.args).slice(0, 400));
  }
  if (env.NEST) {
    // Where style and layout run: inside which enclosing event (forced) or on their own.
    const mine = traceEvents.filter((e) => e.ph === "X" && e.pid === main?.pid && e.tid === main?.tid);
    const outer = mine.filter((e) => ["FunctionCall", "FireAnimationFrame", "EventDispatch", "TimerFire", "RunMicrotasks"].includes(e.name));
    const inside = new Map();
    for (const e of mine.filter((e) => ["Layout", "UpdateLayoutTree", "Paint", "Layerize", "PrePaint", "HitTest"].includes(e.name))) {
      const o = outer.filter((o) => o.ts <= e.ts && e.ts < o.ts + o.dur).sort((a, b) => a.dur - b.dur)[0];
      const key = `${e.name} in ${o ? o.name : "the frame"}`;
      inside.set(key, (inside.get(key) || 0) + (e.dur || 0) / 1000);
    }
    for (const [k, ms] of [...inside].sort((a, b) => b[1] - a[1])) console.log(`${(ms / HOVER).toFixed(3).padStart(8)}  ${k}`);
  }
  const rows = [...sum].sort((a, b) => b[1] - a[1]).slice(0, Number(env.TOP || 20));
  console.log(`N=${N}, ${HOVER} moves, ${nodes} elements${env.STRIP ? `, stripped ${env.STRIP}` : ""}: inclusive ms per move by event`);
  for (const [name, ms] of rows) console.log(`${(ms / HOVER).toFixed(3).padStart(8)}  ${name}`);
} finally {
  await browser.close();
  server.close();
}
