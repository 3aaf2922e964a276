#!/usr/bin/python3
"""What the MPI work queue does at many ranks, simulated from a measured render.

Reads steps.npy of a `gdchaos basin` output (the GD steps each pixel ran: a pixel's cost is
proportional to them, the engines' per-step cost being the same for every pixel of a map), cuts
the map into the bands the queue would hand out at R ranks (docs/cluster.md: H / (16 R) rows,
rounded to the engine's tile rows), and replays the queue: each band goes to the rank that is free
first (rank 0's own worker included), a band's time is its steps divided by the measured rate
(steps per second of one thread) plus `--latency` seconds (the messages). Rank 0 writes the results
one at a time as they arrive (`--write-us` µs a pixel, measured), while the rank that sent one goes
on with its next band. Compared with a static split (R equal blocks of rows) and with the ideal
(total / R). Prints one JSON object.

    bench/queue_simulation.py OUT_DIR --rate STEPS_PER_S [--write-us W] [--ranks 2,8,64] [--quantum Q]
"""
import argparse
import heapq
import json
import sys

import numpy as np


def bands(rows, unit):
    return [(b, min(rows, b + unit)) for b in range(0, rows, unit)]


def makespan_queue(costs, pixels, ranks, latency, write_s_per_pixel):
    """(compute makespan, makespan with rank 0's writer) of the queue."""
    free = [0.0] * ranks  # when each rank is next free
    heapq.heapify(free)
    writer = 0.0
    for c, n in zip(costs, pixels):  # in row order, as the queue hands them out
        t = heapq.heappop(free)
        done = t + latency + c
        heapq.heappush(free, done)
        writer = max(writer, done) + n * write_s_per_pixel
    return max(free), max(max(free), writer)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--rate", type=float, required=True, help="GD steps per second of one thread (measured)")
    p.add_argument("--ranks", default="2,8,16,64")
    p.add_argument("--quantum", type=int, default=1, help="tile rows of the engine (band_row_quantum)")
    p.add_argument("--per-rank", type=int, default=16, help="bands a rank (kBandsPerRank)")
    p.add_argument("--latency", type=float, default=1e-3, help="seconds a band waits for its messages (rank 0 polls every 1 ms)")
    p.add_argument("--write-us", type=float, default=0.0, help="µs rank 0 takes to write a pixel (measured)")
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
        cut = bands(H, unit)
        costs = [row_cost[b:e].sum() for b, e in cut]
        pixels = [(e - b) * W for b, e in cut]
        queue, queue_written = makespan_queue(costs, pixels, R, a.latency, a.write_us * 1e-6)
        static = max(row_cost[b:e].sum() for b, e in bands(H, -(-H // R)))
        ideal = total / R
        report["ranks"].append({"ranks": R, "band_rows": unit, "bands": len(costs),
                                "band_cost_max_over_median": float(max(costs) / max(1e-300, np.median(costs))),
                                "queue_efficiency": ideal / queue, "static_efficiency": ideal / static,
                                "queue_speedup": total / queue, "static_speedup": total / static,
                                "queue_speedup_with_writer": total / queue_written})
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
