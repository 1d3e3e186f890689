#!/usr/bin/env python3
"""Writes tests/fixtures/malformed/: scenarios that are each wrong in one place, and
expected.json naming the JSON pointer each must be refused at (exit 2). The e2e test
MalformedCorpus reads them; scripts/fuzz.sh seeds libFuzzer with them.

Every value of a rich valid base scenario is replaced by a value of the wrong JSON type, every
object gets an unknown key, and every required key is removed, so the corpus grows with the
base scenario. Run it again after changing the base; the output is deterministic."""
import copy
import json
import pathlib

BASE = {
    "format": "cmsim-scenario/1", "name": "malformed", "description": "one mistake per file", "seed": 3,
    "start": "2026-01-05T00:00:00Z", "duration": "30d", "version": "2403",
    "sites": [
        {"code": "CAS", "type": "cas"},
        {"code": "P01", "type": "primary", "parent": "CAS",
         "service_windows": [{"days": "Sat", "from": "22:00", "hours": 6}]},
        {"code": "S01", "type": "secondary", "parent": "P01"},
    ],
    "link_defaults": {"bandwidth": "100Mbps", "latency": "30ms",
                      "sender": {"max_concurrent": 5, "per_site": 3, "retries": 2, "retry_delay": "1m"}},
    "links": [{"between": ["P01", "S01"], "bandwidth": "4Mbps", "latency": "120ms",
               "rate_limit": {"mode": "pulse", "block": "3KB", "delay": "5s"},
               "schedule": [{"days": "Mon-Fri", "from": "08:00", "to": "18:00", "priority": "closed"}]}],
    "internet": {"bandwidth": "200Mbps", "latency": "40ms",
                 "proxy": {"enabled": True, "auth": "account", "account_valid": True},
                 "tls12": True, "root_certs": {"baltimore": "ok", "digicert_g2": "ok"}, "blocked": []},
    "scp": {"site": "CAS", "server": "site", "mode": "online", "usage_level": "enhanced",
            "tenant_attach": False, "intune": False, "check_interval": "24h"},
    "releases": {"catalog": "builtin"},
    "admin": {"install_at_top": {"after": "1d"}, "secondary_upgrade": {"after": "2d"},
              "ignore_prereq_warnings": False},
    "maintenance": {"backup": {"site": "CAS", "enabled": True, "daily_at": "02:00"}},
    "model": {"install": "1h", "usage_data": {"basic": "200kB"}},
    "events": [
        {"at": "20d", "do": "set_scp_mode", "mode": "offline"},
        {"at": "21d", "do": "restart_component", "site": "CAS", "component": "SMS_DMP_DOWNLOADER"},
        {"at": "10d", "do": "link_down", "link": "CAS-P01", "for": "6h"},
        {"at": "12d", "do": "internet_fault", "kind": "proxy_status", "status": 407, "for": "3d"},
    ],
    "faults": {"random": [{"target": "links", "mtbf": "30d", "mttr": "4h"}]},
    "expect": [
        {"id": "all-on-2409", "kind": "site_version", "site": "*", "version": "2409", "by": "25d"},
        {"id": "proxy-alarm", "kind": "status_message", "message_id": 11488, "min": 1},
    ],
}

REQUIRED = ["/format", "/name", "/duration", "/version", "/sites", "/sites/0/code", "/sites/1/type",
            "/events/0/at", "/events/0/do", "/expect/0/id", "/expect/0/kind", "/links/0/between"]


def wrong_type(value):
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "many"
    if isinstance(value, str):
        return True  # not 7: a size or a count may be a plain number
    if isinstance(value, list):
        return {"not": "a list"}
    return ["not", "an", "object"]


def walk(value, pointer=""):
    yield pointer, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, pointer + "/" + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, pointer + "/" + str(i))


def resolve(doc, pointer):
    parts = pointer.split("/")[1:]
    parent = doc
    for p in parts[:-1]:
        parent = parent[int(p)] if isinstance(parent, list) else parent[p]
    last = parts[-1]
    return parent, (int(last) if isinstance(parent, list) else last)


def cases():
    # Free text and values where another type is accepted on purpose are left out.
    lenient = {"/description", "/blocked"}
    for pointer, value in walk(BASE):
        if pointer == "" or pointer in lenient or pointer.endswith("/blocked"):
            continue
        doc = copy.deepcopy(BASE)
        parent, key = resolve(doc, pointer)
        parent[key] = wrong_type(value)
        # The pair [PARENT, CHILD] is refused as a whole, at its own pointer.
        refused_at = pointer.rsplit("/", 1)[0] if "/between/" in pointer else pointer
        yield "type" + pointer.replace("/", "-"), doc, refused_at
        if isinstance(value, dict):
            doc = copy.deepcopy(BASE)
            parent, key = resolve(doc, pointer)
            parent[key]["frobnicate"] = 1
            yield "unknown-key" + pointer.replace("/", "-"), doc, pointer + "/frobnicate"
    doc = copy.deepcopy(BASE)
    doc["frobnicate"] = 1
    yield "unknown-key-top", doc, "/frobnicate"
    for pointer in REQUIRED:
        doc = copy.deepcopy(BASE)
        parent, key = resolve(doc, pointer)
        del parent[key]
        yield "missing" + pointer.replace("/", "-"), doc, pointer


def main():
    root = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "malformed"
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("*.json"):
        old.unlink()
    expected = {}
    for n, (name, doc, pointer) in enumerate(cases()):
        file = f"{n:03d}{name}.json"
        (root / file).write_text(json.dumps(doc, indent=1) + "\n")
        expected[file] = pointer
    (root / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"{len(expected)} malformed scenarios in {root}")


if __name__ == "__main__":
    main()
