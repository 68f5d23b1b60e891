#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Maps atoms coloured by a per-atom column of a LAMMPS text dump: the local strain that
`metabasin strain` writes (shear_strain, volumetric_strain, d2min, as the study's Fig. 3A),
the clusters of `metabasin clusters` (one colour per cluster, largest first, the atoms not
activated in grey, as Fig. 5), or any column of any dump. Atoms are drawn at their x, y in
the frame's cell (outlined); in 3D the projection on the xy plane is drawn. Atoms whose value
is not a finite number are counted on the figure and on stderr, never dropped silently.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import os
import sys
import textwrap

from plot_common import ATOM_COLUMN_UNITS, POSITIONS, fail, read_dump_frames, save, use_agg

TOOL = "plot_atoms"
UNITS = dict(ATOM_COLUMN_UNITS, cluster="rank, 1 = largest")


def default_column(columns):
    extra = [c for c in columns if c not in ("id", "type") + POSITIONS]
    return extra[0] if extra else "type"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dump", help="LAMMPS text dump")
    ap.add_argument("--column", help="per-atom column to colour by (default: the first after the positions)")
    ap.add_argument("--frame", type=int, default=-1, help="frame index, 0-based (default: the last)")
    ap.add_argument("--vmax", type=float, help="top of the colour scale (default: the 99th percentile)")
    ap.add_argument("--title", help="figure title (default: the file and frame)")
    ap.add_argument("-o", "--out", help="PNG file (default: DUMP-COLUMN.png)")
    a = ap.parse_args()
    use_agg(TOOL)
    import matplotlib.pyplot as plt
    import numpy as np

    if a.out and os.path.exists(a.out) and os.path.exists(a.dump) and os.path.samefile(a.out, a.dump):
        fail(TOOL, f"--out '{a.out}' is the input dump; choose another file")
    frames = read_dump_frames(TOOL, a.dump)
    if not -len(frames) <= a.frame < len(frames):
        fail(TOOL, f"--frame {a.frame}: '{a.dump}' has {len(frames)} frame(s)")
    frame_index = a.frame % len(frames)
    (xlo, xhi, ylo, yhi, xy), columns, rows = frames[frame_index]
    column = a.column or default_column(columns)
    out = a.out or f"{os.path.splitext(a.dump)[0]}-{column}.png"
    if column not in columns:
        fail(TOOL, f"'{a.dump}' has no column '{column}' (its columns: {', '.join(columns)})")
    pos = next((p for p in (("x", "y"), ("xu", "yu"), ("xs", "ys"), ("xsu", "ysu")) if p[0] in columns), None)
    if pos is None:
        fail(TOOL, f"'{a.dump}' has no positions (x y, xu yu, xs ys or xsu ysu)")
    data = np.array(rows, dtype=float)
    x, y = data[:, columns.index(pos[0])], data[:, columns.index(pos[1])]
    if pos[0].startswith("xs"):
        x, y = xlo + x * (xhi - xlo) + y * xy, ylo + y * (yhi - ylo)
    value = data[:, columns.index(column)]
    bad = ~np.isfinite(value)

    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    # Dots about one atomic spacing wide at this size, whatever the number of atoms.
    size = min(60.0, 0.5 * (72 * 6.0) ** 2 / len(x))
    if column == "cluster":
        rank = value.astype(int)
        ax.scatter(x[rank == 0], y[rank == 0], s=size, c="0.85", linewidths=0, label="not activated")
        cmap = plt.get_cmap("tab10")
        top = sorted(set(rank[rank > 0]))
        for r in top[:7]:
            ax.scatter(x[rank == r], y[rank == r], s=size, color=cmap((r - 1) % 10), linewidths=0,
                       label=f"cluster {r} ({int((rank == r).sum())} atoms)")
        rest = rank > (top[6] if len(top) > 7 else 10**9)
        if rest.any():
            ax.scatter(x[rest], y[rest], s=size, c="0.45", linewidths=0,
                       label=f"{len(top) - 7} smaller clusters ({int(rest.sum())} atoms)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, markerscale=2)
    else:
        good = ~bad
        vmax = a.vmax if a.vmax is not None else float(np.percentile(value[good], 99)) if good.any() else 1.0
        vmin = min(0.0, float(value[good].min())) if good.any() else 0.0
        sc = ax.scatter(x[good], y[good], s=size, c=value[good], cmap="inferno", vmin=vmin, vmax=vmax, linewidths=0)
        unit = UNITS.get(column, "unit not stated in the dump")
        fig.colorbar(sc, ax=ax, label=f"{column} ({unit}); scale capped at {vmax:.3g}", extend="max")
        if bad.any():
            ax.scatter(x[bad], y[bad], s=size, c="cyan", linewidths=0, label=f"{int(bad.sum())} not finite")
            ax.legend(loc="upper left", fontsize=8)
    if bad.any():
        print(f"{TOOL}: {int(bad.sum())} atoms have a {column} that is not a finite number (drawn in cyan)",
              file=sys.stderr)
    corners = np.array([[xlo, ylo], [xhi, ylo], [xhi + xy, yhi], [xlo + xy, yhi], [xlo, ylo]])
    ax.plot(corners[:, 0], corners[:, 1], color="0.3", lw=0.8)
    ax.set_aspect("equal")
    ax.set_xlabel("x (Å)")
    ax.set_ylabel("y (Å)")
    title = a.title or f"{os.path.basename(a.dump)}, frame {frame_index}: {len(x)} atoms by {column}"
    ax.set_title(textwrap.fill(title, 60), fontsize=10)
    save(fig, out)
    print(out)


if __name__ == "__main__":
    main()
