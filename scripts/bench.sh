#!/usr/bin/env bash
# Prints TalkPress's performance figures as a table and writes them as JSON (build/bench/results.json).
# Measures; asserts nothing. Every step that cannot run is reported as "not available" and the rest go on.
#   1. every bench/*.cpp, native (release preset "bench") and as wasm under Node (emcc -O3)
#   2. the web app and a plain Dear ImGui demo built with the same emscripten and flags (cmake/Web.cmake)
#   3. browser figures in headless Chromium (tests/bench/browser_bench.mjs): startup side by side with the
#      demo, frame times, input latency, long tasks, wasm heap after full runs against the fake provider
# Usage: bash scripts/bench.sh [--runs N] [--no-browser] [--no-wasm] [--no-native]
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

RUNS=5 BROWSER=1 WASM=1 NATIVE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift ;;
    --no-browser) BROWSER=0 ;;
    --no-wasm) WASM=0 ;;
    --no-native) NATIVE=0 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done

OUT=build/bench/out
rm -rf "$OUT" && mkdir -p "$OUT"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
JOBS="${JOBS:-2}"
bash scripts/deps.sh --no-npm >/dev/null 2>&1 || echo "(deps.sh reported a problem; measuring what builds)"

# The machine the figures come from.
node -e '
  const os = require("os"), cp = require("child_process");
  const sh = (c) => { try { return cp.execSync(c, {stdio: ["ignore", "pipe", "ignore"]}).toString().trim(); } catch { return null; } };
  console.log(JSON.stringify({ cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGB: Math.round(os.totalmem() / 2**30),
    os: sh(". /etc/os-release && echo $PRETTY_NAME"), node: process.versions.node,
    emcc: (sh("emcc --version") || "").split("\n")[0], gcc: (sh("g++ --version") || "").split("\n")[0],
    chromium: sh("/usr/bin/chromium --version"), load: os.loadavg(), date: new Date().toISOString() }));' > "$OUT/machine.json"

BENCHES=()
for src in bench/*.cpp; do BENCHES+=("$(basename "$src" .cpp)"); done

# run <name> <where> <command...>: stdout to out/<name>.<where>.txt, exit status to .rc
run() {
  local name="$1" where="$2"; shift 2
  echo "  $name ($where)"
  timeout 900 "$@" >"$OUT/$name.$where.txt" 2>&1
  echo $? >"$OUT/$name.$where.rc"
}

if [ "$NATIVE" = 1 ]; then
  echo "== native benchmarks (release) =="
  { [ -f build/bench/build.ninja ] || cmake --preset bench >/dev/null; } 2>"$OUT/native-configure.log"
  for b in "${BENCHES[@]}"; do
    if cmake --build build/bench --target "$b" -j "$JOBS" >"$OUT/$b.native.build.log" 2>&1; then
      run "$b" native "./build/bench/$b"
    else
      echo "  $b (native): not available, see $OUT/$b.native.build.log"; echo build >"$OUT/$b.native.rc"
    fi
  done
fi

HAVE_WEB=0
if command -v emcc >/dev/null; then
  { [ -f build/web/build.ninja ] || emcmake cmake --preset web >/dev/null; } 2>"$OUT/web-configure.log"
  [ -f build/web/build.ninja ] && HAVE_WEB=1
fi
if [ "$WASM" = 1 ] && [ "$HAVE_WEB" = 1 ]; then
  echo "== wasm benchmarks (emcc, Node) =="
  for b in "${BENCHES[@]}"; do
    if cmake --build build/web --target "${b}_wasm" -j "$JOBS" >"$OUT/$b.wasm.build.log" 2>&1; then
      # Emscripten 3.1.6 would fetch() the .wasm under Node 20, which cannot fetch a file path.
      run "$b" wasm node --no-experimental-fetch "build/web/${b}_wasm.js"
    else
      echo "  $b (wasm): not available, see $OUT/$b.wasm.build.log"; echo build >"$OUT/$b.wasm.rc"
    fi
  done
fi

if [ "$BROWSER" = 1 ]; then
  echo "== web app and Dear ImGui demo baseline =="
  if [ "$HAVE_WEB" = 1 ]; then
    cmake --build build/web --target talkpress -j "$JOBS" >"$OUT/web-app.build.log" 2>&1 || echo "  app: did not build, see $OUT/web-app.build.log"
    cmake --build build/web --target imgui_demo_baseline -j "$JOBS" >"$OUT/web-baseline.build.log" 2>&1 || echo "  demo: did not build, see $OUT/web-baseline.build.log"
  fi
  if [ -d tests/e2e/node_modules/playwright-core ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "== browser benchmarks (headless Chromium, $RUNS alternating runs) =="
    node tests/bench/browser_bench.mjs --talkpress build/web/dist --baseline build/web/baseline/dist --runs "$RUNS" \
         --out "$OUT/browser.json" 2>&1 | tee "$OUT/browser.log" | grep --line-buffered -E '^\[browser\] .*(run [0-9]|: \{|wrote)' | cut -c1-160
  else
    echo "  browser benchmarks: not available (playwright-core in tests/e2e or Chromium missing)"
  fi
fi

echo
node tests/bench/report.mjs "$OUT" build/bench/results.json
