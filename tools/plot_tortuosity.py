#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Draws the tortuosity of minimum energy paths (Liu & Fan, Fig. 3c) from the table that
`task: tortuosity` writes (output.table, docs/formats.md): the contour length C of each path
against its end-to-end length L on logarithmic axes, one colour per strain, with the line
C = L of a straight path and the fit C = a L^delta of each strain's converged paths (least
squares of ln C on ln L, the task's own fit); beside it the C/L distribution per strain.
Paths whose band did not converge are drawn hollow and left out of the fits, and counted.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import csv
import math
import os
import sys

from plot_common import fail, fmt, png_out, save, use_agg

TOOL = "plot_tortuosity"
COLUMNS = ("saddle", "strain", "contour_length_A", "end_to_end_A", "ratio", "outcome")


def read_paths(path):
    """{strain: {"L", "C", "ratio", "converged"}} from the task's CSV, strains in file order."""
    import numpy as np

    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
        header = f.name
    if not rows:
        fail(TOOL, f"'{header}' holds no path (a table of task tortuosity has a header and one row per path)")
    missing = [c for c in COLUMNS if c not in rows[0]]
    if missing:
        fail(TOOL, f"'{path}' lacks the column(s) {', '.join(missing)}: is it the output.table of task tortuosity?")
    by_strain = {}
    try:
        for r in rows:
            at = by_strain.setdefault(float(r["strain"]), {"L": [], "C": [], "ratio": [], "converged": []})
            at["L"].append(float(r["end_to_end_A"]))
            at["C"].append(float(r["contour_length_A"]))
            at["ratio"].append(float(r["ratio"]))
            at["converged"].append(r["outcome"] == "converged")
    except ValueError as e:
        fail(TOOL, f"'{path}': {e}")
    return {g: {k: np.asarray(v) for k, v in at.items()} for g, at in by_strain.items()}


def power_fit(l, c):
    """(delta, its standard error, a) of ln C = ln a + delta ln L; NaN where undetermined."""
    import numpy as np

    ok = (l > 0) & (c > 0) & np.isfinite(l) & np.isfinite(c)
    x, y = np.log(l[ok]), np.log(c[ok])
    if x.size < 2 or np.ptp(x) == 0:
        return math.nan, math.nan, math.nan
    sxx = ((x - x.mean()) ** 2).sum()
    delta = ((x - x.mean()) * (y - y.mean())).sum() / sxx
    intercept = y.mean() - delta * x.mean()
    se = math.sqrt(((y - intercept - delta * x) ** 2).sum() / (x.size - 2) / sxx) if x.size > 2 else math.nan
    return delta, se, math.exp(intercept)


def plot(paths, out, name):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import FormatStrFormatter

    fig, (ax, hist) = plt.subplots(1, 2, figsize=(11.0, 4.6), gridspec_kw={"width_ratios": [1.25, 1]})
    colours = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown"]
    # The axes span the converged paths: a band that ran away can be metres long.
    shown = [p for p in paths.values() if p["converged"].any()] or list(paths.values())
    key = [(p["L"][p["converged"]] if p["converged"].any() else p["L"]) for p in shown]
    every_l = np.concatenate(key)
    every_c = np.concatenate([(p["C"][p["converged"]] if p["converged"].any() else p["C"]) for p in shown])
    lo, hi = max(every_l[every_l > 0].min(), 1e-6) / 1.3, every_l.max() * 1.3
    top = max(every_c.max(), hi) * 1.3
    ax.plot([lo, hi], [lo, hi], color="0.5", lw=1, ls=":", label="C = L (straight path)")
    ratios = np.concatenate([p["ratio"][p["converged"]] for p in paths.values()])
    edges = np.linspace(1.0, max(ratios.max() if ratios.size else 2.0, 1.0 + 1e-3) * 1.02, 25)
    fits = []
    for k, (g, p) in enumerate(paths.items()):
        colour = colours[k % len(colours)]
        ok = p["converged"]
        delta, se, a = power_fit(p["L"][ok], p["C"][ok])
        fits.append((g, int(ok.sum()), int((~ok).sum()), delta, se))
        label = f"γ = {fmt(g)}: {ok.sum()} paths"
        if (~ok).any():
            outside = int(((p["L"][~ok] > hi) | (p["C"][~ok] > top) | (p["L"][~ok] < lo)).sum())
            label += f" (+{(~ok).sum()} not converged, hollow" + (f"; {outside} off the axes)" if outside else ")")
        ax.scatter(p["L"][ok], p["C"][ok], s=18, color=colour, label=label, zorder=3)
        ax.scatter(p["L"][~ok], p["C"][~ok], s=18, facecolors="none", edgecolors=colour, zorder=3)
        if np.isfinite(delta):
            grid = np.geomspace(p["L"][ok].min(), p["L"][ok].max(), 50)
            se_text = f" ± {fmt(se, 2)}" if np.isfinite(se) else ""
            ax.plot(grid, a * grid ** delta, color=colour, lw=1.3,
                    label=f"fit $C = {fmt(a)}\\,L^{{\\delta}}$, δ = {fmt(delta)}{se_text}")
        if ok.any():
            hist.hist(p["ratio"][ok], bins=edges, histtype="step", lw=1.6, color=colour,
                      label=f"γ = {fmt(g)}: median {fmt(float(np.median(p['ratio'][ok])))}, "
                            f"max {fmt(float(p['ratio'][ok].max()))}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, top)
    for axis in (ax.xaxis, ax.yaxis):  # plain numbers: the paths span about a decade
        axis.set_major_formatter(FormatStrFormatter("%g"))
        axis.set_minor_formatter(FormatStrFormatter("%g"))
    ax.set_xlabel("end-to-end length L (Å, configuration space)")
    ax.set_ylabel("contour length C (Å, configuration space)")
    ax.set_title(f"Minimum energy paths of {name}", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    hist.set_xlabel("tortuosity C/L (dimensionless)")
    hist.set_ylabel(f"paths per {fmt(edges[1] - edges[0], 2)} bin (count)")
    hist.yaxis.get_major_locator().set_params(integer=True)
    hist.set_title("C/L distribution (converged paths)", fontsize=9)
    if ratios.size:
        hist.legend(fontsize=7, loc="upper right")
    save(fig, out)
    return fits


def main():
    parser = argparse.ArgumentParser(description="C against L, the fit C ~ L^delta and the C/L distribution of "
                                                 "the paths of metabasin task tortuosity (its output.table).")
    parser.add_argument("table", help="TABLE.csv (output.table of task tortuosity)")
    parser.add_argument("--out", help="PNG (default: TABLE.png)")
    args = parser.parse_args()
    use_agg(TOOL)
    paths = read_paths(args.table)
    out = png_out(TOOL, args.out, [args.table])
    try:
        fits = plot(paths, out, os.path.basename(args.table))
    except OSError as e:
        fail(TOOL, f"cannot write the plot: {e}")
    for g, converged, failed, delta, se in fits:
        print(f"{TOOL}: strain {g!r}: {converged} converged path(s), {failed} not converged, "
              f"delta {delta!r} +- {se!r}", file=sys.stderr)
    print(f"{TOOL}: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
