// The reader page: three seed charts mounted here; the test mounts a paired dataset
// into #f-paired itself. Everything a test needs is on window.reader.
import init, { mount } from "../../pkg/index.js";
// The custom element too (its idle reset is tested here).
import "../../pkg/khuyencong-chart.js";

async function main() {
  await init();
  const charts = {
    "f-mttn": mount(document.getElementById("f-mttn"), { chart: "funding", region: "mien-trung-tay-nguyen", lang: "vi" }),
    "f-nam": mount(document.getElementById("f-nam"), { chart: "funding", region: "phia-nam", lang: "vi" }),
    "a-all": mount(document.getElementById("a-all"), { chart: "activities", region: "all", lang: "vi" }),
  };
  window.reader = { mount, charts };
  document.documentElement.dataset.ready = "true";
}

main().catch((e) => {
  document.documentElement.dataset.ready = "error";
  document.documentElement.dataset.error = String(e && e.message);
});
