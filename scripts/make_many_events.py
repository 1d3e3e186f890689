#!/usr/bin/env python3
"""Write a valid scenario with N events, to measure how `cmsim validate` and `cmsim run` scale
with the size of /events (issue #18: 1,000,000 events, about 100 MB).

The hierarchy is scenarios/examples/cas-two-primaries.json's (a CAS, two primaries, three
secondaries). The events cycle through verbs a real fault-injection plan mixes: link_down and
link_up, site_down, check_for_updates and restart_component, at times spread over the run, so
each is about 100 bytes on its own line. Standard library only; the same N gives the same bytes.

Usage: python3 scripts/make_many_events.py N OUTPUT
"""
import json
import sys

LINKS = ["CAS-P01", "CAS-P02", "P01-S11", "P01-S12", "P02-S21"]
SITES = ["CAS", "P01", "P02", "S11", "S12", "S21"]
COMPONENTS = ["SMS_DMP_DOWNLOADER", "SMS_EXECUTIVE", "SMS_SENDER"]
DURATION_S = 90 * 86400


def offset(seconds):
    d, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"{d}d{h}h{m}m{s}s"


def event(i, n):
    at = offset((i * (DURATION_S - 3600)) // max(n, 1))
    kind = i % 5
    if kind == 0:
        return {"at": at, "do": "link_down", "link": LINKS[i % len(LINKS)], "for": "10m",
                "note": f"fault {i}"}
    if kind == 1:
        return {"at": at, "do": "link_up", "link": LINKS[(i // 5) % len(LINKS)], "note": f"repair {i}"}
    if kind == 2:
        return {"at": at, "do": "site_down", "site": SITES[(i // 5) % len(SITES)], "for": "5m",
                "note": f"power {i}"}
    if kind == 3:
        return {"at": at, "do": "check_for_updates", "site": "CAS", "note": f"admin looks {i}"}
    return {"at": at, "do": "restart_component", "site": SITES[(i // 5) % len(SITES)],
            "component": COMPONENTS[i % len(COMPONENTS)]}


def header():
    return {
        "format": "cmsim-scenario/1",
        "name": "many-events",
        "description": "A CAS with two primaries and a long list of generated events.",
        "seed": 7,
        "start": "2024-11-25T00:00:00Z",
        "duration": "90d",
        "version": "2403",
        "sites": [
            {"code": "CAS", "type": "cas"},
            {"code": "P01", "type": "primary", "parent": "CAS"},
            {"code": "P02", "type": "primary", "parent": "CAS"},
            {"code": "S11", "type": "secondary", "parent": "P01"},
            {"code": "S12", "type": "secondary", "parent": "P01"},
            {"code": "S21", "type": "secondary", "parent": "P02"},
        ],
        "internet": {"bandwidth": "200Mbps", "latency": "40ms"},
        "scp": {"site": "CAS", "server": "site", "mode": "online"},
        "releases": {"catalog": "builtin"},
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    head = json.dumps(header(), indent=2)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write(head[:-2] + ',\n  "events": [\n')
        for i in range(n):
            out.write("    " + json.dumps(event(i, n), separators=(", ", ": ")) + (",\n" if i + 1 < n else "\n"))
        out.write("  ]\n}\n")


if __name__ == "__main__":
    main()
