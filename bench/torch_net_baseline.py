#!/usr/bin/env python3
"""PyTorch (CPU, float64) baseline for `gdchaos net` (bench/net_jobs.py defines the jobs): full-batch GD on
many small mlps at once, as a careful user would write it: the networks of a batch stacked, one tensor
per layer (weights (B, out, in), biases (B, out)), updated in place, the first layer as one matmul over all networks (their
inputs are shared), the others with torch.bmm, gradients by autograd of the summed losses (the networks
are independent, so each gets its own gradient); diverged networks (‖θ‖² > 1e10 or not finite) dropped
from the batch as soon as they diverge. Sharpness: batched Lanczos on exact Hessian–vector products by
double backward (the gradient's graph built once, one backward through it per product).

Usage: torch_net_baseline.py [--job slice|scan] [--networks K | --points K] [--steps S] [--threads N]
       torch_net_baseline.py --check     (torch against numpy, and against finite differences)
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


if __name__ == "__main__":
    # BLAS threads are fixed when the library loads. torch runs its own OpenMP threads (--threads); an
    # OpenBLAS with threads of its own under them oversubscribes the cores (measured: ~4× slower on 2 cores),
    # so the BLAS gets one thread unless --blas-threads says otherwise.
    os.environ["OPENBLAS_NUM_THREADS"] = _flag_from_argv("--blas-threads", "1")
    os.environ["OMP_NUM_THREADS"] = _flag_from_argv("--threads", "2")

import json  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_jobs  # noqa: E402


class TorchBackend:
    name = "torch"
    hvp_kind = "exact (autograd double backward)"

    def __init__(self, threads=2):
        torch.set_num_threads(int(threads))
        self.versions = {"torch_version": torch.__version__, "torch_threads": torch.get_num_threads()}

    def prepare(self, X, y, spec, threads):
        torch.set_num_threads(int(threads))
        X = torch.from_numpy(np.ascontiguousarray(X))
        return SimpleNamespace(X=X, XT=X.t().contiguous(), y=torch.from_numpy(np.asarray(y, np.float64)), n=len(y), spec=spec)

    # θ of a batch lives as one tensor per layer (W_k (B, out, in), b_k (B, out)): autograd of slices of
    # one flat (B, P) tensor would scatter every gradient into a zeroed (B, P) buffer (measured: half the time).
    def _split(self, ctx, theta):
        B = theta.shape[0]
        out = []
        for fout, fin, w, b in ctx.spec.layers:
            out.append(theta[:, w:w + fout * fin].reshape(B, fout, fin).contiguous())
            out.append(theta[:, b:b + fout].contiguous())
        return out

    def _flat(self, params):
        B = params[0].shape[0]
        return torch.cat([p.reshape(B, -1) for p in params], dim=1)

    def _norm2(self, params):
        return sum((p * p).flatten(1).sum(1) for p in params)

    def _loss(self, ctx, params):
        """(B,) losses of the networks whose parameters are params = [W_1, b_1, …, W_L, b_L]."""
        spec = ctx.spec
        B = params[0].shape[0]
        a = None
        last = len(spec.layers) - 1
        for k, (fout, fin, _, _) in enumerate(spec.layers):
            W, c = params[2 * k], params[2 * k + 1].unsqueeze(2)
            if k == 0:  # shared inputs: one (B·h₁ × p)(p × n) matmul
                z = (W.view(B * fout, fin) @ ctx.XT).view(B, fout, ctx.n) + c
            else:
                z = torch.bmm(W, a) + c
            a = z if k == last else (torch.relu(z) if spec.activation == "relu" else torch.tanh(z))
        r = a[:, 0, :] - ctx.y
        return (r * r).sum(1) / (2 * ctx.n) + (0.5 * spec.weight_decay) * self._norm2(params)

    def _grad(self, ctx, params, create_graph=False):
        leaves = [p.detach().requires_grad_(True) for p in params]
        with torch.enable_grad():
            g = torch.autograd.grad(self._loss(ctx, leaves).sum(), leaves, create_graph=create_graph)
        return leaves, g

    def loss(self, ctx, theta):
        with torch.no_grad():
            return self._loss(ctx, self._split(ctx, torch.as_tensor(theta))).numpy()

    def gradient(self, ctx, theta):
        return self._flat(self._grad(ctx, self._split(ctx, torch.as_tensor(theta)))[1]).numpy()

    def gd(self, ctx, theta0, eta, momentum, steps):
        B = theta0.shape[0]
        params = self._split(ctx, torch.tensor(theta0, dtype=torch.float64))
        prev = [p.clone() for p in params]
        out = torch.empty(theta0.shape, dtype=torch.float64)
        diverged = torch.zeros(B, dtype=torch.bool)
        active = torch.arange(B)
        e = torch.as_tensor(np.asarray(eta, np.float64))
        ran = 0
        for _ in range(steps):
            if active.numel() == 0:
                break
            _, grads = self._grad(ctx, params)
            with torch.no_grad():
                if momentum:
                    new = []
                    for p, q, g in zip(params, prev, grads):
                        ek = e.view(-1, *([1] * (p.dim() - 1)))
                        new.append((p - ek * g) + momentum * (p - q))
                    prev, params = params, new
                else:
                    for p, g in zip(params, grads):
                        p.sub_(e.view(-1, *([1] * (p.dim() - 1))) * g)
                ran += active.numel()
                bad = ~(self._norm2(params) <= net_jobs.ESCAPE_NORM2)
                if bool(bad.any()):
                    out[active[bad]] = self._flat([p[bad] for p in params])
                    diverged[active[bad]] = True
                    keep = ~bad
                    params, prev = [p[keep] for p in params], [q[keep] for q in prev]
                    e, active = e[keep], active[keep]
        if active.numel():
            out[active] = self._flat(params)
        return out.numpy(), diverged.numpy(), ran

    def hvp_operator(self, ctx, theta):
        leaves, g = self._grad(ctx, self._split(ctx, torch.as_tensor(theta)), create_graph=True)

        def op(V):
            vs = self._split(ctx, torch.from_numpy(np.ascontiguousarray(V)))
            hv = torch.autograd.grad(g, leaves, grad_outputs=vs, retain_graph=True)
            return self._flat([h.detach() for h in hv]).numpy()

        return op


def main():
    ap = net_jobs.common_arguments(__doc__.split("\n\n")[0])
    args = ap.parse_args()
    if args.check:
        import numpy_net_baseline
        ok = net_jobs.run_check([TorchBackend(args.threads), numpy_net_baseline.NumpyBackend()], args.threads, args.activation)
        sys.exit(0 if ok else 1)
    print(json.dumps(net_jobs.run_job(TorchBackend(args.threads), args)))


if __name__ == "__main__":
    main()
