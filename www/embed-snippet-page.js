// embed-snippet.html: the snippets shown on the page, generated with the chart's own
// description (its alt text) in the iframe's title, the element's fallback text and
// the image's alt. Written as text (textContent), every value escaped for the HTML
// source it becomes. Without JavaScript the page keeps its static snippets.
import init, { renderAltText } from "../pkg/khuyencong_charts.js";

const CHART = { chart: "funding", region: "mien-trung-tay-nguyen", lang: "vi" };

/** Text safe inside a double-quoted attribute or element content of HTML source. */
function escape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

try {
  await init();
  const alt = escape(renderAltText(CHART));
  const origin = location.origin;
  const q = new URLSearchParams(CHART).toString().replace(/&/g, "&amp;");
  const iframe = document.getElementById("snippet-iframe");
  // The iframe element is the snippet's first lines; the listener after it is kept.
  const rest = iframe.textContent.slice(iframe.textContent.indexOf("</iframe>") + "</iframe>".length);
  iframe.textContent =
    `<iframe class="khuyencong-embed"\n  src="${origin}/www/embed.html?${q}"\n  title="${alt}"\n` +
    `  width="100%" height="420" loading="lazy" style="border:0"></iframe>${rest}`;
  document.getElementById("snippet-element").textContent =
    `<script type="module" src="${origin}/pkg/khuyencong-chart.js"></script>\n` +
    `<khuyencong-chart chart="${CHART.chart}" region="${CHART.region}" lang="${CHART.lang}">\n` +
    `  <p class="kc-fallback">${alt}</p>\n</khuyencong-chart>`;
  document.getElementById("snippet-img").textContent = `<img src="khuyencong-${CHART.chart}.png" alt="${alt}" width="800">`;
  document.documentElement.dataset.snippets = "ready";
} catch (e) {
  console.warn(`embed-snippet: the snippets keep their static text. ${e?.message ?? e}`);
  document.documentElement.dataset.snippets = "static";
}
