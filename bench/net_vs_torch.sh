#!/usr/bin/env bash
# `gdchaos net` against PyTorch (CPU, float64, batched with bmm) and numpy on the two network jobs of
# bench/net_jobs.py ("slice": `net basin`, 128² networks; "scan": `net scan`, 200 step sizes). The baselines
# run a subset (networks spread over the job) and extrapolate to the full job; gdchaos, when the binary has
# a `net` subcommand, runs the full jobs, and its starts (the slice's plane from meta.json, the scan's θ₀ from
# init.npy) are handed to the baselines, which then also compare their results with gdchaos's per network.
#
# Installs Debian's python3-torch when it is missing (the only place it is installed).
#
# Usage: bench/net_vs_torch.sh [--gdchaos PATH] [--threads N] [--networks K] [--slice-steps S]
#                              [--points K] [--scan-steps S] [--quick] [--openblas] [--check]
#   --gdchaos PATH   the binary (or env GDCHAOS; default build/release/gdchaos)
#   --threads N      threads for every program (env THREADS; default: all cores)
#   --networks K     slice networks the baselines run (env NETWORKS; default 1024 of 16384)
#   --slice-steps S  their GD steps (env SLICE_STEPS; default the job's 3000)
#   --points K       scan step sizes the baselines run (env POINTS; default all 200)
#   --scan-steps S   their GD steps (env SCAN_STEPS; default 500 of 5000, extrapolated)
#   --quick          a smoke test: 64 networks × 200 steps, 20 points × 20 steps
#   --openblas       apt-get install libopenblas0-pthread first (Debian's default BLAS is netlib's
#                    reference BLAS, much slower); env BLAS_DIR=DIR instead puts DIR/libblas.so.3 first
#                    for the baselines only
#   --check          run the baselines' correctness check (torch vs numpy, finite differences) first
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")/.."
python=/usr/bin/python3  # the system interpreter, with Debian's numpy and torch
gdchaos=${GDCHAOS:-build/release/gdchaos}
threads=${THREADS:-$(nproc)}
networks=${NETWORKS:-1024}
slice_steps=${SLICE_STEPS:-3000}
points=${POINTS:-200}
scan_steps=${SCAN_STEPS:-500}
openblas=0
check=0
usage() { sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gdchaos) gdchaos=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --networks) networks=$2; shift 2 ;;
    --slice-steps) slice_steps=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    --scan-steps) scan_steps=$2; shift 2 ;;
    --quick) networks=64 slice_steps=200 points=20 scan_steps=20; shift ;;
    --openblas) openblas=1; shift ;;
    --check) check=1; shift ;;
    *) usage ;;
  esac
done

if ! "$python" -c "import torch" 2>/dev/null; then
  echo "== installing python3-torch (apt-get)" >&2
  apt-get install -y --no-install-recommends python3-torch >&2 ||
    echo "warning: could not install python3-torch; running the numpy baseline only" >&2
fi
have_torch=0
"$python" -c "import torch" 2>/dev/null && have_torch=1
if [[ $openblas == 1 ]] && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  apt-get install -y --no-install-recommends libopenblas0-pthread >&2
fi
baseline_env=()
if [[ -n ${BLAS_DIR:-} ]]; then
  [[ -e $BLAS_DIR/libblas.so.3 ]] || { echo "BLAS_DIR=$BLAS_DIR holds no libblas.so.3" >&2; exit 2; }
  baseline_env=(env "LD_LIBRARY_PATH=$BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
backends=(numpy)
[[ $have_torch == 1 ]] && backends=(torch numpy)

if [[ $check == 1 ]]; then
  echo "== correctness check"
  "${baseline_env[@]}" "$python" bench/numpy_net_baseline.py --check --threads "$threads"
fi

# gdchaos on the full jobs, when it has them
have_net=0
if [[ -x $gdchaos ]] && "$gdchaos" net --help >/dev/null 2>&1; then
  have_net=1
else
  echo "(no \`net\` subcommand in $gdchaos: baselines only)" >&2
fi
declare -A gd_seconds
for job in slice scan; do
  gd_seconds[$job]=""
  [[ $have_net == 1 ]] || continue
  read -r -a cmd <<<"$("$python" -c "import sys; sys.path.insert(0, 'bench'); import net_jobs; print(net_jobs.JOBS['$job']['gdchaos'])")"
  help=$("$gdchaos" "${cmd[0]}" "${cmd[1]}" --help 2>&1 || true)
  extra=()
  grep -q -- "--threads" <<<"$help" && extra+=(--threads "$threads")
  grep -q -- "--quiet" <<<"$help" && extra+=(--quiet)
  echo "== gdchaos ${cmd[*]} ${extra[*]}" >&2
  start=$(date +%s.%N)
  "$gdchaos" "${cmd[@]}" "${extra[@]}" --out "$work/$job" >"$work/$job.gdchaos.log" 2>&1 ||
    { cat "$work/$job.gdchaos.log" >&2; echo "gdchaos failed on $job" >&2; exit 1; }
  gd_seconds[$job]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
done

# the baselines
for job in slice scan; do
  if [[ $job == slice ]]; then size=(--networks "$networks" --steps "$slice_steps"); else size=(--points "$points" --steps "$scan_steps"); fi
  # gdchaos's own starts: the slice's plane (meta.json: base, dir1, dir2), the scan's θ₀ (init.npy); and,
  # when the baselines run the full step budget, a per-network comparison with gdchaos's results
  from=()
  if [[ $job == slice && -f $work/slice/meta.json ]]; then from=(--plane "$work/slice/meta.json"); fi
  if [[ $job == scan && -f $work/scan/init.npy ]]; then from=(--init "$work/scan/init.npy"); fi
  full_steps=$([[ $job == slice ]] && echo 3000 || echo 5000)
  if [[ ${#from[@]} -gt 0 && ${size[3]} == "$full_steps" ]]; then from+=(--compare "$work/$job"); fi
  for b in "${backends[@]}"; do
    echo "== $b $job ${size[*]}" >&2
    "${baseline_env[@]}" "$python" "bench/${b}_net_baseline.py" --job "$job" "${size[@]}" "${from[@]}" --threads "$threads" \
      | tee -a "$work/results.jsonl"
  done
done

"$python" - "$work/results.jsonl" "${gd_seconds[slice]}" "${gd_seconds[scan]}" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
gd = {"slice": sys.argv[2], "scan": sys.argv[3]}
if rows:
    r = rows[0]
    print(f"\nCPU: {r['cpu_model']} ({r['cpu_cores']} cores), {r['threads']} threads; BLAS: {r['blas']}")
head = f"{'job':6} {'backend':8} {'ran':>12} {'GD s':>8} {'sharp s':>8} {'net-steps/s':>12} {'full job s':>11} {'gdchaos s':>10} {'ratio':>7} {'diverged':>9}"
print(head)
print("-" * len(head))
for r in rows:
    g = gd[r["job"]]
    full = r["extrapolated_seconds_full_job"]
    ratio = f"{full / float(g):7.1f}" if g else f"{'-':>7}"
    print(f"{r['job']:6} {r['backend']:8} {str(r['networks']) + '×' + str(r['steps']):>12} {r['seconds_gd']:8.2f} "
          f"{r['seconds_sharpness']:8.2f} {r['network_steps_per_second']:12.0f} {full:11.1f} "
          f"{(f'{float(g):10.1f}' if g else f'{chr(45):>10}')} {ratio} {r['diverged']:>4}/{r['networks']}")
for r in rows:
    c = r.get("compare_gdchaos")
    if c:
        print(f"{r['job']} {r['backend']} vs gdchaos, per network: same diverged/not {c['same_diverged']}/{c['of']}; of the "
              f"{c['both_alive']} alive in both, within 1e-5: loss {c['loss']['within_1e_5']}, norm2 {c['norm2']['within_1e_5']}, "
              f"sharpness {c['sharpness']['within_1e_5']}")
print("full job s: the baseline's time extrapolated to the whole job (networks alive after the steps run are assumed\n"
      "to run to the end); ratio: that over gdchaos's measured time on the whole job (which may also stop networks\n"
      "early on a convergence certificate; the baselines always run the full budget).")
EOF
