#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# One command from a bare Debian 12: install what is missing, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
