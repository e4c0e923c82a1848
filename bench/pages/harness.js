// Shared page harness: every contender page imports this and hands it an
// adapter `{ name, setup, prepare, mount, update, destroy, barCenters, size }`.
// The harness times the cold path and exposes `window.__bench` for
// bench/run.mjs. URL parameters: n (categories), seed, plus adapter-specific ones.
//
// "Painted" = the chart call returned and two animation frames have passed
// (the second rAF callback runs after the frame holding the chart was
// produced), read with performance.now(), i.e. milliseconds since navigation
// start.

import { generate } from "/bench/data.mjs";

export const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
export const doubleRaf = () => raf().then(raf);

const SERIES_OF = ["planned", "spent"];

export async function run(adapter) {
  const marks = { moduleStart: performance.now() };
  const mark = (k) => (marks[k] = performance.now());
  const q = new URLSearchParams(location.search);
  const n = Number(q.get("n") || 120);
  const seed = Number(q.get("seed") || 1);
  const root = document.documentElement;
  try {
    await adapter.setup?.(q);
    mark("setupDone");
    const gen = generate(n, seed);
    const data = adapter.prepare(gen, q);
    mark("dataReady");
    const host = document.getElementById("chart");
    let handle = adapter.mount(host, data, gen);
    mark("mountReturned");
    await doubleRaf();
    mark("painted");

    let prepared = [];
    let current = gen;
    window.__bench = {
      name: adapter.name,
      n,
      seed,
      marks,
      size: () => adapter.size(handle),
      /** Build `k` fresh datasets (seeds seed+1…) in the adapter's format; not timed. */
      prepareUpdates(k) {
        prepared = [];
        for (let i = 0; i < k; i++) {
          const g = generate(n, seed + 1 + i);
          prepared.push({ g, d: adapter.prepare(g, q) });
        }
        return prepared.length;
      },
      /**
       * Replace the data up to `k` times (at least 3, then only while under
       * `budgetMs` of wall time), waiting two frames after each so it is
       * painted. Returns the wall time of each synchronous update call.
       */
      async updates(k, budgetMs = Infinity) {
        const wall = [];
        const start = performance.now();
        for (let i = 0; i < k; i++) {
          if (i >= 3 && performance.now() - start > budgetMs) break;
          const { g, d } = prepared[i % prepared.length];
          const t0 = performance.now();
          adapter.update(handle, d, g);
          wall.push(performance.now() - t0);
          current = g;
          await doubleRaf();
        }
        return wall;
      },
      /** The same waits without work: the baseline subtracted from `updates`. */
      async idle(k) {
        for (let i = 0; i < k; i++) await doubleRaf();
        return k;
      },
      /**
       * `count` points (viewport CSS px) at the middle of bars, moving through
       * the bars left to right so every move lands on a different bar.
       */
      hoverPoints(count) {
        const bars = 2 * n;
        const picks = [];
        for (let j = 0; j < count; j++) {
          const b = bars >= count ? Math.floor(((j + 0.5) * bars) / count) : j % bars;
          picks.push([Math.floor(b / 2), b % 2]);
        }
        const pts = adapter.barCenters(handle, picks, current);
        return pts.map((p, j) => ({
          x: Math.round(p.x * 100) / 100,
          y: Math.round(p.y * 100) / 100,
          i: picks[j][0],
          series: SERIES_OF[picks[j][1]],
        }));
      },
      /** Points of the same count over the blank area below the chart (baseline). */
      blankPoints(count) {
        const r = document.getElementById("blank").getBoundingClientRect();
        return Array.from({ length: count }, (_, j) => ({
          x: r.left + 10 + ((j * 7.3) % (r.width - 20)),
          y: r.top + 20 + ((j * 13.7) % (r.height - 40)),
        }));
      },
      /** Unmount the chart from the cold load (before the heap baseline). */
      destroyInitial() {
        if (handle) adapter.destroy(handle);
        handle = null;
        host.replaceChildren();
      },
      /** `k` mount / paint / destroy cycles, each in a fresh container. */
      async cycles(k) {
        for (let i = 0; i < k; i++) {
          const box = document.createElement("div");
          host.append(box);
          const h = adapter.mount(box, data, gen);
          await raf();
          adapter.destroy(h);
          box.remove();
        }
        await doubleRaf();
        return k;
      },
      tooltipShown: () => (handle ? !!adapter.tooltipShown(handle) : false),
      /**
       * What the hover shows now (e.g. the tooltip's text), to count the moves that
       * changed it; null where the adapter can't tell (then every move counts).
       */
      hoverKey: () => (handle && adapter.hoverKey ? adapter.hoverKey(handle) : null),
      extra: () => adapter.extra?.() ?? null,
    };
    root.dataset.bench = "ready";
  } catch (e) {
    window.__benchError = String((e && (e.stack || e.message)) || e);
    root.dataset.bench = "error";
  }
}
