#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs every reader harness (or those named) for N executions, one after the other, and prints
# a table: harness, executions, seconds, exec/s, crashes. Corpora grow under WORK/corpus/<harness>
# (seeded from the repository's real files on first use); a crash, hang (-timeout), memory
# blow-up (-rss_limit_mb, -malloc_limit_mb) or leak is saved under WORK/artifacts/<harness>/
# and ends that harness's run (libFuzzer stops at the first finding). -t caps each harness's
# time (0: no cap), for when N executions would take too long. -k keeps going past findings
# (libFuzzer's fork mode, one job at a time): the HDF5 harnesses need it, since libhdf5 1.10
# itself faults on some corrupt files; tests/fuzz/triage.sh then says where each one is.
#   tests/fuzz/run.sh [-b BUILD_DIR] [-k] [-n RUNS] [-t SECONDS] [-w WORK] [harness...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build-fuzz"
runs=1000000
seconds=0
work=""
keep_going=()
while getopts "b:kn:t:w:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    k) keep_going=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1) ;;
    n) runs=$OPTARG ;;
    t) seconds=$OPTARG ;;
    w) work=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-k] [-n RUNS] [-t SECONDS] [-w WORK] [harness...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
work=${work:-$build/fuzz-work}
bin="$build/tests/fuzz"
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_input_yaml fuzz_lammps_data fuzz_eam_tables fuzz_catalog_file
                                         fuzz_inherent_sequence fuzz_hdf5_structured)
for h in "${harnesses[@]}" fuzz_make_seeds; do
  [ -x "$bin/$h" ] || { echo "$bin/$h missing: build with the command in tests/fuzz/README.md" >&2; exit 2; }
done

# Seeds: the repository's inputs and small data files, the bundled EAM tables cut down to a
# few grid points, and a small catalog and sequence written by our own writers.
seeds="$work/seeds"
if [ ! -d "$seeds" ]; then
  mkdir -p "$seeds"
  tables=()
  for t in "$root"/potentials/*.eam.* "$root"/../shared/potentials/*.eam.*; do
    [ -f "$t" ] && tables+=("$t")
  done
  "$bin/fuzz_make_seeds" "$seeds" "${tables[@]}"
fi
seed_corpus() {
  local dir="$work/corpus/$1"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  case $1 in
    fuzz_input_yaml) cp "$root"/inputs/*.yaml "$dir"/ ;;
    fuzz_lammps_data) find "$root/inputs/data" -name '*.data' -size -32k -exec cp {} "$dir"/ \; ;;
    fuzz_eam_tables) cp "$seeds"/small-* "$dir"/ ;;
    fuzz_catalog_file) cp "$seeds"/catalog-small.h5 "$dir"/ ;;
    fuzz_inherent_sequence) cp "$seeds"/sequence-small.h5 "$dir"/ ;;
    fuzz_hdf5_structured) ;;  # builds its files from scratch
  esac
}

# A private scratch directory for the files the harnesses write.
export METABASIN_FUZZ_TMP="$work/tmp"
export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# A C malloc() the allocator cannot serve returns NULL, as it does outside the sanitizer:
# libhdf5 asks for terabytes on some corrupt files, gets NULL and fails the open, which our
# readers turn into an InputError. C++ `new` still reports such a request as a finding.
export ASAN_OPTIONS="allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
mkdir -p "$METABASIN_FUZZ_TMP"
summary="$work/summary.txt"
: >"$summary"
for h in "${harnesses[@]}"; do
  seed_corpus "$h"
  mkdir -p "$work/artifacts/$h" "$work/logs"
  log="$work/logs/$h.log"
  marker="$work/logs/$h.start"
  touch "$marker"
  start=$(date +%s.%N)
  set +e
  "$bin/$h" "${keep_going[@]}" -runs="$runs" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$h/" "$work/corpus/$h" >"$log" 2>&1
  status=$?
  set -e
  end=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # Fork mode prints no final stats: its progress lines ("#N: cov: ...") count the executions.
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
  crashes=$(find "$work/artifacts/$h" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
            -o -name 'leak-*' -o -name 'slow-unit-*' \) -newer "$marker" 2>/dev/null | grep -vc slow-unit || true)
  [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && [ ${#keep_going[@]} -eq 0 ] && crashes=1  # died without an artifact
  secs=$(echo "$end - $start" | bc)
  rate=$(echo "scale=0; ${execs:-0} / $secs" | bc)
  printf '%-24s %12s %9.1f %9s %8s\n' "$h" "${execs:-?}" "$secs" "$rate" "$crashes" | tee -a "$summary"
done
echo
printf '%-24s %12s %9s %9s %8s\n' harness executions seconds exec/s crashes
cat "$summary"
