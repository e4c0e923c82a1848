// esbuild without the wasm option: the .wasm is not emitted; the element must say so.
import "khuyencong-charts/element";
