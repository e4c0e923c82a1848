// README "webpack": no configuration; the bundle is a classic <script>.
import "khuyencong-charts/element";
import init, { mount } from "khuyencong-charts";

init().then(() => {
  const chart = mount(document.getElementById("api"), { chart: "activities", region: "all", lang: "en" });
  window.__api = { bars: chart.bars().length };
});
