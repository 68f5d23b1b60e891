#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Kills a catalog fill (build/bench/catalog_growth) with SIGKILL at random moments and reads
# the file it was appending to; every kill must leave a catalog that loads.
#   bash bench/catalog_kill.sh [trials]    (from the source directory, after a build)
set -u
trials=${1:-8}
file=/tmp/metabasin_catalog_growth.h5
for t in $(seq 1 "$trials"); do
  ./build/bench/catalog_growth 100000 60 > /dev/null 2>&1 &
  pid=$!
  # The 60 searches that size the events take ~25 s; the fill starts after them.
  sleep "$((25 + RANDOM % 8)).$((RANDOM % 10))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  echo "kill $t: $(./build/metabasin catalog summary "$file" 2>&1 | grep -E '^minima|^saddles|error' | tr -s ' ' | tr '\n' ' ')"
done
