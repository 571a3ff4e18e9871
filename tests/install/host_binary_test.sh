#!/usr/bin/env bash
# The skarv binary holds the host only (issue 17): no code of the emulators or the demo
# (their namespaces skarv::sandbox and skarv::demo), and no path of the build or source
# tree in its data, so the same binary works from any install prefix.
# Usage: host_binary_test.sh SKARV_BINARY BUILD_DIR SOURCE_DIR SANITIZED
# Under the sanitizers only the build path is checked: ASan and UBSan write the source
# file names into the binary for their reports (and such a binary is not shipped).
set -euo pipefail
skarv=$1 build=$2 src=$3 sanitized=${4:-OFF}
dirs=("$build")
[ "$sanitized" = ON ] || dirs+=("$src")
fail() { echo "FAILED: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

nm -C "$skarv" >"$work/symbols"
if grep -E 'skarv::(sandbox|demo)::' "$work/symbols" | head -5 | grep .; then
  fail "skarv links emulator or demo code (above)"
fi
[ "$(grep -c 'skarv::host::' "$work/symbols")" -gt 100 ] || fail "no host symbols: is $skarv the host?"

# The read-only and writable data: what the code can use at run time. (The debug info
# names source files, as every -g build does; it is not read at run time.)
for section in .rodata .data; do
  objcopy -O binary --only-section=$section "$skarv" "$work/section" 2>/dev/null || continue
  for dir in "${dirs[@]}"; do
    if grep -aqF "$dir" "$work/section"; then
      fail "skarv's $section holds the path $dir: $(grep -aoF "$dir" "$work/section" | head -1)..."
    fi
  done
done
echo "skarv: host only, no build-tree path"
