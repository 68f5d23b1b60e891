#!/usr/bin/env bash
# One command from a bare Debian 12: install dependencies, build build/metabasin, and run
# the main job on the small bundled example (relax a 2D Cu-Zr Lennard-Jones glass sample).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build/metabasin run inputs/lj2d-cuzr-minimize.yaml
