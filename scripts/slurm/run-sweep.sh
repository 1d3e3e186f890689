#!/usr/bin/env bash
# Submits a `cmsim sweep` to Slurm: a job array of N shards, then the merge, which starts
# only when every shard succeeded (--dependency=afterok). Results land in OUT:
# runs.csv, summary.json, sweep.html (shards in OUT/shards/I, Slurm logs in OUT/slurm/).
#
#   scripts/slurm/run-sweep.sh --shards N --out OUT [--cpus-per-shard C] [--cmsim PATH]
#                              [--wait] [--sbatch-option OPT]... -- SCENARIO SWEEP-OPTIONS...
#
#   e.g. run-sweep.sh --shards 8 --cpus-per-shard 4 --out /scratch/sw -- \
#          scenarios/examples/cas-two-primaries.json --replicas 200 --vary links.CAS-P02.bandwidth=10Mbps,20Mbps
#
# --wait blocks until the merge job ends and exits with its code (non-zero when a shard
# failed: the merge is then cancelled, not left pending). Rerunning the same command with
# the same OUT keeps every finished run. Prints the two job ids.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shards="" out="" cpus=1 cmsim=${CMSIM:-cmsim} wait=() extra=()

usage() {
  sed -n '2,/^set -/{/^#/p}' "$0" | sed 's/^# \{0,1\}//' >&2  # the header comment
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --shards) shards=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cpus-per-shard) cpus=$2; shift 2 ;;
    --cmsim) cmsim=$2; shift 2 ;;
    --wait) wait=(--wait); shift ;;
    --sbatch-option) extra+=("$2"); shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "run-sweep.sh: unknown option '$1'" >&2; usage ;;
  esac
done
if [ $# -lt 1 ] || [ -z "$out" ] || ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then usage; fi

# Jobs may start in another directory or on another node: hand them absolute paths.
scenario=$(realpath "$1")
shift
cmsim=$(command -v "$cmsim" || true)
[ -x "$cmsim" ] || { echo "run-sweep.sh: cmsim not found (use --cmsim PATH)" >&2; exit 2; }
export CMSIM=$cmsim
mkdir -p "$out/slurm"
out=$(realpath "$out")

# Fail here, not in N array tasks, on a scenario or option the sweep would refuse.
"$cmsim" validate "$scenario" >/dev/null

job_id() { cut -d';' -f1; }  # --parsable prints "id" or "id;cluster"

array=$(sbatch --parsable "${extra[@]}" --array="1-$shards" --cpus-per-task="$cpus" \
  --job-name=cmsim-sweep --output="$out/slurm/shard_%A_%a.out" \
  "$here/cmsim-sweep.sbatch" shard "$out" "$scenario" "$@" | job_id)
echo "shards: job array $array (1-$shards)"

merge_cmd=(sbatch --parsable "${extra[@]}" "${wait[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes
  --job-name=cmsim-merge --output="$out/slurm/merge_%j.out" "$here/cmsim-sweep.sbatch" merge "$out" "$shards")
if [ ${#wait[@]} -eq 0 ]; then
  echo "merge: job $("${merge_cmd[@]}" | job_id) (after the shards succeed); results in $out"
  exit 0
fi
echo "merge: submitted; waiting for it (results in $out)"
"${merge_cmd[@]}" >/dev/null
