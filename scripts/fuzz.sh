#!/usr/bin/env bash
# Fuzz the whole pipeline: JSON bytes → validation → layout (every chart kind, each
# region and "all", a width and legend toggles taken from the input) → SVG render,
# with cargo-fuzz (libFuzzer). Fails on a panic, a hang (> 10 s per input), a scene
# out of bounds, or a rejection without located messages.
#
#   scripts/fuzz.sh            # 60 s
#   scripts/fuzz.sh 1800       # 30 min
#   scripts/fuzz.sh --replay fuzz/artifacts/json_to_svg/crash-…   # rerun one input
#
# Seeds: data/khuyencong.json and tests/malformed/*.json, copied into
# fuzz/corpus/json_to_svg (kept between runs, git-ignored), plus the dictionary
# fuzz/json.dict. A failing input is saved in fuzz/artifacts/json_to_svg/ and the
# script exits non-zero. The last line says how many inputs were run.
#
# Uses the nightly toolchain if rustup has one; otherwise (or with
# FUZZ_TOOLCHAIN=stable) the stable one with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags). Needs cargo-fuzz (scripts/setup.sh
# installs it) and a C++ compiler for libFuzzer; no network once crates are fetched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

TARGET=json_to_svg
CORPUS="fuzz/corpus/$TARGET"
ARTIFACTS="fuzz/artifacts/$TARGET"
LOG="fuzz/last-run.log"

usage() { echo "usage: scripts/fuzz.sh [SECONDS] | --replay FILE" >&2; exit 2; }

command -v cargo-fuzz >/dev/null 2>&1 || {
  echo "[fuzz] cargo-fuzz not found: run scripts/setup.sh (or cargo install cargo-fuzz)" >&2
  exit 2
}

toolchain=()
# FUZZ_TOOLCHAIN=stable forces the fallback (what a machine without nightly runs).
if [[ "${FUZZ_TOOLCHAIN:-}" != stable ]] \
   && rustup toolchain list 2>/dev/null | grep '^nightly' >/dev/null; then
  toolchain=(+nightly)
  toolchain_name=nightly
else
  export RUSTC_BOOTSTRAP=1
  toolchain_name="stable with RUSTC_BOOTSTRAP=1"
fi

# No sanitizer by default: what can go wrong in safe Rust (panics, bounds checks,
# overflow in debug assertions) is caught without one, ~3× faster. SANITIZER=address
# turns ASan on.
SANITIZER="${SANITIZER:-none}"
flags=(--release --sanitizer "$SANITIZER")

if [[ "${1:-}" == "--replay" ]]; then
  [[ -n "${2:-}" ]] || usage
  exec cargo "${toolchain[@]}" fuzz run "${flags[@]}" "$TARGET" "$2"
fi

SECONDS_TO_RUN="${1:-60}"
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || usage

# Build first, in the open: a compile error shows here, not in the run's log.
cargo "${toolchain[@]}" fuzz build "${flags[@]}" "$TARGET"

mkdir -p "$CORPUS" "$ARTIFACTS"
cp data/khuyencong.json "$CORPUS/seed-khuyencong.json"
for f in tests/malformed/*.json; do
  if [[ -e "$f" ]]; then cp "$f" "$CORPUS/seed-$(basename "$f")"; fi
done

echo "[fuzz] $toolchain_name, $SECONDS_TO_RUN s, corpus $CORPUS ($(find "$CORPUS" -type f | wc -l) files)"
t0=$(date +%s)
set +e
cargo "${toolchain[@]}" fuzz run "${flags[@]}" "$TARGET" "$CORPUS" -- \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=4096 \
  -dict=fuzz/json.dict -print_final_stats=1 >"$LOG" 2>&1
rc=$?
set -e
# Progress (at every power of two), the end, and any failure with its message.
grep -E '^#[0-9]+[[:space:]]+(INITED|pulse)|^Done|ERROR|SUMMARY|^stat::|Test unit written' "$LOG" || true
grep -A3 'panicked' "$LOG" | head -20 || true
dt=$(( $(date +%s) - t0 ))
runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$LOG" | awk '{ s += $2 } END { print s + 0 }' || true)
echo "[fuzz] $runs executions in $dt s (full log: $LOG)"
if (( rc != 0 )); then
  echo "[fuzz] FAILED (exit $rc): the input is in $ARTIFACTS/; replay with scripts/fuzz.sh --replay FILE" >&2
  exit "$rc"
fi
echo "[fuzz] no failure"
