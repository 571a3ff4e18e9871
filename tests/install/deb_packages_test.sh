#!/usr/bin/env bash
# Installs the built packages on this machine with dpkg -i, runs the installed skarv
# (--version, plugins, check, demo) from /usr/bin, then purges them and checks nothing
# of theirs is left: no file any of them shipped, no /etc/skarv, /var/lib/skarv, no user.
# Usage: deb_packages_test.sh PACKAGE_DIR
#
# It changes the machine, so it runs only as root with dpkg, and only when nothing named
# skarv is installed already (it would otherwise replace or purge someone else's); in
# all those cases it exits 77 (ctest: skipped) saying why. ctest holds the resource lock
# "system_packages", so no other test of this suite installs packages at the same time.
set -euo pipefail
packages=$1
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for dpkg -i (CI runs it as root)"
command -v dpkg >/dev/null || skip "no dpkg on this machine"
ls "$packages"/skarv_*.deb >/dev/null 2>&1 || skip "no packages in $packages (Install.BuildPackages skipped)"
for p in skarv skarv-sdk skarv-sandbox; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
    skip "package $p is already installed here; not touching it"
  fi
done
[ ! -e /usr/bin/skarv ] || skip "/usr/bin/skarv exists and belongs to no skarv package"
! getent passwd skarv >/dev/null || skip "a user 'skarv' exists already; purging the package would remove it"

debs=("$packages"/skarv_*.deb "$packages"/skarv-sdk_*.deb "$packages"/skarv-sandbox_*.deb)
shipped=$(mktemp)
work=$(mktemp -d)
cleanup() {
  dpkg --purge skarv-sandbox skarv-sdk skarv >/dev/null 2>&1 || true
  rm -rf "$work" "$shipped"
}
trap cleanup EXIT
# Every path a package ships, for the check after purging.
for deb in "${debs[@]}"; do
  dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||' >>"$shipped"
done

fail() { echo "FAILED: $*"; exit 1; }

dpkg -i "${debs[@]}" || fail "dpkg -i"

version=$(/usr/bin/skarv --version)
echo "$version"
[[ "$version" == skarv\ * ]] || fail "skarv --version printed '$version'"

# The default plugin directory of an installed skarv, with no --plugin-dir.
/usr/bin/skarv plugins --json >"$work/plugins.json" || fail "skarv plugins refused something: $(cat "$work/plugins.json")"
for name in jetshop specter visma klarna nets svea rules mapping; do
  grep -q "\"file\":\"/usr/lib/skarv/plugins/$name.so\",\"status\":\"loaded\"" "$work/plugins.json" \
    || fail "plugin $name not loaded from /usr/lib/skarv/plugins: $(cat "$work/plugins.json")"
done

/usr/bin/skarv check --config /etc/skarv/skarv.json || fail "skarv check of the installed /etc/skarv/skarv.json"

# The installed unit as systemd reads it (its options, its user, its binary).
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/skarv.service || fail "systemd-analyze verify skarv.service"
fi
grep -q "^ExecStart=/usr/bin/skarv run --config /etc/skarv/skarv.json" /usr/lib/systemd/system/skarv.service \
  || fail "the unit does not run /usr/bin/skarv with /etc/skarv/skarv.json"

[ "$(stat -c '%U %a' /var/lib/skarv)" = "skarv 700" ] || fail "/var/lib/skarv is $(stat -c '%U %a' /var/lib/skarv), not skarv 700"
getent passwd skarv | grep -q ':/usr/sbin/nologin$' || fail "user skarv: $(getent passwd skarv)"

# skarv demo runs skarv-demo from the skarv-sandbox package, beside /usr/bin/skarv.
(cd "$work" && PATH=/usr/bin:/bin /usr/bin/skarv demo --products 3 --orders 2 --work-dir "$work/demo") >"$work/demo.out" 2>&1 \
  || { cat "$work/demo.out"; fail "skarv demo from the installed packages"; }
grep -q "butik-combo" "$work/demo.out" || { cat "$work/demo.out"; fail "the demo ran without the Visma ADK emulator"; }
echo "skarv demo: ok"

dpkg --purge skarv-sandbox skarv-sdk skarv || fail "dpkg --purge"
for p in skarv skarv-sdk skarv-sandbox; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv "not-installed"; then
    fail "package $p still known to dpkg: $(dpkg-query -W -f='${Status}' "$p")"
  fi
done
left=0
while read -r path; do
  [ -n "$path" ] && [ "$path" != "/" ] || continue
  # Directories every system has (/usr/bin, /usr/lib, ...) stay, as dpkg leaves them.
  if [ -e "$path" ] && ! { [ -d "$path" ] && [ -n "$(ls -A "$path")" ]; }; then
    echo "left behind: $path"
    left=1
  fi
done < <(sort -u "$shipped")
for path in /etc/skarv /var/lib/skarv /usr/lib/skarv /usr/include/skarv /usr/share/skarv; do
  [ ! -e "$path" ] || { echo "left behind: $path"; left=1; }
done
getent passwd skarv >/dev/null && { echo "left behind: user skarv"; left=1; }
getent group skarv >/dev/null && { echo "left behind: group skarv"; left=1; }
[ "$left" = 0 ] || fail "purge left files or users behind"
echo "installed, ran and purged cleanly"
