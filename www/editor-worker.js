// The editor's table reader, off the main thread: a 30 MB paste never freezes the page.
// Messages in: { id, op: "read" | "seed" | "toTable", text, options }.
// Messages out: { id, result } or { id, error }.
import init, { readTable, seedTable, datasetToTable } from "../pkg-editor/khuyencong_charts.js";

const ready = init();

self.addEventListener("message", async (e) => {
  const { id, op, text, options } = e.data || {};
  try {
    await ready;
    let result;
    if (op === "read") result = readTable(String(text ?? ""), options || {});
    else if (op === "seed") result = seedTable();
    else if (op === "toTable") result = datasetToTable(String(text ?? ""));
    else throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.message) || err) });
  }
});
