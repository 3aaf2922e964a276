"""The colours of GD's outcomes, the same in every figure as in basin.png.

basin.png's colours are defined in C++ (src/output/basin_image.cpp, src/output/colormap.cpp);
tests/cli/test_palette_cli.cpp renders maps with every status and checks them against this module,
so the two cannot drift apart. `python3 -m plots.palette` prints the palette as JSON.

Statuses (status.npy): undecided white, converged to a global minimizer orange, converged to
another critical point (e.g. the saddle 0) bluish green, diverged grey (the paper's convention for
starts that do not converge), outside the quotient plane's domain near-black. Attractor ids
(attractor.npy) take the Okabe–Ito colours in order, as `--color attractor` does.

Figure-specific looks are named options of `status_rgb`, never lists of their own:
- `other_critical_as=DIVERGED`: the starts that reach another critical point drawn like the
  diverged ones, for figures whose caption colours only the global minimizers' basin (Fig. 4);
- `lighten=f`: every colour mixed with a fraction f of white, for a map drawn behind curves or
  points that must stand out (Fig. 2, Fig. 4, the quotient plane's domain in Fig. 3).
"""
import json
import sys

import numpy as np

UNDECIDED, CONVERGED, OTHER_CRITICAL, DIVERGED, OUTSIDE_DOMAIN = range(5)
# status.npy's codes, named as in meta.json's "counts" (include/gdchaos/core/status.hpp)
NAMES = ("undecided", "converged", "other_critical", "diverged", "outside_domain")
LABELS = ("undecided", "converged (global min)", "converged (other critical point)", "diverged", "outside domain")
COLORS = ("#FFFFFF", "#E69F00", "#009E73", "#A0A0A0", "#282828")
# Okabe & Ito, "Color Universal Design" (2008), without its black: attractor id k is ATTRACTORS[k % 7]
ATTRACTORS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
# Drawn around a colour too light to see on white paper (undecided) when it is a line or a marker,
# and for neutral lines over a map (Fig. 3's u = ±v)
OUTLINE = "#404040"
# `lighten` fractions: a map behind curves (Figs. 2 and 4), a region behind points (Fig. 3's domain)
BEHIND_CURVES = 0.45
BEHIND_POINTS = 0.85
# The measure-zero basins drawn as curves (gdchaos preimages): the saddle's in the colour of its
# outcome (converging to another critical point); the unstable minimizers' in a blue that stands
# out from the converged orange
SADDLE_BASIN_CURVE = COLORS[OTHER_CRITICAL]
UNSTABLE_MINIMIZER_CURVE = "#0072B2"


def rgb(hex_colour):
    """'#RRGGBB' → (r, g, b) in 0…255."""
    return tuple(int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))


def _hex(colour):
    return "#" + "".join(f"{int(round(c)):02X}" for c in colour)


def mix_with_white(hex_colour, fraction):
    return _hex(c + (255 - c) * fraction for c in rgb(hex_colour))


def status_colors(other_critical_as=None, lighten=0.0):
    """The five status colours, in status order, with the named variations (module docstring)."""
    colours = list(COLORS)
    if other_critical_as is not None:
        colours[OTHER_CRITICAL] = COLORS[other_critical_as]
    return [mix_with_white(c, lighten) if lighten else c for c in colours]


def status_rgb(status, other_critical_as=None, lighten=0.0):
    """An [H, W] status array → [H, W, 3] uint8 image in the palette's colours (rows as given)."""
    table = np.array([rgb(c) for c in status_colors(other_critical_as, lighten)], dtype=np.uint8)
    return table[np.asarray(status, dtype=np.intp)]


def attractor_rgb(status, attractor):
    """basin.png's `--color attractor`: converged pixels by their attractor id, the others by status."""
    image = status_rgb(status)
    status, attractor = np.asarray(status), np.asarray(attractor)
    table = np.array([rgb(c) for c in ATTRACTORS], dtype=np.uint8)
    known = np.isin(status, (CONVERGED, OTHER_CRITICAL)) & (attractor >= 0)
    image[known] = table[attractor[known] % len(ATTRACTORS)]  # = attractor_color
    return image


def attractor_color(k):
    """The colour of attractor id k (meta.json's "attractors" order), as in basin.png."""
    return ATTRACTORS[k % len(ATTRACTORS)]


def _is_light(hex_colour):
    return min(rgb(hex_colour)) > 0xE0


def marker_style(status):
    """Keyword arguments for plt.scatter of one status's points: its colour, outlined when light."""
    colour = COLORS[status]
    return {"color": colour, "edgecolors": OUTLINE if _is_light(colour) else "none", "linewidths": 0.5}


def line_style(status, linewidth=1.5):
    """Keyword arguments for plt.plot of a curve for one status: its colour, outlined when light."""
    from matplotlib import patheffects

    colour = COLORS[status]
    style = {"color": colour, "lw": linewidth}
    if _is_light(colour):
        style["path_effects"] = [patheffects.Stroke(linewidth=linewidth + 1.2, foreground=OUTLINE), patheffects.Normal()]
    return style


def legend_patch(status, label=None, **options):
    """A legend entry showing a status's colour (with the same options as status_rgb)."""
    from matplotlib.patches import Patch

    return Patch(facecolor=status_colors(**options)[status], edgecolor=OUTLINE, lw=0.5,
                 label=label or LABELS[status])


def as_json():
    return {"statuses": {name: colour for name, colour in zip(NAMES, COLORS)}, "attractors": list(ATTRACTORS)}


if __name__ == "__main__":
    json.dump(as_json(), sys.stdout, indent=2)
    sys.stdout.write("\n")
