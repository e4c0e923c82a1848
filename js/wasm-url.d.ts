// `import wasmUrl from "khuyencong-charts/khuyencong_charts_bg.wasm"`: with esbuild's
// `--loader:.wasm=file`, or webpack's `type: "asset/resource"`, the default import is the
// URL of the copied file; pass it to `init({ module_or_path: wasmUrl })` or `ready(wasmUrl)`.
declare const wasmUrl: string;
export default wasmUrl;
