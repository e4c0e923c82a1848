#!/usr/bin/env node
// Embedding pages test: every page in www/ and the <khuyencong-chart> custom
// element in the situations that break charts in the wild. Serves www/ + pkg/
// with scripts/serve.mjs (the strict CSP) and drives Debian's Chromium through
// playwright-core, with the same flags as tests/e2e/smoke.mjs.
//
//   1. Every www/*.html page (a new page is picked up automatically) at phone
//      size 360x740 (isMobile, hasTouch, DPR 2) and desktop 1366x768 (DPR 2):
//      no console error, page error, failed request, HTTP error or CSP
//      violation (in any frame); every chart element reaches
//      data-state="ready"; every chart canvas is non-blank with a backing
//      store of CSS size x DPR; no horizontal page scroll; page-specific
//      checks (article column, exhibit touch targets / font size / linked
//      selectors, iframe sizing). Screenshots: target/screenshots/<page>-<viewport>.png.
//   2. A chart created in a display:none container draws at the right width
//      once shown; resizing the container re-lays it out; an element with
//      padding and a border draws in its content box.
//   3. Print: emulateMedia({media: "print"}) re-lays charts out at the print
//      width; screenshots <page>-print.png.
//   4. Removing an element destroys its chart: its document listeners and
//      tooltip are gone, further pointer events raise nothing, and its
//      handle's methods throw "destroyed".
//   5. 20 elements on one page (www/many.html) all draw from one .wasm fetch.
//   6. The .wasm request aborted (and answered 404): every element goes to
//      data-state="error" and its table.kc-fallback shows every figure; the
//      same tables with JavaScript disabled.
//   7. Iframe embed: the parent gets a khuyencong-height message (> 200 px)
//      and resizes the frame, also when the content grows (data table
//      opened); bad query parameters show the error text; dark mode.
//   8. Attributes: changing lang / region redraws; a bad value shows the
//      error and a later good value recovers; custom data from `src` and
//      from a <script type="application/json"> child.
//
//   node tests/e2e/pages.mjs        (after scripts/build.sh)
//
// Env: CHROMIUM (default /usr/bin/chromium), PAGES_TIMEOUT_MS (30000),
// PAGES_ONLY (comma-separated check names, e.g. "pages,hidden").

import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { start } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const TIMEOUT = Number(process.env.PAGES_TIMEOUT_MS || 30000);
const ONLY = (process.env.PAGES_ONLY || "").split(",").map((s) => s.trim()).filter(Boolean);


const VIEWPORTS = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 2 },
};

// Per-page settings; pages in www/ not listed here get the defaults.
const PAGES = {
  "index.html": { path: "/www/index.html", minCharts: 5, extra: null },
  "article.html": { minCharts: 2, extra: checkArticle },
  "exhibit.html": { minCharts: 2, extra: checkExhibit },
  "many.html": { minCharts: 20, extra: null },
  "embed.html": { path: "/www/embed.html?chart=funding&region=mien-trung-tay-nguyen&lang=vi", minCharts: 1, extra: checkEmbedFrame },
  "embed-snippet.html": { minCharts: 2, extra: checkEmbedSnippet },
};

// Runs in every frame before its scripts: CSP violations and parent messages.
const INIT_SCRIPT = `
  window.__csp = [];
  window.__messages = [];
  window.__kcErrors = [];
  document.addEventListener("khuyencong-error", (e) => window.__kcErrors.push(e.detail && e.detail.message));
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  }, true);
  window.addEventListener("message", (e) => {
    if (e.data && typeof e.data === "object") window.__messages.push(e.data);
  });
`;

// ---------------------------------------------------------------- helpers

class Check {
  constructor(name) {
    this.name = name;
    this.failures = [];
    this.notes = [];
  }
  fail(msg) {
    this.failures.push(msg);
  }
  note(msg) {
    this.notes.push(msg);
  }
  expect(cond, msg) {
    if (!cond) this.fail(msg);
    return !!cond;
  }
}

/**
 * Records console errors, page errors, failed requests and HTTP errors.
 * `expected(url)`: a request that is meant to fail (its console line too).
 */
function watch(page, check, { expected = () => false } = {}) {
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const loc = msg.location();
    if (loc?.url && expected(loc.url)) return;
    check.fail(`console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
  });
  page.on("pageerror", (err) => check.fail(`page error: ${err.stack || err.message || err}`));
  page.on("requestfailed", (req) => {
    if (expected(req.url())) return;
    check.fail(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText ?? "?"}`);
  });
  page.on("response", (res) => {
    if (res.status() < 400 || expected(res.url())) return;
    check.fail(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
  });
}

// Runs in a frame: the chart elements' states (and the gallery's flag).
function frameChartState() {
  const els = [...document.querySelectorAll("khuyencong-chart")];
  return {
    url: location.pathname + location.search,
    elements: els.map((e) => ({
      state: e.dataset.state ?? null,
      chart: e.getAttribute("chart"),
      region: e.getAttribute("region"),
      error: e.querySelector(":scope > .kc-error")?.textContent ?? null,
    })),
    // A drawn chart replaces its fallback table (which stays in the DOM).
    fallbackShownWhileReady: els.filter(
      (e) => e.dataset.state === "ready" && [...e.querySelectorAll("table.kc-fallback")].some((t) => t.checkVisibility()),
    ).length,
    gallery: document.documentElement.dataset.chartsReady ?? null,
    canvases: document.querySelectorAll("canvas.kc-canvas").length,
  };
}

function settled(s) {
  const elementsDone = s.elements.every((e) => e.state === "ready" || e.state === "error");
  const galleryDone = s.gallery === null || s.gallery === "true" || s.gallery === "error";
  return elementsDone && galleryDone;
}

/** Waits until every chart element in every frame is ready or failed; returns the states. */
async function waitSettled(page, check, { timeout = TIMEOUT } = {}) {
  const t0 = Date.now();
  let states = [];
  for (;;) {
    states = [];
    for (const frame of page.frames()) {
      try {
        states.push(await frame.evaluate(frameChartState));
      } catch {
        // frame navigating or detached: poll again
      }
    }
    const loadingFrames = page.frames().length !== states.length;
    if (!loadingFrames && states.every(settled)) return states;
    if (Date.now() - t0 > timeout) {
      check.fail(`charts not settled within ${timeout} ms: ${JSON.stringify(states)}`);
      return states;
    }
    await page.waitForTimeout(100);
  }
}

/** Two animation frames plus a little: pending paints and late errors land. */
async function quiet(page, ms = 150) {
  await page.evaluate(
    (ms) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms)))),
    ms,
  );
}

// Runs in a frame: size and pixel statistics of every chart canvas (not overlays).
function inspectCanvases() {
  const out = [];
  for (const [index, canvas] of [...document.querySelectorAll("canvas.kc-canvas")].entries()) {
    const rect = canvas.getBoundingClientRect();
    const host = canvas.closest("khuyencong-chart") || canvas.closest(".kc-chart")?.parentElement;
    const cs = host ? getComputedStyle(host) : null;
    const hostContent = host
      ? host.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
      : null;
    const info = {
      index,
      label: (canvas.getAttribute("aria-label") || "").slice(0, 60),
      cssWidth: Math.round(rect.width * 10) / 10,
      cssHeight: Math.round(rect.height * 10) / 10,
      right: Math.round(rect.right),
      hostContentWidth: hostContent,
      pixelRatio: Number(host?.getAttribute?.("pixel-ratio")) || null,
      width: canvas.width,
      height: canvas.height,
      visible: rect.width > 0 && rect.height > 0,
      distinctColours: 0,
      nonBackgroundPct: 0,
      error: null,
    };
    out.push(info);
    if (!canvas.width || !canvas.height) continue;
    let data;
    try {
      data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    } catch (e) {
      info.error = String(e);
      continue;
    }
    const counts = new Map();
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    for (let i = 0; i < words.length; i++) counts.set(words[i], (counts.get(words[i]) || 0) + 1);
    let bg = 0;
    for (const n of counts.values()) if (n > bg) bg = n;
    info.distinctColours = counts.size;
    info.nonBackgroundPct = Math.round((10000 * (words.length - bg)) / words.length) / 100;
  }
  return out;
}

/** Checks every visible chart canvas in a frame: drawn, right size, sharp. */
function checkCanvases(check, where, canvases, dpr) {
  for (const c of canvases) {
    const name = `${where} canvas #${c.index}${c.label ? ` "${c.label}"` : ""}`;
    if (!c.visible) continue; // in a hidden panel
    if (c.error) {
      check.fail(`${name}: cannot read pixels: ${c.error}`);
      continue;
    }
    if (c.distinctColours <= 2 || c.nonBackgroundPct <= 1) {
      check.fail(`${name} looks blank: ${c.distinctColours} colours, ${c.nonBackgroundPct} % non-background`);
    }
    const ratio = c.pixelRatio || dpr;
    if (Math.abs(c.width - Math.round(c.cssWidth * ratio)) > 2 || Math.abs(c.height - Math.round(c.cssHeight * ratio)) > 2) {
      check.fail(`${name}: backing store ${c.width}x${c.height} is not CSS ${c.cssWidth}x${c.cssHeight} x ${ratio}`);
    }
    if (c.hostContentWidth !== null && Math.abs(c.cssWidth - c.hostContentWidth) > 1.5) {
      check.fail(`${name}: canvas is ${c.cssWidth} px wide but its element's content box is ${c.hostContentWidth} px`);
    }
  }
}

async function cspViolations(page) {
  const out = [];
  for (const frame of page.frames()) {
    try {
      for (const v of await frame.evaluate(() => window.__csp || [])) {
        out.push(
          `CSP violation in ${frame.url()}: ${v.directive} blocked ${v.blocked || "(inline)"}${v.source ? ` at ${v.source}:${v.line}` : ""}${v.sample ? ` sample=${JSON.stringify(v.sample)}` : ""}`,
        );
      }
    } catch {
      // detached frame
    }
  }
  return out;
}

async function shot(page, name, check) {
  await mkdir(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  check.note(`screenshot ${path.relative(REPO, file)}`);
}

// ---------------------------------------------------------------- 1. pages

async function checkPage(browser, base, file, vpName) {
  const cfg = PAGES[file] || {};
  const pagePath = cfg.path || `/www/${file}`;
  const check = new Check(`page ${file} @ ${vpName}`);
  const vp = VIEWPORTS[vpName];
  const context = await browser.newContext(vp);
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    watch(page, check);
    const res = await page.goto(base + pagePath, { waitUntil: "load", timeout: TIMEOUT });
    check.expect(res && res.ok(), `HTTP ${res?.status()} for ${pagePath}`);
    const states = await waitSettled(page, check);
    await quiet(page, 250);

    let total = 0;
    for (const s of states) {
      for (const e of s.elements) {
        total++;
        check.expect(
          e.state === "ready",
          `${s.url}: <khuyencong-chart chart=${e.chart} region=${e.region}> is "${e.state}"${e.error ? `: ${e.error}` : ""}`,
        );
      }
      if (s.gallery !== null) check.expect(s.gallery === "true", `${s.url}: data-charts-ready="${s.gallery}"`);
      check.expect(
        s.fallbackShownWhileReady === 0,
        `${s.url}: ${s.fallbackShownWhileReady} drawn chart(s) still show their table.kc-fallback`,
      );
    }
    let drawn = 0;
    for (const frame of page.frames()) {
      const canvases = await frame.evaluate(inspectCanvases);
      drawn += canvases.filter((c) => c.visible).length;
      checkCanvases(check, new URL(frame.url()).pathname, canvases, vp.deviceScaleFactor);
    }
    check.expect(
      drawn >= (cfg.minCharts ?? 1),
      `${drawn} visible chart canvas(es), expected at least ${cfg.minCharts ?? 1} (${total} element(s))`,
    );

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      const msg = `page is ${overflow} px wider than the ${vp.viewport.width} px viewport (horizontal scroll)`;
      if (file === "index.html") check.note(msg);
      else check.fail(msg);
    }

    if (cfg.extra) await cfg.extra(page, check, { vpName, vp, base });
    await quiet(page);
    for (const v of await cspViolations(page)) check.fail(v);
    await shot(page, `${path.basename(file, ".html")}-${vpName}`, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkArticle(page, check, { vp }) {
  const col = await page.evaluate(() => {
    const a = document.querySelector(".article").getBoundingClientRect();
    const charts = [...document.querySelectorAll(".article khuyencong-chart")].map((e) => e.getBoundingClientRect().width);
    return { width: a.width, charts };
  });
  check.expect(col.width <= 680, `article column is ${col.width} px wide (max 680)`);
  check.expect(col.width >= Math.min(300, vp.viewport.width - 40), `article column is only ${col.width} px wide`);
  for (const w of col.charts) check.expect(Math.abs(w - col.width) <= 1, `a chart is ${w} px wide in a ${col.width} px column`);
}

async function checkExhibit(page, check, { vpName }) {
  const m = await page.evaluate(() => ({
    font: parseFloat(getComputedStyle(document.body).fontSize),
    targets: [...document.querySelectorAll(".seg label")].map((l) => {
      const r = l.getBoundingClientRect();
      return { text: l.textContent.trim(), w: r.width, h: r.height };
    }),
    sources: document.querySelectorAll(".ex-sources li").length,
  }));
  check.expect(m.font >= 20, `exhibit base font is ${m.font} px (need >= 20)`);
  for (const t of m.targets) {
    check.expect(t.w >= 44 && t.h >= 44, `touch target "${t.text}" is ${Math.round(t.w)}x${Math.round(t.h)} px (need >= 44x44)`);
  }
  check.expect(m.sources === 4, `exhibit lists ${m.sources} sources (expected 4)`);

  const label = (i) => page.locator("khuyencong-chart canvas.kc-canvas").nth(i).getAttribute("aria-label");
  const before = [await label(0), await label(1)];
  const tap = (sel) => (vpName === "phone" ? page.locator(sel).tap() : page.locator(sel).click());

  // Region: both charts follow.
  await tap('label:has(input[name="region"][value="phia-nam"])');
  await page.waitForFunction(
    () => [...document.querySelectorAll("khuyencong-chart[data-linked]")].every((e) => e.getAttribute("region") === "phia-nam" && e.dataset.state === "ready"),
    null,
    { timeout: 5000 },
  ).catch(() => check.fail("selecting the southern region did not update both charts"));
  await quiet(page);
  const after = [await label(0), await label(1)];
  check.expect(after[0] !== before[0], `funding chart label did not change with the region (${after[0]})`);
  check.expect(after[1] !== before[1], `activities chart label did not change with the region (${after[1]})`);
  check.expect(new URL(page.url()).searchParams.get("region") === "phia-nam", `URL does not carry the region: ${page.url()}`);

  // Chart type: one panel hidden, then shown again and drawn at full width.
  await tap('label:has(input[name="view"][value="funding"])');
  check.expect(await page.locator("#panel-activities").isHidden(), "activities panel still shown with view=funding");
  await tap('label:has(input[name="view"][value="activities"])');
  check.expect(await page.locator("#panel-funding").isHidden(), "funding panel still shown with view=activities");
  await quiet(page);
  const solo = await page.evaluate(inspectCanvases);
  checkCanvases(check, "exhibit (activities only)", solo, 2);
  await tap('label:has(input[name="view"][value="both"])');
  await quiet(page);
  checkCanvases(check, "exhibit (both again)", await page.evaluate(inspectCanvases), 2);

  // Language: the page and both charts switch.
  await tap('label:has(input[name="lang"][value="en"])');
  await quiet(page);
  const lang = await page.evaluate(() => ({
    html: document.documentElement.lang,
    charts: [...document.querySelectorAll("khuyencong-chart")].map((e) => e.getAttribute("lang")),
    h1: document.querySelector("h1").innerText,
  }));
  check.expect(lang.html === "en" && lang.charts.every((l) => l === "en"), `language switch: ${JSON.stringify(lang)}`);
  check.expect(/planned and spent/.test(lang.h1), `English heading not shown: ${lang.h1}`);
  const en = await label(0);
  check.expect(en !== after[0], `funding chart label did not change with the language (${en})`);
  await shot(page, `exhibit-${vpName}-en-south`, check);
  // Back to the defaults for the main screenshot.
  await tap('label:has(input[name="lang"][value="vi"])');
  await tap('label:has(input[name="region"][value="mien-trung-tay-nguyen"])');
  await quiet(page);
}

async function checkEmbedFrame(page, check) {
  const m = await page.evaluate(() => {
    const c = document.querySelector("canvas.kc-canvas").getBoundingClientRect();
    return { left: c.left, vw: window.innerWidth, width: c.width, bodyMargin: getComputedStyle(document.body).margin };
  });
  check.expect(m.left === 0 && Math.abs(m.width - m.vw) <= 1, `embed chart does not fill the frame: ${JSON.stringify(m)}`);
}

async function checkEmbedSnippet(page, check) {
  await page.waitForFunction(() => Number(document.documentElement.dataset.embedsSized || 0) >= 2, null, { timeout: TIMEOUT })
    .catch(() => check.fail("the two iframes were not both resized by khuyencong-height messages"));
  await quiet(page, 300);
  const m = await page.evaluate(() => ({
    messages: window.__messages.filter((d) => d.type === "khuyencong-height").map((d) => d.height),
    frames: [...document.querySelectorAll("iframe.khuyencong-embed")].map((f) => ({
      css: f.getBoundingClientRect().height,
      inner: f.contentDocument?.body.getBoundingClientRect().height ?? null,
    })),
  }));
  check.expect(m.messages.some((h) => h > 200), `no khuyencong-height message above 200 px: ${JSON.stringify(m.messages)}`);
  for (const [i, f] of m.frames.entries()) {
    check.expect(f.inner !== null && Math.abs(f.css - Math.ceil(f.inner)) <= 1, `iframe #${i} is ${f.css} px tall, its content ${f.inner} px`);
  }
  // Content that grows inside the frame (the data-table toggle) grows the frame.
  const frame = page.frameLocator("iframe.khuyencong-embed").first();
  const toggle = frame.locator(".kc-table-toggle");
  if ((await toggle.count()) === 0) {
    check.fail("no .kc-table-toggle in the embedded chart: cannot check that the frame follows its content");
    return;
  }
  const before = m.frames[0].css;
  await toggle.click();
  await page.waitForFunction(
    (h) => document.querySelector("iframe.khuyencong-embed").getBoundingClientRect().height > h + 50,
    before,
    { timeout: 5000 },
  ).catch(() => {});
  const grown = await page.evaluate(() => {
    const f = document.querySelector("iframe.khuyencong-embed");
    return { css: f.getBoundingClientRect().height, inner: f.contentDocument.body.getBoundingClientRect().height };
  });
  check.expect(
    grown.css > before + 50 && Math.abs(grown.css - Math.ceil(grown.inner)) <= 1,
    `after opening the data table the iframe is ${grown.css} px (was ${before}; content ${grown.inner} px)`,
  );
  await toggle.click();
}

// ---------------------------------------------------------------- 2-8. scenarios

async function withPage(browser, name, vpName, fn, { route, expected, javaScriptEnabled = true } = {}) {
  const check = new Check(name);
  const context = await browser.newContext({ ...VIEWPORTS[vpName], javaScriptEnabled });
  try {
    await context.addInitScript(INIT_SCRIPT);
    if (route) await context.route(...route);
    const page = await context.newPage();
    watch(page, check, { expected });
    await fn(page, check, context);
    if (javaScriptEnabled) for (const v of await cspViolations(page)) check.fail(v);
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  } finally {
    await context.close();
  }
  return check;
}

/** Adds a chart element in a new container on the current page; returns the container id. */
async function addChart(page, { hidden = false, width = null, attrs = {}, inner = "" } = {}) {
  return page.evaluate(
    ({ hidden, width, attrs, inner }) => {
      const box = document.createElement("div");
      box.id = `box-${Math.random().toString(36).slice(2)}`;
      if (hidden) box.style.display = "none";
      if (width) box.style.width = `${width}px`;
      const el = document.createElement("khuyencong-chart");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.innerHTML = inner;
      box.append(el);
      document.body.prepend(box);
      return box.id;
    },
    { hidden, width, attrs, inner },
  );
}

async function waitState(page, selector, states = ["ready", "error"], timeout = TIMEOUT) {
  const h = await page.waitForFunction(
    ({ selector, states }) => {
      const s = document.querySelector(selector)?.dataset.state;
      return states.includes(s) ? s : false;
    },
    { selector, states },
    { timeout },
  );
  return h.jsonValue();
}

async function errorText(page, boxId) {
  return page.evaluate((id) => document.querySelector(`#${id} .kc-error`)?.textContent ?? "", boxId);
}

async function canvasIn(page, boxId) {
  return page.evaluate((id) => {
    const c = document.querySelector(`#${id} canvas.kc-canvas`);
    if (!c) return null;
    const r = c.getBoundingClientRect();
    return { cssWidth: r.width, cssHeight: r.height, width: c.width, height: c.height, label: c.getAttribute("aria-label") };
  }, boxId);
}

async function pixelsIn(page, boxId) {
  return page.evaluate((id) => {
    const c = document.querySelector(`#${id} canvas.kc-canvas`);
    if (!c || !c.width || !c.height) return { colours: 0, pct: 0 };
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const w = new Uint32Array(d.buffer);
    const counts = new Map();
    for (const x of w) counts.set(x, (counts.get(x) || 0) + 1);
    const bg = Math.max(...counts.values());
    return { colours: counts.size, pct: (100 * (w.length - bg)) / w.length };
  }, boxId);
}

async function scenarioHiddenAndResize(browser, base) {
  return withPage(browser, "hidden container, then resize", "desktop", async (page, check) => {
    await page.goto(`${base}/www/many.html`, { waitUntil: "load" });
    await waitSettled(page, check);
    const id = await addChart(page, { hidden: true, width: 640, attrs: { chart: "funding", region: "phia-nam", lang: "vi" } });
    const state = await waitState(page, `#${id} khuyencong-chart`);
    check.expect(state === "ready", `chart mounted in a display:none box is "${state}"`);
    await quiet(page);
    // Shown later: the ResizeObserver must lay it out at the box's width.
    await page.evaluate((id) => { document.getElementById(id).style.display = "block"; }, id);
    await page.waitForFunction((id) => {
      const c = document.querySelector(`#${id} canvas.kc-canvas`);
      return c && Math.abs(c.getBoundingClientRect().width - 640) <= 1;
    }, id, { timeout: 5000 }).catch(() => {});
    await quiet(page);
    let c = await canvasIn(page, id);
    check.expect(c && Math.abs(c.cssWidth - 640) <= 1, `shown chart is ${c?.cssWidth} px wide, box is 640 px`);
    check.expect(c && c.width === Math.round(c.cssWidth * 2), `shown chart backing ${c?.width} px for CSS ${c?.cssWidth} x 2`);
    let px = await pixelsIn(page, id);
    check.expect(px.colours > 2 && px.pct > 1, `shown chart looks blank (${px.colours} colours, ${px.pct.toFixed(2)} %)`);
    const bars640 = await page.evaluate((id) => document.querySelector(`#${id} khuyencong-chart`).handle.bars().length, id);

    for (const w of [900, 320, 280, 1600, 500]) {
      await page.evaluate(([id, w]) => { document.getElementById(id).style.width = `${w}px`; }, [id, w]);
      await page.waitForFunction(([id, w]) => {
        const c = document.querySelector(`#${id} canvas.kc-canvas`);
        return c && Math.abs(c.getBoundingClientRect().width - w) <= 1;
      }, [id, w], { timeout: 5000 }).catch(() => {});
      await quiet(page);
      c = await canvasIn(page, id);
      check.expect(c && Math.abs(c.cssWidth - w) <= 1, `after resizing the box to ${w} px the canvas is ${c?.cssWidth} px`);
      check.expect(c && Math.abs(c.width - Math.round(w * 2)) <= 2, `after resizing to ${w} px the backing store is ${c?.width} px (want ${w * 2})`);
      px = await pixelsIn(page, id);
      check.expect(px.colours > 2 && px.pct > 1, `chart at ${w} px looks blank`);
      const bars = await page.evaluate((id) => document.querySelector(`#${id} khuyencong-chart`).handle.bars(), id);
      check.expect(bars.length === bars640, `at ${w} px ${bars.length} bars (at 640 px: ${bars640})`);
      const outside = bars.filter((b) => b.x < 0 || b.x + b.w > w + 0.5);
      check.expect(outside.length === 0, `at ${w} px ${outside.length} bar(s) lie outside the canvas`);
    }
  });
}

async function scenarioPadding(browser, base) {
  return withPage(browser, "element with padding and border", "desktop", async (page, check) => {
    await page.goto(`${base}/www/many.html`, { waitUntil: "load" });
    await waitSettled(page, check);
    // A page styling the element as a card: the chart must fit its content box.
    const id = await addChart(page, { width: 600, attrs: { chart: "funding", region: "mien-trung-tay-nguyen" } });
    await page.evaluate((id) => {
      const el = document.querySelector(`#${id} khuyencong-chart`);
      el.style.padding = "12px 20px";
      el.style.border = "3px solid #888";
    }, id);
    check.expect((await waitState(page, `#${id} khuyencong-chart`)) === "ready", "padded chart not ready");
    await quiet(page, 300);
    const c = await canvasIn(page, id);
    const want = 600 - 2 * 20 - 2 * 3;
    check.expect(c && Math.abs(c.cssWidth - want) <= 1, `chart in a 600 px element with 20 px padding and 3 px border is ${c?.cssWidth} px wide (content box ${want} px)`);
  });
}

async function scenarioPrint(browser, base) {
  const checks = [];
  for (const file of ["article.html", "exhibit.html"]) {
    checks.push(
      await withPage(browser, `print ${file}`, "desktop", async (page, check) => {
        await page.goto(`${base}/www/${file}`, { waitUntil: "load" });
        await waitSettled(page, check);
        await quiet(page);
        const screenWidths = await page.evaluate(() => [...document.querySelectorAll("canvas.kc-canvas")].map((c) => c.getBoundingClientRect().width));
        await page.emulateMedia({ media: "print" });
        await quiet(page, 300);
        const printed = await page.evaluate(inspectCanvases);
        checkCanvases(check, `${file} (print)`, printed, 2);
        check.expect(printed.some((c) => c.visible), `${file}: no chart visible in print`);
        check.note(`${file}: chart widths screen ${screenWidths.map(Math.round).join(", ")} → print ${printed.map((c) => Math.round(c.cssWidth)).join(", ")}`);
        const vw = await page.evaluate(() => document.documentElement.clientWidth);
        for (const c of printed) check.expect(c.right <= vw + 1, `${file} (print): canvas #${c.index} ends at ${c.right} px, page is ${vw} px`);
        await shot(page, `${path.basename(file, ".html")}-print`, check);
        await page.emulateMedia({ media: "screen" });
      }),
    );
  }
  return checks;
}

async function scenarioRemove(browser, base) {
  return withPage(browser, "remove element", "desktop", async (page, check, context) => {
    await page.goto(`${base}/www/many.html`, { waitUntil: "load" });
    await waitSettled(page, check);
    const cdp = await context.newCDPSession(page);
    const listeners = async () => {
      const r = await cdp.send("Runtime.evaluate", {
        expression: `(() => {
          // Playwright's own input hooks (added on first use) are not the page's.
          const own = (t) => Object.entries(getEventListeners(t)).filter(([k]) => !k.startsWith("__playwright"))
            .map(([k, l]) => [k, l.filter((x) => !String(x.listener).includes("__playwright")).length]);
          const n = (t) => own(t).reduce((a, [, c]) => a + c, 0);
          const types = (t) => own(t).map(([k, c]) => k + ":" + c).join(" ");
          return { document: n(document), window: n(window), types: "document " + types(document) + "; window " + types(window) };
        })()`,
        includeCommandLineAPI: true,
        returnByValue: true,
      });
      return r.result.value;
    };
    // Let Playwright install its input hooks first, so they are in the baseline.
    await page.mouse.move(1, 1);
    await page.waitForFunction(() => true);
    const baseline = await listeners();
    const tips0 = await page.locator(".kc-tooltip").count();
    const id = await addChart(page, { width: 600, attrs: { chart: "activities", region: "all", lang: "en" } });
    const sel = `#${id} khuyencong-chart`;
    check.expect((await waitState(page, sel)) === "ready", "added chart did not become ready");
    await quiet(page);
    const mounted = await listeners();
    check.note(`listeners before: ${baseline.types}`);
    check.note(`listeners mounted: ${mounted.types}`);
    // One page-wide listener of each kind for every chart of the page (20 on many.html),
    // not one per chart.
    const charts = await page.evaluate(() => document.querySelectorAll(".kc-chart").length);
    for (const kind of ["document pointerdown", "document keydown", "window scroll", "window beforeprint", "window afterprint"]) {
      const [where, type] = kind.split(" ");
      const part = mounted.types.split("; ").find((p) => p.startsWith(where)) ?? "";
      const n = Number(new RegExp(`(?:^| )${type}:(\\d+)`).exec(part)?.[1] ?? 0);
      check.expect(n <= 1, `${kind}: ${n} listeners for ${charts} charts (one shared listener expected)`);
    }

    // Hover a bar so the tooltip and overlay are live when it goes away.
    const target = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      const b = el.handle.bars()[0];
      const r = el.querySelector("canvas.kc-canvas").getBoundingClientRect();
      return { x: r.left + b.x + b.w / 2, y: r.top + b.y + Math.max(1, b.h / 2) };
    }, sel);
    await page.mouse.move(target.x, target.y);
    await quiet(page);
    const tipShown = await page.evaluate((sel) => !document.querySelector(`${sel} .kc-tooltip`)?.hidden, sel);
    check.expect(tipShown, "hovering the first bar did not show its tooltip");

    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      window.__removed = el;
      el.remove();
    }, sel);
    await quiet(page);
    // Pointer traffic where the chart was and elsewhere: nothing may throw.
    for (let i = 0; i < 5; i++) await page.mouse.move(target.x + i * 20, target.y + i * 5);
    await page.mouse.click(target.x, target.y);
    await page.mouse.click(5, 5);
    await page.evaluate(() => window.dispatchEvent(new Event("resize")));
    await quiet(page, 300);

    const after = await listeners();
    check.note(`listeners after removal: ${after.types}`);
    check.expect(
      after.document === baseline.document && after.window === baseline.window,
      `listeners not removed: document ${baseline.document} → ${mounted.document} → ${after.document}, window ${baseline.window} → ${mounted.window} → ${after.window}`,
    );
    const tips = await page.locator(".kc-tooltip").count();
    check.expect(tips === tips0, `${tips - tips0} tooltip(s) left in the page after removal`);
    const calls = await page.evaluate(() => {
      const out = {};
      const chart = window.__removed.handle;
      for (const [name, args] of [["bars", []], ["tooltipAt", [10, 10]], ["resize", []], ["update", [{ chart: "funding", region: "phia-nam" }]]]) {
        try {
          chart[name](...args);
          out[name] = "no error";
        } catch (e) {
          out[name] = String(e.message);
        }
      }
      return { out, state: window.__removed.dataset.state, kids: window.__removed.querySelectorAll(".kc-chart").length };
    });
    for (const [name, msg] of Object.entries(calls.out)) {
      check.expect(/destroyed/.test(msg), `removed element's chart.${name}() gave "${msg}" (expected an error mentioning "destroyed")`);
    }
    check.expect(calls.kids === 0, `removed element still holds ${calls.kids} .kc-chart`);

    // Re-inserting the same element mounts a fresh chart.
    await page.evaluate(([id]) => document.getElementById(id).append(window.__removed), [id]);
    check.expect((await waitState(page, sel)) === "ready", "re-inserted element did not become ready");
    const fresh = await page.evaluate((sel) => document.querySelector(sel).handle.bars().length, sel);
    check.expect(fresh > 0, "re-inserted element's new chart has no bars");
  });
}

async function scenarioMany(browser, base) {
  return withPage(browser, "20 elements, one wasm", "desktop", async (page, check) => {
    const wasm = [];
    page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(r.url()); });
    await page.goto(`${base}/www/many.html`, { waitUntil: "load" });
    const states = await waitSettled(page, check);
    const els = states[0].elements;
    check.expect(els.length === 20, `many.html has ${els.length} elements (expected 20)`);
    check.expect(els.every((e) => e.state === "ready"), `not all 20 ready: ${els.map((e) => e.state).join(",")}`);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await quiet(page);
    const canvases = await page.evaluate(inspectCanvases);
    check.expect(canvases.length === 20, `${canvases.length} chart canvases (expected 20)`);
    checkCanvases(check, "many.html", canvases, 2);
    check.expect(wasm.length === 1, `${wasm.length} .wasm requests (expected 1: one shared instance)`);
  });
}

async function scenarioNoWasm(browser, base, mode) {
  const route =
    mode === "abort"
      ? ["**/*.wasm", (r) => r.abort()]
      : mode === "404"
        ? ["**/*.wasm", (r) => r.fulfill({ status: 404, contentType: "text/plain", body: "404 Not Found" })]
        : undefined;
  const noJs = mode === "nojs";
  const checks = [];
  for (const file of ["article.html", "exhibit.html"]) {
    checks.push(
      await withPage(
        browser,
        noJs ? `no JavaScript ${file}` : `no wasm (${mode}) ${file}`,
        "phone",
        async (page, check) => {
          await page.goto(`${base}/www/${file}`, { waitUntil: "load" });
          const els = noJs
            ? await page.locator("khuyencong-chart").evaluateAll((l) => l.map((e) => ({ chart: e.getAttribute("chart") })))
            : (await waitSettled(page, check))[0].elements;
          check.expect(els.length > 0, `${file} has no <khuyencong-chart>`);
          if (!noJs) {
            for (const e of els) check.expect(e.state === "error", `without wasm, chart=${e.chart} is "${e.state}" (expected "error")`);
          }
          const tables = await page.evaluate(() =>
            [...document.querySelectorAll("khuyencong-chart")].map((el) => {
              const t = el.querySelector("table.kc-fallback");
              if (!t) return { chart: el.getAttribute("chart"), table: false };
              // Every non-empty cell (a figure, its flags, its source) must be readable.
              const cells = [...t.querySelectorAll("td")].filter((td) => td.textContent.trim() !== "");
              const visible = cells.filter((td) => td.checkVisibility() && td.getBoundingClientRect().height > 0);
              return {
                chart: el.getAttribute("chart"),
                table: true,
                hidden: t.hidden || !t.checkVisibility(),
                caption: t.caption?.textContent.trim() ?? "",
                cells: cells.length,
                visible: visible.length,
              };
            }),
          );
          for (const t of tables) {
            if (!t.table) {
              check.fail(
                `${file}: <khuyencong-chart chart="${t.chart}"> has no table.kc-fallback — the <!-- kc-table … --> marker has not been filled by the table generator`,
              );
              continue;
            }
            check.expect(!t.hidden, `${file}: chart=${t.chart}: fallback table is hidden although the chart could not load`);
            check.expect(t.cells > 0 && t.visible === t.cells, `${file}: chart=${t.chart}: ${t.visible} of ${t.cells} fallback cells visible`);
            check.expect(t.caption.length > 0, `${file}: chart=${t.chart}: fallback table has no caption`);
          }
          const events = noJs ? els.map(() => "(scripts off)") : await page.evaluate(() => window.__kcErrors);
          check.expect(
            events.length === els.length && events.every((m) => typeof m === "string" && m.length > 0),
            `${file}: ${events.length} khuyencong-error event(s) for ${els.length} element(s): ${JSON.stringify(events.slice(0, 2))}`,
          );
          await shot(page, `${path.basename(file, ".html")}-nowasm-${mode}`, check);
        },
        { route, expected: (url) => url.endsWith(".wasm"), javaScriptEnabled: !noJs },
      ),
    );
  }
  return checks;
}

async function scenarioEmbedErrors(browser, base) {
  return withPage(browser, "embed: bad parameters", "phone", async (page, check) => {
    for (const [query, field] of [
      ["chart=pie&region=phia-nam", "chart"],
      ["chart=funding&region=mars", "region"],
      ["chart=funding&region=phia-nam&lang=fr", "lang"],
      ["", "chart"],
    ]) {
      await page.goto(`${base}/www/embed.html?${query}`, { waitUntil: "load" });
      await waitSettled(page, check);
      const r = await page.evaluate(() => ({
        state: document.querySelector("khuyencong-chart")?.dataset.state,
        error: document.querySelector(".kc-error")?.textContent ?? "",
        visible: document.querySelector(".kc-error")?.checkVisibility() ?? false,
      }));
      check.expect(r.state === "error", `embed.html?${query}: state "${r.state}" (expected "error")`);
      check.expect(r.visible && r.error.includes(field), `embed.html?${query}: error text ${JSON.stringify(r.error)} should name "${field}"`);
    }
    await shot(page, "embed-error", check);
  });
}

async function scenarioEmbedDark(browser, base) {
  return withPage(browser, "embed: dark colour scheme", "phone", async (page, check) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${base}/www/embed.html?chart=activities&region=all&lang=vi`, { waitUntil: "load" });
    await waitSettled(page, check);
    await quiet(page);
    const m = await page.evaluate(() => {
      const c = document.querySelector("canvas.kc-canvas");
      const px = c.getContext("2d").getImageData(2, 2, 1, 1).data;
      return { body: getComputedStyle(document.body).backgroundColor, corner: [...px] };
    });
    const lum = (m.corner[0] + m.corner[1] + m.corner[2]) / 3;
    check.expect(/rgb\(22, 24, 27\)/.test(m.body), `embed body is ${m.body} in dark mode`);
    check.expect(lum < 80, `chart background is rgb(${m.corner.slice(0, 3)}) in dark mode (theme auto should follow)`);
    checkCanvases(check, "embed (dark)", await page.evaluate(inspectCanvases), 2);
    await shot(page, "embed-dark", check);
  });
}

async function scenarioAttributes(browser, base) {
  const dataset = JSON.parse(await readFile(path.join(REPO, "data", "khuyencong.json"), "utf8"));
  const custom = structuredClone(dataset);
  const fig = custom.figures.find((f) => f.region === "phia-nam" && f.measure === "total_funding");
  fig.value = Math.round(fig.value * 1.5);
  return withPage(
    browser,
    "attributes and custom data",
    "desktop",
    async (page, check) => {
      await page.goto(`${base}/www/many.html`, { waitUntil: "load" });
      await waitSettled(page, check);

      // lang and region attributes redraw; a bad value shows the error, a good one recovers.
      const id = await addChart(page, { width: 600, attrs: { chart: "funding", region: "mien-trung-tay-nguyen", lang: "vi" } });
      const sel = `#${id} khuyencong-chart`;
      await waitState(page, sel);
      const vi = (await canvasIn(page, id))?.label;
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("lang", "en"), sel);
      await quiet(page);
      const en = (await canvasIn(page, id))?.label;
      check.expect(vi && en && vi !== en, `lang attribute did not change the chart (vi: ${vi}; en: ${en})`);
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("region", "nowhere"), sel);
      await quiet(page);
      const bad = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        return { state: el.dataset.state, error: el.querySelector(".kc-error")?.textContent ?? "" };
      }, sel);
      check.expect(bad.state === "error" && /region/.test(bad.error), `region="nowhere": ${JSON.stringify(bad)}`);
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("region", "phia-nam"), sel);
      const back = await waitState(page, sel, ["ready"], 5000).catch(() => "stuck");
      check.expect(back === "ready", `after a good region the element is "${back}"`);
      const left = await page.locator(`${sel} .kc-error`).count();
      check.expect(left === 0, `${left} stale .kc-error left after recovering`);
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("pixel-ratio", "1"), sel);
      await quiet(page);
      const pr = await canvasIn(page, id);
      check.expect(pr && pr.width === Math.round(pr.cssWidth), `pixel-ratio="1": backing ${pr?.width} for CSS ${pr?.cssWidth}`);
      // view="share": the % of plan view (its own title), the property reflects it; a bad value names the field.
      await page.evaluate((sel) => { document.querySelector(sel).view = "share"; }, sel);
      await quiet(page);
      const shareTitle = {
        attr: await page.evaluate((sel) => document.querySelector(sel).getAttribute("view"), sel),
        label: (await canvasIn(page, id))?.label ?? "",
      };
      check.expect(shareTitle.attr === "share" && /phần trăm kế hoạch|share of the plan/.test(shareTitle.label), `view="share": ${JSON.stringify(shareTitle)}`);
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("view", "pie"), sel);
      await quiet(page);
      const badView = await page.evaluate((sel) => document.querySelector(`${sel} .kc-error`)?.textContent ?? "", sel);
      check.expect(badView.includes("options.view"), `view="pie" error: ${badView}`);
      await page.evaluate((sel) => document.querySelector(sel).removeAttribute("view"), sel);
      await waitState(page, sel, ["ready"], 5000).catch(() => {});

      // The fallback table: hidden while the chart is drawn, back when options are rejected.
      const fbId = await addChart(page, {
        width: 600,
        attrs: { chart: "funding", region: "phia-nam" },
        inner: '<table class="kc-fallback"><caption>Bảng</caption><tbody><tr><td>54,06 tỷ đồng</td></tr></tbody></table>',
      });
      const fbSel = `#${fbId} khuyencong-chart`;
      await waitState(page, fbSel);
      const shown = () => page.evaluate((sel) => document.querySelector(`${sel} table.kc-fallback`).checkVisibility(), fbSel);
      check.expect(!(await shown()), "fallback table still visible while the chart is drawn");
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("chart", "pie"), fbSel);
      await quiet(page);
      check.expect(await shown(), "fallback table not shown again after a rejected chart attribute");
      await page.evaluate((sel) => document.querySelector(sel).setAttribute("chart", "activities"), fbSel);
      await waitState(page, fbSel, ["ready"], 5000).catch(() => {});
      check.expect(!(await shown()), "fallback table visible again after recovering");

      // Events.
      const events = await page.evaluate(async () => {
        const box = document.createElement("div");
        document.body.prepend(box);
        const got = [];
        const el = document.createElement("khuyencong-chart");
        el.setAttribute("chart", "funding");
        el.setAttribute("region", "nope");
        box.addEventListener("khuyencong-error", (e) => got.push(["error", e.detail.message]));
        box.addEventListener("khuyencong-ready", () => got.push(["ready"]));
        box.append(el);
        await new Promise((r) => setTimeout(r, 300));
        el.setAttribute("region", "phia-nam");
        await new Promise((r) => setTimeout(r, 300));
        box.remove();
        return got;
      });
      check.expect(
        events.length === 2 && events[0][0] === "error" && /region/.test(events[0][1]) && events[1][0] === "ready",
        `events: ${JSON.stringify(events)} (expected khuyencong-error naming region, then khuyencong-ready)`,
      );

      // Custom data from `src` (same-origin fetch) and from a JSON <script> child.
      const srcId = await addChart(page, { width: 600, attrs: { chart: "funding", region: "phia-nam", src: "custom-data.json" } });
      const srcState = await waitState(page, `#${srcId} khuyencong-chart`);
      const srcErr = await errorText(page, srcId);
      check.expect(srcState === "ready", `src="custom-data.json": "${srcState}" ${srcErr}`);
      if (srcState === "ready") {
        const values = await page.evaluate((id) => document.querySelector(`#${id} khuyencong-chart`).handle.bars().map((b) => b.value), srcId);
        check.expect(values.includes(fig.value), `src data not used: bar values ${values.join(", ")} lack ${fig.value}`);
      }
      const scriptId = await addChart(page, {
        width: 600,
        attrs: { chart: "funding", region: "phia-nam" },
        inner: `<script type="application/json">${JSON.stringify(custom).replace(/</g, "\\u003c")}</script>`,
      });
      const scriptState = await waitState(page, `#${scriptId} khuyencong-chart`);
      const scriptErr = await errorText(page, scriptId);
      check.expect(scriptState === "ready", `<script type="application/json"> data: "${scriptState}" ${scriptErr}`);
      const missing = await addChart(page, { attrs: { chart: "funding", region: "phia-nam", src: "missing.json" } });
      const missingState = await waitState(page, `#${missing} khuyencong-chart`);
      const missingErr = await errorText(page, missing);
      check.expect(missingState === "error" && /404/.test(missingErr), `src="missing.json": "${missingState}" ${missingErr}`);

      // theme attribute.
      const themeId = await addChart(page, { width: 600, attrs: { chart: "activities", region: "all", theme: "dark" } });
      const themeState = await waitState(page, `#${themeId} khuyencong-chart`);
      const themeErr = await errorText(page, themeId);
      check.expect(themeState === "ready", `theme="dark": "${themeState}" ${themeErr}`);
    },
    {
      route: [
        /\/www\/(custom-data|missing)\.json$/,
        (r) =>
          r.request().url().endsWith("custom-data.json")
            ? r.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(custom) })
            : r.fallback(),
      ],
      expected: (url) => url.endsWith("/missing.json"),
    },
  );
}

// ---------------------------------------------------------------- main

function report(check) {
  const ok = check.failures.length === 0;
  console.log(`[pages] ${ok ? "ok  " : "FAIL"} ${check.name}`);
  for (const n of check.notes) console.log(`[pages]        ${n}`);
  for (const f of check.failures) console.error(`[pages]      - ${f}`);
  return ok;
}

async function main() {
  const files = (await readdir(path.join(REPO, "www"))).filter((f) => f.endsWith(".html")).sort();
  const { server, url } = await start(0);
  const browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  const want = (name) => ONLY.length === 0 || ONLY.includes(name);
  const run = async (fn) => {
    const t0 = Date.now();
    let result;
    try {
      result = await fn();
    } catch (err) {
      const c = new Check(fn.name || "check");
      c.fail(`crashed: ${err.stack || err}`);
      result = c;
    }
    for (const c of [].concat(result)) {
      c.notes.push(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
      if (report(c)) passed++;
      else failed++;
    }
  };
  try {
    console.log(`[pages] serving ${REPO} at ${url}; browser ${EXECUTABLE}; pages: ${files.join(", ")}`);
    if (want("pages")) {
      for (const file of files) {
        for (const vpName of Object.keys(VIEWPORTS)) await run(() => checkPage(browser, url, file, vpName));
      }
    }
    if (want("hidden")) await run(() => scenarioHiddenAndResize(browser, url));
    if (want("padding")) await run(() => scenarioPadding(browser, url));
    if (want("print")) await run(() => scenarioPrint(browser, url));
    if (want("remove")) await run(() => scenarioRemove(browser, url));
    if (want("many")) await run(() => scenarioMany(browser, url));
    if (want("nowasm")) {
      await run(() => scenarioNoWasm(browser, url, "abort"));
      await run(() => scenarioNoWasm(browser, url, "404"));
      await run(() => scenarioNoWasm(browser, url, "nojs"));
    }
    if (want("embed")) {
      await run(() => scenarioEmbedErrors(browser, url));
      await run(() => scenarioEmbedDark(browser, url));
    }
    if (want("attributes")) await run(() => scenarioAttributes(browser, url));
  } finally {
    await browser.close().catch(() => {});
    server.close();
    server.closeAllConnections?.();
  }
  console.log(`pages: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`[pages] FAIL: ${err.stack || err}`);
  process.exit(1);
});
