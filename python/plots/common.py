"""Shared look for gdchaos's matplotlib figures."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STATUS_NAMES = {0: "undecided", 1: "converged (global min)", 2: "converged (other critical point)", 3: "diverged",
                4: "outside domain"}
# Okabe–Ito colours, as in basin.png; grey for no convergence
STATUS_COLORS = {0: "#000000", 1: "#E69F00", 2: "#009E73", 3: "#A0A0A0", 4: "#282828"}


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
