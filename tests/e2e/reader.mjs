#!/usr/bin/env node
// What a reader sees and touches (issue 9), on www/reader/index.html served by
// scripts/serve.mjs under the strict CSP:
//
//   column   desktop mouse: pointing above a short bar, between two bars or at any part
//            of a stacked bar shows the whole year (total first, then its parts)
//   row      the activities chart: the row's label is a target like its bar
//   hover    the tooltip can be hovered without disappearing (WCAG 1.4.13)
//   click    a mouse click pins a year's tooltip (close button, selected()); again, or
//            Escape, closes it; a right click pins nothing
//   sweep    moving the mouse across the years (both ways), every year's tooltip shows:
//            the last one's (which takes the pointer) is never in the way
//   phone    360 x 740 touch: tapping any bar shows the figure in a panel that never
//            covers the tapped bar (rectangles asserted for every bar of the seeds),
//            with a close button of at least 24 px named "Đóng"; tapping the same bar
//            again, the close button or Escape closes it
//   targets  every bar button (the keyboard and pointer target) >= 24 x 24 CSS px
//   story    the seeds' funding chart says no year has both a plan and a spent figure;
//            a dataset with every pair (tests/fixtures/paired.json) does not, and
//            shows the execution rate of each pair
//
//   node tests/e2e/reader.mjs        (after scripts/build.sh)
//
// Env: CHROMIUM (default /usr/bin/chromium), READER_ONLY (comma-separated check names).

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Check, frames, openPage, runSuite } from "./suite.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const ONLY = (process.env.READER_ONLY || "").split(",").map((s) => s.trim()).filter(Boolean);
const PAGE = "/www/reader/index.html";
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 };

let BASE = "";


async function open(browser, check, ctx) {
  return openPage(browser, check, BASE + PAGE, ctx);
}

/** In the page: the viewport boxes of a chart's drawn bars, with their figure ids. */
function barsOf(id) {
  const chart = window.reader.charts[id];
  const c = document.querySelector(`#${id} canvas.kc-canvas`).getBoundingClientRect();
  return chart.bars().map((b) => ({ id: b.id, x: c.left + b.x, y: c.top + b.y, w: b.w, h: b.h }));
}

function tipState(id) {
  const tip = document.querySelector(`#${id} .kc-tooltip`);
  if (!tip) return { shown: false };
  const r = tip.getBoundingClientRect();
  const shown = tip.checkVisibility() && r.width > 0 && r.height > 0;
  const close = tip.querySelector("button");
  const cr = close?.getBoundingClientRect();
  return {
    shown,
    text: tip.textContent,
    box: { x: r.left, y: r.top, w: r.width, h: r.height },
    close: close ? { name: close.getAttribute("aria-label") || close.textContent.trim(), w: cr.width, h: cr.height, x: cr.left + cr.width / 2, y: cr.top + cr.height / 2 } : null,
  };
}

const overlaps = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

async function bar(page, chart, id) {
  const all = await page.evaluate(barsOf, chart);
  return all.find((b) => b.id === id);
}

// ------------------------------------------------------------------ checks

async function checkColumn(browser) {
  const check = new Check("column: a year's whole column is one target, a stacked bar one bar");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    await page.evaluate(() => document.getElementById("f-mttn").scrollIntoView({ block: "start" }));
    await frames(page);
    const short = await bar(page, "f-mttn", "mttn-2020-6m-total_funding-actual");
    if (check.expect(short, "no bar for the 2020 spending")) {
      // Well above the short 2020 bar, in its column.
      await page.mouse.move(short.x + short.w / 2, short.y - 60);
      await frames(page, 3);
      const t = await page.evaluate(tipState, "f-mttn");
      check.expect(t.shown && /19,9 tỷ đồng/.test(t.text), `above the short bar: ${JSON.stringify(t.text)}`);
    }
    const plan = await bar(page, "f-mttn", "mttn-2017-12m-total_funding-plan");
    if (check.expect(plan, "no bar for the 2017 plan")) {
      // The lower (national) part of the stacked bar.
      await page.mouse.move(plan.x + plan.w / 2, plan.y + plan.h - 10);
      await frames(page, 3);
      const t = await page.evaluate(tipState, "f-mttn");
      const total = t.text?.indexOf("48,33 tỷ đồng") ?? -1;
      const part = t.text?.indexOf("Trong đó: kinh phí khuyến công quốc gia") ?? -1;
      check.expect(t.shown && total >= 0 && part > total, `stacked bar: total first, then parts: ${JSON.stringify(t.text)}`);
      check.expect(/Trong đó: kinh phí khuyến công địa phương/.test(t.text ?? ""), "the local part is listed too");
      check.expect(!/\.txt/.test(t.text ?? ""), "no file names in the tooltip");
    }
    // Between the plan and the spending of consulting income in 2017.
    const all = await page.evaluate(barsOf, "f-mttn");
    const p17 = all.find((b) => b.id === "mttn-2017-12m-consulting_revenue-plan");
    const a17 = all.find((b) => b.id === "mttn-2017-6m-consulting_revenue-actual");
    if (check.expect(p17 && a17, "no 2017 consulting pair")) {
      // Away first: the pointer would otherwise rest on the last tooltip (it can be hovered).
      await page.mouse.move(2, 2);
      await frames(page, 2);
      await page.mouse.move((p17.x + p17.w + a17.x) / 2, a17.y - 20);
      await frames(page, 3);
      const t = await page.evaluate(tipState, "f-mttn");
      check.expect(t.shown && /Kế hoạch cả năm/.test(t.text) && /Thực hiện 6 tháng đầu năm/.test(t.text), `between the pair: ${JSON.stringify(t.text)}`);
    }
  } finally {
    await context.close();
  }
  return check;
}

async function checkRow(browser) {
  const check = new Check("row: an activity row's label is a target");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    await page.evaluate(() => document.getElementById("a-all").scrollIntoView({ block: "start" }));
    await frames(page);
    const b = await bar(page, "a-all", "mttn-2017-6m-fair_participations-actual");
    if (check.expect(b, "no row for the 2017 fair participations")) {
      const left = await page.evaluate(() => document.querySelector("#a-all canvas.kc-canvas").getBoundingClientRect().left);
      // Over the row's label, left of its bar.
      await page.mouse.move(Math.max(left + 30, b.x - 60), b.y + b.h / 2);
      await frames(page, 3);
      const t = await page.evaluate(tipState, "a-all");
      check.expect(t.shown && /922/.test(t.text), `row label: ${JSON.stringify(t.text)}`);
    }
  } finally {
    await context.close();
  }
  return check;
}

/** Scrolls to the southern funding chart and points at its 2013 column: its bar, or null. */
async function point2013(page) {
  await page.evaluate(() => document.getElementById("f-nam").scrollIntoView({ block: "start" }));
  await frames(page);
  const b = await bar(page, "f-nam", "nam-2013-12m-total_funding-actual");
  if (b) {
    await page.mouse.move(b.x + b.w / 2, b.y + b.h / 2);
    await frames(page, 3);
  }
  return b;
}

async function checkHover(browser) {
  const check = new Check("hover: the tooltip can be hovered without disappearing");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    const b = await point2013(page);
    if (check.expect(b, "no 2013 bar")) {
      const t = await page.evaluate(tipState, "f-nam");
      if (check.expect(t.shown, "hover shows the tooltip")) {
        // Into the tooltip, by steps (the pointer crosses what lies between).
        await page.mouse.move(t.box.x + t.box.w / 2, t.box.y + 10, { steps: 12 });
        await page.waitForTimeout(300);
        const after = await page.evaluate(tipState, "f-nam");
        check.expect(after.shown, "the tooltip stays while the pointer is on it");
        await page.mouse.move(2, 2);
        await frames(page, 3);
        await page.waitForTimeout(200);
        check.expect(!(await page.evaluate(tipState, "f-nam")).shown, "leaving both hides it");
      }
    }
  } finally {
    await context.close();
  }
  return check;
}

async function checkSweep(browser) {
  const check = new Check("sweep: moving the mouse across the years, each year's tooltip shows (none is in the way)");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    for (const chart of ["f-mttn", "f-nam"]) {
      await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: "start" }), chart);
      await frames(page);
      // One point per year: the middle of its first bar, at the height of the shortest bar.
      // The total funding panel (one baseline).
      const bars = (await page.evaluate(barsOf, chart)).filter((b) => /-\d{4}-\d+m-total_funding-/.test(b.id));
      const years = new Map();
      for (const b of bars) {
        const year = b.id.match(/-(\d{4})-/)[1];
        if (!years.has(year) || b.x < years.get(year).x) years.set(year, b);
      }
      const low = Math.max(...bars.map((b) => b.y));
      const order = [...years].sort((a, b) => a[1].x - b[1].x);
      for (const [dir, list] of [["right", order], ["left", [...order].reverse()]]) {
        await page.mouse.move(dir === "right" ? 2 : 1360, low + 2);
        await frames(page, 2);
        const missed = [];
        for (const [year, b] of list) {
          // By steps, as a hand moves: the pointer crosses whatever lies between.
          await page.mouse.move(b.x + Math.min(4, b.w / 2), Math.max(b.y + 2, low + 2), { steps: 6 });
          await frames(page, 2);
          const t = await page.evaluate(tipState, chart);
          if (!(t.shown && t.text.includes(year))) missed.push(year);
        }
        check.expect(missed.length === 0, `${chart}, moving ${dir}: the tooltip of ${missed.join(", ")} did not show (the last one was in the way?)`);
      }
    }
  } finally {
    await context.close();
  }
  return check;
}

async function checkClick(browser) {
  const check = new Check("click: a mouse click pins a year (close button, stays, selected); again closes it");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    const b = await point2013(page);
    if (check.expect(b, "no 2013 bar")) {
      const hovered = await page.evaluate(tipState, "f-nam");
      check.expect(hovered.shown && !hovered.close, "a hover's tooltip has no close button");
      await page.mouse.down();
      await page.mouse.up();
      await frames(page, 2);
      const pinned = await page.evaluate(tipState, "f-nam");
      check.expect(pinned.shown && pinned.close, `clicked: the tooltip gets a close button (${JSON.stringify(pinned.close)})`);
      check.expect((await page.evaluate(() => window.reader.charts["f-nam"].selected())) === "2013", "clicked: 2013 is selected");
      // Away over the other years and off the chart: it stays.
      await page.mouse.move(b.x + 300, b.y + b.h / 2, { steps: 8 });
      await page.mouse.move(2, 2, { steps: 4 });
      await frames(page, 2);
      const stayed = await page.evaluate(tipState, "f-nam");
      check.expect(stayed.shown && /2013/.test(stayed.text), "pinned: it stays while the mouse goes elsewhere");
      // The same bar again: closed.
      await page.mouse.move(b.x + b.w / 2, b.y + b.h / 2);
      await page.mouse.down();
      await page.mouse.up();
      await frames(page, 2);
      check.expect(!(await page.evaluate(tipState, "f-nam")).shown, "clicking the pinned year again closes it");
      const sel = await page.evaluate(() => window.reader.charts["f-nam"].selected());
      check.expect(sel == null, `nothing selected after closing (${JSON.stringify(sel)})`);
      // Pinned, then Escape.
      await page.mouse.down();
      await page.mouse.up();
      await frames(page, 2);
      await page.keyboard.press("Escape");
      await frames(page, 2);
      check.expect(!(await page.evaluate(tipState, "f-nam")).shown, "Escape closes a pinned tooltip");
      // A right click pins nothing.
      await page.mouse.move(2, 2);
      await frames(page, 2);
      await page.mouse.move(b.x + b.w / 2, b.y + b.h / 2);
      await page.mouse.click(b.x + b.w / 2, b.y + b.h / 2, { button: "right" });
      await frames(page, 2);
      check.expect(!(await page.evaluate(tipState, "f-nam")).close, "a right click pins nothing");
    }
  } finally {
    await context.close();
  }
  return check;
}

async function checkPhone(browser) {
  const check = new Check("phone: the panel never covers the tapped bar; tap again, close, Escape");
  const { context, page } = await open(browser, check, PHONE);
  let tapped = 0;
  try {
    for (const chart of ["f-mttn", "f-nam", "a-all"]) {
      const ids = (await page.evaluate(barsOf, chart)).map((b) => b.id);
      for (const id of ids) {
        // Bring the bar to the middle of the screen, then tap its centre.
        await page.evaluate(
          ([chart, id]) => {
            const c = document.querySelector(`#${chart} canvas.kc-canvas`);
            const b = window.reader.charts[chart].bars().find((x) => x.id === id);
            const top = c.getBoundingClientRect().top + window.scrollY + b.y + b.h / 2;
            window.scrollTo(0, Math.max(0, top - window.innerHeight / 2));
          },
          [chart, id],
        );
        await frames(page, 2);
        const b = await bar(page, chart, id);
        await page.touchscreen.tap(b.x + b.w / 2, b.y + Math.min(b.h / 2, 20));
        await frames(page, 3);
        const t = await page.evaluate(tipState, chart);
        tapped += 1;
        if (!check.expect(t.shown, `${chart} ${id}: tapping shows the figure`)) continue;
        const now = await bar(page, chart, id);
        check.expect(!overlaps(t.box, now), `${chart} ${id}: the panel ${JSON.stringify(t.box)} covers the tapped bar ${JSON.stringify(now)}`);
        check.expect(
          t.close && /^(Đóng|Close)$/.test(t.close.name) && t.close.w >= 24 && t.close.h >= 24,
          `${chart} ${id}: close button ${JSON.stringify(t.close)}`,
        );
        check.expect(t.box.x >= 0 && t.box.x + t.box.w <= 360.5, `${chart} ${id}: the panel leaves the screen ${JSON.stringify(t.box)}`);
        // Tap the same bar again: closed.
        await page.touchscreen.tap(now.x + now.w / 2, now.y + Math.min(now.h / 2, 20));
        await frames(page, 3);
        check.expect(!(await page.evaluate(tipState, chart)).shown, `${chart} ${id}: tapping the same bar again closes the panel`);
      }
    }
    // The close button, and Escape.
    const b = await bar(page, "f-mttn", "mttn-2017-12m-total_funding-plan");
    await page.evaluate(() => document.getElementById("f-mttn").scrollIntoView({ block: "center" }));
    await frames(page, 2);
    const b2 = await bar(page, "f-mttn", b.id);
    await page.touchscreen.tap(b2.x + b2.w / 2, b2.y + 20);
    await frames(page, 3);
    const t = await page.evaluate(tipState, "f-mttn");
    if (check.expect(t.shown && t.close, "tap shows the panel with its close button")) {
      await page.touchscreen.tap(t.close.x, t.close.y);
      await frames(page, 3);
      check.expect(!(await page.evaluate(tipState, "f-mttn")).shown, "the close button closes the panel");
    }
    await page.touchscreen.tap(b2.x + b2.w / 2, b2.y + 20);
    await frames(page, 3);
    await page.keyboard.press("Escape");
    await frames(page, 3);
    check.expect(!(await page.evaluate(tipState, "f-mttn")).shown, "Escape closes the panel");
    // A screenshot with the panel open, to look at.
    await page.touchscreen.tap(b2.x + b2.w / 2, b2.y + 20);
    await frames(page, 3);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "reader-phone-panel.png") });
    check.expect(tapped > 20, `only ${tapped} bars tapped`);
  } finally {
    await context.close();
  }
  return check;
}

async function checkTargets(browser) {
  const check = new Check("targets: every bar button is at least 24 x 24 CSS px on a phone");
  const { context, page } = await open(browser, check, PHONE);
  try {
    const small = await page.evaluate(() =>
      [...document.querySelectorAll(".kc-key, .kc-legend-item")]
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width < 23.99 || r.height < 23.99)
        .map((r) => `${r.width.toFixed(1)}x${r.height.toFixed(1)}`),
    );
    const count = await page.evaluate(() => document.querySelectorAll(".kc-key").length);
    check.expect(count > 20, `only ${count} bar buttons`);
    check.expect(small.length === 0, `targets under 24 px: ${small.slice(0, 8).join(", ")} (${small.length})`);
  } finally {
    await context.close();
  }
  return check;
}

async function checkStory(browser) {
  const check = new Check("story: 'no year has both' for the seeds, pairs with rates for a paired dataset");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    const paired = JSON.parse(await readFile(path.join(REPO, "tests", "fixtures", "paired.json"), "utf8"));
    const out = await page.evaluate((data) => {
      const seeds = window.reader.charts["f-mttn"].toSvg();
      const south = window.reader.charts["f-nam"].toSvg();
      const c = window.reader.mount(document.getElementById("f-paired"), { chart: "funding", region: "tinh-x", lang: "vi", data });
      window.reader.charts["f-paired"] = c;
      const svg = c.toSvg();
      const box = document.createElement("div");
      box.style.width = "800px";
      document.querySelector("main").append(box);
      const enChart = window.reader.mount(box, { chart: "funding", region: "tinh-x", lang: "en", data });
      const en = enChart.toSvg();
      enChart.destroy();
      const desc = document.querySelector("#f-mttn canvas.kc-canvas").getAttribute("aria-describedby");
      return { seeds, south, svg, en, summary: desc ? document.getElementById(desc)?.textContent : "" };
    }, paired);
    const both = "không có năm nào có cả số kế hoạch và số đã thực hiện";
    check.expect(out.seeds.includes(both), "the seeds' central chart says no year has both");
    check.expect(out.south.includes(both), "the seeds' southern chart says no year has both");
    check.expect(!out.svg.includes(both) && !out.en.toLowerCase().includes("no year has both"), "the paired dataset does not");
    check.expect(out.svg.includes("đạt 95 %") && out.en.includes("95 % of plan"), "the paired dataset shows each pair's rate");
    check.expect(/không có năm nào có cả/i.test(out.summary ?? ""), `the description says it too: ${JSON.stringify(out.summary)}`);
    await page.evaluate(() => document.getElementById("f-paired").scrollIntoView({ block: "start" }));
    await frames(page, 3);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "reader-paired-desktop.png") });
  } finally {
    await context.close();
  }
  return check;
}

async function checkScreenReader(browser) {
  const check = new Check("screen reader: the story once in ≤ 600 characters, each figure once, no bare signs");
  const { context, page } = await open(browser, check, DESKTOP);
  try {
    for (const lang of ["vi", "en"]) {
      const desc = await page.evaluate((lang) => {
        const box = document.createElement("div");
        box.style.width = "800px";
        document.querySelector("main").append(box);
        const c = window.reader.mount(box, { chart: "funding", region: "mien-trung-tay-nguyen", lang });
        const id = box.querySelector("canvas.kc-canvas").getAttribute("aria-describedby");
        const text = document.getElementById(id)?.textContent ?? "";
        c.destroy();
        box.remove();
        return text;
      }, lang);
      check.expect(desc.length > 100 && desc.length <= 600, `${lang}: description of ${desc.length} characters`);
      check.expect(!/[*?≈·]|\.txt/.test(desc), `${lang}: signs or file names in the description: ${desc}`);
    }
    // The accessibility tree of the seed chart: each figure's words once (the closed
    // table is not in it, the description is a property of the canvas, not text).
    const cdp = await context.newCDPSession(page);
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const names = nodes.filter((n) => !n.ignored).map((n) => `${n.name?.value ?? ""} ${n.value?.value ?? ""}`);
    const count = (s) => names.filter((t) => t.includes(s)).length;
    for (const figure of ["48,33 tỷ đồng", "19,9 tỷ đồng", "1.036"]) {
      check.expect(count(figure) === 1, `"${figure}" is in ${count(figure)} accessibility-tree names (expected once)`);
    }
    const signs = await page.evaluate(() =>
      [...document.querySelectorAll(".kc-key, .kc-legend-item")].map((b) => b.getAttribute("aria-label") || b.textContent).filter((t) => /[*?≈·]/.test(t)),
    );
    check.expect(signs.length === 0, `bare signs in accessible names: ${JSON.stringify(signs.slice(0, 3))}`);
  } finally {
    await context.close();
  }
  return check;
}

async function checkTable(browser) {
  const check = new Check("table: a comparison that fits a 360 px phone (no sideways scroll, ≤ 1 500 px)");
  const { context, page } = await open(browser, check, PHONE);
  try {
    const out = await page.evaluate(() => {
      const root = document.getElementById("f-mttn");
      root.querySelector("button.kc-table-toggle").click();
      const box = root.querySelector(".kc-table-box");
      const t = box.querySelector("table");
      const cell = t.querySelector("td:not(:empty)");
      return {
        open: !box.hidden,
        overflow: Math.max(box.scrollWidth - box.clientWidth, root.scrollWidth - root.clientWidth),
        height: t.getBoundingClientRect().height,
        font: getComputedStyle(t).fontFamily,
        heads: [...t.tHead.rows[0].cells].map((c) => c.textContent),
        stacked: cell ? getComputedStyle(cell).display : "",
      };
    });
    check.expect(out.open, "the toggle opens the table");
    check.expect(out.overflow <= 1, `the table scrolls sideways by ${out.overflow} px`);
    check.expect(out.height > 200 && out.height <= 1500, `the table is ${Math.round(out.height)} px tall`);
    check.expect(out.heads.join("|") === "Kỳ|Kế hoạch|Đã thực hiện|Tỷ lệ thực hiện", `columns ${out.heads.join(" | ")}`);
    check.expect(out.stacked === "block", `cells not stacked at 360 px (${out.stacked})`);
    check.expect(!/serif/.test(out.font) || /sans-serif/.test(out.font), `table font ${out.font}`);
    await page.evaluate(() => document.querySelector("#f-mttn .kc-table-box").scrollIntoView({ block: "start" }));
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "reader-table-phone.png") });
  } finally {
    await context.close();
  }
  return check;
}

async function checkKiosk(browser) {
  const check = new Check("kiosk: idle reset restores the first state; zoom 1.4 targets ≥ 44 px; no ring after a tap");
  const { context, page } = await open(browser, check, { viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 1, hasTouch: true });
  try {
    await page.evaluate(() => {
      const el = document.createElement("khuyencong-chart");
      el.id = "kiosk";
      for (const [k, v] of Object.entries({ chart: "funding", region: "phia-nam", lang: "vi", zoom: "1.4", "idle-reset": "3" })) el.setAttribute(k, v);
      document.querySelector("main").prepend(el);
      window.__resets = 0;
      el.addEventListener("khuyencong-idle-reset", () => window.__resets++);
    });
    await page.waitForFunction(() => document.getElementById("kiosk").dataset.state === "ready", null, { timeout: 15000 });
    await frames(page, 3);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll("#kiosk .kc-key, #kiosk .kc-legend-item, #kiosk .kc-table-toggle")]
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width < 43.99 || r.height < 43.99).length,
    );
    check.expect(small === 0, `${small} targets under 44 px at zoom 1.4`);
    // A visitor: hides a series, opens the table, taps a bar, switches to English.
    const legend = await page.evaluate(() => {
      const r = document.querySelector("#kiosk .kc-legend-item").getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.touchscreen.tap(legend.x, legend.y);
    await frames(page, 2);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    check.expect(ring === "none", `a tap on the legend drew a focus ring (${ring})`);
    await page.evaluate(() => document.querySelector("#kiosk .kc-table-toggle").click());
    const b2 = await page.evaluate(() => {
      const el = document.getElementById("kiosk");
      const c = el.querySelector("canvas.kc-canvas").getBoundingClientRect();
      const bar = el.handle.bars()[0];
      return { x: c.left + bar.x + bar.w / 2, y: c.top + bar.y + bar.h / 2 };
    });
    await page.touchscreen.tap(b2.x, b2.y);
    await frames(page, 2);
    const tipShown = await page.evaluate(() => !document.querySelector("#kiosk .kc-tooltip").hidden);
    check.expect(tipShown, "the tap on a bar showed no figure");
    await page.evaluate(() => document.getElementById("kiosk").setAttribute("lang", "en"));
    await frames(page, 2);
    const busy = await page.evaluate(() => ({
      tip: !document.querySelector("#kiosk .kc-tooltip").hidden,
      table: document.querySelector("#kiosk .kc-table-toggle").getAttribute("aria-expanded"),
      pressed: [...document.querySelectorAll("#kiosk .kc-legend-item")].map((b) => b.getAttribute("aria-pressed")),
    }));
    // (A new language keeps the reader's legend choice and the open table.)
    check.expect(busy.table === "true" && busy.pressed.includes("false"), `the visitor's changes did not take (or a language switch undid them): ${JSON.stringify(busy)}`);
    // Nobody touches it for 3 s.
    await page.waitForTimeout(4000);
    const after = await page.evaluate(() => ({
      tip: !document.querySelector("#kiosk .kc-tooltip").hidden,
      table: document.querySelector("#kiosk .kc-table-toggle").getAttribute("aria-expanded"),
      pressed: [...document.querySelectorAll("#kiosk .kc-legend-item")].map((b) => b.getAttribute("aria-pressed")),
      lang: document.getElementById("kiosk").getAttribute("lang"),
      resets: window.__resets,
    }));
    check.expect(!after.tip, "the tooltip is still open after the idle reset");
    check.expect(after.table === "false", "the table is still open after the idle reset");
    check.expect(after.pressed.every((p) => p === "true"), `series still hidden after the idle reset: ${after.pressed}`);
    check.expect(after.lang === "vi", `language ${after.lang} after the idle reset`);
    check.expect(after.resets >= 1, "no khuyencong-idle-reset event");
  } finally {
    await context.close();
  }
  return check;
}

async function checkExhibit(browser) {
  const check = new Check("exhibit: one chart, its gauges and table button fit 1920 x 1080 and 1080 x 1920 without scrolling");
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(`${BASE}/www/exhibit.html?view=funding`, { waitUntil: "load" });
      await page.waitForFunction(() => document.querySelector("#panel-funding khuyencong-chart")?.dataset.state === "ready", null, { timeout: 20000 });
      await frames(page, 4);
      const m = await page.evaluate(() => {
        const el = document.querySelector("#panel-funding khuyencong-chart");
        const bottom = (sel) => el.querySelector(sel)?.getBoundingClientRect().bottom ?? Infinity;
        return { canvas: bottom("canvas.kc-canvas"), toggle: bottom(".kc-table-toggle"), vh: innerHeight, scrolled: scrollY };
      });
      const at = `${viewport.width}x${viewport.height}`;
      check.expect(m.scrolled === 0 && m.canvas <= m.vh && m.toggle <= m.vh, `${at}: chart ends at ${Math.round(m.canvas)}, its table button at ${Math.round(m.toggle)} px in a ${m.vh} px window`);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `reader-exhibit-${at}.png`) });
    } finally {
      await context.close();
    }
  }
  return check;
}

async function checkDark(browser) {
  const check = new Check("dark: 20 charts on many.html, no white blocks under a dark chart");
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: "dark" });
  try {
    const page = await context.newPage();
    await page.goto(`${BASE}/www/many.html`, { waitUntil: "load" });
    await page.waitForFunction(() => [...document.querySelectorAll("khuyencong-chart")].every((e) => e.dataset.state === "ready"), null, { timeout: 30000 });
    const light = await page.evaluate(() =>
      [...document.querySelectorAll("khuyencong-chart, .kc-chart")]
        .map((el) => getComputedStyle(el).backgroundColor)
        .filter((c) => /^rgb\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})\)$/.test(c)),
    );
    check.expect(light.length === 0, `${light.length} light backgrounds in dark mode: ${light.slice(0, 3)}`);
  } finally {
    await context.close();
  }
  return check;
}

const CHECKS = { column: checkColumn, row: checkRow, hover: checkHover, sweep: checkSweep, click: checkClick, phone: checkPhone, targets: checkTargets, story: checkStory, sr: checkScreenReader, table: checkTable, kiosk: checkKiosk, exhibit: checkExhibit, dark: checkDark };

runSuite(
  "reader",
  Object.fromEntries(
    Object.entries(CHECKS).map(([name, run]) => [
      name,
      (browser, base) => {
        BASE = base;
        return run(browser);
      },
    ]),
  ),
  { only: ONLY },
).catch((e) => {
  console.error(e);
  process.exit(1);
});
