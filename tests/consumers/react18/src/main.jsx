// README "React 18": attributes are strings; events need a ref and addEventListener.
import { useEffect, useRef } from "react";
import { useState } from "react";
import { createRoot } from "react-dom/client";
import "khuyencong-charts/react";

window.__events = [];

function Chart({ region }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    const onReady = (e) => window.__events.push(["ready", e.detail.chart.bars().length]);
    el.addEventListener("khuyencong-ready", onReady);
    return () => el.removeEventListener("khuyencong-ready", onReady);
  }, []);
  return <khuyencong-chart ref={ref} chart="funding" region={region} lang="vi" pixel-ratio="2" />;
}

function App() {
  const [region, setRegion] = useState("mien-trung-tay-nguyen");
  const [shown, setShown] = useState(true);
  return (
    <>
      <button id="region" onClick={() => setRegion("phia-nam")}>Phía Nam</button>
      <button id="unmount" onClick={() => setShown(false)}>Ẩn / Hide</button>
      {shown && <Chart region={region} />}
    </>
  );
}

createRoot(document.getElementById("root")).render(<App />);
