// README "Server-side": the synchronous init (a fresh process: node --test runs each file alone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initSync, renderSvg } from "khuyencong-charts";

test("initSync with the bytes of the exported .wasm", () => {
  initSync({ module: readFileSync(new URL(import.meta.resolve("khuyencong-charts/khuyencong_charts_bg.wasm"))) });
  const svg = renderSvg({ chart: "activities", region: "all", lang: "vi", width: 1200 });
  assert.match(svg, /^<svg[^>]*width="1200"/);
});
