#!/usr/bin/env bash
# Rewrites the README's table of defaults from `cmsim defaults` (built from models/defaults.hpp),
# between the <!-- defaults-table:begin --> and <!-- defaults-table:end --> markers. The unit
# test DefaultsTable.TheReadmeTableIsTheGeneratedOne fails until this has been run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CMSIM:-build/sim/cmsim}
table=$("$bin" defaults)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n") + "\n"
text = open("README.md").read()
begin, end = "<!-- defaults-table:begin -->\n", "<!-- defaults-table:end -->"
i, j = text.index(begin) + len(begin), text.index(end)
open("README.md", "w").write(text[:i] + table + text[j:])
PY
