#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots an event catalog (format metabasin-catalog, docs/formats.md), read directly with h5py:

CAT-spectrum.png: the barrier spectrum, a histogram of the forward barriers of the live
saddles at each strain the catalog holds (one step curve per strain), with the vanished
events and the saddles without a barrier counted in the legend.

CAT-response.png: the strain response, each sampled event's forward barrier against strain,
followed from the strain where it was sampled through the saddles re-converged from it
(`/saddles/parent`), with an x where it vanished. The same events as
`metabasin catalog strain-response`.

CAT-shift.png (Liu & Fan, Fig. 3a): histograms of the barrier change dE_A = E_A(gamma) -
E_A(gamma_0) of the events sampled at the catalog's lowest strain gamma_0 that survive at each
later strain, one per strain, with the peak shift marked, and the peak and mean shifts
against strain beside them with the activation volume. Every number comes from
`metabasin catalog strain-response CAT --json` (run here: one source of truth with the
command); --metabasin names the program when it is not build/metabasin beside tools/ or on
the PATH.

CAT-spectra.png (Fig. 3b): the barrier spectra at the lowest strain and at one other
(--spectra-strain, default the highest) overlaid, with the same bins.

Needs Debian's python3-matplotlib and python3-h5py (scripts/install-deps.sh).
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys

from plot_common import fail, fmt, open_metabasin_h5, save, text, use_agg

TOOL = "plot_catalog"
MAX_BINS = 10000  # a histogram finer than this says nothing more and costs memory
MAX_PANELS = 8  # more strains than this share one panel


def read_catalog(path):
    import numpy as np

    with open_metabasin_h5(TOOL, path, "metabasin-catalog", "metabasin run with output.catalog (art, abc)") as f:
        try:
            s = f["/saddles"]
            n = len(s["from"]) if "from" in s else 0
            read = lambda key, default: (np.asarray(s[key], dtype=float) if key in s else np.full(n, default))
            saddles = {"strain": read("strain", 0.0), "barrier": read("forward_barrier", np.nan),
                       "vanished": read("vanished", 0.0) > 0, "parent": read("parent", -1).astype(int),
                       "from": read("from", -1).astype(int), "to": read("to", -1).astype(int)}
            minima = len(f["/minima/energy"])
            natoms = len(f["/atoms/ids"]) if "/atoms/ids" in f else 0
        except KeyError as e:
            fail(TOOL, f"'{path}': missing {e} (corrupt, or not written by metabasin)")
    if any(len(v) != n for v in saddles.values()):
        fail(TOOL, f"'{path}': the /saddles datasets differ in length")
    if ((saddles["parent"] < -1) | (saddles["parent"] >= n)).any():
        fail(TOOL, f"'{path}': /saddles/parent points outside /saddles")
    return saddles, minima, natoms


def strains_of(saddles):
    import numpy as np

    return np.unique(np.round(saddles["strain"], 12))


def nice_width(span, bins=30):
    """A 1-2-5 bin width giving about `bins` bins over `span` (eV)."""
    raw = max(span / bins, 1e-4)
    decade = 10 ** math.floor(math.log10(raw))
    return min((m * decade for m in (1, 2, 5, 10)), key=lambda w: abs(math.log(w / raw)))


def plot_spectrum(saddles, minima, natoms, strains_wanted, width, out, name):
    """One panel per strain (up to MAX_PANELS, sharing the barrier axis), else step curves
    over each other."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import colormaps

    held = strains_of(saddles)
    strains = held
    if strains_wanted:
        missing = [g for g in strains_wanted if not np.isclose(held, g, atol=1e-9).any()]
        if missing:
            fail(TOOL, f"the catalog holds no saddle at strain {', '.join(fmt(g) for g in missing)}; it holds "
                       f"{', '.join(fmt(g) for g in held) or 'none'}")
        strains = np.array(strains_wanted)
    live = ~saddles["vanished"] & np.isfinite(saddles["barrier"])
    barriers = saddles["barrier"][live]
    edges = None
    if barriers.size:
        lo, hi = barriers.min(), barriers.max()
        if width <= 0:
            # Few or equal barriers: bins on the scale of the barriers themselves.
            width = nice_width(max(hi - lo, 0.2 * max(abs(hi), 0.01)))
        count = math.floor(hi / width) - math.floor(lo / width) + 1
        if count > MAX_BINS:
            fail(TOOL, f"--bin {width:g} eV gives {count} bins over {fmt(lo)}–{fmt(hi)} eV; at most {MAX_BINS}")
        edges = width * np.arange(math.floor(lo / width), math.floor(hi / width) + 2)
    panels = len(strains) if 1 <= len(strains) <= MAX_PANELS else 1
    fig, axes = plt.subplots(panels, 1, figsize=(7.2, 1.6 + 1.5 * panels) if panels > 1 else (7.2, 4.6),
                             sharex=True, squeeze=False)
    cmap = colormaps["viridis"]
    for k, g in enumerate(strains):
        ax = axes[min(k, panels - 1), 0]
        at = np.isclose(saddles["strain"], g, atol=1e-9)
        values = saddles["barrier"][at & live]
        vanished = int((at & saddles["vanished"]).sum())
        unknown = int((at & ~saddles["vanished"] & ~np.isfinite(saddles["barrier"])).sum())
        label = f"strain {fmt(g)}: {values.size} live saddles"
        if vanished:
            label += f"; {vanished} vanished here (not counted)"
        if unknown:
            label += f"; {unknown} without a barrier (not counted)"
        colour = cmap(0.45 if len(strains) == 1 else 0.9 * k / (len(strains) - 1))
        if values.size:
            ax.hist(values, bins=edges, histtype="stepfilled" if panels > 1 or len(strains) == 1 else "step",
                    lw=1.4, color=colour, alpha=0.8 if panels > 1 or len(strains) == 1 else 1.0, label=label)
        else:
            ax.plot([], [], color=colour, label=label)
        ax.legend(fontsize=7, loc="upper right")
        ax.yaxis.get_major_locator().set_params(integer=True)
    if not barriers.size:
        axes[0, 0].text(0.5, 0.5, "no live saddle with a barrier in this catalog", ha="center",
                        transform=axes[0, 0].transAxes)
    axes[-1, 0].ticklabel_format(axis="x", useOffset=False)
    axes[-1, 0].set_xlabel("forward barrier $Q$ = E(saddle) − E(from) (eV)")
    ylabel = f"saddles per {width:g} eV bin (count)" if barriers.size else "saddles per bin (count)"
    if panels > 1:
        fig.supylabel(ylabel, fontsize=9)
    else:
        axes[0, 0].set_ylabel(ylabel)
    axes[0, 0].set_title(f"Barrier spectrum of {name}: {minima} minima, {len(saddles['barrier'])} saddles"
                         + (f", {natoms} atoms" if natoms else ""), fontsize=9)
    save(fig, out)


def event_chains(saddles):
    """Each sampled event (a saddle without a parent) followed through its re-converged copies
    at later strains: a list of saddle rows, strain by strain, in the order they were stored."""
    import numpy as np

    children = {}
    for row, parent in enumerate(saddles["parent"]):
        if parent >= 0:
            children.setdefault(parent, []).append(row)
    chains = []
    for root in np.flatnonzero(saddles["parent"] < 0):
        chain, row = [int(root)], int(root)
        while row in children:
            row = children[row][0]
            chain.append(row)
        chains.append(chain)
    return chains


def plot_response(saddles, min_barrier, out, name):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import colormaps

    chains = [c for c in event_chains(saddles)
              if not (min_barrier > 0 and not saddles["barrier"][c[0]] >= min_barrier)]
    fig, ax = plt.subplots(figsize=(8.4, 4.8))
    held = strains_of(saddles)
    first = [saddles["barrier"][c[0]] for c in chains]
    finite_first = [b for b in first if np.isfinite(b)]
    lo, hi = (min(finite_first), max(finite_first)) if finite_first else (0.0, 1.0)
    cmap = colormaps["viridis"]
    vanished_total = 0
    for k, chain in enumerate(chains):
        g = saddles["strain"][chain]
        q = saddles["barrier"][chain]
        gone = saddles["vanished"][chain] | ~np.isfinite(q)
        # Few events: one distinct colour each; many: coloured by the barrier where sampled.
        colour = (f"C{k}" if len(chains) <= 10 else
                  cmap(0.5 if hi == lo or not np.isfinite(first[k]) else 0.9 * (first[k] - lo) / (hi - lo)))
        alive = ~gone
        label = (f"event {k}: minima {saddles['from'][chain[0]]}→{saddles['to'][chain[0]]}"
                 if len(chains) <= 10 else None)
        ax.plot(g[alive], q[alive], "-o", ms=3.5, lw=1.1, color=colour, label=label)
        if gone.any():
            # It vanishes at the first strain where it has no saddle: an x at that strain, at the
            # height of its last barrier.
            at = int(np.flatnonzero(gone)[0])
            last = q[at - 1] if at > 0 else saddles["barrier"][chain[0]]
            ax.plot([g[at]], [last], "x", color="tab:red", ms=8, mew=2)
            if at > 0:
                ax.plot(g[at - 1:at + 1], [last, last], ":", color=colour, lw=1)
            vanished_total += 1
    ax.plot([], [], "x", color="tab:red", ms=8, mew=2,
            label=f"vanished here ({vanished_total} of {len(chains)}),\nat the height of its last barrier")
    ax.set_xlabel(r"shear strain $\gamma_{xy}$ (dimensionless)")
    ax.set_ylabel("forward barrier $Q$ (eV)")
    title = f"Strain response of {name}: {len(chains)} sampled event{'s' if len(chains) != 1 else ''}"
    if min_barrier > 0:
        title += f" with Q ≥ {fmt(min_barrier)} eV where sampled"
    if len(held) < 2:
        ax.text(0.5, 0.92, f"the catalog holds one strain ({fmt(held[0]) if len(held) else 'none'}): "
                "re-evaluate it under strain (task: reevaluate) to see a response",
                ha="center", transform=ax.transAxes, fontsize=7, color="0.3")
    if len(chains) > 10:
        sm = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(lo, lo + (hi - lo) / 0.9 if hi > lo else hi + 1))
        fig.colorbar(sm, ax=ax, label="barrier where sampled (eV)")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=6.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    save(fig, out)
    return vanished_total, len(chains)


def metabasin_program(given):
    """The metabasin program: --metabasin, else build/metabasin beside tools/, else the PATH."""
    if given:
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            fail(TOOL, f"--metabasin '{given}' is not an executable file")
        return given
    built = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "build", "metabasin")
    if os.path.isfile(built) and os.access(built, os.X_OK):
        return os.path.normpath(built)
    found = shutil.which("metabasin")
    if not found:
        fail(TOOL, "cannot find the metabasin program (build/metabasin beside tools/, or on the PATH); "
                   "give it with --metabasin PATH")
    return found


def strain_response(program, catalog, min_barrier):
    """The JSON of `metabasin catalog strain-response CATALOG --json` (the last stdout line)."""
    cmd = [program, "catalog", "strain-response", catalog, "--json"]
    if min_barrier > 0:
        cmd += ["--min-barrier", repr(min_barrier)]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        fail(TOOL, f"cannot run {program}: {e}")
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    if run.returncode != 0 or not lines:
        fail(TOOL, f"{' '.join(cmd)} failed: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ''}")
    return json.loads(lines[-1])


def barrier_changes(response):
    """{strain: [dE_A]} of the events sampled at the lowest strain held, per later strain where
    they survive, and {strain: followed} the events followed there (alive or vanished)."""
    strains = response["strains"]
    changes = {g: [] for g in strains[1:]}
    followed = {g: 0 for g in strains[1:]}
    for ev in response["events"]:
        first = ev["barriers"][0]
        if not strains or abs(first["strain"] - strains[0]) > 1e-9 or first["barrier"] is None:
            continue
        for b in ev["barriers"][1:]:
            g = min(changes, key=lambda h: abs(h - b["strain"]))
            followed[g] += 1
            if b["barrier"] is not None:
                changes[g].append(b["barrier"] - first["barrier"])
    return changes, followed


def peak_of(values):
    """The mode of a Gaussian kernel density (Silverman's bandwidth) of the values: the
    histogram's peak, free of the choice of bins."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    if v.size < 3 or np.ptp(v) == 0:
        return float(np.median(v))
    iqr = np.subtract(*np.percentile(v, [75, 25]))
    spread = min(v.std(ddof=1), iqr / 1.349) if iqr > 0 else v.std(ddof=1)
    h = 0.9 * spread * v.size ** -0.2
    grid = np.linspace(v.min(), v.max(), 2001)
    density = np.exp(-0.5 * ((grid[:, None] - v[None, :]) / h) ** 2).sum(axis=1)
    return float(grid[np.argmax(density)])


def volume_text(fit):
    """The activation volumes of strain-response's fit, as one line per estimate."""
    lines = [f"$V_{{act}}$ = {fmt(fit['activation_volume'])} Å³: least squares over {fit['points']} "
             f"(event, strain) pair{'s' if fit['points'] != 1 else ''}"]
    if fit["event_mean"] is not None:
        sem = f" ± {fmt(fit['event_sem'], 2)}" if fit["event_sem"] is not None else ""
        events = f"{fit['events']} event{'s' if fit['events'] != 1 else ''}"
        lines.append(f"per event: {fmt(fit['event_mean'])}{sem} Å³ ({events})")
    return "\n".join(lines) + "\n(metabasin catalog strain-response; $V = -dE_A/d\\tau$)"


def plot_shift(response, out, name):
    """Fig. 3a: dE_A histograms per strain with their peaks (left); peak and mean shifts
    against strain (right). Returns the per-strain (strain, survivors, peak, mean)."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import colormaps

    changes, followed = barrier_changes(response)
    fig, (ax, side) = plt.subplots(1, 2, figsize=(11.0, 4.4), gridspec_kw={"width_ratios": [1.6, 1]})
    every = np.concatenate([np.asarray(v) for v in changes.values()]) if changes else np.array([])
    rows = []
    if every.size:
        # One change, or equal ones: bins on the scale of the changes themselves.
        width = nice_width(max(np.ptp(every), 0.2 * np.abs(every).max(), 1e-3), bins=min(25, max(5, every.size)))
        edges = width * np.arange(math.floor(every.min() / width), math.floor(every.max() / width) + 2)
        cmap = colormaps["viridis"]
        for k, (g, values) in enumerate(sorted(changes.items())):
            colour = cmap(0.85 * k / max(len(changes) - 1, 1))
            if not values:
                lost = f"none of {followed[g]} survive" if followed[g] else "no event followed this far"
                ax.plot([], [], color=colour, label=f"γ = {fmt(g)}: {lost}")
                continue
            peak, mean = peak_of(values), float(np.mean(values))
            rows.append((g, len(values), peak, mean))
            ax.hist(values, bins=edges, histtype="step", lw=1.6, color=colour,
                    label=f"γ = {fmt(g)}: {len(values)} of {followed[g]} survive; peak {peak:+.3g} eV, "
                          f"mean {mean:+.3g} eV")
            ax.axvline(peak, color=colour, ls="--", lw=1.1)
        ax.axvline(0.0, color="0.4", lw=0.8)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(f"events per {width:g} eV bin (count)")
        ax.legend(fontsize=7, loc="upper left")
    else:
        ax.text(0.5, 0.5, "no event followed to a later strain:\nre-evaluate the catalog under strain "
                "(task: reevaluate)", ha="center", va="center", transform=ax.transAxes, fontsize=8)
        ax.set_ylabel("events per bin (count)")
    g0 = fmt(response["strains"][0]) if response["strains"] else "n/a"
    ax.set_xlabel(f"barrier change $\\Delta E_A = E_A(\\gamma) - E_A({g0})$ (eV)")
    ax.set_title(f"Barrier changes under shear, {name} (dashed: peaks)", fontsize=9)
    plot_shift_against_strain(side, rows, response)
    save(fig, out)
    return rows


def plot_shift_against_strain(ax, rows, response):
    strains = [0.0] + [r[0] - response["strains"][0] for r in rows]
    ax.plot(strains, [0.0] + [r[2] for r in rows], "-o", ms=4, color="tab:blue", label="peak shift (kernel density)")
    ax.plot(strains, [0.0] + [r[3] for r in rows], "-s", ms=4, color="tab:orange", label="mean shift")
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xlabel(r"strain since sampled $\gamma - \gamma_0$ (dimensionless)")
    ax.set_ylabel(r"barrier shift $\Delta E_A$ (eV)")
    ax.legend(fontsize=7, loc="best")
    # Under the axes: the shifts can run anywhere inside them.
    ax.text(0.0, -0.2, volume_text(response["activation_volume_fit"]), transform=ax.transAxes, va="top",
            fontsize=7.5, bbox={"boxstyle": "round", "fc": "white", "ec": "0.7"})
    ax.set_title("Peak and mean shifts", fontsize=9)


def plot_spectra(saddles, strain, width, out, name):
    """Fig. 3b: the spectra at the lowest strain and at `strain` (default the highest) overlaid,
    with the same bins. Returns the two strains drawn."""
    import matplotlib.pyplot as plt
    import numpy as np

    held = strains_of(saddles)
    if not len(held):
        fail(TOOL, "the catalog holds no saddle: nothing to draw")
    other = held[-1] if strain is None else strain
    if not np.isclose(held, other, atol=1e-9).any():
        fail(TOOL, f"--spectra-strain: the catalog holds no saddle at strain {fmt(other)}; it holds "
                   f"{', '.join(fmt(g) for g in held)}")
    live = ~saddles["vanished"] & np.isfinite(saddles["barrier"])
    pairs = [held[0]] + ([other] if not np.isclose(other, held[0], atol=1e-9) else [])
    sets = [saddles["barrier"][live & np.isclose(saddles["strain"], g, atol=1e-9)] for g in pairs]
    every = np.concatenate(sets)
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    if every.size:
        if width <= 0:
            width = nice_width(max(np.ptp(every), 0.2 * max(abs(every.max()), 0.01)))
        edges = width * np.arange(math.floor(every.min() / width), math.floor(every.max() / width) + 2)
        for g, values, colour in zip(pairs, sets, ("tab:blue", "tab:red")):
            label = f"γ = {fmt(g)}: {values.size} live saddles"
            label += f", mean {fmt(values.mean())} eV" if values.size else ""
            if values.size:
                ax.hist(values, bins=edges, histtype="step", lw=1.6, color=colour, label=label)
                ax.axvline(values.mean(), color=colour, ls=":", lw=1.2)
            else:
                ax.plot([], [], color=colour, label=label)
        ax.set_ylabel(f"saddles per {width:g} eV bin (count)")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8, loc="upper right")
    else:
        ax.text(0.5, 0.5, "no live saddle with a barrier", ha="center", transform=ax.transAxes)
        ax.set_ylabel("saddles per bin (count)")
    if len(pairs) < 2:
        ax.text(0.5, 0.92, "the catalog holds one strain: re-evaluate it under strain (task: reevaluate)",
                ha="center", transform=ax.transAxes, fontsize=7, color="0.3")
    ax.set_xlabel("forward barrier $E_A$ = E(saddle) − E(from) (eV)")
    ax.set_title(f"Barrier spectra of {name} (dotted: means)", fontsize=9)
    save(fig, out)
    return pairs


def main():
    parser = argparse.ArgumentParser(
        description="Barrier spectrum and strain response of a metabasin event catalog (HDF5).")
    parser.add_argument("catalog", help="CATALOG.h5 (output.catalog of art, abc, reevaluate, kmc)")
    parser.add_argument("--spectrum", help="PNG of the barrier spectrum (default: CATALOG-spectrum.png)")
    parser.add_argument("--response", help="PNG of the strain response (default: CATALOG-response.png)")
    parser.add_argument("--bin", type=float, default=0.0,
                        help="histogram bin width (eV; default: about 30 bins over the barriers)")
    parser.add_argument("--strain", type=float, action="append",
                        help="draw the spectrum at this strain only (repeatable; default: every strain held)")
    parser.add_argument("--min-barrier", type=float, default=0.0,
                        help="strain response and barrier changes: only events whose barrier where sampled is "
                             ">= this (eV)")
    parser.add_argument("--shift", help="PNG of the barrier changes (default: CATALOG-shift.png)")
    parser.add_argument("--spectra", help="PNG of the two spectra overlaid (default: CATALOG-spectra.png)")
    parser.add_argument("--spectra-strain", type=float,
                        help="the strain drawn over the lowest one in the spectra (default: the highest held)")
    parser.add_argument("--metabasin", help="the metabasin program (default: build/metabasin beside tools/, "
                                            "else metabasin on the PATH)")
    args = parser.parse_args()
    if not (args.bin >= 0 and math.isfinite(args.bin)):
        fail(TOOL, f"--bin must be a finite width >= 0 eV, got {args.bin}")
    if not math.isfinite(args.min_barrier):
        fail(TOOL, f"--min-barrier must be a finite energy (eV), got {args.min_barrier}")

    use_agg(TOOL)
    saddles, minima, natoms = read_catalog(args.catalog)
    stem = os.path.splitext(args.catalog)[0]
    name = os.path.basename(args.catalog)
    spectrum_png = args.spectrum or stem + "-spectrum.png"
    response_png = args.response or stem + "-response.png"
    shift_png = args.shift or stem + "-shift.png"
    spectra_png = args.spectra or stem + "-spectra.png"
    response = strain_response(metabasin_program(args.metabasin), args.catalog, args.min_barrier)
    try:
        plot_spectrum(saddles, minima, natoms, args.strain, args.bin, spectrum_png, name)
        vanished, events = plot_response(saddles, args.min_barrier, response_png, name)
        shifts = plot_shift(response, shift_png, name)
        pair = plot_spectra(saddles, args.spectra_strain, args.bin, spectra_png, name)
    except OSError as e:
        fail(TOOL, f"cannot write the plots: {e}")
    print(f"{TOOL}: {events} sampled event(s), {vanished} vanished under strain", file=sys.stderr)
    for g, survivors, peak, mean in shifts:
        print(f"{TOOL}: strain {g!r}: {survivors} surviving event(s), barrier change peak {peak!r} eV, "
              f"mean {mean!r} eV", file=sys.stderr)
    fit = response["activation_volume_fit"]
    volume = "n/a" if fit["activation_volume"] is None else repr(fit["activation_volume"])
    print(f"{TOOL}: activation volume {volume} A^3 (least squares over {fit['points']} "
          "(event, strain) pairs, from metabasin catalog strain-response)", file=sys.stderr)
    print(f"{TOOL}: spectra at strain {', '.join(repr(float(g)) for g in pair)}", file=sys.stderr)
    print(f"{TOOL}: wrote {spectrum_png}, {response_png}, {shift_png} and {spectra_png}", file=sys.stderr)


if __name__ == "__main__":
    main()
