#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Draws the disproportionate factor D.F.(X %) of Liu & Fan (PRL 2021, Eq. 2 and Fig. 4b)
from the JSON that `metabasin hop TRAJ --window K --labels LABELS.dump` prints: D.F. of the
top X % and of the medium X % by p_hop against X, with the band of +-2 chance spreads around
1 that labels dealt at random would stay in (the spread of the top window; the medium one has
the same window size, so the same spread). A point whose label set or window is empty (null
in the JSON) is left out.

Needs Debian's python3-matplotlib and python3-numpy (scripts/install-deps.sh).
"""
import argparse
import json
import math
import os
import sys

from plot_common import fail, fmt, png_out, save, use_agg

TOOL = "plot_disproportion"


def read_curve(path):
    """(percent, top, medium, spread) arrays and the labels file, from hop's JSON (its last
    JSON object, so a log with more lines before it reads too)."""
    import numpy as np

    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist")
    with open(path) as f:
        lines = [line for line in f.read().splitlines() if line.strip().startswith("{")]
    if not lines:
        fail(TOOL, f"'{path}' holds no JSON object: save the output of 'metabasin hop ... --labels L.dump'")
    try:
        j = json.loads(lines[-1])
    except json.JSONDecodeError as e:
        fail(TOOL, f"'{path}': {e}")
    df = j.get("disproportionate_factor")
    if df is None or "curve" not in df:
        fail(TOOL, f"'{path}' has no disproportionate_factor: run 'metabasin hop' with --labels")

    def value(v):
        return math.nan if v is None else float(v)

    curve = df["curve"]
    x = np.array([value(p["percent"]) for p in curve])
    top = np.array([value(p["top"]["factor"]) for p in curve])
    medium = np.array([value(p["medium"]["factor"]) for p in curve])
    spread = np.array([value(p["top"]["chance_spread"]) for p in curve])
    return x, top, medium, spread, df, j


def plot(x, top, medium, spread, df, j, out):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    ok = np.isfinite(spread)
    ax.fill_between(x[ok], np.maximum(1 - 2 * spread[ok], 0), 1 + 2 * spread[ok], color="0.85",
                    label="chance: 1 ± 2 spreads (labels dealt at random)")
    ax.axhline(1.0, color="0.4", lw=1, ls=":")
    for series, colour, name in ((top, "tab:red", "top"), (medium, "tab:blue", "medium")):
        shown = np.isfinite(series)
        ax.plot(x[shown], series[shown], "o-", ms=4, color=colour,
                label=f"{name} X % by p_hop (max {fmt(float(np.nanmax(series)) if shown.any() else math.nan)})")
    ax.set_xscale("log")
    ax.set_xticks([1, 2, 5, 10, 20, 50, 100])
    ax.set_xticklabels(["1", "2", "5", "10", "20", "50", "100"])
    ax.set_xlim(0.9, 110)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("X (%)")
    ax.set_ylabel("D.F.(X %) (dimensionless)")
    ax.set_title(f"Disproportionate factor: {j.get('atoms', '?')} atoms, {df.get('atoms_in_events', '?')} "
                 f"in events; p_hop window {j.get('window', '?')} frames", fontsize=9)
    ax.legend(fontsize=8, loc="upper right")
    save(fig, out)


def main():
    parser = argparse.ArgumentParser(description="D.F.(X %) of the top and medium p_hop windows (Liu & Fan Eq. 2) "
                                                 "from the JSON of 'metabasin hop --labels'.")
    parser.add_argument("json", help="HOP.json (the output of metabasin hop ... --labels LABELS.dump)")
    parser.add_argument("--out", help="PNG (default: HOP.png)")
    args = parser.parse_args()
    use_agg(TOOL)
    x, top, medium, spread, df, j = read_curve(args.json)
    out = png_out(TOOL, args.out, [args.json])
    try:
        plot(x, top, medium, spread, df, j, out)
    except OSError as e:
        fail(TOOL, f"cannot write the plot: {e}")
    best = max((v, p) for v, p in zip(top, x) if math.isfinite(v)) if any(map(math.isfinite, top)) else None
    if best:
        print(f"{TOOL}: largest top-window D.F. {best[0]!r} at X = {best[1]!r} %", file=sys.stderr)
    print(f"{TOOL}: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
