"""PAPER.md Fig. 3 (middle) from Python: ½(uv − 0.5)² + 0.1(u² + v²), η = 1, on u, v ∈ [−4, 4].

    python3 examples/fig3.py [RES] [OUT_DIR]      # default 1024, fig3-python/

Writes the command line's output directory (readable by `gdchaos dimension`, …) and fig3.png.
"""
import sys

import matplotlib

matplotlib.use("Agg")
import gdchaos  # noqa: E402

res = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
out = sys.argv[2] if len(sys.argv) > 2 else "fig3-python"
prob = gdchaos.Factorization(y=0.5, lam=0.2)
result = gdchaos.basin(prob, eta=1.0, window=(-4, 4, -4, 4), res=res, max_iter=20000, color="attractor", progress=True)
print(result, f"in {result.wall_seconds:.2f}s")
result.save(out, force=True)
estimate = gdchaos.dimension(result, boundary="attractor:0")
print(f"boundary of attractor 0: D = {estimate['dimension']:.3f}, 95% CI [{estimate['ci'][0]:.3f}, {estimate['ci'][1]:.3f}]"
      if estimate.get("dimension") is not None else f"no estimate: {estimate.get('reason')}")
result.plot().savefig(f"{out}/fig3.png", dpi=120)
