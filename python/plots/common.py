"""Shared look for gdchaos's matplotlib figures (the colours of outcomes are in palette.py)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def stability_edge(eta, beta=0.0):
    """The linear stability edge of a minimizer, in sharpness, and its legend label: 2/η for GD,
    (2 + 2β)/η for heavy ball with momentum β (its map is stable while η·λ_max < 2 + 2β)."""
    beta = float(beta or 0.0)
    label = "2/η (stability edge)" if beta == 0 else f"(2 + 2β)/η, β = {beta:g} (heavy-ball stability edge)"
    return (2 + 2 * beta) / eta, label


def style():
    plt.rcParams.update({
        "figure.dpi": 150,
        "savefig.dpi": 150,
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt
