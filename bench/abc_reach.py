#!/usr/bin/env python3
"""Reach of ABC runs, from the JSON that task abc prints (one file per run).

  python3 bench/abc_reach.py abc_*.json

Per run: events (quenches that landed in a new minimum), saddles stored (refined and
connected), force calls, the highest stored saddle and the highest point crossed, both
measured from the run's start minimum, and the stored barriers (each from its own initial
minimum) at or above 0.1 and 0.3 eV. "Reach" for a strain step is the first two: how far
above the current minimum the walk found a saddle. Last line: the same over all runs.
"""
import json
import sys


def summary(path):
    try:
        with open(path) as f:
            d = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise SystemExit(f"{path}: not readable as JSON ({e}); is the run still going?")
    if "events" not in d:
        raise SystemExit(f"{path}: no 'events' (not the output of task abc: {d.get('error', '')})")
    events = d["events"]
    start = events[0]["initial_energy"] if events else float("nan")
    stored = [e for e in events if e.get("saddle_stored")]
    tops = [e["saddle_energy"] - start for e in stored]
    crossings = [e["crossing_energy"] - start for e in events]
    barriers = [e["barrier"] for e in stored]
    return {
        "run": path,
        "penalties": d.get("penalties"),
        "events": len(events),
        "stored": len(stored),
        "force_calls": d["force_calls"],
        "saddle_above_start": max(tops, default=float("nan")),
        "saddles_ge_0.1": sum(t >= 0.1 for t in tops),
        "crossing_above_start": max(crossings, default=float("nan")),
        "barriers_ge_0.1": sum(b >= 0.1 for b in barriers),
        "barriers_ge_0.3": sum(b >= 0.3 for b in barriers),
        "largest_barrier": max(barriers, default=float("nan")),
    }


def main(paths):
    if not paths:
        raise SystemExit(__doc__)
    rows = [summary(p) for p in paths]
    print("| run | penalties | events | saddles stored | force calls | highest saddle above start (eV) "
          "| highest crossing above start (eV) | barriers >= 0.1 / 0.3 eV | largest barrier (eV) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['run']} | {r['penalties']} | {r['events']} | {r['stored']} | {r['force_calls']} "
              f"| {r['saddle_above_start']:.3f} | {r['crossing_above_start']:.3f} "
              f"| {r['barriers_ge_0.1']} / {r['barriers_ge_0.3']} | {r['largest_barrier']:.3f} |")
    stored = sum(r["stored"] for r in rows)
    calls = sum(r["force_calls"] for r in rows)
    high = sum(r["saddles_ge_0.1"] for r in rows)
    print(f"{len(rows)} runs: {stored} saddles stored, {calls / max(stored, 1):.0f} force calls per stored saddle; "
          f"{high} stored saddles >= 0.1 eV above their run's start"
          f"{f' ({calls / high:.0f} force calls each)' if high else ''}; "
          f"runs with a saddle >= 0.1 / 0.3 eV above their start: "
          f"{sum(r['saddle_above_start'] >= 0.1 for r in rows)} / {sum(r['saddle_above_start'] >= 0.3 for r in rows)}")


if __name__ == "__main__":
    main(sys.argv[1:])
