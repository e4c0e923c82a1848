// khuyencong-charts/react: registers <khuyencong-chart> (same as khuyencong-charts/element)
// and, in react.d.ts, adds the element to React's JSX types (React 18 and 19).
export * from "./khuyencong-chart.js";
