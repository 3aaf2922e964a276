#!/usr/bin/env bash
# Installs what gdchaos needs (Debian 12), builds everything, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DGDCHAOS_TESTS=ON >/dev/null
cmake --build --preset release
ctest --preset release -j 2
