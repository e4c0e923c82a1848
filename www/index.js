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
  toggle.addEventListener("click", () => {
    const en = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(en));
    toggle.textContent = en ? "Tiếng Việt" : "English";
    root.lang = en ? "en" : "vi";
    for (const { el, handle } of charts) {
      handle.update({ chart: el.dataset.chart, region: el.dataset.region, lang: en ? "en" : "vi" });
    }
  });
  root.dataset.chartsReady = failed ? "error" : "true";
}

main().catch((e) => {
  root.dataset.chartsReady = "error";
  for (const el of document.querySelectorAll(".chart[data-chart]")) showError(el, e);
});
