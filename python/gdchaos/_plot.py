"""BasinResult.plot: the map in basin.png's colours (python/plots/palette.py), with axes and a colour bar."""
import numpy as np

from . import _palette


def _axis_labels(result):
    recipe = result.recipe
    plane = recipe.get("plane")
    if plane == "coords":
        two_numbers = recipe.get("d") == 1 and not isinstance(recipe.get("target"), list) and "depth" not in recipe
        return ("u", "v") if two_numbers else ("θ₀", "θ₁")
    if plane == "quotient":
        return "z = uᵀv", "w = ‖u‖² + ‖v‖²"
    if plane == "hyper":
        return (result.recipe["axis1"].split(":")[0], result.recipe["axis2"].split(":")[0])
    return "α", "β"


def plot_map(result, color, ax=None):
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap

    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 5))
    else:
        fig = ax.figure
    extent = result.window
    show = dict(origin="lower", extent=extent, interpolation="nearest", aspect="auto")
    if color in ("status", "attractor"):
        status = result.status
        if color == "attractor" and len(result.attractors):
            ids = np.where(np.isin(status, (_palette.CONVERGED, _palette.OTHER_CRITICAL)), result.attractor, -1)
            ids = np.where(ids >= 0, ids % len(_palette.ATTRACTORS) + len(_palette.COLORS), status)
            colours = list(_palette.COLORS) + list(_palette.ATTRACTORS)
            labels = list(_palette.LABELS) + [f"attractor {k}" for k in range(len(_palette.ATTRACTORS))]
            codes = ids
        else:
            colours, labels, codes = list(_palette.COLORS), list(_palette.LABELS), status
        # Only the classes present, in code order, so the colour bar names what the map shows.
        present = np.unique(codes)
        compact = np.searchsorted(present, codes)
        cmap = ListedColormap([colours[int(c)] for c in present])
        norm = BoundaryNorm(np.arange(len(present) + 1) - 0.5, len(present))
        image = ax.imshow(compact, cmap=cmap, norm=norm, **show)
        bar = fig.colorbar(image, ax=ax, ticks=np.arange(len(present)))
        bar.ax.set_yticklabels([labels[int(c)] for c in present])
    else:
        values = np.asarray(result.steps if color == "steps" else getattr(result, color), dtype=float)
        # The recipe's colour range where it gives one (as basin.png), else matplotlib's.
        image = ax.imshow(values, cmap="viridis", vmin=result.recipe.get("vmin"), vmax=result.recipe.get("vmax"), **show)
        image.cmap.set_bad(_palette.COLORS[_palette.DIVERGED])
        fig.colorbar(image, ax=ax, label=color)
    xlabel, ylabel = _axis_labels(result)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"{result.shape[1]}×{result.shape[0]}, η = {result.recipe.get('eta')}")
    return fig
