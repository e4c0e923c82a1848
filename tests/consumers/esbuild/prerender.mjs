// README "Server-side and static builds": bake the fallback table (and an SVG) into
// the page at build time, in Node, from the same package.
import { writeFile } from "node:fs/promises";
import { readdir, readFile } from "node:fs/promises";
import init, { renderSvg, renderTable } from "khuyencong-charts";

await init(); // Node: reads khuyencong_charts_bg.wasm from the package
const options = { chart: "funding", region: "phia-nam", lang: "vi" };
const table = renderTable(options);
await writeFile("dist/funding-phia-nam.svg", renderSvg({ ...options, width: 800 }));

// Test pages: the documented ready(wasmUrl); no wasm option at all; the wasm-url attribute.
const wasm = (await readdir("dist")).find((f) => f.endsWith(".wasm"));
const template = await readFile("page.html", "utf8");
for (const [file, script, attrs] of [
  ["index.html", "main.js", ""],
  ["plain.html", "plain.js", ""],
  ["attr.html", "plain.js", `wasm-url="${wasm}" `],
]) {
  const html = template.replace("%SCRIPT%", script).replace("%TABLE%", table).replace("%ATTRS%", attrs);
  await writeFile(`dist/${file}`, html);
}
