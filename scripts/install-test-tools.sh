#!/usr/bin/env bash
# Installs the npm tools the end-to-end tests use, into a project-local prefix (never
# globally), pinned so every machine reads our outputs with the same readers. Safe to
# re-run: does nothing when every pinned version is already there, and installs only the
# ones missing or at another version otherwise.
#
#   scripts/install-test-tools.sh [PREFIX]     (default: build/npm-tools)
#
# The e2e tests look for the tools in build/npm-tools, or in $CMSIM_NPM_TOOLS when set.
# Needs node and npm (Debian: nodejs npm) and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

# name@version, each verified against our outputs (docs/modelling.md §12.2.4, §4.2):
# - xunit-viewer: a real JUnit reader; `-r FILE -c` prints a summary line the tests check.
# - ajv-cli + ajv-formats: JSON Schema 2020-12 validation of report.json against
#   reports/report.schema.json (`ajv validate --spec=draft2020 -c ajv-formats ...`);
#   ajv-formats gives the `date-time` format used for `start`.
PACKAGES=(
  "xunit-viewer@10.6.1"
  "ajv-cli@5.0.0"
  "ajv-formats@3.0.1"
)

prefix="${1:-build/npm-tools}"

# True when PREFIX/node_modules/NAME is installed at exactly VERSION.
has_pinned() {
  local manifest="$prefix/node_modules/$1/package.json"
  [ -f "$manifest" ] && node -e \
    "process.exit(require(process.argv[1]).version === process.argv[2] ? 0 : 1)" \
    "$(realpath "$manifest")" "$2"
}

missing=()
for spec in "${PACKAGES[@]}"; do
  has_pinned "${spec%@*}" "${spec##*@}" || missing+=("$spec")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command -v npm >/dev/null || { echo "install-test-tools: npm not found (apt-get install nodejs npm)" >&2; exit 1; }
mkdir -p "$prefix"
echo "installing ${missing[*]} into $prefix" >&2
npm install --prefix "$prefix" --no-audit --no-fund --save-exact "${missing[@]}" >&2
