#!/usr/bin/env node
// Page smoke test: serve www/ + pkg/ (scripts/serve.mjs, same CSP as the
// demo), open /www/index.html in Debian's Chromium through playwright-core,
// and check that it comes up clean and draws every chart.
//
// For each viewport (desktop 1366x768 and phone 360x740, both DPR 2):
//   - waits for <html data-charts-ready="true"> ("error" fails at once);
//   - fails on any console error, uncaught page error, failed request,
//     HTTP status >= 400 or Content-Security-Policy violation;
//   - checks every <canvas> has a non-zero size and is not blank (more than
//     2 distinct colours and more than 1 % of pixels differ from the
//     background, i.e. the most common colour). A canvas marked
//     aria-hidden="true" is an interaction overlay (hover highlight), empty
//     until the pointer moves: it only has to have a non-zero size. At least
//     one content canvas must be there;
//   - saves a full-page screenshot in target/screenshots/.
//
//   node tests/e2e/smoke.mjs        (after scripts/build.sh)
//
// Env: CHROMIUM (default /usr/bin/chromium), SMOKE_READY_TIMEOUT_MS (30000),
// SERVE_ROOT (serve another root, e.g. a scratch page).

import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { start } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const READY_TIMEOUT = Number(process.env.SMOKE_READY_TIMEOUT_MS || 30000);
const PAGE_PATH = "/www/index.html";


const VIEWPORTS = [
  {
    name: "desktop",
    shot: "index-desktop.png",
    options: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 2 },
  },
  {
    name: "phone",
    shot: "index-phone.png",
    options: {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    },
  },
];

// Records CSP violations before any page script runs.
const INIT_SCRIPT = `
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  }, true);
`;

// Runs in the page: size and pixel statistics of every <canvas>.
function inspectCanvases() {
  const out = [];
  for (const [index, canvas] of [...document.querySelectorAll("canvas")].entries()) {
    const rect = canvas.getBoundingClientRect();
    const info = {
      index,
      id: canvas.id || null,
      label: canvas.getAttribute("aria-label") || null,
      overlay: canvas.getAttribute("aria-hidden") === "true",
      cssWidth: Math.round(rect.width * 10) / 10,
      cssHeight: Math.round(rect.height * 10) / 10,
      width: canvas.width,
      height: canvas.height,
      distinctColours: 0,
      nonBackgroundPct: 0,
      error: null,
    };
    out.push(info);
    if (canvas.width === 0 || canvas.height === 0) continue;
    let data;
    try {
      let ctx = canvas.getContext("2d");
      if (!ctx) {
        // Not a 2D canvas (e.g. WebGL): copy it onto a scratch 2D canvas.
        const copy = document.createElement("canvas");
        copy.width = canvas.width;
        copy.height = canvas.height;
        ctx = copy.getContext("2d");
        ctx.drawImage(canvas, 0, 0);
      }
      data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    } catch (e) {
      info.error = String(e);
      continue;
    }
    const counts = new Map();
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      counts.set(w, (counts.get(w) || 0) + 1);
    }
    let bg = 0;
    for (const n of counts.values()) if (n > bg) bg = n;
    info.distinctColours = counts.size;
    info.nonBackgroundPct = Math.round((10000 * (words.length - bg)) / words.length) / 100;
  }
  return out;
}

async function checkViewport(baseUrl, vp) {
  const failures = [];
  const notes = [];
  const userDataDir = await mkdtemp(path.join(tmpdir(), "kc-smoke-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: EXECUTABLE,
      headless: true,
      args: CHROMIUM_ARGS,
      ...vp.options,
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.addInitScript(INIT_SCRIPT);

    page.on("console", (msg) => {
      if (msg.type() === "error") {
        const loc = msg.location();
        failures.push(`console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
      }
    });
    page.on("pageerror", (err) => failures.push(`page error: ${err.stack || err.message || err}`));
    page.on("requestfailed", (req) => {
      failures.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText ?? "?"}`);
    });
    page.on("response", (res) => {
      if (res.status() >= 400) failures.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
    });

    const url = baseUrl + PAGE_PATH;
    const response = await page.goto(url, { waitUntil: "load", timeout: READY_TIMEOUT });
    if (!response) failures.push(`no response for ${url}`);

    let state;
    try {
      const handle = await page.waitForFunction(
        () => {
          const s = document.documentElement.dataset.chartsReady;
          return s === "true" || s === "error" ? s : false;
        },
        null,
        { timeout: READY_TIMEOUT, polling: 100 },
      );
      state = await handle.jsonValue();
    } catch {
      state = await page.evaluate(() => document.documentElement.dataset.chartsReady ?? null);
      failures.push(
        `page never set data-charts-ready to "true" or "error" within ${READY_TIMEOUT} ms (it is ${JSON.stringify(state)})`,
      );
    }
    if (state === "error") failures.push('page set data-charts-ready="error" (a chart failed to mount)');

    // Let pending paints and late errors land.
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))),
    );

    const csp = await page.evaluate(() => window.__csp || []);
    for (const v of csp) {
      failures.push(
        `CSP violation: ${v.directive} blocked ${v.blocked || "(inline)"}${v.source ? ` at ${v.source}:${v.line}` : ""}${v.sample ? ` sample=${JSON.stringify(v.sample)}` : ""}`,
      );
    }

    const canvases = await page.evaluate(inspectCanvases);
    if (canvases.filter((c) => !c.overlay).length === 0) {
      failures.push("no content <canvas> on the page (none, or all aria-hidden)");
    }
    for (const c of canvases) {
      const name = `${c.overlay ? "overlay " : ""}canvas #${c.index}${c.id ? ` (#${c.id})` : ""}`;
      if (c.cssWidth <= 0 || c.cssHeight <= 0 || c.width <= 0 || c.height <= 0) {
        failures.push(
          `${name} has zero size: CSS ${c.cssWidth}x${c.cssHeight}, backing ${c.width}x${c.height}`,
        );
        continue;
      }
      if (c.error) {
        failures.push(`${name}: cannot read pixels: ${c.error}`);
        continue;
      }
      if (!c.overlay && (c.distinctColours <= 2 || c.nonBackgroundPct <= 1)) {
        failures.push(
          `${name} looks blank: ${c.distinctColours} distinct colours, ${c.nonBackgroundPct} % non-background pixels (need > 2 and > 1 %)`,
        );
      }
      const dpr = vp.options.deviceScaleFactor;
      if (c.width < Math.floor(c.cssWidth * dpr) - 1 || c.height < Math.floor(c.cssHeight * dpr) - 1) {
        notes.push(
          `${name}: backing store ${c.width}x${c.height} is smaller than CSS ${c.cssWidth}x${c.cssHeight} x DPR ${dpr} (will look blurry)`,
        );
      }
    }

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) notes.push(`page is ${overflow} px wider than the ${vp.options.viewport.width} px viewport (horizontal scroll)`);

    await mkdir(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, vp.shot);
    await page.screenshot({ path: shot, fullPage: true });

    return { canvases, failures, notes, shot: path.relative(REPO, shot) };
  } finally {
    if (context) await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

async function main() {
  const { server, url } = await start(0);
  let failed = 0;
  try {
    console.log(`[smoke] serving ${process.env.SERVE_ROOT || REPO} at ${url}; browser ${EXECUTABLE}`);
    for (const vp of VIEWPORTS) {
      const { width, height } = vp.options.viewport;
      const t0 = Date.now();
      let result;
      try {
        result = await checkViewport(url, vp);
      } catch (err) {
        result = { canvases: [], failures: [`smoke test crashed: ${err.stack || err}`], notes: [], shot: null };
      }
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      const overlays = result.canvases.filter((c) => c.overlay).length;
      console.log(
        `[smoke] ${vp.name} ${width}x${height} @${vp.options.deviceScaleFactor}x: ${result.canvases.length - overlays} chart canvas(es) + ${overlays} overlay(s) (${secs} s)`,
      );
      for (const c of result.canvases) {
        console.log(
          `[smoke]   ${c.overlay ? "overlay" : "canvas "} #${c.index}${c.id ? ` #${c.id}` : ""}${c.label ? ` "${c.label.slice(0, 48)}"` : ""}: CSS ${c.cssWidth}x${c.cssHeight}, backing ${c.width}x${c.height}, ${c.distinctColours} colours, ${c.nonBackgroundPct} % non-background`,
        );
      }
      for (const n of result.notes) console.log(`[smoke]   warning: ${n}`);
      if (result.shot) console.log(`[smoke]   screenshot: ${result.shot}`);
      if (result.failures.length) {
        failed++;
        console.error(`[smoke] FAIL (${vp.name}):`);
        for (const f of result.failures) console.error(`[smoke]   - ${f}`);
      } else {
        console.log(`[smoke]   ok`);
      }
    }
  } finally {
    server.close();
    server.closeAllConnections?.();
  }
  const passed = VIEWPORTS.length - failed;
  console.log(`smoke: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`[smoke] FAIL: ${err.stack || err}`);
  process.exit(1);
});
