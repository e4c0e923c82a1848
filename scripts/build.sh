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

# The <khuyencong-chart> custom element and its types ship next to the glue:
# copy js/*.js and js/*.d.ts into pkg/ and list them in pkg/package.json.
shopt -s nullglob
extras=()
for f in js/*.js js/*.d.ts; do
  cp "$f" pkg/
  extras+=("$(basename "$f")")
done
shopt -u nullglob
if (( ${#extras[@]} > 0 )); then
  say "added to pkg/: ${extras[*]}"
  node -e '
    const fs = require("fs");
    const file = "pkg/package.json";
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    const extras = process.argv.slice(1);
    pkg.files = [...new Set([...(pkg.files || []), ...extras])];
    // Importing the element registers it: bundlers must not drop that import.
    const effects = extras.filter((f) => f.endsWith(".js")).map((f) => "./" + f);
    pkg.sideEffects = [...new Set([...(pkg.sideEffects || []), ...effects])];
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "${extras[@]}"
fi

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
