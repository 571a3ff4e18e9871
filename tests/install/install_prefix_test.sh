#!/usr/bin/env bash
# `cmake --install` into a prefix of no importance (a temporary folder) gives a working
# tree: the installed skarv finds its plugins (lib/skarv/plugins) and its runner
# (lib/skarv) from its own location, checks the installed example configuration, and
# `skarv demo` runs the installed skarv-demo with the installed ADK emulator, with
# nothing of this build in PATH.
# The runner is proved by a connector in "isolation": "process" (memory-erp, the build's
# example plugin): `skarv check --connect` starts it in the installed runner, and names
# the runner once that file is moved away.
# Usage: install_prefix_test.sh BUILD_DIR PLUGIN_DIR
set -euo pipefail
build=$1 build_plugins=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/skarv-prefix.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
prefix=$work/opt/skarv

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for path in bin/skarv bin/skarv-demo bin/skarv-sandbox lib/skarv/skarv-plugin-runner lib/skarv/plugins/jetshop.so \
            lib/skarv/sandbox/libskarv-adk-emulator.so etc/skarv/skarv.json lib/systemd/system/skarv.service \
            lib/sysusers.d/skarv.conf include/skarv/abi.h; do
  [ -e "$prefix/$path" ] || fail "no $path under the prefix"
done
# The unit and the configuration name the installed paths.
grep -q "^ExecStart=$prefix/bin/skarv run --config $prefix/etc/skarv/skarv.json " "$prefix/lib/systemd/system/skarv.service" \
  || fail "the unit does not run the installed skarv: $(grep ExecStart "$prefix/lib/systemd/system/skarv.service")"
grep -q "\"plugin_dirs\": \[\"$prefix/lib/skarv/plugins\"\]" "$prefix/etc/skarv/skarv.json" || fail "the config's plugin_dirs"

export PATH=/usr/bin:/bin
"$prefix/bin/skarv" plugins --json >"$work/plugins.json" || fail "skarv plugins: $(cat "$work/plugins.json")"
grep -q "\"file\":\"$prefix/lib/skarv/plugins/visma.so\",\"status\":\"loaded\"" "$work/plugins.json" \
  || fail "the default plugin directory is not the installed one: $(cat "$work/plugins.json")"
"$prefix/bin/skarv" check --config "$prefix/etc/skarv/skarv.json" || fail "skarv check of the installed configuration"
mkdir -p "$work/plugins"
cp "$build_plugins/memory-erp.so" "$work/plugins/"
cat >"$work/isolated.json" <<JSON
{"plugin_dirs": ["$work/plugins"], "state_db": "$work/isolated.db",
 "connections": [{"name": "main", "flow": "erp",
   "shop": {"plugin": "memory-erp", "series": "SHOP", "isolation": "process"},
   "erp": {"plugin": "memory-erp", "series": "ERP", "isolation": "process"}}]}
JSON
"$prefix/bin/skarv" check --connect --config "$work/isolated.json" || fail "a plugin in the installed runner"

"$prefix/bin/skarv" demo --products 3 --orders 2 --work-dir "$work/demo" >"$work/demo.out" 2>&1 \
  || { cat "$work/demo.out"; fail "skarv demo from the prefix"; }
grep -q "butik-combo" "$work/demo.out" || { cat "$work/demo.out"; fail "the demo ran without the installed ADK emulator"; }
mv "$prefix/lib/skarv/skarv-plugin-runner" "$work/"
if "$prefix/bin/skarv" check --connect --config "$work/isolated.json" >"$work/norunner.out" 2>&1; then
  fail "skarv check --connect passed without the installed runner: was another one used?"
fi
grep -q "cannot start skarv-plugin-runner" "$work/norunner.out" || fail "without the runner: $(cat "$work/norunner.out")"
echo "installed under $prefix: plugins, runner, config and demo found from the binaries' location"
