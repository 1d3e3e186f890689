#!/usr/bin/env bash
# A sweep through a real Slurm job array (scripts/slurm/run-sweep.sh) must give the same
# runs.csv, summary.json and sweep.html, byte for byte, as the same sweep run locally.
#
#   tests/slurm/slurm_sweep_test.sh CMSIM_BINARY PROJECT_SOURCE_DIR
#
# Starts a private single-node cluster (docs/modelling.md §12.5) in a temp dir: its own munge key
# and socket, slurm.conf on loopback with free ports, state, logs and pid files, so it
# touches nothing system-wide and cannot meet another cluster. Needs root (otherwise exits
# 77, which ctest reports as skipped); installs slurmctld, slurmd, slurm-client and munge
# from Debian when missing. The daemons run in the foreground as this script's children
# and are always stopped by their PIDs (trap), pass or fail.
set -euo pipefail

cmsim=$(realpath "$1")
src=$(realpath "$2")
readonly skip=77

log() { echo "slurm-test: $*" >&2; }

# ---- packages ------------------------------------------------------------------------------

install_slurm() {
  # slurmd runs jobs as their owner and slurm.conf says SlurmUser=root: a cluster needs root.
  if [ "$(id -u)" -ne 0 ]; then
    log "needs root to run slurmctld and slurmd: skipped"
    exit $skip
  fi
  local tools=(slurmctld slurmd sbatch munged mungekey)
  local t missing=0
  for t in "${tools[@]}"; do command -v "$t" >/dev/null || missing=1; done
  [ $missing -eq 0 ] && return 0
  log "installing slurmctld slurmd slurm-client munge"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge)
  "${apt[@]}" >/dev/null || { apt-get update -qq && "${apt[@]}" >/dev/null; }
}

# ---- the private cluster ---------------------------------------------------------------------

tmp=$(mktemp -d /tmp/cmsim-slurm-XXXXXX)
pids=()
failed=1

show_logs() {
  local f
  for f in "$tmp"/log/*.log "$tmp"/out/slurm/*.out; do
    [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }
  done >&2
}

# By PID only: never by name, which could hit someone else's daemons.
stop_daemons() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ $failed -eq 0 ] || show_logs
  rm -rf "$tmp"
}
trap stop_daemons EXIT

start() {  # start NAME COMMAND...: in the background, output to log/NAME.out, pid recorded
  local name=$1
  shift
  "$@" >"$tmp/log/$name.out" 2>&1 &
  pids+=($!)
  echo $! >"$tmp/run/$name.test-pid"
}

# Readiness has no event to wait on, so it is polled, bounded by a deadline.
wait_until() {  # wait_until SECONDS WHAT COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { log "timed out waiting for $what"; return 1; }
    sleep 0.1
  done
}

# Two ports nobody listens on, so a second copy of this test (another build tree) or a
# real cluster on this host cannot collide with ours.
port_in_use() {  # a listening (state 0A) socket on that local port, IPv4 or IPv6
  awk -v p=":$(printf '%04X' "$1")" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port_pair() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    port_in_use $p || port_in_use $((p + 1)) || { echo $p; return; }
  done
  echo 16817
}

write_conf() {
  local host port
  host=$(hostname -s)
  port=$(free_port_pair)
  cat >"$tmp/slurm.conf" <<EOF
ClusterName=cmsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/run/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start_cluster() {
  mkdir -p "$tmp"/{run,log,state,spool,munge}
  chmod 700 "$tmp/munge"
  mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null
  start munged munged --foreground --force --socket="$tmp/run/munge.socket" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed"
  wait_until 20 munged bash -c "munge -n -S '$tmp/run/munge.socket' | unmunge -S '$tmp/run/munge.socket'"
  write_conf
  export SLURM_CONF=$tmp/slurm.conf  # clients and job steps read this cluster's config
  start slurmctld slurmctld -D -i -f "$SLURM_CONF"
  wait_until 30 slurmctld bash -c "scontrol ping | grep -q UP"
  start slurmd slurmd -D -f "$SLURM_CONF" -N "$(hostname -s)"
  wait_until 30 "the node to be idle" bash -c "sinfo -h -o %t | grep -qx idle"
}

# ---- the test -----------------------------------------------------------------------------------

write_scenario() {
  cp "$src/tests/fixtures/small-cas.json" "$tmp/small.json"
}

main() {
  install_slurm
  local t0=$SECONDS
  start_cluster
  log "cluster up in $((SECONDS - t0)) s"
  write_scenario
  # 2 grid points x 4 replicas = 8 runs over 3 shards: an uneven split (3, 3, 2).
  local sweep=("$tmp/small.json" --replicas 4 --vary "internet.bandwidth=50Mbps,200Mbps")
  t0=$SECONDS
  bash "$src/scripts/slurm/run-sweep.sh" --shards 3 --out "$tmp/out" --cmsim "$cmsim" --wait -- "${sweep[@]}"
  log "array + merge in $((SECONDS - t0)) s"
  "$cmsim" sweep "${sweep[@]}" --out "$tmp/local" >/dev/null 2>&1
  local f
  for f in runs.csv summary.json sweep.html; do
    cmp "$tmp/local/$f" "$tmp/out/$f" || { log "$f differs between the Slurm sweep and the local one"; return 1; }
  done
  local rows
  rows=$(($(wc -l <"$tmp/out/runs.csv") - 1))
  [ "$rows" -eq 8 ] || { log "runs.csv has $rows rows, expected 8"; return 1; }
  [ "$(ls "$tmp/out/shards")" = "$(printf '1\n2\n3')" ] || { log "expected shard folders 1 2 3"; return 1; }
  log "PASS: 3 shards merged into the local result (8 runs)"
  failed=0
}

main
