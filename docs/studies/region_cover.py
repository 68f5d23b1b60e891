#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The exits local dynamics searches met over a cover of the sample.

usage: python3 docs/studies/region_cover.py COVER.jsonl [...]
       python3 docs/studies/region_cover.py --against COLD.jsonl HOT.jsonl

COVER.jsonl: the lines `build/bench/region_dynamics DATA cover ...` prints (one per region).
An exit met in several regions (same most-moving atom, barriers within --merge eV) counts once,
its deepest region's barrier kept; exits whose saddle did not join the two minima, and those
closer than --depth A to the held atoms, are left out. The first form lists them per file; the
second says which of COLD's exits HOT met too, and their share of COLD's rate (Arrhenius at
COLD's temperature, equal prefactors). Used in docs/studies/kmc.md ("Local dynamics searches").
"""
import argparse
import json
import math


def distinct_exits(path, merge, depth):
    lines = [json.loads(line) for line in open(path)]
    exits = []
    for region in lines:
        for x in region["exits"]:
            if not x["joined"]:
                continue
            same = next((e for e in exits if e["centre"] == x["centre"] and abs(e["barrier"] - x["barrier"]) < merge), None)
            if same is None:
                exits.append(dict(x, regions=1, total=x["times"]))
                continue
            same["regions"] += 1
            same["total"] += x["times"]
            if x["depth"] > same["depth"]:
                same.update(depth=x["depth"], barrier=x["barrier"], dE=x["dE"])
    return lines, [e for e in exits if e["depth"] >= depth]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("covers", nargs="+")
    ap.add_argument("--against", action="store_true", help="two covers: COLD HOT")
    ap.add_argument("--merge", type=float, default=0.002, help="eV")
    ap.add_argument("--depth", type=float, default=4.0, help="A")
    args = ap.parse_args()
    if args.against:
        if len(args.covers) != 2:
            ap.error("--against takes two covers, COLD and HOT")
        cold_lines, cold = distinct_exits(args.covers[0], args.merge, args.depth)
        _, hot = distinct_exits(args.covers[1], args.merge, args.depth)
        kt = 8.617333e-5 * cold_lines[0]["T"]

        def met(x):
            return any(h["centre"] == x["centre"] and abs(h["barrier"] - x["barrier"]) < 1.5 * args.merge for h in hot)

        for floor in (0.0, 0.005):
            sel = [x for x in cold if x["barrier"] >= floor]
            rate = sum(math.exp(-x["barrier"] / kt) for x in sel)
            rate_met = sum(math.exp(-x["barrier"] / kt) for x in sel if met(x))
            print(f"cold exits >= {floor} eV: {len(sel)}, met hot {sum(met(x) for x in sel)}, "
                  f"share of the cold rate met {rate_met / rate:.3f}")
        print("not met:", [(x["centre"], x["barrier"], x["depth"]) for x in cold if not met(x)])
        return
    for path in args.covers:
        lines, exits = distinct_exits(path, args.merge, args.depth)
        calls = sum(r["sample_calls"] for r in lines)
        crossings = sum(r["crossings"] for r in lines)
        print(f"{path}: {lines[0]['T']} K, {len(lines)} regions x {lines[0]['basin_time_ps']} ps, {crossings} crossings, "
              f"{calls:.3g} whole-sample calls, {len(exits)} distinct exits")
        for x in sorted(exits, key=lambda e: e["barrier"]):
            print(f"   barrier {x['barrier']:.4f} dE {x['dE']:+.4f} atom {x['centre']:4d} depth {x['depth']:5.1f} "
                  f"regions {x['regions']} crossings {x['total']}")


if __name__ == "__main__":
    main()
