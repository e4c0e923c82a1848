// What the check-per-defect browser suites share (hostile.mjs, reader.mjs): a check
// that collects failures, waiting for animation frames, and the runner that serves
// www/ + pkg/ under the strict CSP, starts Chromium, runs each check and prints
// "NAME: N passed, N failed".
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { start } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";

export class Check {
  constructor(name) {
    this.name = name;
    this.failures = [];
  }
  expect(cond, msg) {
    if (!cond) this.failures.push(msg);
    return !!cond;
  }
}

/** Waits `n` animation frames and a short task (the charts' shared frame has run). */
export async function frames(page, n = 2) {
  await page.evaluate(
    (n) =>
      new Promise((r) => {
        const step = (k) => (k === 0 ? setTimeout(r, 20) : requestAnimationFrame(() => step(k - 1)));
        step(n);
      }),
    n,
  );
}

/**
 * Opens `url` in a new context (`ctx`, plus `initScript` before the page's own), fails
 * `check` on any page error or console error, and waits for the page's
 * `data-ready` ("true", or "error" with `data-error`).
 */
export async function openPage(browser, check, url, ctx, initScript) {
  const context = await browser.newContext(ctx);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  page.on("pageerror", (e) => check.expect(false, `page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") check.expect(false, `console error: ${m.text()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 30000 });
  const { ready, error } = await page.evaluate(() => ({ ...document.documentElement.dataset }));
  check.expect(ready === "true", `page not ready: ${ready} ${error ?? ""}`);
  await frames(page, 3);
  return { context, page };
}

/**
 * Runs `checks` ({ name: async (browser, base) => Check }), those in `only` when it is
 * not empty, and exits 0 when every one passed.
 */
export async function runSuite(suite, checks, { only = [], shots } = {}) {
  if (shots) await mkdir(shots, { recursive: true });
  const { server, url } = await start(0);
  const browser = await chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, run] of Object.entries(checks)) {
      if (only.length && !only.includes(name)) continue;
      const t0 = Date.now();
      let check;
      try {
        check = await run(browser, url);
      } catch (e) {
        check = new Check(name);
        check.expect(false, `threw: ${e.stack || e}`);
      }
      const dt = ((Date.now() - t0) / 1000).toFixed(1);
      if (check.failures.length === 0) {
        passed++;
        console.log(`[${suite}] ok   ${check.name} (${dt} s)`);
      } else {
        failed++;
        console.log(`[${suite}] FAIL ${check.name} (${dt} s)`);
        for (const f of check.failures.slice(0, 12)) console.log(`[${suite}]      - ${f}`);
        if (check.failures.length > 12) console.log(`[${suite}]      … and ${check.failures.length - 12} more`);
      }
    }
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections?.();
  }
  console.log(`${suite}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
