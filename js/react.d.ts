// JSX typings of <khuyencong-chart> for React: `import "khuyencong-charts/react"` once
// (it also registers the element). React 19 sets these props as element properties and
// wires `onkhuyencong-ready` / `onkhuyencong-error`; React 18 sets attributes only (use
// the kebab-case names) and ignores the event props (use a ref and addEventListener).

import type * as React from "react";
import type {
  ChartKind,
  DatasetInput,
  KhuyencongChart,
  KhuyencongChartAttributes,
  KhuyencongErrorEvent,
  KhuyencongReadyEvent,
  SeriesKey,
} from "./khuyencong-chart.js";

export * from "./khuyencong-chart.js";

/** Props of <khuyencong-chart> in JSX. */
export interface KhuyencongChartProps
  extends Omit<React.HTMLAttributes<KhuyencongChart>, "lang">,
    KhuyencongChartAttributes {
  ref?: React.Ref<KhuyencongChart>;
  key?: React.Key | null;
  chart?: ChartKind;
  /** React 19: set as the `pixelRatio` property. React 18: write `pixel-ratio`. */
  pixelRatio?: number;
  /** React 19: set as the `hiddenSeries` property. React 18: write `hidden-series`. */
  hiddenSeries?: readonly SeriesKey[] | string;
  /** React 19 only (a property): a dataset object or JSON text. */
  data?: DatasetInput;
  /** React 19 only: same as `wasm-url`. */
  wasmUrl?: string;
  /** React 19 only: the chart is drawn. */
  "onkhuyencong-ready"?: (event: KhuyencongReadyEvent) => void;
  /** React 19 only: the chart could not be drawn. */
  "onkhuyencong-error"?: (event: KhuyencongErrorEvent) => void;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "khuyencong-chart": KhuyencongChartProps;
    }
  }
}

declare global {
  namespace JSX {
    interface IntrinsicElements {
      "khuyencong-chart": KhuyencongChartProps;
    }
  }
}
