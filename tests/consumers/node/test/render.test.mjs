// README "Server-side and static builds": both entries import in Node; DOM-free renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { isReady, mount, renderCsv, renderSvg, renderTable } from "khuyencong-charts";
import { KhuyencongChart, ready } from "khuyencong-charts/element";

// The repository's native snapshots (khuyencong-render) and a small dataset, from run.mjs.
const SNAPSHOTS = process.env.KC_SNAPSHOTS;
const DATASET = process.env.KC_DATASET;

test("the element module imports without a DOM and defines nothing", () => {
  assert.equal(typeof KhuyencongChart, "function");
  assert.equal(typeof ready, "function");
  assert.equal(globalThis.customElements, undefined);
});

test("calling before init() names the fix", () => {
  assert.equal(isReady(), false);
  assert.throws(() => mount(null, { chart: "funding" }), { message: /call `await init\(\)` before `mount\(\)`/ });
  assert.throws(() => renderSvg({ chart: "funding", region: "phia-nam" }), { message: /before `renderSvg\(\)`/ });
});

test("await init() in Node reads the wasm from the package", async () => {
  await init();
  assert.equal(isReady(), true);
});

test("renderSvg is the same SVG as the native khuyencong-render snapshot", async () => {
  for (const [chart, region, lang, width] of [
    ["funding", "phia-nam", "vi", 800],
    ["activities", "all", "en", 800],
    ["funding", "mien-trung-tay-nguyen", "vi", 360],
  ]) {
    const svg = renderSvg({ chart, region, lang, width });
    const expected = await readFile(`${SNAPSHOTS}/${chart}-${region}-${lang}-${width}.svg`, "utf8");
    assert.ok(svg.startsWith("<svg"), `${chart}/${region}: not an SVG`);
    // It carries its title and description; the drawing is the snapshot's, byte for byte.
    const described = /^(<svg[^>]*?) role="img" aria-labelledby="kc-title kc-desc"><title id="kc-title">[^<]+<\/title><desc id="kc-desc">[^<]+<\/desc>/;
    assert.match(svg, described, `${chart}/${region}: no <title>/<desc>`);
    assert.equal(svg.replace(described, "$1>"), expected, `${chart}/${region}/${lang}/${width} differs from the native snapshot`);
  }
  const dark = renderSvg({ chart: "funding", region: "phia-nam", theme: "dark" });
  assert.notEqual(dark, renderSvg({ chart: "funding", region: "phia-nam" }), "theme dark draws the same colours");
});

test("renderTable escapes text, renderCsv has a BOM", async () => {
  const data = JSON.parse(await readFile(DATASET, "utf8"));
  data.regions[0].name.en = "<b>R&D</b>";
  const html = renderTable({ chart: "funding", region: data.regions[0].id, lang: "en", data });
  assert.match(html, /^<table class="kc-fallback kc-compare">/);
  assert.ok(html.includes("&lt;b&gt;R&amp;D&lt;/b&gt;"), "region name not escaped");
  assert.ok(!html.includes("<b>"), "markup from the data reached the table");
  const csv = renderCsv({ chart: "activities", region: "all", lang: "vi" });
  assert.equal(csv.charCodeAt(0), 0xfeff);
  assert.ok(csv.split("\n").length > 5);
});

test("bad options throw errors naming the field", () => {
  assert.throws(() => renderSvg({ chart: "pie" }), { message: /^options\.chart: unknown chart "pie"/ });
  assert.throws(() => renderSvg({ chart: "funding", region: "phia-nam", width: "wide" }), { message: /^options\.width:/ });
  assert.throws(() => renderSvg({ chart: "funding", region: "phia-nam", lnag: "en" }), { message: /^options\.lnag: unknown option/ });
  assert.throws(() => renderTable({ chart: "funding", region: "phia-nam", data: "{" }), { message: /^options\.data: invalid dataset/ });
});
