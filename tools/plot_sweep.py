#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots what `metabasin sweep` wrote (output.hdf5).

SWEEP-flow.png: stress against strain rate (log rate, linear stress so that no point is lost),
as in Fig. 2A of Cao, Short & Yip (2019). Colour says which stress (MD's thermal flow stress,
the inherent-structure flow stress, the inherent-structure peak stress), marker shape the
method (MD, metadynamics, KMC), filling whether the rate is imposed or calibrated (filled) or
the nominal rate of the uncalibrated metadynamics rate law (open). Error bars are standard
errors over replicas, and each point with more than one replica says how many. Each fit is
drawn only over the rates it was fitted on, labelled with its parameters; m per regime is
listed with the points it used and the points with tau <= 0 a log-log slope leaves out.

SWEEP-curves.png: every run's stress-strain curve, MD (thermal stress, averaged over strain
bins) and metadynamics/KMC (inherent-structure stress) in separate panels, with the window of
the flow-stress average shaded and the runs whose stress still rises across it named.

Prints on stderr how many stresses <= 0 the flow figure shows (and where).
Needs Debian's python3-matplotlib and python3-h5py (scripts/install-deps.sh).
"""
import argparse
import json
import math
import os
import sys
import textwrap

from plot_common import fail, fmt, open_metabasin_h5, save, text, use_agg

TOOL = "plot_sweep"

METHOD_NAME = {"shear": "MD", "metadynamics": "metadynamics", "kmc": "KMC"}
MARKER = {"shear": "o", "metadynamics": "D", "kmc": "s"}
# One colour per kind of stress: thermal (MD time average) and inherent-structure stresses
# are different quantities and are never drawn alike.
THERMAL, IS_FLOW, IS_PEAK = "tab:red", "tab:blue", "tab:green"
BOLTZMANN_EV = 8.617333262e-5


def dataset(f, path, n, default=math.nan):
    """A float array of length n from `path`, or `default` everywhere when the file predates it."""
    import numpy as np

    if path not in f:
        return np.full(n, default, dtype=float)
    values = np.asarray(f[path], dtype=float)
    if len(values) != n:
        fail(TOOL, f"'{f.filename}': {path} has {len(values)} values, /points/rate has {n}")
    return values


def read_points(f):
    import numpy as np

    rate = np.asarray(f["/points/rate"], dtype=float)
    n = len(rate)
    points = {"rate": rate, "method": [text(m) for m in f["/points/method"]]}
    if len(points["method"]) != n:
        fail(TOOL, f"'{f.filename}': /points/method and /points/rate differ in length")
    for key in ("flow_stress", "flow_stress_sem", "flow_stress_inherent", "peak_stress_inherent",
                "peak_stress_inherent_sem", "q0"):
        points[key] = dataset(f, "/points/" + key, n)
    points["replicas"] = dataset(f, "/points/replicas", n, default=1.0)
    # Whether a point's rate is imposed (MD, KMC) or calibrated, or the nominal rate of the
    # uncalibrated metadynamics law. A sweep that records it says so; otherwise a
    # metadynamics rate is nominal.
    if "/points/rate_calibrated" in f:
        points["calibrated"] = dataset(f, "/points/rate_calibrated", n) > 0
    else:
        points["calibrated"] = np.array([m != "metadynamics" for m in points["method"]])
    return points


def read_regimes(f):
    """m per regime, with whatever the sweep recorded about the points each fit used."""
    import numpy as np

    if "/rate_sensitivity/m" not in f:
        return []
    g = f["/rate_sensitivity"]
    n = len(g["m"])
    column = lambda key: (np.asarray(g[key], dtype=float) if key in g and len(g[key]) == n
                          else np.full(n, np.nan))
    methods = [text(m) for m in g["method"]] if "method" in g and len(g["method"]) == n else [""] * n
    return [{"from": column("from_rate")[k], "to": column("to_rate")[k], "m": column("m")[k],
             "m_se": column("m_standard_error")[k], "m_peak": column("m_peak")[k],
             "m_peak_se": column("m_peak_standard_error")[k], "points": column("points")[k],
             "left_out": column("points_left_out")[k], "method": methods[k]} for k in range(n)]


def read_sweep(path):
    import numpy as np

    with open_metabasin_h5(TOOL, path, "metabasin-sweep", "metabasin sweep (output.hdf5)") as f:
        try:
            points = read_points(f)
            fits = {key: float(value) for key, value in f["/fits"].attrs.items()}
            calibration = ({key: (text(v) if isinstance(v, (bytes, str)) else float(v))
                            for key, v in f["/calibration"].attrs.items()} if "/calibration" in f else {})
            regimes = read_regimes(f)
            curves = []
            for name, group in f["/curves"].items():
                method = text(group.attrs.get("method", "")) or curve_method(name, points, group.attrs.get("rate"))
                curves.append({"name": name, "rate": float(group.attrs.get("rate", np.nan)), "method": method,
                               "strain": np.asarray(group["strain"], dtype=float),
                               "stress": np.asarray(group["shear_stress"], dtype=float)})
        except KeyError as e:
            fail(TOOL, f"'{path}': missing {e} (corrupt, or not written by metabasin sweep)")
        info = {"temperature": float(f.attrs.get("temperature_K", np.nan)),
                "steady_from": float(f.attrs.get("steady_from", np.nan)),
                "peak_bin": float(f.attrs.get("peak_bin", np.nan))}
    return points, fits, calibration, regimes, curves, info


def curve_method(name, points, rate):
    """The method of a run: from its id (point-NN-md-..., -meta-, -kmc-), else its rate."""
    for tag, method in (("-md-", "shear"), ("-meta-", "metadynamics"), ("-kmc-", "kmc")):
        if tag in name:
            return method
    for r, m in zip(points["rate"], points["method"]):
        if rate is not None and math.isclose(r, float(rate), rel_tol=1e-9):
            return m
    return "?"


def fitted_sets(points, fits):
    """Which rates each fit used, as the sweep chose them: with a split rate, below it (asinh)
    and at or above it (2/3 law); without, the MD points (2/3 law) and the others (asinh).
    Points without a flow stress are in neither."""
    import numpy as np

    split = fits.get("split_rate", math.nan)
    has = np.isfinite(points["flow_stress"])
    if np.isfinite(split) and split > 0:
        high = points["rate"] >= split
    else:
        high = np.array([m == "shear" for m in points["method"]])
    return has & ~high, has & high


def draw_fits(ax, points, fits):
    import numpy as np

    low, high = fitted_sets(points, fits)
    rate = points["rate"]
    a, b = fits.get("asinh_A", math.nan), fits.get("asinh_B", math.nan)
    if np.isfinite(a) and np.isfinite(b) and b > 0 and low.sum() >= 2:
        grid = np.geomspace(rate[low].min(), rate[low].max(), 200)
        ax.plot(grid, a * np.arcsinh(grid / b), "-", color="0.35", lw=1.2,
                label=(rf"fit $\tau = A\,\sinh^{{-1}}(\dot\gamma/B)$: A = {fmt(a)} GPa, B = {fmt(b)} 1/s"
                       + "\n" + fitted_over(points, low)))
    tc, c, d = (fits.get(k, math.nan) for k in ("log_power_tau_c", "log_power_C", "log_power_D"))
    if all(np.isfinite(v) for v in (tc, c, d)) and d > 0 and high.sum() >= 2:
        grid = np.geomspace(rate[high].min(), rate[high].max(), 200)
        grid = grid[grid < d]  # the law holds below D only
        ax.plot(grid, tc - c * np.log(d / grid) ** (2.0 / 3.0), "--", color="0.35", lw=1.2,
                label=(rf"fit $\tau = \tau_c - C\,[\ln(D/\dot\gamma)]^{{2/3}}$: $\tau_c$ = {fmt(tc)} GPa,"
                       f" C = {fmt(c)} GPa, D = {fmt(d)} 1/s\n" + fitted_over(points, high)))


def fitted_over(points, pick):
    """What a fit was fitted on: its points' count, methods and rate range."""
    import numpy as np

    # MD's flow stress is thermal; the others' is an inherent-structure stress.
    kinds = sorted({f"{METHOD_NAME.get(m, m)} {'thermal' if m == 'shear' else 'inherent-structure'}"
                    for m, p in zip(points["method"], pick) if p})
    rates = points["rate"][pick]
    return (f"fitted on {int(np.sum(pick))} {' and '.join(kinds)} flow stresses, "
            f"{fmt(rates.min())}–{fmt(rates.max())} 1/s (drawn only there)")


def regime_lines(points, regimes):
    """One line of text per regime: m of the flow and of the peak stress, the points used and
    the points a log-log slope cannot use (tau <= 0)."""
    import numpy as np

    lines = []
    for g in regimes:
        if g["method"]:
            name = METHOD_NAME.get(g["method"], g["method"])
            inside = np.array([m == g["method"] for m in points["method"]])
        else:
            if g["to"] >= 1e299:
                name = f"rates ≥ {fmt(g['from'])} 1/s"
            elif g["from"] <= 0:
                name = f"rates < {fmt(math.nextafter(g['to'], math.inf))} 1/s"
            else:
                name = f"rates {fmt(g['from'])}–{fmt(g['to'])} 1/s"
            inside = (points["rate"] >= g["from"]) & (points["rate"] <= g["to"])
        flow = points["flow_stress"][inside]
        dropped = g["left_out"] if np.isfinite(g["left_out"]) else float(np.sum(np.isfinite(flow) & (flow <= 0)))
        used = g["points"] if np.isfinite(g["points"]) else float(np.sum(flow > 0))

        def slope(m, se):
            if not np.isfinite(m):
                return "n/a"
            return f"{m:.3f}" + (f" ± {se:.3f}" if np.isfinite(se) else "")
        line = f"{name}: m = {slope(g['m'], g['m_se'])} ({int(used)} pts"
        if dropped > 0:
            line += f"; {int(dropped)} with τ ≤ 0 left out"
        line += f"), m_peak = {slope(g['m_peak'], g['m_peak_se'])}"
        lines.append(line)
    return lines


def stress_kinds(points):
    """(label, colour, values, standard errors) of each kind of stress drawn: MD's thermal flow
    stress; the inherent-structure flow stress (MD's quenched copies, and the metadynamics and
    KMC stress, which is an inherent-structure stress); the inherent-structure peak."""
    import numpy as np

    md = np.array([m == "shear" for m in points["method"]])
    thermal = np.where(md, points["flow_stress"], np.nan)
    inherent = np.where(md, points["flow_stress_inherent"], points["flow_stress"])
    inherent_sem = np.where(md, np.nan, points["flow_stress_sem"])
    return [("thermal flow stress (MD, time average at T)", THERMAL, thermal, points["flow_stress_sem"]),
            ("inherent-structure flow stress", IS_FLOW, inherent, inherent_sem),
            ("inherent-structure peak stress", IS_PEAK, points["peak_stress_inherent"],
             points["peak_stress_inherent_sem"])]


def legend_keys(ax, points, kinds_drawn):
    """Proxy entries: colour = which stress, shape = method, filling = rate calibrated or not."""
    from matplotlib.lines import Line2D

    keys = [Line2D([], [], ls="none", marker="o", color=colour, label=label) for label, colour in kinds_drawn]
    for method in sorted(set(points["method"]), key=lambda m: list(MARKER).index(m) if m in MARKER else 9):
        keys.append(Line2D([], [], ls="none", marker=MARKER.get(method, "^"), color="0.3",
                           label=METHOD_NAME.get(method, method)))
    if not points["calibrated"].all():
        keys.append(Line2D([], [], ls="none", marker="p", color="0.3", label="filled: rate imposed or calibrated"))
        keys.append(Line2D([], [], ls="none", marker="p", color="0.3", mfc="none",
                           label="open: nominal rate (uncalibrated rate law)"))
    return keys


def mark_absent(ax, points):
    """Rates where every kind of stress is missing: a grey x on the lower edge of the axes at
    their rate, so that no point of the sweep goes missing without a mark."""
    import numpy as np

    values = np.array([v for _, _, v, _ in stress_kinds(points)])
    absent = np.flatnonzero(~np.isfinite(values).any(axis=0))
    if absent.size:
        ax.plot(points["rate"][absent], np.full(absent.size, 0.02), "x", color="0.4", ms=8, mew=1.5, clip_on=False,
                transform=ax.get_xaxis_transform())
    return [f"{fmt(points['rate'][k])} 1/s ({METHOD_NAME.get(points['method'][k], points['method'][k])})"
            for k in absent]


def read_viscosity(path):
    """eta, its error (GPa s) and the temperature (K) from the JSON `metabasin viscosity` printed."""
    try:
        with open(path) as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        j = json.loads(lines[-1])
        return float(j["viscosity_GPa_s"]), float(j["viscosity_error_GPa_s"]), float(j["temperature_K"])
    except (OSError, IndexError, ValueError, KeyError, TypeError) as e:
        fail(TOOL, f"--viscosity {path}: not the JSON `metabasin viscosity` prints ({e})")


def draw_newtonian(ax, rate, viscosity, top, info, notes):
    """eta * gdot with its error band over the sweep's rates, where it stays below `top` (it is
    a prediction for the linear regime, not a fit: above the stresses plotted it says nothing)."""
    import numpy as np

    eta, err, temperature = viscosity
    x = np.logspace(np.log10(np.nanmin(rate)), np.log10(np.nanmax(rate)), 200)
    keep = eta * x <= top
    if not keep.any():
        notes.append(f"η γ̇ (η = {fmt(eta)} GPa s) lies above every stress plotted: not drawn")
        return
    x = x[keep]
    ax.fill_between(x, (eta - err) * x, (eta + err) * x, color="0.5", alpha=0.2, lw=0)
    ax.plot(x, eta * x, color="0.3", ls="--", lw=1.2,
            label=f"η γ̇, Green–Kubo η = {fmt(eta)} ± {fmt(err)} GPa s (no fit)")
    if np.isfinite(info["temperature"]) and abs(temperature - info["temperature"]) > 1.0:
        notes.append(f"the Green–Kubo run is at {temperature:.0f} K, the sweep at {info['temperature']:g} K")


def plot_flow(points, fits, calibration, regimes, info, rising, out, log_stress, viscosity=None):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(11.0, 6.0))
    rate = points["rate"]
    kinds_drawn, shown_values, nonpositive = [], [], []
    for label, colour, values, sem in stress_kinds(points):
        if not np.isfinite(values).any():
            continue
        kinds_drawn.append((label, colour))
        for k in np.flatnonzero(np.isfinite(values)):
            method = points["method"][k]
            y = values[k]
            face = colour if points["calibrated"][k] else "white"
            err = sem[k] if np.isfinite(sem[k]) else None
            if y <= 0:
                nonpositive.append(f"{label} {fmt(y)} GPa at {fmt(rate[k])} 1/s ({METHOD_NAME.get(method, method)})")
            if log_stress and y <= 0:
                continue  # drawn below as a pinned marker
            ax.errorbar([rate[k]], [y], yerr=None if err is None else [[err], [err]], fmt=MARKER.get(method, "^"),
                        color=colour, mfc=face, mec=colour, ms=7, capsize=3, lw=1)
            shown_values.append(y)
            if points["replicas"][k] > 1:
                ax.annotate(f"n={int(points['replicas'][k])}", (rate[k], y), textcoords="offset points",
                            xytext=(6, -3), fontsize=6, color=colour)
    draw_fits(ax, points, fits)
    notes = []
    if viscosity is not None and shown_values:
        draw_newtonian(ax, rate, viscosity, 1.2 * max(shown_values), info, notes)
    ax.set_xscale("log")
    absent = mark_absent(ax, points)
    ax.set_xlabel(r"strain rate $\dot\gamma$ (1/s)")
    ax.set_ylabel(r"shear stress $\tau = -P_{xy}$ (GPa)")
    if log_stress:
        ax.set_yscale("log")
        # A logarithm has no room for tau <= 0: such points sit on the lower edge as
        # downward triangles and are counted in the figure.
        positive = [v for v in shown_values if v > 0]
        # The lower edge from the data, not from a fit curve that dives towards tau = 0.
        low = min(positive) / 2 if positive else ax.get_ylim()[0]
        for label, colour, values, _ in stress_kinds(points):
            pick = np.isfinite(values) & (values <= 0)
            ax.plot(rate[pick], np.full(pick.sum(), low), "v", color=colour, ms=8, clip_on=False)
            for k in np.flatnonzero(pick):
                ax.annotate(f"τ = {values[k]:.3g} GPa", (rate[k], low), textcoords="offset points", xytext=(6, 4),
                            fontsize=6.5, color=colour)
        ax.set_ylim(bottom=low)
        if nonpositive:
            notes.append(f"{len(nonpositive)} value(s) with τ ≤ 0 drawn as ▼ on the lower edge")
    else:
        ax.axhline(0.0, color="0.6", lw=0.8, ls=":")
        if nonpositive:
            notes.append(f"{len(nonpositive)} value(s) with τ ≤ 0, drawn below the dotted zero line")
    if absent:
        notes.append(f"{len(absent)} rate(s) without any stress (run failed, or shorter than the window), "
                     "marked × on the lower edge: " + ", ".join(absent))
    if np.nanmax(np.append(points["replicas"], 0)) > 1:
        notes.append("error bars: standard error over the replicas (n = runs, as marked); the sweep records none for"
                     " MD's inherent-structure flow stress")
    else:
        notes.append("one run per rate (no error bars)")
    cal_a, cal_g = calibration.get("a", math.nan), calibration.get("rate_prefactor", math.nan)
    if isinstance(cal_g, float) and np.isfinite(cal_g):
        notes.append(f"calibration vs MD ({calibration.get('stress', 'flow')} stress): "
                     f"ġ0 = {fmt(cal_g)} 1/s, a = {fmt(cal_a)}; rates above are as run")
    elif any(m == "metadynamics" for m in points["method"]):
        notes.append("rate law not calibrated against MD: metadynamics rates are nominal")
    if rising:
        notes.append(f"{len(rising)} run(s) still rising across the window, so not at steady flow: "
                     + ", ".join(rising))
    notes.extend(regime_lines(points, regimes))
    # Below the axes, so that it hides no point.
    notes = [textwrap.fill(n, 150, subsequent_indent="    ") for n in notes]
    ax.text(0.0, -0.13, "\n".join(notes), transform=ax.transAxes, fontsize=7, va="top", ha="left")
    title = "Stress vs strain rate"
    if np.isfinite(info["temperature"]):
        title += f" at {info['temperature']:g} K"
    sub = []
    if np.isfinite(info["steady_from"]):
        sub.append(f"flow stress: mean τ over strain ≥ {info['steady_from']:g}")
    if np.isfinite(info["peak_bin"]):
        sub.append(f"peak: largest mean over strain bins of {info['peak_bin']:g}")
    ax.set_title(title + ("\n" + "; ".join(sub) if sub else ""), fontsize=10)
    handles = legend_keys(ax, points, kinds_drawn) + ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, fontsize=6.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    if log_stress and not shown_values and nonpositive:
        ax.text(0.5, 0.5, "no stress > 0: nothing above the lower edge of a log axis", ha="center",
                transform=ax.transAxes)
    if not shown_values and not nonpositive:
        ax.text(0.5, 0.5, "no stress to draw: no run reached the flow-stress window", ha="center",
                transform=ax.transAxes)
    save(fig, out)
    return nonpositive, absent


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


def rise_over_window(strain, stress, start):
    """Change of the least-squares line of stress against strain across the averaging window,
    and its standard error: a flow stress averaged where the curve still rises is no
    steady-state value. (nan, nan) with fewer than 3 rows in the window."""
    import numpy as np

    pick = np.isfinite(stress) & (strain >= start)
    x, y = strain[pick], stress[pick]
    if len(x) < 3 or np.ptp(x) == 0:
        return math.nan, math.nan
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    se = math.sqrt(np.sum(residual ** 2) / (len(x) - 2) / np.sum((x - x.mean()) ** 2))
    width = np.ptp(x)
    return slope * width, se * width


def rising_runs(curves, start):
    """{run: rise} of the runs whose stress rises across the flow-stress window by more than
    twice the standard error of that rise: their flow stress is no steady-state value."""
    import numpy as np

    rising = {}
    for c in curves:
        rise, se = rise_over_window(c["strain"], c["stress"], start) if np.isfinite(start) else (math.nan, math.nan)
        if np.isfinite(rise) and rise > 0 and rise > 2 * se:
            rising[c["name"]] = rise
    return rising


def plot_curves(curves, info, rising, out, width):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import colormaps

    panels = [("MD: thermal shear stress" + (f" (mean over strain bins of {width:g})" if width > 0 else ""),
               [c for c in curves if c["method"] == "shear"]),
              ("metadynamics / KMC: inherent-structure shear stress",
               [c for c in curves if c["method"] != "shear"])]
    panels = [p for p in panels if p[1]] or [("no runs", [])]
    fig, axes = plt.subplots(1, len(panels), figsize=(6.0 * len(panels), 4.6), squeeze=False)
    rates = [c["rate"] for c in curves if np.isfinite(c["rate"]) and c["rate"] > 0]
    lo, hi = (np.log10(min(rates)), np.log10(max(rates))) if rates else (0.0, 1.0)
    cmap = colormaps["viridis"]
    start = info["steady_from"]
    for ax, (title, runs) in zip(axes[0], panels):
        for c in runs:
            shade = 0.5 if hi == lo or not np.isfinite(c["rate"]) or c["rate"] <= 0 else \
                (np.log10(c["rate"]) - lo) / (hi - lo)
            drawn = binned(c["strain"], c["stress"], width) if c["method"] == "shear" else (c["strain"], c["stress"])
            nominal = c["method"] == "metadynamics"
            label = f"{c['name']} ({fmt(c['rate'])} 1/s{' nominal' if nominal else ''})"
            if c["name"] in rising:
                label += f", still rising: +{rising[c['name']]:.2f} GPa across the window"
            ax.plot(*drawn, lw=1.0, color=cmap(0.85 * shade), ls="-" if c["method"] == "shear" else "--",
                    marker="" if c["method"] == "shear" and len(drawn[0]) > 3 else ".", ms=3, label=label)
        reach = max((c["strain"].max() for c in runs if len(c["strain"])), default=math.nan)
        if np.isfinite(start) and reach > start:
            ax.axvspan(start, reach, color="0.9", zorder=0, label=f"window of the flow-stress mean (strain ≥ {start:g})")
        elif np.isfinite(start) and runs:
            ax.text(0.5, 0.5, f"no run reached the flow-stress window (strain ≥ {start:g})", ha="center",
                    transform=ax.transAxes, fontsize=8, color="0.3")
        ax.axhline(0.0, color="0.6", lw=0.8, ls=":")
        ax.set_xlabel(r"shear strain $\gamma_{xy}$ (dimensionless)")
        ax.set_ylabel(r"shear stress $\tau = -P_{xy}$ (GPa)")
        ax.set_title(title, fontsize=9)
        if len(runs) <= 12:
            ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    save(fig, out)


def main():
    parser = argparse.ArgumentParser(
        description="Stress against strain rate, and the stress-strain curves, from a `metabasin sweep` HDF5 file.")
    parser.add_argument("sweep", help="SWEEP.h5 written by metabasin sweep (output.hdf5)")
    parser.add_argument("--flow", help="PNG of the stress against the rate (default: SWEEP-flow.png beside the input)")
    parser.add_argument("--curves", help="PNG of the stress-strain curves (default: SWEEP-curves.png beside the input)")
    parser.add_argument("--bin", type=float, default=0.005,
                        help="strain width over which each MD curve is averaged (default 0.005; 0: every row)")
    parser.add_argument("--viscosity",
                        help="the JSON `metabasin viscosity` printed (saved to a file): draws the Newtonian flow "
                             "stress eta*gdot with its error band where it stays within the stresses plotted")
    parser.add_argument("--log-stress", action="store_true",
                        help="logarithmic stress axis; stresses <= 0 are then drawn as triangles on its lower edge")
    args = parser.parse_args()
    if not args.bin >= 0:
        fail(TOOL, f"--bin must be a strain width >= 0, got {args.bin}")

    use_agg(TOOL)
    viscosity = read_viscosity(args.viscosity) if args.viscosity else None
    points, fits, calibration, regimes, curves, info = read_sweep(args.sweep)
    stem = os.path.splitext(args.sweep)[0]
    flow_png = args.flow or stem + "-flow.png"
    curves_png = args.curves or stem + "-curves.png"
    try:
        rising = rising_runs(curves, info["steady_from"])
        nonpositive, absent = plot_flow(points, fits, calibration, regimes, info, rising, flow_png,
                                        args.log_stress, viscosity)
        plot_curves(curves, info, rising, curves_png, args.bin)
    except OSError as e:
        fail(TOOL, f"cannot write the plots: {e}")
    where = "as triangles on the lower edge" if args.log_stress else "below the zero line"
    print(f"{TOOL}: {len(nonpositive)} non-positive stress value(s) shown {where}"
          + "".join(f"\n  {line}" for line in nonpositive), file=sys.stderr)
    if absent:
        print(f"{TOOL}: {len(absent)} rate(s) without any stress, marked on the lower edge: {', '.join(absent)}",
              file=sys.stderr)
    if rising:
        print(f"{TOOL}: {len(rising)} run(s) still rising across the flow-stress window: {', '.join(rising)}",
              file=sys.stderr)
    print(f"{TOOL}: wrote {flow_png} and {curves_png}", file=sys.stderr)


if __name__ == "__main__":
    main()
