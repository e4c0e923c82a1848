// README "Server-side": the synchronous init (a fresh process: node --test runs each file alone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initSync, renderSvg } from "khuyencong-charts";

test("initSync with the bytes of the exported .wasm", () => {
  const wasm = readFileSync(new URL(import.meta.resolve("khuyencong-charts/khuyencong_charts_bg.wasm")));
  initSync({ module: wasm });
  assert.match(renderSvg({ chart: "activities", region: "all", lang: "vi", width: 1200 }), /^<svg[^>]*width="1200"/);
});
