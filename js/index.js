// khuyencong-charts: the package's main entry (`import init, { mount } from "khuyencong-charts"`).
//
// The wasm-bindgen glue (khuyencong_charts.js) with three additions:
// - `mount()`, `renderSvg()`… called before the module is loaded throw a clear
//   error instead of "Cannot read properties of undefined";
// - in Node (20.16+), `await init()` reads the .wasm next to this file from disk
//   (fetch cannot read file: URLs);
// - a failed load names the file it tried and what to do;
// - a chart stays alive while its container does, even if the page drops the handle.
//
// Everything else the glue exports (the `Chart` class, anything added later) is
// re-exported unchanged; the names below take precedence over `export *`.

import glueInit, {
  initSync as glueInitSync,
  mount as glueMount,
  validateDataset as glueValidateDataset,
  renderSvg as glueRenderSvg,
  renderTable as glueRenderTable,
  renderCsv as glueRenderCsv,
  renderCaption as glueRenderCaption,
  renderAltText as glueRenderAltText,
} from "./khuyencong_charts.js";

export * from "./khuyencong_charts.js";

const WASM_FILE = "khuyencong_charts_bg.wasm";
let loaded = false;

/** True once `init()` or `initSync()` has instantiated the WebAssembly module. */
export function isReady() {
  return loaded;
}

function needInit(fn) {
  if (!loaded) {
    throw new Error(`khuyencong-charts: call \`await init()\` before \`${fn}()\` (or \`initSync({ module })\` in Node)`);
  }
}

function message(e) {
  return String(e?.message ?? e);
}

/**
 * Node without an argument: the .wasm file next to this module, read from disk.
 * `process.getBuiltinModule` (Node 20.16+) needs no import a bundler would see.
 */
function nodeDefault() {
  const proc = globalThis.process;
  const getBuiltin = proc?.getBuiltinModule;
  if (typeof getBuiltin !== "function" || !import.meta.url.startsWith("file:")) return undefined;
  const fs = getBuiltin.call(proc, "node:fs");
  // A string op, not `new URL(…, import.meta.url)`: bundlers must not emit the wasm twice.
  return fs.readFileSync(new URL(import.meta.url.replace(/[^/]*$/, WASM_FILE)));
}

/**
 * Loads and instantiates the WebAssembly module; resolves once it is ready (later calls
 * return the same module). Without an argument it fetches `khuyencong_charts_bg.wasm`
 * next to this file (in Node: reads it from disk). `{ module_or_path }` takes a URL,
 * a `Response`, the bytes or a compiled `WebAssembly.Module`.
 */
export default async function init(moduleOrPath) {
  let input = moduleOrPath;
  if (input === undefined && !loaded) {
    try {
      const bytes = nodeDefault();
      if (bytes) input = { module_or_path: bytes };
    } catch (e) {
      throw new Error(`khuyencong-charts: cannot read ${WASM_FILE} next to the package's index.js: ${message(e)}`, { cause: e });
    }
  }
  try {
    const out = await glueInit(input);
    loaded = true;
    return out;
  } catch (e) {
    throw new Error(
      `khuyencong-charts: the WebAssembly module could not be loaded (${message(e)}). ` +
        `If your bundler does not copy ${WASM_FILE}, pass its URL: init({ module_or_path: url }).`,
      { cause: e },
    );
  }
}

/** Instantiates the module synchronously from its bytes or a compiled module (Node, workers). */
export function initSync(module) {
  const out = glueInitSync(module);
  loaded = true;
  return out;
}

// A handle the page drops would be garbage-collected, and wasm-bindgen's finaliser
// would then destroy the chart: each container keeps its charts alive instead.
const mounted = new WeakMap();

export function mount(target, options) {
  needInit("mount");
  const chart = glueMount(target, options);
  if (target !== null && typeof target === "object") {
    const list = mounted.get(target) ?? [];
    list.push(chart);
    mounted.set(target, list);
  }
  return chart;
}

export function validateDataset(data) {
  needInit("validateDataset");
  return glueValidateDataset(data);
}

export function renderSvg(options) {
  needInit("renderSvg");
  return glueRenderSvg(options);
}

export function renderTable(options) {
  needInit("renderTable");
  return glueRenderTable(options);
}

export function renderCsv(options) {
  needInit("renderCsv");
  return glueRenderCsv(options);
}

export function renderCaption(options) {
  needInit("renderCaption");
  return glueRenderCaption(options);
}

export function renderAltText(options) {
  needInit("renderAltText");
  return glueRenderAltText(options);
}
