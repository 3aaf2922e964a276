"""gdchaos: basins of gradient descent with large step sizes (Liang & Montúfar, arXiv 2509.25351).

GD on a loss L with step size η, θ_{t+1} = θ_t − η∇L(θ_t), becomes chaotic near the critical step
size: which starts converge is a region with a fractal boundary. gdchaos renders that region over
2-D slices of parameter space with the same C++ engine as the `gdchaos` command.

    import gdchaos
    prob = gdchaos.Factorization(y=0.5, lam=0.2)      # ½(uv − 0.5)² + 0.1(u² + v²), PAPER.md Fig. 3
    res = gdchaos.basin(prob, eta=1.0, window=(-4, 4, -4, 4), res=1024)
    res.status, res.norm2, res.sharpness               # numpy views on the engine's arrays
    res.meta                                           # meta.json's content
    res.save("fig3/")                                  # the command line's output directory
    gdchaos.load("fig3/")                              # any `gdchaos basin` output
    gdchaos.critical_eta([1.0, 0.2], [0.5, -0.1], y=1) # Theorem 1's η*
    gdchaos.dimension(res), gdchaos.uncertainty(res)   # as `gdchaos dimension` / `uncertainty`
    res.plot()

Errors: ValueError (the library's message, parameters named by their keywords) or TypeError.
Ctrl-C interrupts a render within a fraction of a second (KeyboardInterrupt).
"""
import os

from . import _core, _progress, _recipe
from ._analysis import Orbit, critical_eta, dimension, orbit, uncertainty
from ._problems import DeepLinear, Factorization, Problem
from ._result import BasinResult

__version__ = _core.__version__


def basin(problem=None, *, preset=None, threads=0, progress=None, **keywords):
    """Renders a basin map: GD from every pixel of a 2-D slice, each pixel's outcome recorded.

    problem:  a Factorization or DeepLinear (or give its keywords here: y, target, d, lam, …)
    preset:   a compiled-in preset ("fig3", …; gdchaos.presets()) or a .json file / meta.json,
              under the keywords (as `gdchaos basin --preset`)
    keywords: every key of a recipe, named as the command line's flags with _ for - (lam for
              λ): eta, momentum, window=(a0, a1, b0, b1), res=W or (W, H), center=(α, β), width,
              plane ("coords", "random", "quotient", "hyper" or a .json file), axis1, axis2
              ("eta:0.5,1.2" or ("eta", 0.5, 1.2)), init, seed, base, color, coord, max_iter,
              tol, escape, check_every, engine ("auto", "exact", "dense", "generic")
    threads:  worker threads (0: all)
    progress: None, True (a bar; tqdm when importable) or a callable (done, total)

    The map is the same, bit for bit, as `gdchaos basin` renders for the same parameters. The GIL
    is released while the engine runs; Ctrl-C raises KeyboardInterrupt. The whole map is held in
    memory (about 23 bytes a pixel); a map that would not fit is refused.
    """
    recipe = _recipe.preset(preset) if preset is not None else {}
    if problem is not None:
        if not isinstance(problem, Problem):
            raise TypeError("`problem` is a gdchaos.Factorization or gdchaos.DeepLinear")
        recipe = _recipe.overlay(recipe, {_recipe.KEYWORD_OF[k]: v for k, v in problem.recipe().items()})
    recipe = _recipe.overlay(recipe, keywords)
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError("`threads` is an integer")
    core_map = _core.render(_recipe.to_json(recipe), threads, _progress.callback(progress, "basin"))
    return BasinResult(core_map)


def load(dir):
    """Reads a `gdchaos basin` output directory (or one written by BasinResult.save) into memory."""
    return BasinResult(_core.load(os.fspath(dir)))


def simd_target():
    """The SIMD target the engines' kernels run on ("avx2", "avx512", "baseline"): the best this
    CPU has. Every target renders the same map, bit for bit; only the speed differs."""
    return _core.simd_target()


def presets():
    """The names of the compiled-in presets (the paper's figures)."""
    return list(_core.preset_names())


__all__ = ["basin", "load", "presets", "simd_target", "BasinResult", "Factorization", "DeepLinear", "Problem", "critical_eta",
           "orbit", "Orbit", "dimension", "uncertainty"]
