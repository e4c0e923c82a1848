#!/usr/bin/env node
// Regenerates the README's chart screenshots (docs/img/*.png) from www/index.html,
// desktop (DPR 1, 760 px column) and phone (360 px, DPR 2).
//   node scripts/readme-screenshots.mjs   (after scripts/build.sh)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { start } from "./serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "../tests/e2e/chromium.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { server, port } = await start(0);
const browser = await chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
try {
  for (const [name, viewport, scale] of [["desktop", { width: 820, height: 900 }, 1], ["phone", { width: 360, height: 740 }, 2]]) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: scale });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`http://127.0.0.1:${port}/www/index.html`);
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === "true");
    const charts = await page.$$(".chart[data-chart]");
    for (const el of charts) {
      const id = await el.evaluate((e) => `${e.dataset.chart}-${e.dataset.region}`);
      const canvas = await el.$("canvas.kc-canvas");
      const file = path.join(REPO, "docs", "img", `${id}-${name}.png`);
      await canvas.screenshot({ path: file });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
