#!/usr/bin/env bash
# Installs what gdchaos needs (Debian 12), builds it (with MPI: `mpirun -np N gdchaos basin …`), installs the Python package into .venv
# (`import gdchaos` with .venv/bin/python), and renders the paper's Fig. 3 basin map into out/fig3/
# (basin.png, the .npy arrays and meta.json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DGDCHAOS_TESTS=OFF -DGDCHAOS_MPI=ON >/dev/null
cmake --build --preset release
# Debian's interpreter with its numpy and matplotlib; PyPI is not needed (--no-index).
[ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
.venv/bin/pip install --no-index --no-build-isolation --quiet .
echo "import gdchaos: .venv/bin/python (or: source .venv/bin/activate)"
./build/release/gdchaos basin --preset fig3 --out out/fig3 --force
echo "wrote out/fig3/basin.png"
