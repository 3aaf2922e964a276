#!/usr/bin/env bash
# Installs what gdchaos needs (Debian 12), builds it, and renders the paper's Fig. 3 basin map
# into out/fig3/ (basin.png, the .npy arrays and meta.json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DGDCHAOS_TESTS=OFF >/dev/null
cmake --build --preset release
./build/release/gdchaos basin --preset fig3 --out out/fig3 --force
echo "wrote out/fig3/basin.png"
