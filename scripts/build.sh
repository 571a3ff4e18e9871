#!/usr/bin/env bash
# Configures and builds into $SKARV_BUILD_DIR (default build/). SKARV_SANITIZE=ON builds
# with AddressSanitizer and UndefinedBehaviorSanitizer (default dir build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=${SKARV_SANITIZE:-OFF}
if [ "$sanitize" = "ON" ]; then default_dir=build-asan; else default_dir=build; fi
dir=${SKARV_BUILD_DIR:-$default_dir}
jobs=${SKARV_JOBS:-$(nproc)}
# Light debug info (-g1) keeps the build within CI's time on two cores; the sanitizer
# build uses -O1, the usual trade-off between speed and readable reports.
if [ "$sanitize" = "ON" ]; then
  type_flags=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1")
else
  type_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
              "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
fi
# ccache, when installed, makes rebuilds in several work trees cheap; CI runs without it.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$dir" "${launcher[@]}" -DSKARV_SANITIZE="$sanitize" -DSKARV_BENCHMARKS="${SKARV_BENCHMARKS:-ON}" "${type_flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
