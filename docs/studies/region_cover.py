#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Distinct exits met by region dynamics over a cover of the sample: one exit per (most-moving atom, barrier within 2 meV), deepest region's copy kept.
import json, sys
for fn in sys.argv[1:]:
    L = [json.loads(l) for l in open(fn)]
    ex = {}
    calls = sum(d['sample_calls'] for d in L); cross = sum(d['crossings'] for d in L)
    for d in L:
        for x in d['exits']:
            if not x['joined']: continue
            key = (x['centre'], round(x['barrier'] / 0.002))
            k = next((k for k in ex if k[0] == x['centre'] and abs(ex[k]['barrier'] - x['barrier']) < 0.002), None)
            if k is None: ex[key] = dict(x, regions=1, total=x['times'])
            else:
                ex[k]['regions'] += 1; ex[k]['total'] += x['times']
                if x['depth'] > ex[k]['depth']: ex[k].update(depth=x['depth'], barrier=x['barrier'], dE=x['dE'])
    T = L[0]['T']; bt = L[0]['basin_time_ps']
    print(f"{fn}: T {T} K, {len(L)} regions x {bt} ps, {cross} crossings, {calls:.3g} whole-sample calls, {len(ex)} distinct joined exits")
    for x in sorted(ex.values(), key=lambda x: x['barrier']):
        if x['depth'] < 4: continue
        print(f"   barrier {x['barrier']:.4f} dE {x['dE']:+.4f} atom {x['centre']:4d} depth {x['depth']:5.1f} regions {x['regions']} crossings {x['total']}")
