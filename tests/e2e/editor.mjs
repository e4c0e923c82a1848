#!/usr/bin/env node
// Browser test of the editor's workbench (www/editor.html, issue #14), served by
// scripts/serve.mjs under its strict CSP, in Debian's Chromium via playwright-core:
//
//   1. the page opens with the sample table: both preview charts drawn (bars, ink);
//   2. a pasted five-column table with a bad cell: the problem is listed as
//      `dòng 7, cột 'Thực hiện': "12,3,4" không phải là số` (and in English), the
//      cell is highlighted in the grid, clicking the problem selects line 7 of the
//      paste area; fixing the cell makes the problem and the highlight disappear and
//      the charts draw the new figure;
//   3. the element snippet pasted into a fresh page (same CSP) draws the same chart
//      (same figures, same title) as the preview, in Vietnamese and in English;
//   4. the pasted text survives a reload (localStorage) and "clear" forgets it;
//   5. a 30 MB paste: progress shown after 200 ms, the page keeps answering, a
//      located limit message within 20 s;
//   6. axe-core 0 violations at 1366x768 and 360x740, light and dark, with and
//      without problems listed (axe injected as a same-origin script, CSP intact);
//   7. no console error, failed request or CSP violation; screenshots in
//      target/screenshots/editor-*.png.
//
//   node tests/e2e/editor.mjs     (after scripts/build.sh: needs pkg/ and pkg-editor/)

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { start, CSP } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, EXECUTABLE } from "./chromium.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const TIMEOUT = Number(process.env.EDITOR_TIMEOUT_MS || 30000);
const AXE_FILE = path.join(REPO, "node_modules", "axe-core", "axe.min.js");
const AXE_URL_PATH = "/www/__axe.min.js";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const INIT_SCRIPT = `
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " " + e.blockedURI);
  }, true);
`;

let failures = 0;
let passes = 0;
function check(cond, msg) {
  if (cond) {
    passes++;
  } else {
    failures++;
    console.error(`[editor] FAIL: ${msg}`);
  }
  return !!cond;
}
const log = (...a) => console.log("[editor]", ...a);

function watch(page, where) {
  page.on("console", (m) => {
    if (m.type() === "error") check(false, `${where}: console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => check(false, `${where}: page error: ${e.stack || e}`));
  page.on("requestfailed", (r) => check(false, `${where}: request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) check(false, `${where}: HTTP ${r.status()} for ${r.url()}`);
  });
}

async function cspClean(page, where) {
  const v = await page.evaluate(() => window.__csp || []);
  check(v.length === 0, `${where}: CSP violations ${JSON.stringify(v)}`);
}

async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `editor-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${path.relative(REPO, file)}`);
}

async function waitState(page, state) {
  await page.waitForFunction((s) => document.documentElement.dataset.editorState === s, state, { timeout: TIMEOUT });
}

async function waitCharts(page) {
  await page.waitForFunction(() => document.documentElement.dataset.chartsReady === "true", null, { timeout: TIMEOUT });
  // two frames for the paint
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Bars of both preview charts and whether each canvas has ink. */
async function previews(page) {
  return page.evaluate(() => {
    const out = {};
    for (const kind of ["funding", "activities"]) {
      const chart = window.khuyencongEditor.charts()[kind];
      const canvas = document.querySelector(`#preview-${kind} canvas.kc-canvas`);
      let colours = 0;
      if (canvas) {
        const ctx = canvas.getContext("2d");
        const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length && seen.size < 50; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`);
        colours = seen.size;
      }
      out[kind] = {
        bars: chart ? chart.bars().map((b) => ({ id: b.id, value: b.value, basis: b.basis })) : [],
        // Every figure the chart shows, as its CSV export lists them.
        csv: chart ? chart.toCsv() : "",
        label: canvas?.getAttribute("aria-label") ?? null,
        colours,
        error: document.querySelector(`#preview-${kind} .kc-error`)?.textContent ?? null,
      };
    }
    return out;
  });
}

async function paste(page, text) {
  await page.evaluate(() => (document.documentElement.dataset.editorState = "pending"));
  await page.fill("#input", text);
}

const TABLE = [
  "Khu vực;Năm;Chỉ tiêu;Kế hoạch;Thực hiện",
  "Miền Trung – Tây Nguyên;2021;Tổng kinh phí;50.120;47.800,5",
  "Miền Trung – Tây Nguyên;2022;Tổng kinh phí;52.400;41.230",
  "Miền Trung – Tây Nguyên;6 tháng 2023;Tổng kinh phí;;19.900",
  "Miền Trung – Tây Nguyên;2022;Số đề án khuyến công quốc gia;120;95",
  "Khu vực phía Nam;2022;Tổng kinh phí;61.200;58.900,25",
  "Khu vực phía Nam;2022;Số đề án khuyến công quốc gia;140;12,3,4",
  "",
].join("\n");

// ------------------------------------------------------------------ scenarios

async function workflow(browser, base) {
  const context = await browser.newContext(VIEWPORTS.desktop);
  await context.addInitScript(INIT_SCRIPT);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  watch(page, "editor");
  await page.goto(`${base}/www/editor.html`, { waitUntil: "load" });
  await waitState(page, "ok");
  await waitCharts(page);
  let p = await previews(page);
  check(p.funding.bars.length === 2, `sample: funding bars ${JSON.stringify(p.funding.bars)}`);
  check(p.funding.bars.some((b) => b.value === 48331) && p.funding.bars.some((b) => b.value === 19900), "sample: 48331 and 19900 drawn");
  check(p.activities.bars.length >= 4, `sample: activities bars ${p.activities.bars.length}`);
  check(p.funding.colours > 2 && p.activities.colours > 2, `sample: blank canvas? ${p.funding.colours} / ${p.activities.colours} colours`);

  // 2. paste with a bad cell
  await paste(page, TABLE);
  await waitState(page, "problems");
  const probs = await page.$$eval("#problems button", (bs) => bs.map((b) => b.textContent));
  check(probs.length === 1, `one problem expected: ${JSON.stringify(probs)}`);
  check(
    probs[0]?.includes(`dòng 7, cột 'Thực hiện': "12,3,4" không phải là số`) &&
      probs[0]?.includes(`row 7, column 'Thực hiện': "12,3,4" is not a number`),
    `problem text: ${probs[0]}`,
  );
  check(await page.$eval("#grid-7-4", (td) => td.classList.contains("bad")).catch(() => false), "cell row 7 column E highlighted");
  check((await page.$$("#grid td.bad")).length === 1, "exactly one highlighted cell");
  await page.click("#problems button");
  const sel = await page.evaluate(() => {
    const t = document.getElementById("input");
    return { focused: document.activeElement === t, text: t.value.slice(t.selectionStart, t.selectionEnd) };
  });
  check(sel.focused && sel.text === "Khu vực phía Nam;2022;Số đề án khuyến công quốc gia;140;12,3,4", `click selects line 7: ${JSON.stringify(sel)}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "problems-desktop");
  await runAxeAt(page, base, "editor with a problem @ desktop");

  // fix it
  await paste(page, TABLE.replace("12,3,4", "131"));
  await waitState(page, "ok");
  await waitCharts(page);
  check((await page.$$("#problems li")).length === 0, "problems list empty after the fix");
  check((await page.$$("#grid td.bad")).length === 0, "no highlighted cell after the fix");
  check(await page.isVisible("#no-problems"), "'no problems' shown");
  p = await previews(page);
  check(/,47800\.5,/.test(p.funding.csv) && /,19900,/.test(p.funding.csv) && /,50120,/.test(p.funding.csv), `funding preview redrawn: ${p.funding.csv}`);
  await page.selectOption("#opt-region", "all");
  await waitCharts(page);
  p = await previews(page);
  check(/,131,/.test(p.activities.csv) && /,95,/.test(p.activities.csv), `activities preview has the fixed figure: ${p.activities.csv}`);

  // 3. the snippet in a fresh page, both languages
  for (const lang of ["vi", "en"]) {
    await page.selectOption("#opt-lang", lang);
    await page.selectOption("#opt-chart", "funding");
    await page.selectOption("#opt-region", "mien-trung-tay-nguyen");
    await waitCharts(page);
    await page.click("#copy-element");
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    check(snippet === (await page.inputValue("#snippet-element")), "copied text is the snippet");
    check(snippet.includes('<khuyencong-chart chart="funding" region="mien-trung-tay-nguyen"'), `snippet: ${snippet.slice(0, 200)}`);
    const editorView = (await previews(page)).funding;
    const fresh = await freshPage(context, base, snippet, `fresh-${lang}`);
    check(fresh.state === "ready", `fresh page (${lang}): chart state ${fresh.state} ${fresh.error ?? ""}`);
    const key = (bars) => JSON.stringify(bars.map((b) => [b.id, b.value, b.basis]).sort());
    check(key(fresh.bars) === key(editorView.bars), `fresh page (${lang}) draws the same bars: ${key(fresh.bars)} vs ${key(editorView.bars)}`);
    check(fresh.csv.length > 100 && fresh.csv === editorView.csv, `fresh page (${lang}) shows the same figures (CSV export): ${fresh.csv.slice(0, 300)}`);
    check(fresh.label && fresh.label === editorView.label, `fresh page (${lang}) title: ${fresh.label} vs ${editorView.label}`);
    check(fresh.colours > 2, `fresh page (${lang}) canvas blank`);
  }
  const iframe = await page.inputValue("#snippet-iframe");
  check(iframe.includes("/www/embed.html?chart=funding&amp;region=mien-trung-tay-nguyen&amp;lang=en"), `iframe snippet: ${iframe}`);

  // exports
  for (const [id, suffix] of [["#dl-json", ".json"], ["#dl-table", ".csv"], ["#dl-svg", ".svg"], ["#dl-png", ".png"], ["#dl-csv", ".csv"]]) {
    const [dl] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), page.click(id)]);
    check(dl.suggestedFilename().endsWith(suffix), `${id}: download ${dl.suggestedFilename()}`);
    const file = await dl.path();
    const body = await readFile(file);
    check(body.length > 100, `${id}: ${body.length} bytes`);
    if (id === "#dl-table") {
      // The full table pasted back gives the same dataset.
      const before = await page.evaluate(() => window.khuyencongEditor.dataset());
      await paste(page, body.toString("utf8"));
      await waitState(page, "ok");
      await page.waitForFunction(() => document.getElementById("status").textContent.includes("Đã đọc"));
      const after = await page.evaluate(() => window.khuyencongEditor.dataset());
      check(after === before, "downloaded table pasted back gives the same dataset");
    }
  }

  // the seed figures as a table, and a file opened from disk
  await page.evaluate(() => (document.documentElement.dataset.editorState = "pending"));
  await page.click("#seeds");
  await waitState(page, "ok");
  await waitCharts(page);
  const seedsRead = await page.textContent("#status");
  const [seedCount, seedNotes] = await page.evaluate(() => {
    const d = JSON.parse(window.khuyencongEditor.dataset());
    return [d.figures.length, (d.annotations || []).length];
  });
  // The seed table carries the built-in notes ([notes] section) and reads them back.
  check(
    seedCount >= 50 && seedsRead.includes(`${seedCount} số liệu`) && seedNotes >= 1 && seedsRead.includes(`${seedNotes} ghi chú`),
    `seed table read back with its notes: ${seedsRead}`,
  );
  check((await page.$$("#problems li")).length === 0, "seed table: no problems");
  await page.evaluate(() => (document.documentElement.dataset.editorState = "pending"));
  await page.setInputFiles("#file", {
    name: "bang.tsv",
    mimeType: "text/tab-separated-values",
    buffer: Buffer.from("Region\tYear\tMeasure\tPlan\tActual\nSouth\t2024\tTotal funding\t70,100.5\t65,000\n", "utf8"),
  });
  await waitState(page, "ok");
  await waitCharts(page);
  p = await previews(page);
  check(/,70100\.5,/.test(p.funding.csv) && /,65000,/.test(p.funding.csv), `opened file drawn: ${p.funding.csv}`);

  // 4. kept across a reload, forgotten on clear
  const kept = await page.inputValue("#input");
  await page.waitForTimeout(600);
  await page.reload({ waitUntil: "load" });
  await waitState(page, "ok");
  check((await page.inputValue("#input")) === kept, "pasted text kept across a reload");
  await page.click("#clear");
  await waitState(page, "problems");
  check((await page.inputValue("#input")) === "", "clear empties the paste area");
  await page.waitForTimeout(600);
  check((await page.evaluate(() => localStorage.getItem("khuyencong-editor-table"))) === null, "clear forgets the kept text");

  // 5. 30 MB paste
  await bigPaste(page);
  await cspClean(page, "editor");
  await context.close();
}

async function freshPage(context, base, snippet, name) {
  const url = `${base}/www/__fresh-${name}.html`;
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Fresh page</title></head><body><main>\n${snippet}\n</main></body></html>`;
  await context.route(url, (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": CSP }, body: html }),
  );
  const page = await context.newPage();
  watch(page, name);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => ["ready", "error"].includes(document.querySelector("khuyencong-chart")?.dataset.state), null, { timeout: TIMEOUT });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = await page.evaluate(() => {
    const el = document.querySelector("khuyencong-chart");
    const handle = el.handle ?? el.getChart?.() ?? null;
    const canvas = el.querySelector("canvas.kc-canvas");
    let colours = 0;
    if (canvas) {
      const d = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length && seen.size < 50; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`);
      colours = seen.size;
    }
    return {
      state: el.dataset.state,
      error: el.querySelector(".kc-error")?.textContent ?? null,
      bars: handle ? handle.bars().map((b) => ({ id: b.id, value: b.value, basis: b.basis })) : [],
      csv: handle ? handle.toCsv() : "",
      label: canvas?.getAttribute("aria-label") ?? null,
      colours,
    };
  });
  await shot(page, name);
  await cspClean(page, name);
  await page.close();
  return r;
}

async function bigPaste(page) {
  const row = "Miền Trung;2023;Tổng kinh phí;52.400;41.230,5\n";
  const t0 = Date.now();
  // 30 MB of UTF-8, pasted (a paste event with the text on its clipboard data).
  await page.evaluate((row) => {
    const bytes = new TextEncoder().encode(row).length;
    const big = "Khu vực;Năm;Chỉ tiêu;Kế hoạch;Thực hiện\n" + row.repeat(Math.ceil(30e6 / bytes));
    const input = document.getElementById("input");
    document.documentElement.dataset.editorState = "pending";
    input.focus();
    const dt = new DataTransfer();
    dt.setData("text/plain", big);
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, row);
  // Progress shows once reading takes over 200 ms; meanwhile the page answers.
  const progressShown = await page
    .waitForFunction(() => !document.getElementById("progress").hidden && document.getElementById("status").textContent.includes("Đang đọc"), null, { timeout: 10000, polling: 20 })
    .then(() => true)
    .catch(() => false);
  const t1 = Date.now();
  await page.evaluate(() => 1 + 1);
  const answer = Date.now() - t1;
  await waitState(page, "problems");
  const took = Date.now() - t0;
  const probs = await page.$$eval("#problems button", (bs) => bs.map((b) => b.textContent));
  log(`30 MB paste: answered in ${answer} ms while reading; result after ${took} ms: ${probs[0]?.slice(0, 120)}`);
  check(progressShown, "30 MB paste: progress shown");
  check(answer < 1000, `30 MB paste: page answered in ${answer} ms`);
  check(took < 20000, `30 MB paste: ${took} ms`);
  check(probs.length === 1 && probs[0].includes("quá giới hạn") && probs[0].includes("more than the maximum"), `30 MB paste: ${probs[0]}`);
  const kept = await page.textContent("#kept");
  check(kept.length > 0, `30 MB paste: storage note "${kept}"`);
  const shown = await page.evaluate(() => ({ len: document.getElementById("input").value.length, ro: document.getElementById("input").readOnly }));
  check(shown.ro && shown.len < 300000, `30 MB paste: the box shows the first lines, read-only: ${JSON.stringify(shown)}`);
  // Clear: back to an editable, empty box.
  await page.evaluate(() => (document.documentElement.dataset.editorState = "pending"));
  await page.click("#clear");
  await waitState(page, "problems");
  check(!(await page.evaluate(() => document.getElementById("input").readOnly)), "after clear the box is editable");
}

// ------------------------------------------------------------------ axe

let AXE_SOURCE = null;
async function runAxeAt(page, base, where) {
  AXE_SOURCE ??= await readFile(AXE_FILE, "utf8");
  await page.context().route(`**${AXE_URL_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: AXE_SOURCE }),
  );
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))));
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ url: base + AXE_URL_PATH });
    const violations = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return r.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
    }, AXE_TAGS);
    check(violations.length === 0, `axe ${where} ${scheme}: ${violations.join("\n    ")}`);
    log(`axe ${where} ${scheme}: ${violations.length} violation(s)`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function axeAndShots(browser, base) {
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext(vp);
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    watch(page, `editor @ ${vpName}`);
    await page.goto(`${base}/www/editor.html`, { waitUntil: "load" });
    await waitState(page, "ok");
    await waitCharts(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${vpName}: page ${overflow} px wider than the viewport`);
    await shot(page, vpName);
    await runAxeAt(page, base, `editor @ ${vpName}`);
    // keyboard: Tab from the top reaches the paste area through the skip link
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => document.activeElement?.className);
    check(skip === "skip-link", `${vpName}: first Tab stop is the skip link (${skip})`);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    const afterSkip = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    check(["sep", "input"].includes(afterSkip) || afterSkip !== "BODY", `${vpName}: focus after the skip link: ${afterSkip}`);
    await paste(page, TABLE);
    await waitState(page, "problems");
    await runAxeAt(page, base, `editor with a problem @ ${vpName}`);
    if (vpName === "phone") await shot(page, "problems-phone");
    await cspClean(page, `editor @ ${vpName}`);
    await context.close();
  }
}

async function main() {
  const { server, url } = await start(0);
  const browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
  const t0 = Date.now();
  try {
    await workflow(browser, url);
    await axeAndShots(browser, url);
  } catch (err) {
    check(false, `crashed: ${err.stack || err}`);
  } finally {
    await browser.close();
    server.close();
  }
  log(`${passes} checks passed, ${failures} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(failures ? 1 : 0);
}

main();
