#!/usr/bin/env python3
"""Two builds of gdchaos (or one build on two SIMD targets) on the same jobs, interleaved.

For each job: the render's time (meta.json's wall_seconds) and the whole process's, medians over
--repeat interleaved runs, and the ratio of the second build to the first. Also the whole process
against its render, the end-to-end overhead (writing the arrays and basin.png).

Usage: compare_builds.py A B [--repeat 5] [--jobs long,fig3,...]
  A, B: a gdchaos binary, optionally with a SIMD target: build/release/gdchaos@baseline
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

JOBS = {
    # the long-orbit job of docs/performance.md: y = 1, η = 0.99, λ = 0
    "long1024": "basin --y 1 --eta 0.99 --window=-2,2,-2,2 --res 1024",
    "long2048": "basin --y 1 --eta 0.99 --window=-2,2,-2,2 --res 2048",
    "fig3-4096": "basin --preset fig3 --res 4096",
    "fig5a": "basin --preset fig5a",
    "dense-general": "basin --d 3 --m 2 --n 2 --target diag:1,0.5 --eta 0.9 --plane random --seed 3 "
                     "--window=-2.5,2.5,-2.5,2.5 --res 384",
    "net-slice": "net basin --data gaussian --samples 64 --arch 8 --steps 400 --eta 0.5 --plane random "
                 "--seed 1 --res 48",
}


def run(binary, args, out):
    exe, _, target = binary.partition("@")
    env = dict(os.environ)
    if target:
        env["GDCHAOS_SIMD"] = target
    t0 = time.perf_counter()
    subprocess.run([exe] + args.split() + ["--quiet", "--out", out], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    total = time.perf_counter() - t0
    with open(os.path.join(out, "meta.json")) as f:
        meta = json.load(f)
    return meta["wall_seconds"], total, meta.get("simd", "?")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", default=",".join(JOBS))
    opt = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'job':14} {'render A':>9} {'render B':>9} {'B/A':>6}   {'total A':>8} {'total B':>8} {'B/A':>6}"
              f"   {'A: total/render':>15} {'B: total/render':>15}")
        for job in opt.jobs.split(","):
            times = {"a": [], "b": []}
            simd = {}
            for r in range(opt.repeat):
                for key, binary in (("a", opt.a), ("b", opt.b)):
                    out = os.path.join(tmp, f"{job}-{key}-{r}")
                    render, total, simd[key] = run(binary, JOBS[job], out)
                    times[key].append((render, total))
                    subprocess.run(["rm", "-rf", out], check=True)
            med = {k: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v)) for k, v in times.items()}
            (ra, ta), (rb, tb) = med["a"], med["b"]
            print(f"{job:14} {ra:9.3f} {rb:9.3f} {rb / ra:6.2f}   {ta:8.3f} {tb:8.3f} {tb / ta:6.2f}"
                  f"   {ta / ra:15.2f} {tb / rb:15.2f}   ({simd['a']} vs {simd['b']})")


if __name__ == "__main__":
    main()
