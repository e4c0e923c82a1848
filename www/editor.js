// The editor's workbench (www/editor.html): paste a table, see both charts, copy the
// embed code. The table is read by the `editor` package (pkg-editor/, in a worker, so a
// huge paste never freezes the page); the charts are drawn by the chart package (pkg/)
// with the dataset it produced. The pasted text stays in the page and in localStorage
// until the reader clears it. All text goes in with textContent; no inline styles.
import init, { mount, renderAltText } from "../pkg/khuyencong_charts.js";

const $ = (id) => document.getElementById(id);
const input = $("input");
const statusEl = $("status");
const progress = $("progress");
const kept = $("kept");
const problemsEl = $("problems");
const warningsEl = $("warnings");
const gridBody = $("grid").tBodies[0];
const STORE = "khuyencong-editor-table";
const MAX_BYTES = 32 * 1024 * 1024;
const KINDS = ["funding", "activities"];
// Longer texts are kept in memory, not in the paste area: a browser needs seconds to lay
// out a text box of millions of characters. The box then shows the first lines, read-only.
const BIG = 500000;
const BIG_SHOWN_LINES = 200;

// Figures of the seed articles, five columns (see data/khuyencong.json for their quotes).
const SAMPLE = [
  "Khu vực\tNăm\tChỉ tiêu\tKế hoạch\tThực hiện",
  "Miền Trung – Tây Nguyên\t2017\tTổng kinh phí\t48331\t",
  "Miền Trung – Tây Nguyên\t6 tháng 2020\tTổng kinh phí\t\t19900",
  "Khu vực phía Nam\t2013\tTổng kinh phí\t\t54060",
  "Khu vực phía Nam\t2014\tTổng kinh phí\t63335\t",
  "Khu vực phía Nam\t2013\tSố đề án khuyến công quốc gia\t\t50",
  "Khu vực phía Nam\t2014\tSố đề án khuyến công quốc gia\t68\t",
  "Khu vực phía Nam\t2013\tSố đề án khuyến công địa phương\t\t237",
  "Khu vực phía Nam\t2014\tSố đề án khuyến công địa phương\t259\t",
  "",
].join("\n");

// ------------------------------------------------------------------ the worker

let worker = null;
let seq = 0;
const pending = new Map();

function failAll(message) {
  for (const p of pending.values()) p.reject(new Error(message));
  pending.clear();
}

function startWorker() {
  worker = new Worker(new URL("./editor-worker.js", import.meta.url), { type: "module" });
  worker.addEventListener("message", (e) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.error !== undefined) p.reject(new Error(e.data.error));
    else p.resolve(e.data.result);
  });
  worker.addEventListener("error", (e) => {
    e.preventDefault();
    worker = null;
    failAll(e.message || "the table reader could not start");
  });
}

function call(op, text, options) {
  if (!worker) startWorker();
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, text, options });
  });
}

// ------------------------------------------------------------------ state

let dataset = null; // JSON text of the last valid table
let bigText = null; // the whole table when it is too long for the paste area
let regions = [];
let charts = { funding: null, activities: null };
let parsing = false;
let queued = false;
let debounce = 0;
let saveTimer = 0;

function say(el, vi, en) {
  el.replaceChildren();
  if (!vi) return;
  el.append(vi);
  if (en) {
    const s = document.createElement("span");
    s.lang = "en";
    s.textContent = ` / ${en}`;
    el.append(s);
  }
}

function fmtNum(n, lang) {
  return new Intl.NumberFormat(lang === "en" ? "en-US" : "vi-VN").format(n);
}

function parseOptions() {
  return { separator: $("sep").value, numbers: $("numbers").value };
}

// ------------------------------------------------------------------ reading

function currentText() {
  return bigText ?? input.value;
}

function schedule(delay = 250) {
  clearTimeout(debounce);
  debounce = setTimeout(parse, delay);
}

async function parse() {
  if (parsing) {
    queued = true;
    return;
  }
  parsing = true;
  const text = currentText();
  const t0 = performance.now();
  const mb = (text.length / 1e6).toFixed(1).replace(".", ",");
  // Over 200 ms: say so, with a progress bar (the worker keeps the page responsive).
  const slow = setTimeout(() => {
    progress.hidden = false;
    say(statusEl, `Đang đọc bảng (${mb} triệu ký tự)…`, `Reading the table (${mb} million characters)…`);
  }, 200);
  // Bounded time: a reader stuck for 20 s is stopped and restarted on the next change.
  const watchdog = setTimeout(() => {
    worker?.terminate();
    worker = null;
    failAll("quá 20 giây / over 20 seconds");
  }, 20000);
  try {
    if (text.length * 3 > MAX_BYTES && new TextEncoder().encode(text).length > MAX_BYTES) {
      show({
        ok: false,
        kind: "table",
        problems: [problem(`bảng quá lớn (hơn 32 MiB)`, `the table is larger than 32 MiB`)],
        warnings: [],
        grid: [],
      }, 0);
    } else {
      const r = await call("read", text, parseOptions());
      show(r, performance.now() - t0);
    }
  } catch (err) {
    say(statusEl, `Không đọc được bảng: ${err.message}`, `The table could not be read: ${err.message}`);
    document.documentElement.dataset.editorState = "error";
  } finally {
    clearTimeout(slow);
    clearTimeout(watchdog);
    progress.hidden = true;
    parsing = false;
    if (queued) {
      queued = false;
      parse();
    }
  }
}

function problem(vi, en) {
  return { row: null, column: null, columnName: null, vi, en, messageVi: vi, messageEn: en };
}

function show(r, ms) {
  renderProblems(problemsEl, r.problems, "bad");
  renderProblems(warningsEl, r.warnings, "note");
  $("h-warnings").hidden = r.warnings.length === 0;
  $("no-problems").hidden = !r.ok;
  $("problem-count").textContent = r.ok ? "" : `(${r.problems.length})`;
  renderGrid(r);
  const secs = (ms / 1000).toFixed(2).replace(".", ",");
  if (r.ok) {
    dataset = r.dataset;
    regions = r.regions;
    const what = r.kind === "json" ? "tệp JSON" : `${fmtNum(r.rows, "vi")} dòng`;
    const whatEn = r.kind === "json" ? "JSON file" : `${fmtNum(r.rows, "en")} rows`;
    say(
      statusEl,
      `Đã đọc ${what}: ${fmtNum(r.figures, "vi")} số liệu, ${r.regions.length} khu vực, ${r.measures} chỉ tiêu, ${r.sources} nguồn, ${r.notes} ghi chú (${secs} giây).`,
      `Read ${whatEn}: ${r.figures} figures, ${r.regions.length} regions, ${r.measures} measures, ${r.sources} sources, ${r.notes} notes (${secs} s).`,
    );
    fillRegions();
    draw();
    document.documentElement.dataset.editorState = "ok";
  } else {
    const n = r.problems.length;
    say(
      statusEl,
      `Bảng có ${n} lỗi cần sửa (xem danh sách). ${dataset ? "Biểu đồ vẫn là của bảng hợp lệ gần nhất." : ""}`,
      `The table has ${n} problem${n === 1 ? "" : "s"} to fix (see the list).${dataset ? " The charts still show the last valid table." : ""}`,
    );
    document.documentElement.dataset.editorState = "problems";
  }
  updateSnippets();
}

function renderProblems(list, items, kind) {
  list.replaceChildren();
  for (const p of items) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = `prob prob-${kind}`;
    if (p.row != null) b.dataset.row = p.row;
    if (p.column != null) b.dataset.col = p.column;
    b.append(p.messageVi);
    if (p.messageEn !== p.messageVi) {
      const en = document.createElement("span");
      en.lang = "en";
      en.textContent = p.messageEn;
      b.append(en);
    }
    b.addEventListener("click", () => goTo(p.row, p.column));
    li.append(b);
    list.append(li);
  }
}

function renderGrid(r) {
  gridBody.replaceChildren();
  const marks = new Map();
  const rowMarks = new Map();
  for (const [items, cls] of [[r.warnings, "note"], [r.problems, "bad"]]) {
    for (const p of items) {
      if (p.row == null) continue;
      if (p.column == null) rowMarks.set(p.row, cls);
      else marks.set(`${p.row}:${p.column}`, cls);
      // A header-level problem about a whole column: mark that column's header cell.
    }
  }
  const grid = r.grid || [];
  const width = grid.reduce((w, g) => Math.max(w, g.cells.length), 0);
  let prev = 0;
  for (const [i, g] of grid.entries()) {
    if (prev && g.row > prev + 1) {
      const gap = document.createElement("tr");
      gap.className = "gap";
      const td = document.createElement("td");
      td.colSpan = width + 1;
      td.textContent = "…";
      gap.append(td);
      gridBody.append(gap);
    }
    prev = g.row;
    const tr = document.createElement("tr");
    if (i === 0) tr.className = "head";
    tr.id = `grid-row-${g.row}`;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = String(g.row);
    if (rowMarks.has(g.row)) th.className = rowMarks.get(g.row);
    tr.append(th);
    for (let c = 0; c < width; c++) {
      const td = document.createElement("td");
      const cls = marks.get(`${g.row}:${c}`) || (rowMarks.get(g.row) === "bad" ? "bad" : "");
      if (cls) {
        td.className = cls;
        const hint = document.createElement("span");
        hint.className = "vh";
        hint.textContent = cls === "bad" ? "lỗi: " : "lưu ý: ";
        td.append(hint);
      }
      td.id = `grid-${g.row}-${c}`;
      td.append(g.cells[c] ?? "");
      tr.append(td);
    }
    gridBody.append(tr);
  }
  $("grid-wrap").hidden = grid.length === 0;
}

/** Selects the row in the paste area and shows its cell in the grid. */
function goTo(row, col) {
  for (const el of gridBody.querySelectorAll(".focus")) el.classList.remove("focus");
  if (row == null) return;
  const cell = col != null ? $(`grid-${row}-${col}`) : $(`grid-row-${row}`);
  if (cell) {
    cell.classList.add("focus");
    cell.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  if (bigText !== null && row > BIG_SHOWN_LINES) return;
  const text = input.value;
  let start = 0;
  for (let line = 1; line < row && start >= 0; line++) {
    start = text.indexOf("\n", start);
    if (start >= 0) start += 1;
  }
  if (start < 0) return;
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  input.focus();
  input.setSelectionRange(start, end);
}

// ------------------------------------------------------------------ charts

function fillRegions() {
  const sel = $("opt-region");
  const before = sel.value;
  const lang = $("opt-lang").value;
  sel.replaceChildren();
  const all = document.createElement("option");
  all.value = "all";
  all.textContent = "Tất cả / All";
  sel.append(all);
  for (const r of regions) {
    const o = document.createElement("option");
    o.value = r.id;
    o.textContent = lang === "en" ? r.en : r.vi;
    sel.append(o);
  }
  sel.value = [...sel.options].some((o) => o.value === before) ? before : "all";
}

function options(kind) {
  const sel = $("opt-region").value;
  const region = kind === "funding" && sel === "all" ? regions[0]?.id : sel;
  const o = {
    chart: kind,
    region,
    lang: $("opt-lang").value,
    theme: $("opt-theme").value,
    zoom: Number($("opt-zoom").value),
  };
  return o;
}

let chartsReady = null;

async function draw() {
  if (!dataset) return;
  try {
    await (chartsReady ??= init());
  } catch (err) {
    document.documentElement.dataset.chartsReady = "error";
    say(statusEl, `Không tải được thư viện biểu đồ: ${err.message}`, `The chart library could not load: ${err.message}`);
    return;
  }
  let ok = true;
  for (const kind of KINDS) {
    const el = $(`preview-${kind}`);
    const o = { ...options(kind), data: dataset };
    try {
      if (charts[kind]) charts[kind].update(o);
      else charts[kind] = mount(el, o);
    } catch {
      // Show the message where the chart would be (mount puts it in the container).
      charts[kind]?.destroy();
      charts[kind] = null;
      el.replaceChildren();
      try {
        charts[kind] = mount(el, o);
      } catch {
        ok = false;
      }
    }
  }
  document.documentElement.dataset.chartsReady = ok ? "true" : "error";
}

// ------------------------------------------------------------------ outputs

function attr(s) {
  return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The chart's generated description (alt text) for a snippet, or "" when it can't be made. */
function altFor(o, data) {
  try {
    const opts = { chart: o.chart, region: o.region || "all", lang: o.lang };
    if (data !== undefined) opts.data = data;
    return renderAltText(opts);
  } catch {
    return "";
  }
}

function updateSnippets() {
  const origin = location.origin;
  const kind = $("opt-chart").value;
  const o = options(kind);
  // The description travels with every snippet: the element's fallback text (shown
  // only when the chart can't be drawn), the iframe's title, the image's alt.
  const alt = dataset ? altFor(o, dataset) : "";
  const fallback = alt ? `\n<p class="kc-fallback">${attr(alt)}</p>` : "";
  const mode = document.querySelector('input[name="datamode"]:checked')?.value || "inline";
  $("src-url").disabled = mode !== "src";
  let attrs = `chart="${attr(kind)}"`;
  if (o.region) attrs += ` region="${attr(o.region)}"`;
  attrs += ` lang="${attr(o.lang)}"`;
  if (o.theme !== "auto") attrs += ` theme="${attr(o.theme)}"`;
  if (o.zoom !== 1) attrs += ` zoom="${o.zoom}"`;
  let el;
  if (!dataset) {
    el = "";
  } else if (mode === "src") {
    el = `<script type="module" src="${origin}/pkg/khuyencong-chart.js"></script>\n<khuyencong-chart ${attrs} src="${attr($("src-url").value.trim())}">${fallback}\n</khuyencong-chart>\n`;
  } else {
    // Inline JSON: "<" written as \u003c so the text can never close the script element.
    const json = dataset.trim().replace(/</g, "\\u003c");
    el = `<script type="module" src="${origin}/pkg/khuyencong-chart.js"></script>\n<khuyencong-chart ${attrs}>\n<script type="application/json">\n${json}\n</script>${fallback}\n</khuyencong-chart>\n`;
  }
  $("snippet-element").value = el;
  const q = new URLSearchParams({ chart: kind, region: o.region || "all", lang: o.lang });
  if (o.theme !== "auto") q.set("theme", o.theme);
  const title = attr(altFor(o) || (o.lang === "en" ? "Khuyến công chart" : "Biểu đồ khuyến công"));
  $("snippet-iframe").value =
    `<iframe class="khuyencong-embed" src="${attr(`${origin}/www/embed.html?${q}`)}" title="${title}" width="100%" height="420" loading="lazy"></iframe>\n` +
    `<script src="${origin}/www/embed-snippet.js"></script>\n`;
  $("snippet-img").value = dataset
    ? `<img src="khuyencong-${attr(kind)}.png" alt="${attr(alt)}" width="800">\n`
    : "";
}

function download(content, name, type) {
  const a = document.createElement("a");
  const url = content.startsWith("data:") ? content : URL.createObjectURL(new Blob([content], { type }));
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  if (!content.startsWith("data:")) setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function needData() {
  if (dataset) return true;
  say($("copied"), "Chưa có bảng hợp lệ.", "No valid table yet.");
  return false;
}

function currentChart() {
  return charts[$("opt-chart").value];
}

async function copy(id) {
  const box = $(id);
  if (!needData()) return;
  try {
    await navigator.clipboard.writeText(box.value);
  } catch {
    box.focus();
    box.select();
    document.execCommand("copy");
  }
  say($("copied"), "Đã chép mã vào bộ nhớ tạm.", "Copied to the clipboard.");
}

// ------------------------------------------------------------------ keeping the text

function save() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const text = currentText();
    try {
      if (text) localStorage.setItem(STORE, text);
      else localStorage.removeItem(STORE);
      say(kept, text ? "Bảng được giữ trong trình duyệt này đến khi bạn xoá." : "", "The table is kept in this browser until you clear it.");
    } catch {
      say(kept, "Bảng quá lớn để lưu khi tải lại trang: nó chỉ còn trong trang này.", "Too large to keep across reloads: it is only in this page.");
    }
  }, 400);
}

function setText(text) {
  if (text.length > BIG) {
    bigText = text;
    let cut = 0;
    for (let i = 0; i < BIG_SHOWN_LINES && cut >= 0; i++) cut = text.indexOf("\n", cut + 1);
    input.value = cut > 0 ? text.slice(0, Math.min(cut, 200000)) : text.slice(0, 200000);
    input.readOnly = true;
    const mb = (text.length / 1e6).toFixed(1).replace(".", ",");
    say(
      $("big"),
      `Bảng lớn (${mb} triệu ký tự): ô chỉ hiện ${BIG_SHOWN_LINES} dòng đầu và không sửa được; cả bảng vẫn được đọc. Sửa trong bảng tính rồi dán lại, hoặc bấm "Xoá bảng".`,
      `A large table (${mb} million characters): the box shows its first ${BIG_SHOWN_LINES} lines, read-only; the whole table is read. Edit it in your spreadsheet and paste again, or press "Clear".`,
    );
  } else {
    bigText = null;
    input.readOnly = false;
    input.value = text;
    say($("big"), "");
  }
  save();
  schedule(0);
}

async function openFile(file) {
  if (!file) return;
  if (file.size > MAX_BYTES) {
    say(statusEl, `Tệp ${file.name} lớn hơn 32 MiB.`, `${file.name} is larger than 32 MiB.`);
    return;
  }
  setText(await file.text());
}

// ------------------------------------------------------------------ wiring

// A large paste goes to memory instead of the box (see BIG).
input.addEventListener("paste", (e) => {
  const text = e.clipboardData?.getData("text/plain") ?? "";
  if (text.length > BIG) {
    e.preventDefault();
    setText(text);
  }
});
input.addEventListener("input", () => {
  save();
  schedule();
});
for (const id of ["sep", "numbers"]) $(id).addEventListener("change", () => schedule(0));
$("opts").addEventListener("change", (e) => {
  if (e.target.id === "opt-lang") fillRegions();
  draw();
  updateSnippets();
});
$("opts").addEventListener("submit", (e) => e.preventDefault());
for (const r of document.querySelectorAll('input[name="datamode"]')) r.addEventListener("change", updateSnippets);
$("src-url").addEventListener("input", updateSnippets);
$("file").addEventListener("change", (e) => openFile(e.target.files[0]));
input.addEventListener("dragover", (e) => {
  e.preventDefault();
  input.classList.add("drop");
});
input.addEventListener("dragleave", () => input.classList.remove("drop"));
input.addEventListener("drop", (e) => {
  e.preventDefault();
  input.classList.remove("drop");
  openFile(e.dataTransfer?.files?.[0]);
});
$("sample").addEventListener("click", () => setText(SAMPLE));
$("seeds").addEventListener("click", async () => {
  try {
    setText(await call("seed"));
  } catch (err) {
    say(statusEl, `Không tải được số liệu gốc: ${err.message}`, `Could not load the seed figures: ${err.message}`);
  }
});
$("clear").addEventListener("click", () => {
  setText("");
  input.focus();
});
$("dl-json").addEventListener("click", () => needData() && download(dataset, "khuyencong-data.json", "application/json"));
$("dl-table").addEventListener("click", async () => {
  if (!needData()) return;
  download(await call("toTable", dataset), "khuyencong-bang.csv", "text/csv;charset=utf-8");
});
$("dl-svg").addEventListener("click", () => currentChart() && download(currentChart().toSvg(), `khuyencong-${$("opt-chart").value}.svg`, "image/svg+xml"));
$("dl-png").addEventListener("click", () => currentChart() && download(currentChart().toPng(), `khuyencong-${$("opt-chart").value}.png`));
$("dl-csv").addEventListener("click", () => currentChart() && download(currentChart().toCsv(), `khuyencong-${$("opt-chart").value}.csv`, "text/csv;charset=utf-8"));
$("copy-element").addEventListener("click", () => copy("snippet-element"));
$("copy-iframe").addEventListener("click", () => copy("snippet-iframe"));

// Start: the kept table, else the sample.
let start = null;
try {
  start = localStorage.getItem(STORE);
} catch {
  start = null;
}
if (start && start.length > BIG) setText(start);
else input.value = start ?? SAMPLE;
if (start) say(kept, "Bảng được giữ trong trình duyệt này đến khi bạn xoá.", "The table is kept in this browser until you clear it.");
chartsReady = init();
parse();

// For tests and the curious: the charts and the last dataset.
window.khuyencongEditor = { charts: () => charts, dataset: () => dataset, parse };
