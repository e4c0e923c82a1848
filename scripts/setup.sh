#!/usr/bin/env bash
# Install everything the build and the tests need, skipping what is already
# there. Safe to run again and again: with everything present it takes ~1 s.
#
#   - Rust target wasm32-unknown-unknown (+ rustfmt, clippy)
#   - wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate pinned
#     in Cargo.toml (cargo install, ~2.5 min the first time)
#   - wasm-pack (cargo install, ~2 min the first time)
#   - cargo-fuzz (cargo install, ~40 s the first time)
#   - Debian's chromium + chromium-driver and fonts (apt, for the browser tests)
#   - npm packages from package-lock.json: binaryen (wasm-opt) and playwright-core
#
# Never downloads a browser, a driver or a prebuilt wasm-opt: those come from
# Debian and npm only. Does not build anything (see scripts/build.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$HOME/.cargo/bin:$PATH"

WASM_PACK_VERSION="0.15.1"   # installed only when wasm-pack is missing
MIN_NODE_MAJOR=20

say()  { printf '[setup] %s\n' "$*"; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

t0=$(date +%s.%N)

# --- Rust toolchain --------------------------------------------------------
have cargo  || die "cargo not found (install Rust with rustup first)"
have rustup || die "rustup not found (needed to add the wasm32 target)"

if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "rust target wasm32-unknown-unknown: present"
else
  say "rust target wasm32-unknown-unknown: installing"
  rustup target add wasm32-unknown-unknown
fi

for comp in rustfmt clippy; do
  if rustup component list --installed | grep -q "^${comp}"; then
    say "rust component ${comp}: present"
  else
    say "rust component ${comp}: installing"
    rustup component add "${comp}"
  fi
done

# --- wasm-bindgen-cli at the pinned version ---------------------------------
# The CLI must match the `wasm-bindgen` crate exactly. The single source of
# truth is the `=X.Y.Z` pin in Cargo.toml; Cargo.lock is the fallback.
wasm_bindgen_version() {
  local v=""
  v=$(grep -E '^[[:space:]]*wasm-bindgen[[:space:]]*=' Cargo.toml \
        | grep -oE '"=?[0-9]+\.[0-9]+\.[0-9]+"' | head -n1 | tr -d '"=' || true)
  if [[ -z "$v" && -f Cargo.lock ]]; then
    v=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  fi
  printf '%s' "$v"
}

WB_VERSION="$(wasm_bindgen_version)"
[[ -n "$WB_VERSION" ]] || die "could not find the wasm-bindgen version in Cargo.toml or Cargo.lock"
if [[ -f Cargo.lock ]]; then
  lock_v=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [[ -n "$lock_v" && "$lock_v" != "$WB_VERSION" ]]; then
    say "warning: Cargo.lock has wasm-bindgen $lock_v but Cargo.toml pins $WB_VERSION (cargo will update the lock)"
  fi
fi

installed_wb=""
if have wasm-bindgen; then
  installed_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
fi
if [[ "$installed_wb" == "$WB_VERSION" ]] && have wasm-bindgen-test-runner; then
  say "wasm-bindgen-cli $WB_VERSION: present"
else
  say "wasm-bindgen-cli: have '${installed_wb:-none}', need $WB_VERSION: cargo install (~2.5 min)"
  # Not --locked: that fails to build here; plain resolution works.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
  got=$(wasm-bindgen --version | awk '{print $2}')
  [[ "$got" == "$WB_VERSION" ]] || die "wasm-bindgen --version says $got after installing $WB_VERSION (check PATH order)"
fi

# --- wasm-pack ------------------------------------------------------------
if have wasm-pack; then
  say "wasm-pack: present ($(wasm-pack --version 2>/dev/null || echo '?'))"
else
  say "wasm-pack: missing: cargo install wasm-pack $WASM_PACK_VERSION (~2 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION"
  say "wasm-pack: $(wasm-pack --version)"
fi

# --- cargo-fuzz (scripts/fuzz.sh and the fuzz smoke step of scripts/test.sh) ---
# Plain `cargo install` (not --locked). libFuzzer is built from the libfuzzer-sys
# crate with the machine's C++ compiler; no nightly toolchain is needed
# (scripts/fuzz.sh falls back to stable with RUSTC_BOOTSTRAP=1).
CARGO_FUZZ_VERSION="0.13.2"
if have cargo-fuzz; then
  say "cargo-fuzz: present"
else
  say "cargo-fuzz: missing: cargo install cargo-fuzz $CARGO_FUZZ_VERSION (~40 s)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
have c++ || have g++ || die "no C++ compiler (g++) for libFuzzer: apt-get install g++"

# --- Chromium + chromedriver (+ fonts with Vietnamese glyphs) from Debian ---
APT_PACKAGES=(chromium chromium-driver fonts-dejavu-core fonts-liberation)
need_apt=0
for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [[ -x "$f" ]] || need_apt=1
done
for f in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
         /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf; do
  [[ -f "$f" ]] || need_apt=1
done
if (( need_apt == 0 )); then
  say "chromium + chromedriver + fonts: present"
else
  have apt-get || die "chromium/chromedriver/fonts missing and no apt-get to install them"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    have sudo || die "need root (or sudo) to apt-get install ${APT_PACKAGES[*]}"
    SUDO="sudo"
  fi
  say "apt-get install ${APT_PACKAGES[*]}"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PACKAGES[@]}"
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] \
    || die "apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is missing"
fi
say "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"

# --- Node packages ----------------------------------------------------------
have node || die "node not found (Node >= $MIN_NODE_MAJOR is required)"
have npm  || die "npm not found"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= MIN_NODE_MAJOR )) || die "Node $(node --version) is too old; need >= $MIN_NODE_MAJOR"

stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" || package.json -nt "$stamp" \
      || ! -x node_modules/.bin/wasm-opt || ! -d node_modules/playwright-core ]]; then
  say "npm packages: npm ci"
  # No browser download is involved: playwright-core ships none.
  npm ci --no-audit --no-fund
else
  say "npm packages: up to date"
fi

want_binaryen=$(node -p 'require("./package.json").devDependencies.binaryen.replace(/^[^0-9]*/, "").split(".")[0]')
wasm_opt_v=$(node_modules/.bin/wasm-opt --version 2>&1) || die "node_modules/.bin/wasm-opt does not run: $wasm_opt_v"
[[ "$wasm_opt_v" == *"version ${want_binaryen}"* ]] \
  || die "node_modules/.bin/wasm-opt says '$wasm_opt_v', expected version $want_binaryen"
say "wasm-opt: $wasm_opt_v (node_modules/.bin, used ahead of any system wasm-opt)"

t1=$(date +%s.%N)
say "done in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
