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
