#!/usr/bin/env bash
# Configures (no build) every combination of the build options in CMakeLists.txt that
# choose what is built: SKARV_TESTS, SKARV_BENCHMARKS, SKARV_BUILD_HOST and
# SKARV_BUILD_SANDBOXES, each in its own temporary directory, four at a time (a
# configure mostly waits). Exit 0 when all configure; otherwise 1, naming each failing
# combination and its first CMake error.
# ctest runs it as BuildOptions.EveryCombinationConfigures (tests/install/).
set -uo pipefail
source_dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/skarv-options.XXXXXX")
trap 'rm -rf "$work"' EXIT

configure_one() {
  local source_dir=$1 work=$2 tests=$3 bench=$4 host=$5 sandboxes=$6
  local name="SKARV_TESTS=$tests SKARV_BENCHMARKS=$bench SKARV_BUILD_HOST=$host SKARV_BUILD_SANDBOXES=$sandboxes"
  local dir="$work/$tests-$bench-$host-$sandboxes"
  if cmake -S "$source_dir" -B "$dir" -DSKARV_TESTS="$tests" -DSKARV_BENCHMARKS="$bench" \
       -DSKARV_BUILD_HOST="$host" -DSKARV_BUILD_SANDBOXES="$sandboxes" >"$dir.log" 2>&1; then
    echo "configures: $name"
  else
    echo "FAILED to configure: $name"
    grep -m1 -A4 "CMake Error" "$dir.log" | sed 's/^/    /'
    touch "$work/failed"
  fi
  rm -rf "$dir"
}
export -f configure_one

for tests in ON OFF; do for bench in ON OFF; do for host in ON OFF; do for sandboxes in ON OFF; do
  echo "$tests $bench $host $sandboxes"
done; done; done; done | xargs -P 4 -L 1 bash -c 'configure_one "$0" "$1" "$2" "$3" "$4" "$5"' "$source_dir" "$work"
[ ! -e "$work/failed" ]
