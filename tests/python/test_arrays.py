"""The arrays are numpy views on the engine's buffers: no copy, kept alive by a capsule."""
import gc

import numpy as np

import gdchaos


def test_arrays_are_read_only_views_owned_by_a_capsule(small_fig3):
    for name, array in small_fig3.arrays.items():
        assert type(array.base).__name__ == "PyCapsule", name
        assert not array.flags.owndata, name
        assert not array.flags.writeable, name
        assert array.flags.c_contiguous, name
        assert array.shape == small_fig3.shape, name
    # every access views the same buffer
    first, second = small_fig3.status, small_fig3.status
    assert first.__array_interface__["data"][0] == second.__array_interface__["data"][0]
    assert np.shares_memory(first, second)


def test_the_contracts_dtypes(small_fig3):
    dtypes = {name: array.dtype for name, array in small_fig3.arrays.items()}
    assert dtypes["status"] == np.uint8
    assert dtypes["steps"] == np.int32
    assert dtypes["attractor"] == np.int16
    for name in ("loss", "norm2", "sharpness", "imbalance"):
        assert dtypes[name] == np.float32


def test_a_view_outlives_its_result():
    res = gdchaos.basin(gdchaos.Factorization(y=0.5, lam=0.2), eta=1.0, res=64, max_iter=2000)
    norm2, expected = res.norm2, np.array(res.norm2)
    del res
    gc.collect()
    np.testing.assert_array_equal(norm2, expected)  # the buffer is still there (no use after free)


def test_counts_and_nan_agree_with_the_arrays(small_fig3):
    status = small_fig3.status
    names = ("undecided", "converged", "other_critical", "diverged", "outside_domain")
    for code, name in enumerate(names):
        assert small_fig3.counts[name] == np.count_nonzero(status == code)
    converged = np.isin(status, (1, 2))
    assert np.all(np.isnan(small_fig3.norm2[~converged]))
    assert np.all(np.isfinite(small_fig3.norm2[converged]))
    assert np.all(small_fig3.attractor[~converged] == -1)
