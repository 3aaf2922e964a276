#!/usr/bin/env python3
"""The engines as fractions of the machine's limits, from one run of gdchaos_bench.

Reads Google Benchmark's JSON (--benchmark_format=json) on stdin and prints, per thread count,
the exact engine's rate on the long-orbit job against BareExactStep (its bare step on the same
SIMD target, in the same run).
"""
import json
import sys

runs = json.load(sys.stdin)["benchmarks"]
rate = {}
label = {}
for b in runs:
    if b.get("aggregate_name", "median") != "median":
        continue
    name = b.get("run_name", b["name"]).split("/")
    rate[(name[0], name[1] if len(name) > 1 else "")] = b["point_iters_per_s"]
    if b.get("label"):
        label[name[0]] = b["label"]
target = label.get("BareExactStep", "?")
for threads in ("1", "2"):
    bare, engine = rate.get(("BareExactStep", threads)), rate.get(("ExactLongOrbits", threads))
    if bare and engine:
        print(f"exact engine, long-orbit job, {threads} thread(s), {target}: {engine:.3g} /s = "
              f"{100 * engine / bare:.0f} % of the bare step ({bare:.3g} /s)")
