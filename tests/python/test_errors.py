"""Bad input raises ValueError or TypeError with the library's message in Python's words; never a crash."""
import numpy as np
import pytest

import gdchaos

PROBLEM = gdchaos.Factorization(y=0.5, lam=0.2)


def basin(**keywords):
    return gdchaos.basin(PROBLEM, **{"eta": 1.0, "res": 16, "max_iter": 100, **keywords})


@pytest.mark.parametrize("eta", [0.0, -1.0])
def test_a_step_size_that_is_not_positive_is_refused(eta):
    with pytest.raises(ValueError, match="eta"):
        basin(eta=eta)


@pytest.mark.parametrize("keywords", [dict(eta=float("nan")), dict(eta=float("inf")), dict(lam=float("nan")),
                                      dict(window=[-1.0, 1.0, float("nan"), 1.0]), dict(tol=np.float32("nan"))])
def test_non_finite_numbers_are_refused(keywords):
    with pytest.raises(ValueError, match="finite"):
        basin(**keywords)


@pytest.mark.parametrize("keywords", [
    dict(window=[-1.0, 1.0, -1.0]),            # three numbers, four needed
    dict(window=[1.0, -1.0, -1.0, 1.0]),       # a0 > a1
    dict(res=[16, 16, 16]),
    dict(res=0),
    dict(target=np.zeros((2, 2, 2))),           # a 3-D target
    dict(target=np.zeros((0, 2))),              # an empty one
    dict(target=[[1.0, 2.0], [3.0]]),           # ragged
    dict(m=2),                                   # does not match the target
    dict(plane="nowhere.json"),
    dict(color="rainbow"),
    dict(engine="fast"),
    dict(max_iter=0),
    dict(lam=-1.0),
    dict(momentum=1.0),
    dict(plane="hyper", axis1="eta:0.5,1.2", axis2="lambda:0,0.5"),  # no init
    dict(res=1 << 20),                           # a map that would not fit in memory
])
def test_inconsistent_or_out_of_range_input_raises_value_error(keywords):
    with pytest.raises(ValueError):
        basin(**keywords)


@pytest.mark.parametrize("keywords", [
    dict(eta="1.0"),                             # text where a number goes
    dict(eta=True),
    dict(eta=1 + 2j),
    dict(window=np.array(["a", "b", "c", "d"])),  # an array of the wrong dtype
    dict(window=np.array([1, 2, 3, 4], dtype=complex)),
    dict(init={"u": 1}),
    dict(eta=object()),
    dict(etta=1.0),                              # an unknown keyword
    dict(threads="2"),
])
def test_values_of_the_wrong_type_raise_type_error(keywords):
    with pytest.raises(TypeError):
        basin(**keywords)


def test_messages_name_python_keywords_not_flags():
    with pytest.raises(ValueError) as refused:
        basin(lam=0.1, reg_coef=0.2)
    message = str(refused.value)
    assert "--" not in message
    assert "`lam`" in message and "`reg_coef`" in message


def test_orbit_and_critical_eta_refuse_bad_starts():
    with pytest.raises(ValueError):
        gdchaos.orbit(PROBLEM, eta=1.0, theta0=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        gdchaos.orbit(PROBLEM, eta=1.0, theta0=[1.0, float("nan")])
    with pytest.raises(TypeError):
        gdchaos.orbit(PROBLEM, eta=1.0, theta0=["a", "b"])
    with pytest.raises(ValueError):
        gdchaos.orbit(PROBLEM, eta=-1.0, theta0=[1.0, 2.0])
    with pytest.raises(ValueError):
        gdchaos.critical_eta([1.0], [1.0, 2.0])
    with pytest.raises(ValueError):  # Theorem 1 is for λ = 0
        gdchaos.critical_eta([1.0], [0.5], y=1.0, lam=0.2)


def test_reading_what_is_not_an_output_raises(tmp_path):
    with pytest.raises(ValueError):
        gdchaos.load(tmp_path)
    (tmp_path / "meta.json").write_text("{not json")
    with pytest.raises(ValueError):
        gdchaos.load(tmp_path)
