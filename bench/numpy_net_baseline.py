#!/usr/bin/env python3
"""numpy baseline for `gdchaos net` (bench/net_jobs.py defines the jobs): full-batch GD on many small
mlps at once, float64, the networks of a batch stacked (weights (B, out, in), activations (B, width, n)):
the first layer as one GEMM over all networks (the inputs are shared), the others as batched matmul;
backpropagation written by hand; diverged networks (‖θ‖² > 1e10 or not finite) dropped from the batch
as soon as they diverge. Sharpness: batched Lanczos on exact Hessian–vector products (the R-operator,
forward over reverse, written by hand; no finite differences).

Usage: numpy_net_baseline.py [--job slice|scan] [--networks K | --points K] [--steps S] [--threads N]
       numpy_net_baseline.py --check     (also compares against torch when python3-torch is installed)
Prints one JSON line.
"""
import os
import sys


def _flag_from_argv(flag, default):
    for i, a in enumerate(sys.argv):
        if a == flag and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith(flag + "="):
            return a.split("=", 1)[1]
    return default


# BLAS threads are fixed when the library loads: before numpy is imported (default: --threads).
if __name__ == "__main__":
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = _flag_from_argv("--blas-threads", _flag_from_argv("--threads", "2"))

import json  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_jobs  # noqa: E402


class NumpyBackend:
    name = "numpy"
    hvp_kind = "exact R-operator (forward over reverse, by hand)"

    def __init__(self):
        self.versions = {"numpy_version": np.__version__}

    def prepare(self, X, y, spec, threads):
        return SimpleNamespace(X=np.ascontiguousarray(X), XT=np.ascontiguousarray(X.T), y=y, n=len(y), spec=spec)

    # forward: weights, biases, pre-activations Z_k (B, out, n), activations A_k (A_0 = X, shared)
    def _forward(self, ctx, theta):
        B = theta.shape[0]
        spec = ctx.spec
        Ws, bs, Z, A = [], [], [], [None]
        last = len(spec.layers) - 1
        for k, (fout, fin, w, b) in enumerate(spec.layers):
            W = theta[:, w:w + fout * fin].reshape(B, fout, fin)
            c = theta[:, b:b + fout]
            if k == 0:  # inputs shared by every network: one GEMM (B·h₁ × p)(p × n)
                z = (W.reshape(B * fout, fin) @ ctx.XT).reshape(B, fout, ctx.n)
            else:
                z = np.matmul(W, A[k])
            z += c[:, :, None]
            Ws.append(W)
            bs.append(c)
            Z.append(z)
            if k < last:
                A.append(np.maximum(z, 0.0) if spec.activation == "relu" else np.tanh(z))
        return Ws, bs, Z, A

    def _dsigma(self, spec, z, a):
        return (z > 0).astype(np.float64) if spec.activation == "relu" else 1.0 - a * a

    def loss(self, ctx, theta):
        _, _, Z, _ = self._forward(ctx, theta)
        r = Z[-1][:, 0, :] - ctx.y
        return np.einsum("bn,bn->b", r, r) / (2 * ctx.n) + 0.5 * ctx.spec.weight_decay * np.einsum("bp,bp->b", theta, theta)

    def _backward(self, ctx, theta, Ws, Z, A, keep=False):
        B = theta.shape[0]
        spec = ctx.spec
        G = spec.weight_decay * theta if spec.weight_decay else np.zeros_like(theta)
        D = ((Z[-1][:, 0, :] - ctx.y) / ctx.n)[:, None, :]  # ∂L/∂z_L, (B, 1, n)
        Ds, Es = [None] * len(Ws), [None] * len(Ws)
        for k in range(len(Ws) - 1, -1, -1):
            fout, fin, w, b = spec.layers[k]
            if k == 0:
                gW = (D.reshape(B * fout, ctx.n) @ ctx.X).reshape(B, fout * fin)
            else:
                gW = np.matmul(D, A[k].transpose(0, 2, 1)).reshape(B, fout * fin)
            G[:, w:w + fout * fin] += gW
            G[:, b:b + fout] += D.sum(axis=2)
            Ds[k] = D
            if k > 0:
                E = np.matmul(Ws[k].transpose(0, 2, 1), D)  # W_kᵀ δ_k, before the activation's derivative
                Es[k - 1] = E
                D = E * self._dsigma(spec, Z[k - 1], A[k])
        return (G, Ds, Es) if keep else G

    def gradient(self, ctx, theta):
        with np.errstate(over="ignore", invalid="ignore"):
            Ws, _, Z, A = self._forward(ctx, theta)
            return self._backward(ctx, theta, Ws, Z, A)

    def gd(self, ctx, theta0, eta, momentum, steps):
        B = theta0.shape[0]
        theta = np.array(theta0, dtype=np.float64)
        prev = theta.copy()
        out = np.empty_like(theta)
        diverged = np.zeros(B, bool)
        active = np.arange(B)
        e = np.asarray(eta, np.float64)[:, None]
        ran = 0
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(steps):
                if active.size == 0:
                    break
                g = self.gradient(ctx, theta)
                if momentum:
                    new = (theta - e * g) + momentum * (theta - prev)
                    prev, theta = theta, new
                else:
                    theta -= e * g
                ran += active.size
                bad = ~(np.einsum("bp,bp->b", theta, theta) <= net_jobs.ESCAPE_NORM2)
                if bad.any():
                    out[active[bad]] = theta[bad]
                    diverged[active[bad]] = True
                    keep = ~bad
                    theta, prev, e, active = theta[keep], prev[keep], e[keep], active[keep]
        out[active] = theta
        return out, diverged, ran

    def hvp_operator(self, ctx, theta):
        spec = ctx.spec
        B = theta.shape[0]
        Ws, _, Z, A = self._forward(ctx, theta)
        _, Ds, Es = self._backward(ctx, theta, Ws, Z, A, keep=True)
        L = len(Ws)
        dS = [self._dsigma(spec, Z[k], A[k + 1]) for k in range(L - 1)]
        d2S = None if spec.activation == "relu" else [-2.0 * A[k + 1] * dS[k] for k in range(L - 1)]
        n = ctx.n

        def op(V):
            out = spec.weight_decay * V if spec.weight_decay else np.zeros_like(V)
            VW = [V[:, w:w + fo * fi].reshape(B, fo, fi) for fo, fi, w, _ in spec.layers]
            Vc = [V[:, b:b + fo] for fo, _, _, b in spec.layers]
            # forward: Rz_k = V_k a_{k−1} + W_k Ra_{k−1} + c_k,  Ra_k = σ'(z_k) Rz_k
            Rz, Ra = [], [None]
            for k, (fo, fi, _, _) in enumerate(spec.layers):
                if k == 0:
                    rz = (VW[0].reshape(B * fo, fi) @ ctx.XT).reshape(B, fo, n)
                else:
                    rz = np.matmul(VW[k], A[k]) + np.matmul(Ws[k], Ra[k])
                rz += Vc[k][:, :, None]
                Rz.append(rz)
                if k < L - 1:
                    Ra.append(dS[k] * rz)
            # backward: Rδ_L = Rz_L / n; R(∇W_k) = Rδ_k a_{k−1}ᵀ + δ_k Ra_{k−1}ᵀ;
            # Rδ_{k−1} = σ'(z_{k−1}) (V_kᵀ δ_k + W_kᵀ Rδ_k) + σ''(z_{k−1}) Rz_{k−1} (W_kᵀ δ_k)
            RD = Rz[-1] / n
            for k in range(L - 1, -1, -1):
                fo, fi, w, b = spec.layers[k]
                if k == 0:
                    rgW = (RD.reshape(B * fo, n) @ ctx.X).reshape(B, fo * fi)
                else:
                    rgW = (np.matmul(RD, A[k].transpose(0, 2, 1)) + np.matmul(Ds[k], Ra[k].transpose(0, 2, 1))).reshape(B, fo * fi)
                out[:, w:w + fo * fi] += rgW
                out[:, b:b + fo] += RD.sum(axis=2)
                if k > 0:
                    inner = np.matmul(VW[k].transpose(0, 2, 1), Ds[k]) + np.matmul(Ws[k].transpose(0, 2, 1), RD)
                    RD = dS[k - 1] * inner
                    if d2S is not None:
                        RD += d2S[k - 1] * Rz[k - 1] * Es[k - 1]
            return out

        return op


def main():
    ap = net_jobs.common_arguments(__doc__.split("\n\n")[0])
    args = ap.parse_args()
    if args.check:
        backends = [NumpyBackend()]
        try:
            import torch_net_baseline
            backends.insert(0, torch_net_baseline.TorchBackend(args.threads))
        except ImportError as e:
            print(f"(torch unavailable: {e})")
        sys.exit(0 if net_jobs.run_check(backends, args.threads, args.activation) else 1)
    print(json.dumps(net_jobs.run_job(NumpyBackend(), args)))


if __name__ == "__main__":
    main()
