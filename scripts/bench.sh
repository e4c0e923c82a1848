#!/usr/bin/env bash
# The benchmark against Chart.js, uPlot and ECharts, in one command:
#
#   scripts/bench.sh                       # 5 rounds, N = 12, 120, 1200, 12000 (< 15 min on 2 cores)
#   ROUNDS=1 N=12,120 scripts/bench.sh     # quick look
#   BUILD=1 scripts/bench.sh               # rebuild pkg/ first even if it exists
#
# 1. scripts/setup.sh (installs only what is missing; ~1 s when all is there),
# 2. npm ci if the pinned peers (chart.js, uplot, echarts) are not installed,
# 3. scripts/build.sh if pkg/ is missing (or BUILD=1); warns when pkg/ is older
#    than the sources,
# 4. node bench/run.mjs: prints the table, writes bench/results/latest.json.
# Every other setting is an environment variable of bench/run.mjs (see its header).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

scripts/setup.sh

missing=()
for p in chart.js uplot echarts playwright-core; do
  want=$(node -p "require('./package.json').devDependencies['$p'] || ''")
  [[ -n "$want" ]] || die "package.json has no devDependency $p"
  have=$(node -p "try { require('./node_modules/$p/package.json').version } catch { '' }")
  [[ "$have" == "$want" ]] || missing+=("$p (have '${have:-none}', want $want)")
done
if (( ${#missing[@]} > 0 )); then
  say "npm ci: ${missing[*]}"
  npm ci --no-audit --no-fund
fi

wasm=pkg/khuyencong_charts_bg.wasm
if [[ "${BUILD:-0}" == 1 || ! -f "$wasm" || ! -f pkg/khuyencong_charts.js ]]; then
  say "building pkg/"
  scripts/build.sh
else
  newer=$(find src data js Cargo.toml Cargo.lock build.rs -newer "$wasm" -type f 2>/dev/null | head -n 3 || true)
  if [[ -n "$newer" ]]; then
    say "WARNING: pkg/ is older than: $(echo "$newer" | tr '\n' ' ')— measuring the old build (BUILD=1 to rebuild)"
  fi
fi

say "pkg/: $(stat -c '%y' "$wasm" | cut -d. -f1), $(stat -c %s "$wasm") bytes wasm"
exec node bench/run.mjs
