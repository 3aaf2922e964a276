#!/usr/bin/env bash
# Installs what gdchaos needs (Debian 12), builds everything, and runs the whole test suite (the
# Python package's pytest suite included, then its installation into a virtual environment); then
# the hostile-input, I/O and CLI tests again under AddressSanitizer and UBSan (the debug preset,
# built without MPI, so the single-process build is tested too).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DGDCHAOS_TESTS=ON -DGDCHAOS_MPI=ON >/dev/null
cmake --build --preset release
ctest --preset release -j 2

# The README's Python set-up: the package installs into a virtual environment (Debian's
# interpreter, its numpy and matplotlib) with no index, and imports from there.
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --no-index --no-build-isolation --quiet .
(cd "$venv" && "$venv/bin/python" -c "import gdchaos; r = gdchaos.basin(y=0.5, lam=0.2, eta=1.0, res=32); assert r.status.shape == (32, 32)")

# The sanitizer pass: the tests that feed the tool hostile input and check what it writes.
sanitized='Robust|OutputDir|OutputFile|InputFile|Npy|Png|Recipe|Cli'
cmake --preset debug -DGDCHAOS_TESTS=ON -DGDCHAOS_BENCH=OFF -DGDCHAOS_PYTHON=OFF >/dev/null
cmake --build --preset debug
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --preset debug -j 2 -R "$sanitized"
