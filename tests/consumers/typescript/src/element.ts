// The element's properties and events are typed on the element, document and window.
import { ready, type KhuyencongChart } from "khuyencong-charts/element";

await ready();
const el: KhuyencongChart = document.createElement("khuyencong-chart");
el.chart = "activities";
el.region = "all";
el.hiddenSeries = ["plan", "region:phia-nam"];
el.pixelRatio = 2;
el.data = { schema_version: 1 };
// @ts-expect-error: not a chart
el.chart = "pie";
el.addEventListener("khuyencong-ready", (e) => e.detail.chart.toSvg());
document.addEventListener("khuyencong-ready", (e) => e.detail.chart.bars().map((b) => b.value));
window.addEventListener("khuyencong-error", (e) => console.warn(e.detail.message, e.detail.problems ?? []));
const handle = document.querySelector("khuyencong-chart")?.handle;
handle?.resize();
export {};
