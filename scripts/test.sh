#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (ctest). SKARV_SANITIZE=ON runs
# them under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ "${SKARV_SANITIZE:-OFF}" = "ON" ]; then dir=${SKARV_BUILD_DIR:-build-asan}; else dir=${SKARV_BUILD_DIR:-build}; fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Under the sanitizers a test that failed is run once more, in case LeakSanitizer's own
# exit-time scan dies for another reason (google/sanitizers#1353). A real leak or UB
# report repeats and still fails the run.
repeat=()
if [ "${SKARV_SANITIZE:-OFF}" = "ON" ]; then repeat=(--repeat until-pass:2); fi
ctest --test-dir "$dir" --output-on-failure -j "${SKARV_JOBS:-$(nproc)}" --timeout 300 "${repeat[@]}"
