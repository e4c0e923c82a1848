// React 18's types: <khuyencong-chart> in JSX with the attribute names React 18 passes.
import { useRef } from "react";
import "khuyencong-charts/react";
import type { KhuyencongChart } from "khuyencong-charts/react";

export function Chart({ region }: { region: "mien-trung-tay-nguyen" | "phia-nam" }) {
  const ref = useRef<KhuyencongChart>(null);
  return (
    <>
      <khuyencong-chart ref={ref} chart="funding" region={region} lang="vi" pixel-ratio="2" hidden-series="plan" />
      {/* @ts-expect-error: "pie" is not a chart */}
      <khuyencong-chart chart="pie" />
      {/* @ts-expect-error: theme is auto, light or dark */}
      <khuyencong-chart chart="activities" theme="sepia" />
    </>
  );
}
