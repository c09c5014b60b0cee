#!/usr/bin/env bash
# Runs every TalkPress test: native unit tests (doctest + ASan/UBSan, via CTest) built by GCC and again by
# Clang, a short run of every fuzz target, then the web build, the browser end-to-end suite and the fault and
# bad-input matrices in headless Chromium. Installs what is missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

bash scripts/deps.sh
echo "== native unit tests =="
[ -f build/native/build.ninja ] || cmake --preset native >/dev/null
cmake --build --preset native
ctest --preset native

echo "== native unit tests, built by Clang =="
# The web build's compiler is Clang (Emscripten), and Clang and GCC resolve a few overloads differently
# (one-element braces around a nlohmann::json: [x] under GCC, x under Clang), so the same tests run
# again built by Clang, with ASan/UBSan. They share build/fuzz with the fuzz targets: one Clang build of
# the core serves both.
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz --target talkpress_tests
ctest --preset clang

echo "== fuzz targets (a few seconds each on their seed corpora; scripts/fuzz.sh fuzzes longer) =="
# Each target first replays its seed corpus (earlier findings included), then explores for a few seconds.
# A crash, leak or hang fails the run, printed with its input (build/fuzz/findings/<target>/): a passing
# run keeps no log, so a finding that only printed a line would go unseen.
bash scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

echo "== relay =="
node --test tests/relay/*.test.mjs

echo "== web build =="
bash scripts/build.sh

echo "== browser end-to-end tests =="
(cd tests/e2e && npm test)
# The provider fault matrix (every fault, four provider kinds) and the bad-input matrix (every input
# through three doors): about 12 minutes, with a table of what the user saw. TALKPRESS_MATRIX=0 skips them.
if [ "${TALKPRESS_MATRIX:-1}" = 1 ]; then
  echo "== fault matrix and bad input =="
  (cd tests/e2e && npm run test:matrix)
fi
echo "All tests passed."
