#!/bin/sh
# Peak RSS and wall time of `cmsim validate` on a generated scenario with N events (issue #18),
# ROUNDS times, with the medians. CMSIM=path chooses the binary (default build/sim/cmsim);
# the scenario is written to $TMPDIR (default /tmp) and removed afterwards.
# Usage: scripts/measure-validate.sh [N]   (default 1000000)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
cmsim=${CMSIM:-$here/build/sim/cmsim}
rounds=${ROUNDS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/cmsim-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/scripts/make_many_events.py" "$n" "$work/many.json"
echo "file: $(stat -c %s "$work/many.json") bytes, $n events; $(uptime)"
i=0
while [ "$i" -lt "$rounds" ]; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$cmsim" validate "$work/many.json" >/dev/null
  cat "$work/time" >>"$work/times"
  i=$((i + 1))
done
sort -n "$work/times" | awk '{ print "run: " $1 " s, " int($2 / 1024) " MiB" }'
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "median wall: $(cut -d' ' -f1 "$work/times" | median) s"
echo "median peak RSS: $(cut -d' ' -f2 "$work/times" | median | awk '{ print int($1 / 1024) }') MiB"
