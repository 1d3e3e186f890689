#!/usr/bin/env bash
# Fuzzes the scenario loader and validator with libFuzzer for SECONDS (default 60), seeded
# with every example and regression scenario. Needs clang and its runtime (Debian: clang,
# libclang-rt-dev). A crash leaves its input in build-fuzz/crashes/ and exits non-zero.
#
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-dev)" >&2; exit 2; }
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DCMSIM_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target cmsim_loader_fuzz >/dev/null
corpus=build-fuzz/corpus
mkdir -p "$corpus" build-fuzz/crashes
cp scenarios/examples/*.json scenarios/regression/*.json "$corpus"/ 2>/dev/null || true
cp tests/fixtures/malformed/*.json "$corpus"/ 2>/dev/null || true
# -rss_limit_mb: the largest example is big; -max_len: room for real scenarios.
status=0
build-fuzz/tests/fuzz/cmsim_loader_fuzz "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
  -timeout=10 -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 >build-fuzz/fuzz.log 2>&1 || status=$?
grep -E '^#[0-9]+' build-fuzz/fuzz.log | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|peak_rss_mb)' build-fuzz/fuzz.log || true
if [ "$status" -ne 0 ]; then
  tail -n 40 build-fuzz/fuzz.log >&2
  echo "fuzz: the loader failed on an input (saved in build-fuzz/crashes/)" >&2
  exit "$status"
fi
echo "fuzz: ${seconds} s of the loader under libFuzzer, no crash"
