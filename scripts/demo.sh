#!/usr/bin/env bash
# Build the release web package and serve the demo page.
#
#   scripts/demo.sh              # http://127.0.0.1:8080/www/index.html
#   PORT=9000 scripts/demo.sh
#
# Installs what is missing first (scripts/setup.sh), builds pkg/ with
# wasm-pack + npm's wasm-opt (scripts/build.sh), checks the size budget
# (scripts/size-guard.sh), then serves www/ and pkg/ on 127.0.0.1 until
# Ctrl-C.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
export PORT

bash scripts/setup.sh
bash scripts/build.sh
bash scripts/size-guard.sh

echo
echo "[demo] Serving the demo at:  http://127.0.0.1:${PORT}/www/index.html"
echo "[demo] (Ctrl-C to stop; set PORT=... to use another port)"
echo
exec node scripts/serve.mjs
