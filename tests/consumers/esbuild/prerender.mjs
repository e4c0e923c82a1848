// README "Server-side and static builds": bake the fallback table (and an SVG) into
// the page at build time, in Node, from the same package.
import { readFile, writeFile } from "node:fs/promises";
import init, { renderSvg, renderTable } from "khuyencong-charts";

const out = process.argv[2] ?? "dist";
await init(); // Node: reads khuyencong_charts_bg.wasm from the package
const options = { chart: "funding", region: "phia-nam", lang: "vi" };
const table = renderTable(options);
await writeFile(`${out}/funding-phia-nam.svg`, renderSvg({ ...options, width: 800 }));

const template = await readFile("page.html", "utf8");
for (const [file, script] of [["index.html", "main.js"], ["plain.html", "plain.js"]]) {
  await writeFile(`${out}/${file}`, template.replace("%SCRIPT%", script).replace("%TABLE%", table));
}
