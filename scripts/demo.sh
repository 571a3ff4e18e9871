#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs Skarv's demo. Today that is
# the plugin listing over the built plugins (the flows land with their issues).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SKARV_BENCHMARKS=OFF scripts/build.sh >/dev/null
build/bin/skarv --version
build/bin/skarv plugins --plugin-dir build/plugins
