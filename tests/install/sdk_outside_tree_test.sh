#!/usr/bin/env bash
# An outside author's path (docs/writing-a-plugin.md): install the SDK component into a
# temporary prefix, copy the two example customer plugins out of the tree, build each
# with find_package(Skarv) + skarv_add_plugin(), and load the results with skarv.
# Also: a plugin without the entry symbol must fail its build, naming the symbol.
# Usage: sdk_outside_tree_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/skarv-sdk.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

cmake --install "$build" --component sdk --prefix "$work/prefix" >"$work/install.log" || { cat "$work/install.log"; fail "install sdk"; }
[ -f "$work/prefix/include/skarv/abi.h" ] || fail "no include/skarv/abi.h in the installed SDK"
ls "$work"/prefix/share/skarv/schema/order.schema.json >/dev/null || fail "no record schemas in the installed SDK"
# The SDK component is the SDK alone: no host, no plugin, no emulator.
if find "$work/prefix" -name 'skarv' -type f -o -name '*.so' | grep -q .; then
  fail "the sdk component installed binaries: $(find "$work/prefix" -name skarv -type f -o -name '*.so')"
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$work/plugins"
for plugin in acme-b2b gift-wrap-c; do
  cp -r "$src/examples/plugins/$plugin" "$work/$plugin"
  cmake -S "$work/$plugin" -B "$work/$plugin/build" "${launcher[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
        -DCMAKE_BUILD_TYPE=Release >"$work/$plugin.log" 2>&1 || { cat "$work/$plugin.log"; fail "configure $plugin"; }
  cmake --build "$work/$plugin/build" >>"$work/$plugin.log" 2>&1 || { cat "$work/$plugin.log"; fail "build $plugin"; }
  [ -f "$work/$plugin/build/$plugin.so" ] || fail "$plugin: no $plugin.so (output name without the lib prefix)"
  # Hidden visibility: the entry symbol is the one function the plugin exports.
  exported=$(nm -D --defined-only "$work/$plugin/build/$plugin.so" | awk '$2 == "T" {print $3}')
  [ "$exported" = "skarv_plugin_entry_v1" ] || fail "$plugin exports functions besides the entry symbol: $exported"
  cp "$work/$plugin/build/$plugin.so" "$work/plugins/"
done

"$build/bin/skarv" plugins --plugin-dir "$work/plugins" --json >"$work/plugins.json" \
  || { cat "$work/plugins.json"; fail "skarv refused a plugin built against the installed SDK"; }
for plugin in acme-b2b gift-wrap-c; do
  grep -q "\"name\":\"$plugin\"" "$work/plugins.json" || fail "$plugin not loaded: $(cat "$work/plugins.json")"
done

# skarv_add_plugin's entry-symbol check: a library without it fails to build.
mkdir -p "$work/no-entry"
cat >"$work/no-entry/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(no-entry LANGUAGES C)
find_package(Skarv 0.1 REQUIRED)
skarv_add_plugin(no-entry SOURCES no_entry.c)
CMAKE
printf '#include <skarv/abi.h>\nint not_an_entry(void) { return 1; }\n' >"$work/no-entry/no_entry.c"
cmake -S "$work/no-entry" -B "$work/no-entry/build" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/no-entry.log" 2>&1 \
  || { cat "$work/no-entry.log"; fail "configure no-entry"; }
if cmake --build "$work/no-entry/build" >>"$work/no-entry.log" 2>&1; then
  fail "a plugin without skarv_plugin_entry_v1 built"
fi
tr -s " \n" "  " <"$work/no-entry.log" | grep -q "does not export skarv_plugin_entry_v1" || { cat "$work/no-entry.log"; fail "the failed build did not name the entry symbol"; }
[ ! -e "$work/no-entry/build/no-entry.so" ] || fail "the refused plugin was left in the build"
echo "both example plugins built outside the tree against the installed SDK and loaded"
