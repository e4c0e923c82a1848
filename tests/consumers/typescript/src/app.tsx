// JSX: <khuyencong-chart> is known to React's types.
import "khuyencong-charts/react";

export function App({ region }: { region: "mien-trung-tay-nguyen" | "phia-nam" }) {
  return (
    <>
      <khuyencong-chart chart="funding" region={region} lang="vi" onkhuyencong-ready={(e) => e.detail.chart.bars()} />
      {/* @ts-expect-error: "pie" is not a chart */}
      <khuyencong-chart chart="pie" />
      {/* @ts-expect-error: lang is "vi" or "en" */}
      <khuyencong-chart chart="activities" lang="fr" />
    </>
  );
}
