#!/usr/bin/env bash
# Installs what gdchaos needs (Debian 12), builds everything, and runs the whole test suite; then
# the hostile-input, I/O and CLI tests again under AddressSanitizer and UBSan (the debug preset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DGDCHAOS_TESTS=ON >/dev/null
cmake --build --preset release
ctest --preset release -j 2

# The sanitizer pass: the tests that feed the tool hostile input and check what it writes.
sanitized='Robust|OutputDir|OutputFile|InputFile|Npy|Png|Recipe|Cli'
cmake --preset debug -DGDCHAOS_TESTS=ON -DGDCHAOS_BENCH=OFF >/dev/null
cmake --build --preset debug
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --preset debug -j 2 -R "$sanitized"
