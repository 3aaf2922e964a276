"""Log-log plot of a box count: `gdchaos dimension`'s JSON in, a PNG out.

    python3 -m plots.dimension RESULT.json PLOT.png

Top: N(s) against s with the fitted line over the fit range (shaded). Bottom: the local slopes
between consecutive sizes — a power law makes them flat — with D and its 95% interval.
"""
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter, NullLocator  # noqa: E402

BLUE, RED, GREY = "#3b6ea8", "#c44e52", "0.45"


def fmt(x, digits):
    return f"{x:.{digits}f}"


def nice_log_ticks(ax, values):
    """Decades when the data span several; 1-2-5 steps when they span less than two."""
    lo, hi = min(values), max(values)
    if hi / lo >= 100:
        ax.yaxis.set_minor_formatter(NullFormatter())
        return
    ticks = [m * 10 ** k for k in range(int(math.floor(math.log10(lo))) - 1, int(math.ceil(math.log10(hi))) + 1)
             for m in (1, 2, 5) if lo / 1.3 <= m * 10 ** k <= hi * 1.3]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FixedFormatter([f"{t:g}" for t in ticks]))
    ax.yaxis.set_minor_formatter(NullFormatter())


def main(src, dst):
    with open(src) as f:
        r = json.load(f)
    counts = [(c["box_size"], c["count"]) for c in r["counts"] if c["count"] > 0]
    s = [c["box_size"] for c in r["counts"]]
    D = r.get("dimension")
    fit = r.get("fit_range") if D is not None else None

    plt.rcParams.update({"font.size": 9.5, "axes.titlesize": 10, "legend.fontsize": 8.5,
                         "axes.spines.top": False, "axes.spines.right": False})
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(5.6, 5.8), dpi=150, sharex=True,
                                 gridspec_kw={"height_ratios": [3, 1.5], "hspace": 0.08})
    for a in (ax, bx):
        a.set_xscale("log", base=2)
        a.grid(True, which="major", color="0.9", lw=0.6)
        a.set_axisbelow(True)
        if fit:
            a.axvspan(fit[0] / 2 ** 0.25, fit[1] * 2 ** 0.25, color=BLUE, alpha=0.08, lw=0)
    ax.set_yscale("log")

    if fit:
        lo, hi = fit
        inside = [(a, b) for a, b in counts if lo <= a <= hi]
        outside = [(a, b) for a, b in counts if not lo <= a <= hi]
        # The fitted line through the fit range's points: log N = c − D log s.
        c = sum(math.log(b) + D * math.log(a) for a, b in inside) / len(inside)
        ax.plot([lo, hi], [math.exp(c - D * math.log(a)) for a in (lo, hi)], color=RED, lw=1.8, zorder=2,
                label=f"fit over the shaded range (slope −D)")
        ax.plot(*zip(*inside), "o", ms=5.5, color=BLUE, zorder=4, label="box counts N(s)")
        if outside:
            ax.plot(*zip(*outside), "o", ms=5.5, mfc="white", mec=GREY, mew=1.2, zorder=3,
                    label="outside the fit range")
        ci_lo, ci_hi = r["ci"]
        half = (ci_hi - ci_lo) / 2
        digits = 2 if half >= 0.005 else 3
        how = " (given)" if r.get("fit") == "given" else ""
        ax.set_title(f"D = {fmt(D, digits)} ± {fmt(half, digits)} (95% CI), fit over s = {lo}…{hi} px{how}")
    else:
        if counts:
            ax.plot(*zip(*counts), "o", ms=5.5, mfc="white", mec=GREY, mew=1.2, label="box counts N(s)")
        else:
            ax.text(0.5, 0.5, "no box holds a boundary pixel", transform=ax.transAxes, ha="center", color=GREY)
            ax.set_ylim(1, 10)
            ax.yaxis.set_major_locator(NullLocator())
            ax.yaxis.set_minor_locator(NullLocator())
        ax.set_title("no estimate: " + r.get("reason", "?"), fontsize=9)
    ax.set_ylabel("boxes holding boundary, N(s)")
    if counts:
        nice_log_ticks(ax, [b for _, b in counts])
        ax.legend(loc="upper right", frameon=False)

    note = [f"boundary: {r.get('boundary', '?')}",
            f"{r['resolution'][0]}×{r['resolution'][1]} px, {r.get('boundary_pixels', 0):,} boundary px"]
    if fit and r.get("fit_range_plane"):
        a0, a1 = r["fit_range_plane"]["alpha"]
        note.append(f"fit range in the plane: {a0:.3g}…{a1:.3g}")
    footer = "   ·   ".join(note)

    # Local slopes, drawn at the geometric middle of each pair of sizes.
    slopes = [l for l in r.get("local_slopes", []) if l.get("slope") is not None]
    if slopes:
        xm = [math.sqrt(l["from"] * l["to"]) for l in slopes]
        ys = [l["slope"] for l in slopes]
        if fit:
            ci_lo, ci_hi = r["ci"]
            bx.axhspan(ci_lo, ci_hi, color=RED, alpha=0.15, lw=0, label="95% CI of D")
            bx.axhline(D, color=RED, lw=1.2, label="D")
            inside = [fit[0] <= l["from"] and l["to"] <= fit[1] for l in slopes]
        else:
            inside = [False] * len(slopes)
        bx.errorbar(xm, ys, yerr=[l.get("offset_spread", 0) for l in slopes], fmt="none", ecolor=GREY, elinewidth=0.9,
                    capsize=2, label="spread over grid offsets")
        bx.plot([x for x, i in zip(xm, inside) if i], [y for y, i in zip(ys, inside) if i], "s", ms=4.5,
                color=BLUE, zorder=3)
        bx.plot([x for x, i in zip(xm, inside) if not i], [y for y, i in zip(ys, inside) if not i], "s", ms=4.5,
                mfc="white", mec=GREY, mew=1.1, zorder=3)
        spreads = [min(l.get("offset_spread", 0), 0.3) for l in slopes]
        vals = [y + e for y, e in zip(ys, spreads)] + [y - e for y, e in zip(ys, spreads)]
        vals += [r["ci"][0], r["ci"][1]] if fit else []
        pad = 0.1 * (max(vals) - min(vals) or 1)
        bx.set_ylim(min(vals) - pad, max(vals) + 3 * pad)  # room for the legend
    if fit:
        bx.legend(loc="upper left", frameon=False, ncol=3, fontsize=7.5, handlelength=1.5, columnspacing=1.2)
    bx.set_ylabel("local slope")
    bx.set_xlabel("box size s (pixels)")
    bx.xaxis.set_minor_locator(NullLocator())
    bx.set_xticks(s)
    bx.set_xticklabels([str(a) for a in s])
    bx.set_xlim(s[0] / 1.5, s[-1] * 1.5)
    fig.align_ylabels((ax, bx))
    bx.annotate(footer, xy=(0, 0), xycoords="axes fraction", xytext=(0, -38), textcoords="offset points",
                fontsize=7.5, color="0.4", va="top")
    fig.savefig(dst, bbox_inches="tight")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 -m plots.dimension RESULT.json PLOT.png")
    main(sys.argv[1], sys.argv[2])
