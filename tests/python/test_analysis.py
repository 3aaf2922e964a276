"""critical_eta, orbit, dimension and uncertainty: the same numbers as the command line."""
import json
import re

import numpy as np
import pytest

import gdchaos
from conftest import run_cli

TIMING_KEYS = ("wall_seconds", "threads")


def without(d, keys):
    if isinstance(d, dict):
        return {k: without(v, keys) for k, v in d.items() if k not in keys}
    if isinstance(d, list):
        return [without(v, keys) for v in d]
    return d


@pytest.mark.parametrize("u, v, y, data_coef", [([1.0, 0.2], [0.5, -0.1], 1.0, None), ([2.0], [0.7], 0.5, 1.0),
                                                 ([0.1, 0.3, -0.2], [0.4, 0.0, 0.9], -1.0, None)])
def test_critical_eta_is_the_commands(u, v, y, data_coef):
    args = ["critical", "--u", ",".join(map(repr, u)), "--v", ",".join(map(repr, v)), "--y", repr(y)]
    if data_coef is not None:
        args += ["--data-coef", repr(data_coef)]
    expected = json.loads(run_cli(*args).stdout)["eta_star"]
    assert gdchaos.critical_eta(np.array(u), v, y=y, data_coef=data_coef) == expected


def test_critical_eta_separates_convergence_from_divergence():
    # Theorem 1: GD converges just below η*, diverges just above (from this start, a.e.)
    u, v = [2.0], [0.7]
    eta_star = gdchaos.critical_eta(u, v, y=1.0)
    prob = gdchaos.Factorization(y=1.0)
    below = gdchaos.orbit(prob, eta=0.98 * eta_star, theta0=u + v, steps=5000, sharpness=False)
    above = gdchaos.orbit(prob, eta=1.02 * eta_star, theta0=u + v, steps=5000, sharpness=False)
    assert not below.escaped and below.loss[-1] < 1e-12
    assert above.escaped


def test_an_orbit_ends_where_the_map_says_its_pixel_converges(small_fig3):
    status = small_fig3.status
    i, j = np.argwhere(status == 1)[len(np.argwhere(status == 1)) // 2]
    theta0 = [small_fig3.alpha[j], small_fig3.beta[i]]  # the coords plane: θ = (α, β)
    path = gdchaos.orbit(gdchaos.Factorization(y=0.5, lam=0.2), eta=1.0, theta0=theta0, steps=4000)
    assert not path.escaped
    assert path.theta.shape == (4001, 2) and path.loss.shape == (4001,) and path.sharpness.shape == (4001,)
    assert np.allclose(np.sum(path.theta[-1] ** 2), small_fig3.norm2[i, j], rtol=1e-5)
    assert np.isclose(path.sharpness[-1], small_fig3.sharpness[i, j], rtol=1e-5)
    assert type(path.theta.base).__name__ == "PyCapsule"


def test_dimension_is_the_commands(tmp_path):
    res = gdchaos.basin(y=0.5, lam=0.2, eta=1.0, res=512, max_iter=4000, color="attractor")
    out = tmp_path / "map"
    res.save(out)
    cli = json.loads(run_cli("dimension", out, "--boundary", "attractor:0", "--quiet", check=False).stdout)
    mine = gdchaos.dimension(res, boundary="attractor:0")
    assert mine["dimension"] is not None
    drop = ("source", "plot", "json")
    assert without(mine, drop) == without(cli, drop)
    assert without(gdchaos.dimension(gdchaos.load(out), boundary="attractor:0"), drop) == without(cli, drop)


def flags_as_keys(value):
    """The CLI spells the library's parameters as flags (--eps-count), Python as keys (`eps_count`)."""
    if isinstance(value, dict):
        return {k: flags_as_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [flags_as_keys(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"--([a-z][a-z0-9-]*)", lambda m: "`" + m.group(1).replace("-", "_") + "`", value)
    return value


def test_uncertainty_is_the_commands(tmp_path, small_fig3):
    out = tmp_path / "map"
    small_fig3.save(out)
    cli = json.loads(run_cli("uncertainty", out, "--samples", "4000", "--eps-count", "6", "--bootstrap", "20",
                             "--quiet").stdout)
    cli = flags_as_keys(cli)
    mine = gdchaos.uncertainty(out, samples=4000, eps_count=6, bootstrap=20)
    drop = TIMING_KEYS + ("dir",)
    assert without(mine, drop) == without(cli, drop)
    assert without(gdchaos.uncertainty(small_fig3, samples=4000, eps_count=6, bootstrap=20), drop) == without(cli, drop)
