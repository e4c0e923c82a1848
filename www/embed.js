// Iframe embed: embed.html?chart=…&region=…&lang=…[&theme=…][&pixelRatio=…]
// renders one <khuyencong-chart> filling the frame and tells the parent page
// its height: parent.postMessage({ type: "khuyencong-height", height }, "*").
// Only a number leaves the frame, so "*" as target origin leaks nothing.
// Optional [&hidden=plan+region:phia-nam][&selected=2017]: the reader's view
// (series switched off in the legend, the bar or year tapped) is written back
// into the URL (history.replaceState), so the address links to what the reader
// sees; a hidden or selected value naming nothing on the chart is ignored with a
// console note.
import "../pkg/khuyencong-chart.js";

const PARAMS = [
  ["chart", "chart"],
  ["region", "region"],
  ["lang", "lang"],
  ["theme", "theme"],
  ["pixelRatio", "pixel-ratio"],
  ["pixel-ratio", "pixel-ratio"],
];

const query = new URLSearchParams(location.search);
const lang = query.get("lang") === "en" ? "en" : "vi";
document.documentElement.lang = lang;

const el = document.createElement("khuyencong-chart");
for (const [param, attr] of PARAMS) {
  const v = query.get(param);
  if (v !== null) el.setAttribute(attr, v);
}
const hiddenParam = query.get("hidden");
if (hiddenParam !== null && hiddenParam.trim() !== "") el.setAttribute("hidden-series", hiddenParam.trim());
const selectedParam = query.get("selected");
if (selectedParam !== null && selectedParam.trim() !== "") el.setAttribute("selected", selectedParam.trim());
document.title = lang === "en" ? "Khuyến công chart" : "Biểu đồ khuyến công";

// A `hidden` naming no series of the chart: drawn without it (the element retries).
el.addEventListener("khuyencong-error", (e) => {
  if (el.hasAttribute("hidden-series") && String(e.detail.message).startsWith("options.hidden")) {
    e.stopImmediatePropagation();
    console.warn(`embed.html: hidden=${JSON.stringify(el.getAttribute("hidden-series"))} ignored: ${e.detail.message}`);
    // After the element's failed mount has returned: it then draws again without it.
    queueMicrotask(() => el.removeAttribute("hidden-series"));
  }
});

/** The URL says what the reader sees: hidden series and the selected target. */
function writeView(hidden, selected) {
  const q = new URLSearchParams(location.search);
  if (hidden.length) q.set("hidden", hidden.join(" "));
  else q.delete("hidden");
  if (selected) q.set("selected", selected);
  else q.delete("selected");
  history.replaceState(history.state, "", `${location.pathname}?${q}${location.hash}`);
}
el.addEventListener("khuyencong-viewchange", (e) => writeView(e.detail.hidden, e.detail.selected));

// The wasm could not load at all (no kc-error from the component): say so.
el.addEventListener("khuyencong-error", (e) => {
  document.documentElement.dataset.embedState = "error";
  if (el.querySelector(".kc-error")) return;
  const p = document.createElement("p");
  p.className = "kc-error";
  p.setAttribute("role", "alert");
  p.textContent = (lang === "en" ? "The chart could not be loaded: " : "Không tải được biểu đồ: ") + e.detail.message;
  el.append(p);
});
const main = document.getElementById("embed");
el.addEventListener("khuyencong-ready", (e) => {
  document.documentElement.dataset.embedState = "ready";
  // Values that named nothing are dropped from the address.
  writeView(el.hiddenSeries, e.detail.chart.selected() ?? null);
  const title = el.querySelector("canvas.kc-canvas")?.getAttribute("aria-label");
  if (!title) return;
  const short = title.split(". ")[0];
  document.title = short;
  // Name the landmark after the chart: a parent page with several embeds (and
  // its own <main>) then has distinguishable landmarks.
  main.setAttribute("aria-label", short);
  // Opened on its own, the page gets a (visually hidden) level-one heading;
  // inside an iframe the parent page's headings and the frame's title rule.
  if (window === parent) {
    let h1 = document.querySelector("h1");
    if (!h1) {
      h1 = document.createElement("h1");
      h1.className = "vh";
      main.prepend(h1);
    }
    h1.textContent = short;
  }
});

main.setAttribute("aria-label", document.title);
main.replaceChildren(el);

// Height reporting: the body's height, whenever it changes.
let lastHeight = -1;
function postHeight() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  if (parent !== window) parent.postMessage({ type: "khuyencong-height", height }, "*");
}
new ResizeObserver(postHeight).observe(document.body);
// The parent can ask again (e.g. after it re-attached the frame).
addEventListener("message", (e) => {
  if (e.source === parent && e.data?.type === "khuyencong-height-request") {
    lastHeight = -1;
    postHeight();
  }
});
