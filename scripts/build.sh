#!/usr/bin/env bash
# Build the release web package into pkg/ with wasm-pack, optimised by the
# npm `binaryen` wasm-opt (node_modules/.bin goes first on PATH, so neither a
# system wasm-opt nor a download is used). Run scripts/setup.sh first.
#
#   scripts/build.sh            # wasm-pack build --target web --release
#                               # (+ pkg-editor/ with --features editor, for www/editor.html)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '[build] %s\n' "$*"; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

wasm_opt="$(command -v wasm-opt || true)"
[[ "$wasm_opt" == "$ROOT/node_modules/.bin/wasm-opt" ]] \
  || die "wasm-opt resolves to '${wasm_opt:-nothing}', expected $ROOT/node_modules/.bin/wasm-opt (run scripts/setup.sh)"
command -v wasm-pack >/dev/null || die "wasm-pack not found (run scripts/setup.sh)"

say "wasm-pack build --target web --release  (wasm-opt: $wasm_opt, $("$wasm_opt" --version))"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# wasm-pack prints its progress on stderr; keep a copy to check what it did.
if ! wasm-pack build --target web --release 2>&1 | tee "$log"; then
  die "wasm-pack build failed"
fi
grep -q 'Optimizing wasm binaries with `wasm-opt`' "$log" \
  || die "wasm-pack did not run wasm-opt (see the output above)"
grep -q 'found wasm-opt at ".*node_modules/.bin/wasm-opt"' "$log" \
  || die "wasm-pack did not use node_modules/.bin/wasm-opt (see the output above)"

# Next to the wasm-bindgen glue: the package entry (js/index.js: init guard, Node
# loading), the <khuyencong-chart> element, the React JSX typings, their .d.ts files,
# the npm README (js/README.npm.md, not the repository's), LICENSE and CHANGELOG.md.
shopt -s nullglob
extras=()
for f in js/*.js js/*.d.ts; do
  cp "$f" pkg/
  extras+=("$(basename "$f")")
done
shopt -u nullglob
# The shipped JS drops the full-line comments of js/*.js (more than half their gzip
# size; the size guard counts them): a line that starts with `//`, and a `/* … */` block
# that starts a line. None of these files has such a line inside a string or template.
node -e '
  const fs = require("fs");
  for (const name of process.argv.slice(1)) {
    const file = "pkg/" + name;
    const out = [];
    let inBlock = false;
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const t = line.trim();
      if (inBlock) {
        if (t.includes("*/")) inBlock = false;
        continue;
      }
      if (t.startsWith("/*")) {
        inBlock = !t.includes("*/", 2);
        continue;
      }
      if (t.startsWith("//")) continue;
      out.push(line);
    }
    const head = `// ${name}: part of the khuyencong-charts npm package (MIT). Commented source: js/${name} in the repository.\n`;
    fs.writeFileSync(file, head + out.join("\n"));
  }
' $(cd js && ls *.js)
for f in js/*.js; do node --check "pkg/$(basename "$f")" || die "pkg/$(basename "$f") does not parse after stripping comments"; done
cp js/README.npm.md pkg/README.md
cp LICENSE CHANGELOG.md pkg/
say "added to pkg/: ${extras[*]} README.md LICENSE CHANGELOG.md"

# wasm-bindgen declares `[Symbol.dispose]()`, which needs lib "esnext.disposable":
# under `lib: ["es2022", "dom"]` with skipLibCheck off it is error TS2550. The method
# stays in the JS wherever Symbol.dispose exists; only its declaration goes.
grep -q '\[Symbol\.dispose\]' pkg/khuyencong_charts.d.ts \
  || die "pkg/khuyencong_charts.d.ts has no [Symbol.dispose] line: check the post-processing below"
sed -i '/\[Symbol\.dispose\]()/d' pkg/khuyencong_charts.d.ts

node -e '
  const fs = require("fs");
  const file = "pkg/package.json";
  const gen = JSON.parse(fs.readFileSync(file, "utf8"));
  const extras = process.argv.slice(1);
  const entry = (types, js) => ({ types: "./" + types, default: "./" + js });
  const pkg = {
    name: gen.name,
    version: gen.version,
    description: gen.description,
    license: gen.license,
    keywords: ["khuyen-cong", "khuyến công", "vietnam", "chart", "charts", "canvas", "svg",
      "webassembly", "wasm", "custom-element", "web-component", "react", "accessibility", "data-visualization"],
    type: "module",
    main: "./index.js",
    module: "./index.js",
    types: "./index.d.ts",
    exports: {
      ".": entry("index.d.ts", "index.js"),
      "./element": entry("khuyencong-chart.d.ts", "khuyencong-chart.js"),
      "./khuyencong-chart.js": entry("khuyencong-chart.d.ts", "khuyencong-chart.js"),
      "./react": entry("react.d.ts", "react.js"),
      "./khuyencong_charts_bg.wasm": entry("wasm-url.d.ts", "khuyencong_charts_bg.wasm"),
      "./package.json": "./package.json",
    },
    files: [...new Set([...(gen.files || []), ...extras, "LICENSE", "CHANGELOG.md", "README.md"])],
    // Importing the element registers it; the glue keeps module state: never tree-shake.
    sideEffects: true,
    engines: { node: ">=20" },
  };
  // No repository/homepage: the project has no public address yet (Cargo.toml has a placeholder).
  for (const f of pkg.files) if (!fs.existsSync("pkg/" + f)) throw new Error("pkg/" + f + " is listed but missing");
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "${extras[@]}"

say "pkg/:"
ls -l pkg/

# The editor (www/editor.html) reads tables with a second package built with the
# `editor` feature; pkg/ and its size guard do not change.
say "wasm-pack build --target web --release --out-dir pkg-editor -- --features editor"
if ! wasm-pack build --target web --release --out-dir pkg-editor -- --features editor 2>&1 | tee "$log"; then
  die "wasm-pack build of pkg-editor failed"
fi
grep -q 'found wasm-opt at ".*node_modules/.bin/wasm-opt"' "$log" \
  || die "wasm-pack did not use node_modules/.bin/wasm-opt for pkg-editor (see the output above)"
say "pkg-editor/:"
ls -l pkg-editor/
