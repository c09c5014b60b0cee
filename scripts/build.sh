#!/usr/bin/env bash
# Builds the web app into build/web/dist, and its single-file variant build/web/talkpress.html (installing
# whatever is missing first).
#   scripts/build.sh           build only
#   scripts/build.sh --serve   build, then serve build/web/dist on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SERVE=0; [ "${1:-}" = "--serve" ] && SERVE=1

bash scripts/deps.sh --no-npm
# Debian's emscripten runs its JS optimizer with the system node, which does not see Debian's acorn.
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
if [ ! -f build/web/build.ninja ]; then emcmake cmake --preset web >/dev/null; fi
cmake --build --preset web
echo "Built: $ROOT/build/web/dist ($(du -sh build/web/dist | cut -f1)) — any static file server can host this folder."
# The single-file variant, for opening straight from disk (file://), next to the folder rather than in it.
node scripts/single_file.mjs build/web/dist build/web/talkpress.html

if [ $SERVE = 1 ]; then
  exec node tests/e2e/static_server.mjs build/web/dist "${PORT:-8080}"
fi
