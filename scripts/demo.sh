#!/usr/bin/env bash
# Fresh machine to first report: installs what is missing, builds, runs the default example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scenario=${1:-scenarios/examples/cas-two-primaries.json}
./build/sim/cmsim run "$scenario" --out out/demo
echo "open out/demo/report.json (and the other files in out/demo/)"
