#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Draws the distributions of extreme local strains, eta_xr / <eta>, of one or more runs
(Cao-Short-Yip Fig. 3C: one distribution per strain rate) with their fitted GEV densities,
from what `metabasin extremes TRAJ --cutoff R --out BLOCKS.csv > RUN.json` leaves: the JSON
(the fit; its "output" names the CSV of the extremes). Each run's histogram is drawn as
points, its GEV density as a line over the range of its data, the fitted mode marked.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import csv
import json
import math
import os

from plot_common import fail, png_out, save, use_agg

TOOL = "plot_extremes"


def read_run(path):
    """(the extremes JSON, the ratios of its CSV)."""
    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist")
    lines = [l for l in open(path).read().splitlines() if l.strip()]
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {}
    if result.get("command") != "extremes":
        fail(TOOL, f"'{path}' is not the JSON of metabasin extremes (save its stdout: ... > RUN.json)")
    table = result.get("output")
    if not table:
        fail(TOOL, f"'{path}': the run wrote no CSV; run metabasin extremes with --out BLOCKS.csv")
    if not os.path.isabs(table) and not os.path.exists(table):
        table = os.path.join(os.path.dirname(path), table)
    if not os.path.exists(table):
        fail(TOOL, f"'{path}': its extremes CSV '{result['output']}' does not exist")
    with open(table, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "ratio" not in rows[0]:
        fail(TOOL, f"'{table}' is not an extremes CSV (no 'ratio' column)")
    ratios = [float(r["ratio"]) for r in rows if r["ratio"] not in ("", "nan")]
    return result, ratios


def gev_density(x, shape, location, scale):
    z = (x - location) / scale
    if abs(shape) < 1e-7:
        t = math.exp(-z)
    else:
        base = 1.0 + shape * z
        if base <= 0.0:
            return 0.0
        t = base ** (-1.0 / shape)
    return t ** (shape + 1.0) * math.exp(-t) / scale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("json", nargs="+", help="JSON outputs of metabasin extremes (with --out)")
    ap.add_argument("--label", action="append", help="legend label per run, in order (e.g. the strain rate)")
    ap.add_argument("--bins", type=int, default=30, help="histogram bins (default 30)")
    ap.add_argument("-o", "--out", help="PNG file (default: the first JSON with .png)")
    a = ap.parse_args()
    if a.label and len(a.label) != len(a.json):
        fail(TOOL, f"{len(a.label)} --label for {len(a.json)} runs")
    out = png_out(TOOL, a.out, a.json)
    use_agg(TOOL)
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6.5, 5))
    for k, path in enumerate(a.json):
        result, ratios = read_run(path)
        label = a.label[k] if a.label else os.path.basename(path)
        density, edges = np.histogram(ratios, bins=a.bins, density=True)
        centres = 0.5 * (edges[1:] + edges[:-1])
        pts = ax.plot(centres, density, "o", ms=4, label=f"{label}: {len(ratios)} extremes, {result['blocks']} blocks")
        fit = result.get("fit")
        if fit:
            xs = np.linspace(min(ratios), max(ratios), 300)
            ax.plot(xs, [gev_density(x, fit["shape"], fit["location"], fit["scale"]) for x in xs], "-",
                    color=pts[0].get_color(),
                    label=f"{label}: GEV ξ = {fit['shape']:.2f}, mode {fit['mode']:.1f}, KS p = {fit['ks_p_value']:.2g}")
            ax.axvline(fit["mode"], color=pts[0].get_color(), ls=":", lw=1)
        else:
            print(f"{TOOL}: {path}: no GEV fit ({result.get('fit_warning', 'none reported')}); histogram only")
    ax.set_xlabel("extreme local strain over the block mean, η_xr / ⟨η⟩ (dimensionless)")
    ax.set_ylabel("probability density (per unit ratio)")
    ax.set_title("block maxima of the local shear strain")
    ax.legend(fontsize=7)
    save(fig, out)
    print(out)


if __name__ == "__main__":
    main()
