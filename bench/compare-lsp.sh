#!/usr/bin/env bash
# Our language server vs yaml-language-server (given our schema), side by side, with the shared
# harness in ../shared/bench. The harness folder is read-only, so it is copied to .bench/harness
# (git-ignored; results go to bench/results/, not a dot-folder: yaml-language-server's schema globs skip paths with dot-folders) and installed there. Usage: bench/compare-lsp.sh [SIZE ...]   (default: 200 2000)
# Environment: RUNS (rounds, default 1), and anything compare-yaml-ls.sh reads (SEED, ERRORS, OUT, BENCH_ARGS).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
HARNESS=$ROOT/bench/harness
[ -d "$SHARED" ] || { echo "no harness at $SHARED" >&2; exit 2; }
mkdir -p "$HARNESS"
cp -f "$SHARED"/*.mjs "$SHARED"/*.sh "$SHARED"/package.json "$SHARED"/package-lock.json "$HARNESS"/
chmod -R u+w "$HARNESS"
if [ ! -d "$HARNESS/node_modules/yaml-language-server" ]; then (cd "$HARNESS" && npm ci --no-audit --no-fund --loglevel=error); fi
[ -f "$ROOT/dist/server.js" ] || (cd "$ROOT" && npm run build)
SIZES=${*:-200 2000}
OUT=${OUT:-$ROOT/bench/results/lsp-$(date +%Y%m%d-%H%M%S)} SKIP_INSTALL=1 \
  "$HARNESS/compare-yaml-ls.sh" "$ROOT/schemas/sla.schema.json" "node $ROOT/dist/server.js --stdio" $SIZES
