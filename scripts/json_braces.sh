#!/usr/bin/env bash
# Lists every place in src/ where a nlohmann::json (or ordered_json) is brace-initialised from one JSON
# value: `json j{x}`, `json j = {x}`, `return {x};`, `f({x})`, `j.push_back({x})`, `json{make()}`.
# GCC builds [x] in most of these and Clang (the web build's compiler) builds x, and the others read
# as either to a person, so each such place must say what it means: json::array({x}) for a one-item list, json(x) or plain x for the value. One-member objects
# ({{"key", value}}) and lists from json::array() read the same under both compilers and are not listed.
# Reads the native build's compile commands (cmake --preset native first); needs clang-query
# (apt install clang-tools-14). Slow (about a minute of CPU for all of src/), so not part of
# scripts/test.sh, which instead runs the unit tests built by both compilers.
# Usage: bash scripts/json_braces.sh [files, default every src/ file the native build compiles that uses JSON]
# Exits 1 when it finds one.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
QUERY="$(command -v clang-query || command -v clang-query-14 || true)"
[ -n "$QUERY" ] || { echo "json_braces.sh: clang-query is not installed (apt install clang-tools-14)"; exit 2; }
[ -f build/native/compile_commands.json ] || cmake --preset native >/dev/null

FILES=("$@")
if [ ${#FILES[@]} -eq 0 ]; then
  # platform/web and the page's entry point are not in the native build; they are read by hand.
  mapfile -t FILES < <(grep -rl "json" src --include='*.cpp' | grep -v -e '^src/platform/web/' -e '^src/app/main\.cpp$' | sort)
fi

matchers=$(mktemp)
trap 'rm -f "$matchers"' EXIT
cat >"$matchers" <<EOF
set output diag
let IsJson hasUnqualifiedDesugaredType(recordType(hasDeclaration(cxxRecordDecl(hasName("::nlohmann::basic_json")))))
let InSrc isExpansionInFileMatching("^$ROOT/src/")
match cxxConstructExpr(InSrc, isListInitialization(), hasDeclaration(cxxConstructorDecl(ofClass(hasName("::nlohmann::basic_json")), anyOf(isCopyConstructor(), isMoveConstructor()))))
match initListExpr(InSrc, hasType(IsJson))
EOF
out=$("$QUERY" -p build/native -f "$matchers" "${FILES[@]}" 2>&1 || true)
if grep -q ' error: ' <<<"$out"; then grep ' error: ' <<<"$out" | head -20; echo "json_braces.sh: some files did not parse"; exit 2; fi
sites=$(grep -E '"root" binds here' <<<"$out" | sed -E "s|^$ROOT/||; s|: note: .*||" | sort -u -t: -k1,1 -k2,2n || true)
if [ -z "$sites" ]; then echo "json_braces.sh: no JSON value brace-initialised from one JSON value in ${#FILES[@]} files"; exit 0; fi
while IFS=: read -r file line col; do
  printf '%s:%s:%s: %s\n' "$file" "$line" "$col" "$(sed -n "${line}p" "$file" | sed -E 's/^ +//')"
done <<<"$sites"
echo "json_braces.sh: $(wc -l <<<"$sites") places where the braces may mean [x] or x: write json::array({x}) or json(x)"
exit 1
