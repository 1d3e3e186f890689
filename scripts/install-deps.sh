#!/usr/bin/env bash
# Installs the Debian packages cmsim needs, only those that are missing. Safe to re-run.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsimgrid-dev        # the discrete-event engine
  libboost-graph-dev    # the hierarchy graph
  nlohmann-json3-dev    # scenarios and reports
  libcli11-dev          # the command line
  libfmt-dev            # formatting
  libgtest-dev libbenchmark-dev
  clang libclang-rt-dev  # the loader's libFuzzer target (scripts/fuzz.sh)
  clang-format           # scripts/format.sh
  libxml2-utils         # xmllint: JUnit output checked against the CI schema
  python3-pandas        # reads every CSV a sweep writes in the tests, as a researcher would
  nodejs npm            # JUnit and JSON Schema readers used by the tests (scripts/install-test-tools.sh)
  chromium              # renders report.html headless in the tests
  pajeng                # pj_dump: a real Paje reader checks trace.paje in the tests
  slurmctld slurmd slurm-client munge  # the Slurm job-array test runs a one-node cluster
)

# Tools that may come from elsewhere (Node.js from NodeSource ships its own npm, which
# conflicts with Debian's npm package): present on PATH counts as installed.
declare -A provides_command=([nodejs]=node [npm]=npm [chromium]=chromium)

missing=()
for p in "${packages[@]}"; do
  cmd=${provides_command[$p]:-}
  if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
