#!/usr/bin/env bash
# Fixture of the package tests: the three Debian packages, made by CPack from this build
# into PACKAGE_DIR (its own folder, so a developer's build/packages is left alone).
# Usage: build_packages.sh BUILD_DIR PACKAGE_DIR SANITIZED
# Exit 77 (skipped) for a sanitizer build: a sanitized binary is not what we ship.
set -euo pipefail
build=$1 out=$2 sanitized=$3
rm -rf "$out"   # never leave an older run's packages for the tests that use them
if [ "$sanitized" = "ON" ]; then
  echo "SKIPPED: sanitizer build (SKARV_SANITIZE=ON); the packages are made from the normal build only"
  exit 77
fi
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  echo "SKIPPED: dpkg-deb or dpkg-shlibdeps (package dpkg-dev) not installed"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
ls "$out"/*.deb
for package in skarv skarv-sdk skarv-sandbox; do
  ls "$out"/${package}_*.deb >/dev/null || { echo "no ${package} package in $out"; exit 1; }
done
