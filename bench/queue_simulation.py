#!/usr/bin/python3
"""What the MPI work queue does at many ranks, simulated from a measured render.

Reads steps.npy of a `gdchaos basin` output (the GD steps each pixel ran: a pixel's cost is
proportional to them, the engines' per-step cost being the same for every pixel of a map), cuts
the map into the bands the queue would hand out at R ranks (docs/cluster.md: H / (16 R) rows,
rounded to the engine's tile rows), and replays the queue: each band goes to the rank that is free
first (rank 0's own worker included), a band's time is its steps divided by the measured rate
(steps per second of one thread), and every band costs `--latency` seconds more (the message and
rank 0's write). Compared with the static split (R equal blocks of rows) and with the ideal
(total / R). Prints one JSON object.

    bench/queue_simulation.py OUT_DIR --rate STEPS_PER_S [--ranks 2,8,64] [--quantum Q]
"""
import argparse
import heapq
import json
import sys

import numpy as np


def bands(rows, unit):
    return [(b, min(rows, b + unit)) for b in range(0, rows, unit)]


def makespan_queue(costs, ranks, latency):
    free = [0.0] * ranks  # when each rank is next free
    heapq.heapify(free)
    for c in costs:  # in row order, as the queue hands them out
        t = heapq.heappop(free)
        heapq.heappush(free, t + c + latency)
    return max(free)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--rate", type=float, required=True, help="GD steps per second of one thread (measured)")
    p.add_argument("--ranks", default="2,8,16,64")
    p.add_argument("--quantum", type=int, default=1, help="tile rows of the engine (band_row_quantum)")
    p.add_argument("--per-rank", type=int, default=16, help="bands a rank (kBandsPerRank)")
    p.add_argument("--latency", type=float, default=2e-3, help="seconds a band costs beyond its pixels")
    a = p.parse_args()
    steps = np.load(f"{a.out}/steps.npy").astype(np.float64)
    H, W = steps.shape
    row_cost = steps.sum(axis=1) / a.rate
    total = row_cost.sum()
    pixel = steps.ravel()
    report = {"map": [int(W), int(H)], "total_seconds_one_thread": total,
              "pixel_steps": {"min": float(pixel.min()), "median": float(np.median(pixel)), "max": float(pixel.max()),
                              "p99_over_median": float(np.percentile(pixel, 99) / max(1.0, np.median(pixel)))},
              "ranks": []}
    for R in [int(r) for r in a.ranks.split(",")]:
        unit = max(1, H // (R * a.per_rank) // a.quantum) * a.quantum
        costs = [row_cost[b:e].sum() for b, e in bands(H, unit)]
        queue = makespan_queue(costs, R, a.latency)
        static = max(row_cost[b:e].sum() for b, e in bands(H, -(-H // R)))
        ideal = total / R
        report["ranks"].append({"ranks": R, "band_rows": unit, "bands": len(costs),
                                "band_cost_max_over_median": float(max(costs) / max(1e-300, np.median(costs))),
                                "queue_speedup": total / queue, "queue_efficiency": ideal / queue,
                                "static_speedup": total / static, "static_efficiency": ideal / static})
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
