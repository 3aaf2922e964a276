"""Plot a step-size scan: python3 -m plots.scan scan.csv scan.json out.png"""
import json
import sys

import numpy as np

from . import palette
from .common import stability_edge, style

plt = style()


def point(data, summary, out):
    eta, status = data["eta"], data["status"].astype(int)
    fig, axes = plt.subplots(3, 1, figsize=(6.4, 6.4), sharex=True, constrained_layout=True)
    ax = axes[0]
    for s in sorted(set(status)):
        m = status == s
        ax.scatter(eta[m], np.full(m.sum(), s), s=8, label=palette.LABELS[s], **palette.marker_style(s))
    ax.set_yticks(sorted(set(status)))
    ax.set_yticklabels([palette.LABELS[s] for s in sorted(set(status))])
    ax.set_title("GD from θ₀ = (" + ", ".join(f"{x:g}" for x in summary["init"]) + ") as the step size varies")
    axes[1].semilogy(eta, np.maximum(data["steps"], 1), ".", ms=3, color="#0072B2")
    axes[1].set_ylabel("iterations to the decision")
    conv = np.isin(status, (palette.CONVERGED, palette.OTHER_CRITICAL))
    axes[2].plot(eta[conv], data["norm2"][conv], "o", ms=4, mfc="none", mew=0.6, color="#E69F00", label="‖θ*‖²")
    axes[2].plot(eta[conv], data["sharpness"][conv], ".", ms=3, color="#009E73", label="sharpness of θ*")
    edge, label = stability_edge(eta, summary.get("recipe", {}).get("momentum", 0.0))
    axes[2].plot(eta, edge, "-", lw=0.8, color="#666666", label=label)
    top = np.nanmax(np.concatenate([data["norm2"][conv], data["sharpness"][conv], [1.0]]))
    axes[2].set_ylim(0, 1.2 * top)
    axes[2].set_xlabel("step size η")
    axes[2].legend(loc="upper right")
    if summary.get("eta_star") is not None:
        for ax in axes:
            ax.axvline(summary["eta_star"], color="#D55E00", lw=1, ls="--")
        agrees = summary.get("theorem1_agrees")
        text = f"Theorem 1: η* = {summary['eta_star']:.6g}"
        if agrees is not None:
            text += " (matches the scan's edge)" if agrees else " (does NOT match the scan's edge)"
        axes[0].text(0.01, 0.55, text, transform=axes[0].transAxes, color="#D55E00", fontsize=8)
    fig.savefig(out)
    return fig


def region(data, summary, out):
    eta = data["eta"]
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 5.2), sharex=True, constrained_layout=True)
    ax = axes[0]
    ax.plot(eta, data["converged"], "-", label="converged (rendered)", **palette.line_style(palette.CONVERGED))
    ax.plot(eta, data["diverged"], "-", label="diverged", **palette.line_style(palette.DIVERGED))
    ax.plot(eta, data["undecided"], "-", label="undecided", **palette.line_style(palette.UNDECIDED, 1.0))
    pred = data["theorem1_converged"]
    if np.isfinite(pred).any():
        ax.plot(eta, pred, "--", color="#D55E00", label="inside D′_η (Theorem 1)")
    ax.set_ylabel("fraction of the region")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="best")
    w, h = summary["resolution"]
    ax.set_title(f"Convergence over a {w}×{h} region as the step size varies")
    axes[1].semilogy(eta, np.maximum(data["mean_steps"], 1), "-", color="#0072B2")
    axes[1].set_ylabel("mean iterations a pixel")
    axes[1].set_xlabel("step size η")
    fig.savefig(out)


def main():
    csv, meta, out = sys.argv[1:4]
    data = np.genfromtxt(csv, delimiter=",", names=True)
    summary = json.load(open(meta))
    (point if summary["kind"] == "point" else region)(data, summary, out)


if __name__ == "__main__":
    main()
