"""res.plot() draws basin.png's colours with axes and a colour bar; the stubs list the recipe's keywords."""
import ast
import os

import numpy as np

import gdchaos
from gdchaos import _palette, _recipe


def test_plot_draws_the_status_colours_with_a_colour_bar(small_fig3):
    import matplotlib
    matplotlib.use("Agg")
    fig = small_fig3.plot(color="status")
    ax, bar = fig.axes  # the map and its colour bar
    assert ax.get_xlabel() == "u" and ax.get_ylabel() == "v"
    labels = [t.get_text() for t in bar.get_yticklabels()]
    present = np.unique(small_fig3.status)
    assert labels == [_palette.LABELS[s] for s in present]
    image = ax.get_images()[0]
    rgba = image.to_rgba(image.get_array(), bytes=True)[..., :3]
    expected = _palette.status_rgb(small_fig3.status)
    assert np.array_equal(rgba, expected)
    fig_attractor = small_fig3.plot()  # the recipe's colouring: attractor
    assert len(fig_attractor.axes) == 2


def test_a_field_plot_has_a_labelled_colour_bar(small_fig3):
    fig = small_fig3.plot(color="norm2")
    assert fig.axes[1].get_ylabel() == "norm2"


def test_the_stubs_name_every_recipe_keyword():
    stub = os.path.join(os.path.dirname(gdchaos.__file__), "__init__.pyi")
    with open(stub) as f:
        tree = ast.parse(f.read())
    basin = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "basin")
    keywords = {a.arg for a in basin.args.kwonlyargs} - {"preset", "threads", "progress"}
    assert keywords == set(_recipe.KEYWORDS)
    assert "lam" in keywords and "lambda" not in keywords


def test_docstrings_carry_the_math():
    assert "η*" in gdchaos.critical_eta.__doc__
    assert "UᵀV" in gdchaos.Factorization.__doc__
    assert "bit for bit" in gdchaos.basin.__doc__


def test_a_point_scans_plot_draws_heavy_balls_stability_edge(tmp_path):
    """With momentum β a minimizer is stable while η·λ_max < 2 + 2β: the scan plot's edge is (2 + 2β)/η."""
    import sys
    from conftest import SOURCE_DIR
    sys.path.insert(0, os.path.join(SOURCE_DIR, "python"))  # the plot scripts' package
    from plots import scan
    eta = np.linspace(0.2, 1.5, 8)
    data = {"eta": eta, "status": np.ones(8), "steps": np.full(8, 16.0), "norm2": np.full(8, 1.0),
            "sharpness": np.full(8, 2.0)}
    for beta in (0.0, 0.5):
        summary = {"init": [1.5, 0.3], "recipe": {"momentum": beta}, "eta_star": None}
        fig = scan.point(data, summary, str(tmp_path / f"scan{beta}.png"))
        edges = [line for line in fig.axes[2].get_lines() if "stability edge" in line.get_label()]
        assert len(edges) == 1
        assert np.allclose(edges[0].get_ydata(), (2 + 2 * beta) / eta)
        assert ("heavy-ball" in edges[0].get_label()) == (beta > 0)
