#!/usr/bin/env bash
# Every performance measurement of docs/performance.md in one run: builds the release preset,
# then runs the engine benchmarks (thread scaling included), both numpy baselines against
# `gdchaos basin`, and, with --big, the 16384² render whose peak memory target 5 is about
# (5.8 GB of output, written under a temporary directory and removed).
#
# Usage: bench/run_all.sh [--big]
set -euo pipefail
cd "$(dirname "$0")/.."
big=0
for arg in "$@"; do
  case "$arg" in
    --big) big=1 ;;
    *) echo "usage: bench/run_all.sh [--big]" >&2; exit 2 ;;
  esac
done

cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
python=${GDCHAOS_PYTHON:-/usr/bin/python3}

echo "== the SIMD target: $(build/release/gdchaos --version | tail -1); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "== engine benchmarks (point-iterations per second; /N = threads; medians of 3)"
json=$(mktemp)
trap 'rm -f "$json"' EXIT
build/release/bench/gdchaos_bench --benchmark_counters_tabular=true --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_out="$json" --benchmark_out_format=json 2>/dev/null |
  grep -E "^(Benchmark|-)|_median"
echo "== the exact engine against its limit (the bare step, same target, same run)"
"$python" bench/limit_fractions.py <"$json"

echo "== end to end: whole process against the render (medians of 3, interleaved)"
"$python" bench/compare_builds.py build/release/gdchaos build/release/gdchaos@baseline --repeat 3 \
  --jobs long1024,fig3-4096
echo "   (second column: the portable baseline target, for the same maps; a -march=native build to"
echo "    compare with: configure one with -DGDCHAOS_NATIVE=ON and run bench/compare_builds.py on both)"

echo "== networks: FMA peak of one core, the batched gradient in useful flop/s, a band of the slice job"
build/release/bench/gdchaos_bench_network --benchmark_counters_tabular=true 2>/dev/null | grep -E "^(Benchmark|-|Fma|Grad|Slice)"
echo "   (against PyTorch and numpy: bench/net_vs_torch.sh, which installs python3-torch)"

echo "== target 2: the long-orbit job against numpy (1024², same classification)"
"$python" bench/numpy_baseline.py --gdchaos build/release/gdchaos --res 1024

echo "== target 3: Fig. 5 shapes against numpy (192²)"
"$python" bench/numpy_dense_baseline.py --gdchaos build/release/gdchaos --res 192

if [[ $big == 1 ]]; then
  echo "== target 5: a 16384² Fig. 3 render, streamed to disk"
  out=$(mktemp -d)
  trap 'rm -rf "$out" "$json"' EXIT
  /usr/bin/time -f "elapsed %e s, peak RSS %M KB" build/release/gdchaos basin --preset fig3 --res 16384 --quiet \
    --out "$out/map"
  grep -E '"(wall_seconds|point_iterations)"' "$out/map/meta.json"
  du -sh "$out/map"
fi
