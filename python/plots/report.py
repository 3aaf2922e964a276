"""Draw the paper's figures from the data `gdchaos reproduce` computed, and write index.html.

python3 -m plots.report REPORT_DIR   (reads REPORT_DIR/report.json, REPORT_DIR/catalogue.json and
REPORT_DIR/data/…)

The figures' titles, captions and notes, and which function below draws each ("plot"), come from
the figure catalogue (figures/catalogue.json), which reproduce writes into the report.
"""
import html
import json
import os
import sys

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from . import palette
from .common import style

plt = style()


def load_basin(path):
    meta = json.load(open(os.path.join(path, "meta.json")))
    arrays = {}
    for name in ("status", "norm2", "coord", "attractor", "sharpness"):
        f = os.path.join(path, name + ".npy")
        if os.path.exists(f):
            arrays[name] = np.load(f)
    return meta, arrays


def extent(meta):
    return meta["grid"]["window"]


def show_status(ax, meta, status, **options):
    """The map in the palette's status colours; `options` are palette.status_rgb's named variations."""
    ax.imshow(palette.status_rgb(status, **options), origin="lower", extent=extent(meta), interpolation="nearest")


def show_field(ax, fig, meta, values, status, label, cmap="viridis"):
    """A field of the limit over the converged pixels, the others in their status colours (as basin.png)."""
    converged = np.isin(status, (palette.CONVERGED, palette.OTHER_CRITICAL))
    show_status(ax, meta, status)
    masked = np.ma.masked_where(~converged, values)
    lo, hi = np.nanpercentile(values[converged], [0.5, 99.5]) if converged.any() else (0, 1)
    im = ax.imshow(masked, origin="lower", extent=extent(meta), cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
    cb = fig.colorbar(im, ax=ax, shrink=0.85)
    cb.set_label(label)


def axes_labels(ax, meta, a="u", b="v"):
    kind = meta.get("plane", {}).get("kind", "")
    if kind in ("random", "file", "orthogonal"):
        a, b = "α (along dir1)", "β (along dir2)"
    ax.set_xlabel(a)
    ax.set_ylabel(b)


def fig1(root, entry):
    left_meta, left = load_basin(os.path.join(root, "data/fig1/left"))
    right_meta, right = load_basin(os.path.join(root, "data/fig1/right"))
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.6), constrained_layout=True)
    show_field(axes[0], fig, left_meta, left["coord"], left["status"], "θ*₀ (first coordinate of the limit)")
    axes_labels(axes[0], left_meta)
    axes[0].set_title("(uᵀv − 1)² + 0.3(‖u‖² + ‖v‖²), random slice of ℝ¹⁰")
    ax = axes[1]
    show_field(ax, fig, right_meta, right["norm2"], right["status"], "‖θ*‖² of the limit", cmap="YlGnBu")
    ext = extent(right_meta)
    colours = {"balanced": "#D55E00", "imbalanced": "#CC79A7"}
    internal = entry.get("internal", {})
    for name, marker in (("balanced", "*"), ("imbalanced", "D")):
        pre = np.load(os.path.join(root, f"data/fig1/right/{name}_gd6.npy"))
        ax.contourf(pre, levels=[0.5, 1.5], origin="lower", extent=ext, colors=[colours[name]], alpha=0.35)
        ax.contour(pre, levels=[0.5], origin="lower", extent=ext, colors=[colours[name]], linestyles="--",
                   linewidths=0.8)
        c = internal.get(name + "_centre", [1, 1])
        ax.add_patch(Circle(c, internal.get("radius", 0.08), facecolor=colours[name], edgecolor="black", lw=0.8))
        ax.plot(*c, marker=marker, color="white", ms=10 if marker == "*" else 6, mec="black", mew=0.5)
    ax.set_title("(xy − 1)²: O_p and its preimage under GD⁶")
    axes_labels(ax, right_meta, "x", "y")
    ax.legend(handles=[Patch(color=colours["balanced"], alpha=0.5, label="balanced p: O_p, GD⁻⁶(O_p)"),
                       Patch(color=colours["imbalanced"], alpha=0.5, label="imbalanced: O_p, GD⁻⁶(O_p)")],
              loc="upper right")
    return fig, {"GD⁶ preimage pixels (balanced, imbalanced)":
                 f"{internal.get('balanced_gd6_pixels')}, {internal.get('imbalanced_gd6_pixels')}"}


def scatter_curves(ax, path, color, label):
    if not os.path.exists(path):
        return 0
    pts = np.load(path)
    if pts.size:
        ax.plot(pts[:, 0], pts[:, 1], ",", color=color, alpha=0.8, rasterized=True)
    ax.plot([], [], "o", ms=3, color=color, label=label)
    return len(pts)


def fig2(root, entry):
    meta, a = load_basin(os.path.join(root, "data/fig2/basin"))
    fig = plt.figure(figsize=(13, 4.2), constrained_layout=True)
    gs = fig.add_gridspec(1, 4, width_ratios=[1.25, 1, 1, 1])
    ax = fig.add_subplot(gs[0])
    show_status(ax, meta, a["status"], lighten=palette.BEHIND_CURVES)
    n_saddle = scatter_curves(ax, os.path.join(root, "data/fig2/saddle.npy"), palette.SADDLE_BASIN_CURVE,
                              "basin of the saddle (0, 0)")
    n_unst = scatter_curves(ax, os.path.join(root, "data/fig2/unstable.npy"), palette.UNSTABLE_MINIMIZER_CURVE,
                            "basins of unstable minimizers")
    w = extent(meta)
    ax.set_xlim(w[0], w[1])
    ax.set_ylim(w[2], w[3])
    axes_labels(ax, meta, "x", "y")
    ax.set_title("(xy − 1)²: measure-zero basins")
    ax.legend(loc="lower left", fontsize=7)
    numbers = {}
    if "theorem1" in meta:
        t = meta["theorem1"]
        numbers["pixels agreeing with Theorem 1's D′_η"] = (
            f"{t['pixels_agreeing']} of {t['pixels_checked']} ({100 * t['fraction_agreeing']:.3f} %; "
            f"{t['pixels_cut_by_the_boundary']} pixels cut by ∂D′_η not counted)")
    numbers["curve points (saddle, unstable minimizers)"] = f"{n_saddle}, {n_unst}"
    samples = np.genfromtxt(os.path.join(root, "data/fig2/sensitivity/samples.csv"), delimiter=",", names=True)
    summary = json.load(open(os.path.join(root, "data/fig2/sensitivity/summary.json")))
    radii = sorted(set(samples["radius"]), reverse=True)
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
    for k, (key, label) in enumerate((("norm2", "‖θ*‖²"), ("imbalance", "imbalance ‖x*‖² − ‖y*‖²"),
                                      ("steps_to_loss", "iterations to loss < 10⁻⁸"))):
        axh = fig.add_subplot(gs[k + 1])
        sel = samples["status"] == palette.CONVERGED
        if key == "steps_to_loss":
            sel &= samples[key] >= 0
        v = samples[key][sel]
        if v.size:
            lo, hi = np.percentile(v, [0.5, 99.5])
            bins = np.linspace(lo, hi if hi > lo else lo + 1, 40)
            for j, r in enumerate(radii):
                axh.hist(samples[key][sel & (samples["radius"] == r)], bins=bins, histtype="step", density=True,
                         color=colours[j % 4], label=f"side {2 * r:g}")
        axh.set_xlabel(label)
        axh.set_ylabel("density")
        if k == 0:
            axh.legend(fontsize=7)
    c = summary["centre"]
    ax.plot(*c, "s", ms=6, mfc="none", mec="#D55E00", mew=1.2)
    numbers["neighbourhood centre on ∂D′_η"] = f"({c[0]:.6g}, {c[1]:.6g}), Theorem 1 margin {summary.get('theorem1_margin_at_centre', float('nan')):.1e}"
    ratios = summary.get("iqr_ratio_smallest_to_largest", {})
    if ratios:
        numbers["IQR(smallest)/IQR(largest) neighbourhood"] = (
            ", ".join(f"{k} {v:.2f}" for k, v in ratios.items())
            + f" for a {summary.get('radius_ratio_smallest_to_largest', 0):.0e} smaller neighbourhood")
    return fig, numbers


def fig3(root, entry):
    qmeta, q = load_basin(os.path.join(root, "data/fig3/quotient"))
    bmeta, b = load_basin(os.path.join(root, "data/fig3/basin"))
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.4), constrained_layout=True)
    ax = axes[0]
    st = q["status"]
    conv = np.isin(st, (palette.CONVERGED, palette.OTHER_CRITICAL))
    edge = np.zeros_like(conv)
    inside = st != palette.OUTSIDE_DOMAIN
    edge[:, 1:] |= (conv[:, 1:] != conv[:, :-1]) & inside[:, 1:] & inside[:, :-1]
    edge[1:, :] |= (conv[1:, :] != conv[:-1, :]) & inside[1:, :] & inside[:-1, :]
    qe = extent(qmeta)
    H, W = st.shape
    ii, jj = np.nonzero(edge)
    z = qe[0] + (jj + 0.5) * (qe[1] - qe[0]) / W
    w = qe[2] + (ii + 0.5) * (qe[3] - qe[2]) / H
    outside = palette.status_colors(lighten=palette.BEHIND_POINTS)[palette.OUTSIDE_DOMAIN]
    ax.imshow(np.where(st == palette.OUTSIDE_DOMAIN, 1.0, np.nan), origin="lower", extent=qe,
              cmap=ListedColormap([outside]), vmin=0, vmax=1)
    ax.fill([], [], color=outside, label="outside the domain w ≥ 2|z|")
    ax.plot(z, w, ",", color="black", rasterized=True)
    copies_path = os.path.join(root, "data/fig3/copies.npy")
    numbers = {}
    if os.path.exists(copies_path):
        c = np.load(copies_path)
        for k, colour in enumerate(("#009E73", "#D55E00", "#0072B2")):
            sel = c[:, 2] == k
            ax.plot(c[sel, 0], c[sel, 1], ",", color=colour, rasterized=True)
            ax.plot([], [], "o", ms=3, color=colour, label=f"copy {k + 1} (branch {k} of F⁻¹)")
        numbers["points on the three copies"] = ", ".join(str(int((c[:, 2] == k).sum())) for k in range(3))
    ax.plot([], [], "o", ms=3, color="black", label="T(∂D″_η)")
    ax.set_xlim(qe[0], qe[1])
    ax.set_ylim(qe[2], qe[3])
    ax.set_xlabel("z = uᵀv")
    ax.set_ylabel("w = ‖u‖² + ‖v‖²")
    ax.set_title("T(∂D″_η) and its three smaller copies")
    ax.legend(loc="upper left", fontsize=7, markerscale=1)
    ax = axes[1]
    # coloured by attractor id exactly as basin.png's --color attractor
    ax.imshow(palette.attractor_rgb(b["status"], b["attractor"]), origin="lower", extent=extent(bmeta),
              interpolation="nearest")
    points = bmeta.get("attractors", [])
    minimizers = [k for k, p in enumerate(points) if abs(p[0]) > 1e-6][:2]
    colours = [palette.attractor_color(k) for k in minimizers]
    e = extent(bmeta)
    ax.plot([e[0], e[1]], [e[0], e[1]], color=palette.OUTLINE, lw=1)
    ax.plot([e[0], e[1]], [e[1], e[0]], color=palette.OUTLINE, lw=1)
    for j, k in enumerate(minimizers):
        ax.plot(points[k][0], points[k][1], "^" if j == 0 else "o", color=colours[j], mec="black", ms=8)
    ax.set_xlim(e[0], e[1])
    ax.set_ylim(e[2], e[3])
    axes_labels(ax, bmeta)
    ax.set_title("∂D″_η: four replicas; colour = minimizer reached")
    ax.legend(handles=[Line2D([], [], marker=m, ls="", color=c, mec="black", label=f"minimizer p{sign}")
                       for m, c, sign in zip("^o", colours, "₋₊")]
              + [palette.legend_patch(palette.DIVERGED), Line2D([], [], color=palette.OUTLINE, label="u = ±v")],
              loc="lower right", fontsize=7)
    ax = axes[2]
    dim_path = os.path.join(root, "data/fig3/dimension.json")
    dim = json.load(open(dim_path)) if os.path.exists(dim_path) and os.path.getsize(dim_path) else {}
    counts = dim.get("counts", [])
    if counts:
        s = np.array([c["box_size"] for c in counts], float)
        n = np.array([c["count"] for c in counts], float)
        ax.loglog(s, n, "o", color="#0072B2", ms=4, label="boxes meeting the boundary")
        fr = dim.get("fit_range")
        if dim.get("dimension") is not None and fr:
            lo, hi = fr[0], fr[1]
            sel = (s >= lo) & (s <= hi)
            coef = np.polyfit(np.log(s[sel]), np.log(n[sel]), 1)
            xs = np.array([lo, hi])
            ax.loglog(xs, np.exp(np.polyval(coef, np.log(xs))), "-", color="#D55E00",
                      label=f"D = {dim['dimension']:.3f} [{dim['ci'][0]:.3f}, {dim['ci'][1]:.3f}]")
            ax.axvspan(lo, hi, color="#D55E00", alpha=0.08)
            numbers["box-counting dimension of T(∂D″_η)"] = (
                f"{dim['dimension']:.3f}, 95 % CI [{dim['ci'][0]:.3f}, {dim['ci'][1]:.3f}], fit over boxes of "
                f"{lo:g}–{hi:g} px at {W}×{H} (paper: ≈ 1.249)")
        else:
            numbers["box-counting dimension"] = "not supported at this resolution: " + str(dim.get("reason", ""))
        ax.set_xlabel("box size (pixels)")
        ax.set_ylabel("boxes meeting T(∂D″_η)")
    unc_path = os.path.join(root, "data/fig3/uncertainty.json")
    if os.path.exists(unc_path) and os.path.getsize(unc_path):
        u = json.load(open(unc_path))
        if u.get("alpha") is not None:
            lo, hi = 2 - u["ci"][1], 2 - u["ci"][0]
            eps = u.get("eps_range", ["?", "?"])
            numbers["dimension from the uncertainty exponent, D = 2 − α (converged vs diverged, (u, v) plane)"] = (
                f"{2 - u['alpha']:.3f}, 95 % CI [{lo:.3f}, {hi:.3f}], ε from {eps[0]:.1e} to {eps[1]:.1e} of the "
                f"window, verdict {u.get('verdict')} (paper: ≈ 1.249)")
        ax.legend(fontsize=7)
    ax.set_title("box counting in the quotient plane")
    return fig, numbers


def fig4(root, entry):
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.8), constrained_layout=True)
    numbers = {}
    for ax, (tag, lam) in zip(axes, (("a", 0), ("b", 0.01), ("c", 0.1), ("d", 0.5))):
        meta, a = load_basin(os.path.join(root, f"data/fig4/{tag}"))
        # the caption colours only the starts that reach a global minimizer
        show_status(ax, meta, a["status"], other_critical_as=palette.DIVERGED, lighten=palette.BEHIND_CURVES)
        n = scatter_curves(ax, os.path.join(root, f"data/fig4/saddle_{tag}.npy"), palette.SADDLE_BASIN_CURVE,
                           "basin of (0, 0)")
        e = extent(meta)
        ax.set_xlim(e[0], e[1])
        ax.set_ylim(e[2], e[3])
        ax.set_title(f"λ = {lam}")
        axes_labels(ax, meta)
        c = meta["counts"]
        numbers[f"λ = {lam}: fraction converging to a global minimizer, saddle-curve points"] = (
            f"{c['converged'] / sum(c.values()):.3f}, {n}")
    axes[0].legend(handles=[palette.legend_patch(palette.CONVERGED, "converges to a global minimizer",
                                                 lighten=palette.BEHIND_CURVES),
                            palette.legend_patch(palette.DIVERGED, "does not", lighten=palette.BEHIND_CURVES),
                            Line2D([], [], color=palette.SADDLE_BASIN_CURVE, marker="o", ls="", ms=3,
                                   label="basin of the saddle (0, 0)")],
                   loc="lower left", fontsize=7)
    return fig, numbers


def fig5(root, entry):
    fig, axes = plt.subplots(2, 2, figsize=(9, 8), constrained_layout=True)
    numbers = {}
    for ax, tag in zip(axes.ravel(), "abcd"):
        meta, a = load_basin(os.path.join(root, f"data/fig5/{tag}"))
        show_field(ax, fig, meta, a["norm2"], a["status"], "‖θ*‖²_F")
        axes_labels(ax, meta)
        ax.set_title(f"random slice, seed {meta['recipe']['seed']}")
        c = meta["counts"]
        numbers[f"slice {meta['recipe']['seed']}: converged, diverged, undecided"] = (
            f"{c['converged'] + c['other_critical']}, {c['diverged']}, {c['undecided']}")
    return fig, numbers


def prop5(root, entry):
    meta, a = load_basin(os.path.join(root, "data/prop5/basin"))
    pred = np.load(os.path.join(root, "data/prop5/predicted.npy"))
    fig, ax = plt.subplots(figsize=(5.4, 4.6), constrained_layout=True)
    show_status(ax, meta, a["status"])
    ax.contour((pred == palette.CONVERGED).astype(float), levels=[0.5], origin="lower", extent=extent(meta), colors="black",
               linestyles="--", linewidths=1)
    axes_labels(ax, meta)
    ax.set_title("U, V ∈ ℝ⁴ˣ² with orthogonal columns, Y = diag(1, 0.6)")
    ax.legend(handles=[palette.legend_patch(palette.CONVERGED, "matrix GD converges (dense engine)"),
                       palette.legend_patch(palette.DIVERGED, "matrix GD diverges"),
                       Line2D([], [], color="black", ls="--", label="Theorem 1 per column")], loc="upper right",
              fontsize=7)
    i = entry.get("internal", {})
    return fig, {"pixels where matrix GD matches the column-wise prediction":
                 f"{i.get('pixels_agreeing')} of {i.get('pixels_predicted')} ({100 * i.get('fraction_agreeing', 0):.3f} %)"}


def load_scan(path):
    data = np.genfromtxt(os.path.join(path, "scan.csv"), delimiter=",", names=True, dtype=None, encoding="utf-8")
    return data, json.load(open(os.path.join(path, "scan.json")))


def scan_panels(ax_norm, ax_sharp, data, summary, title):
    """Final ‖θ‖² and sharpness against η (every run that did not diverge), the stability edge and
    the intervals gdchaos found, as `gdchaos net scan` reports them."""
    eta = data["eta"].astype(float)
    alive = data["status"].astype(int) != palette.DIVERGED
    beta = summary["problem"].get("momentum", 0.0)
    ax_norm.plot(eta[alive], data["norm2"][alive], ".", ms=3, color="#0072B2")
    ax_norm.set_ylabel("final ‖θ‖²")
    norms = data["norm2"][alive]
    norms = norms[np.isfinite(norms) & (norms > 0)]
    if norms.size and norms.max() > 20 * norms.min():
        ax_norm.set_yscale("log")
    ax_norm.set_title(title)
    ax_sharp.plot(eta[alive], data["sharpness"][alive], ".", ms=3, color="#009E73", label="final sharpness")
    ax_sharp.plot(eta, (2 + 2 * beta) / eta, "-", lw=0.8, color="#444444",
                  label="2/η" if beta == 0 else f"(2 + 2β)/η, β = {beta:g}")
    finite = data["sharpness"][alive]
    finite = finite[np.isfinite(finite)]
    ax_sharp.set_ylim(0, 1.3 * (finite.max() if finite.size else 1.0))
    ax_sharp.set_xlabel("step size η")
    ax_sharp.set_ylabel("final sharpness")
    numbers = {}
    for name, colour in (("edge_of_stability", "#56B4E9"), ("chaotic", "#D55E00")):
        interval = summary.get(name)
        if interval:
            lo, hi = interval["eta"]
            for ax in (ax_norm, ax_sharp):
                ax.axvspan(lo, hi, color=colour, alpha=0.15, lw=0, label=name.replace("_", " ") if ax is ax_sharp else None)
            numbers[name.replace("_", " ")] = f"η ∈ [{lo:.4g}, {hi:.4g}] ({interval['points']} of {interval['span']} points)"
        else:
            numbers[name.replace("_", " ")] = "none found"
    if (~alive).any():
        ax_sharp.plot(eta[~alive], np.zeros((~alive).sum()), "x", ms=3, color=palette.COLORS[palette.DIVERGED],
                      transform=ax_sharp.get_xaxis_transform(), clip_on=False, label="diverged")
    first = summary.get("first_divergence")
    numbers["first divergence"] = "none" if first is None else f"η = {first:.4g}"
    ax_sharp.legend(loc="upper right", fontsize=7)
    return numbers


def fig6(root, entry):
    fig, axes = plt.subplots(2, 2, figsize=(10.5, 6.4), sharex="col", constrained_layout=True)
    numbers = {}
    for col, (tag, name) in enumerate((("gd", "GD"), ("momentum", "heavy ball"))):
        data, summary = load_scan(os.path.join(root, f"data/fig6/{tag}"))
        beta = summary["problem"].get("momentum", 0.0)
        title = f"{name}" + (f" (β = {beta:g})" if beta else "") + f", {summary['recipe']['steps']} steps"
        for k, v in scan_panels(axes[0, col], axes[1, col], data, summary, title).items():
            numbers[f"{name}: {k}"] = v
    return fig, numbers


def show_final_field(ax, fig, meta, values, status, label, log=False):
    """A field after the last step wherever the run did not diverge (Fig. 7's colouring); diverged
    runs in the status grey."""
    alive = ~np.isin(status, (palette.DIVERGED, palette.OUTSIDE_DOMAIN)) & np.isfinite(values)
    show_status(ax, meta, status)
    shown = np.log10(np.maximum(values, 1e-300)) if log else values
    masked = np.ma.masked_where(~alive, shown)
    lo, hi = np.nanpercentile(shown[alive], [0.5, 99.5]) if alive.any() else (0, 1)
    im = ax.imshow(masked, origin="lower", extent=extent(meta), cmap="viridis", vmin=lo, vmax=hi, interpolation="nearest")
    cb = fig.colorbar(im, ax=ax, shrink=0.85)
    cb.set_label(("log₁₀ " if log else "") + label)


def fig7(root, entry):
    meta, a = load_basin(os.path.join(root, "data/fig7/slice"))
    a["loss"] = np.load(os.path.join(root, "data/fig7/slice/loss.npy"))
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), constrained_layout=True)
    show_final_field(axes[0], fig, meta, a["loss"], a["status"], "final loss", log=True)
    show_final_field(axes[1], fig, meta, a["sharpness"], a["status"], "final sharpness")
    for ax, what in zip(axes, ("loss", "sharpness")):
        axes_labels(ax, meta)
        ax.set_title(f"random slice through θ₀: final {what}")
    c = meta["counts"]
    return fig, {"networks": f"{meta['grid']['width']}×{meta['grid']['height']} of {meta['problem']['dim']} parameters",
                 "diverged, trained (undecided), certified": f"{c['diverged']}, {c['undecided']}, {c['converged']}"}


def sdplane(root, entry):
    meta, a = load_basin(os.path.join(root, "data/sd/plane"))
    dim = json.load(open(os.path.join(root, "data/sd/plane/dimension.json")))
    unc = json.load(open(os.path.join(root, "data/sd/uncertainty.json")))
    fig, ax = plt.subplots(figsize=(5.6, 4.8), constrained_layout=True)
    trained = (a["status"] != palette.DIVERGED).astype(float)
    ax.imshow(np.where(trained[..., None] > 0, palette.rgb("#0072B2"), palette.rgb("#D55E00")).astype(np.uint8), origin="lower",
              extent=extent(meta), interpolation="nearest")
    p = meta["plane"]
    ax.set_xlabel(("log₁₀ " if p.get("alpha_scale") == "log10" else "") + p["alpha"].replace("eta", "η"))
    ax.set_ylabel(("log₁₀ " if p.get("beta_scale") == "log10" else "") + p["beta"].replace("eta", "η"))
    ax.set_title("trainable (blue) vs diverged (red)")
    fmt = lambda d, lo, hi: f"{d:.3f} [{lo:.3f}, {hi:.3f}]" if d is not None else "no fit"
    numbers = {}
    est = dim.get("estimate", dim)
    if est.get("dimension") is not None:
        ci = est.get("ci") or est.get("dimension_ci") or [None, None]
        numbers["box-counting dimension (diverged vs not)"] = fmt(est["dimension"], *(ci if ci[0] is not None else (est["dimension"],) * 2))
    else:
        numbers["box-counting dimension (diverged vs not)"] = dim.get("verdict", "no estimate")
    d = unc.get("dimension")
    ci = unc.get("dimension_ci") or [None, None]
    numbers["uncertainty-exponent dimension (divergence)"] = fmt(d, *ci) if d is not None and ci[0] is not None else "no fit"
    return fig, numbers


# the catalogue's "plot" names → the functions that draw them
PLOTS = {"fig1": fig1, "fig2": fig2, "fig3": fig3, "fig4": fig4, "fig5": fig5, "prop5": prop5, "fig6": fig6, "fig7": fig7,
         "sdplane": sdplane}


def main():
    root = sys.argv[1]
    report = json.load(open(os.path.join(root, "report.json")))
    catalogue = {f["id"]: f for f in json.load(open(os.path.join(root, "catalogue.json")))["figures"]}
    sections = []
    for entry in report["figures"]:
        fid = entry["id"]
        described = catalogue[fid]
        fig, numbers = PLOTS[described["plot"]](root, entry)
        fig.savefig(os.path.join(root, fid + ".png"))
        fig.savefig(os.path.join(root, fid + ".svg"))
        plt.close(fig)
        title, caption, note = described["title"], described["caption"], described["note"]
        steps = "".join(f"<li><code>{html.escape(s['command'])}</code> <span class=t>{s['seconds']:.2f} s</span></li>"
                        for s in entry["steps"])
        nums = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in numbers.items())
        sections.append(f"""
<section id="{fid}">
  <h2>{title}</h2>
  <a href="{fid}.svg"><img src="{fid}.png" alt="{title}"></a>
  <p class=caption>{html.escape(caption)}</p>
  <p class=note><b>Settings chosen here:</b> {html.escape(note)}</p>
  <table>{nums}</table>
  <details><summary>How it was made ({sum(s['seconds'] for s in entry['steps']):.1f} s); parameters are in each data/…/meta.json</summary><ol>{steps}</ol></details>
</section>""")
    page = f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>gdchaos: the paper's figures</title>
<style>
body {{ font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }}
img {{ max-width: 100%; border: 1px solid #ddd; }}
.caption {{ font-size: 0.95em; }} .note {{ font-size: 0.9em; color: #555; }}
table {{ border-collapse: collapse; font-size: 0.9em; }} td {{ border: 1px solid #ddd; padding: 3px 8px; }}
code {{ font-size: 0.85em; }} .t {{ color: #777; font-size: 0.85em; }}
</style></head><body>
<h1>Gradient descent with large step sizes: the paper's figures, regenerated</h1>
<p>Liang &amp; Montúfar, <i>Gradient Descent with Large Step Sizes: Chaos and Fractal Convergence Region</i>
(arXiv 2509.25351). Every panel is drawn from gdchaos's own output (data/). Made by
<code>{html.escape(report['command'])}</code> with gdchaos {report['gdchaos_version']}, quality
<b>{report['quality']}</b>, in {report['seconds']:.1f} s.</p>
{''.join(sections)}
</body></html>"""
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(page)


if __name__ == "__main__":
    main()
