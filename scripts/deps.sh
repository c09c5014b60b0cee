#!/usr/bin/env bash
# Installs everything TalkPress needs to build and test, idempotently.
#   scripts/deps.sh          apt packages + third-party sources (ImGui, cmark) + npm test deps
#   scripts/deps.sh --no-npm skip the browser-test dependencies
# Fast when everything is already present. Third-party sources land in third_party/ (git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TP="$ROOT/third_party"
WANT_NPM=1
[ "${1:-}" = "--no-npm" ] && WANT_NPM=0

log() { printf '\033[1m[deps]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[deps] error:\033[0m %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(emscripten cmake ninja-build g++ nlohmann-json3-dev doctest-dev chromium
  fonts-noto-cjk fonts-noto-color-emoji node-acorn dpkg-dev xz-utils curl
  clang libclang-rt-14-dev)
# Node.js: many machines carry NodeSource's nodejs (which bundles npm and conflicts with Debian's
# npm package); only ask apt for node when none is on PATH.
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

# ---- 1. apt packages -------------------------------------------------------
have_apt=0; command -v apt-get >/dev/null 2>&1 && have_apt=1
if [ $have_apt = 1 ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing apt packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  log "apt-get not found: make sure emcc (emsdk), cmake, ninja, node and Chromium are on PATH"
fi

# ---- 2. third-party sources -------------------------------------------------
IMGUI_MIN="1.92"
IMGUI_TARBALL_VERSION="1.92.2b"   # fallback when apt is unavailable
IMGUI_TARBALL_SHA256="${IMGUI_TARBALL_SHA256:-}"
CMARK_TARBALL_VERSION="0.30.2"
CMARK_TARBALL_SHA256="${CMARK_TARBALL_SHA256:-}"
mkdir -p "$TP"

imgui_version_of() { grep -m1 -E '^#define IMGUI_VERSION ' "$1/imgui.h" | sed -E 's/.*"([^"]+)".*/\1/'; }

# Fetch a Debian source package with a project-local sources list; never touches the system's apt config.
apt_source() { # $1 package, $2 suite
  local pkg=$1 suite=$2
  local work="$TP/.apt-$suite"
  local uri
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || uri="http://deb.debian.org/debian"
  mkdir -p "$work/lists/partial" "$work/dl"
  echo "deb-src $uri $suite main" > "$work/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  if [ -z "$(ls "$work/lists" 2>/dev/null | grep Sources || true)" ]; then
    apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || apt-get "${opts[@]}" update
  fi
  (cd "$work/dl" && rm -rf ./* && apt-get "${opts[@]}" source --download-only -qq "$pkg" >/dev/null)
  (cd "$work/dl" && dpkg-source --no-check -x ./*.dsc src >/dev/null)
  echo "$work/dl/src"
}

fetch_tarball() { # $1 url, $2 sha256 (may be empty), $3 dest dir
  local tmp; tmp=$(mktemp -d)
  curl -fsSL "$1" -o "$tmp/src.tar.gz" || die "could not download $1"
  if [ -n "$2" ]; then echo "$2  $tmp/src.tar.gz" | sha256sum -c - >/dev/null || die "checksum mismatch for $1"
  else log "warning: no pinned checksum for $1; it hashed to $(sha256sum "$tmp/src.tar.gz" | cut -d' ' -f1)"; fi
  mkdir -p "$3"; tar -xzf "$tmp/src.tar.gz" -C "$3" --strip-components=1; rm -rf "$tmp"
}

if [ ! -f "$TP/imgui/imgui.h" ]; then
  log "fetching Dear ImGui sources"
  rm -rf "$TP/imgui"
  if [ $have_apt = 1 ]; then
    src=$(apt_source imgui sid)
    mv "$src" "$TP/imgui"
  else
    fetch_tarball "https://github.com/ocornut/imgui/archive/refs/tags/v$IMGUI_TARBALL_VERSION.tar.gz" "$IMGUI_TARBALL_SHA256" "$TP/imgui"
  fi
fi
v=$(imgui_version_of "$TP/imgui")
case "$v" in
  1.9[2-9]*|1.[1-9][0-9][0-9]*|[2-9].*) : ;;
  *) die "Dear ImGui $v found in third_party/imgui, TalkPress needs $IMGUI_MIN or newer (dynamic fonts). Delete third_party/imgui and rerun.";;
esac

if [ ! -f "$TP/cmark/src/blocks.c" ]; then
  log "fetching cmark sources"
  rm -rf "$TP/cmark"
  if [ $have_apt = 1 ]; then
    src=$(apt_source cmark bookworm)
    mv "$src" "$TP/cmark"
  else
    fetch_tarball "https://github.com/commonmark/cmark/archive/refs/tags/$CMARK_TARBALL_VERSION.tar.gz" "$CMARK_TARBALL_SHA256" "$TP/cmark"
  fi
fi

# Header-only libraries for the wasm build: a folder holding only them, never all of /usr/include.
HO="$TP/header-only"
if [ ! -f "$HO/nlohmann/json.hpp" ] || [ ! -f "$HO/doctest/doctest.h" ]; then
  mkdir -p "$HO"
  for d in /usr/include/nlohmann /usr/include/doctest; do
    [ -d "$d" ] && cp -r "$d" "$HO/"
  done
fi
[ -f "$HO/nlohmann/json.hpp" ] || die "nlohmann/json.hpp not found (apt install nlohmann-json3-dev)"

# ---- 3. npm (browser tests) --------------------------------------------------
if [ $WANT_NPM = 1 ] && [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
  log "installing browser-test dependencies (npm ci in tests/e2e)"
  (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund --silent)
fi
log "ready: Dear ImGui $v, cmark $(grep -m1 -oE "project\(cmark VERSION [0-9.]+" "$TP/cmark/CMakeLists.txt" | awk "{print \$3}")"
