// README "React 19": props are set as element properties, events as on<event-name>.
import { useState } from "react";
import { createRoot } from "react-dom/client";
import "khuyencong-charts/react";
import dataset from "./dataset.json";

window.__events = [];

function App() {
  const [region, setRegion] = useState("mien-trung-tay-nguyen");
  const [shown, setShown] = useState(true);
  return (
    <>
      <button id="region" onClick={() => setRegion("phia-nam")}>Phía Nam</button>
      <button id="unmount" onClick={() => setShown(false)}>Ẩn / Hide</button>
      {shown && (
        <khuyencong-chart
          chart="funding"
          region={region}
          lang="vi"
          zoom={1}
          hiddenSeries={[]}
          onkhuyencong-ready={(e) => window.__events.push(["ready", e.detail.chart.bars().length])}
          onkhuyencong-error={(e) => window.__events.push(["error", e.detail.message])}
        />
      )}
      <khuyencong-chart id="custom" chart="funding" region="r1" lang="en" data={dataset} />
    </>
  );
}

createRoot(document.getElementById("root")).render(<App />);
