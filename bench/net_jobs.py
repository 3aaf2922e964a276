"""Shared job definitions for the network baselines (torch_net_baseline.py, numpy_net_baseline.py).

Pure numpy. Holds what must match `gdchaos net` exactly: the data preparation of `fashion-mnist:A,B`,
the mlp (layout of θ, loss, He initialisation), the two benchmark jobs ("slice": a random plane of
initialisations, as `gdchaos net basin --plane random`; "scan": one network per step size, as
`gdchaos net scan`), and the driver both baselines share: batching, divergence, a batched Lanczos for
the sharpness, timing, the JSON line and the cross-check (--check).

A backend (one per baseline) provides:
  name                                  "torch" | "numpy"
  prepare(X, y, spec, threads)          -> ctx (data on the backend)
  loss(ctx, theta)                      theta (B, P) float64 numpy -> (B,) numpy
  gradient(ctx, theta)                  -> (B, P) numpy, the exact ∇L
  gd(ctx, theta0, eta, momentum, steps) -> (theta_final (B, P), diverged (B,) bool, network_steps_run)
  hvp_operator(ctx, theta)              -> callable V (B, P) numpy -> H V (B, P) numpy
  hvp_kind                              a label saying how Hessian–vector products are computed
"""
import argparse
import gzip
import json
import os
import time

import numpy as np

ESCAPE_NORM2 = 1e10  # diverged: ‖θ‖² above this, or not finite (gdchaos's escape radius)
FASHION_DIR = "/usr/share/datasets/fashion-mnist"

# The gdchaos commands these jobs reproduce (bench/net_vs_torch.sh runs them).
JOBS = {
    "slice": dict(
        data="fashion-mnist:0,1", samples=128, downsample=4, arch=(8, 8), activation="relu",
        weight_decay=1e-3, steps=3000, eta=0.5, momentum=0.0, seed=3, res=128, window=(-1.0, 1.0, -1.0, 1.0),
        gdchaos="net basin --data fashion-mnist:0,1 --samples 128 --downsample 4 --arch 8,8 --weight-decay 1e-3 "
                "--steps 3000 --eta 0.5 --plane random --seed 3 --res 128 --color sharpness"),
    "scan": dict(
        data="fashion-mnist:0,1", samples=1000, downsample=2, arch=(32, 32), activation="relu",
        weight_decay=0.0, steps=5000, eta_range=(0.01, 1.5), points=200, momentum=0.0, seed=0,
        gdchaos="net scan --data fashion-mnist:0,1 --samples 1000 --downsample 2 --arch 32,32 --activation relu "
                "--steps 5000 --eta-range 0.01,1.5 --points 200"),
}


# ----------------------------------------------------------------------------------------------- data

def read_idx(path):
    """A gzip'd idx file: big-endian header, magic 0x803 (images: count, rows, cols) or 0x801 (labels)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic == 0x803:
        count, rows, cols = (int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(raw, np.uint8, count * rows * cols, 16).reshape(count, rows, cols)
    if magic == 0x801:
        count = int.from_bytes(raw[4:8], "big")
        return np.frombuffer(raw, np.uint8, count, 8)
    raise ValueError(f"{path}: not an idx image (0x803) or label (0x801) file (magic {magic:#x})")


def load_fashion_mnist(source, samples, downsample, standardize=True):
    """`fashion-mnist:A,B` (or `fashion-mnist-test:A,B`) prepared as gdchaos prepares it (src/data/dataset.cpp):
    the first `samples` images of classes A, B in file order, pixels / 255 averaged over k×k blocks, flattened
    row-major; y = −1 for A, +1 for B; each feature standardized over the samples (population std; a constant
    feature becomes 0). Sums run in sample order, as gdchaos's do, so X matches it bit for bit."""
    kind, pair = source.split(":")
    if kind not in ("fashion-mnist", "fashion-mnist-test"):
        raise ValueError(f"data {source}: only fashion-mnist:A,B / fashion-mnist-test:A,B are supported here")
    a, b = (int(c) for c in pair.split(","))
    root = os.environ.get("GDCHAOS_DATA_ROOT")
    folder = os.path.join(root, "fashion-mnist") if root else FASHION_DIR
    prefix = "t10k" if kind.endswith("-test") else "train"
    images = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"))
    k = downsample
    count, rows, cols = images.shape
    if rows % k or cols % k:
        raise ValueError(f"downsample {k} does not divide the {rows}×{cols} images")
    pick = np.flatnonzero((labels == a) | (labels == b))
    if samples > pick.size:
        raise ValueError(f"samples {samples}: only {pick.size} images of classes {a},{b}")
    pick = pick[:samples] if samples > 0 else pick
    img = images[pick].astype(np.int64)
    sums = img.reshape(len(pick), rows // k, k, cols // k, k).sum(axis=(2, 4))  # exact integers
    X = sums.reshape(len(pick), -1) * (1.0 / (255.0 * k * k))
    y = np.where(labels[pick] == a, -1.0, 1.0)
    if standardize:
        n = X.shape[0]
        mean = np.zeros(X.shape[1])
        for i in range(n):  # sequential sums, in sample order (as gdchaos)
            mean += X[i]
        mean /= n
        var = np.zeros(X.shape[1])
        for i in range(n):
            c = X[i] - mean
            var += c * c
        var /= n
        with np.errstate(divide="ignore"):
            inv = np.where(var > 0, 1.0 / np.sqrt(var), 0.0)
        X = (X - mean) * inv
    return np.ascontiguousarray(X), y


# ---------------------------------------------------------------------------------------------- network

class MlpSpec:
    """f(x) = W_L σ(⋯σ(W_1 x + b_1)⋯) + b_L, one output, biases on, standard parametrization.
    θ = (W_1 row-major (h_1 × p), b_1, W_2, b_2, …, W_L (1 × h_{L−1}), b_L).
    L(θ) = (1/2n) Σᵢ (f(xᵢ) − yᵢ)² + (λ/2)‖θ‖², λ on every coordinate."""

    def __init__(self, p, hidden, activation="relu", weight_decay=0.0):
        if activation not in ("relu", "tanh"):
            raise ValueError(f"activation {activation}: relu or tanh")
        self.p, self.hidden, self.activation, self.weight_decay = p, tuple(hidden), activation, float(weight_decay)
        widths = [p, *self.hidden, 1]
        self.layers = []  # per layer k = 1 … L: (fan_out, fan_in, weight offset, bias offset)
        at = 0
        for fin, fout in zip(widths[:-1], widths[1:]):
            self.layers.append((fout, fin, at, at + fout * fin))
            at += fout * fin + fout
        self.dim = at

    def he_init(self, seed):
        """W_k ~ N(0, 2/fan_in), biases 0 (numpy's generator: not gdchaos's θ₀; use --init for that)."""
        rng = np.random.default_rng(seed)
        theta = np.zeros(self.dim)
        for fout, fin, w, _ in self.layers:
            theta[w:w + fout * fin] = rng.standard_normal(fout * fin) * np.sqrt(2.0 / fin)
        return theta

    def describe(self):
        return f"mlp p={self.p} hidden={','.join(map(str, self.hidden))} {self.activation} lambda={self.weight_decay:g} P={self.dim}"


def loss_reference(spec, X, y, theta):
    """One network, plain loops over layers: the loss the finite-difference check differentiates."""
    a = X.T
    L = len(spec.layers)
    for k, (fout, fin, w, b) in enumerate(spec.layers):
        z = theta[w:w + fout * fin].reshape(fout, fin) @ a + theta[b:b + fout, None]
        a = z if k == L - 1 else (np.maximum(z, 0) if spec.activation == "relu" else np.tanh(z))
    r = a[0] - y
    return (r @ r) / (2 * len(y)) + 0.5 * spec.weight_decay * (theta @ theta)


# ------------------------------------------------------------------------------------------------- jobs

class Job:
    pass


def plane_directions(dim, seed):
    """Two random orthonormal directions (Gram–Schmidt on Gaussian vectors; not gdchaos's generator)."""
    rng = np.random.default_rng(seed + 1_000_003)
    d1 = rng.standard_normal(dim)
    d1 /= np.linalg.norm(d1)
    d2 = rng.standard_normal(dim)
    d2 -= (d2 @ d1) * d1
    d2 /= np.linalg.norm(d2)
    return d1, d2


def spread(total, k):
    """k indices spread evenly over range(total), so a subset sees the full job's mix of outcomes."""
    k = min(k, total)
    return np.unique(np.round(np.linspace(0, total - 1, k)).astype(np.int64)) if k < total else np.arange(total)


def load_init(path, dim):
    theta = np.load(path).astype(np.float64).ravel()
    if theta.size != dim:
        raise ValueError(f"--init {path}: {theta.size} values, the network has {dim} parameters")
    return theta


def build_job(args):
    d = JOBS[args.job]
    job = Job()
    job.name = args.job
    job.X, job.y = load_fashion_mnist(d["data"], d["samples"], d["downsample"])
    job.spec = MlpSpec(job.X.shape[1], d["arch"], args.activation or d["activation"], d["weight_decay"])
    P = job.spec.dim
    base = load_init(args.init, P) if args.init else job.spec.he_init(d["seed"])
    job.full_steps = d["steps"]
    job.steps = args.steps or d["steps"]
    job.momentum = args.momentum
    if args.job == "slice":
        res = args.res or d["res"]
        job.full_networks = res * res
        idx = spread(job.full_networks, args.networks)
        a0, a1, b0, b1 = d["window"]
        alpha = a0 + ((idx % res) + 0.5) * (a1 - a0) / res  # pixel centres; pixel = row·res + column, row ↔ β
        beta = b0 + ((idx // res) + 0.5) * (b1 - b0) / res
        d1, d2 = plane_directions(P, d["seed"])
        if args.plane:
            with open(args.plane) as f:
                plane = json.load(f)
            plane = plane.get("plane", plane)
            base, d1, d2 = (np.asarray(plane[k], np.float64) for k in ("base", "dir1", "dir2"))
            if not base.size == d1.size == d2.size == P:
                raise ValueError(f"--plane {args.plane}: vectors of {base.size}, {d1.size}, {d2.size} values, the network has {P}")
        job.theta0 = base[None, :] + alpha[:, None] * d1[None, :] + beta[:, None] * d2[None, :]
        job.eta = np.full(idx.size, d["eta"])
    else:
        lo, hi = args.eta_range if args.eta_range else d["eta_range"]
        job.full_networks = d["points"]
        all_eta = np.linspace(lo, hi, d["points"])  # both endpoints
        idx = spread(d["points"], args.points or d["points"])
        job.eta = all_eta[idx]
        job.theta0 = np.repeat(base[None, :], idx.size, axis=0)
    job.networks = idx.size
    job.index = idx
    job.res = res if args.job == "slice" else None
    job.gdchaos = d["gdchaos"]
    return job


# -------------------------------------------------------------------------------------------- sharpness

def lanczos_top(op, V0, iters):
    """Largest eigenvalue of each network's Hessian by Lanczos, all networks at once.
    op: V (B, P) -> H V (B, P). No reorthogonalisation (the top Ritz value converges regardless);
    a network whose Krylov space is exhausted stops there (its tridiagonal is padded with α₁, which
    cannot exceed its top Ritz value)."""
    B, P = V0.shape
    m = max(1, min(iters, P))
    v = V0 / np.linalg.norm(V0, axis=1, keepdims=True)
    v_prev = np.zeros_like(v)
    beta_prev = np.zeros(B)
    alpha = np.zeros((B, m))
    beta = np.zeros((B, m))
    size = np.full(B, m)
    live = np.ones(B, bool)
    for j in range(m):
        w = op(v)
        a = np.einsum("bp,bp->b", w, v)
        w -= a[:, None] * v + beta_prev[:, None] * v_prev
        alpha[:, j] = a
        if j == m - 1:
            break
        b = np.linalg.norm(w, axis=1)
        stop = live & ~(b > 1e-12 * np.maximum(np.abs(alpha[:, :j + 1]).max(axis=1), 1e-300))
        size[stop] = j + 1
        live &= ~stop
        b = np.where(live, b, 0.0)
        beta[:, j] = b
        v_prev, v = v, np.where(live[:, None], w / np.where(b > 0, b, 1.0)[:, None], 0.0)
        beta_prev = b
    cols = np.arange(m)[None, :]
    alpha = np.where(cols < size[:, None], alpha, alpha[:, :1])
    off = np.where(cols[:, :-1] < (size[:, None] - 1), beta[:, :m - 1], 0.0)
    T = np.zeros((B, m, m))
    T[:, cols[0], cols[0]] = alpha
    T[:, cols[0, :-1], cols[0, 1:]] = off
    T[:, cols[0, 1:], cols[0, :-1]] = off
    return np.linalg.eigvalsh(T)[:, -1]


def lanczos_start(B, P, seed=12345):
    return np.random.default_rng(seed).standard_normal((B, P))


# ---------------------------------------------------------------------------------------------- driver

def cpu_info():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, os.cpu_count()


def blas_library():
    """The BLAS shared library this process loaded (netlib's reference BLAS is far slower than OpenBLAS)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in os.path.basename(line.split()[-1]).lower()}
        return ", ".join(sorted(libs)) if libs else "none loaded"
    except OSError:
        return "unknown"


def common_arguments(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--job", choices=sorted(JOBS), default="slice")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--networks", type=int, default=1024, help="slice: run this many of the 128² networks (spread over the grid)")
    ap.add_argument("--eta-range", type=lambda t: tuple(float(x) for x in t.split(",")), default=None,
                    help="scan: lo,hi instead of the job's 0.01,1.5 (its 200 points evenly, both ends)")
    ap.add_argument("--points", type=int, default=0, help="scan: run this many of the 200 step sizes (spread; default all)")
    ap.add_argument("--steps", type=int, default=0, help="GD steps (default: the job's; with fewer, the networks still alive are extrapolated to the full budget)")
    ap.add_argument("--blas-threads", type=int, default=None,
                    help="OpenBLAS threads (numpy default: --threads; torch default: 1, its own threads doing the rest)")
    ap.add_argument("--batch", type=int, default=1024, help="networks stacked per batch")
    ap.add_argument("--lanczos", type=int, default=60, help="Lanczos iterations for the sharpness (gdchaos: 60)")
    ap.add_argument("--momentum", type=float, default=0.0, help="heavy-ball β")
    ap.add_argument("--activation", choices=["relu", "tanh"], default=None)
    ap.add_argument("--init", default=None, help="flat θ₀ (.npy), e.g. gdchaos's init.npy (slice: the plane's base point)")
    ap.add_argument("--plane", default=None,
                    help="slice: base, dir1, dir2 from a JSON file (gdchaos's meta.json holds them under \"plane\"): gdchaos's exact starts")
    ap.add_argument("--res", type=int, default=0, help="slice: grid resolution (default the job's 128)")
    ap.add_argument("--compare", default=None,
                    help="a `gdchaos net basin` / `net scan` output directory of the same job (and --steps); compares status, loss, norm2, sharpness per network")
    ap.add_argument("--check", action="store_true", help="correctness check (torch vs numpy, finite differences); prints PASS/FAIL")
    return ap


def run_job(backend, args):
    job = build_job(args)
    ctx = backend.prepare(job.X, job.y, job.spec, args.threads)
    B = job.networks
    diverged = np.zeros(B, bool)
    loss = np.full(B, np.nan)
    norm2 = np.full(B, np.nan)
    sharp = np.full(B, np.nan)
    t_gd = t_sharp = 0.0
    run_steps = 0
    for s in range(0, B, args.batch):
        e = min(B, s + args.batch)
        t0 = time.perf_counter()
        theta, div, ran = backend.gd(ctx, job.theta0[s:e], job.eta[s:e], job.momentum, job.steps)
        t1 = time.perf_counter()
        run_steps += ran
        diverged[s:e] = div
        keep = np.flatnonzero(~div)
        if keep.size:
            th = np.ascontiguousarray(theta[keep])
            loss[s + keep] = backend.loss(ctx, th)
            norm2[s + keep] = np.einsum("bp,bp->b", th, th)
            sharp[s + keep] = lanczos_top(backend.hvp_operator(ctx, th), lanczos_start(keep.size, job.spec.dim, s), args.lanczos)
        t2 = time.perf_counter()
        t_gd += t1 - t0
        t_sharp += t2 - t1
    compare = compare_gdchaos(args.compare, job, diverged, loss, norm2, sharp) if args.compare else None
    model, cores = cpu_info()
    scale_n = job.full_networks / B
    full_work = run_steps + int((~diverged).sum()) * max(job.full_steps - job.steps, 0)
    ok = ~diverged
    out = dict(
        job=job.name, backend=backend.name, networks=int(B), full_networks=int(job.full_networks), steps=int(job.steps),
        full_steps=int(job.full_steps), parameters=int(job.spec.dim), samples=int(job.X.shape[0]), features=int(job.X.shape[1]),
        threads=args.threads, blas_threads=int(os.environ.get("OPENBLAS_NUM_THREADS", "0")) or None, batch=args.batch, lanczos_iterations=args.lanczos, momentum=job.momentum,
        seconds_gd=round(t_gd, 4), seconds_sharpness=round(t_sharp, 4),
        network_steps_per_second=B * job.steps / t_gd if t_gd > 0 else None,
        network_steps_run=int(run_steps),  # steps actually taken (diverged networks stop)
        run_network_steps_per_second=run_steps / t_gd if t_gd > 0 else None,
        # the networks alive after the steps run are assumed to run the remaining full_steps − steps (none
        # diverging later: an upper estimate), at the time per network-step measured; then × full/networks
        extrapolated_seconds_full_job=round((t_gd * full_work / max(run_steps, 1) + t_sharp) * scale_n, 2),
        diverged=int(diverged.sum()), not_diverged=int(ok.sum()),
        median_loss=float(np.median(loss[ok])) if ok.any() else None,
        median_sharpness=float(np.median(sharp[ok])) if ok.any() else None,
        hvp=backend.hvp_kind, init=(f"plane {args.plane}" if args.plane and job.name == "slice" else args.init) or "he(numpy seed)", cpu_model=model, cpu_cores=cores, blas=blas_library(),
    )
    out.update(getattr(backend, "versions", {}))
    if compare:
        out["compare_gdchaos"] = compare
    return out


def compare_gdchaos(folder, job, diverged, loss, norm2, sharp):
    """Per network against gdchaos's output of the same job (`net basin`: status/loss/norm2/sharpness .npy,
    float32; `net scan`: scan.csv), status 3 = diverged. Agreement is expected where GD is not chaotic; at
    the edge of stability rounding differences grow."""
    if job.name == "slice":
        status = np.load(os.path.join(folder, "status.npy"))
        if status.shape != (job.res, job.res):
            raise ValueError(f"--compare {folder}: a {status.shape} grid, this run's is {job.res}×{job.res}")
        cols = {name: np.load(os.path.join(folder, name + ".npy")).astype(np.float64).ravel()
                for name in ("loss", "norm2", "sharpness")}
        cols["status"] = status.ravel()
    else:
        table = np.genfromtxt(os.path.join(folder, "scan.csv"), delimiter=",", names=True, dtype=None, encoding="utf-8")
        if table.size != job.full_networks:
            raise ValueError(f"--compare {folder}: {table.size} step sizes, the job has {job.full_networks}")
        if not np.allclose(table["eta"][job.index], job.eta, rtol=1e-12, atol=0):
            raise ValueError(f"--compare {folder}: different step sizes")
        cols = {name: np.asarray(table[name], np.float64) for name in ("loss", "norm2", "sharpness")}
        cols["status"] = np.asarray(table["status"])
    g_div = cols["status"][job.index] == 3
    both = ~g_div & ~diverged
    out = dict(same_diverged=int((g_div == diverged).sum()), of=int(job.networks), both_alive=int(both.sum()))
    for name, mine in (("loss", loss), ("norm2", norm2), ("sharpness", sharp)):
        theirs = cols[name][job.index]
        rel = np.abs(mine[both] - theirs[both]) / np.maximum(np.abs(theirs[both]), 1e-30)
        out[name] = dict(within_1e_5=int((rel <= 1e-5).sum()), median_rel=float(np.median(rel)) if rel.size else None,
                         max_rel=float(rel.max()) if rel.size else None)
    return out


# ------------------------------------------------------------------------------------------------ check

def run_check(backends, threads=1, activation=None):
    """4 networks of the slice job from a fixed θ₀ (He, seed 0, on this file's plane), 50 steps: final
    losses across backends (relative 1e-9); each backend's gradient against central finite differences of
    a plain loss on one network, its HVP against central differences of its gradient, its Lanczos
    sharpness against the dense Hessian's top eigenvalue; gradient, HVP, sharpness across backends.
    Returns True on PASS."""
    d = JOBS["slice"]
    X, y = load_fashion_mnist(d["data"], d["samples"], d["downsample"])
    spec = MlpSpec(X.shape[1], d["arch"], activation or d["activation"], d["weight_decay"])
    P = spec.dim
    res = d["res"]
    idx = np.array([0, res * res // 3, res * res // 2 + res // 2, res * res - 1])
    alpha = -1 + ((idx % res) + 0.5) * 2 / res
    beta = -1 + ((idx // res) + 0.5) * 2 / res
    d1, d2 = plane_directions(P, d["seed"])
    theta0 = spec.he_init(0)[None, :] + alpha[:, None] * d1 + beta[:, None] * d2
    eta = np.full(4, d["eta"])
    ok = True

    def report(name, value, tol):
        nonlocal ok
        good = bool(np.isfinite(value) and value <= tol)
        ok &= good
        print(f"  {'ok  ' if good else 'FAIL'} {name}: {value:.3e} (tolerance {tol:g})")

    results = {}
    for be in backends:
        ctx = be.prepare(X, y, spec, threads)
        print(f"[{be.name}] {spec.describe()}, n={X.shape[0]}")
        # the gradient at θ₀ of network 0 against central differences of the plain loss
        g = be.gradient(ctx, theta0)
        t = theta0[0]
        h = 1e-6
        fd = np.empty(P)
        for i in range(P):
            e = np.zeros(P)
            e[i] = h
            fd[i] = (loss_reference(spec, X, y, t + e) - loss_reference(spec, X, y, t - e)) / (2 * h)
        report("gradient vs central differences (max |Δ| / max |g|, all coordinates, network 0)",
               np.abs(g[0] - fd).max() / np.abs(fd).max(), 1e-6)
        ref = np.array([loss_reference(spec, X, y, t) for t in theta0])
        report("loss vs plain reference (relative, 4 networks)", np.max(np.abs(be.loss(ctx, theta0) - ref) / np.abs(ref)), 1e-12)
        # the Hessian–vector product against central differences of the gradient
        # (unit directions and a small step, so that no relu kink is crossed)
        v = np.random.default_rng(7).standard_normal((4, P))
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        hv = be.hvp_operator(ctx, theta0)(v)
        eps = 1e-5
        fd_hv = (be.gradient(ctx, theta0 + eps * v) - be.gradient(ctx, theta0 - eps * v)) / (2 * eps)
        report("HVP vs central differences of the gradient (max |Δ| / max |Hv|, 4 networks)",
               (np.abs(hv - fd_hv).max(axis=1) / np.abs(fd_hv).max(axis=1)).max(), 1e-6)
        theta, div, _ = be.gd(ctx, theta0, eta, 0.0, 50)
        fin = be.loss(ctx, theta)
        sh = lanczos_top(be.hvp_operator(ctx, theta), lanczos_start(4, P), 60)
        thm, _, _ = be.gd(ctx, theta0, eta, 0.9, 50)
        print(f"  after 50 steps: losses {np.array2string(fin, precision=12)}, diverged {div.astype(int)}, "
              f"sharpness {np.array2string(sh, precision=6)} (2/η = {2 / d['eta']:g})")
        Hd = be.hvp_operator(ctx, np.repeat(theta[:1], P, axis=0))(np.eye(P))  # the dense Hessian of network 0
        top = np.linalg.eigvalsh(0.5 * (Hd + Hd.T))[-1]
        report(f"sharpness (Lanczos, 60 iterations) vs dense Hessian eigenvalue {top:.9g} (relative, network 0)",
               abs(sh[0] - top) / abs(top), 1e-6)
        results[be.name] = dict(grad=g, hv=hv, loss=fin, div=div, sharp=sh, mom=be.loss(ctx, thm))
    names = list(results)
    if len(names) >= 2:
        a, b = results[names[0]], results[names[1]]
        print(f"[{names[0]} vs {names[1]}]")
        rel = lambda u, w: float(np.max(np.abs(u - w) / np.maximum(np.abs(w), 1e-300)))
        report("gradient at θ₀ (max |Δ| / max |g|)", np.abs(a["grad"] - b["grad"]).max() / np.abs(b["grad"]).max(), 1e-12)
        report("HVP at θ₀ (max |Δ| / max |Hv|)", np.abs(a["hv"] - b["hv"]).max() / np.abs(b["hv"]).max(), 1e-10)
        report("final losses after 50 GD steps (relative)", rel(a["loss"], b["loss"]), 1e-9)
        report("final losses after 50 heavy-ball steps, β = 0.9 (relative)", rel(a["mom"], b["mom"]), 1e-9)
        report("sharpness after 50 steps (relative)", rel(a["sharp"], b["sharp"]), 1e-8)
        same = bool(np.array_equal(a["div"], b["div"]))
        ok &= same
        print(f"  {'ok  ' if same else 'FAIL'} same diverged networks")
    else:
        print("  SKIPPED torch vs numpy (only one backend available)")
    print("PASS" if ok else "FAIL")
    return ok
