// Types for khuyencong-chart.js (`khuyencong-charts/element`), the <khuyencong-chart>
// custom element. The ES-module API it wraps (mount, Chart, options) is typed in index.d.ts.

import type { ActivityScale, Chart, ChartKind, ChartOptions, FundingView, InitInput, Lang, RegionId, SeriesKey, Theme } from "./index.js";

export { mount } from "./index.js";
export type { ActivityScale, BarInfo, Chart, ChartKind, ChartOptions, DatasetInput, FundingView, Lang, RegionId, SeriesKey, Theme } from "./index.js";

/** Values of the element's `data-state` attribute. */
export type KhuyencongChartState = "loading" | "ready" | "error";

/** The options the element passes to `mount` / `update`, read from its attributes. */
export type KhuyencongChartOptions = Partial<ChartOptions>;

/**
 * The element's attributes, as written in HTML (and in JSX under React 18, which sets
 * attributes). Every one is also a property: see `KhuyencongChart`.
 */
export interface KhuyencongChartAttributes {
  chart?: ChartKind;
  region?: RegionId | "all" | (string & {});
  lang?: Lang;
  theme?: Theme;
  /** Number 0.5–4. */
  "pixel-ratio"?: number | string;
  /** Number 1–3. */
  zoom?: number | string;
  /** Tallest the chart's canvas may be, in CSS px (200–20000): its plots get lower. */
  "max-height"?: number | string;
  /** Space-separated series keys: `"plan"`, `"actual"`, `"region:<id>"`. */
  "hidden-series"?: string;
  /** Funding: `amounts` (default) or `share` (spent as a % of plan). */
  view?: FundingView;
  /** Activities: `own` (default) or `shared` (one scale across panels). */
  scale?: ActivityScale;
  /** URL of a dataset in the package's JSON format. */
  src?: string;
  /** URL of `khuyencong_charts_bg.wasm`, for bundlers that don't copy it (first load only). */
  "wasm-url"?: string;
  /** Kiosks: seconds without a touch, key, wheel or pointer move before the chart goes back
   * to its first state (tooltip and table closed, series and `lang` as first set). */
  "idle-reset"?: number | string;
  /** The pinned target: a year (`"2017"`) or a figure id; pinned as a tap would pin it, and
   * kept up to date as the reader taps or closes a bar (with `hidden-series`). */
  selected?: string;
}

/**
 * Loads the wasm module once for the whole page (every element awaits the same
 * promise). `moduleOrPath` says where the `.wasm` file is; it only matters on the
 * first load. A failed load is not cached: `ready(url)` again retries, and every
 * element that could not load then draws itself.
 */
export function ready(
  moduleOrPath?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/**
 * `<khuyencong-chart chart="funding" region="mien-trung-tay-nguyen" lang="vi">`.
 *
 * Observed attributes: `chart`, `region`, `lang`, `theme`, `pixel-ratio`, `zoom`,
 * `hidden-series`, `selected`, `src`, `wasm-url`, `idle-reset`; each is also a property (`pixelRatio`,
 * `hiddenSeries`, `wasmUrl` in camelCase). Children stay in place: a
 * `table.kc-fallback` is the content when wasm can't load (hidden while the chart is
 * shown); a `<script type="application/json">` child supplies a custom dataset.
 */
export class KhuyencongChart extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The mounted chart, or null before the first successful draw. Kept (destroyed) after removal. */
  readonly handle: Chart | null;
  /** Same as `handle`. */
  getChart(): Chart | null;
  /** The `chart` attribute. */
  get chart(): string | null;
  set chart(value: ChartKind | null);
  /** The `region` attribute. (`lang` is HTMLElement's own reflected property.) */
  region: string | null;
  /** The `theme` attribute. */
  get theme(): string | null;
  set theme(value: Theme | null);
  /** The `pixel-ratio` attribute as a number (null when absent). */
  pixelRatio: number | null;
  /** The `zoom` attribute as a number (null when absent). */
  zoom: number | null;
  /** The `max-height` attribute as a number (null when absent). */
  maxHeight: number | null;
  /** The `view` attribute (funding: `amounts` or `share`). */
  get view(): string | null;
  set view(value: FundingView | null);
  /** The `scale` attribute (activities: `own` or `shared`). */
  get scale(): string | null;
  set scale(value: ActivityScale | null);
  /** The `hidden-series` attribute as a list; set an array or a space-separated string. */
  get hiddenSeries(): SeriesKey[];
  set hiddenSeries(value: readonly SeriesKey[] | string | null);
  /** The `src` attribute. */
  src: string | null;
  /** The `wasm-url` attribute. */
  wasmUrl: string | null;
  /** The `idle-reset` attribute as a number of seconds (null when absent). */
  idleReset: number | null;
  /** The `selected` attribute: the pinned target's key (a year or a figure id), or null. */
  selected: string | null;
  /** A custom dataset (object or JSON text); takes precedence over `src` and a JSON child. */
  data: ChartOptions["data"] | undefined;
  /** The options currently described by the attributes and `data`. */
  options(): KhuyencongChartOptions;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
}

/** `khuyencong-ready`: the chart is drawn; `detail.chart` is its handle. */
export interface KhuyencongReadyEvent extends CustomEvent<{ chart: Chart }> {
  readonly target: KhuyencongChart;
}
/** `khuyencong-error`: bad options or data, or the wasm could not load. */
export interface KhuyencongErrorEvent extends CustomEvent<{ message: string; problems?: string[] }> {
  readonly target: KhuyencongChart;
}

/** `khuyencong-viewchange`: the reader (or the page) changed the hidden series or the pinned
 * target; the `hidden-series` and `selected` attributes already say so. */
export interface KhuyencongViewChangeEvent extends CustomEvent<{ hidden: string[]; selected: string | null }> {
  readonly target: KhuyencongChart;
}

/** The element's own events (they bubble, so `document` and `window` hear them too). */
export interface KhuyencongChartEventMap extends HTMLElementEventMap {
  "khuyencong-ready": KhuyencongReadyEvent;
  "khuyencong-error": KhuyencongErrorEvent;
  /** An `idle-reset` brought the chart back to its first state (reset your own controls). */
  "khuyencong-idle-reset": CustomEvent;
  "khuyencong-viewchange": KhuyencongViewChangeEvent;
}

declare global {
  interface HTMLElementTagNameMap {
    "khuyencong-chart": KhuyencongChart;
  }
  interface HTMLElementEventMap {
    "khuyencong-ready": KhuyencongReadyEvent;
    "khuyencong-error": KhuyencongErrorEvent;
    "khuyencong-idle-reset": CustomEvent;
    "khuyencong-viewchange": KhuyencongViewChangeEvent;
  }
  interface DocumentEventMap {
    "khuyencong-ready": KhuyencongReadyEvent;
    "khuyencong-error": KhuyencongErrorEvent;
    "khuyencong-idle-reset": CustomEvent;
    "khuyencong-viewchange": KhuyencongViewChangeEvent;
  }
  interface WindowEventMap {
    "khuyencong-ready": KhuyencongReadyEvent;
    "khuyencong-error": KhuyencongErrorEvent;
    "khuyencong-idle-reset": CustomEvent;
    "khuyencong-viewchange": KhuyencongViewChangeEvent;
  }
}
