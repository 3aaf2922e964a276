#!/usr/bin/env python3
"""The numpy baseline for the performance targets (docs/performance.md).

What a researcher would write: GD on ½(uv − y)² + (λ/2)(u² + v²) over a grid of (u, v),
vectorised over pixels, classifying every 16 steps with the same rules as gdchaos
(docs/decisions.md: escape radius; certified convergence step ≤ tol·max(1, ‖θ‖)·(1 − κ) with κ
from the 2×2 Hessian; global minimizer vs other critical point by the loss), and dropping
decided pixels as it goes.

gdchaos decides λ = 0 orbits with a certificate that needs far fewer steps than this test
(docs/decisions.md), so the point-iteration totals are printed too: the time ratio is the product
of a faster kernel and fewer steps.

Usage: numpy_baseline.py --gdchaos BUILD/gdchaos [--res 512]  runs both on the same job and
prints the time ratios (gdchaos's whole process writing every field, and with `--fields none`,
which writes what numpy computes: statuses and steps) and how many statuses differ (all, by kind,
and away from boundaries).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

EPS = 2.0 ** -52
STATUS = ["undecided", "converged", "other_critical", "diverged", "outside_domain"]


@np.errstate(over="ignore", invalid="ignore")
def classify(y, eta, lam, window, res, max_iter, tol=1e-10, escape=1e10, every=16):
    a, b = 0.5, lam / 2
    a0, a1, b0, b1 = window
    alpha = a0 + (np.arange(res) + 0.5) * (a1 - a0) / res
    beta = b0 + (np.arange(res) + 0.5) * (b1 - b0) / res
    U, V = np.meshgrid(alpha, beta)  # row i <-> beta_i, column j <-> alpha_j
    u, v = U.ravel().copy(), V.ravel().copy()
    idx = np.arange(u.size)
    status = np.zeros(u.size, np.uint8)
    steps = np.zeros(u.size, np.int32)
    if y > lam:
        min_loss = 2 * b * y - b * b / a
    else:
        min_loss = a * y * y
    t = 0
    while idx.size:
        for _ in range(every):
            r = u * v - y
            u, v = u - eta * (2 * a * r * v + 2 * b * u), v - eta * (2 * a * r * u + 2 * b * v)
        t += every
        w = u * u + v * v
        r = u * v - y
        gu = eta * (2 * a * r * v + 2 * b * u)
        gv = eta * (2 * a * r * u + 2 * b * v)
        step = np.sqrt(gu * gu + gv * gv)
        scale = np.maximum(1.0, np.sqrt(w))
        decided = np.zeros(idx.size, bool)
        st = np.zeros(idx.size, np.uint8)
        esc = ~(w <= escape)
        st[esc], decided[esc] = 3, True
        cand = ~esc & (step <= tol * scale)
        if cand.any():
            uc, vc, rc = u[cand], v[cand], r[cand]
            hxx = 2 * a * vc * vc + 2 * b
            hyy = 2 * a * uc * uc + 2 * b
            hxy = 2 * a * (rc + uc * vc)
            mean, half = 0.5 * (hxx + hyy), np.hypot(0.5 * (hxx - hyy), hxy)
            lo, hi = mean - half, mean + half
            # on u = -v exactly the (1, 1) direction (eigenvalue hxx + hxy) is never visited
            anti = uc == -vc
            h_skip = hxx + hxy
            h_keep = np.where(np.abs(lo - h_skip) < np.abs(hi - h_skip), hi, lo)
            largest = np.maximum(np.abs(lo), np.abs(hi))
            zero = 1e-6 * np.maximum(1.0, largest)
            def mult(h):
                return np.where(np.abs(h) <= zero, 0.0, np.abs(1 - eta * h))
            kappa = np.where(anti, mult(h_keep), np.maximum(mult(lo), mult(hi)))
            gap = 1 - kappa
            allowed = scale[cand] * np.maximum(tol * gap, 8 * EPS / np.where(gap > 0, gap, np.inf))
            ok = (kappa < 1) & (step[cand] <= allowed) | (step[cand] == 0)
            loss = a * rc * rc + b * w[cand]
            glob = loss - min_loss <= 1e-12 * max(1.0, abs(min_loss))
            ci = np.flatnonzero(cand)[ok]
            st[ci] = np.where(glob[ok], 1, 2)
            decided[ci] = True
        out = ~decided & (t >= max_iter)
        st[out], decided[out] = 0, True
        status[idx[decided]] = st[decided]
        steps[idx[decided]] = t
        keep = ~decided
        idx, u, v = idx[keep], u[keep], v[keep]
    return status.reshape(res, res), steps.reshape(res, res)


def interior(s):
    """Pixels whose 3×3 neighbourhood has one status."""
    p = np.pad(s, 1, mode="edge")
    same = np.ones_like(s, bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            same &= p[1 + di:1 + di + s.shape[0], 1 + dj:1 + dj + s.shape[1]] == s
    return same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdchaos", required=True)
    ap.add_argument("--res", type=int, default=512)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    y, eta, lam, window, max_iter = 1.0, 0.99, 0.0, (-2.0, 2.0, -2.0, 2.0), 20000
    t0 = time.perf_counter()
    s_np, steps_np = classify(y, eta, lam, window, args.res, max_iter)
    t_np = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "map")
        cmd = [args.gdchaos, "basin", "--y", str(y), "--eta", str(eta), "--lambda", str(lam),
               "--window", ",".join(map(str, window)), "--res", str(args.res), "--max-iter", str(max_iter),
               "--threads", str(args.threads), "--quiet", "--out", out]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        t_process = time.perf_counter() - t0
        # numpy's job yields the statuses and step counts only: the like-for-like process writes
        # no float fields either (the same statuses, checked below).
        lean = os.path.join(tmp, "lean")
        t0 = time.perf_counter()
        subprocess.run(cmd[:-1] + [lean, "--fields", "none"], check=True)
        t_lean = time.perf_counter() - t0
        assert (np.load(os.path.join(lean, "status.npy")) == np.load(os.path.join(out, "status.npy"))).all()
        s_gd = np.load(os.path.join(out, "status.npy"))
        steps_gd = np.load(os.path.join(out, "steps.npy"))
        meta = json.load(open(os.path.join(out, "meta.json")))
    inner = interior(s_gd) & interior(s_np)
    result = {
        "job": {"y": y, "eta": eta, "lambda": lam, "window": window, "res": args.res, "max_iter": max_iter},
        "numpy_seconds": t_np,
        "numpy_point_iterations_per_s": float(steps_np.astype(np.int64).sum() / t_np),
        "gdchaos_render_seconds": meta["wall_seconds"],
        "gdchaos_process_seconds": t_process,
        "gdchaos_point_iterations_per_s": meta["point_iterations"] / meta["wall_seconds"],
        "speedup_render": t_np / meta["wall_seconds"],
        "speedup_process": t_np / t_process,
        "gdchaos_process_seconds_fields_none": t_lean,
        "speedup_process_fields_none": t_np / t_lean,
        "numpy_point_iterations": int(steps_np.astype(np.int64).sum()),
        "gdchaos_point_iterations": int(meta["point_iterations"]),
        "status_differences": int((s_gd != s_np).sum()),
        # "numpy->gdchaos": pixels, e.g. orbits numpy leaves undecided at max-iter that gdchaos's
        # certificate for λ = 0 (docs/decisions.md) proves convergent
        "status_differences_by_kind": {
            f"{STATUS[a]}->{STATUS[b]}": int(((s_np == a) & (s_gd == b)).sum())
            for a in range(5) for b in range(5) if a != b and ((s_np == a) & (s_gd == b)).any()},
        "status_differences_away_from_boundaries": int((s_gd != s_np)[inner].sum()),
        "pixels_away_from_boundaries": int(inner.sum()),
    }
    print(json.dumps(result, indent=2))
    return 0 if result["status_differences_away_from_boundaries"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
