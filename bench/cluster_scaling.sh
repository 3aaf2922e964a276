#!/usr/bin/env bash
# 1 → 2 ranks on this machine, one thread a rank, for docs/cluster.md: the long-orbit job
# (y = 1, η = 0.99, λ = 0 on [−2, 2]², max-iter 20000) end to end, one process against
# `mpirun -np 2`, each the median of REPS runs. Beside them, what any MPI run of gdchaos costs
# before and after the work (launch, MPI_Init, MPI_Finalize: a 1-pixel render under mpirun) and
# the render phase alone (meta.json: the one process's wall_seconds, the sum of its bands' render
# times; the ranks' queue_seconds, until the last band was written on rank 0).
# Also checks that the two outputs are byte-identical.
#   bench/cluster_scaling.sh [BUILD_DIR] [REPS] [RES] [ENGINE]
set -euo pipefail
build=${1:-build/release}
reps=${2:-3}
res=${3:-1024}
engine=${4:-dense}
gdchaos=$(realpath "$build/gdchaos")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
job="basin --y 1 --eta 0.99 --window -2,2,-2,2 --max-iter 20000 --res $res --engine $engine --threads 1 --quiet"
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); calc "$t1 - $t0"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
one=(); two=(); launch=(); render1=(); render2=()
for r in $(seq "$reps"); do
  rm -rf "$work/one" "$work/two"
  one+=("$(seconds "$gdchaos" $job --out "$work/one")")
  two+=("$(seconds mpirun --oversubscribe -np 2 "$gdchaos" $job --out "$work/two")")
  rm -rf "$work/tiny"
  launch+=("$(seconds mpirun --oversubscribe -np 2 "$gdchaos" basin --y 1 --eta 0.5 --res 1 --quiet --out "$work/tiny")")
  render1+=("$(/usr/bin/python3 -c "import json; print(json.load(open('$work/one/meta.json'))['wall_seconds'])")")
  render2+=("$(/usr/bin/python3 -c "import json; print(json.load(open('$work/two/meta.json'))['queue_seconds'])")")
done
for f in "$work"/one/*.npy "$work"/one/basin.png; do cmp -s "$f" "$work/two/$(basename "$f")" || { echo "differs: $f" >&2; exit 1; }; done
t1=$(printf '%s\n' "${one[@]}" | median); t2=$(printf '%s\n' "${two[@]}" | median); tl=$(printf '%s\n' "${launch[@]}" | median)
r1=$(printf '%s\n' "${render1[@]}" | median); r2=$(printf '%s\n' "${render2[@]}" | median)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); cores=$(nproc)
printf '{"cpu": "%s", "cores": %s, "res": %s, "engine": "%s", "reps": %s,\n' "$cpu" "$cores" "$res" "$engine" "$reps"
printf ' "one_process_s": %.3f, "two_ranks_s": %.3f, "mpi_fixed_cost_s": %.3f,\n' "$t1" "$t2" "$tl"
printf ' "render_one_process_s": %.3f, "render_two_ranks_s": %.3f,\n' "$r1" "$r2"
printf ' "speedup": %.3f, "speedup_beyond_mpi_fixed_cost": %.3f, "render_speedup": %.3f, "identical_output": true}\n' \
  "$(calc "$t1 / $t2")" "$(calc "$t1 / ($t2 - $tl)")" "$(calc "$r1 / $r2")"
