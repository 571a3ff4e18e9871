#!/usr/bin/env bash
# Cross-builds the 32-bit Windows parts (windows/CMakeLists.txt: visma.dll, Adk.dll,
# skarv-abi-call.exe, skarv-plugin-runner.exe) with Debian's g++-mingw-w64-i686 into
# $SKARV_WINDOWS_BUILD_DIR (default build/windows/). SQLite for Adk.dll comes from
# Debian's sqlitecpp source package (its orig tarball bundles the SQLite amalgamation),
# fetched once with apt-get source into the build directory. docs/visma-on-windows.md.
# SKARV_WINDOWS_OPTIONAL=1 (the Linux build's windows_build target): a missing
# prerequisite (the compiler, the source package) is reported and the script exits 0,
# so the Linux build goes on and tests/windows skip; a compile error still fails.
set -euo pipefail
cd "$(dirname "$0")/.."
missing_prerequisite() {
  echo "build-windows: $1" >&2
  if [ "${SKARV_WINDOWS_OPTIONAL:-0}" = 1 ]; then
    echo "build-windows: no Windows build; tests/windows will skip" >&2
    exit 0
  fi
  exit 3
}
root=$(pwd)
dir=${SKARV_WINDOWS_BUILD_DIR:-build/windows}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if ! command -v i686-w64-mingw32-g++-posix >/dev/null; then
  missing_prerequisite "i686-w64-mingw32-g++-posix is missing (apt-get install g++-mingw-w64-i686; scripts/install-deps.sh)"
fi

src="$dir/sqlitecpp-source"
if [ ! -f "$src/sqlite3/sqlite3.c" ]; then
  rm -rf "$dir/sqlitecpp-download" && mkdir -p "$dir/sqlitecpp-download"
  (cd "$dir/sqlitecpp-download" && apt-get source --download-only sqlitecpp >/dev/null 2>&1) ||
    missing_prerequisite "apt-get source sqlitecpp failed: add a deb-src entry for Debian (scripts/install-deps.sh does)"
  rm -rf "$src" && mkdir -p "$src"
  tar -xzf "$dir"/sqlitecpp-download/sqlitecpp_*.orig.tar.gz -C "$src" --strip-components=1
fi

launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root/windows" -B "$dir" "${launcher[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/mingw-i686.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DSKARV_SQLITECPP_SOURCE_DIR="$src" >/dev/null
cmake --build "$dir" -j "${SKARV_JOBS:-$(nproc)}"
