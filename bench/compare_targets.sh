#!/usr/bin/env bash
# Every SIMD target this CPU runs renders the same maps: the 11 presets at 384², the long-orbit
# job, Fig. 3 with momentum and a network slice, once per target (GDCHAOS_SIMD), then every .npy and
# basin.png compared byte for byte with the baseline's. Exit 1 on any difference.
#
# Usage: bench/compare_targets.sh [BUILD/gdchaos]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/gdchaos}
targets=$("$bin" --version | sed -n 's/.*this CPU runs: \(.*\))/\1/p' | tr -d ' ' | tr ',' ' ')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
  mkdir "$work/$t"
  for p in fig1 fig2 fig3 fig4a fig4b fig4c fig4d fig5a fig5b fig5c fig5d; do
    GDCHAOS_SIMD=$t "$bin" basin --preset $p --res 384 --quiet --out "$work/$t/$p"
  done
  GDCHAOS_SIMD=$t "$bin" basin --y 1 --eta 0.99 --lambda 0 --window -2,2,-2,2 --res 512 --max-iter 20000 --quiet \
    --out "$work/$t/long"
  GDCHAOS_SIMD=$t "$bin" basin --preset fig3 --momentum 0.3 --res 256 --quiet --out "$work/$t/momentum"
  GDCHAOS_SIMD=$t "$bin" net basin --data gaussian --arch 8,8 --steps 300 --eta 0.5 --res 24 --quiet --out "$work/$t/net"
done
status=0 files=0
for t in $targets; do
  [[ $t == baseline ]] && continue
  for job in "$work"/baseline/*/; do
    name=$(basename "$job")
    for f in "$job"*.npy "$job"basin.png; do
      files=$((files + 1))
      cmp -s "$f" "$work/$t/$name/$(basename "$f")" || { echo "differs: $t $name $(basename "$f")"; status=1; }
    done
  done
done
echo "targets: $targets; $files files compared with the baseline's: $([[ $status == 0 ]] && echo identical || echo DIFFERENT)"
exit $status
