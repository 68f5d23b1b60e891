#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""New whole-sample minima against new local events in an inherent-structure sequence.

usage: python3 docs/studies/local_events.py SEQ.h5 [--move 0.25] [--link 4.0] [--tol 0.15]
                                            [--same 0.1] [--bin 100] [--after PS]

Whole-sample minima as in revisits.py (energies within 1 meV, no atom more than --same A apart).

Each basin change (consecutive frames, different minima) is split into local events: the atoms
that moved by more than --move A (minimum image, centre of mass out), grouped by distance
(--link A in the frame before). A local event is known when an earlier one moved the same
atoms the same way: on the union of the two events' atoms, the positions before and after
(each relative to its own centroid) agree within --tol A, forward or backward. A walk that
reuses events across minima differing elsewhere (k-ART's way) pays per new local event, a
walk over whole-sample minima per new minimum, MD per ps: the per-bin counts say which is
cheaper. With --after T: how near the new events after T ps lie to recent events. Used in docs/studies/kmc.md ("New local events against new minima").
"""
import argparse

import h5py
import numpy as np


def load_sequence(path):
    """Positions (2D), energies, times (ps) of an inherent-structure sequence, with the minimum
    image `image(d)` and the displacement `disp(p, q)` (minimum image, mean displacement out)."""
    f = h5py.File(path, "r", swmr=True)
    x = f["sequence/positions"][:, :, :2]
    energy = f["sequence/energy"][:]
    t = f["sequence/time"][:] * 1e12
    n_frames = min(len(x), len(energy), len(t))  # a run still writing may be a frame ahead in one
    x, energy, t = x[:n_frames], energy[:n_frames], t[:n_frames]
    cell = f["atoms/cell"][:]
    a = np.array([cell[0][:2], cell[1][:2]]).T
    a_inv = np.linalg.inv(a)

    def image(d):
        s = d @ a_inv.T
        s -= np.round(s)
        return s @ a.T

    def disp(p, q):
        d = image(q - p)
        return d - d.mean(axis=0)
    return x, energy, t, image, disp


def neighbours_within(p, r, image):
    """Atoms of the positions p within r A of each other (minimum image), a sparse 0/1 matrix."""
    from scipy.sparse import csr_matrix
    rows, cols = [], []
    for i in range(len(p)):
        near = np.nonzero((image(p - p[i]) ** 2).sum(axis=1) <= r * r)[0]
        rows += [i] * len(near)
        cols += list(near)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(p), len(p)))


def new_surroundings(x, i, known, nbr, disp, tol):
    """Atoms of frame i whose surroundings (the atoms nbr joins them to) differ, some atom moved by
    more than tol A: from the frame before, and from every frame in `known` (the latest first:
    they share the most). A walk along the sequence must search the latter (stop 47's rule)."""
    def changed(p, q):
        moved = (np.sqrt((disp(p, q) ** 2).sum(axis=1)) > tol).astype(float)
        return nbr.dot(moved) > 0
    from_neighbour = changed(x[i - 1], x[i])
    unknown = from_neighbour.copy()
    for f in reversed(known):
        if not unknown.any():
            break
        unknown &= changed(x[f], x[i])
    return from_neighbour, unknown


def whole_sample_minima(x, energy, disp, same):
    """The first frame of each distinct minimum (energies within 1 meV, no atom more than `same`
    A apart), and each frame's minimum."""
    first, e_first = [], []
    label = np.empty(len(x), dtype=int)
    for i in range(len(x)):
        found = -1
        near = np.nonzero(np.abs(np.asarray(e_first) - energy[i]) < 1e-3)[0][::-1] if first else []
        for k in near:
            if np.sqrt((disp(x[first[k]], x[i]) ** 2).sum(axis=1)).max() < same:
                found = k
                break
        if found < 0:
            first.append(i)
            e_first.append(energy[i])
            found = len(first) - 1
        label[i] = found
    return first, label


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seq")
    ap.add_argument("--move", type=float, default=0.25)
    ap.add_argument("--link", type=float, default=4.0)
    ap.add_argument("--tol", type=float, default=0.15)
    ap.add_argument("--bin", type=float, default=100.0)
    ap.add_argument("--same", type=float, default=0.1)
    ap.add_argument("--after", type=float, help="ps: where the new local events after this time happen")
    args = ap.parse_args()
    x, energy, t, image, disp = load_sequence(args.seq)
    n_frames = len(x)
    first, label = whole_sample_minima(x, energy, disp, args.same)

    known = []  # (atoms array, frame before, frame after)
    by_atom = {}
    rows = []  # (time, is_new_minimum, n_events, n_new_events)
    seen = {label[0]}

    def rel(frame, atoms):
        p = x[frame, atoms]
        d = image(p - p[0])
        return d - d.mean(axis=0)

    def same(atoms, f0, f1, g0, g1):
        return np.abs(rel(f0, atoms) - rel(g0, atoms)).max() < args.tol and \
            np.abs(rel(f1, atoms) - rel(g1, atoms)).max() < args.tol

    sizes = []
    history = []  # (frame after, atoms, new)
    for i in range(1, n_frames):
        if label[i] == label[i - 1]:
            continue
        d = disp(x[i - 1], x[i])
        moved = np.nonzero(np.sqrt((d ** 2).sum(axis=1)) > args.move)[0]
        new_min = label[i] not in seen
        seen.add(label[i])
        if len(moved) == 0:
            rows.append((t[i], new_min, 0, 0))
            continue
        # clusters by linking distance in the frame before
        p = x[i - 1, moved]
        group = list(range(len(moved)))

        def root(k):
            while group[k] != k:
                group[k] = group[group[k]]
                k = group[k]
            return k
        for u in range(len(moved)):
            dd = image(p - p[u])
            near = np.nonzero((dd ** 2).sum(axis=1) < args.link ** 2)[0]
            for v in near:
                ru, rv = root(u), root(v)
                if ru != rv:
                    group[ru] = rv
        clusters = {}
        for u in range(len(moved)):
            clusters.setdefault(root(u), []).append(moved[u])
        n_new = 0
        for atoms in clusters.values():
            atoms = np.array(sorted(atoms))
            sizes.append(len(atoms))
            match = False
            cands = set()
            for at in atoms:
                cands.update(by_atom.get(at, ()))
            # The atom moving most must move about the same way (or back) in both: a cheap first test.
            m = atoms[np.argmax(np.sqrt((d[atoms] ** 2).sum(axis=1)))]
            for k in cands:
                ka, k0, k1 = known[k]
                dk = image(x[k1, m] - x[k0, m])
                if min(np.abs(d[m] - dk).max(), np.abs(d[m] + dk).max()) > 4 * args.tol:
                    continue
                union = np.union1d(atoms, ka)
                if same(union, i - 1, i, k0, k1) or same(union, i - 1, i, k1, k0):
                    match = True
                    break
            history.append((i, atoms, not match))
            if not match:
                n_new += 1
                known.append((atoms, i - 1, i))
                for at in atoms:
                    by_atom.setdefault(at, []).append(len(known) - 1)
        rows.append((t[i], new_min, len(clusters), n_new))

    rows = np.array(rows, dtype=float)
    print(f"{args.seq}: {n_frames} frames, {t[-1] - t[0]:.0f} ps; {len(first)} distinct minima; "
          f"{len(rows)} basin changes; {int(rows[:, 2].sum())} local events, {len(known)} distinct; "
          f"atoms per event median {np.median(sizes):.0f}")
    # A new minimum whose local events were all known: known events met in a new combination.
    print("bin_ps  changes  new_minima  of_known_events  local_events  new_local_events")
    edges = np.arange(t[0], t[-1] + args.bin, args.bin)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (rows[:, 0] > lo) & (rows[:, 0] <= hi)
        recombined = int(((rows[:, 1] > 0) & (rows[:, 2] > 0) & (rows[:, 3] == 0) & m).sum())
        print(f"{lo:6.0f}-{hi:<6.0f} {m.sum():5d} {int(rows[m, 1].sum()):6d} {recombined:6d} "
              f"{int(rows[m, 2].sum()):6d} {int(rows[m, 3].sum()):6d}")
    if args.after is not None:
        facilitation(history, x, t, image, args.after)


def facilitation(history, x, t, image, after):
    """How near the new local events after `after` ps lie to the atoms of any local event (new or
    known, mostly flickers) of the 10, 100 and 1000 frames before, against 5 random atoms each."""
    rng = np.random.default_rng(1)

    def nearest(p, q):
        return np.sqrt((image(q[None, :, :] - p[:, None, :]) ** 2).sum(-1)).min()
    late = [k for k, (fr, _, new) in enumerate(history) if new and t[fr] > after]
    for window in (10, 100, 1000):
        d_new, d_random = [], []
        for k in late:
            fr, atoms, _ = history[k]
            recent = [at for (f, at, _) in history[:k] if fr - window <= f < fr]
            if not recent:
                continue
            active = x[fr - 1, np.unique(np.concatenate(recent))]
            d_new.append(nearest(x[fr - 1, atoms], active))
            d_random += [nearest(x[fr - 1, [q]], active) for q in rng.integers(0, x.shape[1], 5)]
        d_new, d_random = np.array(d_new), np.array(d_random)
        print(f"{len(d_new)} new local events after {after:g} ps; nearest atom of an event of the "
              f"{window} frames before within 5 / 10 A: {np.mean(d_new < 5):.2f} / {np.mean(d_new < 10):.2f} "
              f"(random atoms: {np.mean(d_random < 5):.2f} / {np.mean(d_random < 10):.2f})")


if __name__ == "__main__":
    main()
