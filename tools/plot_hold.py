#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Stress relaxation at a held strain, MD against KMC (docs/how-to.md, "Check a KMC setup
against MD at a fixed strain"): each group of replicas (`task: age` tables of MD, `task: kmc`
tables with kmc.hold_time, or any table with a time and a shear-stress column) is binned in
log time; a replica's value in a bin is its mean over the rows in the bin, and the group's is
the mean over its replicas with the standard error (drawn only where two or more replicas
have rows in the bin). Writes the figure and, with --csv, the numbers; prints them too.

Columns: time from `time_ps` or `time_s` (shown in ps), stress from `shear_stress_IS_GPa` or
`shear_stress_GPa` (the inherent structures' for both tasks), or those named by --time and
--stress. Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import csv
import io
import math
import os
import sys

from plot_common import fail, fmt, png_out, read_table, save, use_agg

TOOL = "plot_hold"
# Known columns and the factor to ps or GPa.
TIME_COLUMNS = {"time_ps": 1.0, "time_s": 1e12}
STRESS_COLUMNS = {"shear_stress_IS_GPa": 1.0, "shear_stress_GPa": 1.0}


def pick(table, wanted, known, what):
    """(name, factor) of the column to use: --time/--stress if given, else the first known one present."""
    if wanted:
        if wanted not in table.columns:
            fail(TOOL, f"'{table.path}' has no column '{wanted}'; its columns are: {' '.join(table.columns)}")
        return wanted, known.get(wanted, 1.0)
    for name, factor in known.items():
        if name in table.columns:
            return name, factor
    fail(TOOL, f"'{table.path}' has no {what} column ({' or '.join(known)}); its columns are: "
               f"{' '.join(table.columns)}; name one with --{what}")


def replica(path, time_column, stress_column):
    """(times in ps, stresses in GPa) of one table, the rows whose values are finite."""
    t = read_table(TOOL, path)
    tname, factor = pick(t, time_column, TIME_COLUMNS, "time")
    sname, _ = pick(t, stress_column, STRESS_COLUMNS, "stress")
    _, times = t.column(tname)
    _, stress = t.column(sname)
    rows = [(a * factor, b) for a, b in zip(times, stress) if math.isfinite(a) and math.isfinite(b)]
    if not rows:
        fail(TOOL, f"'{path}' has no row with a finite {tname} and {sname}")
    return [r[0] for r in rows], [r[1] for r in rows]


def log_edges(runs, per_decade):
    """Bin edges (ps) from the first positive time to the last, per_decade to a decade; time 0
    (the start) gets a bin of its own."""
    positive = [x for times, _ in runs for x in times if x > 0]
    if not positive:
        fail(TOOL, "no row has a time > 0: nothing to bin in log time")
    lo, hi = math.log10(min(positive)), math.log10(max(positive))
    n = max(1, math.ceil((hi - lo) * per_decade - 1e-9))
    step = (hi - lo) / n if hi > lo else 1.0
    # The last edge a little past the last time, so the last row falls inside.
    edges = [10 ** (lo + k * step) for k in range(n + 1)]
    edges[0] *= 1 - 1e-9
    edges[-1] *= 1 + 1e-9
    return edges


def binned(runs, edges):
    """Rows (lo, hi, mid, replicas, mean, se) for t = 0 and each bin [lo, hi) that holds rows."""
    out = []
    bins = [(0.0, 0.0)] + list(zip(edges, edges[1:]))
    for lo, hi in bins:
        means = []
        for times, stress in runs:
            v = [s for x, s in zip(times, stress) if (x == 0.0 if hi == 0.0 else lo <= x < hi)]
            if v:
                means.append(sum(v) / len(v))
        if not means:
            continue
        m = sum(means) / len(means)
        se = (math.sqrt(sum((x - m) ** 2 for x in means) / (len(means) - 1) / len(means))
              if len(means) > 1 else math.nan)
        out.append((lo, hi, math.sqrt(lo * hi), len(means), m, se))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--group", nargs="+", action="append", required=True, metavar=("LABEL", "TABLE"),
                    help="a label, then the tables of its replicas (repeat for each group: MD, each KMC setting)")
    ap.add_argument("--per-decade", type=float, default=3.0, help="log-time bins per decade (default 3)")
    ap.add_argument("--bins", help="bin edges in ps instead, comma-separated and increasing (e.g. 1,10,30,100)")
    ap.add_argument("--time", help="time column (default time_ps, else time_s)")
    ap.add_argument("--stress", help="stress column (default shear_stress_IS_GPa, else shear_stress_GPa)")
    ap.add_argument("--csv", help="write the binned values here")
    ap.add_argument("-o", "--out", help="PNG file (default: the first table with .png)")
    a = ap.parse_args()
    for g in a.group:
        if len(g) < 2:
            fail(TOOL, f"--group '{g[0]}' names no table (--group LABEL TABLE [TABLE ...])")
    tables = [p for g in a.group for p in g[1:]]
    if not (a.per_decade > 0 and math.isfinite(a.per_decade)):
        fail(TOOL, f"--per-decade must be a positive number (got {a.per_decade})")
    out = png_out(TOOL, a.out, tables)
    if a.csv and any(os.path.exists(p) and os.path.exists(a.csv) and os.path.samefile(a.csv, p)
                     for p in tables + [out]):
        fail(TOOL, f"--csv '{a.csv}' is one of the inputs or the figure; choose another file")
    groups = [(g[0], [replica(p, a.time, a.stress) for p in g[1:]]) for g in a.group]
    if a.bins:
        try:
            edges = [float(x) for x in a.bins.split(",")]
        except ValueError:
            fail(TOOL, f"--bins '{a.bins}': expected numbers separated by commas")
        if len(edges) < 2 or any(not (x > 0 and math.isfinite(x)) for x in edges) or sorted(set(edges)) != edges:
            fail(TOOL, f"--bins '{a.bins}': expected two or more positive, increasing edges (ps)")
    else:
        edges = log_edges([r for _, runs in groups for r in runs], a.per_decade)

    use_agg(TOOL)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.8))
    lines = [["group", "t_lo_ps", "t_hi_ps", "t_mid_ps", "replicas", "stress_GPa", "stress_se_GPa"]]
    for k, (label, runs) in enumerate(groups):
        rows = binned(runs, edges)
        for lo, hi, mid, n, m, se in rows:
            lines.append([label, f"{lo:.6g}", f"{hi:.6g}", f"{mid:.6g}", n, f"{m:.6g}", "" if math.isnan(se) else f"{se:.6g}"])
        start = [r for r in rows if r[1] == 0.0]
        later = [r for r in rows if r[1] > 0.0]
        colour = f"C{k % 10}"
        ax.errorbar([r[2] for r in later], [r[4] for r in later],
                    yerr=[0.0 if math.isnan(r[5]) else r[5] for r in later], color=colour, marker="o", ms=4,
                    capsize=2, label=f"{label} ({len(runs)} replica{'s' if len(runs) > 1 else ''})")
        # A bin that only some replicas reach (a run stopped early) is the mean of those: open symbol.
        partial = [r for r in later if r[3] < len(runs)]
        ax.plot([r[2] for r in partial], [r[4] for r in partial], "o", ms=7, mfc="white", mec=colour, zorder=3)
        if start:
            ax.axhline(start[0][4], color=colour, ls=":", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("time held (ps; points at the geometric middle of each bin)")
    ax.set_ylabel("shear stress of the inherent structures (GPa)")
    ax.set_title("held strain: mean over replicas of each replica's bin mean, ± SE\n"
                 "(dotted: each group's value at t = 0; open: a bin not every replica reaches)", fontsize=9)
    ax.axhline(0.0, color="0.6", lw=0.5)
    ax.legend(fontsize=8)
    save(fig, out)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)  # a label with a comma is quoted
    text = buffer.getvalue()
    print(text, end="")
    if a.csv:
        with open(a.csv, "w") as f:
            f.write(text)
    print(f"{TOOL}: wrote {out}" + (f" and {a.csv}" if a.csv else "") + f" ({len(edges) - 1} bins, edges {fmt(edges[0])}"
          f"–{fmt(edges[-1])} ps)", file=sys.stderr)


if __name__ == "__main__":
    main()
