#!/usr/bin/env bash
# Configures and builds into $SKARV_BUILD_DIR (default build/). SKARV_SANITIZE=ON builds
# with AddressSanitizer and UndefinedBehaviorSanitizer (default dir build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=${SKARV_SANITIZE:-OFF}
if [ "$sanitize" = "ON" ]; then default_dir=build-asan; else default_dir=build; fi
dir=${SKARV_BUILD_DIR:-$default_dir}
jobs=${SKARV_JOBS:-$(nproc)}
cmake -S . -B "$dir" -DSKARV_SANITIZE="$sanitize" -DSKARV_BENCHMARKS="${SKARV_BENCHMARKS:-ON}" >/dev/null
cmake --build "$dir" -j "$jobs"
