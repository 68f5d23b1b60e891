#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Force-evaluation throughput of metabasin vs LAMMPS (serial, one core) on identical
# configurations: 2D Cu-Zr LJ and 3D Cu-Zr EAM (alloy and fs) at N ~ 1e3, 1e4, 1e5.
#
# Measured fairly: CPU time against CPU time (Google Benchmark's cpu_time per call; LAMMPS'
# loop time times its "% CPU use"), both sides with a 1 A neighbour skin, every LAMMPS run at
# least ~1 s long (its step count calibrated by a short run), and REPS interleaved repetitions
# (ours, then LAMMPS', for each case in turn), reported as the median ratio and its range.
# Three comparisons, each like with like:
#   thermo   metabasin energy+forces+virial  vs  LAMMPS printing pe and press every step
#   eflag    metabasin energy+forces+virial  vs  LAMMPS computing pe and press every step (fix
#            ave/time), no output
#   forces   metabasin forces only           vs  LAMMPS with thermo output at the ends only
# Ratio > 1: metabasin is faster.
# usage: bash bench/compare_lammps.sh [build-dir] [reps] [systems] [sizes]
#   e.g. bash bench/compare_lammps.sh build 3 "LJ2D EamAlloy3D EamFs3D" "1000 10000 100000"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
reps=${2:-3}
systems=${3:-LJ2D EamAlloy3D EamFs3D}
sizes=${4:-1000 10000 100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v lmp > /dev/null || { echo "compare_lammps.sh: lmp (Debian package lammps) is missing" >&2; exit 1; }

# Writes the system's sample of about n atoms to $work/s.data and its pair lines to $work/pair.
make_case() {  # system n
  local system=$1 n=$2
  case $system in
    LJ2D)
      local nx ny
      nx=$(python3 -c "import math; print(round(math.sqrt($n/2*math.sqrt(3))))")
      ny=$(python3 -c "print(round($n/2/$nx))")
      "$build/make_sample" hex 2.915 "$nx" "$ny" 1 0.3 2026 "$work/s.data" 63.546:0.5 91.224:0.5 2> /dev/null
      printf 'dimension 2\n' > "$work/dim"
      printf '%s\n' "pair_style lj/cut 7.014" "pair_coeff 1 1 0.128 2.338 5.845" "pair_coeff 1 2 0.128 2.5718 6.4295" \
        "pair_coeff 2 2 0.128 2.8056 7.014" "pair_modify shift yes" > "$work/pair" ;;
    EamAlloy3D|EamFs3D)
      local c
      c=$(python3 -c "print(round(($n/2)**(1/3)))")
      "$build/make_sample" bcc 3.275 "$c" "$c" "$c" 0.25 2026 "$work/s.data" 63.546:0.5 91.224:0.5 2> /dev/null
      printf 'dimension 3\n' > "$work/dim"
      if [ "$system" = EamAlloy3D ]; then
        printf '%s\n' "pair_style eam/alloy" "pair_coeff * * $root/potentials/ZrCuAl2011.eam.alloy Cu Zr" > "$work/pair"
      else
        printf '%s\n' "pair_style eam/fs" "pair_coeff * * $root/potentials/Cu-Zr_2.eam.fs Cu Zr" > "$work/pair"
      fi ;;
  esac
}

# LAMMPS CPU seconds per step for the current case: variant steps -> "seconds natoms".
lammps_step() {
  local variant=$1 steps=$2 block
  case $variant in
    thermo) block="thermo 1
thermo_style custom step pe press" ;;
    eflag) block="thermo $steps
variable e equal pe
variable p equal press
fix e all ave/time 1 1 1 v_e v_p" ;;
    forces) block="thermo $steps" ;;
  esac
  cat > "$work/in.lmp" <<LMP
units metal
atom_style atomic
$(cat "$work/dim")
boundary p p p
read_data $work/s.data
$(cat "$work/pair")
neighbor 1.0 bin
neigh_modify every 1 delay 0 check yes
$block
run $steps
LMP
  lmp -nocite -log none -screen "$work/screen.txt" -in "$work/in.lmp" > /dev/null
  python3 - "$work/screen.txt" "$steps" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
loop = re.findall(r"^Loop time of ([0-9.eE+-]+) on \d+ procs for \d+ steps with (\d+) atoms", text, re.M)[-1]
cpu = re.findall(r"^([0-9.]+)% CPU use", text, re.M)[-1]
print(float(loop[0]) * float(cpu) / 100.0 / int(sys.argv[2]), loop[1])
PY
}

# metabasin CPU seconds per call: benchmark name -> "seconds natoms".
ours_step() {
  "$build/bench/bench_forces" --benchmark_filter="^$1\$" --benchmark_min_time=1 --benchmark_format=json \
    2> /dev/null | python3 -c "
import json, sys
b = json.load(sys.stdin)['benchmarks'][0]
scale = {'ns': 1e-9, 'us': 1e-6, 'ms': 1e-3, 's': 1.0}[b['time_unit']]
print(b['cpu_time'] * scale, int(b['atoms']))"
}

printf '%-12s %7s %-7s %12s %12s %8s %17s\n' system atoms variant "ours us/step" "LAMMPS" "ratio" "range (n=$reps)"
for system in $systems; do
  for n in $sizes; do
    make_case "$system" "$n"
    # Calibrate: LAMMPS steps for a loop of about 1.5 s.
    per=$(lammps_step forces 10 | cut -d' ' -f1)
    steps=$(python3 -c "print(max(10, int(1.5 / max($per, 1e-9))))")
    declare -A ratios=() ours_us=() theirs_us=()
    for ((r = 0; r < reps; r++)); do
      for variant in thermo eflag forces; do
        name="BM_$system/$n"
        [ "$variant" = forces ] && name="BM_${system}ForcesOnly/$n"
        read -r ours atoms <<< "$(ours_step "$name")"
        read -r theirs natoms <<< "$(lammps_step "$variant" "$steps")"
        ratios[$variant]+="$(python3 -c "print($theirs / $ours)") "
        ours_us[$variant]+="$(python3 -c "print($ours * 1e6)") "
        theirs_us[$variant]+="$(python3 -c "print($theirs * 1e6)") "
      done
    done
    for variant in thermo eflag forces; do
      python3 - "$system" "$atoms" "$variant" "${ours_us[$variant]}" "${theirs_us[$variant]}" "${ratios[$variant]}" <<'PY'
import statistics, sys
system, atoms, variant = sys.argv[1:4]
ours, theirs, ratio = ([float(v) for v in a.split()] for a in sys.argv[4:7])
print(f"{system:<12} {atoms:>7} {variant:<7} {statistics.median(ours):12.1f} {statistics.median(theirs):12.1f} "
      f"{statistics.median(ratio):8.2f} {min(ratio):8.2f}-{max(ratio):.2f}")
PY
    done
    unset ratios ours_us theirs_us
  done
done
