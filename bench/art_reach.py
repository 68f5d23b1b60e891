#!/usr/bin/env python3
"""Reach and completeness of ART searches, from the table (output.table) of task art.

  python3 bench/art_reach.py art.csv            # per push centre (art.centres used in turn)
  python3 bench/art_reach.py art.csv --sample   # events distinct over the whole sample (art.cover_spacing)

An event is a converged search's (saddle energy, final energy) to 1e-3 eV. Per centre: for
each target barrier Q, the share of converged searches at or above Q, the centres that found
an event at or above Q, and, of the distinct events at or below Q, how many the first half of
the pushes found and how many were seen only once. Over the sample: per barrier class, the
distinct events, those seen once and twice, Good-Turing's chance that the next converged
search in the class finds a new event (seen once / found), and Chao1's estimate of how many
events the class holds (distinct + once^2 / (2 twice)), and its bias-corrected form (distinct +
once (once - 1) / (2 (twice + 1))), which `metabasin catalog completeness` reports.
"""
import collections
import csv
import sys

TARGETS = [0.1, 0.2, 0.3, 0.5, 0.75]
CLASSES = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.5), (0.5, 0.75), (0.75, float("inf"))]


def event(row):
    return (round(float(row["saddle_energy"]), 3), round(float(row["final_energy"]), 3))


def header(rows):
    converged = [r for r in rows if r["status"] == "converged"]
    calls = sum(float(r["force_calls"]) for r in rows)
    statuses = collections.Counter(r["status"] for r in rows)
    print(f"{len(rows)} searches: {dict(statuses)}; {calls / len(rows):.0f} force calls per search, "
          f"{calls / max(len(converged), 1):.0f} per converged search")
    return converged, calls


def per_centre(rows):
    converged, calls = header(rows)
    by_centre = collections.defaultdict(list)
    for r in rows:
        by_centre[r["centre_id"]].append(r)
    pushes = max(len(v) for v in by_centre.values())
    found = {}  # (centre, event) -> [barrier, times, first push index]
    for c, rs in by_centre.items():
        for i, r in enumerate(rs):
            if r["status"] != "converged":
                continue
            k = (c, event(r))
            if k in found:
                found[k][1] += 1
            else:
                found[k] = [float(r["barrier"]), 1, i]
    print(f"{len(by_centre)} centres, {pushes} pushes each; {len(found)} distinct events "
          f"({calls / max(len(found), 1):.0f} force calls each)")
    print("| Q (eV) | converged with barrier >= Q | centres with an event >= Q | distinct events <= Q per centre "
          "| of those, found in the first half of the pushes | of those, seen once |")
    print("|---|---|---|---|---|---|")
    for q in TARGETS:
        share = sum(1 for r in converged if float(r["barrier"]) >= q) / max(len(converged), 1)
        centres = len({c for (c, _), v in found.items() if v[0] >= q})
        below = [v for v in found.values() if v[0] <= q]
        first = sum(1 for v in below if v[2] < pushes // 2)
        once = sum(1 for v in below if v[1] == 1)
        print(f"| {q} | {share:.2f} | {centres}/{len(by_centre)} | {len(below) / len(by_centre):.1f} "
              f"| {first}/{len(below)} | {once}/{len(below)} |")


def over_sample(rows):
    converged, calls = header(rows)
    seen = collections.Counter(event(r) for r in converged)
    barrier = {event(r): float(r["barrier"]) for r in converged}
    print(f"{len(seen)} distinct events over the sample ({calls / max(len(seen), 1):.0f} force calls each)")
    print("| barrier (eV) | distinct events | seen once | seen twice | converged searches | Good-Turing: next one new "
          "| Chao1: events in the class | Chao1 bias-corrected |")
    print("|---|---|---|---|---|---|---|---|")
    for lo, hi in CLASSES:
        ks = [k for k in seen if lo <= barrier[k] < hi]
        n = sum(seen[k] for k in ks)
        f1 = sum(1 for k in ks if seen[k] == 1)
        f2 = sum(1 for k in ks if seen[k] == 2)
        chao = len(ks) + (f1 * f1 / (2 * f2) if f2 else f1 * (f1 - 1) / 2)
        corrected = len(ks) + f1 * (f1 - 1) / (2 * (f2 + 1))  # as metabasin catalog completeness
        label = f"{lo}-{hi}" if hi != float("inf") else f">= {lo}"
        print(f"| {label} | {len(ks)} | {f1} | {f2} | {n} | {f1 / max(n, 1):.2f} | {chao:.0f} | {corrected:.0f} |")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "centre_id" not in rows[0]:
        sys.exit(f"{sys.argv[1]}: not a table of task art")
    (over_sample if "--sample" in sys.argv[2:] else per_centre)(rows)


if __name__ == "__main__":
    main()
