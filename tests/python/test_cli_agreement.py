"""gdchaos.basin gives the command line's map, bit for bit, and writes the same output directory."""
import os

import numpy as np
import pytest

import gdchaos
from conftest import (assert_same_array, file_bytes, meta_without_run_keys, npy_files, read_meta)

CASES = {
    # Fig. 3's problem (exact engine), 1100×1000: two bands on the command line, one render here
    "fig3-two-bands": dict(y=0.5, lam=0.2, eta=1.0, window=[-4.0, 4.0, -4.0, 4.0], res=[1100, 1000], max_iter=3000,
                           color="attractor"),
    # a matrix problem on a random slice (dense engine), coloured by a float field
    "dense-random-slice": dict(d=2, target="diag:0.3,0.8", eta=0.6, plane="random", seed=3, window=[-2.0, 2.0, -2.0, 2.0],
                               res=96, max_iter=3000, color="norm2", coord=1),
    # Proposition 3's quotient plane, status 4 outside the domain
    "quotient": dict(y=1.0, data_coef=1.0, eta=0.45, plane="quotient", window=[-3.0, 3.0, 0.0, 6.0], res=120,
                     max_iter=3000),
    # a hyperparameter plane with momentum and the deep linear family through the generic engine
    "hyper": dict(y=1.0, plane="hyper", axis1="eta:0.5,1.2", axis2="lambda:0,0.5", init=[1.5, 0.3], res=80,
                  max_iter=3000),
    # only the float fields asked for, in Python as in the directory
    "fields-kept": dict(y=0.5, lam=0.2, eta=1.0, window=[-4.0, 4.0, -4.0, 4.0], res=64, max_iter=3000, color="norm2",
                        fields=["imbalance", "norm2"]),
    "deep-linear": dict(depth=3, y=1.0, lam=0.05, eta=0.42, window=[-2.0, 2.0, -2.0, 2.0], res=64, max_iter=3000),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_python_render_equals_cli_output_bit_for_bit(name, cli_render, tmp_path):
    keywords = CASES[name]
    cli_dir = cli_render(name, **keywords)
    res = gdchaos.basin(**keywords)
    names = npy_files(cli_dir)
    assert sorted(n + ".npy" for n in res.arrays) == names
    for file in names:
        assert_same_array(res.arrays[file[:-4]], np.load(cli_dir / file), f"{name}: {file}")
    # and saved, the same directory: arrays, picture and meta.json (less what describes the run)
    py_dir = tmp_path / "py"
    meta = res.save(py_dir)
    assert npy_files(py_dir) == names
    for file in names + ["basin.png"]:
        assert file_bytes(py_dir / file) == file_bytes(cli_dir / file), f"{name}: {file}"
    cli_meta = meta_without_run_keys(read_meta(cli_dir))
    assert meta_without_run_keys(meta) == cli_meta
    assert meta_without_run_keys(read_meta(py_dir)) == cli_meta
    assert meta_without_run_keys(res.meta) == cli_meta


def test_preset_keyword_overlays_like_the_command_line(cli_render, tmp_path):
    from conftest import run_cli
    out = tmp_path / "cli"
    run_cli("basin", "--preset", "fig3", "--res", "64", "--max-iter", "2000", "--quiet", "--out", out)
    res = gdchaos.basin(preset="fig3", res=64, max_iter=2000)
    assert res.recipe == read_meta(out)["recipe"]
    assert_same_array(res.attractor, np.load(out / "attractor.npy"), "attractor")


def test_load_reads_a_cli_output_back(cli_render):
    cli_dir = cli_render("load", **CASES["dense-random-slice"])
    loaded = gdchaos.load(cli_dir)
    for file in npy_files(cli_dir):
        assert_same_array(loaded.arrays[file[:-4]], np.load(cli_dir / file), file)
    assert loaded.meta == read_meta(cli_dir)
    assert loaded.directory == os.fspath(cli_dir)
    assert loaded.counts == read_meta(cli_dir)["counts"]


def test_a_saved_map_reloads_and_resaves_identically(small_fig3, tmp_path):
    first = tmp_path / "first"
    small_fig3.save(first)
    again = gdchaos.load(first)
    second = tmp_path / "second"
    again.save(second)
    for file in npy_files(first) + ["basin.png"]:
        assert file_bytes(first / file) == file_bytes(second / file), file
    assert meta_without_run_keys(read_meta(first)) == meta_without_run_keys(read_meta(second))


def test_save_never_replaces_what_it_did_not_write(small_fig3, tmp_path):
    target = tmp_path / "notes"
    target.mkdir()
    (target / "mine.txt").write_text("my notes")
    with pytest.raises(ValueError):
        small_fig3.save(target, force=True)
    assert (target / "mine.txt").read_text() == "my notes"
    assert sorted(os.listdir(target)) == ["mine.txt"]
    # an earlier output may be replaced with force, and only with it
    out = tmp_path / "out"
    small_fig3.save(out)
    with pytest.raises(ValueError, match="force"):
        small_fig3.save(out)
    small_fig3.save(out, force=True)
    assert sorted(os.listdir(out)) == sorted(os.listdir(tmp_path / "out"))
