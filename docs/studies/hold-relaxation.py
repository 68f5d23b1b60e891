#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""docs/studies/kmc.md, "Held at a strain": tau(t) and E_IS(t) of the 1024-atom glass held at
gamma = 0.04 and 315 K, MD (task age tables md-hold-r*.dat, 4 replicas; mean ± SE of each
replica's mean over log-time bins) against catalog KMC held on one frozen catalog at three
window lengths (kmc.hold_time tables frozen/fz-RATE-sSEED.dat, 20 seeds each; mean ± SE at
each window end). Run in the directory holding the tables; writes hold-tau.png.
Needs Debian's python3-matplotlib."""
import glob, math
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def rows(p): return [list(map(float, l.split())) for l in open(p) if l.strip() and not l.startswith("#")]
def mean_se(v):
    m = sum(v) / len(v)
    return m, math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1) / len(v))

fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7.5, 8.5), sharex=True)
md = [rows(p) for p in sorted(glob.glob("md-hold-r*.dat"))]
edges = [2.5, 7.5, 12.5, 22.5, 37.5, 62.5, 112.5, 187.5, 312.5, 512.5, 812.5, 1312.5, 2000.1]
for axis, col, scale in [(ax, 3, 1.0), (ax2, 2, 1024.0)]:
    t, m, e = [], [], []
    for lo, hi in zip(edges, edges[1:]):
        per_run = []
        for r in md:
            v = [x[col] * scale for x in r if lo < x[1] <= hi]
            if v: per_run.append(sum(v) / len(v))
        a, b = mean_se(per_run)
        t.append(math.sqrt(lo * hi)); m.append(a); e.append(b)
    axis.errorbar(t, m, yerr=e, color="k", marker="o", ms=4, capsize=2,
                  label="MD (task age), 4 replicas: mean ± SE of each replica's mean over the log-time bin")
for rate, window, c in [("1e7", 100, "C0"), ("1e8", 10, "C1"), ("1e9", 1, "C3")]:
    runs = [rows(p) for p in sorted(glob.glob("frozen/fz-%s-s*.dat" % rate))]
    n = min(len(r) for r in runs)
    for axis, col in [(ax, 1), (ax2, 2)]:
        ts, ms, es = [], [], []
        for k in range(1, n):
            ts.append(runs[0][k][3] * 1e12)
            a, b = mean_se([r[k][col] for r in runs])
            ms.append(a); es.append(b)
        axis.plot(ts, ms, color=c, lw=1.2, label="KMC held, frozen catalog, windows of %g ps (kmc.rate %s), %d seeds: mean, ± SE shaded" % (window, rate, len(runs)))
        axis.fill_between(ts, [a - b for a, b in zip(ms, es)], [a + b for a, b in zip(ms, es)], color=c, alpha=0.2, lw=0)
ax.axhline(0.356, color="0.5", ls=":", lw=1, label="start: the affinely sheared glass relaxed (t = 0)")
ax2.axhline(-382.145, color="0.5", ls=":", lw=1)
ax.set_xscale("log")
ax.set_xlim(0.8, 2500)
ax2.set_xlabel("time held at γ = 0.04 (ps)")
ax2.set_ylabel("inherent-structure energy E_IS (eV, 1024 atoms)")
ax.set_ylabel("inherent-structure shear stress τ (GPa)")
ax.set_title("1024-atom 2D Cu–Zr glass at 315 K: stress relaxation at fixed strain", fontsize=10)
ax2.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=1)
fig.tight_layout()
fig.savefig("hold-tau.png", dpi=110)
