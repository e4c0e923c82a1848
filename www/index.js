// Gallery bootstrap: mounts every chart on the page from its data attributes.
import init, { mount } from "../pkg/khuyencong_charts.js";

const root = document.documentElement;

// The chart could not be drawn: say so above the container's fallback table,
// which stays (every figure, readable without the chart).
function showError(el, error) {
  // mount() already put its own message (.kc-error) in the container.
  if (el.querySelector(":scope > .kc-error")) return;
  const p = document.createElement("p");
  p.className = "chart-error";
  p.setAttribute("role", "alert");
  p.textContent = `Không vẽ được biểu đồ: ${error.message ?? error}`;
  el.querySelector(":scope > .chart-error")?.remove();
  el.prepend(p);
}

async function main() {
  await init();
  const charts = [];
  let failed = false;
  for (const el of document.querySelectorAll(".chart[data-chart]")) {
    try {
      charts.push({
        el,
        handle: mount(el, { chart: el.dataset.chart, region: el.dataset.region, lang: "vi" }),
      });
    } catch (e) {
      failed = true;
      showError(el, e);
    }
  }
  const toggle = document.getElementById("lang-toggle");
  const view = document.getElementById("view-toggle");
  const scale = document.getElementById("scale-toggle");
  const pressed = (b) => b.getAttribute("aria-pressed") === "true";
  // Every chart redrawn with the page's choices: language, the funding charts' "% of
  // plan" view, the activities chart's one shared scale (each chart ignores the other's).
  const redraw = () => {
    const en = pressed(toggle);
    toggle.textContent = en ? "Tiếng Việt" : "English";
    view.textContent = en ? "Funding: % of plan" : "Kinh phí: % kế hoạch";
    scale.textContent = en ? "Activities: one shared scale" : "Hoạt động: chung một thang đo";
    root.lang = en ? "en" : "vi";
    for (const { el, handle } of charts) {
      handle.update({
        chart: el.dataset.chart,
        region: el.dataset.region,
        lang: en ? "en" : "vi",
        view: pressed(view) ? "share" : "amounts",
        scale: pressed(scale) ? "shared" : "own",
      });
    }
  };
  for (const b of [toggle, view, scale]) {
    b.addEventListener("click", () => {
      b.setAttribute("aria-pressed", String(!pressed(b)));
      redraw();
    });
  }
  root.dataset.chartsReady = failed ? "error" : "true";
}

main().catch((e) => {
  root.dataset.chartsReady = "error";
  for (const el of document.querySelectorAll(".chart[data-chart]")) showError(el, e);
});
