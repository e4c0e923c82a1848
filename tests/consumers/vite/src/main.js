// README "Vite": the element, the ES API, and a dataset object set as a property.
import "khuyencong-charts/element";
import init, { mount } from "khuyencong-charts";
import dataset from "./dataset.json";

document.getElementById("custom").data = dataset;

init().then(() => {
  const chart = mount(document.getElementById("api"), { chart: "activities", region: "all", lang: "en" });
  chart.update({ chart: "activities", region: "phia-nam", lang: "vi" });
  window.__api = { bars: chart.bars().length };
});
