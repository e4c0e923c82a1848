#!/usr/bin/env node
// Every chart's DOM, serialised (tag, attributes sorted, style.cssText, children), on
// the demo pages and the hostile page, plus mounts the pages don't make (a canvas
// passed as target, a container with a no-script fallback, a page without
// constructable stylesheets). For comparing two builds: how `mount` builds a chart
// must not change what it builds.
//
//   node tests/e2e/dom-compare.mjs OUT.json               (after scripts/build.sh)
//   SERVE_ROOT=/other/checkout node tests/e2e/dom-compare.mjs OLD.json
//   node tests/e2e/dom-compare.mjs --compare OLD.json NEW.json
//
// Ids made by dom::next_id (kc-summary-N, kc-table-N) are normalised to kc-summary-#.
import { readFile, writeFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { start } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";
import { frames } from "./suite.mjs";

if (process.argv[2] === "--compare") {
  const [a, b] = await Promise.all(process.argv.slice(3, 5).map(async (f) => JSON.parse(await readFile(f, "utf8"))));
  let diffs = 0;
  let charts = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = JSON.stringify(a[key]);
    const y = JSON.stringify(b[key]);
    charts += Array.isArray(a[key]) ? a[key].length : 0;
    if (x === y) continue;
    diffs++;
    let i = 0;
    while (i < Math.min(x?.length ?? 0, y?.length ?? 0) && x[i] === y[i]) i++;
    console.log(`[skeleton-dom] DIFFERS ${key} at ${i}:\n  old …${x?.slice(Math.max(0, i - 120), i + 160)}\n  new …${y?.slice(Math.max(0, i - 120), i + 160)}`);
  }
  console.log(`[skeleton-dom] ${Object.keys(a).length} pages, ${charts} charts: ${diffs ? `${diffs} pages differ` : "identical"}`);
  process.exit(diffs ? 1 : 0);
}

const OUT = process.argv[2];
if (!OUT) throw new Error("usage: skeleton-dom.mjs OUT.json | --compare OLD.json NEW.json");

// In the page: every .kc-chart, in document order, shadow roots included.
const SERIALISE = () => {
  const norm = (v) => v.replace(/\bkc-(summary|table)-\d+\b/g, "kc-$1-#");
  const ser = (el) => {
    if (el.nodeType === 3) return { text: el.data };
    if (el.nodeType !== 1) return { node: el.nodeType };
    const attrs = [...el.attributes]
      .filter((a) => a.name !== "style")
      .map((a) => [a.name, norm(a.value)])
      .sort((p, q) => (p[0] < q[0] ? -1 : 1));
    const o = { tag: el.tagName, attrs, css: el.style ? el.style.cssText : null, attrOrder: [...el.attributes].map((a) => a.name).join(" ") };
    o.kids = [...el.childNodes].map(ser);
    return o;
  };
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.classList.contains("kc-chart")) {
        const host = el.parentElement || el.parentNode.host;
        out.push({ host: host ? `${host.tagName}#${host.id}.${host.className}` : "?", dom: ser(el), hostKids: [...el.parentNode.childNodes].filter((n) => n.nodeType === 1).map((n) => n.className || n.tagName) });
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
};

// Mounts the pages don't make, on the hostile page (window.hostile.mount).
const EXTRA = async () => {
  const m = window.hostile.mount;
  const box = (id) => {
    const d = document.createElement("div");
    d.id = id;
    d.style.width = "640px";
    document.body.append(d);
    return d;
  };
  // A canvas passed as target, with the page's own class and inline styles kept.
  for (const [i, o] of [
    { chart: "funding", region: "phia-nam", lang: "vi" },
    { chart: "activities", region: "all", lang: "en", pixelRatio: 1 },
  ].entries()) {
    const c = document.createElement("canvas");
    c.className = "page-canvas";
    c.style.setProperty("border", "1px solid red");
    c.style.setProperty("margin", "4px", "important");
    c.setAttribute("aria-label", "page's own");
    box(`x-canvas-${i}`).append(c);
    m(c, o);
  }
  // A container that holds a no-script fallback, and one with other children.
  const f = box("x-fallback");
  const fb = document.createElement("table");
  fb.className = "kc-fallback";
  fb.style.setProperty("display", "table", "important");
  f.append(fb);
  m(f, { chart: "activities", region: "mien-trung-tay-nguyen", lang: "vi" });
  const g = box("x-siblings");
  g.append(document.createElement("p"));
  m(g, { chart: "funding", region: "phia-nam", lang: "en", theme: "dark" });
  // A chart in a detached container, attached afterwards.
  const d = document.createElement("div");
  d.id = "x-detached";
  m(d, { chart: "funding", region: "mien-trung-tay-nguyen", lang: "en" });
  document.body.append(d);
};

const PAGES = [
  ["article", "/www/article.html"],
  ["exhibit", "/www/exhibit.html"],
  ["many", "/www/many.html"],
  ["embed-vi", "/www/embed.html?chart=funding&region=mien-trung-tay-nguyen&lang=vi"],
  ["embed-en", "/www/embed.html?chart=activities&region=all&lang=en&theme=dark&pixelRatio=2"],
  ["index", "/www/index.html"],
  ["hostile", "/www/hostile/index.html", EXTRA],
  // No constructable stylesheets: the table toggle styled inline.
  ["hostile-no-sheets", "/www/hostile/index.html", EXTRA,
    "Object.defineProperty(Document.prototype, 'adoptedStyleSheets', { get() { return undefined; }, set() {} });" +
    "Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { get() { return undefined; }, set() {} });"],
];

const { server, url } = await start(0);
const browser = await chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
const result = {};
try {
  for (const [name, path, extra, init] of PAGES) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url + path, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector(".kc-chart") && (document.documentElement.dataset.ready ?? "true"), null, { timeout: 30000 });
    // The custom elements mount as they connect: wait until the count settles.
    let last = -1;
    for (let i = 0; i < 40; i++) {
      await frames(page, 3);
      const n = await page.evaluate(() => {
        let k = 0;
        const walk = (r) => { for (const el of r.querySelectorAll("*")) { if (el.classList.contains("kc-chart")) k++; if (el.shadowRoot) walk(el.shadowRoot); } };
        walk(document);
        return k;
      });
      if (n === last) break;
      last = n;
    }
    if (extra) {
      await page.evaluate(extra);
      await frames(page, 4);
    }
    result[name] = await page.evaluate(SERIALISE);
    if (errors.length) result[`${name}:errors`] = errors;
    console.log(`[skeleton-dom] ${name}: ${result[name].length} charts${errors.length ? `, errors ${JSON.stringify(errors)}` : ""}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
await writeFile(OUT, JSON.stringify(result, null, 1));
