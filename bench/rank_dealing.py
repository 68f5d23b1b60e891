#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Wall time of an ART batch on R ranks, dealt k mod R (each rank a fixed share) against one
at a time to whichever rank is free (TaskDealer), replayed from the per-search wall times of a
run's table (output.table, column wall_seconds). Rounds of `round` searches end together (the
coverage target's checks); 0: one round. Printed as each dealing's time over the ideal
(total / R).
usage: bench/rank_dealing.py TABLE.csv [round] [ranks...]"""
import csv
import heapq
import sys


def fixed_share(costs, ranks, size):
    return sum(max(sum(costs[b:b + size][r::ranks]) for r in range(ranks)) for b in range(0, len(costs), size))


def dealt(costs, ranks, size):
    total = 0.0
    for b in range(0, len(costs), size):
        free = [0.0] * ranks  # when each rank is next free
        for c in costs[b:b + size]:
            heapq.heappush(free, heapq.heappop(free) + c)
        total += max(free)
    return total


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    costs = [float(r["wall_seconds"]) for r in rows]
    size = int(sys.argv[2]) if len(sys.argv) > 2 and int(sys.argv[2]) > 0 else len(costs)
    for ranks in [int(a) for a in sys.argv[3:]] or [2, 4, 8]:
        ideal = sum(costs) / ranks
        print(f"{ranks} ranks, rounds of {size}: k mod R {fixed_share(costs, ranks, size) / ideal:.3f}, "
              f"dealt {dealt(costs, ranks, size) / ideal:.3f} (times the ideal {ideal:.0f} s)")


main()
