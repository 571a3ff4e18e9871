#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs `skarv demo`: emulators of
# Norce, Specter and the Visma ADK with seeded data, the three standard flows between
# them, and what moved, read back from the emulators.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SKARV_BENCHMARKS=OFF scripts/build.sh
build/bin/skarv --version
build/bin/skarv demo "$@"
