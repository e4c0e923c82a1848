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
// pixel-ratio, zoom, hidden-series (space-separated series keys), view, scale, src, and
// wasm-url (where the .wasm is, read by the first element that loads it);
// selected (a year or a figure id) pins that target as a tap would.
// Each is also a property of the same name (camelCase: pixelRatio, zoom,
// hiddenSeries, wasmUrl), so frameworks that set properties (React 19, Vue,
// Svelte, Lit) work; `data` is a property only (a dataset object or JSON text).
// State is reflected in `data-state`: "loading", "ready" or "error". Events
// (bubbling): `khuyencong-ready` (`detail.chart`), `khuyencong-error`
// (`detail.message`), `khuyencong-viewchange` (`detail.hidden`,
// `detail.selected`: the reader toggled a series or pinned / closed a bar; the
// element's `hidden-series` and `selected` attributes already say so, so a
// page can keep its URL in sync). `element.handle` / `element.getChart()` is
// the wasm chart handle (null before ready).
//
// Every element on a page shares one wasm instance (one fetch, one compile).
// Nothing here needs 'unsafe-inline' or 'unsafe-eval': it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`. Importing this
// module where there is no DOM (Node, server-side rendering) defines nothing
// and throws nothing.

import init, { mount } from "./index.js";

export { mount };

const TAG = "khuyencong-chart";
const ATTRS = ["chart", "region", "lang", "theme", "pixel-ratio", "zoom", "max-height", "hidden-series", "view", "scale", "src", "wasm-url", "idle-reset", "selected"];

// Kiosk idle reset: elements with idle-reset="SECONDS" go back to their first state
// after that long without a touch, key, wheel or pointer move anywhere on the page.
const idleElements = new Set();
const POKE = Symbol("poke");
let idleWired = false;
let lastMove = 0;
function wireIdle() {
  if (idleWired) return;
  idleWired = true;
  const poke = (e) => {
    if (e.type === "pointermove") {
      const now = Date.now();
      if (now - lastMove < 1000) return;
      lastMove = now;
    }
    for (const el of idleElements) el[POKE]();
  };
  for (const type of ["pointerdown", "pointermove", "keydown", "wheel"]) {
    document.addEventListener(type, poke, { capture: true, passive: true });
  }
}

let wasmReady = null;
/** Elements whose wasm load failed: a later successful `ready(url)` draws them. */
const waitingForWasm = new Set();

/**
 * Loads and instantiates the wasm module once for the whole page; every
 * element awaits the same promise. `moduleOrPath` (optional) says where the
 * `.wasm` file is: a URL (string or `URL`), a `Response`, the bytes or a
 * compiled `WebAssembly.Module` (or `{ module_or_path }`). Only the first load
 * uses it. A failed load is not cached: call `ready(url)` again with the right
 * URL and every element that could not load draws itself.
 */
export function ready(moduleOrPath) {
  if (!wasmReady) {
    const input =
      moduleOrPath === undefined || (moduleOrPath !== null && Object.getPrototypeOf(moduleOrPath) === Object.prototype)
        ? moduleOrPath
        : { module_or_path: moduleOrPath };
    wasmReady = init(input).then(
      () => {
        const waiting = [...waitingForWasm];
        waitingForWasm.clear();
        for (const retry of waiting) retry();
      },
      (e) => {
        wasmReady = null;
        console.warn(`khuyencong-chart: showing the fallback content. ${messageOf(e)}`);
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
         border-radius: 6px; padding: 10px 12px; font: 14px/1.45 system-ui, sans-serif; overflow-wrap: anywhere; }
       :where(${TAG}) > :where(.kc-error) > :where(small) { display: block; margin-top: 4px; font-size: 12px; opacity: 0.85; }`,
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

/** A number attribute as a property: null when absent, NaN when not a number. */
function numberAttr(el, name) {
  const v = el.getAttribute(name);
  return v === null ? null : v.trim() === "" ? Number.NaN : Number(v);
}

function setAttr(el, name, value) {
  if (value === null || value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

// Where there is no DOM (Node, SSR) the class extends a stand-in and is never defined.
const Base = globalThis.HTMLElement ?? class {};

export class KhuyencongChart extends Base {
  static get observedAttributes() {
    return ATTRS;
  }

  #chart = null;
  /** True while #chart is mounted (a destroyed handle is kept for `element.handle`). */
  #alive = false;
  /** Bumped on every (re)connect/disconnect/src change: stale async work checks it. */
  #generation = 0;
  #mounting = false;
  /** Custom dataset text (from `src` or a JSON script child), or undefined for the built-in data. */
  #data = undefined;
  /** The dataset the chart was last given (mount or update). */
  #sent = undefined;
  #dataKey = null;
  /** The `data` property (object or JSON text), or undefined. */
  #dataProp = undefined;
  #idleTimer = 0;
  /** lang and hidden-series as first configured: what an idle reset restores. */
  #initial = null;
  /** True while the element writes the reader's view into its own attributes. */
  #reflecting = false;

  /** The wasm chart handle (`update`, `resize`, `bars`, `toSvg`…), or null before the first draw. */
  get handle() {
    return this.#chart;
  }

  /** Same as `handle`. */
  getChart() {
    return this.#chart;
  }

  // Attributes as properties (React 19 and other frameworks set properties).
  // `lang` is HTMLElement's own reflected property.
  get chart() {
    return this.getAttribute("chart");
  }
  set chart(v) {
    setAttr(this, "chart", v);
  }
  get region() {
    return this.getAttribute("region");
  }
  set region(v) {
    setAttr(this, "region", v);
  }
  get theme() {
    return this.getAttribute("theme");
  }
  set theme(v) {
    setAttr(this, "theme", v);
  }
  get src() {
    return this.getAttribute("src");
  }
  set src(v) {
    setAttr(this, "src", v);
  }
  get wasmUrl() {
    return this.getAttribute("wasm-url");
  }
  set wasmUrl(v) {
    setAttr(this, "wasm-url", v);
  }
  get pixelRatio() {
    return numberAttr(this, "pixel-ratio");
  }
  set pixelRatio(v) {
    setAttr(this, "pixel-ratio", v);
  }
  get zoom() {
    return numberAttr(this, "zoom");
  }
  set zoom(v) {
    setAttr(this, "zoom", v);
  }
  /** Tallest the chart's canvas may be, in CSS px (kiosk screens); null when absent. */
  get maxHeight() {
    return numberAttr(this, "max-height");
  }
  set maxHeight(v) {
    setAttr(this, "max-height", v);
  }
  get view() {
    return this.getAttribute("view");
  }
  set view(v) {
    setAttr(this, "view", v);
  }
  get scale() {
    return this.getAttribute("scale");
  }
  set scale(v) {
    setAttr(this, "scale", v);
  }
  /** Hidden series keys ("plan", "actual", "region:<id>"); set an array or a space-separated string. */
  get hiddenSeries() {
    const v = this.getAttribute("hidden-series");
    return v === null ? [] : v.split(/\s+/).filter(Boolean);
  }
  set hiddenSeries(v) {
    setAttr(this, "hidden-series", Array.isArray(v) ? v.join(" ") : v);
  }
  /** The pinned target (a year like "2017" or a figure id), or null; setting it pins it as a tap would. */
  get selected() {
    return this.getAttribute("selected");
  }
  set selected(v) {
    setAttr(this, "selected", v);
  }
  /** A custom dataset (object or JSON text); takes precedence over `src` and a JSON child. */
  get data() {
    return this.#dataProp;
  }
  set data(v) {
    const value = v === null ? undefined : v;
    if (value === this.#dataProp) return;
    this.#dataProp = value;
    this.#dataKey = null;
    if (this.isConnected) this.#start();
  }

  connectedCallback() {
    this.#start();
    this.#armIdle();
  }

  disconnectedCallback() {
    this.#generation++;
    clearTimeout(this.#idleTimer);
    idleElements.delete(this);
    this.#teardown();
  }

  /** Seconds of inactivity before the chart goes back to its first state (kiosks); null when off. */
  get idleReset() {
    return numberAttr(this, "idle-reset");
  }
  set idleReset(v) {
    setAttr(this, "idle-reset", v);
  }

  [POKE]() {
    this.#armIdle();
  }

  #armIdle() {
    clearTimeout(this.#idleTimer);
    const seconds = Number(this.getAttribute("idle-reset"));
    if (!(seconds > 0) || !this.isConnected) {
      idleElements.delete(this);
      return;
    }
    if (!this.#initial) {
      this.#initial = { lang: this.getAttribute("lang"), hidden: this.getAttribute("hidden-series") };
    }
    idleElements.add(this);
    wireIdle();
    this.#idleTimer = setTimeout(() => this.#idleResetNow(), seconds * 1000);
  }

  /** Tooltip and table closed, series and language as configured; no announcement. */
  #idleResetNow() {
    const first = this.#initial;
    if (first) {
      setAttr(this, "lang", first.lang);
      setAttr(this, "hidden-series", first.hidden);
    }
    if (this.#alive) {
      try {
        this.#chart.reset();
      } catch {
        // a rejected option is shown in the element already
      }
    }
    this.dispatchEvent(new CustomEvent("khuyencong-idle-reset", { bubbles: true }));
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (name === "idle-reset") {
      this.#armIdle();
      return;
    }
    if (oldValue === newValue || !this.isConnected || name === "wasm-url" || this.#reflecting) return;
    if (name === "selected") {
      if (this.#alive) this.#select();
      return;
    }
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
      ["view", "view"],
      ["scale", "scale"],
    ]) {
      const v = this.getAttribute(attr);
      if (v !== null) o[key] = v.trim();
    }
    const pr = this.getAttribute("pixel-ratio");
    if (pr !== null) o.pixelRatio = pr.trim() === "" ? Number.NaN : Number(pr);
    const zoom = this.getAttribute("zoom");
    if (zoom !== null) o.zoom = zoom.trim() === "" ? Number.NaN : Number(zoom);
    const maxHeight = this.getAttribute("max-height");
    if (maxHeight !== null) o.maxHeight = maxHeight.trim() === "" ? Number.NaN : Number(maxHeight);
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
    waitingForWasm.delete(this.#retry);
    try {
      // One microtask: a `ready(url)` in the module that imported this one runs first.
      await null;
      if (stale()) return;
      try {
        const url = this.getAttribute("wasm-url");
        await ready(url && url.trim() ? new URL(url.trim(), document.baseURI) : undefined);
      } catch (e) {
        if (stale()) return;
        // No wasm: keep the children (the fallback table) and say so above them.
        this.#teardown();
        this.#clearError();
        waitingForWasm.add(this.#retry);
        this.#fail(messageOf(e), "wasm", undefined, `${messageOf(e?.cause ?? e)}. Fix: the wasm-url attribute or ready(url).`);
        return;
      }
      await domReady(); // the JSON script child may not be parsed yet
      if (stale()) return;
      try {
        await this.#loadData(stale);
      } catch (e) {
        if (stale()) return;
        this.#teardown();
        this.#fail(messageOf(e), "show");
        return;
      }
      if (stale()) return;
      this.#teardown();
      this.#clearError();
      let chart;
      try {
        chart = mount(this, this.options());
        this.#sent = this.#data;
      } catch (e) {
        this.#fail(messageOf(e), "show", e?.problems);
        return;
      }
      this.#chart = chart;
      this.#alive = true;
      chart.onViewChange((view) => this.#viewChanged(view));
      this.#select();
      this.dataset.state = "ready";
      this.dispatchEvent(new CustomEvent("khuyencong-ready", { bubbles: true, composed: true, detail: { chart } }));
    } finally {
      if (generation === this.#generation) this.#mounting = false;
    }
  }

  /** Fetches `src` or reads a `<script type="application/json">` child into #data. */
  async #loadData(stale) {
    if (this.#dataProp !== undefined) {
      this.#data = this.#dataProp;
      this.#dataKey = "property";
      return;
    }
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
      // A partial update: an attribute removed goes back to its default (null); the
      // dataset is sent (and checked) again only when it is not the one already drawn.
      const o = this.options();
      for (const k of ["chart", "region", "lang", "theme", "view", "scale", "pixelRatio", "zoom", "maxHeight", "hidden"]) {
        if (!(k in o)) o[k] = null;
      }
      if (this.#data === this.#sent) delete o.data;
      this.#chart.update(o);
      this.#sent = this.#data;
      this.#clearError();
      this.dataset.state = "ready";
    } catch (e) {
      // Rejected options: drop the stale drawing, show why (fallback table comes back).
      this.#teardown();
      this.#fail(messageOf(e), "show", e?.problems);
    }
  }

  /** Pins the target the `selected` attribute names (a bad key: a console note, nothing else). */
  #select() {
    const key = this.getAttribute("selected");
    try {
      this.#chart.select(key === null || key.trim() === "" ? null : key.trim());
    } catch (e) {
      console.warn(`khuyencong-chart: selected="${key}" ignored. ${messageOf(e)}`);
    }
  }

  /** The reader changed the view: the attributes follow (without a redraw), then the event. */
  #viewChanged({ hidden, selected }) {
    this.#reflecting = true;
    try {
      setAttr(this, "hidden-series", hidden.length ? hidden.join(" ") : this.hasAttribute("hidden-series") ? "" : null);
      setAttr(this, "selected", selected);
    } finally {
      this.#reflecting = false;
    }
    this.dispatchEvent(
      new CustomEvent("khuyencong-viewchange", { bubbles: true, composed: true, detail: { hidden: [...hidden], selected } }),
    );
  }

  /** Called when the wasm becomes available after this element failed to load it. */
  #retry = () => {
    if (this.isConnected) this.#start();
  };

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
   * Sets the error state. `how`: "show" adds the message unless the wasm side
   * already did; "wasm" says the chart could not load (the fallback stays).
   * `problems`: every problem of an invalid dataset, if known. `hint`: the
   * developer's detail under the reader's message when the wasm is missing.
   */
  #fail(message, how, problems, hint = message) {
    this.dataset.state = "error";
    if (!this.querySelector(":scope > .kc-error")) {
      const div = document.createElement("div");
      div.className = "kc-error";
      div.setAttribute("role", "alert");
      if (how === "wasm") {
        div.textContent = "Không tải được biểu đồ / The chart could not be loaded.";
        const small = document.createElement("small");
        small.textContent = hint.length > 240 ? `${hint.slice(0, 239)}…` : hint;
        div.append(small);
        // Above the fallback table, if any: the reader sees why the table is shown.
        this.prepend(div);
      } else {
        div.textContent = `Không vẽ được biểu đồ / Chart unavailable: ${message}`;
        this.append(div);
      }
    }
    const detail = { message };
    if (Array.isArray(problems)) detail.problems = problems;
    this.dispatchEvent(new CustomEvent("khuyencong-error", { bubbles: true, composed: true, detail }));
  }
}

if (globalThis.customElements && !customElements.get(TAG)) {
  adoptDefaultStyles();
  customElements.define(TAG, KhuyencongChart);
}
