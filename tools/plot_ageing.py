#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Draws what `metabasin ageing ... --out PREFIX` wrote: the maps of Liu-Fan Fig. 2a over
(E_IS, T) -- the ageing rate -Phi with and without strain, the boost f = Phi^L / Phi^0 and the
mean inherent-structure shear stress of the strained entries -- and Fig. 2b, f against the
stress with the fit f = kappa* cosh(tau V_act / k_B T) drawn over each temperature's fitted
stresses only, beside the normalised f / kappa* against x = tau V_act / k_B T with cosh(x).

Reads PREFIX-maps.csv and PREFIX.json; writes PREFIX-maps.png and PREFIX-boost.png (or the
files --maps and --boost name). Empty bins are grey; bins whose E_IS rose on average show as
negative ageing rates (blue) and have no boost. Needs Debian's python3-matplotlib and
python3-numpy (scripts/install-deps.sh).
"""
import argparse
import csv
import json
import math
import os

from plot_common import fail, fmt, save, use_agg

TOOL = "plot_ageing"
KB = 8.617343e-5  # eV/K, LAMMPS metal units
GPA_A3_PER_EV = 160.21765  # 1 eV/A^3 in GPa
PER_PS_TO_PER_NS = 1e3 * 1e3  # eV/atom/ps -> meV/atom/ns

MAP_COLUMNS = ["T_K", "E_IS_per_atom_low_eV", "E_IS_per_atom_high_eV", "phi_strained_eV_per_atom_ps",
               "phi_unstrained_eV_per_atom_ps", "stress_GPa", "boost", "boost_se", "boost_use"]


def read_maps(path):
    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist; write it with metabasin ageing ... --out PREFIX")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        fail(TOOL, f"'{path}' holds no bins")
    missing = [c for c in MAP_COLUMNS if c not in rows[0]]
    if missing:
        fail(TOOL, f"'{path}' has no column(s) {', '.join(missing)}: not a metabasin ageing map")
    return rows


def read_result(path):
    if not os.path.exists(path):
        fail(TOOL, f"'{path}' does not exist; write it with metabasin ageing ... --out PREFIX")
    with open(path) as f:
        try:
            j = json.load(f)
        except json.JSONDecodeError as e:
            fail(TOOL, f"'{path}' is not JSON ({e})")
    if j.get("command") != "ageing":
        fail(TOOL, f"'{path}' is not the JSON of metabasin ageing")
    return j


def grid(rows, column, scale=1.0):
    """The column as a [T, E] array (NaN where empty), with the T and E edges."""
    import numpy as np

    temps = sorted({float(r["T_K"]) for r in rows})
    lows = sorted({float(r["E_IS_per_atom_low_eV"]) for r in rows})
    high = max(float(r["E_IS_per_atom_high_eV"]) for r in rows)
    z = np.full((len(temps), len(lows)), np.nan)
    for r in rows:
        v = float(r[column]) if r[column] != "" else math.nan
        z[temps.index(float(r["T_K"])), lows.index(float(r["E_IS_per_atom_low_eV"]))] = v * scale
    t = np.array(temps)
    mids = (t[1:] + t[:-1]) / 2 if len(t) > 1 else np.array([])
    step = (t[1] - t[0]) if len(t) > 1 else 50.0
    t_edges = np.concatenate([[t[0] - (mids[0] - t[0] if len(t) > 1 else step / 2)], mids,
                              [t[-1] + (t[-1] - mids[-1] if len(t) > 1 else step / 2)]])
    return z, np.array(lows + [high]), t_edges, temps


def heat_map(fig, ax, rows, column, scale, title, label, cmap, norm=None):
    import numpy as np
    from matplotlib.colors import LogNorm, SymLogNorm
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    z, e_edges, t_edges, temps = grid(rows, column, scale)
    ax.set_facecolor("0.85")  # empty bins
    mesh = ax.pcolormesh(e_edges, t_edges, np.ma.masked_invalid(z), cmap=cmap, norm=norm, shading="flat")
    bar = fig.colorbar(mesh, ax=ax, label=label)
    if isinstance(norm, LogNorm):
        # Plain numbers at 1, 2, 5 per decade (not 2 x 10^0), no crowded minor labels.
        bar.ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
        bar.ax.yaxis.set_minor_formatter(NullFormatter())
    elif isinstance(norm, SymLogNorm):
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
    ax.set_yticks(temps)
    ax.set_xlabel("E_IS (eV/atom)")
    ax.set_ylabel("T (K)")
    ax.set_title(title, fontsize=10)
    ax.ticklabel_format(axis="x", useOffset=False)
    for tick in ax.get_xticklabels():
        tick.set_rotation(30)


def draw_maps(rows, result, out):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LogNorm, SymLogNorm

    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    rate_cols = ["phi_strained_eV_per_atom_ps", "phi_unstrained_eV_per_atom_ps"]
    rates = [grid(rows, c, -PER_PS_TO_PER_NS)[0] for c in rate_cols]
    values = np.abs(np.concatenate([r[np.isfinite(r)] for r in rates]))
    top = float(values.max()) if values.size and values.max() > 0 else 1.0
    # One diverging scale for both rate maps: red ages, blue rose, white none; symmetric-log,
    # since a few pixels of the fast first picoseconds age a hundred times faster than the rest.
    small = values[values > 0]
    linear = max(float(np.percentile(small, 10)) if small.size else top, top * 1e-3)
    rate_norm = SymLogNorm(linthresh=linear, vmin=-top, vmax=top, base=10)
    strain = result.get("strain", 0.0)
    for ax, col, name in zip(axes[0], rate_cols, [f"strained (γ = {fmt(strain)})", "unstrained"]):
        heat_map(fig, ax, rows, col, -PER_PS_TO_PER_NS, f"ageing rate −Φ, {name}", "−Φ (meV/atom/ns, symmetric log)", "RdBu_r",
                 rate_norm)
    boost, *_ = grid(rows, "boost")
    positive = boost[np.isfinite(boost) & (boost > 0)]
    if positive.size:
        lo, hi = float(positive.min()), float(positive.max())
        norm = LogNorm(vmin=lo, vmax=hi if hi > lo else lo * 1.01)
        heat_map(fig, axes[1][0], [dict(r, boost=(r["boost"] if float(r["boost"]) > 0 else "nan")) for r in rows],
                 "boost", 1.0, r"boost $f = \Phi^L / \Phi^0$ (bins where both age)", "f (log scale)", "viridis", norm)
    else:
        axes[1][0].text(0.5, 0.5, "no bin has a positive boost", ha="center", transform=axes[1][0].transAxes)
        axes[1][0].set_title(r"boost $f = \Phi^L / \Phi^0$", fontsize=10)
    heat_map(fig, axes[1][1], rows, "stress_GPa", 1.0, "mean IS shear stress τ, strained", "τ (GPa)", "magma")
    fig.suptitle(f"Ageing maps: {result.get('tables')} tables, {result['curves']['strained']} strained and "
                 f"{result['curves']['unstrained']} unstrained curves; E_IS of strained curves "
                 f"{'less their elastic energy at t = 0' if result['averaging']['elastic_offset'] == 'start' else 'as recorded'}",
                 fontsize=10)
    save(fig, out)


def fitted_points(rows):
    return [(float(r["T_K"]), float(r["stress_GPa"]), float(r["boost"]), float(r["boost_se"]))
            for r in rows if r["boost_use"] == "fitted"]


def draw_boost(rows, result, out):
    import matplotlib.pyplot as plt
    import numpy as np

    fit = result["fit"]
    pts = fitted_points(rows)
    fig, (ax, axn) = plt.subplots(1, 2, figsize=(12, 5))
    temps = sorted({p[0] for p in pts})
    cmap = plt.get_cmap("coolwarm")
    colour = {t: cmap(i / max(1, len(temps) - 1)) for i, t in enumerate(temps)}
    ok = fit["status"] == "fitted"
    kappa, v = fit.get("kappa"), fit.get("activation_volume_A3")
    for t in temps:
        mine = [p for p in pts if p[0] == t]
        tau = np.array([p[1] for p in mine])
        f = np.array([p[2] for p in mine])
        known = np.array([math.isfinite(p[3]) for p in mine])
        err = np.array([p[3] if math.isfinite(p[3]) else 0.0 for p in mine])
        xs = tau * v / GPA_A3_PER_EV / (KB * t) if ok else None
        for axis, x0, scale in ((ax, tau, 1.0),) + (((axn, xs, 1.0 / kappa),) if ok else ()):
            # Filled with error bars where both maps have two entries or more; open where one
            # has a single entry, so no error is known (not none).
            axis.errorbar(x0[known], f[known] * scale, yerr=err[known] * scale, fmt="o", color=colour[t],
                          label=f"{fmt(t)} K", capsize=2)
            axis.plot(x0[~known], f[~known] * scale, "o", mfc="none", color=colour[t])
        if ok:
            # The fit only where this temperature has fitted points.
            x = np.linspace(tau.min(), tau.max(), 100)
            ax.plot(x, kappa * np.cosh(x * v / GPA_A3_PER_EV / (KB * t)), color=colour[t])
    ax.set_xlabel("mean IS shear stress τ of the bin (GPa)")
    ax.set_ylabel(r"boost $f = \Phi^L / \Phi^0$")
    if pts and min(p[2] for p in pts) > 0 and max(p[2] for p in pts) / min(p[2] for p in pts) > 20:
        ax.set_yscale("log")
        axn.set_yscale("log")
    if ok:
        x_all = np.array([p[1] * v / GPA_A3_PER_EV / (KB * p[0]) for p in pts])
        x = np.linspace(x_all.min(), x_all.max(), 200)
        axn.plot(x, np.cosh(x), "k-", label=r"$\cosh x$")
        ax.set_title(f"V_act = {fmt(v)} ± {fmt(fit['activation_volume_error_A3'])} Å³, κ* = {fmt(kappa)} ± "
                     f"{fmt(fit['kappa_error'])}, χ²_red = {fmt(fit['reduced_chi_square'])}, "
                     f"{fit['points']} bins{' (weighted)' if fit['weighted'] else ''}", fontsize=10)
    else:
        ax.set_title(f"no fit: {fit['status']} ({len(pts)} bins)", fontsize=10)
        axn.text(0.5, 0.5, "no fit", ha="center", transform=axn.transAxes)
    axn.set_xlabel(r"$x = \tau V_{act} / k_B T$")
    axn.set_ylabel(r"$f / \kappa^*$")
    axn.set_title("normalised (Fig. 2b)", fontsize=10)
    for a in (ax, axn):
        if pts:
            a.legend(fontsize=8, title="open: no error (a single entry)", title_fontsize=7)
    save(fig, out)
    return len(pts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("prefix", help="the --out PREFIX of metabasin ageing")
    ap.add_argument("--maps", help="PNG of the four maps (default PREFIX-maps.png)")
    ap.add_argument("--boost", help="PNG of f against tau with the fit (default PREFIX-boost.png)")
    a = ap.parse_args()
    inputs = [a.prefix + "-maps.csv", a.prefix + ".json"]
    outs = [a.maps or a.prefix + "-maps.png", a.boost or a.prefix + "-boost.png"]
    for out in outs:
        for i in inputs:
            if os.path.abspath(out) == os.path.abspath(i) or (
                    os.path.exists(out) and os.path.exists(i) and os.path.samefile(out, i)):
                fail(TOOL, f"output '{out}' is the input '{i}'; choose another file")
    rows = read_maps(inputs[0])
    result = read_result(inputs[1])
    use_agg(TOOL)
    draw_maps(rows, result, outs[0])
    n = draw_boost(rows, result, outs[1])
    print(f"{TOOL}: wrote {outs[0]} and {outs[1]}; {n} fitted bin(s) of {len(rows)}")


if __name__ == "__main__":
    main()
