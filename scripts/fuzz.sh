#!/usr/bin/env bash
# Fuzzes every parser: each tests/fuzz/fuzz_<name>.cpp target (libFuzzer, clang preset "fuzz", ASan+UBSan)
# runs for a set time on its seed corpus tests/fuzz/corpus/<name> (or the corpus folder whose name starts
# <name>, e.g. "stream" for fuzz_stream_decoder). New inputs go to build/fuzz/corpus/<name>, crashes to
# build/fuzz/findings/<name>/ (reproduce with: build/fuzz/fuzz_<name> <file>). Prints executions, coverage
# and findings per target; exits non-zero when any target crashed, leaked or timed out.
# Usage: bash scripts/fuzz.sh [seconds per target, default 60] [target names, default all]
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
shift || true
JOBS="${JOBS:-2}"

if ! command -v clang++ >/dev/null; then echo "fuzz.sh: clang++ is not installed (scripts/deps.sh installs it)"; exit 1; fi
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null || exit 1
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  for src in tests/fuzz/fuzz_*.cpp; do TARGETS+=("$(basename "$src" .cpp)"); done
fi
echo "== building ${#TARGETS[@]} fuzz targets =="
cmake --build build/fuzz -j "$JOBS" --target "${TARGETS[@]}" >build/fuzz/build.log 2>&1 || {
  tail -30 build/fuzz/build.log; echo "fuzz.sh: the fuzz targets did not build (build/fuzz/build.log)"; exit 1; }

failed=0
summary=()
for t in "${TARGETS[@]}"; do
  name="${t#fuzz_}"
  seeds="tests/fuzz/corpus/$name"
  if [ ! -d "$seeds" ]; then
    seeds=""
    for d in tests/fuzz/corpus/*/; do d="${d%/}"; case "$name" in "$(basename "$d")"*) seeds="$d"; break ;; esac; done
  fi
  work="build/fuzz/corpus/$name" findings="build/fuzz/findings/$name"
  mkdir -p "$work" "$findings"
  log="build/fuzz/$name.log"
  echo "-- $t: ${SECONDS_EACH}s on ${seeds:-an empty corpus}"
  # -timeout: one input taking over 10 s is a finding (a hang on hostile input), as is a leak.
  "./build/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" ${seeds:+"$seeds"} >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  units=$(find "$work" -type f | wc -l)
  if [ $rc -eq 0 ]; then result="ok"; else
    result="FINDING (exit $rc): $(ls -t "$findings" | head -1)"
    failed=1
    grep -E 'ERROR: |SUMMARY: |runtime error|==ERROR' "$log" | head -5 | sed 's/^/     /'
  fi
  summary+=("$(printf '%-22s %8s execs  cov %6s  corpus %5s  %s' "$t" "${execs:-?}" "${cov:-?}" "$units" "$result")")
done
echo "== fuzz summary (${SECONDS_EACH}s each) =="
printf '%s\n' "${summary[@]}"
exit $failed
