#!/usr/bin/env python3
"""Where a `cmsim run` spends its time, by output file and by the simulation.

Usage: scripts/perf-by-output.py PERF_SCRIPT_TEXT [PART ...]

PERF_SCRIPT_TEXT is `perf script` output of a run recorded with call stacks, e.g.

  perf record -F 2500 --call-graph dwarf,16384 -o /tmp/run.perf \
      build/sim/cmsim run scenarios/examples/largest-hierarchy.json --out /dev/shm/out
  perf script -i /tmp/run.perf > /tmp/run.txt
  scripts/perf-by-output.py /tmp/run.txt logs html

Each sample goes to the first part whose function is on its stack (the log folder, report.html,
report.json, each table, the simulation, the loader...). The table gives each part's share of
all samples (on every thread: the outputs are written side by side); each PART named after the
file gets its most frequent leaf functions.
"""
import collections
import re
import sys

PARTS = [
    ("write_log_folder", "logs"), ("for_each_replication_log", "logs"), ("LogFolder", "logs"),
    ("report_html", "html"), ("write_report_json", "json"),
    ("write_status_messages_csv", "status_messages.csv"), ("write_servicing_status_csv", "servicing_status.csv"),
    ("write_links_csv", "links.csv"), ("write_sites_csv", "sites.csv"),
    ("write_update_states_csv", "update_states.csv"), ("write_transfers_csv", "transfers.csv"),
    ("write_trace_chrome", "trace.json"), ("write_trace_paje", "trace.paje"),
    ("link_usage", "link usage"), ("cmsim::simulate", "simulate"), ("smx_ctx_wrapper", "simulate"),
    ("load_scenario", "load"), ("evaluate_expectations", "expectations"), ("_dl_", "dynamic loader"),
]


def samples(path):
    stack = None
    with open(path, errors="replace") as text:
        for line in text:
            if not line.strip():
                if stack:
                    yield stack
                stack = None
            elif line[0] not in "\t ":
                stack = []
            elif stack is not None:
                parts = line.strip().split(" ", 1)
                stack.append(re.sub(r"\+0x[0-9a-f]+", "", parts[-1]))
    if stack:
        yield stack


def part_of(stack):
    for frame in stack:
        for function, part in PARTS:
            if function in frame:
                return part
    return "other"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    by_part = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for stack in samples(sys.argv[1]):
        part = part_of(stack)
        by_part[part] += 1
        leaves[part][re.sub(r" \(/.*", "", stack[0])[:100]] += 1
    total = sum(by_part.values()) or 1
    print(f"{total} samples")
    for part, n in by_part.most_common():
        print(f"{part:22} {n:6} {100.0 * n / total:5.1f} %")
    for part in sys.argv[2:]:
        print(f"\n{part}: leaf functions")
        for leaf, n in leaves[part].most_common(20):
            print(f"  {n:6} {leaf}")


if __name__ == "__main__":
    main()
