"""Networks from Python: the same recipe keys as `gdchaos net basin`, the same numbers."""
import json
import os
import subprocess

import numpy as np
import pytest

import gdchaos

TINY = dict(data="gaussian", features=3, arch=[5], activation="tanh", eta=0.8, steps=300, res=12)


def test_a_network_map_matches_the_command_line(tmp_path):
    result = gdchaos.basin(**TINY)
    assert result.status.shape == (12, 12)
    out = tmp_path / "cli"
    subprocess.run([os.environ["GDCHAOS_CLI"], "net", "basin", "--data", "gaussian", "--features", "3", "--arch", "5",
                    "--activation", "tanh", "--eta", "0.8", "--steps", "300", "--res", "12", "--quiet", "--out",
                    str(out)], check=True)
    np.testing.assert_array_equal(result.status, np.load(out / "status.npy"))
    np.testing.assert_array_equal(result.arrays["loss"], np.load(out / "loss.npy"))
    meta = json.load(open(out / "meta.json"))
    assert meta["problem"]["family"] == "mlp"


def test_network_keywords_are_checked():
    with pytest.raises(TypeError):
        gdchaos.basin(**TINY, bias="yes")
    with pytest.raises(ValueError, match="sigmoid"):
        gdchaos.basin(**{**TINY, "activation": "sigmoid"})
