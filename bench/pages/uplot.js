// uPlot (IIFE build): bars through uPlot.paths.bars (planned left of the
// category centre, spent right of it), static legend, a minimal tooltip
// plugin (uPlot has none built in), no animation (uPlot has none).
import { run } from "/bench/pages/harness.js";
import { SERIES, UNIT, COLORS } from "/bench/data.mjs";

const uPlot = window.uPlot;
const HEIGHT = 421; // canvas + axes; with the legend table below it the chart is 800 × 450
const BAR = 0.4; // each bar takes 40 % of a category's width

const fmt = (v) => v.toLocaleString("en-US", { maximumFractionDigits: 1 });

function tooltip(labels) {
  let tip;
  return {
    hooks: {
      init(u) {
        tip = document.createElement("div");
        tip.style.cssText =
          "position:absolute;pointer-events:none;display:none;background:#fff;border:1px solid #888;" +
          "border-radius:4px;padding:4px 8px;font:12px sans-serif;white-space:nowrap;z-index:10";
        u.over.appendChild(tip);
      },
      setCursor(u) {
        const i = u.cursor.idx;
        if (i == null || u.cursor.left < 0) {
          tip.style.display = "none";
          return;
        }
        const xc = u.valToPos(i, "x");
        const s = u.cursor.left < xc ? 1 : 2;
        tip.textContent = `${labels.current[i]} · ${u.series[s].label}: ${fmt(u.data[s][i])} ${UNIT}`;
        tip.style.display = "block";
        tip.style.left = u.cursor.left + 12 + "px";
        tip.style.top = u.cursor.top + 12 + "px";
      },
    },
  };
}

run({
  name: "uplot",
  prepare: (g) => ({
    labels: g.labels,
    aligned: [Array.from({ length: g.n }, (_, i) => i), g.planned, g.spent],
  }),
  mount(host, d, g) {
    const labels = { current: d.labels };
    const n = g.n;
    const opts = {
      width: 800,
      height: HEIGHT,
      scales: {
        x: { time: false, range: [-0.5, n - 0.5] },
        y: { range: (u, min, max) => [0, max * 1.05] },
      },
      axes: [
        {
          space: 110,
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
          values: (u, splits) => splits.map((v) => labels.current[v] ?? ""),
        },
        { label: UNIT, size: 70 },
      ],
      series: [
        {},
        {
          label: SERIES.planned,
          fill: COLORS.planned,
          stroke: COLORS.planned,
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars({ size: [BAR, Infinity, 1], align: -1 }),
        },
        {
          label: SERIES.spent,
          fill: COLORS.spent,
          stroke: COLORS.spent,
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars({ size: [BAR, Infinity, 1], align: 1 }),
        },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      plugins: [tooltip(labels)],
    };
    const u = new uPlot(opts, d.aligned, host);
    return { u, labels };
  },
  update(h, d) {
    h.labels.current = d.labels;
    h.u.setData(d.aligned);
  },
  destroy(h) {
    h.u.destroy();
  },
  barCenters(h, picks) {
    const { u } = h;
    const r = u.over.getBoundingClientRect();
    const col = u.valToPos(1, "x") - u.valToPos(0, "x");
    return picks.map(([i, s]) => ({
      x: r.left + u.valToPos(i, "x") + (s === 0 ? -1 : 1) * (BAR / 2) * col,
      y: r.top + u.valToPos(u.data[s + 1][i] / 2, "y"),
    }));
  },
  hoverKey: (h) => {
    const tip = h.u.over.lastChild;
    return tip.style.display === "block" ? tip.textContent : "";
  },
  tooltipShown: (h) => h.u.over.lastChild.style.display === "block",
  size(h) {
    const r = h.u.root.getBoundingClientRect();
    return [r.width, r.height];
  },
});
