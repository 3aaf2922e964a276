#!/usr/bin/env python3
"""numpy baseline for the dense path (docs/performance.md, target 3): GD on ½‖UᵀV − Y‖²_F with
U, V ∈ ℝ^{5×4} (Fig. 5 shapes) over a random slice, vectorised over pixels in
structure-of-arrays form (pixel index last), classified every 16 steps with gdchaos's rules for λ = 0 (escape radius;
convergence certified from the Gauss–Newton spectrum 2a(α_i + β_j) widened by 2a‖R‖_F), decided
pixels dropped as it goes. Runs `gdchaos basin` on the same job and prints both rates.

Usage: numpy_dense_baseline.py --gdchaos BUILD/gdchaos [--res 96]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np

EPS = 2.0 ** -52


def run_numpy(job, res):
    d, m, n = 5, 4, 4
    base, d1, d2 = (np.array(job["plane"][k]) for k in ("base", "dir1", "dir2"))
    a0, a1, b0, b1 = job["window"]
    alpha = a0 + (np.arange(res) + 0.5) * (a1 - a0) / res
    beta = b0 + (np.arange(res) + 0.5) * (b1 - b0) / res
    A, B = np.meshgrid(alpha, beta)
    theta = base[None, :] + A.ravel()[:, None] * d1[None, :] + B.ravel()[:, None] * d2[None, :]
    # structure of arrays: the pixel index last, so every einsum runs along contiguous memory
    U = np.ascontiguousarray(theta[:, :d * m].reshape(-1, d, m).transpose(1, 2, 0))
    V = np.ascontiguousarray(theta[:, d * m:].reshape(-1, d, n).transpose(1, 2, 0))
    Y = np.array(job["target"])[:, :, None]
    eta, tol, escape, every, max_iter = job["eta"], 1e-10, 1e10, 16, job["max_iter"]
    idx = np.arange(U.shape[2])
    status = np.zeros(U.shape[2], np.uint8)
    steps = np.zeros(U.shape[2], np.int64)
    t = 0
    while idx.size:
        for _ in range(every):
            R = np.einsum("kip,kjp->ijp", U, V) - Y
            gU = np.einsum("kjp,ijp->kip", V, R)
            gV = np.einsum("kip,ijp->kjp", U, R)
            U, V = U - eta * gU, V - eta * gV
        t += every
        with np.errstate(over="ignore", invalid="ignore"):
            w = (U ** 2).sum((0, 1)) + (V ** 2).sum((0, 1))
            R = np.einsum("kip,kjp->ijp", U, V) - Y
            step = eta * np.sqrt((np.einsum("kjp,ijp->kip", V, R) ** 2).sum((0, 1)) +
                                 (np.einsum("kip,ijp->kjp", U, R) ** 2).sum((0, 1)))
        decided = ~(w <= escape)
        st = np.where(decided, 3, 0).astype(np.uint8)
        cand = ~decided & (step <= tol * np.maximum(1, np.sqrt(w)))
        if cand.any():
            Uc, Vc = U[:, :, cand], V[:, :, cand]
            al = np.linalg.eigvalsh(np.einsum("kip,kjp->pij", Uc, Uc))
            be = np.linalg.eigvalsh(np.einsum("kip,kjp->pij", Vc, Vc))
            h = (al[:, :, None] + be[:, None, :]).reshape(al.shape[0], -1)  # 2a = 1
            delta = np.sqrt((R[:, :, cand] ** 2).sum((0, 1)))
            zero = 1e-6 * np.maximum(1, np.abs(h).max(1))
            keep = np.abs(h) > zero[:, None]
            mult = np.maximum(np.abs(1 - eta * (h - delta[:, None])), np.abs(1 - eta * (h + delta[:, None])))
            kappa = np.where(keep, mult, 0).max(1)
            gap = 1 - kappa
            scale = np.maximum(1, np.sqrt(w[cand]))
            allowed = scale * np.maximum(tol * gap, 8 * EPS / np.where(gap > 0, gap, np.inf))
            ok = (kappa < 1) & (delta < zero) & (step[cand] <= allowed)
            ci = np.flatnonzero(cand)[ok]
            st[ci], decided[ci] = 1, True
        out = ~decided & (t >= max_iter)
        decided |= out
        status[idx[decided]] = st[decided]
        steps[idx[decided]] = t
        keep = ~decided
        idx, U, V = idx[keep], U[:, :, keep], V[:, :, keep]
    return status.reshape(res, res), steps.reshape(res, res)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdchaos", required=True)
    ap.add_argument("--res", type=int, default=96)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "map")
        cmd = [args.gdchaos, "basin", "--d", "5", "--target", "diag:0.2,0.5,0.7,0.9", "--eta", "0.3", "--plane",
               "random", "--seed", "7", "--window", "-2,2,-2,2", "--res", str(args.res), "--max-iter", "5000",
               "--quiet", "--out", out]
        subprocess.run(cmd, check=True)
        meta = json.load(open(os.path.join(out, "meta.json")))
        s_gd = np.load(os.path.join(out, "status.npy"))
    job = {"plane": meta["plane"], "window": meta["grid"]["window"], "target": np.diag([0.2, 0.5, 0.7, 0.9]),
           "eta": 0.3, "max_iter": 5000}
    t0 = time.perf_counter()
    s_np, steps_np = run_numpy(job, args.res)
    t_np = time.perf_counter() - t0
    rate_np = steps_np.sum() / t_np
    rate_gd = meta["point_iterations"] / meta["wall_seconds"]
    print(json.dumps({"res": args.res, "numpy_seconds": t_np, "numpy_point_iterations_per_s": rate_np,
                      "gdchaos_render_seconds": meta["wall_seconds"], "gdchaos_point_iterations_per_s": rate_gd,
                      "speedup_rate": rate_gd / rate_np, "speedup_time": t_np / meta["wall_seconds"],
                      "status_differences": int((s_np != s_gd).sum())}, indent=2))


if __name__ == "__main__":
    main()
