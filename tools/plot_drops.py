#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Draws the complementary cumulative distribution of stress-drop sizes, F(x) = P(size >= x),
of one or more runs on log-log axes (Cao-Short-Yip Fig. 1C), from the CSV files that
`metabasin drops TABLE --out DROPS.csv` writes: each run's drops as points, and its fitted
power law as a line over the range it was fitted (the ccdf_fit column), never beyond. An
optional dashed line of a given slope marks a reference scaling (the study's -0.5).

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import csv
import math
import os
import sys

from plot_common import fail, png_out, save, use_agg

TOOL = "plot_drops"


def read_drops(path):
    """(size column name, sizes, ccdf, ccdf_fit) of a drops CSV; exits naming the file if it is not one."""
    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or len(rows[0]) < 2 or not rows[0][0].startswith("drop_") or rows[0][1] != "ccdf":
        fail(TOOL, f"'{path}' is not a drops CSV (header 'drop_<column>,ccdf[,ccdf_fit]'); "
                   "make one with metabasin drops TABLE --out FILE")
    sizes, ccdf, fit = [], [], []
    for k, r in enumerate(rows[1:], start=2):
        try:
            sizes.append(float(r[0]))
            ccdf.append(float(r[1]))
            fit.append(float(r[2]) if len(r) > 2 and r[2] != "" else math.nan)
        except (ValueError, IndexError):
            fail(TOOL, f"'{path}' line {k}: expected numbers, got '{','.join(r)}'")
    return rows[0][0], sizes, ccdf, fit


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", nargs="+", help="drops CSV files (metabasin drops --out)")
    ap.add_argument("--label", action="append", help="legend label per file, in order (default: the file name)")
    ap.add_argument("--reference-slope", type=float, help="draw a dashed line of this log-log slope (e.g. -0.5)")
    ap.add_argument("-o", "--out", help="PNG file (default: the first CSV with .png)")
    a = ap.parse_args()
    if a.label and len(a.label) != len(a.csv):
        fail(TOOL, f"{len(a.label)} --label for {len(a.csv)} files")
    out = png_out(TOOL, a.out, a.csv)
    use_agg(TOOL)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 5))
    column, lowest, highest = None, math.inf, 0.0
    for k, path in enumerate(a.csv):
        name, sizes, ccdf, fit = read_drops(path)
        column = column or name
        label = a.label[k] if a.label else os.path.basename(path)
        shown = [(s, c) for s, c in zip(sizes, ccdf) if s > 0]
        if len(shown) < len(sizes):
            print(f"{TOOL}: {path}: {len(sizes) - len(shown)} drops of size <= 0 cannot be shown on a log axis",
                  file=sys.stderr)
        if not shown:
            continue
        line = ax.plot([s for s, _ in shown], [c for _, c in shown], "o", ms=3, label=f"{label}: {len(sizes)} drops")
        lowest, highest = min(lowest, min(s for s, _ in shown)), max(highest, max(s for s, _ in shown))
        fitted = [(s, f) for s, f in zip(sizes, fit) if math.isfinite(f)]
        if fitted:
            slope = math.log(fitted[0][1] / fitted[-1][1]) / math.log(fitted[0][0] / fitted[-1][0]) \
                if fitted[0][0] != fitted[-1][0] else math.nan
            ax.plot([s for s, _ in fitted], [f for _, f in fitted], "-", color=line[0].get_color(), lw=1.5,
                    label=f"{label}: power-law fit, slope {slope:.2f} over its range")
    if a.reference_slope is not None and highest > 0:
        xs = [lowest, highest]
        ax.plot(xs, [0.5 * (x / lowest) ** a.reference_slope for x in xs], "k--", lw=1,
                label=f"∝ x^{a.reference_slope:g} (reference)")
    unit = column.rsplit("_", 1)[-1] if column and "_" in column else ""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"stress drop size δσ ({unit})" if unit in ("GPa", "MPa", "eV") else f"{column} (unit not stated)")
    ax.set_ylabel("CCDF F(δσ) = P(size ≥ δσ) (fraction)")
    ax.legend(fontsize=8)
    ax.set_title("stress-drop sizes")
    save(fig, out)
    print(out)


if __name__ == "__main__":
    main()
