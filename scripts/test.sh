#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit, simulation, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/install-test-tools.sh
cd build
ctest --output-on-failure -j"$(nproc)"
cd ..
# The loader and validator under libFuzzer for a minute (scripts/fuzz.sh runs it as long as asked).
scripts/fuzz.sh "${CMSIM_FUZZ_SECONDS:-60}"
