#!/usr/bin/env bash
# `skarv demo` execs skarv-demo found beside skarv (or in PATH), passing its arguments;
# without skarv-demo it says which package to install and exits 1.
# Usage: demo_command_test.sh SKARV_BINARY SKARV_DEMO_BINARY
set -euo pipefail
skarv=$1 demo=$2
fail() { echo "FAILED: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Beside skarv (the build tree's bin/): options reach skarv-demo, its exit status is skarv's.
[ "$(dirname "$skarv")" = "$(dirname "$demo")" ] || fail "skarv-demo is not built beside skarv"
"$skarv" demo --help >"$work/help" || fail "skarv demo --help: $(cat "$work/help")"
grep -q -- "--adk-library" "$work/help" || fail "skarv demo --help is not skarv-demo's: $(cat "$work/help")"
set +e
"$skarv" demo --products 0 >"$work/bad" 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "a bad demo option gave exit $status, not skarv-demo's 2: $(cat "$work/bad")"
"$skarv" demo --products 3 --orders 2 --work-dir "$work/run" >"$work/out" 2>&1 || { cat "$work/out"; fail "skarv demo"; }
grep -q "butik-erp" "$work/out" || { cat "$work/out"; fail "skarv demo printed no report"; }

# skarv alone, and no skarv-demo in PATH: the message names the package.
mkdir -p "$work/alone"
cp "$skarv" "$work/alone/skarv"
set +e
PATH=/nonexistent "$work/alone/skarv" demo >"$work/missing" 2>&1
status=$?
set -e
[ "$status" = 1 ] || fail "skarv demo without skarv-demo exited $status"
grep -q "skarv-sandbox package" "$work/missing" || fail "the message does not name the package: $(cat "$work/missing")"

# ... and found in PATH when not beside skarv.
mkdir -p "$work/path"
ln -s "$(realpath "$demo")" "$work/path/skarv-demo"
PATH="$work/path:/usr/bin:/bin" "$work/alone/skarv" demo --help >"$work/help2" 2>&1 || fail "skarv-demo in PATH: $(cat "$work/help2")"
grep -q -- "--adk-library" "$work/help2" || fail "skarv demo did not run skarv-demo from PATH"
echo "skarv demo: runs skarv-demo, names the skarv-sandbox package without it"
