#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang in build-fuzz/ (ASan + UBSan +
# coverage), replays the saved regressions, then fuzzes each harness for a bounded
# time starting from its seeds. Exits non-zero on the first harness that crashes and
# names the input that did it (docs/fuzzing.md says how to turn it into a regression).
#   SKARV_FUZZ_SECONDS   time per harness (default 35; CI runs five, under 3 minutes)
#   SKARV_FUZZ_RUNS      stop a harness after this many inputs: a number for all, or
#                        "harness=N ..." pairs (default: unbounded; a harness not named is too)
#   SKARV_FUZZ_SEED      libFuzzer's random seed (default: libFuzzer picks one). CI fixes
#                        both, so its run is reproducible: the same commit explores the same
#                        inputs, and a crash it reports is one you can replay here.
#   SKARV_FUZZ_HARNESSES which ones (default: all of fuzz/CMakeLists.txt's list)
#   SKARV_FUZZ_JOBS      build jobs (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/.."

# The fuzz build's own tools, beside scripts/install-deps.sh's (which it needs too):
# clang and libFuzzer, and llvm-symbolizer for reports with file and line.
scripts/install-deps.sh
packages=(clang libfuzzer-14-dev llvm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "skarv fuzz: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi

dir=${SKARV_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${SKARV_FUZZ_SECONDS:-35}
runs_of() {   # the -runs bound of harness $1 from SKARV_FUZZ_RUNS, or nothing
  local entry
  for entry in ${SKARV_FUZZ_RUNS:-}; do
    case "$entry" in
      *=*) if [ "${entry%%=*}" = "$1" ]; then echo "${entry#*=}"; fi ;;
      *) echo "$entry" ;;
    esac
  done
}
all=$(sed -n 's/^set(SKARV_FUZZ_HARNESSES \(.*\))$/\1/p' fuzz/CMakeLists.txt)
read -r -a harnesses <<< "${SKARV_FUZZ_HARNESSES:-$all}"

launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# Only what the harnesses reach is built: host library, plugins, harnesses.
cmake -S . -B "$dir" "${launcher[@]}" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DSKARV_FUZZ=ON -DSKARV_TESTS=OFF -DSKARV_BENCHMARKS=OFF -DSKARV_BUILD_SANDBOXES=OFF \
  -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" >/dev/null
cmake --build "$dir" -j "${SKARV_FUZZ_JOBS:-$(nproc)}" --target skarv_fuzzers

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Every input that ever crashed a harness, and every seed, must still pass.
ctest --test-dir "$dir" --output-on-failure

for h in "${harnesses[@]}"; do
  # New inputs go to the build's own corpus; fuzz/corpus/ is only read (merge finds
  # worth keeping by hand: docs/fuzzing.md).
  work="$dir/fuzz-corpus/$h" artifacts="$dir/fuzz-artifacts/$h/"
  mkdir -p "$work" "$artifacts"
  bounds=()
  runs=$(runs_of "$h")
  if [ -n "$runs" ]; then bounds+=(-runs="$runs"); fi
  if [ -n "${SKARV_FUZZ_SEED:-}" ]; then bounds+=(-seed="$SKARV_FUZZ_SEED"); fi
  dict=()
  if [ -f "fuzz/dict/$h.dict" ]; then dict=(-dict="fuzz/dict/$h.dict"); fi
  echo "skarv fuzz: $h for ${seconds}s" >&2
  if ! "$dir/fuzz/fuzz_$h" -max_total_time="$seconds" "${bounds[@]}" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
       -artifact_prefix="$artifacts" "${dict[@]}" "$work" "fuzz/corpus/$h" 2>"$dir/fuzz-$h.log"; then
    tail -n 60 "$dir/fuzz-$h.log" >&2
    echo "skarv fuzz: $h crashed; the input is in $artifacts (see docs/fuzzing.md, 'When it crashes')" >&2
    exit 1
  fi
  grep -E "^Done" "$dir/fuzz-$h.log" | sed "s/^/skarv fuzz: $h: /" >&2 || true
done
