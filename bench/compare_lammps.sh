#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Force-evaluation throughput of metabasin vs LAMMPS (serial, one core) on identical
# configurations: 2D Cu-Zr LJ and 3D Cu-Zr EAM (alloy and fs) at N ~ 1e3, 1e4, 1e5.
# LAMMPS: `run` without any fix recomputes forces every step without moving atoms, with the
# same 1 A neighbor skin, and energy and pressure printed every step (both sides compute
# energy, forces and virial on every call). Prints one table; usage: bash bench/compare_lammps.sh [build-dir] [forces|md]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mode=${2:-forces}  # forces | md
"$build/bench/bench_forces" --benchmark_filter='BM_(LJ2D|EamAlloy3D|EamFs3D)/' --benchmark_min_time=1 \
  --benchmark_format=json > "$work/metabasin.json" 2> /dev/null

lammps_rate() {  # system n [md] -> atom-steps per second
  local system=$1 n=$2 md=${3:-} steps data pair dim
  case $system in
    LJ2D)
      local nx ny
      nx=$(python3 -c "import math; print(round(math.sqrt($n/2*math.sqrt(3))))")
      ny=$(python3 -c "print(round($n/2/$nx))")
      "$build/make_sample" hex 2.915 "$nx" "$ny" 1 0.3 2026 "$work/s.data" 63.546:0.5 91.224:0.5 2> /dev/null
      dim=2
      pair="pair_style lj/cut 7.014
pair_coeff 1 1 0.128 2.338 5.845
pair_coeff 1 2 0.128 2.5718 6.4295
pair_coeff 2 2 0.128 2.8056 7.014
pair_modify shift yes" ;;
    EamAlloy3D|EamFs3D)
      local c
      c=$(python3 -c "print(round(($n/2)**(1/3)))")
      "$build/make_sample" bcc 3.275 "$c" "$c" "$c" 0.25 2026 "$work/s.data" 63.546:0.5 91.224:0.5 2> /dev/null
      dim=3
      if [ "$system" = EamAlloy3D ]; then
        pair="pair_style eam/alloy
pair_coeff * * $root/potentials/ZrCuAl2011.eam.alloy Cu Zr"
      else
        pair="pair_style eam/fs
pair_coeff * * $root/potentials/Cu-Zr_2.eam.fs Cu Zr"
      fi ;;
  esac
  steps=$(python3 -c "print(max(5, int(2e7 / ($n * (30 if '$system'=='LJ2D' else 400)))))")
  local run_block
  if [ -n "$md" ]; then
    # NVT with a Nose-Hoover chain, thermo output every 100 steps as a user would run it.
    run_block="velocity all create 300 1 dist gaussian
fix 1 all nvt temp 300 300 0.1
timestep 0.002
run 20
thermo 100
run $steps"
  else
    # Energy and virial every step, as metabasin computes them on every call.
    run_block="thermo 1
thermo_style custom step pe press
run $steps"
  fi
  cat > "$work/in.lmp" <<LMP
units metal
atom_style atomic
dimension $dim
boundary p p p
read_data $work/s.data
$pair
neighbor 1.0 bin
neigh_modify every 1 delay 0 check yes
$run_block
LMP
  local loop natoms
  lmp -nocite -log none -screen "$work/screen.txt" -in "$work/in.lmp" > /dev/null
  loop=$(grep "^Loop time" "$work/screen.txt" | tail -1 | awk '{print $4}')
  natoms=$(grep "^Loop time" "$work/screen.txt" | tail -1 | awk '{print $(NF-1)}')
  python3 -c "print($natoms * $steps / $loop)"
}

if [ "$mode" = md ]; then
  "$build/bench/bench_md" --benchmark_min_time=2 --benchmark_format=json > "$work/md.json" 2> /dev/null
  printf 'NVT MD (Nose-Hoover), atom-steps per second\n%-14s %8s %16s %16s %8s\n' system atoms "metabasin/s" "LAMMPS/s" ratio
  for system in LJ2D EamAlloy3D; do
    ours=$(python3 -c "
import json
d = json.load(open('$work/md.json'))
b = [b for b in d['benchmarks'] if b['name'] == 'BM_Md$system/10000'][0]
print(b['items_per_second'], int(b['atoms']))")
    rate=${ours% *}; atoms=${ours#* }
    theirs=$(lammps_rate "$system" 10000 md)
    printf '%-14s %8d %16.4g %16.4g %8.2f\n' "$system" "$atoms" "$rate" "$theirs" "$(python3 -c "print($rate/$theirs)")"
  done
  exit 0
fi
printf '%-14s %8s %16s %16s %8s\n' system atoms "metabasin/s" "LAMMPS/s" ratio
for system in LJ2D EamAlloy3D EamFs3D; do
  for n in 1000 10000 100000; do
    ours=$(python3 -c "
import json
d = json.load(open('$work/metabasin.json'))
b = [b for b in d['benchmarks'] if b['name'] == 'BM_$system/$n'][0]
print(b['items_per_second'], int(b['atoms']))")
    rate=${ours% *}; atoms=${ours#* }
    theirs=$(lammps_rate "$system" "$n")
    printf '%-14s %8d %16.4g %16.4g %8.2f\n' "$system" "$atoms" "$rate" "$theirs" "$(python3 -c "print($rate/$theirs)")"
  done
done
