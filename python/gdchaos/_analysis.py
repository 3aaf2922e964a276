"""Theorem 1's critical step, single orbits, and the measurements of a map (dimension, uncertainty)."""
import json
import os
from dataclasses import dataclass

import numpy as np

from . import _core, _progress, _recipe
from ._problems import Problem
from ._result import BasinResult


def _vector(name, value):
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` takes real numbers, got dtype {array.dtype}")
    array = np.atleast_1d(array.astype(float))
    if array.ndim != 1:
        raise ValueError(f"`{name}` must be a vector, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` holds a non-finite number")
    return array


def critical_eta(u, v, y=1.0, *, data_coef=None, lam=None, reg_coef=None, momentum=None):
    """Theorem 1's critical step size η*(u, v) for ½(uᵀv − y)² (λ = 0, m = n = 1).

    With z = uᵀv and s = ‖u‖² + ‖v‖²,
        η* = min{ 1/|y|,  8 / (s + √(s² − 16y(z − y))) }:
    for almost every start GD converges for η < η* and diverges for η > η*. For a loss
    a(uᵀv − y)² (data_coef = a ≠ ½) GD with step η is GD on ½(uᵀv − y)² with step 2aη.
    Raises ValueError when the theorem does not apply (λ ≠ 0, momentum ≠ 0).
    """
    u, v = _vector("u", u), _vector("v", v)
    if u.shape != v.shape:
        raise ValueError(f"u and v must have the same length ({u.size} vs {v.size})")
    recipe = _recipe.overlay({"eta": 1.0, "d": int(u.size)},
                             {"y": y, "data_coef": data_coef, "lam": lam, "reg_coef": reg_coef, "momentum": momentum})
    return _core.critical_step(_recipe.to_json(recipe), np.concatenate([u, v]).tolist())["eta_star"]


@dataclass(frozen=True)
class Orbit:
    """θ_t for t = 0 … steps (rows of `theta`, read-only numpy views), L(θ_t) and λ_max(∇²L(θ_t)).

    `escaped`: the orbit left the ball ‖θ‖² ≤ escape before `steps` and stops there.
    """
    theta: np.ndarray
    loss: np.ndarray
    sharpness: np.ndarray
    escaped: bool


def orbit(problem, eta, theta0, steps=500, *, momentum=None, sharpness=True, escape=None, progress=None):
    """One GD orbit: θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}), θ_{−1} = θ₀ (β = momentum, default 0).

    theta0 lists vec(U) row-major, then vec(V) (for the factorization). Ctrl-C stops it.
    """
    if not isinstance(problem, Problem):
        raise TypeError("`problem` is a gdchaos.Factorization or gdchaos.DeepLinear")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError("`steps` is an integer")
    recipe = _recipe.overlay(problem.recipe(), {"eta": eta, "momentum": momentum, "escape": escape})
    out = _core.orbit(_recipe.to_json(recipe), _vector("theta0", theta0).tolist(), int(steps), bool(sharpness),
                      _progress.callback(progress, "orbit"))
    return Orbit(out["theta"], out["loss"], out["sharpness"], out["escaped"])


def _map_directory(result):
    if isinstance(result, BasinResult):
        return result._directory()
    if isinstance(result, (str, os.PathLike)):
        return os.fspath(result)
    raise TypeError("pass a BasinResult or the path of a gdchaos basin output directory")


def dimension(result, boundary="converged", fit=None):
    """Box-counting dimension of a boundary of the map, as `gdchaos dimension` prints it (a dict).

    boundary: "converged" (converged vs not), "attractor:K", or "label" (any change of outcome).
    fit: (lo, hi) box sizes in pixels (powers of two, hi ≥ 8·lo), or None for the automatic range.
    N(s) boxes of s pixels hold boundary pixels; D is the slope of −log N against log s, with a 95%
    interval (docs/dimension.md). "dimension" is None with a "reason" when the data cannot support
    an estimate.
    """
    lo, hi = (0, 0) if fit is None else fit
    return json.loads(_core.dimension(_map_directory(result), boundary, int(lo), int(hi)))


def uncertainty(result, samples=1000000, eps=(1e-9, 1e-2), eps_count=12, box=5, seed=0, threads=0, bootstrap=200,
                min_uncertain=20, boundary="outcome", progress=None):
    """Uncertainty exponent α, D = 2 − α, basin entropy and a fractal-or-smooth verdict, as
    `gdchaos uncertainty` prints it (a dict).

    N = samples base points in the window, each moved by ε (a fraction of the window's width, K =
    eps_count values from eps[0] to eps[1]); f(ε), the fraction of pairs whose outcomes differ,
    scales as ε^α (docs/uncertainty.md). boundary: "outcome" or "convergence". The measurement
    re-runs the engine from the map's recipe; Ctrl-C is raised once it returns.
    """
    if boundary not in ("outcome", "convergence"):
        raise ValueError(f"`boundary` is 'outcome' or 'convergence', got {boundary!r}")
    lo, hi = eps
    return json.loads(_core.uncertainty(_map_directory(result), int(samples), float(lo), float(hi), int(eps_count),
                                        int(box), int(seed), int(threads), int(bootstrap), int(min_uncertain),
                                        boundary == "convergence", _progress.callback(progress, "uncertainty")))


__all__ = ["critical_eta", "orbit", "Orbit", "dimension", "uncertainty"]
