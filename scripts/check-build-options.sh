#!/usr/bin/env bash
# Configures (no build) every combination of the build options in CMakeLists.txt that
# choose what is built: SKARV_TESTS, SKARV_BENCHMARKS, SKARV_BUILD_HOST and
# SKARV_BUILD_SANDBOXES, each in its own temporary directory. Exit 0 when all configure;
# otherwise 1, naming each failing combination and its first CMake error.
# ctest runs it as BuildOptions.EveryCombinationConfigures (tests/install/).
set -uo pipefail
source_dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/skarv-options.XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=0
for tests in ON OFF; do
  for bench in ON OFF; do
    for host in ON OFF; do
      for sandboxes in ON OFF; do
        name="SKARV_TESTS=$tests SKARV_BENCHMARKS=$bench SKARV_BUILD_HOST=$host SKARV_BUILD_SANDBOXES=$sandboxes"
        dir="$work/$tests-$bench-$host-$sandboxes"
        if ! cmake -S "$source_dir" -B "$dir" -DSKARV_TESTS="$tests" -DSKARV_BENCHMARKS="$bench" \
               -DSKARV_BUILD_HOST="$host" -DSKARV_BUILD_SANDBOXES="$sandboxes" >"$dir.log" 2>&1; then
          echo "FAILED to configure: $name"
          grep -m1 -A4 "CMake Error" "$dir.log" | sed 's/^/    /'
          failed=1
        else
          echo "configures: $name"
        fi
        rm -rf "$dir"
      done
    done
  done
done
exit $failed
