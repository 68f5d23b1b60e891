#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""What a walk that searches regions hot would pay along MD's path, against MD.

usage: python3 docs/studies/region_demand.py SEQ.h5 [--reach 10] [--core 12.5] [--tol 0.1] [--same 0.1]
           [--after 2000] [--walk-T 100] [--search-T 300] [--nu-min 1] [--region-calls 1260]
           [--md-calls 500]

Whole-sample minima as in local_events.py. A walk along the sequence meets each new minimum B
and has searched every earlier one. B's atoms whose surroundings no earlier minimum shares (no
atom within --reach A moved by more than --tol A, as search_share.py) must be searched: they
are covered greedily by the cores of regions (each centre takes the unknown atoms within
--core A; a region moves more atoms than its core, 25 A about a 12.5 A core in the measured
covers, so that the collective exits of its core are met). A region's search must vouch, at --walk-T, for all the
time the walk spends with the region's surroundings as they were when it was searched,
whichever whole-sample minima it passes through meanwhile: its occupancy L sums the frames from
then on in which no atom within --core + --reach A of its centre is more than --tol A from
where it was. With temperature-accelerated dynamics' clock that takes t_s = (nu L)^(T / T_s) /
nu at --search-T (nu = --nu-min, 1/ps; L itself, at the walk's temperature, when nu L < 1). Its cost: --region-calls whole-sample
force calls per region-ps (measured by bench/region_dynamics covers: 1260 at 25 A and 300 K,
224 at 12 A). Beside it, MD's cost over the same time (--md-calls per ps). Minima first met
before --after ps are left out (the walk's start-up). Used in docs/studies/kmc.md ("Local
dynamics searches").
"""
import argparse

import numpy as np

from local_events import load_sequence, neighbours_within, new_surroundings, whole_sample_minima


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seq")
    ap.add_argument("--reach", type=float, default=10.0)
    ap.add_argument("--core", type=float, default=12.5)
    ap.add_argument("--tol", type=float, default=0.1)
    ap.add_argument("--same", type=float, default=0.1)
    ap.add_argument("--after", type=float, default=2000.0)
    ap.add_argument("--walk-T", type=float, default=100.0)
    ap.add_argument("--search-T", type=float, default=300.0)
    ap.add_argument("--nu-min", type=float, default=1.0, help="1/ps")
    ap.add_argument("--region-calls", type=float, default=1260.0)
    ap.add_argument("--md-calls", type=float, default=500.0)
    ap.add_argument("--bin", type=float, default=2000.0, help="ps, the table's time bins")
    args = ap.parse_args()
    x, energy, t, image, disp = load_sequence(args.seq)
    first, label = whole_sample_minima(x, energy, disp, args.same)

    def search_time(tau):
        # ps at the search temperature that vouch for tau ps at the walk's (TAD, confidence 1 - 1/e)
        if args.nu_min * tau < 1.0:
            return tau
        return (args.nu_min * tau) ** (args.walk_T / args.search_T) / args.nu_min

    def centres(core, unknown):
        left, out = unknown.copy(), []
        while left.any():
            c = int(np.argmax(left))
            left &= ~(core[c].toarray().ravel() > 0)
            out.append(c)
        return out

    def occupancies(i, cs):
        # ps the sequence spends, from frame i on, with the surroundings of each region made at
        # frame i around centres cs as they were then (every atom within core + reach within tol)
        reach = neighbours_within(x[i], args.core + args.reach, image)
        members = [reach[c].indices for c in cs]
        held = np.zeros(len(cs))
        for j in range(i, len(x)):
            moved = np.sqrt((disp(x[i], x[j]) ** 2).sum(axis=1)) > args.tol
            step = (t[j + 1] if j + 1 < len(x) else t[-1] + (t[-1] - t[-2])) - t[j]
            for k, m in enumerate(members):
                if not moved[m].any():
                    held[k] += step
        return list(held)

    known = [first[label[0]]]
    rows = []  # (time, share unknown, regions, tau, search ps)
    for i in range(1, len(x)):
        if label[i] == label[i - 1] or first[label[i]] != i:
            continue
        _, unknown = new_surroundings(x, i, known, neighbours_within(x[i], args.reach, image), disp, args.tol)
        known.append(i)
        j = i + 1
        while j < len(x) and label[j] == label[i]:
            j += 1
        tau = (t[j] if j < len(x) else t[-1]) - t[i]
        searched = unknown.any() and t[i] > args.after
        cs = centres(neighbours_within(x[i], args.core, image), unknown) if searched else []
        life = occupancies(i, cs) if cs else []
        rows.append((t[i], unknown.mean(), len(cs), tau, sum(search_time(v) for v in life),
                     np.mean(life) if life else np.nan))
    rows = np.array(rows, dtype=float)
    late = rows[rows[:, 0] > args.after]
    span = t[-1] - args.after
    walk_calls = late[:, 4].sum() * args.region_calls
    md_calls = span * args.md_calls
    print(f"{args.seq}: {len(x)} frames, {t[-1] - t[0]:.0f} ps, {len(first)} distinct minima; reach {args.reach} A, "
          f"moved > {args.tol} A, cores {args.core} A; walk {args.walk_T} K, searches {args.search_T} K, nu_min {args.nu_min}/ps")
    print(f"after {args.after:.0f} ps ({span:.0f} ps): {len(late)} new minima, {int((late[:, 2] == 0).sum())} need no "
          f"search; share searched {late[:, 1].mean():.3f}, regions per new minimum {late[:, 2].mean():.2f}; "
          f"hold tau median {np.median(late[:, 3]):.1f} ps, mean {late[:, 3].mean():.1f} ps; region occupancy mean "
          f"{np.nanmean(late[:, 5]):.1f} ps")
    print(f"region search time {late[:, 4].sum():.0f} ps -> {walk_calls:.3g} calls; MD over the same time "
          f"{md_calls:.3g} calls; walk / MD = {walk_calls / md_calls:.2f}")
    print("bin_ps  new_minima  need_no_search  regions  search_ps  walk/MD")
    edges = np.arange(args.after, t[-1] + args.bin, args.bin)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (rows[:, 0] > lo) & (rows[:, 0] <= hi)
        if m.any():
            cost = rows[m, 4].sum() * args.region_calls / ((min(hi, t[-1]) - lo) * args.md_calls)
            print(f"{lo:6.0f}-{hi:<6.0f} {m.sum():5d} {int((rows[m, 2] == 0).sum()):5d} {int(rows[m, 2].sum()):6d} "
                  f"{rows[m, 4].sum():8.0f} {cost:7.2f}")


if __name__ == "__main__":
    main()
