#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots what `metabasin nadm` wrote: a heat map of the nonaffine distance matrix
Delta2(g1, g2) and the ASNaD curves delta2(g, xi).

Needs Debian's python3-matplotlib and python3-h5py (scripts/install-deps.sh).
"""
import argparse
import os
import sys

from plot_common import fail, open_metabasin_h5, save, text, use_agg


TOOL = "plot_nadm"


def read_nadm(path):
    import numpy as np

    with open_metabasin_h5(TOOL, path, "metabasin-nadm", "metabasin nadm") as f:
        try:
            data = {
                "strain": np.asarray(f["/nadm/strain"]),
                "delta2": np.asarray(f["/nadm/delta2"]),
                "atoms": len(f["/nadm/atom_ids"]),
                "xi": np.asarray(f["/asnad/xi"]),
                "lapse": np.asarray(f["/asnad/strain_lapse"]),
                "asnad": np.asarray(f["/asnad/delta2"]),
                "sequence": text(f.attrs.get("sequence", "")),
            }
        except KeyError as e:
            fail(TOOL, f"'{path}': missing {e} (corrupt, or not written by metabasin nadm)")
    n = len(data["strain"])
    if data["delta2"].shape != (n, n) or data["asnad"].shape != (len(data["xi"]), n):
        fail(TOOL, f"'{path}': /nadm/delta2 or /asnad/delta2 does not match /nadm/strain")
    return data


def plot_matrix(data, out, log):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LogNorm

    g = data["strain"]
    d2 = data["delta2"]
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    norm = None
    shown = d2
    if log:
        positive = d2[d2 > 0]
        if positive.size:
            shown = np.where(d2 > 0, d2, np.nan)  # the zero diagonal has no logarithm
            norm = LogNorm(vmin=positive.min(), vmax=positive.max())
    # Row i of the matrix is g1 = strain[i] (the reference), column j is g2.
    image = ax.imshow(shown, origin="lower", extent=[g[0], g[-1], g[0], g[-1]], aspect="auto",
                      cmap="viridis", norm=norm, interpolation="nearest")
    ax.set_xlabel(r"$\gamma''$ (strain of $R(\gamma'')$)")
    ax.set_ylabel(r"$\gamma'$ (reference strain)")
    ax.set_title(rf"NaDM $\Delta^2(\gamma',\gamma'')$, {data['atoms']} atoms")
    fig.colorbar(image, ax=ax, label=r"$\Delta^2$ (Å$^2$)")
    save(fig, out)


def plot_asnad(data, out):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for k, xi in enumerate(data["xi"]):
        ax.plot(data["strain"], data["asnad"][k], lw=1.0, label=rf"$\xi$ = {data['lapse'][k]:.4g}")
    ax.set_xlabel(r"strain $\gamma$")
    ax.set_ylabel(r"ASNaD $\delta^2(\gamma,\xi)$ (Å$^2$)")
    if len(data["xi"]):
        ax.legend()
    else:
        ax.text(0.5, 0.5, "no ASNaD curves (metabasin nadm --xi X)", ha="center", transform=ax.transAxes)
    save(fig, out)


def main():
    parser = argparse.ArgumentParser(
        description="Heat map of the NaDM and plot of the ASNaD curves from a `metabasin nadm` file.")
    parser.add_argument("nadm", help="NADM.h5 written by metabasin nadm")
    parser.add_argument("--matrix", help="PNG of the matrix (default: NADM-matrix.png beside the input)")
    parser.add_argument("--asnad", help="PNG of the ASNaD curves (default: NADM-asnad.png beside the input)")
    parser.add_argument("--log", action="store_true", help="logarithmic colour scale for the matrix")
    args = parser.parse_args()

    use_agg(TOOL)
    data = read_nadm(args.nadm)
    stem = os.path.splitext(args.nadm)[0]
    matrix_png = args.matrix or stem + "-matrix.png"
    asnad_png = args.asnad or stem + "-asnad.png"
    try:
        plot_matrix(data, matrix_png, args.log)
        plot_asnad(data, asnad_png)
    except OSError as e:
        fail(TOOL, f"cannot write the plots: {e}")
    print(f"plot_nadm: wrote {matrix_png} and {asnad_png}", file=sys.stderr)


if __name__ == "__main__":
    main()
