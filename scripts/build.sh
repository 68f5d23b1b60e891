#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configures and builds metabasin, its tests and benchmarks into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMETABASIN_BUILD_TESTS=ON -DMETABASIN_BUILD_BENCH=ON
cmake --build build -j"$(nproc)"
