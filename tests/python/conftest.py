"""Shared fixtures of the Python package's tests: the command line of the same build, and
renders through both front ends."""
import json
import os
import subprocess

import numpy as np
import pytest

import gdchaos

CLI = os.environ.get("GDCHAOS_CLI", "gdchaos")
SOURCE_DIR = os.environ.get("GDCHAOS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

# Keys of meta.json that describe the run rather than the map.
RUN_KEYS = ("wall_seconds", "threads", "gdchaos_version", "ranks", "rank_seconds", "queue_seconds")


def run_cli(*args, check=True):
    """Runs the gdchaos command line; returns the completed process (stdout as text)."""
    done = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"gdchaos {' '.join(map(str, args))} failed ({done.returncode}): {done.stderr}")
    return done


def cli_flags(keywords):
    """basin's keywords as the command line's flags (lists as comma-separated numbers, repr-exact)."""
    flags = []
    for keyword, value in keywords.items():
        key = "lambda" if keyword == "lam" else keyword
        if isinstance(value, (list, tuple)):
            value = ",".join(repr(float(x)) if isinstance(x, float) else str(x) for x in value)
        elif isinstance(value, float):
            value = repr(value)
        flags += ["--" + key.replace("_", "-"), str(value)]
    return flags


def npy_files(directory):
    return sorted(name for name in os.listdir(directory) if name.endswith(".npy"))


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def meta_without_run_keys(meta):
    """meta.json less what describes the run; the recipe's `init` as numbers (the resolved recipe
    keeps it as given: the command line's text "1.5,0.3", Python's list)."""
    meta = {k: v for k, v in meta.items() if k not in RUN_KEYS}
    init = meta.get("recipe", {}).get("init")
    if isinstance(init, str):
        meta["recipe"] = dict(meta["recipe"], init=[float(x) for x in init.split(",")])
    return meta


@pytest.fixture
def cli_render(tmp_path):
    """(keywords) → the CLI's output directory for `gdchaos basin` with those keywords."""
    def render(name, **keywords):
        out = tmp_path / f"cli-{name}"
        run_cli("basin", *cli_flags(keywords), "--quiet", "--out", out)
        return out
    return render


def read_meta(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def small_fig3():
    """Fig. 3's problem at 128² (attractor colouring), rendered once for the cheap tests."""
    return gdchaos.basin(gdchaos.Factorization(y=0.5, lam=0.2), eta=1.0, window=(-4, 4, -4, 4), res=128,
                         max_iter=4000, color="attractor")


def assert_same_array(a, b, what):
    assert a.dtype == b.dtype, what
    assert a.shape == b.shape, what
    assert a.tobytes() == b.tobytes(), f"{what}: {np.count_nonzero(a != b)} elements differ"
