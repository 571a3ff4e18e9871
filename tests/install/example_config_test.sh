#!/usr/bin/env bash
# examples/skarv.json is a working flow: against the Norce and Specter emulators on the
# ports it names, `skarv check` finds it valid and one `skarv sync` moves every order
# Norce released (Created, Confirmed) into Specter, each with its total to the öre.
# The file is used as it is, except its two paths (plugins, state database), which point
# into this build and a temporary folder.
# Usage: example_config_test.sh SOURCE_DIR SKARV SKARV_SANDBOX PLUGIN_DIR
set -euo pipefail
src=$1 skarv=$2 sandbox=$3 plugins=$4
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

# The ports and the channel count come from the example's own comment lines.
jetshop_port=$(sed -n 's|.*"base_url": "http://127.0.0.1:\([0-9]*\)".*|\1|p' "$src/examples/skarv.json" | head -1)
specter_port=$(sed -n 's|.*"base_url": "http://127.0.0.1:\([0-9]*\)".*|\1|p' "$src/examples/skarv.json" | sed -n 2p)
grep -q "skarv-sandbox jetshop --port $jetshop_port --channels 1" "$src/examples/skarv.json" || fail "the example's comment does not start Norce on its port"
grep -q "skarv-sandbox specter --port $specter_port" "$src/examples/skarv.json" || fail "the example's comment does not start Specter on its port"

start() {
  local name=$1; shift
  "$sandbox" "$name" "$@" >"$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q "listening on" "$work/$name.out" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.out"; fail "skarv-sandbox $name did not start"; }
    sleep 0.1
  done
  fail "skarv-sandbox $name did not listen"
}
start jetshop --port "$jetshop_port" --channels 1
start specter --port "$specter_port"

sed -e "s|\"plugin_dirs\": *\[[^]]*\]|\"plugin_dirs\": [\"$plugins\"]|" \
    -e "s|\"state_db\": *\"[^\"]*\"|\"state_db\": \"$work/state.db\"|" \
    "$src/examples/skarv.json" >"$work/skarv.json"
cmp -s "$src/examples/skarv.json" "$work/skarv.json" && fail "the paths of the example were not found to replace"

"$skarv" check --config "$work/skarv.json" || fail "skarv check"
"$skarv" sync --config "$work/skarv.json" >"$work/sync.out" 2>&1 || { cat "$work/sync.out"; fail "skarv sync"; }
cat "$work/sync.out"
grep -q "main/orders: considered [1-9]" "$work/sync.out" || fail "no orders considered"
if grep -E "failed [1-9]|^  error" "$work/sync.out"; then fail "records failed"; fi

curl -sf "http://127.0.0.1:$jetshop_port/_control/state" >"$work/norce.json"
# Keyed by the shop's order number (OrderNo becomes Specter's number once status is back).
released=$(jq -r '.orders | to_entries[] | select(.value.Status == "Created" or .value.Status == "Confirmed")
                  | "\(.key) \((.value.TotalIncVat * 100) | round)"' "$work/norce.json")
[ -n "$released" ] || fail "Norce released no orders"
count=0
while read -r order total; do
  got=$(curl -s "http://127.0.0.1:$specter_port/_control/order?externalOrderNo=$order")
  [ "$(jq -r .totalIncVat <<<"$got")" = "$total" ] || fail "order $order: Specter has $got, Norce's total is $total öre"
  count=$((count + 1))
done <<<"$released"
echo "examples/skarv.json: $count released orders in Specter, every total to the öre"
