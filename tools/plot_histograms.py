#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Distributions of one per-atom column of several LAMMPS text dumps, one curve per dump: the
local shear strain eta that `metabasin strain` writes at several applied strains, as the
study's Fig. 3B (Cao, Short & Yip 2019). Two panels: the raw distributions p(eta), and each
dump's values divided by its own mean <eta>, p(eta / <eta>) (the study's inset: curves that
collapse when the strain field keeps one shape as it grows). Densities integrate to 1 over the
atoms with a finite value; atoms without one are counted on the figure and on stderr.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import os
import sys

from plot_common import ATOM_COLUMN_UNITS, fail, fmt, read_dump_frames, save, use_agg

TOOL = "plot_histograms"


def column_values(path, frame, column):
    """(values, frame index) of `column` in frame `frame` of the dump at `path`."""
    import numpy as np

    frames = read_dump_frames(TOOL, path)
    if not -len(frames) <= frame < len(frames):
        fail(TOOL, f"--frame {frame}: '{path}' has {len(frames)} frame(s)")
    _, columns, rows = frames[frame]
    if column not in columns:
        fail(TOOL, f"'{path}' has no column '{column}' (its columns: {', '.join(columns)})")
    k = columns.index(column)
    return np.array([float(r[k]) for r in rows]), frame % len(frames)


def density_curve(ax, values, edges, label, logy):
    """The density histogram of `values` on `edges`, drawn at the bin centres: counts over all
    the values times the bin width, so a curve whose range leaves atoms out integrates to less
    than 1 (those atoms are counted on its label)."""
    import numpy as np

    counts, _ = np.histogram(values, bins=edges)
    density = counts / (values.size * np.diff(edges))
    centres = 0.5 * (edges[1:] + edges[:-1])
    shown = density > 0 if logy else np.ones_like(density, dtype=bool)  # empty bins have no log
    beyond = int(values.size - counts.sum())
    ax.plot(centres[shown], density[shown], marker="o", ms=2.5, lw=1.0,
            label=label + (f" [{beyond} beyond the axis]" if beyond else ""))


def edges_over(samples, bins, quantile):
    """Bins from min(0, smallest value) to the largest `quantile` of the samples."""
    import numpy as np

    lo = min(0.0, min(float(s.min()) for s in samples))
    hi = max(float(np.quantile(s, quantile)) for s in samples)
    return np.linspace(lo, hi if hi > lo else lo + 1.0, bins + 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dumps", nargs="+", help="LAMMPS text dumps (e.g. metabasin strain outputs), one curve each")
    ap.add_argument("--column", default="shear_strain", help="per-atom column (default shear_strain)")
    ap.add_argument("--frame", type=int, default=-1, help="frame of every dump, 0-based (default: the last)")
    ap.add_argument("--label", action="append",
                    help="curve label, once per dump in order (e.g. 'gamma = 10 %%'; default: the file name)")
    ap.add_argument("--bins", type=int, default=60, help="bins over each panel's range (default 60)")
    ap.add_argument("--range-quantile", type=float, default=0.999,
                    help="each panel's axis ends at the largest of the dumps' quantiles of this order (default"
                         " 0.999: a few extreme atoms do not squeeze the rest; 1: every atom; those beyond are"
                         " counted on the labels)")
    ap.add_argument("--logy", action="store_true", help="logarithmic density axes (tails)")
    ap.add_argument("-o", "--out", help="PNG file (default: FIRST-COLUMN-histograms.png)")
    a = ap.parse_args()
    if a.label and len(a.label) != len(a.dumps):
        fail(TOOL, f"{len(a.label)} --label(s) for {len(a.dumps)} dump(s); give one per dump or none")
    if a.bins < 1:
        fail(TOOL, f"--bins must be at least 1, got {a.bins}")
    if not 0.5 <= a.range_quantile <= 1.0:
        fail(TOOL, f"--range-quantile must be in [0.5, 1], got {a.range_quantile}")
    out = a.out or f"{os.path.splitext(a.dumps[0])[0]}-{a.column}-histograms.png"
    for d in a.dumps:
        if os.path.exists(d) and os.path.exists(out) and os.path.samefile(out, d):
            fail(TOOL, f"--out '{out}' is the input dump '{d}'; choose another file")
    use_agg(TOOL)
    import matplotlib.pyplot as plt
    import numpy as np

    samples, labels = [], []
    for i, path in enumerate(a.dumps):
        values, frame = column_values(path, a.frame, a.column)
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            fail(TOOL, f"'{path}' frame {frame}: no atom has a finite {a.column}")
        mean = float(finite.mean())
        if not mean > 0:
            fail(TOOL, f"'{path}' frame {frame}: the mean {a.column} is {fmt(mean)}; rescaling by it needs a positive mean")
        label = (a.label[i] if a.label else f"{os.path.basename(path)} (frame {frame})") + \
            f": ⟨{a.column}⟩ = {fmt(mean)}, {finite.size} atoms"
        lost = values.size - finite.size
        if lost:
            label += f" [{lost} not finite, left out]"
            print(f"{TOOL}: '{path}': {lost} atom(s) have a {a.column} that is not a finite number (left out)",
                  file=sys.stderr)
        samples.append((finite, mean))
        labels.append(label)

    unit = ATOM_COLUMN_UNITS.get(a.column, "unit not stated in the dump")
    per_unit = "dimensionless" if unit == "dimensionless" else f"1/({unit})"
    fig, (raw, scaled) = plt.subplots(1, 2, figsize=(12.5, 5.0))
    raw_edges = edges_over([s for s, _ in samples], a.bins, a.range_quantile)
    scaled_edges = edges_over([s / m for s, m in samples], a.bins, a.range_quantile)
    for (s, m), label in zip(samples, labels):
        density_curve(raw, s, raw_edges, label, a.logy)
        density_curve(scaled, s / m, scaled_edges, label, a.logy)
    raw.set_xlabel(f"{a.column} ({unit})")
    raw.set_ylabel(f"probability density p({a.column}) ({per_unit})")
    raw.set_title(f"{a.column}, raw", fontsize=10)
    scaled.set_xlabel(f"{a.column} / ⟨{a.column}⟩ (dimensionless)")
    scaled.set_ylabel(f"probability density p({a.column} / ⟨{a.column}⟩) (dimensionless)")
    scaled.set_title(f"rescaled by each dump's mean ⟨{a.column}⟩", fontsize=10)
    for ax in (raw, scaled):
        if a.logy:
            ax.set_yscale("log")
        ax.legend(fontsize=7)
    try:
        save(fig, out)
    except OSError as e:
        fail(TOOL, f"cannot write '{out}': {e}")
    print(out)


if __name__ == "__main__":
    main()
