"""Plot a network step-size scan (the paper's Fig. 6): python3 -m plots.net_scan scan.csv scan.json out.png

Top: final ‖θ‖² against η. Bottom: final sharpness against η with the stability edge 2/η (or
(2 + 2β)/η with heavy-ball momentum). The edge-of-stability and chaotic intervals found by
gdchaos (scan.json) are shaded; diverged runs are marked on the η axis.
"""
import json
import sys

import numpy as np

from . import palette
from .common import stability_edge, style

plt = style()

EOS_SHADE = "#56B4E9"
CHAOS_SHADE = "#D55E00"


def main():
    csv, meta, out = sys.argv[1:4]
    data = np.genfromtxt(csv, delimiter=",", names=True, dtype=None, encoding="utf-8")
    summary = json.load(open(meta))
    eta = data["eta"].astype(float)
    status = data["status"].astype(int)
    alive = status != palette.DIVERGED
    beta = summary["problem"].get("momentum", 0.0)
    edge, label = stability_edge(eta, beta)
    p = summary["problem"]
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True, constrained_layout=True)
    axes[0].plot(eta[alive], data["norm2"][alive], ".", ms=4, color="#0072B2", label="final ‖θ‖²")
    axes[0].set_ylabel("‖θ‖² after the last step")
    norms = data["norm2"][alive]
    norms = norms[np.isfinite(norms) & (norms > 0)]
    if norms.size and norms.max() > 20 * norms.min():
        axes[0].set_yscale("log")
    axes[1].plot(eta[alive], data["sharpness"][alive], ".", ms=4, color="#009E73", label="final sharpness λ_max(∇²L)")
    axes[1].plot(eta, edge, "-", lw=0.9, color="#444444", label=label)
    finite = data["sharpness"][alive]
    finite = finite[np.isfinite(finite)]
    top = max(np.nanmax(finite) if finite.size else 1.0, 1e-12)
    axes[1].set_ylim(0, 1.25 * top)
    axes[1].set_ylabel("sharpness after the last step")
    axes[1].set_xlabel("step size η")
    for name, colour, text in (("edge_of_stability", EOS_SHADE, "edge of stability"), ("chaotic", CHAOS_SHADE, "chaotic")):
        interval = summary.get(name)
        if interval:
            lo, hi = interval["eta"]
            for ax in axes:
                ax.axvspan(lo, hi, color=colour, alpha=0.18, lw=0,
                           label=f"{text}: η ∈ [{lo:.3g}, {hi:.3g}]" if ax is axes[1] else None)
    if (~alive).any():
        for ax in axes:
            ax.plot(eta[~alive], np.zeros((~alive).sum()), "x", ms=4, color=palette.COLORS[palette.DIVERGED],
                    transform=ax.get_xaxis_transform(), clip_on=False, label="diverged" if ax is axes[1] else None)
    axes[1].legend(loc="upper right")
    arch = ",".join(str(w) for w in p["arch"])
    data_name = p["data"].get("source", "data")
    fig.suptitle(f"{p['activation']} network ({arch}) on {data_name}, n = {p['samples']}, λ = {p['weight_decay']:g}\n"
                 f"{summary['recipe']['steps']} full-batch GD steps from one θ₀" + (f", heavy ball β = {beta:g}" if beta else ""),
                 fontsize=9)
    fig.savefig(out)


if __name__ == "__main__":
    main()
