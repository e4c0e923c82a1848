// README "TypeScript": options, results and errors are typed; typos are compile errors.
import init, { mount, renderSvg, validateDataset, type BarInfo, type Chart, type ChartOptions } from "khuyencong-charts";

export async function draw(container: HTMLElement): Promise<Chart> {
  await init();
  const options: ChartOptions = { chart: "funding", region: "phia-nam", lang: "en", hidden: ["plan"], zoom: 1.5 };
  const chart = mount(container, options);
  const bars: BarInfo[] = chart.bars();
  const first: "plan" | "actual" | undefined = bars[0]?.basis;
  const [width, height] = chart.size();
  console.log(first, width, height, chart.toCsv().length, validateDataset("{}").length);
  chart.update({ chart: "activities", region: "all" });

  // @ts-expect-error: "pie" is not a chart
  mount(container, { chart: "pie" });
  // @ts-expect-error: misspelt option
  mount(container, { chart: "funding", lnag: "en" });
  // @ts-expect-error: hidden takes series keys
  chart.update({ chart: "funding", hidden: ["planned"] });
  // @ts-expect-error: bars() is typed, not any
  bars[0]?.nope;
  return chart;
}

export const svg: string = renderSvg({ chart: "funding", region: "phia-nam", width: 1200, theme: "dark" });
