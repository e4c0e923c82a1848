// Exhibit dashboard: one selection (region, chart, language) drives both charts
// through their attributes. The selection is mirrored in the URL query
// (?region=phia-nam&view=funding&lang=en) so a kiosk can start on any view.
import { ready } from "../pkg/khuyencong-chart.js";

const form = document.getElementById("controls");
const panels = document.getElementById("panels");
const charts = [...document.querySelectorAll("khuyencong-chart[data-linked]")];
const FIELDS = ["region", "view", "lang"];
const TITLES = {
  vi: "Khuyến công: kế hoạch và thực hiện – trưng bày",
  en: "Khuyến công: planned and spent – exhibit",
};

function allowed(name) {
  return [...form.elements[name]].map((input) => input.value);
}

function selection() {
  const data = new FormData(form);
  return Object.fromEntries(FIELDS.map((f) => [f, data.get(f)]));
}

function apply({ region, view, lang }) {
  document.documentElement.lang = lang;
  document.title = TITLES[lang];
  panels.dataset.view = view;
  for (const el of charts) {
    // Attribute changes redraw the chart (the element observes them).
    el.setAttribute("region", region);
    el.setAttribute("lang", lang);
    const shown = view === "both" || view === el.getAttribute("chart");
    el.closest(".ex-panel").hidden = !shown;
  }
}

function writeUrl(sel) {
  const q = new URLSearchParams(location.search);
  for (const f of FIELDS) q.set(f, sel[f]);
  history.replaceState(null, "", `${location.pathname}?${q}${location.hash}`);
}

// Start from the URL when it names a valid choice.
const query = new URLSearchParams(location.search);
for (const f of FIELDS) {
  const v = query.get(f);
  if (v !== null && allowed(f).includes(v)) {
    for (const input of form.elements[f]) input.checked = input.value === v;
  }
}
apply(selection());

// One chart with its gauges and table button fits the screen without scrolling: each
// chart may be as tall as the window less the header, the panel's padding and the
// table button (landscape 1920 × 1080 and portrait 1080 × 1920 kiosks).
function fit() {
  const head = document.querySelector(".ex-head").getBoundingClientRect().height;
  const room = Math.max(200, Math.floor(window.innerHeight - head - 150));
  for (const el of charts) el.setAttribute("max-height", String(room));
}
fit();
let fitFrame = 0;
addEventListener("resize", () => {
  cancelAnimationFrame(fitFrame);
  fitFrame = requestAnimationFrame(fit);
});

// Kiosk: after 90 s without a touch the charts go back to their first state
// (idle-reset on the elements); the page's own controls follow.
const first = selection();
document.addEventListener("khuyencong-idle-reset", () => {
  const now = selection();
  if (FIELDS.every((f) => now[f] === first[f])) return;
  for (const f of FIELDS) {
    for (const input of form.elements[f]) input.checked = input.value === first[f];
  }
  apply(first);
  writeUrl(first);
});

form.addEventListener("change", () => {
  const sel = selection();
  apply(sel);
  writeUrl(sel);
});
form.addEventListener("submit", (e) => e.preventDefault());

// Without WebAssembly the panels show their fallback tables (for the first
// region): region and chart selectors would change nothing, so hide them.
ready().catch(() => document.documentElement.classList.add("kc-no-wasm"));
