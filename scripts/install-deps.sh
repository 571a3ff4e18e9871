#!/usr/bin/env bash
# Installs what Skarv builds with, from Debian's packages, when any of it is missing.
set -euo pipefail
packages=(cmake g++ make pkg-config
          libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
          libpoco-dev libsqlitecpp-dev libcli11-dev libjq-dev
          libpq-dev          # the state on PostgreSQL (docs/store.md)
          postgresql         # tests/postgres: the store tests start a real server
          libvalijson-dev    # JSON Schema validation of configs (docs/decisions.md)
          libre2-dev         # the transform rules' regular expressions, linear time (docs/transforms.md)
          libgtest-dev libgmock-dev libbenchmark-dev
          libhowardhinnant-date-dev tzdata   # cron schedules in a time zone (docs/config.md)
          libgoogle-perftools-dev            # tcmalloc_minimal, skarv's allocator (docs/decisions.md)
          dpkg-dev file      # CPack's Debian packages: dpkg-shlibdeps, ELF detection (tests/install)
          jq curl            # tests/install: reading the emulators' state in shell tests
          ca-certificates    # the CA store the connectors' HTTPS trusts (docs/operating.md)
          chromium           # tests/browser: the admin API's cross-site defences in a real browser
          libyaml-cpp-dev    # tests: examples/prometheus-alerts.yml parsed and checked against /metrics
          # tests/windows: the 32-bit Windows build (docs/visma-on-windows.md), run under Wine
          g++-mingw-w64-i686 binutils wine wine32:i386)
update_needed=false
# wine32 is an i386 package: the architecture must be known to dpkg before apt sees it.
if ! dpkg --print-foreign-architectures | grep -qx i386; then
  dpkg --add-architecture i386
  update_needed=true
fi
# scripts/build-windows.sh takes SQLite for the Windows Adk.dll from Debian's sqlitecpp
# source package (apt-get source), which needs a deb-src entry beside the deb one.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/skarv-debian-src.sources
  elif [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/skarv-debian-src.list
  fi
  update_needed=true
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || $update_needed; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "skarv: installing ${missing[*]}" >&2
  apt-get install -y -q "${missing[@]}"
fi
