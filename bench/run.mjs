#!/usr/bin/env node
// Benchmark: khuyencong-charts against Chart.js, uPlot and ECharts (canvas),
// in Debian's Chromium driven by playwright-core. See README "## Benchmark".
//
//   node bench/run.mjs                    (scripts/bench.sh does setup + build first)
//
// Env:
//   ROUNDS=5              rounds; each round is a fresh browser (fresh profile)
//   N=12,120,1200,12000   category counts
//   CONTENDERS=chartjs,uplot,echarts,ours   order inside a round (A B C D A B C D …);
//                         also "ours-preload" (same, with modulepreload + wasm preload links)
//   HOVER_MOVES=100       pointer moves per hover measurement
//   HOVER_BASE_MOVES=40   moves over the blank area for the hover baseline
//   HOVER_RAF=0           1: also wait one rAF after every move (slower; each awaited
//                         move already lands in its own frame, as checked with a rAF counter)
//   UPDATES=20            data replacements per update measurement (UPDATES_BIG at N ≥ 10 000)
//   UPDATES_BIG=10
//   UPDATE_BUDGET_MS=3000 stop adding updates (after 3) once this much wall time has passed
//   HEAP_CYCLES=50        mount/destroy cycles for the heap figure
//   HEAP_N=120            the N values at which the heap figure is taken
//   OURS_YEAR_BASE=1      year of the first category in our dataset
//   OUT=bench/results/latest.json
//   SHOTS=1               screenshots of round 1 in bench/results/shots/
//   CHROMIUM=/usr/bin/chromium
//   PKG_DIR=pkg           the build to measure (copied to a temporary folder first)
//
// Every sample runs in its own browser context (no shared cache) and page:
//   cold    performance.now() when the chart call has returned and two
//           animation frames have passed, i.e. ms since navigation start
//           (includes downloading, compiling and initialising the library;
//           for ours the wasm streaming compile + init)
//   hover   renderer main-thread CPU of pointer moves over bars (awaited
//           page.mouse.move, one per frame), minus the same moves over a blank area,
//           per move that changed what the hover shows (`changes`: a move onto the
//           same target, or onto ours' tooltip, which takes the pointer, changes nothing)
//   update  renderer main-thread CPU per data replacement + repaint (two rAF
//           waits each), minus the same waits without the replacement
//   coldCpu CPU of the page's renderer process (all threads, incl. wasm
//           compilation) from its start until the page reported the chart painted
//   heap    JS heap after HEAP_CYCLES mount/paint/destroy cycles minus before (and
//           after as many cycles again minus after the first ones: what is left once the
//           engine has compiled the code, see bench/heap-diff.mjs),
//           both after forced GCs (CDP HeapProfiler.collectGarbage); also DOM
//           node / listener counts, and for ours the wasm linear memory
// CPU time comes from /proc/<pid>/task/<pid>/schedstat (first field, ns on
// CPU) of the renderer process hosting the page: it includes canvas
// rasterisation, which Blink runs after the task (CDP TaskDuration misses it).

import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, mkdirSync, writeFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { startBenchServer, resolveFile, setPkgDir, ROOT } from "./serve.mjs";
import { CHROMIUM_ARGS as BASE_ARGS } from "../tests/e2e/chromium.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const int = (v, d) => (v === undefined || v === "" ? d : Number.parseInt(v, 10));
const CFG = {
  rounds: int(env.ROUNDS, 5),
  ns: (env.N || "12,120,1200,12000").split(",").map((s) => Number.parseInt(s, 10)),
  contenders: (env.CONTENDERS || "chartjs,uplot,echarts,ours").split(","),
  hoverMoves: int(env.HOVER_MOVES, 100),
  hoverBaseMoves: int(env.HOVER_BASE_MOVES, 40),
  hoverRaf: env.HOVER_RAF === "1",
  updates: int(env.UPDATES, 20),
  updatesBig: int(env.UPDATES_BIG, 10),
  updateBudgetMs: int(env.UPDATE_BUDGET_MS, 3000),
  heapCycles: int(env.HEAP_CYCLES, 50),
  heapNs: (env.HEAP_N || "120").split(",").map((s) => Number.parseInt(s, 10)),
  oursYearBase: int(env.OURS_YEAR_BASE, 1),
  out: path.resolve(env.OUT || path.join(HERE, "results", "latest.json")),
  shots: env.SHOTS === "1",
  chromium: env.CHROMIUM || "/usr/bin/chromium",
  readyTimeoutMs: int(env.READY_TIMEOUT_MS, 60000),
};

const CHROMIUM_ARGS = [...BASE_ARGS, "--js-flags=--expose-gc"];

const LABEL = {
  chartjs: "Chart.js",
  uplot: "uPlot",
  echarts: "ECharts",
  ours: "ours",
  "ours-preload": "ours+preload",
};
const VIEWPORT = { width: 1000, height: 1000 };

const log = (...a) => console.error("[bench]", ...a);

// ---------------------------------------------------------------- /proc ---

function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** Page renderer processes (`--type=renderer`) descending from this Node process. */
function ourRenderers() {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(name);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const out = [];
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop();
    for (const c of children.get(pid) || []) {
      stack.push(c);
      let cmd = "";
      try {
        cmd = readFileSync(`/proc/${c}/cmdline`, "utf8");
      } catch {}
      // Each new browser context also starts a `--top-chrome-webui` renderer
      // (browser UI, busy starting up while the page loads): never the page.
      if (cmd.includes("--type=renderer") && !cmd.includes("--top-chrome-webui")) out.push(c);
    }
  }
  return out;
}

/** ns on CPU of a process's main thread (tid == pid). */
function mainThreadCpuNs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return NaN;
  }
}

/**
 * The renderer hosting `page`: the one whose main thread burns a busy loop run
 * in the page, clearly more than any other renderer of ours. Retried with
 * longer loops: on a loaded machine the loop may get little CPU, and a spare
 * renderer Chromium starts in the background may be busy at the same time.
 * Returns `{ pid, ambiguous }`; ambiguous = no clear winner (the best is used).
 */
async function findRenderer(page) {
  let best = null;
  let last = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const pids = ourRenderers();
    const before = new Map(pids.map((p) => [p, mainThreadCpuNs(p)]));
    await page.evaluate((ms) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    }, 150 + 100 * attempt);
    const deltas = pids
      .map((p) => [p, mainThreadCpuNs(p) - before.get(p)])
      .filter(([, d]) => Number.isFinite(d))
      .sort((a, b) => b[1] - a[1]);
    const [first, second] = deltas;
    if (first && first[1] > 50e6 && (!second || first[1] > 2.5 * second[1])) {
      return { pid: first[0], ambiguous: false };
    }
    if (first) best = first[0];
    last = deltas.map(([p, d]) => `${p}: ${(d / 1e6).toFixed(1)} ms`).join(", ");
    await new Promise((r) => setTimeout(r, 300));
  }
  if (best === null) throw new Error("no renderer process found");
  return { pid: best, ambiguous: last };
}

/** ns on CPU of all live threads of a process (main thread separately). */
function processCpuNs(pid) {
  let total = 0;
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      } catch {}
    }
  } catch {
    return { total: NaN, main: NaN };
  }
  return { total, main: mainThreadCpuNs(pid) };
}

async function cpuMs(pid, fn) {
  const a = mainThreadCpuNs(pid);
  const t0 = performance.now();
  const value = await fn();
  const b = mainThreadCpuNs(pid);
  return { cpuMs: (b - a) / 1e6, wallMs: performance.now() - t0, value };
}

// ---------------------------------------------------------------- bytes ---

const gzCache = new Map();
function fileBytes(file) {
  if (!gzCache.has(file)) {
    const raw = statSync(file).size;
    const gz = execFileSync("gzip", ["-9", "-c", file], { maxBuffer: 64 << 20 }).length;
    gzCache.set(file, { raw, gzip: gz });
  }
  return gzCache.get(file);
}

/** Library files a page loaded (pkg/ and node_modules/), with raw and gzip -9 sizes. */
function libraryBytes(urls) {
  const files = [];
  for (const u of new Set(urls)) {
    const p = new URL(u).pathname;
    if (!p.startsWith("/pkg/") && !p.startsWith("/node_modules/")) continue;
    const file = resolveFile(p);
    const kind = p.endsWith(".wasm") ? "wasm" : p.endsWith(".css") ? "css" : "js";
    files.push({ path: p.slice(1), kind, ...fileBytes(file) });
  }
  const sum = (k, f) => files.filter(f).reduce((s, x) => s + x[k], 0);
  const code = (x) => x.kind === "js" || x.kind === "wasm";
  return {
    files,
    raw: sum("raw", code),
    gzip: sum("gzip", code),
    cssRaw: sum("raw", (x) => x.kind === "css"),
    cssGzip: sum("gzip", (x) => x.kind === "css"),
  };
}

// --------------------------------------------------------------- sample ---

const rafInPage = () => new Promise((r) => requestAnimationFrame(() => r()));
const doubleRafInPage = () =>
  new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

async function heapNow(cdp, page) {
  // Two GCs with a pause between: FinalizationRegistry callbacks (wasm-bindgen
  // frees Rust objects there) run as a task after the first.
  await cdp.send("HeapProfiler.collectGarbage");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  await cdp.send("HeapProfiler.collectGarbage");
  const h = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  const extra = await page.evaluate(() => window.__bench.extra());
  return { jsHeapUsed: h.usedSize, jsHeapTotal: h.totalSize, ...dom, ...(extra || {}) };
}

async function sample(browser, base, contender, n, round) {
  const r = { contender, n, round, errors: [], phaseMs: {} };
  let tPhase = performance.now();
  const phase = (name) => {
    const now = performance.now();
    r.phaseMs[name] = Math.round(now - tPhase);
    tPhase = now;
  };
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2 });
  try {
    const page = await ctx.newPage();
    const urls = [];
    page.on("response", (res) => {
      urls.push(res.url());
      if (res.status() >= 400) r.errors.push(`HTTP ${res.status()} ${res.url()}`);
    });
    page.on("requestfailed", (req) => r.errors.push(`request failed: ${req.url()}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") r.errors.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => r.errors.push(`page error: ${e.message}`));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });

    const q = new URLSearchParams({ n: String(n), seed: String(round) });
    if (contender.startsWith("ours")) q.set("yearBase", String(CFG.oursYearBase));
    const nav = await page.goto(`${base}/bench/pages/${contender}.html?${q}`, { waitUntil: "load" });
    if (!nav || nav.status() >= 400) throw new Error(`page: HTTP ${nav?.status()}`);
    await page.waitForFunction(() => document.documentElement.dataset.bench, null, {
      timeout: CFG.readyTimeoutMs,
    });
    const state = await page.evaluate(() => document.documentElement.dataset.bench);
    if (state !== "ready") {
      r.errors.push(`page: ${await page.evaluate(() => window.__benchError)}`);
      return r;
    }
    // CPU the renderers have used so far (read before anything else runs in
    // the page); the page's one is picked once the renderer is identified.
    const coldCpu = new Map(ourRenderers().map((p) => [p, processCpuNs(p)]));
    const info = await page.evaluate(() => ({ marks: window.__bench.marks, size: window.__bench.size() }));
    r.marks = info.marks;
    r.coldMs = info.marks.painted;
    r.size = info.size;
    r.bytes = libraryBytes(urls);
    if (CFG.shots && round === 1) {
      const dir = path.join(HERE, "results", "shots");
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${contender}-${n}.png`) });
    }

    const found = await findRenderer(page);
    const pid = found.pid;
    r.rendererPid = pid;
    if (found.ambiguous) r.rendererAmbiguous = found.ambiguous;
    const cc = coldCpu.get(pid);
    if (cc) {
      r.coldCpuMs = cc.total / 1e6;
      r.coldMainCpuMs = cc.main / 1e6;
    }
    phase("load");

    // Hover: baseline over the blank area, then the same number of moves over bars.
    const moves = CFG.hoverMoves;
    const pts = await page.evaluate((k) => window.__bench.hoverPoints(k), moves);
    const baseMoves = Math.max(1, CFG.hoverBaseMoves);
    const blank = await page.evaluate((k) => window.__bench.blankPoints(k), baseMoves);
    // Each walk reads what the hover shows after every move (the same read over the
    // blank area): a move that lands on the same target as the last one, or on a
    // tooltip that takes the pointer (ours does, so that it can be read), changes
    // nothing, and the CPU is divided by the moves that changed what is shown.
    const walk = async (list) => {
      let last = await page.evaluate(() => window.__bench.hoverKey());
      let changed = 0;
      for (const p of list) {
        // Awaiting the move waits for the renderer's ack, so the next move
        // lands in a later frame: no coalescing, one hover update per move.
        await page.mouse.move(p.x, p.y);
        if (CFG.hoverRaf) await page.evaluate(rafInPage);
        const key = await page.evaluate(() => window.__bench.hoverKey());
        if (key === null || key !== last) changed++;
        last = key;
      }
      await page.evaluate(doubleRafInPage);
      return changed;
    };
    await page.mouse.move(blank[0].x, blank[0].y);
    await page.evaluate(doubleRafInPage);
    const hb = await cpuMs(pid, () => walk(blank));
    const hv = await cpuMs(pid, () => walk(pts));
    const changes = Math.max(1, hv.value);
    r.hover = {
      moves,
      changes: hv.value,
      grossMsPerOp: hv.cpuMs / moves,
      baseMsPerOp: hb.cpuMs / baseMoves,
      // Per move that changed what is shown (all the moves' CPU over the baseline).
      msPerOp: (hv.cpuMs - (hb.cpuMs / baseMoves) * moves) / changes,
      wallMs: hv.wallMs,
      tooltipShown: await page.evaluate(() => window.__bench.tooltipShown()),
      firstPoints: pts.slice(0, 3),
    };
    if (CFG.shots && round === 1) {
      await page.screenshot({ path: path.join(HERE, "results", "shots", `${contender}-${n}-hover.png`) });
    }
    await page.mouse.move(blank[0].x, blank[0].y);
    await page.evaluate(doubleRafInPage);
    phase("hover");

    // Update: K data replacements, then the same frame waits without work (baseline).
    const kMax = n >= 10000 ? CFG.updatesBig : CFG.updates;
    await page.evaluate((kk) => window.__bench.prepareUpdates(kk), kMax);
    const uv = await cpuMs(pid, () =>
      page.evaluate(([kk, b]) => window.__bench.updates(kk, b), [kMax, CFG.updateBudgetMs]),
    );
    const k = uv.value.length;
    const ub = await cpuMs(pid, () => page.evaluate((kk) => window.__bench.idle(kk), k));
    const wall = uv.value.slice().sort((a, b) => a - b);
    r.update = {
      ops: k,
      grossMsPerOp: uv.cpuMs / k,
      baseMsPerOp: ub.cpuMs / k,
      msPerOp: (uv.cpuMs - ub.cpuMs) / k,
      callWallMedianMs: wall[Math.floor(wall.length / 2)],
    };
    phase("update");
    // Two frames per update cost the page's renderer well over 0.2 ms of CPU:
    // less means the CPU was read from another process.
    if (!(r.update.grossMsPerOp > 0.2 && r.update.baseMsPerOp > 0.1)) {
      r.errors.push(
        `runner: renderer ${pid} looks wrong (update gross ${r.update.grossMsPerOp.toFixed(3)} ms/op, ` +
          `baseline ${r.update.baseMsPerOp.toFixed(3)} ms/op${found.ambiguous ? `; candidates ${found.ambiguous}` : ""})`,
      );
    }

    // Heap: unmount, GC, measure; HEAP_CYCLES mount/paint/destroy; GC, measure.
    if (CFG.heapNs.includes(n) && CFG.heapCycles > 0) {
      await page.evaluate(() => window.__bench.destroyInitial());
      await page.evaluate(doubleRafInPage);
      const before = await heapNow(cdp, page);
      const t0 = performance.now();
      await page.evaluate((c) => window.__bench.cycles(c), CFG.heapCycles);
      const cyclesMs = performance.now() - t0;
      const after = await heapNow(cdp, page);
      const delta = {};
      for (const key of Object.keys(after)) delta[key] = after[key] - before[key];
      // The same number of cycles again: what a chart leaves once the code is compiled
      // (the first cycles also leave the engine's optimised code, which is no leak).
      await page.evaluate((c) => window.__bench.cycles(c), CFG.heapCycles);
      const again = await heapNow(cdp, page);
      const steady = {};
      for (const key of Object.keys(again)) steady[key] = again[key] - after[key];
      r.heap = { cycles: CFG.heapCycles, before, after, delta, again, steady, cyclesWallMs: cyclesMs };
      phase("heap");
    }
  } catch (e) {
    r.errors.push(`runner: ${e.stack || e.message || e}`);
  } finally {
    await ctx.close().catch(() => {});
  }
  return r;
}

// -------------------------------------------------------------- summary ---

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

function summarise(samples) {
  const out = {};
  for (const c of CFG.contenders) {
    out[c] = { byN: {} };
    const mine = samples.filter((s) => s.contender === c && !s.failed);
    const b = mine.find((s) => s.bytes)?.bytes;
    out[c].bytes = b ? { raw: b.raw, gzip: b.gzip, cssRaw: b.cssRaw, cssGzip: b.cssGzip, files: b.files } : null;
    for (const n of CFG.ns) {
      const at = mine.filter((s) => s.n === n);
      const get = (f) => median(at.map(f));
      out[c].byN[n] = {
        samples: at.length,
        coldMs: get((s) => s.coldMs),
        coldMin: Math.min(...at.map((s) => s.coldMs).filter(Number.isFinite)),
        coldMax: Math.max(...at.map((s) => s.coldMs).filter(Number.isFinite)),
        coldCpuMs: get((s) => s.coldCpuMs),
        coldMainCpuMs: get((s) => s.coldMainCpuMs),
        updateMs: get((s) => s.update?.msPerOp),
        updateGrossMs: get((s) => s.update?.grossMsPerOp),
        updateCallWallMs: get((s) => s.update?.callWallMedianMs),
        hoverMs: get((s) => s.hover?.msPerOp),
        hoverGrossMs: get((s) => s.hover?.grossMsPerOp),
        hoverTooltipShown: at.every((s) => s.hover?.tooltipShown),
        heapDeltaBytes: get((s) => s.heap?.delta.jsHeapUsed),
        heapSteadyBytes: get((s) => s.heap?.steady?.jsHeapUsed),
        domNodesDelta: get((s) => s.heap?.delta.nodes),
        listenersDelta: get((s) => s.heap?.delta.jsEventListeners),
        wasmMemoryDeltaBytes: get((s) => s.heap?.delta.wasmMemoryBytes),
        size: at[0]?.size ?? null,
        marks: Object.fromEntries(
          Object.keys(at[0]?.marks || {}).map((k) => [k, get((s) => s.marks?.[k])]),
        ),
      };
    }
  }
  return out;
}

const fmt = (v, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(d));
const kb = (v) => (v === null || v === undefined ? "–" : (v / 1024).toFixed(1));
const ratio = (a, b) => (a == null || b == null || !b ? "–" : `${(a / b).toFixed(2)}×`);
const ms = (v) => (v == null ? "–" : v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));

function table(summary) {
  const cs = CFG.contenders;
  const L = [];
  const row = (cells) => L.push(`| ${cells.join(" | ")} |`);
  const head = (cells) => {
    row(cells);
    row(cells.map(() => "---"));
  };
  const hasOurs = cs.includes("ours") && cs.includes("chartjs");

  L.push("Bytes (JS + wasm the page loaded; gzip -9 per file):", "");
  head(["contender", "files", "raw KiB", "gzip KiB", ...(hasOurs ? ["÷ Chart.js (gzip)"] : [])]);
  for (const c of cs) {
    const b = summary[c].bytes;
    row([
      LABEL[c],
      b ? b.files.filter((f) => f.kind !== "css").map((f) => path.basename(f.path)).join(", ") : "–",
      kb(b?.raw),
      kb(b?.gzip),
      ...(hasOurs ? [ratio(b?.gzip, summary.chartjs.bytes?.gzip)] : []),
    ]);
  }

  const css = cs.filter((c) => summary[c].bytes?.cssRaw);
  if (css.length) {
    L.push(
      "",
      `Also loaded, not counted: ${css
        .map((c) => `${LABEL[c]} CSS ${kb(summary[c].bytes.cssRaw)} KiB (${kb(summary[c].bytes.cssGzip)} KiB gzip)`)
        .join("; ")}.`,
    );
  }

  const perN = (title, key, unit, ref = "chartjs", extraRef = null) => {
    L.push("", `${title} (${unit}, median):`, "");
    const cols = ["N", ...cs.map((c) => LABEL[c])];
    if (cs.includes("ours") && cs.includes(ref)) cols.push(`ours ÷ ${LABEL[ref]}`);
    if (extraRef && cs.includes("ours") && cs.includes(extraRef)) cols.push(`ours ÷ ${LABEL[extraRef]}`);
    head(cols);
    for (const n of CFG.ns) {
      const cells = [String(n), ...cs.map((c) => ms(summary[c].byN[n][key]))];
      if (cs.includes("ours") && cs.includes(ref))
        cells.push(ratio(summary.ours.byN[n][key], summary[ref].byN[n][key]));
      if (extraRef && cs.includes("ours") && cs.includes(extraRef))
        cells.push(ratio(summary.ours.byN[n][key], summary[extraRef].byN[n][key]));
      row(cells);
    }
  };
  perN("Cold: navigation start → chart painted", "coldMs", "ms");
  perN(
    "Cold CPU: the page's renderer process, all threads, from its start to the chart painted (steadier than wall time on a busy machine)",
    "coldCpuMs",
    "ms",
  );
  perN("Update: replace data + repaint, renderer main-thread CPU per update", "updateMs", "ms");
  perN("Hover: renderer main-thread CPU per pointer move over bars that changed what is shown", "hoverMs", "ms", "chartjs", "uplot");

  const heapNs = CFG.heapNs.filter((n) => CFG.ns.includes(n));
  for (const n of heapNs) {
    L.push("", `Heap after ${CFG.heapCycles} mount/destroy cycles at N = ${n} (after − before, forced GC, median):`, "");
    head(["contender", "JS heap Δ KiB", "next cycles' Δ KiB", "DOM nodes Δ", "listeners Δ", "wasm memory Δ KiB"]);
    for (const c of cs) {
      const s = summary[c].byN[n];
      row([
        LABEL[c],
        kb(s.heapDeltaBytes),
        s.heapSteadyBytes == null ? "–" : kb(s.heapSteadyBytes),
        fmt(s.domNodesDelta, 0),
        fmt(s.listenersDelta, 0),
        s.wasmMemoryDeltaBytes == null ? "–" : kb(s.wasmMemoryDeltaBytes),
      ]);
    }
  }
  return L.join("\n");
}

function targets(summary) {
  const cs = CFG.contenders;
  if (!["chartjs", "uplot", "ours"].every((c) => cs.includes(c))) return [];
  const o = summary.ours;
  const cj = summary.chartjs;
  const up = summary.uplot;
  const t = [];
  const check = (name, value, limit, detail) =>
    t.push({ target: name, value, limit, met: value != null && limit != null && value <= limit, detail });
  // Issue #11's targets.
  check("gzip bytes ≤ 1.0 × Chart.js", o.bytes?.gzip, cj.bytes && cj.bytes.gzip, "bytes");
  if (CFG.ns.includes(12)) check("cold at N=12 ≤ 0.8 × Chart.js", o.byN[12].coldMs, 0.8 * cj.byN[12].coldMs, "ms");
  if (CFG.ns.includes(120)) check("cold at N=120 ≤ 1.0 × Chart.js", o.byN[120].coldMs, cj.byN[120].coldMs, "ms");
  for (const n of CFG.ns.filter((x) => x <= 1200))
    check(`update at N=${n} ≤ 1.0 × Chart.js`, o.byN[n].updateMs, cj.byN[n].updateMs, "ms");
  if (CFG.ns.includes(12000))
    check("update at N=12000 ≤ 0.5 × Chart.js", o.byN[12000].updateMs, 0.5 * cj.byN[12000].updateMs, "ms");
  for (const n of CFG.ns) check(`hover at N=${n} ≤ uPlot`, o.byN[n].hoverMs, up.byN[n].hoverMs, "ms");
  const hv = CFG.ns.map((n) => o.byN[n].hoverMs).filter((v) => v != null);
  if (hv.length > 1) {
    t.push({
      target: "hover flat in N (max ÷ min over N ≤ 1.3)",
      value: Math.max(...hv) / Math.min(...hv),
      limit: 1.3,
      met: Math.max(...hv) / Math.min(...hv) <= 1.3,
      detail: "ratio",
    });
  }
  for (const n of CFG.heapNs.filter((x) => CFG.ns.includes(x))) {
    const peers = ["chartjs", "uplot", "echarts"].filter((c) => cs.includes(c)).map((c) => summary[c].byN[n].heapDeltaBytes);
    const ours = o.byN[n].heapDeltaBytes;
    const limit = Math.max(...peers.filter((v) => v != null));
    t.push({ target: `heap Δ at N=${n} ≤ the peers' largest`, value: ours, limit, met: ours != null && ours <= limit, detail: "bytes" });
  }
  return t;
}

function machine() {
  let cpu = "unknown";
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {}
  let chromiumVersion = "unknown";
  try {
    chromiumVersion = execFileSync(CFG.chromium, ["--version"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {}
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return null;
    }
  };
  let git = null;
  try {
    git = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {}
  let pkgBuild = null;
  try {
    const st = statSync(path.join(env.PKG_DIR ? path.resolve(env.PKG_DIR) : path.join(ROOT, "pkg"), "khuyencong_charts_bg.wasm"));
    pkgBuild = { wasmBytes: st.size, built: st.mtime.toISOString() };
  } catch {}
  return {
    git,
    pkg: pkgBuild,
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    chromium: chromiumVersion,
    node: process.version,
    loadavg: os.loadavg(),
    versions: { "chart.js": pkg("chart.js"), uplot: pkg("uplot"), echarts: pkg("echarts"), "playwright-core": pkg("playwright-core") },
  };
}

function busyProcesses() {
  // Other CPU-heavy processes at the start (e.g. a fuzzer): noted in the results.
  try {
    return execFileSync("ps", ["-eo", "pcpu,comm", "--sort=-pcpu"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .split("\n")
      .slice(1, 6)
      .map((l) => l.trim())
      .filter((l) => l && Number.parseFloat(l) >= 20);
  } catch {
    return [];
  }
}

// ----------------------------------------------------------------- main ---

async function main() {
  for (const c of CFG.contenders) {
    try {
      statSync(path.join(HERE, "pages", `${c}.html`));
    } catch {
      throw new Error(`CONTENDERS: no page bench/pages/${c}.html`);
    }
  }
  const started = new Date();
  const t0 = performance.now();
  const m = machine();
  const busy = busyProcesses();
  log(`${CFG.rounds} round(s), N = ${CFG.ns.join(", ")}, contenders ${CFG.contenders.join(" ")}`);
  log(`${m.nproc} cores, ${m.cpu}, ${m.chromium}; load ${m.loadavg.map((x) => x.toFixed(2)).join(" ")}`);
  if (busy.length) log(`busy at start: ${busy.join("; ")}`);

  // Serve a snapshot of pkg/: a rebuild during the run must not mix two builds.
  const snap = mkdtempSync(path.join(os.tmpdir(), "kc-bench-pkg-"));
  const pkgSrc = env.PKG_DIR ? path.resolve(env.PKG_DIR) : path.join(ROOT, "pkg");
  // Every .js/.wasm file, snippets/ (wasm-bindgen's inline JS) included.
  const copyTree = (from, to) => {
    for (const e of readdirSync(from, { withFileTypes: true })) {
      if (e.isDirectory()) {
        mkdirSync(path.join(to, e.name), { recursive: true });
        copyTree(path.join(from, e.name), path.join(to, e.name));
      } else if (/\.(js|wasm)$/.test(e.name)) copyFileSync(path.join(from, e.name), path.join(to, e.name));
    }
  };
  copyTree(pkgSrc, snap);
  setPkgDir(snap);
  try {
    const wasm = readFileSync(path.join(snap, "khuyencong_charts_bg.wasm"));
    m.pkg = { ...m.pkg, wasmBytes: wasm.length, sha256: createHash("sha256").update(wasm).digest("hex").slice(0, 16) };
  } catch {}
  const cleanup = () => rmSync(snap, { recursive: true, force: true });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  }

  const { server, url } = await startBenchServer();
  const samples = [];
  try {
    for (let round = 1; round <= CFG.rounds; round++) {
      const browser = await chromium.launch({
        executablePath: CFG.chromium,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        for (const n of CFG.ns) {
          for (const c of CFG.contenders) {
            const s = await sample(browser, url, c, n, round);
            s.failed = s.coldMs === undefined || s.errors.some((e) => !e.startsWith("console warning"));
            samples.push(s);
            log(
              `round ${round} N=${n} ${c.padEnd(7)} cold ${fmt(s.coldMs)} ms, update ${ms(s.update?.msPerOp)} ms,` +
                ` hover ${ms(s.hover?.msPerOp)} ms (${s.hover?.changes}/${s.hover?.moves} moves changed it)${s.hover && !s.hover.tooltipShown ? " (no tooltip!)" : ""}` +
                (s.heap ? `, heap Δ ${kb(s.heap.delta.jsHeapUsed)} KiB` : "") +
                (s.errors.length ? `\n    ${s.errors.slice(0, 4).join("\n    ")}` : ""),
            );
          }
        }
      } finally {
        await browser.close().catch(() => {});
      }
    }
  } finally {
    server.close();
    server.closeAllConnections?.();
    cleanup();
  }

  const summary = summarise(samples);
  const text = table(summary);
  const tg = targets(summary);
  const elapsed = (performance.now() - t0) / 1000;
  const date = started.toISOString().slice(0, 10);
  console.log(
    `\nkhuyencong-charts benchmark, ${date}: ${m.nproc} × ${m.cpu}, ${m.chromium}, ` +
      `${CFG.rounds} round(s), ${elapsed.toFixed(0)} s${busy.length ? `; busy at start: ${busy.join("; ")}` : ""}\n`,
  );
  console.log(text);
  if (tg.length) {
    console.log("\nTargets:\n");
    for (const t of tg) {
      const v = t.detail === "bytes" ? `${kb(t.value)} KiB` : t.detail === "ratio" ? fmt(t.value, 2) : `${ms(t.value)} ms`;
      const l = t.detail === "bytes" ? `${kb(t.limit)} KiB` : t.detail === "ratio" ? fmt(t.limit, 2) : `${ms(t.limit)} ms`;
      const by = t.value != null && t.limit ? ` (${(t.value / t.limit).toFixed(2)}× the limit)` : "";
      console.log(`- ${t.met ? "met   " : "MISSED"} ${t.target}: ${v} vs ${l}${t.met ? "" : by}`);
    }
  }
  const failed = samples.filter((s) => s.failed);
  if (failed.length) console.log(`\n${failed.length} sample(s) failed; see ${path.relative(process.cwd(), CFG.out)}`);

  mkdirSync(path.dirname(CFG.out), { recursive: true });
  writeFileSync(
    CFG.out,
    JSON.stringify(
      { date: started.toISOString(), elapsedSeconds: elapsed, machine: m, busyAtStart: busy, config: CFG, summary, targets: tg, table: text, samples },
      null,
      1,
    ) + "\n",
  );
  log(`wrote ${path.relative(process.cwd(), CFG.out)} (${elapsed.toFixed(0)} s)`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
