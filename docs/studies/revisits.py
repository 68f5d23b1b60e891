#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""How many distinct minima an inherent-structure sequence meets, and how often it comes back.

usage: python3 docs/studies/revisits.py SEQ.h5 [TOLERANCE_A]

Two frames are one minimum when their energies agree within 1 meV and no atom differs by more
than TOLERANCE_A (default 0.1, art.same_state_tolerance) after the minimum image and the
centre of mass are taken out. Prints the counts, each basin change sorted as into a new
minimum, straight back to the one before, or into an older one, and the distinct minima met
by each fifth of the run. Used in docs/studies/kmc.md ("How many minima a walk meets").
"""
import sys

import h5py
import numpy as np


def main():
    f = h5py.File(sys.argv[1], "r")
    tol = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    x = f["sequence/positions"][:, :, :2]
    energy = f["sequence/energy"][:]
    t_ps = f["sequence/time"][:] * 1e12
    stress = f["sequence/shear_stress"][:]
    cell = f["atoms/cell"][:]
    a = np.array([cell[0][:2], cell[1][:2]]).T  # columns: the cell vectors (tilt < 1e-4 apart over the run)
    a_inv = np.linalg.inv(a)

    def largest_move(p, q):
        d = q - p
        s = d @ a_inv.T
        s -= np.round(s)
        d = s @ a.T
        d -= d.mean(axis=0)
        return np.sqrt((d ** 2).sum(axis=1)).max()

    first_frame = []  # of each distinct minimum
    label = []
    for i in range(len(x)):
        found = next((k for k in range(len(first_frame) - 1, -1, -1)
                      if abs(energy[i] - energy[first_frame[k]]) < 1e-3
                      and largest_move(x[first_frame[k]], x[i]) < tol), -1)
        if found < 0:
            first_frame.append(i)
            found = len(first_frame) - 1
        label.append(found)
    label = np.array(label)
    changes = np.nonzero(label[1:] != label[:-1])[0] + 1
    seen, new, back, older = {label[0]}, 0, 0, 0
    for c in changes:
        if label[c] not in seen:
            new += 1
            seen.add(label[c])
        elif c >= 2 and label[c] == label[c - 2]:
            back += 1
        else:
            older += 1
    print(f"{sys.argv[1]}: {len(x)} inherent structures over {t_ps[-1] - t_ps[0]:.1f} ps; "
          f"{len(first_frame)} distinct minima; {len(changes)} basin changes: {new} into a new minimum, "
          f"{back} straight back to the one before, {older} into an older one")
    print(f"E_IS {energy[0]:.3f} -> {energy[-1]:.3f} eV (lowest {energy.min():.3f}); "
          f"shear stress {stress[0]:.3f} -> {stress[-len(stress) // 5:].mean():.3f} GPa (mean of the last fifth)")
    for q in (0.2, 0.4, 0.6, 0.8, 1.0):
        n = int(q * len(x))
        print(f"  to {t_ps[n - 1] - t_ps[0]:6.1f} ps: {len(set(label[:n]))} distinct minima")


if __name__ == "__main__":
    main()
