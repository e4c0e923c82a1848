#!/usr/bin/env node
// A view you can link to, and alt text that travels (issue 15), on the pages served by
// scripts/serve.mjs under the strict CSP:
//
//   exhibit   set the view by interacting (language, a tapped year, a legend toggle),
//             read the URL, open it in a fresh page: same language, region, hidden
//             series, pinned year (element attributes, chart.bars(), chart.selected())
//   embed     the same round trip on embed.html
//   invalid   bad URL values are ignored with a console note, never an error; bad keys
//             to chart.select() throw an Error naming `key`
//   copy      "Sao chép liên kết": the clipboard holds the page's URL; without the
//             clipboard, the URL in a read-only field, selected; the status is spoken
//   png       chart.toPng(): the PNG's chunks all have good CRCs, and iTXt Title and
//             Description hold the chart's title and altText()
//   snippet   embed-snippet.html: the iframe title, the element's fallback text and the
//             <img alt> of the generated snippets are the chart's alt text
//
//   node tests/e2e/links.mjs        (after scripts/build.sh)
//
// Env: CHROMIUM (default /usr/bin/chromium), LINKS_ONLY (comma-separated check names).

import path from "node:path";
import { fileURLToPath } from "node:url";
import { Check, frames, openPage, runSuite } from "./suite.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const ONLY = (process.env.LINKS_ONLY || "").split(",").map((s) => s.trim()).filter(Boolean);
const DESKTOP = { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, hasTouch: true };
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Before the page's scripts: data-ready once every chart element on the page is drawn. */
function markReady() {
  const mark = () => {
    const els = [...document.querySelectorAll("khuyencong-chart")];
    if (els.length && els.every((e) => e.dataset.state === "ready")) document.documentElement.dataset.ready = "true";
  };
  document.addEventListener("khuyencong-ready", () => setTimeout(mark, 0), true);
  window.__warnings = [];
  const warn = console.warn.bind(console);
  console.warn = (...a) => {
    window.__warnings.push(a.map(String).join(" "));
    warn(...a);
  };
}

async function open(browser, check, url, ctx = DESKTOP, extra) {
  return openPage(browser, check, url, ctx, extra ? `(${markReady})();(${extra})();` : markReady);
}

/** In the page: the state of the chart element `sel`. */
function stateOf(sel) {
  const el = document.querySelector(sel);
  const h = el.handle;
  return {
    url: location.href,
    lang: document.documentElement.lang,
    chartLang: el.getAttribute("lang"),
    region: el.getAttribute("region"),
    hiddenAttr: el.getAttribute("hidden-series"),
    selectedAttr: el.getAttribute("selected"),
    hidden: el.hiddenSeries,
    selected: h.selected() ?? null,
    bars: h.bars().map((b) => `${b.id}:${b.basis}`).sort(),
    tip: !!el.querySelector(".kc-tooltip")?.checkVisibility(),
  };
}

/** Taps the centre of the target of the first bar whose id matches `re` (viewport px). */
async function tapBar(page, sel, re) {
  const at = await page.evaluate(
    ([sel, src]) => {
      const el = document.querySelector(sel);
      const c = el.querySelector("canvas.kc-canvas").getBoundingClientRect();
      const b = el.handle.bars().find((b) => new RegExp(src).test(b.id));
      return b && { x: c.left + b.target.x + b.target.w / 2, y: c.top + b.target.y + b.target.h / 2, id: b.id };
    },
    [sel, re.source],
  );
  if (!at) return null;
  await page.evaluate(([x, y]) => window.scrollBy(0, y > innerHeight - 40 ? y - innerHeight / 2 : 0), [at.x, at.y]);
  await frames(page);
  const again = await page.evaluate(
    ([sel, id]) => {
      const el = document.querySelector(sel);
      const c = el.querySelector("canvas.kc-canvas").getBoundingClientRect();
      const b = el.handle.bars().find((b) => b.id === id);
      return { x: c.left + b.target.x + b.target.w / 2, y: c.top + b.target.y + b.target.h / 2 };
    },
    [sel, at.id],
  );
  await page.touchscreen.tap(again.x, again.y);
  await frames(page, 3);
  return at.id;
}

async function toggleLegend(page, sel, key) {
  // Activated as a keyboard or screen-reader user does (a tapped bar's panel may lie over it).
  await page.locator(`${sel} [data-series="${key}"]`).evaluate((b) => b.click());
  await frames(page, 3);
}

// ------------------------------------------------------------------ checks

async function checkExhibit(browser, base) {
  const check = new Check("exhibit: language, tapped year and legend toggle survive the copied URL");
  const { context, page } = await open(browser, check, `${base}/www/exhibit.html`);
  const F = "#panel-funding khuyencong-chart";
  let fresh;
  try {
    await page.locator('input[name="lang"][value="en"]').check({ force: true });
    await page.locator('input[name="region"][value="phia-nam"]').check({ force: true });
    await page.waitForFunction((sel) => document.querySelector(sel).getAttribute("lang") === "en", F);
    await frames(page, 3);
    const tapped = await tapBar(page, F, /-2013-12m-total_funding-actual$/);
    check.expect(tapped, "no 2013 bar on the southern funding chart");
    let s = await page.evaluate(stateOf, F);
    check.expect(s.selected === "2013" && s.selectedAttr === "2013", `after the tap: selected ${s.selected} / attribute ${s.selectedAttr}`);
    check.expect(s.tip, "the tapped year's tooltip is shown");
    await toggleLegend(page, F, "plan");
    s = await page.evaluate(stateOf, F);
    check.expect(s.hidden.includes("plan") && s.hiddenAttr === "plan", `after the legend toggle: hidden ${s.hidden} / attribute ${s.hiddenAttr}`);
    check.expect(s.selected === "2013" && s.tip, `the selection survives the redraw: ${s.selected}, tooltip ${s.tip}`);
    check.expect(s.bars.every((b) => !b.endsWith(":plan")), "no plan bar drawn with plan hidden");
    const url = new URL(s.url);
    const q = url.searchParams;
    for (const [k, v] of [["lang", "en"], ["region", "phia-nam"], ["funding-hidden", "plan"], ["funding-selected", "2013"]]) {
      check.expect(q.get(k) === v, `URL ${k}=${q.get(k)} (expected ${v}): ${url.search}`);
    }
    // A fresh page from the copied address: the same view.
    fresh = await open(browser, check, s.url);
    const t = await fresh.page.evaluate(stateOf, F);
    check.expect(t.lang === "en" && t.chartLang === "en", `fresh page language ${t.lang}/${t.chartLang}`);
    check.expect(t.region === "phia-nam", `fresh page region ${t.region}`);
    check.expect(t.hiddenAttr === "plan" && t.hidden.join() === "plan", `fresh page hidden ${t.hiddenAttr} / ${t.hidden}`);
    check.expect(t.selected === "2013" && t.selectedAttr === "2013" && t.tip, `fresh page selected ${t.selected} / ${t.selectedAttr}, tooltip ${t.tip}`);
    check.expect(JSON.stringify(t.bars) === JSON.stringify(s.bars), `fresh page draws other bars: ${t.bars.length} vs ${s.bars.length}`);
    await fresh.page.screenshot({ path: path.join(SHOTS, "links-exhibit-selected.png") });
    const checked = await fresh.page.evaluate(() => document.querySelector('input[name="lang"]:checked').value);
    check.expect(checked === "en", `fresh page language control: ${checked}`);
    // Closing the tooltip takes the selection out of the address.
    await fresh.page.keyboard.press("Escape");
    await frames(fresh.page, 3);
    const u = await fresh.page.evaluate(stateOf, F);
    check.expect(u.selected === null && u.selectedAttr === null && !new URL(u.url).searchParams.has("funding-selected"), `after Escape: ${u.selected} ${u.selectedAttr} ${u.url}`);
  } finally {
    await fresh?.context.close();
    await context.close();
  }
  return check;
}

async function checkEmbed(browser, base) {
  const check = new Check("embed: tapped bar and legend toggle in the URL, the same view from it");
  const { context, page } = await open(browser, check, `${base}/www/embed.html?chart=funding&region=mien-trung-tay-nguyen&lang=vi`, PHONE);
  const E = "khuyencong-chart";
  let fresh;
  try {
    const events = await page.evaluate(() => {
      window.__views = [];
      document.addEventListener("khuyencong-viewchange", (e) => window.__views.push(e.detail));
      return true;
    });
    check.expect(events, "listener");
    const tapped = await tapBar(page, E, /-2017-12m-total_funding-plan$/);
    check.expect(tapped, "no 2017 plan bar");
    await toggleLegend(page, E, "actual");
    const s = await page.evaluate(stateOf, E);
    const views = await page.evaluate(() => window.__views);
    check.expect(views.length >= 2 && views.at(-1).hidden.includes("actual") && views.at(-1).selected === "2017", `khuyencong-viewchange details: ${JSON.stringify(views)}`);
    const q = new URL(s.url).searchParams;
    check.expect(q.get("hidden") === "actual" && q.get("selected") === "2017", `embed URL: ${s.url}`);
    fresh = await open(browser, check, s.url, PHONE);
    const t = await fresh.page.evaluate(stateOf, E);
    check.expect(t.hidden.join() === "actual" && t.selected === "2017" && t.tip, `fresh embed: hidden ${t.hidden}, selected ${t.selected}, tooltip ${t.tip}`);
    check.expect(JSON.stringify(t.bars) === JSON.stringify(s.bars), "fresh embed draws the same bars");
    // The legend toggled back: the URL loses `hidden`.
    await toggleLegend(fresh.page, E, "actual");
    const u = await fresh.page.evaluate(stateOf, E);
    check.expect(!new URL(u.url).searchParams.has("hidden") && u.hidden.length === 0, `shown again: ${u.url}`);
  } finally {
    await fresh?.context.close();
    await context.close();
  }
  return check;
}

async function checkInvalid(browser, base) {
  const check = new Check("invalid: bad URL values ignored with a note; select() errors name the key");
  const bad =
    "/www/exhibit.html?region=hanoi&view=pie&lang=xx&theme=neon&funding-hidden=region%3Anowhere&funding-selected=1999&activities-selected=%3Cimg%20src%3Dx%3E";
  let { context, page } = await open(browser, check, base + bad);
  try {
    const s = await page.evaluate(() => ({
      url: location.href,
      lang: document.documentElement.lang,
      region: document.querySelector('input[name="region"]:checked').value,
      states: [...document.querySelectorAll("khuyencong-chart")].map((e) => e.dataset.state),
      attrs: [...document.querySelectorAll("khuyencong-chart")].map((e) => [e.getAttribute("hidden-series"), e.getAttribute("selected"), e.getAttribute("theme")]),
      warnings: window.__warnings,
    }));
    check.expect(s.lang === "vi" && s.region === "mien-trung-tay-nguyen", `defaults kept: ${s.lang} ${s.region}`);
    check.expect(s.states.every((x) => x === "ready"), `charts drawn: ${s.states}`);
    check.expect(s.attrs.every(([h, sel, th]) => h === null && sel === null && th === "light"), `bad values dropped: ${JSON.stringify(s.attrs)}`);
    const q = new URL(s.url).searchParams;
    check.expect(!q.has("funding-selected") && !q.has("activities-selected") && !q.has("funding-hidden") && q.get("region") === "mien-trung-tay-nguyen", `URL cleaned: ${s.url}`);
    for (const word of ["region=", "view=", "lang=", "theme=", "funding-hidden", "1999"]) {
      check.expect(s.warnings.some((w) => w.includes(word)), `a console note for ${word}: ${JSON.stringify(s.warnings)}`);
    }
    const errors = await page.evaluate(() => {
      const h = document.querySelector("#panel-funding khuyencong-chart").handle;
      const out = {};
      for (const [name, key] of [["unknown", "nope"], ["object", { a: 1 }], ["fraction", 20.5], ["empty", " "]]) {
        try {
          h.select(key);
          out[name] = "no error";
        } catch (e) {
          out[name] = e instanceof Error ? e.message : `not an Error: ${e}`;
        }
      }
      h.select(2017);
      out.ok = h.selected();
      h.select(null);
      out.cleared = h.selected() ?? null;
      return out;
    });
    for (const name of ["unknown", "object", "fraction", "empty"]) {
      check.expect(/^select\(key\): key: /.test(errors[name]), `select(${name}): ${errors[name]}`);
    }
    check.expect(errors.ok === "2017" && errors.cleared === null, `select(2017) then null: ${errors.ok}, ${errors.cleared}`);
    await context.close();
    ({ context, page } = await open(browser, check, `${base}/www/embed.html?chart=funding&region=phia-nam&lang=vi&hidden=bogus&selected=abc`));
    const e = await page.evaluate(() => ({ url: location.href, state: document.documentElement.dataset.embedState, el: document.querySelector("khuyencong-chart").dataset.state, warnings: window.__warnings, err: !!document.querySelector(".kc-error") }));
    const eq = new URL(e.url).searchParams;
    check.expect(e.state === "ready" && e.el === "ready" && !e.err, `embed with bad hidden/selected: ${e.state} ${e.el} error shown ${e.err}`);
    check.expect(!eq.has("hidden") && !eq.has("selected") && eq.get("region") === "phia-nam", `embed URL cleaned: ${e.url}`);
    check.expect(e.warnings.some((w) => w.includes("hidden")) && e.warnings.some((w) => w.includes("abc")), `embed console notes: ${JSON.stringify(e.warnings)}`);
  } finally {
    await context.close();
  }
  return check;
}

async function checkCopy(browser, base) {
  const check = new Check("copy: the link goes to the clipboard, or into a selected read-only field");
  const url = `${base}/www/exhibit.html?region=phia-nam&view=funding&lang=vi`;
  let { context, page } = await open(browser, check, url, { ...DESKTOP, permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const status = await page.evaluate(() => document.getElementById("link-status").getAttribute("role"));
    check.expect(status === "status", `status line role=${status}`);
    await page.screenshot({ path: path.join(SHOTS, "links-exhibit-desktop.png") });
    await page.setViewportSize({ width: 360, height: 740 });
    await frames(page, 3);
    await page.screenshot({ path: path.join(SHOTS, "links-exhibit-phone.png") });
    await page.setViewportSize(DESKTOP.viewport);
    await frames(page, 3);
    await page.locator("#copy-link").click();
    await page.waitForFunction(() => document.getElementById("link-status").textContent !== "", null, { timeout: 5000 });
    const r = await page.evaluate(async () => ({ href: location.href, clip: await navigator.clipboard.readText(), status: document.getElementById("link-status").textContent, field: document.getElementById("link-field").hidden }));
    check.expect(r.clip === r.href && r.href.includes("view=funding"), `clipboard ${r.clip} vs ${r.href}`);
    check.expect(r.status === "Đã sao chép liên kết.", `status: ${r.status}`);
    check.expect(r.field, "the fallback field stays hidden when the clipboard works");
    await context.close();
    // No clipboard: the fallback field.
    const noClipboard = () => {
      Object.defineProperty(Navigator.prototype, "clipboard", { get: () => ({ writeText: () => Promise.reject(new Error("denied")) }) });
    };
    ({ context, page } = await open(browser, check, url.replace("lang=vi", "lang=en"), DESKTOP, noClipboard));
    await page.locator("#copy-link").click();
    await page.waitForFunction(() => !document.getElementById("link-field").hidden, null, { timeout: 5000 });
    const f = await page.evaluate(() => {
      const i = document.getElementById("link-field");
      return { href: location.href, value: i.value, readOnly: i.readOnly, sel: [i.selectionStart, i.selectionEnd], focused: document.activeElement === i, status: document.getElementById("link-status").textContent };
    });
    check.expect(f.value === f.href && f.readOnly, `fallback field: ${f.value} (read-only ${f.readOnly})`);
    check.expect(f.sel[0] === 0 && f.sel[1] === f.value.length && f.focused, `fallback field selected and focused: ${f.sel} ${f.focused}`);
    check.expect(/^Copy the link/.test(f.status), `status: ${f.status}`);
    await page.screenshot({ path: path.join(SHOTS, "links-copy-fallback-desktop.png") });
    await page.setViewportSize({ width: 360, height: 740 });
    await frames(page, 3);
    await page.screenshot({ path: path.join(SHOTS, "links-copy-fallback-phone.png") });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check.expect(scroll <= 0, `no sideways scroll at 360 px: ${scroll}`);
  } finally {
    await context.close();
  }
  return check;
}

/** In the page: decode a PNG data URL, check every chunk's CRC, return its iTXt texts. */
function readPngText(url) {
  const bin = atob(url.slice(url.indexOf(",") + 1));
  const b = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const x of bytes) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const view = new DataView(b.buffer);
  const kinds = [];
  const texts = [];
  let bad = 0;
  for (let at = 8; at < b.length; ) {
    const len = view.getUint32(at);
    const kind = String.fromCharCode(...b.subarray(at + 4, at + 8));
    if (crc(b.subarray(at + 4, at + 8 + len)) !== view.getUint32(at + 8 + len)) bad++;
    kinds.push(kind);
    if (kind === "iTXt") {
      const d = b.subarray(at + 8, at + 8 + len);
      const z = d.indexOf(0);
      const keyword = new TextDecoder().decode(d.subarray(0, z));
      let p = z + 3;
      const lz = d.indexOf(0, p);
      const lang = new TextDecoder().decode(d.subarray(p, lz));
      p = d.indexOf(0, lz + 1) + 1;
      texts.push({ keyword, lang, compressed: d[z + 1], text: new TextDecoder("utf-8", { fatal: true }).decode(d.subarray(p)) });
    }
    at += 12 + len;
  }
  return { signature: [...b.subarray(0, 8)].join(), kinds: kinds.slice(0, 4), bad, texts, count: kinds.length };
}

async function checkPng(browser, base) {
  const check = new Check("png: toPng() carries iTXt Title and Description, every CRC good");
  const { context, page } = await open(browser, check, `${base}/www/embed.html?chart=activities&region=all&lang=vi`);
  try {
    const r = await page.evaluate(([fn]) => {
      const read = new Function(`return (${fn})`)();
      const h = document.querySelector("khuyencong-chart").handle;
      return { png: read(h.toPng(1)), alt: h.altText(), title: document.querySelector("canvas.kc-canvas").getAttribute("aria-label") };
    }, [readPngText.toString()]);
    const { png } = r;
    check.expect(png.signature === "137,80,78,71,13,10,26,10", `signature ${png.signature}`);
    check.expect(png.bad === 0, `${png.bad} chunks with a bad CRC of ${png.count}`);
    check.expect(png.kinds.join() === "IHDR,iTXt,iTXt,IDAT" || (png.kinds[0] === "IHDR" && png.kinds[1] === "iTXt" && png.kinds[2] === "iTXt"), `chunks: ${png.kinds}`);
    const desc = png.texts.find((t) => t.keyword === "Description");
    const title = png.texts.find((t) => t.keyword === "Title");
    check.expect(desc && desc.text === r.alt && desc.lang === "vi" && desc.compressed === 0, `Description ${JSON.stringify(desc)} vs altText ${r.alt}`);
    check.expect(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỷỹỵ]/i.test(desc?.text ?? ""), "the description is Vietnamese, intact");
    check.expect(title && r.title.startsWith(title.text), `Title ${title?.text} vs the canvas name ${r.title}`);
  } finally {
    await context.close();
  }
  return check;
}

async function checkSnippet(browser, base) {
  const check = new Check("snippet: iframe title, element fallback and <img alt> carry the alt text");
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  page.on("pageerror", (e) => check.expect(false, `page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && check.expect(false, `console error: ${m.text()}`));
  try {
    await page.goto(`${base}/www/embed-snippet.html`, { waitUntil: "load" });
    await page.waitForFunction(() => document.documentElement.dataset.snippets, null, { timeout: 20000 });
    // The alt text from the chart drawn in the page's first frame (same chart as the snippet).
    const frame = page.frames().find((f) => f.url().includes("chart=funding"));
    await frame.waitForFunction(() => document.querySelector("khuyencong-chart")?.dataset.state === "ready", null, { timeout: 20000 });
    const alt = await frame.evaluate(() => document.querySelector("khuyencong-chart").handle.altText());
    const r = await page.evaluate(() => {
      // style="…" dropped before parsing: the page's CSP reports inline styles even in an inert document.
      const parse = (id) => new DOMParser().parseFromString(document.getElementById(id).textContent.replace(/ style="[^"]*"/g, ""), "text/html");
      const iframe = parse("snippet-iframe").querySelector("iframe");
      const el = parse("snippet-element").querySelector("khuyencong-chart");
      const img = parse("snippet-img").querySelector("img");
      return {
        state: document.documentElement.dataset.snippets,
        title: iframe?.getAttribute("title"),
        src: iframe?.getAttribute("src"),
        fallback: el?.querySelector("p.kc-fallback")?.textContent,
        scripts: parse("snippet-element").querySelectorAll("script").length,
        alt: img?.getAttribute("alt"),
      };
    });
    check.expect(r.state === "ready", `snippets ${r.state}`);
    check.expect(alt.length > 100, `alt text: ${alt}`);
    check.expect(r.title === alt, `iframe title ${r.title}`);
    check.expect(r.fallback === alt, `element fallback ${r.fallback}`);
    check.expect(r.alt === alt, `img alt ${r.alt}`);
    check.expect(r.scripts === 1 && /\/www\/embed\.html\?chart=funding&region=mien-trung-tay-nguyen&lang=vi$/.test(r.src ?? ""), `snippet src ${r.src}, ${r.scripts} script`);
  } finally {
    await context.close();
  }
  return check;
}

await runSuite(
  "links",
  {
    exhibit: checkExhibit,
    embed: checkEmbed,
    invalid: checkInvalid,
    copy: checkCopy,
    png: checkPng,
    snippet: checkSnippet,
  },
  { only: ONLY, shots: SHOTS },
);
