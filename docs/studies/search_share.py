#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""How much of each new whole-sample minimum a walk that reuses events must search again.

usage: python3 docs/studies/search_share.py SEQ.h5 [--reach 10] [--tol 0.1] [--same 0.1] [--bin 100]

Whole-sample minima as in local_events.py. A walk along the sequence meets each new minimum B
from the minimum A before it, and has searched every earlier minimum. An atom of B needs a
search unless its surroundings are known: no atom within --reach A of it moved by more than
--tol A (minimum image, mean displacement out)
  - between A and B (kmc.carry_reach before stop 47: events taken over from the neighbour), or
  - between some earlier minimum M and B (stop 47: from every minimum the walk knows).
Prints, per time bin, the new minima and the mean share of the sample each must search under
either rule, and how many need no search at all. Used in docs/studies/kmc.md ("Carried only
when drawn").
"""
import argparse

import numpy as np

from local_events import load_sequence, neighbours_within, new_surroundings, whole_sample_minima


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seq")
    ap.add_argument("--reach", type=float, default=10.0)
    ap.add_argument("--tol", type=float, default=0.1)
    ap.add_argument("--same", type=float, default=0.1)
    ap.add_argument("--bin", type=float, default=100.0)
    args = ap.parse_args()
    x, energy, t, image, disp = load_sequence(args.seq)
    first, label = whole_sample_minima(x, energy, disp, args.same)

    rows = []  # (time, share to search with the neighbour's events, with every known minimum's)
    known = [first[label[0]]]  # the first frame of each minimum met so far
    for i in range(1, len(x)):
        if label[i] == label[i - 1] or first[label[i]] != i:
            continue  # not a new minimum
        from_neighbour, unknown = new_surroundings(x, i, known, neighbours_within(x[i], args.reach, image), disp,
                                                   args.tol)
        rows.append((t[i], from_neighbour.mean(), unknown.mean()))
        known.append(i)

    rows = np.array(rows, dtype=float)
    print(f"{args.seq}: {len(x)} frames, {t[-1] - t[0]:.0f} ps; {len(first)} distinct minima; "
          f"reach {args.reach} A, moved > {args.tol} A")
    print("bin_ps  new_minima  share_searched_neighbour  share_searched_known  need_no_search")
    edges = np.arange(t[0], t[-1] + args.bin, args.bin)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (rows[:, 0] > lo) & (rows[:, 0] <= hi)
        if not m.any():
            continue
        print(f"{lo:6.0f}-{hi:<6.0f} {m.sum():5d} {rows[m, 1].mean():8.3f} {rows[m, 2].mean():8.3f} "
              f"{int((rows[m, 2] == 0).sum()):5d}")


if __name__ == "__main__":
    main()
