"""Histograms of what GD converges to from shrinking neighbourhoods of a boundary point:
python3 -m plots.sensitivity samples.csv summary.json out.png"""
import json
import sys

import numpy as np

from . import palette
from .common import style

plt = style()
# one colour a neighbourhood size (not a status)
RADIUS_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]


def main():
    csv, meta, out = sys.argv[1:4]
    d = np.genfromtxt(csv, delimiter=",", names=True)
    summary = json.load(open(meta))
    radii = sorted(set(d["radius"]), reverse=True)
    panels = [("norm2", "‖θ*‖²"), ("imbalance", "imbalance ‖u*‖² − ‖v*‖²"), ("sharpness", "sharpness of θ*"),
              ("steps_to_loss", f"iterations to reach L − min L < {summary['loss_threshold']:g}")]
    fig, axes = plt.subplots(2, 2, figsize=(8, 6), constrained_layout=True)
    for ax, (key, label) in zip(axes.ravel(), panels):
        sel = d["status"] == palette.CONVERGED
        if key == "steps_to_loss":
            sel &= d["steps_to_loss"] >= 0
        values = d[key][sel]
        if values.size == 0:
            ax.set_visible(False)
            continue
        lo, hi = np.percentile(values, [0.5, 99.5])
        if hi <= lo:
            lo, hi = lo - 0.5, hi + 0.5
        bins = np.linspace(lo, hi, 50)
        for k, r in enumerate(radii):
            v = d[key][sel & (d["radius"] == r)]
            ax.hist(v, bins=bins, histtype="step", lw=1.2, density=True, color=RADIUS_COLORS[k % len(RADIUS_COLORS)],
                    label=f"radius {r:g} (n = {v.size})")
        if key == "sharpness" and "theorem2_interval" in summary:
            g, e = summary["theorem2_interval"]
            ax.axvline(g, color="#666666", ls="--", lw=0.8)
            ax.axvline(e, color="#666666", ls="--", lw=0.8)
            ax.text(0.02, 0.95, "dashed: γ_min and 2/η (Theorem 2)", transform=ax.transAxes, fontsize=7, va="top")
        ax.set_xlabel(label)
        ax.set_ylabel("density")
    axes[0, 0].legend(loc="upper right")
    c = summary["centre"]
    fig.suptitle("Starts sampled evenly in squares around the boundary point ("
                 + ", ".join(f"{x:.4g}" for x in c[:4]) + (", …" if len(c) > 4 else "")
                 + ")\nhistograms over the starts that reach a global minimizer", fontsize=9)
    fig.savefig(out)


if __name__ == "__main__":
    main()
