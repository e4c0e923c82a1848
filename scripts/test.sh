#!/usr/bin/env bash
# Run every check: the one test command (also what CI runs, via .ci/run).
#
#   scripts/test.sh
#   FAIL_FAST=1 scripts/test.sh    # stop at the first failing step
#
# Steps: setup (installs what is missing), rustfmt, clippy (native,
# wasm32 and wasm32 with the editor feature), cargo test (native unit/dataset/snapshot/property tests), a 20 s
# fuzz run (scripts/fuzz.sh), wasm-pack test in
# headless Chromium (browser tests), release build of pkg/, size guard, and
# the page smoke test in Chromium via Playwright, and the consumer projects
# (tests/consumers: the npm tarball in Vite, webpack, esbuild, React, TypeScript,
# Node). Runs without a terminal or
# stdin. Exits non-zero if any step fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# npm's wasm-opt first, then cargo-installed tools (wasm-pack, wasm-bindgen).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TERM_PROGRESS_WHEN=never
FAIL_FAST="${FAIL_FAST:-0}"

names=()
results=()
times=()
T_START=$(date +%s.%N)

elapsed_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

banner() { printf '\n==================== [test] %s ====================\n' "$*"; }

# run_step NAME CMD... : run one step, record status and time.
run_step() {
  local name="$1"; shift
  banner "$name: $*"
  local t0 rc=0
  t0=$(date +%s.%N)
  "$@" </dev/null || rc=$?
  local dt
  dt=$(elapsed_since "$t0")
  names+=("$name"); times+=("$dt")
  if (( rc == 0 )); then
    results+=("ok")
    printf '[test] %s: ok (%s s)\n' "$name" "$dt"
  else
    results+=("FAILED (exit $rc)")
    printf '[test] %s: FAILED with exit %d (%s s)\n' "$name" "$rc" "$dt" >&2
    if [[ "$FAIL_FAST" == "1" ]]; then summary; fi
  fi
  return 0
}

skip_step() {
  local name="$1" why="$2"
  banner "$name: skipped ($why)"
  names+=("$name"); times+=("0.0"); results+=("skipped: $why")
}

last_ok() { [[ "${results[${#results[@]}-1]}" == "ok" ]]; }

summary() {
  local passed=0 nfailed=0 skipped=0
  printf '\n==================== [test] summary ====================\n'
  for i in "${!names[@]}"; do
    printf '  %-28s %8s s   %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
    case "${results[$i]}" in
      ok) passed=$((passed + 1)) ;;
      skipped*) skipped=$((skipped + 1)) ;;
      *) nfailed=$((nfailed + 1)) ;;
    esac
  done
  printf '  %-28s %8s s\n' "total" "$(elapsed_since "$T_START")"
  echo
  if (( skipped > 0 )); then
    echo "steps: ${passed} passed, ${nfailed} failed, ${skipped} skipped"
  else
    echo "steps: ${passed} passed, ${nfailed} failed"
  fi
  if (( nfailed > 0 || skipped > 0 )); then exit 1; fi
  exit 0
}

# Capabilities for wasm-bindgen-test-runner's chromedriver session: Debian's
# Chromium, quiet. The runner itself adds headless, no-sandbox and
# disable-dev-shm-usage.
write_webdriver_json() {
  mkdir -p target
  cat > target/webdriver.json <<'JSON'
{
  "goog:chromeOptions": {
    "binary": "/usr/bin/chromium",
    "args": [
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  }
}
JSON
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/target/webdriver.json"
}

# Unit tests of the lib and bins plus every tests/*.rs, in headless Chromium.
# The explicit target selection leaves out doctests: on wasm32 they would be
# cross-compiled by rustdoc without the build script's OUT_DIR (and would not
# run in a browser anyway); `cargo test` runs them natively.
wasm_browser_tests() {
  write_webdriver_json
  wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
    --lib --bins --test '*'
}

run_step "setup" bash scripts/setup.sh
if ! last_ok; then
  echo "[test] setup failed: nothing else can run" >&2
  summary
fi

run_step "fmt" cargo fmt --all -- --check
run_step "clippy (native)" cargo clippy --all-targets -- -D warnings
run_step "clippy (wasm32)" cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
run_step "clippy (wasm32, editor)" cargo clippy --target wasm32-unknown-unknown --features editor -- -D warnings
run_step "cargo test (native)" cargo test
run_step "fuzz smoke (20 s)" bash scripts/fuzz.sh 20
run_step "wasm-pack test (chromium)" wasm_browser_tests
run_step "build pkg (release)" bash scripts/build.sh
if last_ok; then
  run_step "size guard" bash scripts/size-guard.sh
  run_step "page smoke (playwright)" node tests/e2e/smoke.mjs
  run_step "pages (playwright)" node tests/e2e/pages.mjs
  run_step "consumers (npm projects)" node tests/consumers/run.mjs
  run_step "a11y (playwright + axe)" node tests/e2e/a11y.mjs
  run_step "editor (playwright + axe)" node tests/e2e/editor.mjs
  run_step "hostile pages (playwright)" node tests/e2e/hostile.mjs
  run_step "reader (playwright)" node tests/e2e/reader.mjs
  run_step "links (playwright)" node tests/e2e/links.mjs
else
  skip_step "size guard" "build failed"
  skip_step "page smoke (playwright)" "build failed"
  skip_step "pages (playwright)" "build failed"
  skip_step "consumers (npm projects)" "build failed"
  skip_step "a11y (playwright + axe)" "build failed"
  skip_step "editor (playwright + axe)" "build failed"
  skip_step "hostile pages (playwright)" "build failed"
  skip_step "reader (playwright)" "build failed"
  skip_step "links (playwright)" "build failed"
fi

summary
