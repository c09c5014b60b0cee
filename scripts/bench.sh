#!/usr/bin/env bash
# Prints the project's performance figures (no pass/fail): transcript parse + chunk time for 1 MB
# (native and wasm), and the pipeline's wall time vs critical path and prompt-token ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/deps.sh --no-npm
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
[ -f build/bench/build.ninja ] || cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
echo "== native (release) =="
./build/bench/bench_transcript
./build/bench/bench_pipeline
echo "== wasm (emcc -O3, Node) =="
[ -f build/web/build.ninja ] || emcmake cmake --preset web >/dev/null
cmake --build --preset web --target bench_transcript_wasm >/dev/null
# Emscripten 3.1.6 would fetch() the .wasm under Node 20, which cannot fetch a file path.
node --no-experimental-fetch build/web/bench_transcript_wasm.js
