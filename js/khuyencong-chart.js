// <khuyencong-chart>: the custom element that wraps the wasm chart.
//
//   <script type="module" src="/pkg/khuyencong-chart.js"></script>
//   <khuyencong-chart chart="funding" region="mien-trung-tay-nguyen" lang="vi">
//     <table class="kc-fallback">…every figure, shown when wasm can't load…</table>
//   </khuyencong-chart>
//
// Light DOM: the chart is mounted into the element itself, after its children.
// The children (a fallback table, a <script type="application/json"> with
// custom data) are never removed; the wasm side hides `table.kc-fallback`
// while the chart is mounted and shows it again on destroy.
//
// Attributes (observed; changing one redraws): chart, region, lang, theme,
// pixel-ratio, zoom, hidden (space-separated series keys), src. State is reflected in `data-state`: "loading", "ready" or
// "error". Events (bubbling): `khuyencong-ready`, `khuyencong-error`
// (`detail.message`). `element.chart` is the wasm handle (null before ready).
//
// Every element on a page shares one wasm instance (one fetch, one compile).
// Nothing here needs 'unsafe-inline' or 'unsafe-eval': it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

import init, { mount } from "./khuyencong_charts.js";

export { mount };

const TAG = "khuyencong-chart";
const ATTRS = ["chart", "region", "lang", "theme", "pixel-ratio", "zoom", "hidden-series", "src"];

let wasmReady = null;

/**
 * Loads and instantiates the wasm module once for the whole page; every
 * element awaits the same promise. `moduleOrPath` (optional, first call only)
 * overrides where the `.wasm` file is fetched from. A failed load is not
 * cached, so a later element can try again.
 */
export function ready(moduleOrPath) {
  if (!wasmReady) {
    wasmReady = init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(
      () => undefined,
      (e) => {
        wasmReady = null;
        console.warn(`khuyencong-chart: the WebAssembly module could not be loaded; showing the fallback content. ${e?.message ?? e}`);
        throw e;
      },
    );
  }
  return wasmReady;
}

// `display: block` by default (a custom element is inline otherwise, and the
// chart sizes itself to the element's width), and a readable error box. Zero
// specificity, and never on [hidden], so any page rule wins. A constructed sheet, not a <style> or a
// style attribute: allowed under `style-src 'self'`.
function adoptDefaultStyles() {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      `:where(${TAG}:not([hidden])) { display: block; }
       :where(${TAG}) > :where(.kc-error) { color: #a4000f; background: #fff5f5; border: 1px solid #a4000f;
         border-radius: 6px; padding: 10px 12px; font: 14px/1.45 system-ui, sans-serif; overflow-wrap: anywhere; }`,
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // Old browser without constructable stylesheets: the page's CSS must say display:block.
  }
}

function domReady() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(), { once: true }));
}

function messageOf(e) {
  return String(e?.message ?? e);
}

export class KhuyencongChart extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  #chart = null;
  /** True while #chart is mounted (a destroyed handle is kept for `element.chart`). */
  #alive = false;
  /** Bumped on every (re)connect/disconnect/src change: stale async work checks it. */
  #generation = 0;
  #mounting = false;
  /** Custom dataset text (from `src` or a JSON script child), or undefined for the built-in data. */
  #data = undefined;
  #dataKey = null;

  /** The wasm chart handle (`update`, `resize`, `bars`, `toSvg`…), or null before the first draw. */
  get chart() {
    return this.#chart;
  }

  connectedCallback() {
    this.#start();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#teardown();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "src") {
      // New data: start over (the running chart is replaced once the data is in).
      this.#start();
      return;
    }
    // While loading, mount reads the attributes when it runs: nothing to do.
    if (this.#mounting) return;
    if (this.#alive) {
      this.#apply();
    } else if (this.dataset.state === "error" && wasmReady) {
      // The last options were rejected: try again with the new ones.
      this.#start();
    }
  }

  /** The options for mount/update, from the attributes. Only set keys are passed. */
  options() {
    const o = {};
    for (const [attr, key] of [
      ["chart", "chart"],
      ["region", "region"],
      ["lang", "lang"],
      ["theme", "theme"],
    ]) {
      const v = this.getAttribute(attr);
      if (v !== null) o[key] = v.trim();
    }
    const pr = this.getAttribute("pixel-ratio");
    if (pr !== null) o.pixelRatio = pr.trim() === "" ? Number.NaN : Number(pr);
    const zoom = this.getAttribute("zoom");
    if (zoom !== null) o.zoom = zoom.trim() === "" ? Number.NaN : Number(zoom);
    const hidden = this.getAttribute("hidden-series");
    if (hidden !== null) o.hidden = hidden.split(/\s+/).filter(Boolean);
    if (this.#data !== undefined) o.data = this.#data;
    return o;
  }

  async #start() {
    const generation = ++this.#generation;
    const stale = () => generation !== this.#generation || !this.isConnected;
    this.dataset.state = "loading";
    this.#mounting = true;
    try {
      try {
        await ready();
      } catch (e) {
        if (stale()) return;
        // No wasm: leave the children (the fallback table) exactly as they are.
        this.#teardown();
        this.#fail(`khuyencong-chart: ${messageOf(e)}`, false);
        return;
      }
      await domReady(); // the JSON script child may not be parsed yet
      if (stale()) return;
      try {
        await this.#loadData(stale);
      } catch (e) {
        if (stale()) return;
        this.#teardown();
        this.#fail(messageOf(e), true);
        return;
      }
      if (stale()) return;
      this.#teardown();
      this.#clearError();
      let chart;
      try {
        chart = mount(this, this.options());
      } catch (e) {
        this.#fail(messageOf(e), true, e?.problems);
        return;
      }
      this.#chart = chart;
      this.#alive = true;
      this.dataset.state = "ready";
      this.dispatchEvent(new CustomEvent("khuyencong-ready", { bubbles: true, composed: true, detail: { chart } }));
    } finally {
      if (generation === this.#generation) this.#mounting = false;
    }
  }

  /** Fetches `src` or reads a `<script type="application/json">` child into #data. */
  async #loadData(stale) {
    const src = this.getAttribute("src");
    if (src !== null && src.trim() !== "") {
      const url = new URL(src.trim(), document.baseURI).href;
      if (this.#dataKey === `src:${url}`) return;
      let res;
      try {
        res = await fetch(url, { credentials: "same-origin" });
      } catch (e) {
        throw new Error(`src: cannot fetch ${url}: ${messageOf(e)}`);
      }
      if (!res.ok) throw new Error(`src: HTTP ${res.status} for ${url}`);
      const text = await res.text();
      if (stale()) return;
      this.#data = text;
      this.#dataKey = `src:${url}`;
      return;
    }
    const script = [...this.children].find(
      (c) => c.localName === "script" && (c.getAttribute("type") || "").trim().toLowerCase() === "application/json",
    );
    if (script) {
      this.#data = script.textContent;
      this.#dataKey = "script";
    } else {
      this.#data = undefined;
      this.#dataKey = null;
    }
  }

  /** Applies the current attributes to the running chart. */
  #apply() {
    try {
      this.#chart.update(this.options());
      this.#clearError();
      this.dataset.state = "ready";
    } catch (e) {
      // Rejected options: drop the stale drawing, show why (fallback table comes back).
      this.#teardown();
      this.#fail(messageOf(e), true, e?.problems);
    }
  }

  #teardown() {
    if (this.#alive) {
      this.#alive = false;
      try {
        this.#chart.destroy();
      } catch {
        // already destroyed
      }
    }
    // The destroyed handle stays readable: its methods throw "…destroyed".
  }

  #clearError() {
    for (const el of this.querySelectorAll(":scope > .kc-error")) el.remove();
  }

  /**
   * Sets the error state; `show` adds a visible message unless the wasm side
   * already did. `problems`: every problem of an invalid dataset, if known.
   */
  #fail(message, show, problems) {
    this.dataset.state = "error";
    if (show && !this.querySelector(":scope > .kc-error")) {
      const div = document.createElement("div");
      div.className = "kc-error";
      div.setAttribute("role", "alert");
      div.textContent = `Không vẽ được biểu đồ / Chart unavailable: ${message}`;
      this.append(div);
    }
    const detail = { message };
    if (Array.isArray(problems)) detail.problems = problems;
    this.dispatchEvent(new CustomEvent("khuyencong-error", { bubbles: true, composed: true, detail }));
  }
}

if (!customElements.get(TAG)) {
  adoptDefaultStyles();
  customElements.define(TAG, KhuyencongChart);
}
