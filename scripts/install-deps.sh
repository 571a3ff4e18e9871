#!/usr/bin/env bash
# Installs what Skarv builds with, from Debian's packages, when any of it is missing.
set -euo pipefail
packages=(cmake g++ make pkg-config
          libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
          libpoco-dev libsqlitecpp-dev libcli11-dev libjq-dev
          libgtest-dev libgmock-dev libbenchmark-dev
          libhowardhinnant-date-dev tzdata   # cron schedules in a time zone (docs/config.md)
          libgoogle-perftools-dev            # tcmalloc_minimal, skarv's allocator (docs/decisions.md)
          ca-certificates    # the CA store the connectors' HTTPS trusts (docs/operating.md)
          chromium)          # tests/browser: the admin API's cross-site defences in a real browser
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "skarv: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi
