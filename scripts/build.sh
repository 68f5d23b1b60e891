#!/usr/bin/env bash
# Configures and builds metabasin, its tests and benchmarks into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMETABASIN_BUILD_TESTS=ON -DMETABASIN_BUILD_BENCH=ON
cmake --build build -j"$(nproc)"
