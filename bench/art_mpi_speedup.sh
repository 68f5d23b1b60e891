#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Wall time of the same ART task (N searches on the 3D Cu-Zr glass) on 1 and on 2 MPI ranks.
# usage: bash bench/art_mpi_speedup.sh [build-dir] [searches]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/art.yaml" <<YAML
system: {data: $root/inputs/data/cuzr-eam-2000-glass-10Kps.data, dimension: 3}
potential: {style: eam/alloy, file: $root/potentials/ZrCuAl2011.eam.alloy, elements: [Cu, Zr]}
task: art
art: {searches: $n, seed: 3, fmax: 0.005}
minimize: {method: lbfgs, fmax: 1.0e-4, etol: 1.0e-12}
YAML
s1=$(date +%s.%N); "$build/metabasin" run "$work/art.yaml" > "$work/one.json" 2> /dev/null; e1=$(date +%s.%N)
s2=$(date +%s.%N); mpirun --allow-run-as-root -np 2 "$build/metabasin" run "$work/art.yaml" > "$work/two.json" 2> /dev/null; e2=$(date +%s.%N)
python3 - "$s1" "$e1" "$s2" "$e2" "$work" <<'PY'
import json, sys
s1, e1, s2, e2, work = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
one = json.loads(open(work + "/one.json").read().strip().split("\n")[-1])
two = json.loads(open(work + "/two.json").read().strip().split("\n")[-1])
print(f"1 rank: {e1 - s1:.1f} s, 2 ranks: {e2 - s2:.1f} s, speed-up {(e1 - s1) / (e2 - s2):.2f}; "
      f"converged {one['converged']} vs {two['converged']} (same searches)")
PY
