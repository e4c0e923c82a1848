// Types for khuyencong-chart.js, the <khuyencong-chart> custom element.
// The ES-module API it wraps (mount, Chart) is typed in khuyencong_charts.d.ts.

import type { Chart, InitInput } from "./khuyencong_charts.js";

export { mount } from "./khuyencong_charts.js";

/** Values of the element's `data-state` attribute. */
export type KhuyencongChartState = "loading" | "ready" | "error";

/** The options the element passes to `mount` / `update`, read from its attributes. */
export interface KhuyencongChartOptions {
  chart?: string;
  region?: string;
  lang?: string;
  theme?: string;
  pixelRatio?: number;
  /** Custom dataset (JSON text) from the `src` attribute or a `<script type="application/json">` child. */
  data?: string;
}

/**
 * Loads the wasm module once for the whole page (every element awaits the same
 * promise). `moduleOrPath` overrides where the `.wasm` file comes from; it only
 * matters on the first call. A failed load is not cached.
 */
export function ready(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/**
 * `<khuyencong-chart chart="funding" region="mien-trung-tay-nguyen" lang="vi">`.
 *
 * Observed attributes: `chart`, `region`, `lang`, `theme`, `pixel-ratio`, `src`.
 * Children stay in place: a `table.kc-fallback` is the content when wasm can't
 * load (hidden while the chart is shown); a `<script type="application/json">`
 * child supplies a custom dataset.
 */
export class KhuyencongChart extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The mounted chart, or null before the first successful draw. Kept (destroyed) after removal. */
  readonly chart: Chart | null;
  /** The options currently described by the attributes. */
  options(): KhuyencongChartOptions;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
}

export interface KhuyencongReadyEvent extends CustomEvent<{ chart: Chart }> {}
export interface KhuyencongErrorEvent extends CustomEvent<{ message: string; problems?: string[] }> {}

declare global {
  interface HTMLElementTagNameMap {
    "khuyencong-chart": KhuyencongChart;
  }
  interface HTMLElementEventMap {
    "khuyencong-ready": KhuyencongReadyEvent;
    "khuyencong-error": KhuyencongErrorEvent;
  }
}
