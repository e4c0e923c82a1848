// README "esbuild": --loader:.wasm=file copies the .wasm and gives its URL.
import wasmUrl from "khuyencong-charts/khuyencong_charts_bg.wasm";
import { ready } from "khuyencong-charts/element";

ready(wasmUrl);
