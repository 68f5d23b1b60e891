#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots columns of any table metabasin writes: the whitespace tables with a '#' header
(shear, metadynamics and KMC stress-strain tables, a sweep's <point>.dat, age, quench and
thermo logs) and the CSV tables (sweep, ART, NEB). Columns are chosen by name (or by a prefix
that names one column: `shear_stress` for `shear_stress_GPa`); the axis units come from the
column names (`_GPa`, `_eV`, `_K`, `_ps`, `_s`, `_per_s`, ...). Several tables are drawn over
each other, each curve labelled by its file and the table's own comment line; several y
columns go into panels of their own (one unit per axis), or with --same-axes onto one axis
(columns of one unit: a histogram and its fitted density), a table's columns in one colour,
told apart by line style. Rows whose value is not a finite number are counted on the figure
and on stderr, never dropped silently.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import math
import os
import sys

from plot_common import SUFFIX_UNITS, fail, read_table, save, use_agg

TOOL = "plot_table"

# Unit suffixes of metabasin's column names, and the few columns named without one.
NAMED_UNITS = {"strain": "dimensionless", "shear_strain": "dimensionless", "step": "MD steps",
               "volume": "Å³; Å² in 2D", "state": "index", "replicas": "count", "force_calls": "count",
               "image": "index", "reaction_coordinate": "Å", "energy": "eV", "relative_energy": "eV",
               "barrier": "eV", "reverse_barrier": "eV", "saddle_energy": "eV", "final_energy": "eV",
               "eigenvalue": "eV/Å²", "wall_seconds": "s", "rate": "1/s", "ccdf": "fraction ≥ x"}


def unit_of(column):
    if column in NAMED_UNITS:
        return NAMED_UNITS[column]
    for suffix, unit in SUFFIX_UNITS:
        if column.endswith(suffix):
            return unit
    return None


def shown_name(column):
    """The column's name without its unit suffix."""
    return next((column[:-len(s)] for s, _ in SUFFIX_UNITS if column.endswith(s)), column)


def axis_label(column):
    unit = unit_of(column)
    if not unit:
        return f"{column} (unit not stated in the table)"
    return f"{shown_name(column)} ({unit})"


def binned(x, y, width):
    import numpy as np

    if width <= 0:
        return x, y
    index = np.floor(x / width + 1e-6).astype(int)
    keys = np.unique(index)
    return np.array([x[index == k].mean() for k in keys]), np.array([y[index == k].mean() for k in keys])


LINE_STYLES = ["-", "--", ":", "-."]


def draw(ax, t, xname, yname, width, logx, logy, points_only, notes, label_column, style):
    """One table's column yname against xname on ax; returns the two column names used."""
    import numpy as np

    xcol, x = t.column(xname)
    ycol, y = t.column(yname)
    finite = np.isfinite(x) & np.isfinite(y)
    missing = int((~finite).sum())
    label = os.path.basename(t.path) + (f": {t.comment}" if t.comment else "") + (f", {ycol}" if label_column else "")
    if missing:
        label += f" [{missing} row(s) without a number not drawn]"
        notes.append(f"{t.path}: {missing} row(s) of {len(x)} have no finite {xcol} or {ycol}")
    if logx or logy:
        positive = (x > 0 if logx else True) & (y > 0 if logy else True) & finite
        lost = int((finite & ~positive).sum())
        if lost:
            label += f" [{lost} row(s) ≤ 0 off the log axis]"
            notes.append(f"{t.path}: {lost} row(s) with {xcol if logx else ycol} <= 0 cannot be drawn on a"
                         " log axis")
        finite = positive
    order = np.argsort(x[finite], kind="stable") if width > 0 else slice(None)
    bx, by = binned(x[finite][order], y[finite][order], width)
    ax.plot(bx, by, ls="none" if points_only else style.get("ls", "-"), lw=1.0, color=style.get("color"),
            marker="o" if points_only else ("." if len(bx) <= 60 else ""), ms=4 if points_only else 3,
            label=label if style.get("legend", True) else None)
    return xcol, ycol


def plot(tables, xname, ynames, out, width, logx, logy, points_only, same_axes=False):
    import matplotlib.pyplot as plt
    import numpy as np

    panels = [ynames] if same_axes else [[y] for y in ynames]
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.2, 2.2 + 2.4 * len(panels)), sharex=True, squeeze=False)
    notes = []
    for ax, panel in zip(axes[:, 0], panels):
        ycols = []
        for ti, t in enumerate(tables):
            for ci, yname in enumerate(panel):
                # On one axis a table keeps one colour and its columns differ by line style.
                style = {"legend": len(tables) <= 10}
                if same_axes:
                    style.update(color=f"C{ti % 10}", ls=LINE_STYLES[ci % len(LINE_STYLES)])
                xcol, ycol = draw(ax, t, xname, yname, width, logx, logy, points_only, notes, len(panel) > 1, style)
                ycols.append(ycol)
        units = sorted({unit_of(c) or "unit not stated" for c in ycols})
        if len(units) > 1:
            fail(TOOL, f"--same-axes needs columns of one unit; {', '.join(dict.fromkeys(ycols))} have {', '.join(units)}")
        names = list(dict.fromkeys(shown_name(c) for c in ycols))
        label = axis_label(ycols[0]) if len(set(ycols)) == 1 else f"{', '.join(names)} ({units[0]})"
        ax.set_ylabel(label + (f"\nmean over {xcol} bins of {width:g}" if width > 0 else ""), fontsize=8)
        if logy:
            ax.set_yscale("log")
        elif np.nanmin([np.nanmin(t.column(y)[1]) for t in tables for y in panel]) < 0 < np.nanmax(
                [np.nanmax(t.column(y)[1]) for t in tables for y in panel]):
            ax.axhline(0.0, color="0.6", lw=0.8, ls=":")
        if len(tables) <= 10:
            ax.legend(fontsize=6)
    axes[-1, 0].set_xlabel(axis_label(xcol))
    if logx:
        axes[-1, 0].set_xscale("log")
    save(fig, out)
    return notes


def main():
    parser = argparse.ArgumentParser(
        description="Columns of metabasin tables ('#' header or CSV) against each other, chosen by name.")
    parser.add_argument("tables", nargs="+", help="table files (drawn over each other)")
    parser.add_argument("-x", default=None, help="column on the x axis (default: the first column)")
    parser.add_argument("-y", action="append", default=None,
                        help="column on a y axis, repeatable (one panel each; default: the second column)")
    parser.add_argument("--out", help="PNG to write (default: TABLE-Y.png beside the first table)")
    parser.add_argument("--bin", type=float, default=0.0,
                        help="average y over x bins of this width (thermal MD rows scatter; default 0: every row)")
    parser.add_argument("--logx", action="store_true", help="logarithmic x axis")
    parser.add_argument("--logy", action="store_true", help="logarithmic y axes")
    parser.add_argument("--same-axes", action="store_true",
                        help="every -y column on one axis (they must share a unit; e.g. a histogram's density"
                             " and its fitted Gaussian), each table in one colour, its columns by line style")
    parser.add_argument("--points", action="store_true",
                        help="markers only, no lines joining the rows (rows that are not a curve, e.g. a sweep CSV)")
    parser.add_argument("--list", action="store_true", help="print each table's columns with their units and stop")
    args = parser.parse_args()
    if not args.bin >= 0 or math.isinf(args.bin):
        fail(TOOL, f"--bin must be a finite width >= 0, got {args.bin}")

    tables = [read_table(TOOL, p) for p in args.tables]
    if args.list:
        for t in tables:
            print(f"{t.path}: " + ", ".join(f"{c} ({unit_of(c) or '?'})" for c in t.columns))
        return
    first = tables[0]
    xname = args.x or first.columns[0]
    if not args.y and len(first.columns) < 2:
        fail(TOOL, f"'{first.path}' has one column; give -y")
    ynames = args.y or [first.columns[1]]
    use_agg(TOOL)
    out = args.out or os.path.splitext(first.path)[0] + "-" + "-".join(ynames) + ".png"
    if os.path.abspath(out) in {os.path.abspath(t.path) for t in tables}:
        fail(TOOL, f"--out '{out}' is one of the input tables")
    try:
        notes = plot(tables, xname, ynames, out, args.bin, args.logx, args.logy, args.points, args.same_axes)
    except OSError as e:
        fail(TOOL, f"cannot write '{out}': {e}")
    for n in notes:
        print(f"{TOOL}: {n}", file=sys.stderr)
    print(f"{TOOL}: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
