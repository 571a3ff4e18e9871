#!/usr/bin/env bash
# Makes a 32-bit Wine prefix at $1 once (wineboot is slow on its first start); quick when
# it exists. Without wine it does nothing: the tests that need Wine skip and say why.
set -euo pipefail
prefix=$1
if ! command -v wine >/dev/null; then
  echo "wine-prefix: wine is not installed; nothing to prepare" >&2
  exit 0
fi
if [ -f "$prefix/system.reg" ]; then exit 0; fi
mkdir -p "$(dirname "$prefix")"
WINEPREFIX="$prefix" WINEARCH=win32 WINEDEBUG=-all wineboot -i >/dev/null 2>&1
WINEPREFIX="$prefix" wineserver -w
test -f "$prefix/system.reg"
