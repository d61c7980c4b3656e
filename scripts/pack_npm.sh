#!/usr/bin/env bash
# Assemble the npm package from the wasm build in www/pkg (run build_www first) and the files
# in npm/, then `npm pack` it. Prints the tarball's path. Usage: scripts/pack_npm.sh [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/target/npm}"
# The three wasm modules (src/wasm.rs): core, plan, import/export.
FILES=()
for m in paiban paiban_plan paiban_io; do
  FILES+=("$m.js" "$m.d.ts" "${m}_bg.wasm" "${m}_bg.wasm.d.ts")
done
for f in "${FILES[@]}"; do
  [ -f "$ROOT/www/pkg/$f" ] || { echo "missing www/pkg/$f: build the page first (source scripts/lib.sh; build_www)" >&2; exit 2; }
done
STAGE="$OUT/package"
rm -rf "$STAGE"
mkdir -p "$STAGE"
for f in "${FILES[@]}"; do cp "$ROOT/www/pkg/$f" "$STAGE/"; done
cp "$ROOT"/npm/{node.mjs,node.d.ts,README.md} "$STAGE/"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' "$ROOT/Cargo.toml")
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  p.version = process.argv[2];
  fs.writeFileSync(process.argv[3], JSON.stringify(p, null, 2) + "\n");
' "$ROOT/npm/package.json" "$VERSION" "$STAGE/package.json"
cd "$OUT"
npm pack --silent "$STAGE" | tail -n 1 | sed "s|^|$OUT/|"
