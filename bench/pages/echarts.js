// ECharts (echarts.common.min.js: the smallest prebuilt bundle with bar,
// grid, legend and tooltip) with the canvas renderer: grouped bars, legend,
// tooltip on the bar under the pointer, animation off, progressive rendering
// off (otherwise large series are drawn over several frames).
import { run } from "/bench/pages/harness.js";
import { SERIES, UNIT, COLORS } from "/bench/data.mjs";

const echarts = window.echarts;

run({
  name: "echarts",
  prepare: (g) => ({ labels: g.labels, planned: g.planned, spent: g.spent }),
  mount(host, d) {
    const div = document.createElement("div");
    div.style.cssText = "width:800px;height:450px";
    host.append(div);
    const ec = echarts.init(div, null, {
      renderer: "canvas",
      devicePixelRatio: 2,
      width: 800,
      height: 450,
    });
    ec.setOption({
      animation: false,
      legend: { top: 8 },
      tooltip: { trigger: "item" },
      grid: { left: 80, right: 24, top: 56, bottom: 40 },
      xAxis: { type: "category", data: d.labels },
      yAxis: { type: "value", name: UNIT },
      series: [
        { name: SERIES.planned, type: "bar", data: d.planned, itemStyle: { color: COLORS.planned }, progressive: 0 },
        { name: SERIES.spent, type: "bar", data: d.spent, itemStyle: { color: COLORS.spent }, progressive: 0 },
      ],
    });
    return { ec, div };
  },
  update(h, d) {
    h.ec.setOption({ xAxis: { data: d.labels }, series: [{ data: d.planned }, { data: d.spent }] });
  },
  destroy(h) {
    h.ec.dispose();
    h.div.remove();
  },
  barCenters(h, picks) {
    const r = h.div.getBoundingClientRect();
    const model = h.ec.getModel();
    return picks.map(([i, s]) => {
      const l = model.getSeriesByIndex(s).getData().getItemLayout(i);
      return { x: r.left + l.x + l.width / 2, y: r.top + l.y + l.height / 2 };
    });
  },
  tooltipShown: (h) =>
    [...h.div.querySelectorAll(":scope > div")].some(
      (el) => el !== h.div.firstChild && getComputedStyle(el).display !== "none" && +getComputedStyle(el).opacity > 0 && el.textContent.length > 0,
    ),
  size(h) {
    const r = h.div.getBoundingClientRect();
    return [r.width, r.height];
  },
});
