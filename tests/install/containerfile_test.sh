#!/usr/bin/env bash
# There is no container engine here, so the Containerfile is checked against what the
# packages provide: its base is Debian 12; what it copies matches the built package; its
# ENTRYPOINT binary and every path and option of its CMD are in the skarv package and
# accepted by `skarv run`; its USER is the user the package's postinst makes; its
# VOLUME is the state directory that postinst makes and the packaged configuration's
# state_db points into.
# Usage: containerfile_test.sh SOURCE_DIR PACKAGE_DIR SKARV_BINARY
set -euo pipefail
src=$1 packages=$2 skarv=$3
containerfile=$src/Containerfile
ls "$packages"/skarv_*.deb >/dev/null 2>&1 || { echo "SKIPPED: no packages in $packages (Install.BuildPackages skipped)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

# One instruction's argument (the last one if repeated, as the engine uses it).
instruction() { grep -E "^$1 " "$containerfile" | tail -1 | sed -E "s/^$1 +//"; }
# A JSON-array form ["a", "b"] as one item per line.
json_words() { sed -E 's/^\[ *"//; s/" *\]$//; s/" *, *"/\n/g'; }

from=$(instruction FROM)
[[ "$from" =~ ^debian:(bookworm|12)(-slim)?$ ]] || fail "FROM $from is not Debian 12 (bookworm)"

# COPY's pattern must pick the host package alone (not skarv-sdk, not skarv-sandbox).
copy_pattern=$(instruction COPY | awk '{print $1}')
matched=$(cd "$packages" && ls $copy_pattern 2>/dev/null | wc -l)
[ "$matched" = 1 ] || fail "COPY $copy_pattern matches $matched files in $packages, not the skarv package alone"
deb=$(cd "$packages" && ls $copy_pattern)
deb=$packages/$deb
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"
dpkg-deb -e "$deb" "$work/control"
dpkg-deb -x "$deb" "$work/root"
grep "apt-get install" "$containerfile" | grep -qF "/tmp/packages/$copy_pattern" || fail "the RUN line does not install what COPY copied"

entry=$(instruction ENTRYPOINT | json_words)
[ "$(echo "$entry" | wc -l)" = 1 ] || fail "ENTRYPOINT should be the binary alone: $entry"
grep -qx "$entry" "$work/files" || fail "ENTRYPOINT $entry is not in $(basename "$deb")"

mapfile -t cmd < <(instruction CMD | json_words)
[ "${cmd[0]}" = run ] || fail "CMD does not start with 'run': ${cmd[*]}"
run_help=$("$skarv" run --help)
config=""
for ((i = 1; i < ${#cmd[@]}; i++)); do
  word=${cmd[$i]}
  if [[ "$word" == --* ]]; then
    grep -q -- "$word" <<<"$run_help" || fail "skarv run has no option $word"
  fi
  [ "$word" = --config ] && config=${cmd[$((i + 1))]}
done
[ -n "$config" ] || fail "CMD gives no --config"
grep -qx "$config" "$work/files" || fail "CMD's config $config is not in $(basename "$deb")"

user=$(instruction USER)
# Continued lines joined, so a command split with backslashes reads as one.
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$work/control/postinst" >"$work/postinst"
grep -qE "useradd .* $user\$" "$work/postinst" || fail "the package's postinst makes no user $user"
grep -qE "^u $user " "$work/root/usr/lib/sysusers.d/skarv.conf" || fail "sysusers.d/skarv.conf declares no user $user"

volume=$(instruction VOLUME)
grep -q "install -d -o $user -g $user -m 0700 $volume\$" "$work/postinst" \
  || fail "the package's postinst does not make $volume for $user"
grep -q "\"state_db\": \"$volume/" "$work/root$config" || fail "the packaged $config keeps its state outside $volume"
[ "$(instruction WORKDIR)" = "$volume" ] || fail "WORKDIR is not the volume"
echo "Containerfile: FROM $from, $(basename "$deb"), $entry ${cmd[*]}, USER $user, VOLUME $volume: all provided by the package"
