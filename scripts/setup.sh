#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# One command from a bare Debian 12: install dependencies, build build/metabasin, and run
# the main job on the small bundled example (the quick strain-rate sweep of a 256-atom 2D
# Cu-Zr Lennard-Jones glass, 1e10 to 1 1/s; outputs in out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# Two ranks, each taking the next sweep point as it finishes one (mpirun refuses root
# unless told; --oversubscribe lets a one-core machine run both).
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--allow-run-as-root)
mpirun "${as_root[@]}" --oversubscribe -np 2 build/metabasin sweep inputs/sweep-lj2d-quick.yaml
