"""Zooming into Fig. 3's basin boundary: the same structure at every scale.

    python3 examples/zoom.py [RES]

Finds a boundary pixel between the two minimizers' basins and renders squares of width 1, 1/8 and
1/64 around it (`center` and `width` as on the command line).
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import gdchaos  # noqa: E402

res = int(sys.argv[1]) if len(sys.argv) > 1 else 512
prob = gdchaos.Factorization(y=0.5, lam=0.2)
overview = gdchaos.basin(prob, eta=1.0, res=res, max_iter=20000, color="attractor")
ids = overview.attractor
# a pixel whose right neighbour converges to the other minimizer
i, j = np.argwhere((ids[:, :-1] == 0) & (ids[:, 1:] == 1))[0]
centre = (overview.alpha[j], overview.beta[i])
fig, axes = plt.subplots(1, 4, figsize=(20, 4.5))
overview.plot(ax=axes[0])
for ax, width in zip(axes[1:], (1.0, 1.0 / 8, 1.0 / 64)):
    gdchaos.basin(prob, eta=1.0, center=centre, width=width, res=res, max_iter=20000, color="attractor").plot(ax=ax)
fig.savefig("zoom.png", dpi=100)
print(f"zoom.png: around (u, v) = ({centre[0]:.6f}, {centre[1]:.6f})")
