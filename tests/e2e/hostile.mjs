#!/usr/bin/env node
// Hostile host pages and careless callers (issue 13): www/hostile/index.html, served
// by scripts/serve.mjs under the strict CSP, carries a CSS reset that unsets every
// element, `[hidden] { display: block !important }` and `button { display: none }`;
// charts sit in transformed (scale, rotate 90° and 180°) and zoomed boxes, in a
// right-to-left section, a shadow root, a grid `1fr` track and a flex item beside a
// sidebar, and in a <dialog>. One check per defect of the issue:
//
//   1 gc         a chart whose handle was never kept survives forced garbage
//                collection (CDP HeapProfiler.collectGarbage), still draws and hovers
//   2 options    every option with every wrong JSON type names the field, what it
//                expects and what it got
//   3 getters    throwing getters, throwing / revoked Proxies, a getter that destroys
//                the chart: each a named Error, and the chart keeps working (destroy too)
//   4 transform  hover hits the bar under the pointer and the keyboard tooltip sits
//                next to its bar under scale(), rotate() and zoom
//   5 shadow     inside a shadow root: bar buttons and tooltip styled, a tap keeps the
//                tooltip, a tap elsewhere hides it
//   6 rtl        a chart under dir="rtl" draws exactly what it draws under ltr
//   7 shrink     grid 1fr and flex: narrowing the window narrows the chart, no
//                sideways scroll, the sidebar stays on screen
//   8 ro-loop    dialogs and 120 window resizes raise no "ResizeObserver loop" error
//   9 resets     fallback table and closed tooltip stay hidden, bar buttons reachable
//  10 oversize   50 000 figures: the canvas stays within browser limits and is drawn,
//                a readable note says only the top part is drawn; toPng never "data:,"
//  11 small      free() twice, methods after free() say "destroyed",
//                validateDataset(null/undefined) reports a problem
//
//   node tests/e2e/hostile.mjs        (after scripts/build.sh)
//
// Env: CHROMIUM (default /usr/bin/chromium), HOSTILE_ONLY (comma-separated check
// names), SERVE_ROOT (serve another checkout's www/ + pkg/, e.g. an older build).

import path from "node:path";
import { fileURLToPath } from "node:url";
import { Check, frames, openPage, runSuite } from "./suite.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(REPO, "target", "screenshots");
const ONLY = (process.env.HOSTILE_ONLY || "").split(",").map((s) => s.trim()).filter(Boolean);
const PAGE = "/www/hostile/index.html";

// Every error event reaching the window (ResizeObserver loop errors are only that).
const INIT_SCRIPT = `
  window.__errors = [];
  window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI), true);
`;


async function open(browser, check, { viewport = { width: 1280, height: 900 } } = {}) {
  return openPage(browser, check, BASE + PAGE, { viewport, deviceScaleFactor: 1 }, INIT_SCRIPT);
}

async function finish(page, check) {
  const { errors, csp } = await page.evaluate(() => ({ errors: window.__errors, csp: window.__csp }));
  check.expect(errors.length === 0, `error events: ${JSON.stringify(errors.slice(0, 5))} (${errors.length})`);
  check.expect(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
}

// In the page: a tooltip's text in a form that both the DOM and tooltipAt() produce.
const NORMALISE = `(t) => String(t ?? "").replace(/: |\\. | — /g, "").replace(/\\s+/g, "")`;

// ------------------------------------------------------------------ checks

async function checkGc(browser) {
  const check = new Check("1 gc: a chart whose handle was dropped survives garbage collection");
  const { context, page } = await open(browser, check);
  try {
    await page.evaluate(() => document.getElementById("c-gc").scrollIntoView({ block: "center" }));
    await page.evaluate(() => {
      // The most natural call there is: the handle is not kept.
      hostile.mount(document.getElementById("c-gc"), { chart: "activities", region: "all", lang: "en", pixelRatio: 1 });
    });
    const cdp = await context.newCDPSession(page);
    for (let i = 0; i < 4; i++) {
      await cdp.send("HeapProfiler.collectGarbage");
      await page.waitForTimeout(150); // finalisers run in a later task
    }
    await frames(page, 2);
    const drawn = await page.evaluate(() => {
      const c = document.querySelector("#c-gc canvas.kc-canvas");
      if (!c) return { canvas: false };
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      for (let i = 0; i < d.length && colours.size < 3; i += 4 * 97) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      const key = document.querySelector("#c-gc button.kc-key");
      key?.scrollIntoView({ block: "center" });
      const r = key?.getBoundingClientRect();
      return { canvas: true, colours: colours.size, key: r ? { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width } : null };
    });
    if (check.expect(drawn.canvas, "after garbage collection the chart's canvas is gone (the chart was destroyed)")) {
      check.expect(drawn.colours >= 2, "the canvas is blank after garbage collection");
      if (check.expect(drawn.key && drawn.key.w > 0, "no bar to hover")) {
        await page.mouse.move(drawn.key.x, drawn.key.y);
        await frames(page, 2);
        const tip = await page.evaluate(() => {
          const t = document.querySelector("#c-gc .kc-tooltip");
          return t && getComputedStyle(t).display !== "none" ? t.textContent : null;
        });
        check.expect(tip && tip.length > 10, `hover after garbage collection shows no tooltip (${tip})`);
        await page.mouse.move(1, 1);
      }
    }
    // Leaving the document is what ends a chart whose handle was dropped: its tooltip
    // (position: fixed) and listeners go with it.
    const before = await page.evaluate(() => document.querySelectorAll(".kc-chart").length);
    await page.evaluate(() => {
      window.__gcRoot = document.querySelector("#c-gc .kc-chart");
      document.getElementById("c-gc").remove();
    });
    await frames(page, 2);
    const gone = await page.evaluate(() => ({ count: document.querySelectorAll(".kc-chart").length, left: window.__gcRoot?.parentNode ? "still attached" : "removed" }));
    check.expect(before > 1 && gone.count === before - 1 && gone.left === "removed", `after its container left the document the chart was not destroyed (${gone.count} of ${before}, root ${gone.left})`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkOptions(browser) {
  const check = new Check("2 options: every field and wrong JSON type is named");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const el = document.getElementById("c-scratch");
      const base = { chart: "funding", region: "phia-nam" };
      const wrong = { number: 5, fraction: 2.5, true: true, string: "x", array: [], object: {}, nested: [["plan"]] };
      const got = { number: "5", fraction: "2.5", true: "true", string: '"x"', array: "an array", object: "an object", nested: "an array" };
      // What each field accepts, per JSON type.
      const accepts = {
        chart: ["string"],
        region: ["string"],
        lang: ["string"],
        theme: ["string"],
        pixelRatio: ["number", "fraction"],
        zoom: ["number", "fraction"],
        maxHeight: ["number", "fraction"],
        hidden: ["array", "nested"],
        data: ["string", "object"],
      };
      const results = [];
      for (const [field, ok] of Object.entries(accepts)) {
        for (const [type, value] of Object.entries(wrong)) {
          if (ok.includes(type)) continue;
          if (field === "data" && type === "nested") continue; // an array: same as "array"
          const opts = { ...base, [field]: value };
          let message = null;
          try {
            hostile.mount(el, opts).destroy();
          } catch (e) {
            message = e instanceof Error ? e.message : `not an Error: ${e}`;
          }
          const want = `options.${field}: expected `;
          const good = typeof message === "string" && message.startsWith(want) && message.endsWith(`got ${got[type]}`);
          results.push({ field, type, message, good });
        }
      }
      // The examples, word for word, and a few more.
      const exact = [
        [{ ...base, lang: 5 }, 'options.lang: expected "vi" or "en", got 5'],
        [{ ...base, pixelRatio: "2" }, 'options.pixelRatio: expected a number from 0.5 to 4, got "2"'],
        [{ ...base, hidden: "plan" }, 'options.hidden: expected an array of series ("plan", "actual" or "region:<id>"), got "plan"'],
        [{ ...base, hidden: [5] }, 'options.hidden[0]: expected "plan", "actual" or "region:<id>", got 5'],
        [{ ...base, hidden: {} }, 'options.hidden: expected an array of series ("plan", "actual" or "region:<id>"), got an object'],
        [{ ...base, chart: 5 }, 'options.chart: expected "funding" or "activities", got 5'],
        [{ ...base, region: {} }, 'options.region: expected one of "mien-trung-tay-nguyen", "phia-nam", got an object'],
        [{ ...base, zoom: "x" }, 'options.zoom: expected a number from 1 to 3, got "x"'],
        [{ ...base, data: 5 }, "options.data: expected a dataset object or a JSON string, got 5"],
        [[], "options: expected an object, got an array"],
        [5, "options: expected an object, got 5"],
      ];
      const exactResults = exact.map(([opts, want]) => {
        let message = null;
        try {
          hostile.mount(el, opts).destroy();
        } catch (e) {
          message = e.message;
        }
        return { want, message };
      });
      const shown = el.querySelector(".kc-error")?.textContent ?? "";
      // The module keeps working.
      const c = hostile.mount(el, { ...base, lang: null, theme: undefined });
      const fine = c.size()[0] > 0;
      c.destroy();
      return { results, exactResults, shown, fine };
    });
    for (const r of out.results) {
      check.expect(r.good, `options.${r.field} = ${r.type}: ${JSON.stringify(r.message)}`);
    }
    for (const r of out.exactResults) {
      check.expect(r.message === r.want, `got ${JSON.stringify(r.message)}, expected ${JSON.stringify(r.want)}`);
    }
    check.expect(out.results.length >= 40, `${out.results.length} wrong-type cases`);
    check.expect(out.shown.includes("options: expected an object"), `error shown in the container: ${out.shown}`);
    check.expect(out.fine, "null / undefined options mean the default");
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkGetters(browser) {
  const check = new Check("3 getters: throwing getters and Proxies never poison a chart");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const el = document.getElementById("c-scratch");
      const base = { chart: "funding", region: "phia-nam" };
      const boom = (what) => {
        throw new Error(what);
      };
      const revocable = Proxy.revocable({}, {});
      revocable.revoke();
      const hostileOptions = [
        ["getter", { chart: "funding", get region() { return boom("region getter"); } }, "options.region: could not be read (region getter)"],
        ["data getter", { ...base, get data() { return boom("data getter"); } }, "options.data: could not be read (data getter)"],
        ["getter inside data", { ...base, data: { get regions() { return boom("deep"); } } }, "options.data: could not be read as JSON"],
        ["get trap", new Proxy(base, { get: () => boom("get trap") }), "options.chart: could not be read (get trap)"],
        ["ownKeys trap", new Proxy(base, { ownKeys: () => boom("ownKeys trap") }), "options: could not be read (ownKeys trap)"],
        ["revoked Proxy", revocable.proxy, "options: could not be read"],
        ["hidden getter", { ...base, hidden: new Proxy(["plan"], { get: (t, k) => (k === "length" ? 1 : boom("item")) }) }, "options.hidden[0]: could not be read (item)"],
      ];
      const c = hostile.mount(el, base);
      const results = [];
      for (const [name, opts, want] of hostileOptions) {
        let message = null;
        try {
          c.update(opts);
        } catch (e) {
          message = e.message;
        }
        let after = null;
        try {
          c.update({ chart: "activities", region: "all", lang: "en" });
          c.resize();
          after = c.size()[0] > 0 ? "ok" : "no size";
        } catch (e) {
          after = e.message;
        }
        let mountMessage = null;
        try {
          hostile.mount(document.createElement("div"), opts);
        } catch (e) {
          mountMessage = e.message;
        }
        results.push({ name, message, want, after, mountMessage });
      }
      // A getter that destroys the chart it is being read for.
      const d = hostile.mount(document.createElement("div"), base);
      let reentrant = null;
      try {
        d.update({ get chart() { d.destroy(); return "funding"; }, region: "phia-nam" });
      } catch (e) {
        reentrant = e.message;
      }
      c.destroy();
      return { results, reentrant, left: el.querySelectorAll(".kc-chart").length };
    });
    for (const r of out.results) {
      check.expect(typeof r.message === "string" && r.message.startsWith(r.want), `${r.name}: update threw ${JSON.stringify(r.message)}, expected ${JSON.stringify(r.want)}`);
      check.expect(r.after === "ok", `${r.name}: the chart is stuck afterwards: ${r.after}`);
      check.expect(typeof r.mountMessage === "string" && r.mountMessage.startsWith(r.want), `${r.name}: mount threw ${JSON.stringify(r.mountMessage)}`);
    }
    check.expect(/destroyed/.test(out.reentrant ?? ""), `a getter destroying the chart: ${JSON.stringify(out.reentrant)} (expected "…destroyed")`);
    check.expect(out.left === 0, `destroy() after hostile updates left ${out.left} chart(s) in the page`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

// In the page: where a point of a chart's canvas (canvas CSS px) is on screen, from
// the canvas's box and the case's known transform.
const SCREEN_POINT = `(id, x, y) => {
  const c = document.querySelector("#" + id + " canvas.kc-canvas");
  const r = c.getBoundingClientRect();
  const w = c.offsetWidth, h = c.offsetHeight;
  if (id === "c-rot180") return [r.right - x * r.width / w, r.bottom - y * r.height / h];
  if (id === "c-rot90") return [r.right - y * r.width / h, r.top + x * r.height / w];
  return [r.left + x * r.width / w, r.top + y * r.height / h];
}`;

async function checkTransforms(browser) {
  const check = new Check("4 transform: hit under the pointer, keyboard tooltip by its bar (scale, rotate, zoom)");
  const { context, page } = await open(browser, check, { viewport: { width: 1280, height: 1000 } });
  try {
    for (const id of ["c-scale", "c-rot180", "c-rot90", "c-zoom"]) {
      await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: "center" }), id);
      await frames(page, 2);
      // Two bars well apart: the largest, and the one farthest from it.
      const bars = await page.evaluate((id) => {
        const all = hostile.charts[id].bars().filter((b) => b.w >= 6 && b.h >= 6);
        all.sort((a, b) => b.w * b.h - a.w * a.h);
        const first = all[0];
        const far = all.reduce((best, b) => (Math.abs(b.x - first.x) > Math.abs(best.x - first.x) ? b : best), first);
        return [first, far];
      }, id);
      for (const bar of bars) {
        const cx = bar.x + bar.w / 2;
        const cy = bar.y + bar.h / 2;
        const [sx, sy] = await page.evaluate(`(${SCREEN_POINT})(${JSON.stringify(id)}, ${cx}, ${cy})`);
        // Off the chart first: the last tooltip can be hovered, and may lie over this bar.
        await page.mouse.move(1, 1);
        await frames(page, 2);
        await page.mouse.move(sx, sy);
        await frames(page, 2);
        const r = await page.evaluate(
          ([id, cx, cy, norm]) => {
            const normalise = eval(norm);
            const tip = document.querySelector(`#${id} .kc-tooltip`);
            const shown = getComputedStyle(tip).display !== "none";
            return { shown, got: normalise(tip.textContent), want: normalise(hostile.charts[id].tooltipAt(cx, cy)) };
          },
          [id, cx, cy, NORMALISE],
        );
        check.expect(r.shown && r.got === r.want && r.want.length > 0, `${id}: hover at the on-screen centre of bar ${bar.id} shows ${r.shown ? JSON.stringify(r.got.slice(0, 60)) : "no tooltip"}, expected ${JSON.stringify(r.want.slice(0, 60))}`);
      }
      await page.mouse.move(1, 1);
      await frames(page, 2);
      // Keyboard: the first bar button gets focus; its tooltip must sit beside it.
      const kb = await page.evaluate((id) => {
        const b = document.querySelector(`#${id} button.kc-key[tabindex="0"]`);
        if (!b) return { error: "no bar button" };
        b.focus();
        const tip = document.querySelector(`#${id} .kc-tooltip`);
        if (document.activeElement !== b) return { error: "the bar button cannot take focus" };
        if (getComputedStyle(tip).display === "none") return { error: "no tooltip on focus" };
        const a = b.getBoundingClientRect();
        const t = tip.getBoundingClientRect();
        const dx = Math.max(0, t.left - a.right, a.left - t.right);
        const dy = Math.max(0, t.top - a.bottom, a.top - t.bottom);
        b.blur();
        return { dx, dy };
      }, id);
      if (check.expect(!kb.error, `${id}: ${kb.error}`)) {
        check.expect(kb.dx <= 14 && kb.dy <= 1, `${id}: the keyboard tooltip is ${kb.dx.toFixed(0)} px across and ${kb.dy.toFixed(0)} px down from its bar`);
      }
    }
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkShadow(browser) {
  const check = new Check("5 shadow: styled buttons and tooltip, tap keeps the tooltip");
  const { context, page } = await open(browser, check);
  try {
    await page.evaluate(() => document.getElementById("shadow-host").scrollIntoView({ block: "center" }));
    await frames(page, 2);
    const out = await page.evaluate(async () => {
      const root = hostile.shadow;
      const key = root.querySelector("button.kc-key");
      const ks = key && getComputedStyle(key);
      const canvas = root.querySelector("canvas.kc-canvas");
      const tip = root.querySelector(".kc-tooltip");
      const bar = hostile.charts["c-shadow"].bars().sort((a, b) => b.w * b.h - a.w * a.h)[0];
      const r = canvas.getBoundingClientRect();
      const at = { clientX: r.left + bar.x + bar.w / 2, clientY: r.top + bar.y + bar.h / 2 };
      const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      canvas.dispatchEvent(new PointerEvent("pointerdown", { ...at, pointerType: "touch", bubbles: true, composed: true }));
      await frame();
      const tapShown = getComputedStyle(tip).display !== "none";
      const value = root.querySelector(".kc-tip-value");
      const weight = value ? getComputedStyle(value).fontWeight : null;
      document.body.dispatchEvent(new PointerEvent("pointerdown", { clientX: 2, clientY: 2, pointerType: "touch", bubbles: true, composed: true }));
      await frame();
      const outsideHides = getComputedStyle(tip).display === "none";
      // Invisible: nothing painted (transparent background, no border, no outline).
      const invisible = ks && ks.backgroundColor === "rgba(0, 0, 0, 0)" && ks.borderTopWidth === "0px" && ks.outlineStyle === "none";
      // Placed as the shared sheet says: grid items of one cell (not positioned: no layer each).
      const placed = ks && ks.position === "static" && ks.gridRowStart === "1" && ks.alignSelf === "start";
      return { invisible, placed, bg: ks?.backgroundColor, position: ks?.position, tapShown, weight, outsideHides };
    });
    check.expect(out.invisible && out.placed, `bar buttons in the shadow root are not styled (background ${out.bg}, position ${out.position}): grey boxes over the chart`);
    check.expect(out.tapShown, "a tap on a bar inside a shadow root does not keep its tooltip");
    check.expect(out.weight === "700", `the tooltip's value is unstyled (font-weight ${out.weight})`);
    check.expect(out.outsideHides, "a tap outside does not hide the tooltip");
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkRtl(browser) {
  const check = new Check("6 rtl: a chart under dir=rtl draws what it draws under ltr");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const url = (id) => document.querySelector(`#${id} canvas.kc-canvas`).toDataURL();
      const tip = document.querySelector("#c-rtl .kc-tooltip");
      return {
        same: url("c-ltr") === url("c-rtl"),
        dir: getComputedStyle(document.querySelector("#c-rtl .kc-chart")).direction,
        tipDir: getComputedStyle(tip).direction,
      };
    });
    check.expect(out.same, "the canvas under dir=rtl differs from the same chart under ltr (text mirrored or misplaced)");
    check.expect(out.dir === "ltr" && out.tipDir === "ltr", `direction inside the chart: ${out.dir}, tooltip ${out.tipDir}`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkShrink(browser) {
  const check = new Check("7 shrink: grid 1fr and flex items narrow with the window");
  const { context, page } = await open(browser, check);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await frames(page, 3);
    await page.setViewportSize({ width: 820, height: 900 });
    await frames(page, 4);
    const out = await page.evaluate(() => {
      const res = {};
      for (const [id, side] of [["c-grid", "grid-side"], ["c-flex", "flex-side"]]) {
        const c = document.querySelector(`#${id} canvas.kc-canvas`).getBoundingClientRect();
        const s = document.getElementById(side).getBoundingClientRect();
        res[id] = { canvasRight: c.right, sideLeft: s.left, sideRight: s.right };
      }
      res.scroll = document.documentElement.scrollWidth - innerWidth;
      res.view = innerWidth;
      return res;
    });
    for (const id of ["c-grid", "c-flex"]) {
      const r = out[id];
      check.expect(r.sideRight <= out.view + 0.5, `${id}: the sidebar ends at ${r.sideRight.toFixed(0)} px, off a ${out.view} px window`);
      check.expect(r.canvasRight <= r.sideLeft + 0.5, `${id}: the canvas (right ${r.canvasRight.toFixed(0)}) runs under the sidebar (left ${r.sideLeft.toFixed(0)})`);
    }
    check.expect(out.scroll <= 0, `the page scrolls sideways by ${out.scroll} px`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkResizeLoop(browser) {
  const check = new Check('8 ro-loop: no "ResizeObserver loop" error events (dialogs, 120 resizes)');
  const { context, page } = await open(browser, check);
  try {
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => document.getElementById("dlg").showModal());
      await frames(page, 2);
      const w = await page.evaluate(() => document.querySelector("#c-dialog canvas.kc-canvas").getBoundingClientRect().width);
      check.expect(i > 0 || w > 100, `the chart in the dialog is ${w} px wide`);
      await page.evaluate(() => document.getElementById("dlg").close());
      await frames(page, 1);
    }
    for (let i = 0; i < 120; i++) {
      await page.setViewportSize({ width: 820 + ((i * 37) % 460), height: 900 });
      if (i % 3 === 0) await frames(page, 1);
    }
    await frames(page, 3);
    const errors = await page.evaluate(() => window.__errors.filter((m) => /ResizeObserver/.test(m)).length);
    check.expect(errors === 0, `${errors} "ResizeObserver loop" error events reached the page`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkResets(browser) {
  const check = new Check("9 resets: [hidden] revealed and buttons hidden by the page");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const box = document.getElementById("c-reset");
      const display = (el) => (el ? getComputedStyle(el).display : "missing");
      const key = box.querySelector('button.kc-key[tabindex="0"]');
      key?.focus();
      const focused = document.activeElement === key;
      const tipOnFocus = display(box.querySelector(".kc-tooltip"));
      key?.blur();
      return {
        fallback: display(box.querySelector("table.kc-fallback")),
        tip: display(box.querySelector(".kc-tooltip")),
        key: display(key),
        legend: display(box.querySelector("button.kc-legend-item")),
        toggle: display(box.querySelector("button.kc-table-toggle")),
        focused,
        tipOnFocus,
        tipAfterBlur: display(box.querySelector(".kc-tooltip")),
      };
    });
    check.expect(out.fallback === "none", `the fallback table shows above the chart (display ${out.fallback})`);
    check.expect(out.tip === "none", `the closed tooltip shows (display ${out.tip})`);
    check.expect(out.key !== "none" && out.legend !== "none" && out.toggle !== "none", `buttons hidden by the page: bars ${out.key}, legend ${out.legend}, table toggle ${out.toggle}`);
    check.expect(out.focused && out.tipOnFocus !== "none", `keyboard: focus ${out.focused}, tooltip ${out.tipOnFocus}`);
    check.expect(out.tipAfterBlur === "none", `tooltip after blur: ${out.tipAfterBlur}`);
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkOversize(browser) {
  const check = new Check("10 oversize: 50 000 figures stay within canvas limits, drawn, with a note");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const figures = [];
      for (let i = 0; i < 50000; i++) {
        figures.push({
          id: `f${i}`, region: "r1", year: 2000 + i, months: 12, measure: "demo_models", basis: "actual",
          value: (i % 97) + 1, unit: "count", source: { file: "a.txt", quote: `${(i % 97) + 1} mô hình` },
        });
      }
      const data = {
        schema_version: 1,
        regions: [{ id: "r1", name: { vi: "Vùng 1", en: "Region 1" } }],
        measures: [{ id: "demo_models", unit: "count", name: { vi: "Mô hình trình diễn", en: "Demonstration models" } }],
        sources: [{ file: "a.txt", title: { vi: "Bài", en: "Article" }, publisher: "P", date: "2020" }],
        figures,
      };
      const el = document.getElementById("c-tall");
      const res = {};
      for (const [n, ratio] of [[50000, 1], [5000, 3]]) {
        const c = hostile.mount(el, { chart: "activities", region: "all", pixelRatio: ratio, data: { ...data, figures: figures.slice(0, n) } });
        const canvas = el.querySelector("canvas.kc-canvas");
        const ctx = canvas.getContext("2d");
        const strip = ctx.getImageData(0, 0, canvas.width, Math.min(canvas.height, 400)).data;
        const colours = new Set();
        for (let i = 0; i < strip.length && colours.size < 3; i += 4 * 13) colours.add(`${strip[i]},${strip[i + 1]},${strip[i + 2]},${strip[i + 3]}`);
        const note = el.querySelector(".kc-limit");
        let png;
        try {
          png = c.toPng().slice(0, 22);
        } catch (e) {
          png = `Error: ${e.message}`;
        }
        res[`${n}@${ratio}`] = {
          size: c.size(),
          backing: [canvas.width, canvas.height],
          colours: colours.size,
          note: note && getComputedStyle(note).display !== "none" ? note.textContent : null,
          png,
        };
        c.destroy();
      }
      return res;
    });
    for (const [name, r] of Object.entries(out)) {
      const [w, h] = r.backing;
      check.expect(w <= 16384 && h <= 16384 && w * h <= 16777216, `${name}: a ${w} × ${h} canvas is beyond browser limits (chart ${r.size.map(Math.round).join(" × ")} CSS px)`);
      check.expect(w > 0 && h > 0 && r.colours >= 2, `${name}: the canvas is blank`);
      check.expect(r.size[1] * (name.endsWith("@3") ? 3 : 1) <= 16384 || (r.note && /bảng số liệu/.test(r.note)), `${name}: no readable note that only part is drawn (${r.note})`);
      check.expect(r.png !== "data:," && (r.png.startsWith("data:image/png") || /^Error: toPng: .*too large/.test(r.png)), `${name}: toPng() gave ${JSON.stringify(r.png)}`);
    }
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

async function checkSmall(browser) {
  const check = new Check("11 small: free() twice, methods after free(), validateDataset(null|undefined)");
  const { context, page } = await open(browser, check);
  try {
    const out = await page.evaluate(() => {
      const el = document.getElementById("c-scratch");
      const c = hostile.mount(el, { chart: "funding", region: "phia-nam" });
      const tryIt = (f) => {
        try {
          f();
          return "ok";
        } catch (e) {
          return e.message;
        }
      };
      const first = tryIt(() => c.free());
      const left = el.querySelectorAll(".kc-chart").length;
      const second = tryIt(() => c.free());
      const after = ["size", "bars", "toSvg", "toCsv", "resize"].map((m) => [m, tryIt(() => c[m]())]);
      after.push(["update", tryIt(() => c.update({ chart: "funding", region: "phia-nam" }))]);
      after.push(["tooltipAt", tryIt(() => c.tooltipAt(1, 1))]);
      const destroyAfterFree = tryIt(() => c.destroy());
      const noTarget = tryIt(() => hostile.mount(null, { chart: "funding", region: "phia-nam" }));
      const v = (d) => hostile.validateDataset(d);
      return { first, second, left, after, destroyAfterFree, noTarget, vNull: v(null), vUndefined: v(undefined), vNumber: v(5), vGood: v("{}").length };
    });
    check.expect(out.first === "ok" && out.second === "ok", `free(): ${out.first}, free() again: ${out.second}`);
    check.expect(out.left === 0, "free() left the chart in the page");
    for (const [m, r] of out.after) check.expect(/destroyed/.test(r), `${m}() after free(): ${r}`);
    check.expect(out.destroyAfterFree === "ok", `destroy() after free(): ${out.destroyAfterFree}`);
    check.expect(/^mount: target must be an HTML element or a canvas, got null$/.test(out.noTarget), `mount(null, …): ${out.noTarget}`);
    check.expect(out.vNull.length > 0 && /got null/.test(out.vNull[0]), `validateDataset(null): ${JSON.stringify(out.vNull)}`);
    check.expect(out.vUndefined.length > 0 && /got undefined/.test(out.vUndefined[0]), `validateDataset(undefined): ${JSON.stringify(out.vUndefined)}`);
    check.expect(out.vNumber.length > 0, `validateDataset(5): ${JSON.stringify(out.vNumber)}`);
    check.expect(out.vGood > 0, "validateDataset({}) finds no problem");
    await finish(page, check);
  } finally {
    await context.close();
  }
  return check;
}

const CHECKS = {
  gc: checkGc,
  options: checkOptions,
  getters: checkGetters,
  transform: checkTransforms,
  shadow: checkShadow,
  rtl: checkRtl,
  shrink: checkShrink,
  "ro-loop": checkResizeLoop,
  resets: checkResets,
  oversize: checkOversize,
  small: checkSmall,
};

let BASE = "";

runSuite(
  "hostile",
  Object.fromEntries(
    Object.entries(CHECKS).map(([name, run]) => [
      name,
      (browser, base) => {
        BASE = base;
        return run(browser);
      },
    ]),
  ),
  { only: ONLY, shots: SHOTS },
).catch((err) => {
  console.error(err);
  process.exit(1);
});
