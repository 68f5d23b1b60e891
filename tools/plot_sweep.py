#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots what `metabasin sweep` wrote (output.hdf5): the steady-state flow stress against the
strain rate on log-log axes (thermal and inherent-structure flow stress, the inherent-structure
peak stress, the fits), as in Fig. 2A of Cao, Short & Yip (2019), and every run's
stress-strain curve.

Needs Debian's python3-matplotlib and python3-h5py (scripts/install-deps.sh).
"""
import argparse
import os
import sys

from plot_common import fail, open_metabasin_h5, save, text, use_agg

TOOL = "plot_sweep"


def read_sweep(path):
    import numpy as np

    with open_metabasin_h5(TOOL, path, "metabasin-sweep", "metabasin sweep (output.hdf5)") as f:
        try:
            points = {key: np.asarray(f["/points/" + key], dtype=float)
                      for key in ("rate", "flow_stress", "flow_stress_sem")}
            points["method"] = [text(m) for m in f["/points/method"]]
            # Written by newer versions only: NaN when absent.
            for key in ("flow_stress_inherent", "peak_stress_inherent"):
                points[key] = (np.asarray(f["/points/" + key], dtype=float) if "/points/" + key in f
                               else np.full(len(points["rate"]), np.nan))
            fits = {key: float(value) for key, value in f["/fits"].attrs.items()}
            curves = []
            for name, group in f["/curves"].items():
                curves.append((name, float(group.attrs.get("rate", np.nan)),
                               np.asarray(group["strain"]), np.asarray(group["shear_stress"])))
        except KeyError as e:
            fail(TOOL, f"'{path}': missing {e} (corrupt, or not written by metabasin sweep)")
        temperature = float(f.attrs.get("temperature_K", np.nan))
    if any(len(points[k]) != len(points["rate"]) for k in points):
        fail(TOOL, f"'{path}': the /points datasets differ in length")
    return points, fits, curves, temperature


def plot_flow(points, fits, temperature, out):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    rate = points["rate"]
    methods = sorted(set(points["method"]))
    markers = {"shear": "o", "metadynamics": "D", "kmc": "s"}
    for method in methods:
        pick = np.array([m == method for m in points["method"]])
        # Log axes: only positive stresses can be drawn.
        shown = pick & (points["flow_stress"] > 0)
        ax.errorbar(rate[shown], points["flow_stress"][shown], yerr=np.nan_to_num(points["flow_stress_sem"][shown]),
                    fmt=markers.get(method, "^"), label=f"{method}: flow stress", capsize=3)
        shown = pick & (points["flow_stress_inherent"] > 0)
        if shown.any():
            ax.plot(rate[shown], points["flow_stress_inherent"][shown], markers.get(method, "^"), mfc="none",
                    label=f"{method}: flow stress, inherent structures")
        shown = pick & (points["peak_stress_inherent"] > 0)
        if shown.any():
            ax.plot(rate[shown], points["peak_stress_inherent"][shown], "x", label=f"{method}: peak, inherent structures")
    finite = rate[np.isfinite(rate) & (rate > 0)]
    if finite.size:
        grid = np.logspace(np.log10(finite.min()) - 0.5, np.log10(finite.max()) + 0.5, 200)
        a, b = fits.get("asinh_A", np.nan), fits.get("asinh_B", np.nan)
        if np.isfinite(a) and np.isfinite(b) and b > 0:
            ax.plot(grid, a * np.arcsinh(grid / b), "-", lw=1, label=rf"$A\,\sinh^{{-1}}(\dot\gamma/B)$, B = {b:.3g} 1/s")
        tc, c, d = (fits.get(k, np.nan) for k in ("log_power_tau_c", "log_power_C", "log_power_D"))
        if all(np.isfinite(v) for v in (tc, c, d)) and d > 0:
            high = grid[grid < d]
            ax.plot(high, tc - c * np.log(d / high) ** (2.0 / 3.0), "--", lw=1,
                    label=r"$\tau_c - C\,[\ln(D/\dot\gamma)]^{2/3}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"strain rate $\dot\gamma$ (1/s)")
    ax.set_ylabel(r"$\tau$ (GPa)")
    title = "steady-state flow stress"
    if np.isfinite(temperature):
        title += f" at {temperature:g} K"
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7)
    else:
        ax.text(0.5, 0.5, "no positive flow stress to draw", ha="center", transform=ax.transAxes)
    save(fig, out)


def binned(strain, stress, width):
    """Mean stress over strain bins of `width` (thermal MD tables scatter by tenths of a GPa
    from row to row at slow rates); the curve as it is for width 0."""
    import numpy as np

    if width <= 0 or len(strain) == 0:
        return strain, stress
    index = np.floor(np.asarray(strain) / width + 1e-6).astype(int)
    keys = np.unique(index)
    return (np.array([strain[index == k].mean() for k in keys]),
            np.array([stress[index == k].mean() for k in keys]))


def plot_curves(curves, out, width):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import colormaps

    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    rates = [r for _, r, _, _ in curves if np.isfinite(r) and r > 0]
    lo, hi = (np.log10(min(rates)), np.log10(max(rates))) if rates else (0.0, 1.0)
    cmap = colormaps["viridis"]
    for name, rate, strain, stress in curves:
        shade = 0.5 if hi == lo or not np.isfinite(rate) or rate <= 0 else (np.log10(rate) - lo) / (hi - lo)
        ax.plot(*binned(strain, stress, width), lw=0.9, color=cmap(shade), label=f"{name}")
    ax.set_xlabel(r"shear strain $\gamma$")
    ax.set_ylabel(r"$\tau$ (GPa)" + (f", mean over strain bins of {width:g}" if width > 0 else ""))
    if len(curves) <= 12:
        ax.legend(fontsize=6)
    save(fig, out)


def main():
    parser = argparse.ArgumentParser(
        description="Flow stress against strain rate, and the stress-strain curves, from a `metabasin sweep` HDF5 file.")
    parser.add_argument("sweep", help="SWEEP.h5 written by metabasin sweep (output.hdf5)")
    parser.add_argument("--flow", help="PNG of the flow stress (default: SWEEP-flow.png beside the input)")
    parser.add_argument("--curves", help="PNG of the stress-strain curves (default: SWEEP-curves.png beside the input)")
    parser.add_argument("--bin", type=float, default=0.005,
                        help="strain width over which each curve is averaged (default 0.005; 0: every row)")
    args = parser.parse_args()
    if not args.bin >= 0:
        fail(TOOL, f"--bin must be a strain width >= 0, got {args.bin}")

    use_agg(TOOL)
    points, fits, curves, temperature = read_sweep(args.sweep)
    stem = os.path.splitext(args.sweep)[0]
    flow_png = args.flow or stem + "-flow.png"
    curves_png = args.curves or stem + "-curves.png"
    try:
        plot_flow(points, fits, temperature, flow_png)
        plot_curves(curves, curves_png, args.bin)
    except OSError as e:
        fail(TOOL, f"cannot write the plots: {e}")
    print(f"{TOOL}: wrote {flow_png} and {curves_png}", file=sys.stderr)


if __name__ == "__main__":
    main()
