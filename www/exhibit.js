// Exhibit dashboard: one selection (region, chart, language) drives both charts
// through their attributes. The whole view is mirrored in the URL query
// (?region=phia-nam&view=funding&lang=en&theme=dark&funding-hidden=plan
// &funding-selected=2017&activities-hidden=…&activities-selected=…; `chart` is
// read as `view`) so a kiosk can start on any view and a reader can share what
// they see ("Sao chép liên kết / Copy link"). Values naming nothing are ignored
// with a console note.
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

const THEMES = ["light", "dark", "auto"];
let theme = "light";

/** The address of what is shown: the choices, the theme, each chart's hidden series and pinned target. */
function viewUrl() {
  const sel = selection();
  const q = new URLSearchParams(location.search);
  q.delete("chart");
  for (const f of FIELDS) q.set(f, sel[f]);
  if (theme !== "light") q.set("theme", theme);
  else q.delete("theme");
  for (const el of charts) {
    const kind = el.getAttribute("chart");
    const hidden = (el.getAttribute("hidden-series") || "").trim();
    const selected = el.getAttribute("selected");
    if (hidden) q.set(`${kind}-hidden`, hidden);
    else q.delete(`${kind}-hidden`);
    if (selected) q.set(`${kind}-selected`, selected);
    else q.delete(`${kind}-selected`);
  }
  return `${location.pathname}?${q}${location.hash}`;
}

function writeUrl() {
  history.replaceState(history.state, "", viewUrl());
}

// Start from the URL when it names a valid choice; say what was ignored.
const query = new URLSearchParams(location.search);
if (!query.has("view") && query.has("chart")) query.set("view", query.get("chart"));
for (const f of FIELDS) {
  const v = query.get(f);
  if (v === null) continue;
  if (allowed(f).includes(v)) {
    for (const input of form.elements[f]) input.checked = input.value === v;
  } else {
    console.warn(`exhibit: ${f}=${JSON.stringify(v)} ignored (expected ${allowed(f).join(", ")})`);
  }
}
const themeParam = query.get("theme");
if (themeParam !== null) {
  if (THEMES.includes(themeParam)) theme = themeParam;
  else console.warn(`exhibit: theme=${JSON.stringify(themeParam)} ignored (expected ${THEMES.join(", ")})`);
}
// The page takes the charts' theme too (exhibit.css).
document.documentElement.dataset.theme = theme;
for (const el of charts) {
  const kind = el.getAttribute("chart");
  el.setAttribute("theme", theme);
  const hidden = query.get(`${kind}-hidden`);
  if (hidden !== null && hidden.trim() !== "") el.setAttribute("hidden-series", hidden.trim());
  const selected = query.get(`${kind}-selected`);
  if (selected !== null && selected.trim() !== "") el.setAttribute("selected", selected.trim());
  // A hidden series the chart does not have: drawn without it (the element retries).
  el.addEventListener("khuyencong-error", (e) => {
    if (el.hasAttribute("hidden-series") && String(e.detail.message).startsWith("options.hidden")) {
      console.warn(`exhibit: ${kind}-hidden=${JSON.stringify(el.getAttribute("hidden-series"))} ignored: ${e.detail.message}`);
      // After the element's failed mount has returned: it then draws again without it.
      queueMicrotask(() => el.removeAttribute("hidden-series"));
    }
  });
  // The reader toggled a series or tapped a bar: the element's attributes say so.
  el.addEventListener("khuyencong-viewchange", writeUrl);
  // A selected key that named nothing is dropped from the address.
  el.addEventListener("khuyencong-ready", () => {
    if (el.hasAttribute("selected") && !el.handle.selected()) el.removeAttribute("selected");
    writeUrl();
  });
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
  writeUrl();
});

form.addEventListener("change", () => {
  apply(selection());
  writeUrl();
});

// Copy link: the clipboard when the browser allows it, otherwise the address in a
// read-only field, selected for the reader to copy. The status line is read out.
const copyButton = document.getElementById("copy-link");
const linkField = document.getElementById("link-field");
const linkStatus = document.getElementById("link-status");
const SAY = {
  copied: { vi: "Đã sao chép liên kết.", en: "Link copied." },
  manual: { vi: "Hãy sao chép liên kết trong ô (Ctrl+C).", en: "Copy the link from the box (Ctrl+C)." },
};
copyButton.addEventListener("click", async () => {
  writeUrl();
  const url = location.href;
  const lang = document.documentElement.lang === "en" ? "en" : "vi";
  linkStatus.textContent = "";
  try {
    if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(url);
    linkField.hidden = true;
    linkStatus.textContent = SAY.copied[lang];
  } catch {
    linkField.value = url;
    linkField.hidden = false;
    linkField.focus();
    linkField.select();
    linkStatus.textContent = SAY.manual[lang];
  }
});
form.addEventListener("submit", (e) => e.preventDefault());

// Without WebAssembly the panels show their fallback tables (for the first
// region): region and chart selectors would change nothing, so hide them.
ready().catch(() => document.documentElement.classList.add("kc-no-wasm"));
