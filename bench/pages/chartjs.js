// Chart.js 4.6.1 (UMD build, all controllers registered): grouped bars,
// legend, tooltip (default: nearest bar under the pointer), no animation.
import { run } from "/bench/pages/harness.js";
import { SERIES, UNIT, COLORS } from "/bench/data.mjs";

const Chart = window.Chart;

run({
  name: "chartjs",
  prepare: (g) => ({ labels: g.labels, planned: g.planned, spent: g.spent }),
  mount(host, d) {
    const canvas = document.createElement("canvas");
    canvas.width = 800;
    canvas.height = 450;
    host.append(canvas);
    const chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: [
          { label: SERIES.planned, data: d.planned, backgroundColor: COLORS.planned },
          { label: SERIES.spent, data: d.spent, backgroundColor: COLORS.spent },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        devicePixelRatio: 2,
        plugins: { legend: { display: true }, tooltip: { enabled: true } },
        scales: { y: { beginAtZero: true, title: { display: true, text: UNIT } } },
      },
    });
    return { chart, canvas };
  },
  update(h, d) {
    const c = h.chart;
    c.data.labels = d.labels;
    c.data.datasets[0].data = d.planned;
    c.data.datasets[1].data = d.spent;
    c.update("none");
  },
  destroy(h) {
    h.chart.destroy();
    h.canvas.remove();
  },
  barCenters(h, picks) {
    const r = h.canvas.getBoundingClientRect();
    return picks.map(([i, s]) => {
      const el = h.chart.getDatasetMeta(s).data[i];
      return { x: r.left + el.x, y: r.top + (el.y + el.base) / 2 };
    });
  },
  hoverKey: (h) =>
    h.chart.tooltip
      .getActiveElements()
      .map((e) => `${e.datasetIndex}:${e.index}`)
      .join(","),
  tooltipShown: (h) => h.chart.tooltip.getActiveElements().length > 0,
  size(h) {
    const r = h.canvas.getBoundingClientRect();
    return [r.width, r.height];
  },
});
