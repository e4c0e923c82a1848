#!/usr/bin/env node
// Accessibility test (issue #3): every reader reaches every figure — axe-core
// on every page, keyboard, touch, no JavaScript, dark / forced colours,
// reduced motion. Serves www/ + pkg/ with scripts/serve.mjs (the strict CSP)
// and drives Debian's Chromium through playwright-core, like smoke.mjs and
// pages.mjs.
//
//   1. axe: axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice)
//      on every www/*.html page (new pages are picked up; iframes included)
//      once its charts are ready, at 1366x768 and 360x740 (isMobile,
//      hasTouch), light and dark (emulateMedia colorScheme); on index.html
//      also with the first data table open and with a tooltip shown, and
//      with the .wasm blocked (fallback tables). Any violation fails,
//      printed with its id, impact, target selectors and help.
//      axe is injected WITHOUT weakening the CSP: the context fulfils the
//      same-origin URL /www/__axe.min.js (context.route) with
//      node_modules/axe-core/axe.min.js and each frame gets
//      <script src="/www/__axe.min.js"> (addScriptTag({url})), which
//      `script-src 'self'` allows. No bypassCSP anywhere.
//   2. keyboard (index.html, desktop): Tab from the top reaches the first
//      chart's legend buttons, then its notes (annotations: one Tab stop,
//      arrows between them; each
//      named by its text, which shows where it stands while focused), then
//      its first bar button; the live region
//      speaks each bar (= its aria-label) and the tooltip shows; arrows /
//      Home / End visit every bar and the known figures (48.331 triệu đồng
//      plan 2017, 19.900 triệu đồng = 19,9 tỷ đồng in 6 months of 2020,
//      23.600 triệu đồng national 2017) are announced; a focus ring is drawn
//      (screenshot pixels around the bar change, a highlight box round it); Escape hides
//      the tooltip; one tab stop per chart's bars (roving tabindex), Tab
//      leaves the group, Shift+Tab comes back to the same bar; Enter / Space
//      on a legend button toggles aria-pressed, announces "Đã ẩn …" / "Đã
//      hiện …" and keeps a visible outline. Then Tab through the whole page:
//      every chart is legend → its notes → one bar stop → table toggle, and the arrow
//      keys reach every bar of every chart. The right-most bar's tooltip
//      stays inside the viewport, also at its bottom and top edges.
//   3. touch (360x740, hasTouch, isMobile): a tap on a bar shows the tooltip
//      of the figure under the finger, inside the viewport; a tap elsewhere
//      hides it; a pinned tooltip does not stay behind when the page
//      scrolls; the right-most bar and bars at the bottom / top of the
//      viewport keep their tooltip inside.
//   4. no JavaScript (desktop and phone) and no wasm: index.html shows every
//      figure in visible table.kc-fallback rows without sideways scrolling,
//      and each table lists exactly the figures of `khuyencong-render
//      --format csv` for its chart (period, measure, basis).
//   5. screenshots target/screenshots/a11y-*.png: dark, forced colours
//      (light and dark), focused bar with tooltip, data table open, touch
//      tooltip on a phone, no-JS tables. Look at them.
//   6. prefers-reduced-motion: reduce: no CSS animation or transition runs
//      on the component's elements after hover, focus and a legend toggle.
//
//   node tests/e2e/a11y.mjs        (after scripts/build.sh; `cargo run` builds khuyencong-render if needed)
//
// Env: CHROMIUM (default /usr/bin/chromium), A11Y_TIMEOUT_MS (30000),
// A11Y_ONLY (comma-separated check names: axe,keyboard,touch,nojs,shots,motion).

import { execFile } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { chromium } from "playwright-core";
import { start } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const TIMEOUT = Number(process.env.A11Y_TIMEOUT_MS || 30000);
const ONLY = (process.env.A11Y_ONLY || "").split(",").map((s) => s.trim()).filter(Boolean);
const AXE_FILE = path.join(REPO, "node_modules", "axe-core", "axe.min.js");
const AXE_URL_PATH = "/www/__axe.min.js";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];


const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

// Pages that need a query string; every other www/*.html is opened as is.
const PAGE_PATHS = {
  "embed.html": "/www/embed.html?chart=funding&region=mien-trung-tay-nguyen&lang=vi",
  // The exhibit in its dark theme: page and charts (contrast of the page's own colours).
  "exhibit.html (theme=dark)": "/www/exhibit.html?theme=dark",
};
const EXTRA_PAGES = ["exhibit.html (theme=dark)"];

const INIT_SCRIPT = `
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "(inline)") +
      (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : ""));
  }, true);
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

function watch(page, check) {
  page.on("console", (msg) => {
    if (msg.type() === "error") check.fail(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => check.fail(`page error: ${err.stack || err.message || err}`));
}

async function cspViolations(page, check) {
  for (const frame of page.frames()) {
    try {
      for (const v of await frame.evaluate(() => window.__csp || [])) check.fail(`CSP violation in ${frame.url()}: ${v}`);
    } catch {
      // detached frame
    }
  }
}

/** Runs in a frame: are its charts done (ready or failed)? */
function frameSettled() {
  const els = [...document.querySelectorAll("khuyencong-chart")];
  const gallery = document.documentElement.dataset.chartsReady ?? null;
  const elementsDone = els.every((e) => e.dataset.state === "ready" || e.dataset.state === "error");
  const galleryDone = gallery === null || gallery === "true" || gallery === "error";
  return {
    done: elementsDone && galleryDone,
    errors: els.filter((e) => e.dataset.state === "error").length + (gallery === "error" ? 1 : 0),
    charts: document.querySelectorAll("canvas.kc-canvas").length,
  };
}

/** Waits until every chart in every frame is drawn (or failed). */
async function waitSettled(page, check) {
  const t0 = Date.now();
  for (;;) {
    const states = [];
    for (const frame of page.frames()) {
      try {
        states.push(await frame.evaluate(frameSettled));
      } catch {
        // navigating
      }
    }
    if (states.length === page.frames().length && states.every((s) => s.done)) {
      const errors = states.reduce((n, s) => n + s.errors, 0);
      check.expect(errors === 0, `${errors} chart(s) failed to draw on ${page.url()}`);
      return states.reduce((n, s) => n + s.charts, 0);
    }
    if (Date.now() - t0 > TIMEOUT) {
      check.fail(`charts not ready within ${TIMEOUT} ms on ${page.url()}: ${JSON.stringify(states)}`);
      return 0;
    }
    await page.waitForTimeout(100);
  }
}

/** Two animation frames plus a little: pending relayouts and paints land. */
async function quiet(page, ms = 100) {
  await page.evaluate(
    (ms) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms)))),
    ms,
  );
}

async function shot(page, name, check, options = {}) {
  await mkdir(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `a11y-${name}.png`);
  await page.screenshot({ path: file, ...options });
  check.note(`screenshot ${path.relative(REPO, file)}`);
  return file;
}

async function newContext(browser, vpName, extra = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[vpName], ...extra });
  await context.addInitScript(INIT_SCRIPT);
  return context;
}

/** Opens a page and waits for its charts. */
async function open(context, check, base, pagePath) {
  const page = await context.newPage();
  watch(page, check);
  const res = await page.goto(base + pagePath, { waitUntil: "load", timeout: TIMEOUT });
  check.expect(res && res.ok(), `HTTP ${res?.status()} for ${pagePath}`);
  await waitSettled(page, check);
  await quiet(page, 150);
  return page;
}

// ---------------------------------------------------------------- PNG (screenshots -> pixels)

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium's screenshots are). */
function decodePng(buf) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const colour = data[9];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || data[12] !== 0) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${data[12]})`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      break;
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  const prev = Buffer.alloc(stride);
  const cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = cur[x * channels];
      out[o + 1] = cur[x * channels + 1];
      out[o + 2] = cur[x * channels + 2];
      out[o + 3] = channels === 4 ? cur[x * channels + 3] : 255;
    }
    cur.copy(prev);
  }
  return { width, height, data: out };
}

// ---------------------------------------------------------------- 1. axe

let AXE_SOURCE = null;

async function withAxeRoute(context) {
  AXE_SOURCE ??= await readFile(AXE_FILE, "utf8");
  await context.route(`**${AXE_URL_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: AXE_SOURCE }),
  );
}

/** Runs axe in the page (and its frames); returns the violations as readable lines. */
async function runAxe(page, base) {
  for (const frame of page.frames()) {
    if (!frame.url().startsWith(base)) continue;
    const has = await frame.evaluate(() => typeof window.axe === "object").catch(() => false);
    if (!has) await frame.addScriptTag({ url: base + AXE_URL_PATH });
  }
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
      iframes: true,
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => [].concat(t).join(" >>> ")).join(" | "),
        summary: (n.failureSummary || "").split("\n").slice(0, 3).join(" ").replace(/\s+/g, " ").trim(),
      })),
    }));
  }, AXE_TAGS);
  return violations;
}

function reportViolations(check, where, violations) {
  for (const v of violations) {
    const nodes = v.nodes
      .slice(0, 6)
      .map((n) => `\n          target: ${n.target}\n            ${n.summary}`)
      .join("");
    const more = v.nodes.length > 6 ? `\n          … and ${v.nodes.length - 6} more node(s)` : "";
    check.fail(`${where}: axe ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})${nodes}${more}`);
  }
}

async function checkAxe(browser, base) {
  const files = (await readdir(path.join(REPO, "www"))).filter((f) => f.endsWith(".html")).sort().concat(EXTRA_PAGES);
  // The two viewports run side by side (each in its own context) to keep the test short.
  const perViewport = await Promise.all(Object.keys(VIEWPORTS).map((vpName) => axeViewport(browser, base, files, vpName)));
  return perViewport.flat();
}

async function axeViewport(browser, base, files, vpName) {
  const checks = [];
  const context = await newContext(browser, vpName);
  await withAxeRoute(context);
  try {
    for (const file of files) {
      const check = new Check(`axe ${file} @ ${vpName} (light, dark)`);
      checks.push(check);
      const pagePath = PAGE_PATHS[file] || `/www/${file}`;
      let page;
      try {
        const t0 = Date.now();
        page = await open(context, check, base, pagePath);
        if (file === "embed-snippet.html") {
          // Lazy iframes: wait until both embeds have drawn (they report their height).
          await page
            .waitForFunction(() => Number(document.documentElement.dataset.embedsSized || 0) >= 2, null, { timeout: TIMEOUT })
            .catch(() => check.fail("the embedded iframes never reported their height"));
          await waitSettled(page, check);
        }
        if (file === "exhibit.html (theme=dark)") {
          // The page itself is dark, not only its charts.
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const [r, g, b] = (bg.match(/\d+/g) || []).map(Number);
          check.expect(r + g + b < 120, `theme=dark: the page's background is ${bg}, not dark`);
        }
        let counted = 0;
        for (const scheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme: scheme });
          await quiet(page, 150);
          const v = await runAxe(page, base);
          counted += v.length;
          reportViolations(check, `${pagePath} @ ${vpName} ${scheme}`, v);
        }
        check.note(`${counted} violation(s) (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        await cspViolations(page, check);
        if (file === "index.html") {
          const states = new Check(`axe index.html @ ${vpName}: data table open, tooltip shown, % of plan and one scale (light, dark)`);
          checks.push(states);
          await axeStates(page, states, base, vpName).catch((err) => states.fail(`crashed: ${err.stack || err}`));
        }
      } catch (err) {
        check.fail(`crashed: ${err.stack || err}`);
      } finally {
        await page?.close();
      }
    }
  } finally {
    await context.close();
  }
  return checks;
}

/** axe on an open index.html with its first data table open, then with a tooltip shown (light and dark). */
async function axeStates(page, check, base, vpName) {
  const toggle = page.locator(".kc-table-toggle").first();
  await toggle.click();
  await quiet(page);
  check.expect((await toggle.getAttribute("aria-expanded")) === "true", "table toggle did not set aria-expanded=true");
  const tableShown = await page.evaluate(() => {
    const t = document.querySelector(".kc-chart .kc-table");
    return !!t && t.checkVisibility() && t.getBoundingClientRect().height > 50;
  });
  check.expect(tableShown, "table.kc-table not visible after clicking .kc-table-toggle");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await quiet(page, 100);
    reportViolations(check, `index.html @ ${vpName} ${scheme}, data table open`, await runAxe(page, base));
  }
  if (vpName === "desktop") {
    await page.emulateMedia({ colorScheme: "light" });
    await quiet(page, 100);
    await shot(page, "table-open", check, { fullPage: false, clip: await clipAround(page, ".kc-chart .kc-table-box", 700) });
  }
  await toggle.click();

  // A tooltip, shown by keyboard focus on a bar.
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await quiet(page, 100);
    await page.locator(".kc-keys button.kc-key").nth(2).focus();
    await quiet(page);
    const tipShown = await page.evaluate(() => [...document.querySelectorAll(".kc-tooltip")].some((t) => !t.hidden));
    check.expect(tipShown, `no .kc-tooltip shown for a focused bar (${scheme})`);
    reportViolations(check, `index.html @ ${vpName} ${scheme}, tooltip shown`, await runAxe(page, base));
    await page.evaluate(() => document.activeElement?.blur());
  }

  // The second way to compare: funding as % of plan, activities on one scale (issue 15).
  await page.locator("#view-toggle").click();
  await page.locator("#scale-toggle").click();
  await quiet(page, 200);
  const said = await page.evaluate(() => {
    const summary = (el) => document.getElementById(el?.getAttribute("aria-describedby") || "")?.textContent || "";
    const canvases = [...document.querySelectorAll(".chart canvas.kc-canvas")];
    return {
      pressed: ["view-toggle", "scale-toggle"].map((id) => document.getElementById(id).getAttribute("aria-pressed")),
      funding: summary(canvases[0]),
      activities: summary(canvases[2]),
    };
  });
  check.expect(said.pressed.every((p) => p === "true"), `toggles not pressed: ${said.pressed}`);
  check.expect(said.funding.includes("phần trăm kế hoạch"), `funding summary not the % of plan view: ${said.funding.slice(0, 120)}`);
  check.expect(said.activities.includes("chung một thang đo"), `activities summary not on one scale: ${said.activities.slice(0, 120)}`);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await quiet(page, 100);
    reportViolations(check, `index.html @ ${vpName} ${scheme}, % of plan and one scale`, await runAxe(page, base));
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (vpName === "desktop") await shot(page, "views", check, { fullPage: true });
  await page.locator("#view-toggle").click();
  await page.locator("#scale-toggle").click();
}

/** A viewport clip starting at an element, `height` px tall (scrolls it into view). */
async function clipAround(page, selector, height) {
  const el = page.locator(selector).first();
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const vp = page.viewportSize();
  const y = Math.max(0, box.y - 60);
  return { x: 0, y, width: vp.width, height: Math.min(height, vp.height - y) };
}

// ---------------------------------------------------------------- 2. keyboard

/** Runs in the page: what has focus, described. */
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body) return { kind: "body" };
  const chart = el.closest(".kc-chart");
  const charts = [...document.querySelectorAll(".kc-chart")];
  const live = chart?.querySelector(".kc-live")?.textContent ?? null;
  const tip = chart?.querySelector(".kc-tooltip");
  return {
    kind: el.matches("button.kc-key")
      ? "key"
      : el.matches("button.kc-note")
        ? "note"
      : el.matches(".kc-legend button")
        ? "legend"
        : el.matches(".kc-table-toggle")
          ? "toggle"
          : el.tagName.toLowerCase(),
    chart: chart ? charts.indexOf(chart) : -1,
    nav: el.getAttribute("data-nav"),
    note: el.getAttribute("data-note"),
    series: el.getAttribute("data-series"),
    pressed: el.getAttribute("aria-pressed"),
    label: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 80),
    shown: el.matches("button.kc-note") ? { text: el.textContent, opacity: getComputedStyle(el).opacity, box: el.getBoundingClientRect().toJSON() } : null,
    live,
    tipShown: tip ? !tip.hidden : null,
    tipText: tip && !tip.hidden ? tip.textContent : null,
  };
}

const KNOWN_FIGURES = [
  {
    what: "2017 plan of miền Trung – Tây Nguyên (48.331 triệu đồng)",
    test: (t) => /48\.331 triệu đồng/.test(t) && /năm 2017/.test(t) && /Kế hoạch/.test(t) && /Tổng kinh phí/.test(t),
  },
  {
    what: "6 months of 2020 actual (19.900 triệu đồng / 19,9 tỷ đồng)",
    test: (t) => /(19\.900 triệu đồng|19,9 tỷ đồng)/.test(t) && /6 tháng đầu năm 2020/.test(t) && /Thực hiện/.test(t),
  },
  {
    what: "2017 national funding plan (23.600 triệu đồng)",
    test: (t) => /23\.600 triệu đồng/.test(t) && /quốc gia/.test(t),
  },
];

async function checkKeyboard(browser, base) {
  const check = new Check("keyboard on index.html (desktop)");
  const context = await newContext(browser, "desktop");
  try {
    const page = await open(context, check, base, "/www/index.html");
    const tabStops = await page.evaluate(() =>
      [...document.querySelectorAll(".kc-chart")].map((c) => c.querySelectorAll('.kc-keys button[tabindex="0"]').length),
    );
    check.expect(
      tabStops.length >= 4 && tabStops.every((n) => n === 1),
      `each chart's bar buttons must be one tab stop (roving tabindex): tabindex=0 per chart ${JSON.stringify(tabStops)}`,
    );

    // Tab from the top of the page to the first chart's first bar.
    await page.evaluate(() => document.activeElement?.blur());
    const order = [];
    const notesHeard = [];
    let info = null;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      info = await page.evaluate(focusInfo);
      order.push(info.kind === "legend" ? `legend:${info.series}` : info.kind);
      if (info.kind === "note") {
        // One Tab stop for the notes; the arrow keys visit every one of them.
        notesHeard.push(info);
        const n = await page.locator(".kc-chart").first().locator("button.kc-note").count();
        for (let k = 1; k < n + 1; k++) {
          await page.keyboard.press("ArrowRight");
          const next = await page.evaluate(focusInfo);
          if (next.kind === "note" && !notesHeard.some((h) => h.note === next.note)) notesHeard.push(next);
        }
        await page.keyboard.press("Home");
      }
      if (info.kind === "key") break;
    }
    check.note(`tab order to the first bar: ${order.join(" → ")}`);
    if (!check.expect(info?.kind === "key" && info.chart === 0, `Tab never reached a bar button of the first chart (order: ${order.join(", ")})`)) {
      return check;
    }
    const legendStops = order.filter((o) => o.startsWith("legend:"));
    check.expect(legendStops.length >= 2, `legend buttons not reached by Tab before the bars: ${order.join(", ")}`);
    // The chart's notes: their own stop (one Tab, arrows between), after the legend and before the bars,
    // each named by its text and showing it where it stands while focused.
    const noteCount = await page.locator(".kc-chart").first().locator("button.kc-note").count();
    check.expect(noteCount >= 3, `the first chart has ${noteCount} note stops, expected its annotations (≥ 3)`);
    check.expect(order.filter((o) => o === "note").length === 1, `the notes are ${order.filter((o) => o === "note").length} Tab stops, expected one (arrows between them): ${order.join(" → ")}`);
    check.expect(notesHeard.length === noteCount, `Tab and the arrow keys reached ${notesHeard.length} of ${noteCount} note stops before the bars (${order.join(", ")})`);
    const lastLegend = order.map((o) => o.startsWith("legend:")).lastIndexOf(true);
    check.expect(order.indexOf("note") > lastLegend && order.lastIndexOf("note") < order.indexOf("key"), `notes not between the legend and the bars: ${order.join(" → ")}`);
    check.expect(new Set(notesHeard.map((n) => n.label)).size === notesHeard.length, `two note stops have the same name: ${notesHeard.map((n) => n.label).join(" | ")}`);
    for (const n of notesHeard) {
      const text = (n.shown?.text ?? "").trim();
      check.expect(text.length > 5 && (n.label ?? "").includes(text), `note stop named "${n.label}" shows "${text}" while focused`);
      check.expect(n.shown && Number(n.shown.opacity) === 1 && n.shown.box.width > 20, `focused note "${text}" not visible: ${JSON.stringify(n.shown)}`);
    }
    check.expect(
      notesHeard.some((n) => /Bằng 19,19 % tổng kinh phí khuyến công cả nước/.test(n.label ?? "")),
      `no note stop says the 2017 share of the country's funding: ${notesHeard.map((n) => n.label).join(" | ")}`,
    );
    check.expect(info.nav === "0", `Tab landed on bar data-nav=${info.nav}, expected the first bar (0)`);
    // The figure reaches a screen reader once: as the bar button's name, not also live.
    check.expect(info.label && info.live !== info.label, `the live region repeats the focused bar's name "${info.label}"`);
    check.expect(!/[*?≈·]/.test(info.label ?? ""), `a bare sign in the bar's name "${info.label}"`);
    check.expect(info.tipShown === true, "tooltip not shown for the focused bar");

    // Focus ring: the overlay draws around the bar (pixels of the page change there).
    await focusRing(page, check);
    await shot(page, "focus-tooltip", check, { fullPage: false });

    // Visit every bar with the arrow keys; collect what each bar's name says.
    const tour = await arrowTour(page, check, 0);
    const texts = [...tour.heard.values()];
    for (const k of KNOWN_FIGURES) {
      check.expect(texts.some(k.test), `no bar's name says the ${k.what}; heard:\n          ${texts.join("\n          ")}`);
    }
    const keyCount = tour.keyCount;
    const press = (key) => pressIn(page, check, 0, key, tour.heard);
    const f = tour.last;
    const left = await press("ArrowLeft");
    check.expect(left && left.nav !== f?.nav, "ArrowLeft from the last period did not move");
    const end = await press("End");
    check.expect(end?.nav === String(keyCount - 1), `End went to data-nav=${end?.nav}, expected ${keyCount - 1}`);
    const home = await press("Home");
    check.expect(home?.nav === "0", `Home went to data-nav=${home?.nav}, expected 0`);

    // Escape closes the tooltip, focus stays.
    await press("ArrowRight");
    const before = await page.evaluate(focusInfo);
    check.expect(before.tipShown === true, "tooltip hidden while a bar has focus");
    await page.keyboard.press("Escape");
    const after = await page.evaluate(focusInfo);
    check.expect(after.tipShown === false, "Escape did not hide the tooltip");
    check.expect(after.kind === "key" && after.nav === before.nav, `Escape moved focus (${before.nav} → ${after.kind} ${after.nav})`);

    // Roving tabindex: Tab leaves the bars at once; Shift+Tab returns to the same bar.
    const stops = await page.evaluate(() =>
      [...document.querySelectorAll(".kc-chart")[0].querySelectorAll(".kc-keys button.kc-key")].filter((b) => b.tabIndex === 0).map((b) => b.dataset.nav),
    );
    check.expect(stops.length === 1 && stops[0] === before.nav, `tabindex=0 on bars ${JSON.stringify(stops)}, expected only the focused ${before.nav}`);
    await page.keyboard.press("Tab");
    const out = await page.evaluate(focusInfo);
    check.expect(out.kind !== "key" || out.chart !== 0, `Tab from a bar went to another bar of the same chart (data-nav ${out.nav})`);
    check.expect(out.kind === "toggle" && out.chart === 0, `Tab from the bars went to ${out.kind} in chart ${out.chart}, expected the data-table toggle`);
    const tipAfterTab = await page.evaluate(() => !document.querySelectorAll(".kc-tooltip")[0].hidden);
    check.expect(!tipAfterTab, "tooltip still shown after focus left the bars");
    await page.keyboard.press("Shift+Tab");
    const back = await page.evaluate(focusInfo);
    check.expect(back.kind === "key" && back.nav === before.nav, `Shift+Tab returned to ${back.kind} ${back.nav}, expected bar ${before.nav}`);

    // Legend: Shift+Tab (back over the note stops) reaches the legend buttons; Enter and
    // Space toggle the series.
    let leg = null;
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Shift+Tab");
      leg = await page.evaluate(focusInfo);
      if (leg.kind !== "note") break;
    }
    if (check.expect(leg.kind === "legend" && leg.chart === 0, `Shift+Tab from the bars went to ${leg.kind}, expected a legend button`)) {
      check.expect(leg.pressed === "true", `legend button "${leg.label}" starts with aria-pressed=${leg.pressed}`);
      const keysBefore = await page.locator(".kc-chart").first().locator("button.kc-key").count();
      await page.keyboard.press("Enter");
      await quiet(page);
      const hidden = await page.evaluate(focusInfo);
      check.expect(hidden.kind === "legend" && hidden.series === leg.series, `focus left the legend button after Enter (now ${hidden.kind})`);
      check.expect(hidden.pressed === "false", `Enter on legend "${leg.label}": aria-pressed=${hidden.pressed}, expected false`);
      check.expect(/^Đã ẩn /.test(hidden.live || ""), `Enter on legend "${leg.label}": live region says "${hidden.live}", expected "Đã ẩn …"`);
      const keysHidden = await page.locator(".kc-chart").first().locator("button.kc-key").count();
      // Its years go (a year with only that series), a pair's rate becomes a gauge.
      check.expect(keysHidden !== keysBefore, `hiding series "${leg.series}" left the ${keysBefore} bar buttons as they were`);
      await page.keyboard.press("Space");
      await quiet(page);
      const shown = await page.evaluate(focusInfo);
      check.expect(shown.pressed === "true", `Space on legend "${leg.label}": aria-pressed=${shown.pressed}, expected true`);
      check.expect(/^Đã hiện /.test(shown.live || ""), `Space on legend "${leg.label}": live region says "${shown.live}", expected "Đã hiện …"`);
      const legendFocus = await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        return { outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), box: el.getBoundingClientRect().toJSON() };
      });
      check.expect(
        legendFocus.outline !== "none" && legendFocus.width >= 2 && legendFocus.box.width > 4,
        `focused legend button has no visible focus outline: ${JSON.stringify(legendFocus)}`,
      );
    }

    // The whole page by Tab: every chart is one legend group, ONE bar stop, then its
    // table toggle; on each chart's bar stop, arrow through all its bars.
    // (blur() alone keeps the sequential-focus starting point: click the top-left corner.)
    await page.evaluate(() => {
      document.activeElement?.blur();
      window.scrollTo(0, 0);
    });
    await page.mouse.click(2, 2);
    const charts = await page.locator(".kc-chart").count();
    const perChart = Array.from({ length: charts }, () => []);
    let stopsTotal = 0;
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("Tab");
      const t = await page.evaluate(focusInfo);
      if (t.kind === "body") break;
      stopsTotal++;
      if (t.chart < 0) {
        if (stopsTotal > 1 && perChart.some((c) => c.length)) {
          // Past the charts (footer, or wrapped around to the top): done.
          if (perChart[charts - 1].length) break;
        }
        continue;
      }
      perChart[t.chart].push(t.kind);
      if (t.kind === "key" && t.chart > 0) await arrowTour(page, check, t.chart);
    }
    for (const [c, kinds] of perChart.entries()) {
      const keys = kinds.filter((k) => k === "key").length;
      const seq = kinds.join(" → ");
      check.expect(keys === 1, `chart #${c}: Tab stopped on ${keys} bar button(s), expected exactly 1 (${seq || "never reached"})`);
      check.expect(
        kinds.indexOf("legend") >= 0 && kinds.indexOf("legend") < kinds.indexOf("key") && kinds.indexOf("key") < kinds.indexOf("toggle"),
        `chart #${c}: Tab order ${seq}, expected legend → key → toggle`,
      );
      // Notes, where a chart has them, come after its legend and before its bars.
      if (kinds.includes("note")) {
        check.expect(
          kinds.lastIndexOf("legend") < kinds.indexOf("note") && kinds.lastIndexOf("note") < kinds.indexOf("key"),
          `chart #${c}: Tab order ${seq}, expected legend → notes → key`,
        );
      }
    }
    check.note(`Tab stops per chart: ${perChart.map((k) => k.length).join(", ")}; arrow keys reached every bar of ${charts} charts`);

    // Desktop edges: the right-most bar on the page and a bar at the bottom of the
    // viewport keep their tooltip inside the viewport (it flips to the left / up).
    const edgeBars = await page.evaluate(() => {
      const all = [...document.querySelectorAll("button.kc-key")];
      // The bar starting furthest right (a narrow column near the page's right edge).
      const right = all.reduce((best, b, i) => (b.getBoundingClientRect().left > all[best].getBoundingClientRect().left ? i : best), 0);
      return { right, count: all.length };
    });
    const edgeKey = page.locator("button.kc-key").nth(edgeBars.right);
    for (const place of ["as focused", "at the bottom edge", "at the top edge"]) {
      await page.evaluate(() => document.activeElement?.blur());
      await edgeKey.focus();
      if (place !== "as focused") {
        await page.evaluate((place) => {
          const b = document.activeElement.getBoundingClientRect();
          window.scrollBy(0, place === "at the bottom edge" ? b.bottom - (window.innerHeight - 2) : b.top - 2);
        }, place);
        await page.evaluate(() => document.activeElement?.blur());
        await quiet(page, 50);
        await edgeKey.focus({ preventScroll: true }).catch(() => edgeKey.focus());
      }
      await quiet(page);
      const t = await page.evaluate(tipBox);
      const bar = await edgeKey.boundingBox();
      if (check.expect(t, `no tooltip for the right-most bar ${place}`)) {
        check.note(`right-most bar (x ${Math.round(bar.x)}–${Math.round(bar.x + bar.width)}) ${place}: tooltip x ${Math.round(t.left)}–${Math.round(t.right)}, y ${Math.round(t.top)}–${Math.round(t.bottom)}`);
        check.expect(inside(t), `tooltip of the right-most bar ${place} is not inside the ${t.vw}x${t.vh} viewport: ${JSON.stringify({ ...t, text: undefined })}`);
      }
    }
    await cspViolations(page, check);
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  } finally {
    await context.close();
  }
  return check;
}

/** Presses a key on a bar button of chart `chart`; checks focus stayed there and the live region speaks it. */
async function pressIn(page, check, chart, key, heard) {
  await page.keyboard.press(key);
  const f = await page.evaluate(focusInfo);
  if (f.kind !== "key" || f.chart !== chart) {
    check.fail(`chart #${chart}: ${key} moved focus out of the chart's bars (to ${f.kind} in chart ${f.chart})`);
    return null;
  }
  if (f.live && f.live === f.label) check.fail(`chart #${chart}: after ${key} the live region repeats the bar's name "${f.label}"`);
  if (/[*?≈·]/.test(f.label ?? "")) check.fail(`chart #${chart}: a bare sign in the name "${f.label}"`);
  if (!f.tipShown) check.fail(`chart #${chart}: after ${key} no tooltip is shown for bar ${f.nav}`);
  heard?.set(f.nav, f.label);
  return f;
}

/**
 * With focus on a bar of chart `chart`: Home, then for each period every bar
 * (ArrowDown / ArrowUp) and ArrowRight to the next. Every bar must be heard.
 */
async function arrowTour(page, check, chart) {
  const keyCount = await page.locator(".kc-chart").nth(chart).locator("button.kc-key").count();
  const heard = new Map(); // data-nav -> live text
  const press = (key) => pressIn(page, check, chart, key, heard);
  let f = await press("Home");
  check.expect(f?.nav === "0", `chart #${chart}: Home went to data-nav=${f?.nav}, expected 0`);
  const seen = new Set();
  for (let step = 0; step <= keyCount && f; step++) {
    let at = f;
    for (const key of ["ArrowDown", "ArrowUp"]) {
      for (let i = 0; i < keyCount; i++) {
        const next = await press(key);
        if (!next || next.nav === at.nav) break;
        at = next;
      }
    }
    seen.add(f.nav);
    const right = await press("ArrowRight");
    if (!right || right.nav === at.nav || seen.has(right.nav)) break;
    f = right;
  }
  const missing = [...Array(keyCount).keys()].filter((i) => !heard.has(String(i)));
  check.expect(
    keyCount > 0 && missing.length === 0,
    `chart #${chart}: the arrow keys reached ${heard.size} of ${keyCount} bars (never: data-nav ${missing.join(", ")})`,
  );
  return { heard, keyCount, last: await page.evaluate(focusInfo) };
}

/** The focused bar gets a ring: screenshot pixels just around it change. */
async function focusRing(page, check) {
  const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
  const pad = 4;
  const clip = { x: Math.max(0, box.x - pad), y: Math.max(0, box.y - pad), width: box.width + 2 * pad, height: box.height + 2 * pad };
  // The highlight boxes shown round the focused bar (none: no focus indicator drawn).
  const ringsShown = await page.evaluate(() => {
    const bar = document.activeElement.getBoundingClientRect();
    const rings = [...document.activeElement.closest(".kc-chart").querySelectorAll(".kc-rings .kc-ring")];
    return rings.filter((n) => {
      const r = n.getBoundingClientRect();
      return n.checkVisibility() && r.left < bar.left && r.right > bar.right && r.top < bar.top && r.bottom > bar.bottom;
    }).length;
  });
  const focused = decodePng(await page.screenshot({ clip }));
  // Same region without the ring: blur, wait for the overlay to clear.
  await page.evaluate(() => {
    window.__refocus = document.activeElement;
    document.activeElement.blur();
  });
  await quiet(page, 50);
  const plain = decodePng(await page.screenshot({ clip }));
  await page.evaluate(() => window.__refocus.focus());
  await quiet(page, 50);
  // Count changed pixels in the band between the bar and its padded box.
  let band = 0;
  let changed = 0;
  const s = focused.width / clip.width;
  for (let y = 0; y < focused.height; y++) {
    for (let x = 0; x < focused.width; x++) {
      const inside = x >= pad * s && x < focused.width - pad * s && y >= pad * s && y < focused.height - pad * s;
      if (inside) continue;
      band++;
      const o = (y * focused.width + x) * 4;
      const d = Math.abs(focused.data[o] - plain.data[o]) + Math.abs(focused.data[o + 1] - plain.data[o + 1]) + Math.abs(focused.data[o + 2] - plain.data[o + 2]);
      if (d > 60) changed++;
    }
  }
  const pct = band ? (100 * changed) / band : 0;
  check.note(`focus ring: ${changed} of ${band} pixels around the bar changed (${pct.toFixed(0)} %); ${ringsShown} highlight box(es) round it`);
  check.expect(ringsShown > 0, "no highlight box round the bar that has keyboard focus (no focus indicator drawn)");
  check.expect(pct >= 25, `no visible focus ring: only ${pct.toFixed(1)} % of the pixels around the focused bar changed (need ≥ 25 %)`);
}

// ---------------------------------------------------------------- 3. touch

/** Runs in the page: the first shown tooltip's box and the viewport. */
function tipBox() {
  const tip = [...document.querySelectorAll(".kc-tooltip")].find((t) => !t.hidden);
  if (!tip) return null;
  const r = tip.getBoundingClientRect();
  return {
    left: r.left,
    top: r.top,
    right: r.right,
    bottom: r.bottom,
    vw: document.documentElement.clientWidth,
    vh: window.innerHeight,
    visible: tip.checkVisibility(),
    text: tip.textContent,
  };
}

function inside(t) {
  return t && t.visible && t.left >= 0 && t.top >= 0 && t.right <= t.vw + 0.5 && t.bottom <= t.vh + 0.5;
}

async function checkTouch(browser, base) {
  const check = new Check("touch on index.html (360x740, hasTouch)");
  const context = await newContext(browser, "phone");
  try {
    const page = await open(context, check, base, "/www/index.html");
    const keys = page.locator(".kc-chart").first().locator("button.kc-key");
    const n = await keys.count();
    check.expect(n > 0, "no bar buttons in the first chart");

    /** A tap outside every chart (the page margin, left of the cards). */
    const tapOutside = async () => {
      const vp = page.viewportSize();
      await page.touchscreen.tap(3, Math.round(vp.height / 2));
      await quiet(page);
      // (A margin tap can land inside a full-bleed chart; a tap on the bar whose figure
      // is shown would close it: Escape makes sure the next tap opens.)
      await page.keyboard.press("Escape");
      await quiet(page);
    };

    /** Scrolls so the bar sits where `place` says, taps it, returns the tooltip box. */
    const tapBar = async (index, place, label) => {
      await tapOutside();
      await page.evaluate(
        ({ index, place }) => {
          const b = document.querySelectorAll(".kc-chart")[0].querySelectorAll("button.kc-key")[index];
          const r = b.getBoundingClientRect();
          const vh = window.innerHeight;
          const target = place === "bottom" ? r.bottom - (vh - 2) : place === "top" ? r.top - 2 : r.top + r.height / 2 - vh / 2;
          window.scrollBy(0, target);
        },
        { index, place },
      );
      await quiet(page, 50);
      const box = await keys.nth(index).boundingBox();
      const vp = page.viewportSize();
      const x = box.x + box.width / 2;
      const y = Math.min(Math.max(box.y + box.height / 2, 1), vp.height - 2);
      await page.touchscreen.tap(x, y);
      await quiet(page);
      const t = await page.evaluate(tipBox);
      if (t) check.note(`${label}: tooltip at x ${Math.round(t.left)}–${Math.round(t.right)}, y ${Math.round(t.top)}–${Math.round(t.bottom)} in ${t.vw}x${t.vh}`);
      if (check.expect(t, `tapping ${label} at (${x.toFixed(0)}, ${y.toFixed(0)}) showed no tooltip`)) {
        check.expect(inside(t), `tooltip of ${label} is not inside the ${t.vw}x${t.vh} viewport: ${JSON.stringify(t)}`);
        // The figure under the finger: the innermost bar box there (a plan outline can
        // hold its national / local parts, which then take the tap).
        const spoken = await page.evaluate(
          ({ x, y }) => {
            const hit = [...document.querySelectorAll(".kc-chart")[0].querySelectorAll("button.kc-key")]
              .map((b) => ({ r: b.getBoundingClientRect(), label: b.getAttribute("aria-label") }))
              .filter(({ r }) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)
              .sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height);
            return hit[0]?.label ?? "";
          },
          { x, y },
        );
        const value = spoken.split(": ")[1]?.split(/\. |, /)[0] ?? "";
        check.expect(value && t.text.includes(value), `tapping ${label} showed "${t.text.slice(0, 80)}", expected the value of the bar there "${value}"`);
      }
      return t;
    };

    const bars = await page.evaluate(() =>
      [...document.querySelectorAll(".kc-chart")[0].querySelectorAll("button.kc-key")].map((b) => {
        const r = b.getBoundingClientRect();
        return { right: r.right, height: r.height };
      }),
    );
    const first = await tapBar(0, "middle", "the first bar");
    if (first) await shot(page, "touch-tooltip-phone", check, { fullPage: false });

    // A tap elsewhere hides it: on the page heading, and on the page margin.
    await page.evaluate(() => window.scrollTo(0, 0));
    await quiet(page, 50);
    const hb = await page.locator("h1").boundingBox();
    await page.touchscreen.tap(hb.x + 10, hb.y + hb.height / 2);
    await quiet(page);
    check.expect((await page.evaluate(tipBox)) === null, "a tap on the page heading did not hide the tooltip");
    await tapBar(1, "middle", "the second bar");
    await tapOutside();
    check.expect((await page.evaluate(tipBox)) === null, "a tap on the page margin did not hide the tooltip");

    // A pinned tooltip and a scroll (the reader keeps reading): the tooltip must
    // not float detached from its bar — hidden, or still next to the bar.
    const pinned = await tapBar(0, "middle", "the first bar (before scrolling)");
    if (pinned) {
      const barTop = () =>
        page.evaluate(() => document.querySelectorAll(".kc-chart")[0].querySelector("button.kc-key").getBoundingClientRect().top);
      const before = await barTop();
      await page.evaluate(() => window.scrollBy(0, 240));
      await quiet(page, 100);
      const moved = before - (await barTop());
      const t = await page.evaluate(tipBox);
      check.note(`after a ${Math.round(moved)} px scroll the pinned tooltip is ${t ? `at y ${Math.round(t.top)}–${Math.round(t.bottom)}` : "hidden"}`);
      check.expect(
        !t || Math.abs(pinned.top - t.top) > 0.5 || Math.abs(moved) < 1,
        `the pinned tooltip stayed at y ${Math.round(t?.top)}–${Math.round(t?.bottom)} while the page scrolled ${Math.round(moved)} px: it floats detached from its bar (hide it on scroll, or move it with the bar)`,
      );
    }

    // Edges: the right-most bar, a bar at the bottom and at the top of the viewport.
    const rightMost = bars.reduce((best, b, i) => (b.right > bars[best].right ? i : best), 0);
    await tapBar(rightMost, "middle", `the right-most bar (#${rightMost})`);
    const tallest = bars.reduce((best, b, i) => (b.height > bars[best].height ? i : best), 0);
    await tapBar(rightMost, "bottom", `the right-most bar at the bottom edge`);
    await tapBar(tallest, "bottom", `the tallest bar (#${tallest}) at the bottom edge`);
    await tapBar(tallest, "top", `the tallest bar (#${tallest}) at the top edge`);
    await tapBar(0, "top", `the first bar at the top edge`);
    await cspViolations(page, check);
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  } finally {
    await context.close();
  }
  return check;
}

// ---------------------------------------------------------------- 4. no JavaScript

const execFileP = promisify(execFile);

/** Parses CSV (RFC 4180, BOM) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The figures of one chart per `khuyencong-render --format csv`: their source quotes. */
async function csvFigures(chart, region) {
  const { stdout } = await execFileP(
    "cargo",
    ["run", "-q", "--bin", "khuyencong-render", "--", "--chart", chart, "--region", region, "--lang", "vi", "--format", "csv"],
    { cwd: REPO, maxBuffer: 16 << 20, timeout: 240000, env: { ...process.env, CARGO_TERM_PROGRESS_WHEN: "never" } },
  );
  const [head, ...rows] = parseCsv(stdout).filter((r) => r.length > 1);
  const col = (name) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`CSV of ${chart}/${region} has no column "${name}" (header: ${head.join(",")})`);
    return i;
  };
  const quote = col("trich_dan");
  return rows.map((r) => r[quote]);
}

/** Runs in the page: every .chart container's fallback table on index.html. */
function readFallbacks() {
  return [...document.querySelectorAll(".chart[data-chart]")].map((el) => {
    const t = el.querySelector("table.kc-fallback");
    if (!t) return { chart: el.dataset.chart, region: el.dataset.region, table: false };
    // The comparison table: rows of periods or measures, the quotes as numbered notes.
    const rows = [...t.tBodies].flatMap((b) => [...b.rows]).filter((tr) => !tr.classList.contains("kc-section"));
    return {
      chart: el.dataset.chart,
      region: el.dataset.region,
      table: true,
      visible: t.checkVisibility() && t.getBoundingClientRect().height > 0,
      caption: t.caption?.textContent.trim() ?? "",
      rows: rows.length,
      visibleRows: rows.filter((tr) => tr.checkVisibility() && tr.getBoundingClientRect().height > 0).length,
      notes: [...t.querySelectorAll("tfoot li")].map((li) => li.textContent),
      visibleNotes: [...t.querySelectorAll("tfoot li")].filter((li) => li.checkVisibility()).length,
      values: rows.filter((tr) => [...tr.cells].slice(1).some((c) => c.textContent.trim() !== "")).length,
      // Readable without sideways scrolling (a scrolling box would need a tab stop).
      overflow: Math.max(el.scrollWidth - el.clientWidth, t.scrollWidth - t.clientWidth),
      error: el.querySelector(".chart-error, .kc-error")?.textContent ?? null,
    };
  });
}

/** Checks the fallback tables against the CSV export of each chart. */
function checkFallbacks(check, where, tables, charts, want) {
  check.expect(
    tables.length === charts.length && charts.length >= 4,
    `${where}: ${tables.length} chart containers on index.html, expected ${charts.length} (at least 4)`,
  );
  for (const [i, t] of tables.entries()) {
    const name = `${where}: ${t.chart}/${t.region}`;
    if (!check.expect(t.table, `${name}: no table.kc-fallback`)) continue;
    check.expect(t.visible, `${name}: fallback table not visible`);
    check.expect(t.caption.length > 0, `${name}: fallback table has no caption`);
    check.expect(t.visibleRows === t.rows, `${name}: only ${t.visibleRows} of ${t.rows} rows visible`);
    check.expect(t.values === t.rows, `${name}: ${t.rows - t.values} row(s) without a value`);
    check.expect(t.overflow <= 1, `${name}: the fallback table is ${t.overflow} px wider than its column (sideways scrolling)`);
    check.expect(
      t.chart === charts[i]?.[0] && t.region === charts[i]?.[1],
      `chart #${i} is ${t.chart}/${t.region}, expected ${charts[i]?.join("/")}`,
    );
    const csv = want[i];
    if (csv instanceof Error || !csv) {
      check.fail(`${name}: khuyencong-render --format csv failed: ${csv?.message}`);
      continue;
    }
    // Every figure of the CSV reachable: its source sentence is one of the table's notes.
    const missing = [...new Set(csv)].filter((q) => !t.notes.some((n) => n.includes(`“${q}”`)));
    check.expect(
      missing.length === 0,
      `${name}: ${missing.length} figure(s) of the CSV without their quote in the table: ${JSON.stringify(missing.slice(0, 3))}`,
    );
    check.expect(t.visibleNotes === t.notes.length, `${name}: only ${t.visibleNotes} of ${t.notes.length} notes visible`);
  }
  check.note(`${where}: ${tables.map((t) => `${t.chart}/${t.region} ${t.visibleRows}/${t.rows}`).join(", ")} rows visible, every CSV figure's quote in the notes`);
}

async function checkNoJs(browser, base) {
  const check = new Check("no JavaScript / no wasm: index.html fallback tables show every figure");
  // The charts index.html carries, from its markup; their CSV renders run while the browser works.
  const html = await readFile(path.join(REPO, "www", "index.html"), "utf8");
  const charts = [...html.matchAll(/data-chart="([a-z-]+)" data-region="([a-z-]+)"/g)].map((m) => [m[1], m[2]]);
  const expected = Promise.all(charts.map(([c, r]) => csvFigures(c, r).catch((e) => e)));
  try {
    // Scripts off, desktop and phone.
    for (const vpName of Object.keys(VIEWPORTS)) {
      const context = await newContext(browser, vpName, { javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(base + "/www/index.html", { waitUntil: "load", timeout: TIMEOUT });
        checkFallbacks(check, `scripts off @ ${vpName}`, await page.evaluate(readFallbacks), charts, await expected);
        await shot(page, `nojs-${vpName}`, check, { fullPage: false });
      } finally {
        await context.close();
      }
    }
    // Scripts on but the .wasm cannot load: the same tables stay, with a note; axe on that page.
    const context = await newContext(browser, "desktop");
    await withAxeRoute(context);
    await context.route("**/*.wasm", (r) => r.abort());
    try {
      const page = await context.newPage();
      await page.goto(base + "/www/index.html", { waitUntil: "load", timeout: TIMEOUT });
      await page
        .waitForFunction(() => document.documentElement.dataset.chartsReady === "error", null, { timeout: TIMEOUT })
        .catch(() => check.fail('without wasm index.html never set data-charts-ready="error"'));
      const tables = await page.evaluate(readFallbacks);
      checkFallbacks(check, "no wasm", tables, charts, await expected);
      check.expect(tables.every((t) => t.error), "no wasm: a chart container does not say the chart could not be drawn");
      reportViolations(check, "index.html without wasm", await runAxe(page, base));
    } finally {
      await context.close();
    }
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  }
  return check;
}

// ---------------------------------------------------------------- 5. screenshots

async function checkScreenshots(browser, base) {
  const check = new Check("dark and forced-colours screenshots of index.html");
  const context = await newContext(browser, "desktop");
  try {
    const page = await open(context, check, base, "/www/index.html");
    for (const [name, media] of [
      ["dark", { colorScheme: "dark", forcedColors: "none" }],
      ["forced-colors", { colorScheme: "light", forcedColors: "active" }],
      ["forced-colors-dark", { colorScheme: "dark", forcedColors: "active" }],
    ]) {
      await page.emulateMedia(media);
      await quiet(page, 200);
      // The chart follows the media query live: its background is not the light one.
      const bg = await page.evaluate(() => {
        const c = document.querySelector("canvas.kc-canvas");
        return [...c.getContext("2d").getImageData(2, 2, 1, 1).data];
      });
      const lum = (bg[0] + bg[1] + bg[2]) / 3;
      if (name === "dark" || name === "forced-colors-dark") {
        check.expect(lum < 90, `${name}: chart background rgb(${bg.slice(0, 3)}) is not dark`);
      }
      check.note(`${name}: chart background rgb(${bg.slice(0, 3)})`);
      await shot(page, name, check, { fullPage: false });
    }
    await cspViolations(page, check);
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  } finally {
    await context.close();
  }
  return check;
}

// ---------------------------------------------------------------- 6. reduced motion

async function checkReducedMotion(browser, base) {
  const check = new Check("prefers-reduced-motion: reduce");
  const context = await newContext(browser, "desktop", { reducedMotion: "reduce" });
  try {
    const page = await open(context, check, base, "/www/index.html");
    await page.emulateMedia({ reducedMotion: "reduce" });
    check.expect(await page.evaluate(() => matchMedia("(prefers-reduced-motion: reduce)").matches), "reduced motion not emulated");
    const canvas = page.locator("canvas.kc-canvas").first();
    await canvas.scrollIntoViewIfNeeded();
    const key = await page.locator(".kc-chart").first().locator("button.kc-key").nth(1).boundingBox();
    // Hover a bar (mouse), focus another, toggle a legend item.
    await page.mouse.move(key.x + key.width / 2, key.y + key.height / 2, { steps: 4 });
    await quiet(page, 30);
    const hovered = await page.evaluate(() => [...document.querySelectorAll(".kc-tooltip")].some((t) => !t.hidden));
    check.expect(hovered, "hovering a bar showed no tooltip");
    const running = () =>
      page.evaluate(() => {
        const anims = document.getAnimations().filter((a) => a.effect?.target?.closest?.(".kc-chart"));
        const moving = [...document.querySelectorAll(".kc-chart, .kc-chart *")].filter((el) => {
          const cs = getComputedStyle(el);
          const dur = (v) => v.split(",").some((d) => parseFloat(d) > 0);
          return dur(cs.transitionDuration) || (cs.animationName !== "none" && dur(cs.animationDuration));
        });
        return {
          animations: anims.map((a) => `${a.constructor.name} ${a.animationName || a.transitionProperty || ""} on ${a.effect.target.className}`),
          styled: moving.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
        };
      });
    let r = await running();
    check.expect(r.animations.length === 0, `animations running on the component after hover: ${r.animations.join("; ")}`);
    check.expect(r.styled.length === 0, `component elements with a transition/animation under reduced motion: ${r.styled.join(", ")}`);
    await page.locator(".kc-chart").first().locator("button.kc-key").nth(2).focus();
    await page.locator(".kc-chart").first().locator(".kc-legend button").first().click();
    await quiet(page, 30);
    r = await running();
    check.expect(r.animations.length === 0, `animations running on the component after focus / legend toggle: ${r.animations.join("; ")}`);
    await cspViolations(page, check);
  } catch (err) {
    check.fail(`crashed: ${err.stack || err}`);
  } finally {
    await context.close();
  }
  return check;
}

// ---------------------------------------------------------------- main

function report(check) {
  const ok = check.failures.length === 0;
  console.log(`[a11y] ${ok ? "ok  " : "FAIL"} ${check.name}`);
  for (const n of check.notes) console.log(`[a11y]        ${n}`);
  for (const f of check.failures) console.error(`[a11y]      - ${f}`);
  return ok;
}

async function main() {
  const { server, url } = await start(0);
  const browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  const want = (name) => ONLY.length === 0 || ONLY.includes(name);
  const run = async (name, fn) => {
    if (!want(name)) return;
    const t0 = Date.now();
    let result;
    try {
      result = await fn();
    } catch (err) {
      const c = new Check(name);
      c.fail(`crashed: ${err.stack || err}`);
      result = c;
    }
    const secs = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    for (const c of [].concat(result)) {
      if (report(c)) passed++;
      else failed++;
    }
    console.log(`[a11y] (${name}: ${secs})`);
  };
  try {
    console.log(`[a11y] serving ${REPO} at ${url}; browser ${EXECUTABLE}; axe-core ${JSON.parse(await readFile(path.join(REPO, "node_modules/axe-core/package.json"), "utf8")).version}`);
    await run("axe", () => checkAxe(browser, url));
    await run("keyboard", () => checkKeyboard(browser, url));
    await run("touch", () => checkTouch(browser, url));
    await run("nojs", () => checkNoJs(browser, url));
    await run("shots", () => checkScreenshots(browser, url));
    await run("motion", () => checkReducedMotion(browser, url));
  } finally {
    await browser.close().catch(() => {});
    server.close();
    server.closeAllConnections?.();
  }
  console.log(`a11y: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`[a11y] FAIL: ${err.stack || err}`);
  process.exit(1);
});
