#!/usr/bin/env bash
# Builds with AddressSanitizer and UndefinedBehaviorSanitizer and runs the test suite.
# SimGrid runs on system threads in this build (ASan cannot follow its raw context
# switches), and leak detection is off because SimGrid 3.32 keeps its engine state at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-asan -DCMSIM_SANITIZE=ON -DCMSIM_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j"$(nproc)"
scripts/install-test-tools.sh
cd build-asan
ASAN_OPTIONS=detect_leaks=0 CMSIM_NPM_TOOLS="$PWD/../build/npm-tools" ctest --output-on-failure -j"$(nproc)" -E SlurmSweep
