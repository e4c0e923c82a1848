// The hostile page's charts. Everything a test needs is on window.hostile; the
// chart in #c-gc is mounted by the test itself, without keeping its handle.
import init, { mount, validateDataset } from "../../pkg/khuyencong_charts.js";

const FUNDING = { chart: "funding", region: "mien-trung-tay-nguyen", lang: "vi", pixelRatio: 1 };

async function main() {
  await init();
  const charts = {};
  const put = (id, opts = FUNDING) => (charts[id] = mount(document.getElementById(id), opts));
  for (const id of ["c-reset", "c-scale", "c-rot180", "c-rot90", "c-zoom", "c-ltr", "c-rtl", "c-grid", "c-flex", "c-dialog"]) {
    put(id);
  }
  // rotate(90deg) turns the chart about its top-left corner, onto its left: make room.
  const [, h] = charts["c-rot90"].size();
  document.querySelector(".t-rot90").style.marginLeft = `${Math.ceil(h * 0.5) + 10}px`;
  // Shadow DOM: the chart's container lives in an open shadow root.
  const host = document.getElementById("shadow-host");
  const shadow = host.attachShadow({ mode: "open" });
  const inner = document.createElement("div");
  inner.id = "c-shadow";
  inner.style.width = "600px";
  shadow.append(inner);
  charts["c-shadow"] = mount(inner, FUNDING);
  window.hostile = { mount, validateDataset, charts, shadow };
  document.documentElement.dataset.ready = "true";
}

main().catch((e) => {
  document.documentElement.dataset.ready = "error";
  console.error(e);
});
