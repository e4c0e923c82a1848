// khuyencong-charts: the funding chart over a dataset in the crate's schema
// (one region, one measure, one source, two figures per category: plan and
// actual). Category i has year `yearBase + i` (URL parameter, default 1).
import init, { mount } from "/pkg/khuyencong_charts.js";
import { run } from "/bench/pages/harness.js";

let wasm;
const OPTS = { chart: "funding", region: "bench", lang: "en", pixelRatio: 2 };

function dataset(g, yearBase) {
  const figures = new Array(2 * g.n);
  const source = { file: "bench.txt", quote: "seeded benchmark data" };
  for (let i = 0; i < g.n; i++) {
    const year = yearBase + i;
    figures[2 * i] = {
      id: `b-${i}-plan`, region: "bench", year, months: 12, measure: "total_funding",
      basis: "plan", value: g.planned[i], unit: "million_vnd", source,
    };
    figures[2 * i + 1] = {
      id: `b-${i}-actual`, region: "bench", year, months: 12, measure: "total_funding",
      basis: "actual", value: g.spent[i], unit: "million_vnd", source,
    };
  }
  return {
    schema_version: 1,
    regions: [{ id: "bench", name: { vi: "Miền Trung", en: "Miền Trung" } }],
    measures: [
      { id: "total_funding", unit: "million_vnd", name: { vi: "Tổng kinh phí", en: "Total funding" } },
    ],
    sources: [{ file: "bench.txt", title: { vi: "Dữ liệu thử", en: "Benchmark data" } }],
    figures,
  };
}

run({
  name: "ours",
  async setup() {
    wasm = await init();
  },
  prepare: (g, q) => dataset(g, Number(q.get("yearBase") || 1)),
  mount(host, data) {
    const div = document.createElement("div");
    div.style.width = "800px";
    host.append(div);
    const chart = mount(div, { ...OPTS, data });
    return { chart, div };
  },
  update(h, data) {
    h.chart.update({ ...OPTS, data });
  },
  destroy(h) {
    h.chart.destroy();
    h.div.remove();
  },
  barCenters(h, picks) {
    const canvas = h.div.querySelector("canvas.kc-canvas");
    const r = canvas.getBoundingClientRect();
    const byId = new Map();
    for (const b of h.chart.bars()) byId.set(b.id, b);
    return picks.map(([i, s]) => {
      const b = byId.get(`b-${i}-${s === 0 ? "plan" : "actual"}`);
      if (!b) throw new Error(`bar b-${i}-${s} not drawn`);
      return { x: r.left + b.x + b.w / 2, y: r.top + b.y + b.h / 2 };
    });
  },
  hoverKey: (h) => {
    const tip = h.div.querySelector(".kc-tooltip");
    return tip && !tip.hidden ? tip.textContent : "";
  },
  tooltipShown: (h) => {
    const tip = h.div.querySelector(".kc-tooltip");
    return !!tip && !tip.hidden;
  },
  size(h) {
    return Array.from(h.chart.size());
  },
  extra: () => ({ wasmMemoryBytes: wasm.memory.buffer.byteLength }),
});
