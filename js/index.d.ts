// Types for the main entry of khuyencong-charts (index.js): typed options and results
// over the wasm-bindgen glue, whose own declarations are in khuyencong_charts.d.ts.

import type { InitInput, InitOutput, SyncInitInput } from "./khuyencong_charts.js";

export type { InitInput, InitOutput, SyncInitInput } from "./khuyencong_charts.js";

/** The two charts. */
export type ChartKind = "funding" | "activities";
/** Language of every label, tooltip and table: Vietnamese (default) or English. */
export type Lang = "vi" | "en";
/** `"auto"` follows `prefers-color-scheme`; forced colours always win in the browser. */
export type Theme = "auto" | "light" | "dark";
/** Region ids of the built-in dataset (a custom dataset may define others). */
export type RegionId = "mien-trung-tay-nguyen" | "phia-nam";
/** A series switched off through the legend. */
/** The funding chart's comparison: amounts side by side, or spent as a % of plan. */
export type FundingView = "amounts" | "share";

/** The activities chart's scales: each panel its own, or one shared by every panel of a unit. */
export type ActivityScale = "own" | "shared";

export type SeriesKey = "plan" | "actual" | `region:${string}`;

/**
 * A dataset in the format of `data/khuyencong.json` (schema in the repository's
 * `schema/`), as an object or JSON text. Checked in full by `validateDataset`.
 */
export type DatasetInput = string | { readonly [key: string]: unknown };

/** Options of `mount`, `chart.update` and the render functions. */
export interface ChartOptions {
  /** Which chart: planned-vs-spent funding or activity counts. */
  chart: ChartKind;
  /**
   * A region id; `"all"` (both regions) only for `activities`, where it is the default.
   * Required for `funding`. Other ids need a custom `data` set that defines them.
   */
  region?: RegionId | "all" | (string & {});
  /** Default `"vi"`. */
  lang?: Lang;
  /** Default `"auto"`. */
  theme?: Theme;
  /** Device pixels per CSS pixel, 0.5–4. Default: the screen's `devicePixelRatio`. */
  pixelRatio?: number;
  /** 1–3: everything drawn larger (kiosks, low vision). Default 1. */
  zoom?: number;
  /** Tallest the chart's canvas may be, in CSS px (200–20000): its plots get lower, down to a readable minimum (kiosk screens). */
  maxHeight?: number;
  /** Series switched off: `"plan"`, `"actual"`, `"region:<id>"`. */
  hidden?: readonly SeriesKey[];
  /** Funding: `"amounts"` (default) or `"share"`, spent as a % of each year's plan with a 100 % line. Ignored by `activities`. */
  view?: FundingView;
  /** Activities: `"own"` (default, each panel its own scale) or `"shared"` (one scale, so bar lengths compare across panels). Ignored by `funding`. */
  scale?: ActivityScale;
  /** A custom dataset; default: the figures embedded in the module. */
  data?: DatasetInput;
}

/** Options of the DOM-free renders: the chart options plus the SVG width. */
export interface RenderOptions extends ChartOptions {
  /** Width of the SVG in CSS px, 240–4000. Default 800. Ignored by the table and CSV. */
  width?: number;
}

/** One drawn bar: its box in canvas CSS px and the figure it shows. */
/** A box in the canvas's CSS px. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One drawn bar (or an activity's value) in the canvas's CSS px. */
export interface BarInfo extends Box {
  /** The figure's id in the dataset. */
  id: string;
  /** The measure's id (e.g. the funding or activity measure). */
  measure: string;
  basis: "plan" | "actual";
  value: number;
  /** The pointer target that shows this bar: a year's whole column, an activity's row. */
  target: Box;
}

/** What a reader changed: the hidden series and the pinned target (`select`'s key). */
export interface ViewState {
  hidden: string[];
  selected: string | null;
}

/** `update()`'s argument: any of `mount`'s options; `null` resets a field to its default. */
export type UpdateOptions = { [K in keyof ChartOptions]?: ChartOptions[K] | null };

/** A chart mounted in a page (returned by `mount`). */
export declare class Chart {
  private constructor();
  /**
   * Applies new options: any of `mount`'s fields, `data` included. A field left out (or
   * `undefined`) keeps its value, one set to `null` goes back to its default. Only what
   * changed is redone: a theme or pixel ratio repaints the same layout; the page's DOM
   * nodes (bar and legend buttons) are kept and moved.
   */
  update(options: UpdateOptions): void;
  /** Redraws at the container's current width. */
  resize(): void;
  /** Removes the chart: DOM nodes, listeners, observers. Safe to call twice. */
  destroy(): void;
  /** Back to the chart as configured: tooltip and data table closed, series shown as the
   * options say, no highlight (the element's `idle-reset` calls it). */
  reset(): void;
  /** The chart's alt text (its generated summary, at most 600 characters), for the `alt` of an exported image. */
  altText(): string;
  /** Frees the handle (also destroys the chart). */
  free(): void;
  /** Every drawn bar with its box (canvas CSS px) and figure. */
  bars(): BarInfo[];
  /** The tooltip's plain text for the bar at (x, y) in canvas CSS px, if any. */
  tooltipAt(x: number, y: number): string | undefined;
  /** Laid-out size in CSS px: `[width, height]`. */
  size(): Float64Array;
  /** The chart as an SVG document (light colours) with its `<title>` and `<desc>`. */
  toSvg(): string;
  /** The chart as a PNG `data:` URL at `scale` × CSS size (default 2, at most 4). The PNG
   * carries the chart's title and alt text as UTF-8 `iTXt` chunks `Title` and `Description`. */
  toPng(scale?: number | null): string;
  /** Pins the tooltip and highlight on a target as a tap would: a year (`2017` or `"2017"`,
   * its first target in reading order) or a figure id; `null` closes it. Throws an `Error`
   * naming `key` when the chart has no such target. */
  select(key: string | number | null): void;
  /** The pinned target's key (a year or a figure id), or `undefined` when none is. */
  selected(): string | undefined;
  /** Calls `callback` after the hidden series or the pinned target changed; `null` stops it. */
  onViewChange(callback: ((view: ViewState) => void) | null): void;
  /** The chart's figures as CSV (UTF-8 with BOM), formulas neutralised. */
  toCsv(): string;
}

/** An `Error` thrown for an invalid dataset: `problems` lists every problem with its path. */
export interface DatasetError extends Error {
  problems?: string[];
}

/**
 * Loads the WebAssembly module (once; later calls return the same). Without an
 * argument: `khuyencong_charts_bg.wasm` next to the module (read from disk in Node
 * 20.16+). Pass `{ module_or_path }` when your bundler does not copy the file.
 */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;

/** Instantiates the module synchronously: `initSync({ module: bytes })` (Node, workers). */
export function initSync(module: { module: SyncInitInput }): InitOutput;

/** True once `init()` or `initSync()` has instantiated the module. */
export function isReady(): boolean;

/**
 * Mounts a chart in `target` (a container element, or a canvas to draw into).
 * Throws an `Error` naming the field and its allowed values (also shown in the
 * container), and "call `await init()` before `mount()`" before the module is loaded.
 */
export function mount(target: Element, options: ChartOptions): Chart;

/** Every problem of a dataset (object or JSON text); empty when it is valid. */
export function validateDataset(data: DatasetInput): string[];

/** DOM-free: the chart as a standalone SVG document (`theme: "dark"` for dark colours). */
export function renderSvg(options: RenderOptions): string;

/** DOM-free: every figure as `<table class="kc-fallback">` HTML, all text escaped. */
export function renderTable(options: RenderOptions): string;

/** DOM-free: the figures as CSV (UTF-8 with BOM), the same as `chart.toCsv()`. */
export function renderCsv(options: RenderOptions): string;

/** DOM-free: the chart's title (the table caption and the canvas's accessible name). */
export function renderCaption(options: RenderOptions): string;

/** DOM-free: the chart's alt text (its generated summary), the same as `chart.altText()`. */
export function renderAltText(options: RenderOptions): string;
