# Shared setup for scripts/serve and scripts/test: installs what is missing, builds the page.
# Every step is idempotent and quick when its result is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { say "adding rust target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
}

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want have
  [ -f Cargo.lock ] || cargo generate-lockfile
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want"
    cargo install --locked --force wasm-bindgen-cli --version "$want"
  fi
}

ensure_npm() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  # A CJK font so zh-CN labels render in screenshots.
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'wenquanyi'; then
    say "installing Debian chromium and a CJK font"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  fi
}

# Build the wasm modules (release, size-tuned) into www/pkg and copy vendor files and demo data.
# The crate is built three times, a cargo feature choosing the exports (src/wasm.rs): `paiban`
# (loaded when the worker starts), `paiban_plan` (at the first plan stage) and `paiban_io`
# (import and export only). cargo builds the cdylib and wasm-bindgen writes the web-target glue
# (what wasm-pack would run, without installing wasm-pack); wasm-opt from the npm `binaryen`
# package then shrinks it.
build_wasm_module() {
  local name=$1 features=$2 raw0
  cargo build --quiet --lib --profile "${WASM_PROFILE:-release}" --target wasm32-unknown-unknown \
    --no-default-features ${features:+--features "$features"}
  wasm-bindgen --target web --out-dir www/pkg --out-name "$name" \
    "target/wasm32-unknown-unknown/${WASM_PROFILE:-release}/paiban.wasm"
  # Keep the unoptimised module (with its name section) for benches/wasm_size.mjs.
  mkdir -p target/wasm-modules
  cp "target/wasm32-unknown-unknown/${WASM_PROFILE:-release}/paiban.wasm" "target/wasm-modules/$name.wasm"
  raw0=$(stat -c %s "www/pkg/${name}_bg.wasm")
  # -Oz: size first; the features flags match what rustc emits for wasm32 by default.
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "www/pkg/${name}_bg.wasm" -o "www/pkg/${name}_bg.opt.wasm"
  mv "www/pkg/${name}_bg.opt.wasm" "www/pkg/${name}_bg.wasm"
  local raw gz
  raw=$(stat -c %s "www/pkg/${name}_bg.wasm")
  gz=$(gzip -9 -c "www/pkg/${name}_bg.wasm" | wc -c)
  say "$name.wasm: $raw bytes ($gz gzipped; $raw0 bytes before wasm-opt)"
}

build_www() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm
  say "building wasm (release)"
  rm -f www/pkg/paiban*.js www/pkg/paiban*.wasm www/pkg/paiban*.d.ts
  build_wasm_module paiban ""
  build_wasm_module paiban_plan wasm-plan
  build_wasm_module paiban_io wasm-io
  mkdir -p www/vendor www/demo
  cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/
  cp examples/shop/*.csv www/demo/
  for f in examples/*.json; do [ -e "$f" ] && cp "$f" www/demo/; done
}
