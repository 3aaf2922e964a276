# Type stubs of the gdchaos package. basin()'s keywords are the recipe's keys
# (include/gdchaos/recipe/recipe_schema.hpp), `lam` for `lambda`; tests/python/test_stubs.py checks
# that this list and the library's schema agree.
import os
from typing import Any, Callable, Literal, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

_Path = Union[str, os.PathLike[str]]
_Numbers = Union[Sequence[float], npt.NDArray[np.floating[Any]], npt.NDArray[np.integer[Any]]]
_Progress = Union[None, bool, Callable[[int, int], Any]]
_Axis = Union[str, tuple[str, float, float]]

class Problem:
    def recipe(self) -> dict[str, Any]: ...

class Factorization(Problem):
    """L(U, V) = a‖UᵀV − Y‖²_F + b(‖U‖²_F + ‖V‖²_F); a = ½, b = λ/2 by default."""
    def __init__(self, y: Optional[float] = None, *, target: Union[None, float, str, _Numbers] = None,
                 Y: Union[None, float, str, _Numbers] = None, d: Optional[int] = None, m: Optional[int] = None,
                 n: Optional[int] = None, lam: Optional[float] = None, data_coef: Optional[float] = None,
                 reg_coef: Optional[float] = None) -> None: ...

class DeepLinear(Problem):
    """L = a‖W_K⋯W_1 − Y‖²_F + b·Σ‖W_i‖²_F, hidden width d."""
    def __init__(self, depth: int, y: Optional[float] = None, *, target: Union[None, float, str, _Numbers] = None,
                 Y: Union[None, float, str, _Numbers] = None, d: Optional[int] = None, m: Optional[int] = None,
                 n: Optional[int] = None, lam: Optional[float] = None, data_coef: Optional[float] = None,
                 reg_coef: Optional[float] = None) -> None: ...

class BasinResult:
    status: npt.NDArray[np.uint8]
    steps: npt.NDArray[np.int32]
    attractor: npt.NDArray[np.int16]
    loss: npt.NDArray[np.float32]
    norm2: npt.NDArray[np.float32]
    sharpness: npt.NDArray[np.float32]
    @property
    def arrays(self) -> dict[str, np.ndarray]: ...
    @property
    def shape(self) -> tuple[int, int]: ...
    @property
    def recipe(self) -> dict[str, Any]: ...
    @property
    def window(self) -> tuple[float, float, float, float]: ...
    @property
    def alpha(self) -> npt.NDArray[np.float64]: ...
    @property
    def beta(self) -> npt.NDArray[np.float64]: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def attractors(self) -> list[list[float]]: ...
    @property
    def engine(self) -> str: ...
    @property
    def wall_seconds(self) -> float: ...
    @property
    def meta(self) -> dict[str, Any]: ...
    @property
    def directory(self) -> Optional[str]: ...
    def save(self, dir: _Path, force: bool = False) -> dict[str, Any]: ...
    def plot(self, color: Optional[str] = None, ax: Any = None) -> Any: ...
    def __getattr__(self, name: str) -> np.ndarray: ...

def basin(problem: Optional[Problem] = None, *, preset: Optional[_Path] = None, threads: int = 0,
          progress: _Progress = None,
          y: Optional[float] = None, target: Union[None, float, str, _Numbers] = None, d: Optional[int] = None,
          m: Optional[int] = None, n: Optional[int] = None, eta: Optional[float] = None, lam: Optional[float] = None,
          data_coef: Optional[float] = None, reg_coef: Optional[float] = None, momentum: Optional[float] = None,
          depth: Optional[int] = None,
          window: Optional[_Numbers] = None, res: Union[None, int, Sequence[int]] = None,
          center: Optional[_Numbers] = None, width: Optional[float] = None, plane: Optional[_Path] = None,
          axis1: Optional[_Axis] = None, axis2: Optional[_Axis] = None, init: Optional[_Numbers] = None,
          seed: Optional[int] = None, base: Optional[_Numbers] = None,
          color: Optional[str] = None, coord: Optional[int] = None, fields: Union[None, str, Sequence[str]] = None,
          vmin: Optional[float] = None, vmax: Optional[float] = None,
          max_iter: Optional[int] = None, tol: Optional[float] = None, escape: Optional[float] = None,
          check_every: Optional[int] = None,
          engine: Optional[Literal["auto", "exact", "dense", "generic", "network"]] = None,
          data: Optional[_Path] = None, samples: Optional[int] = None, downsample: Optional[int] = None,
          standardize: Optional[bool] = None, features: Optional[int] = None, data_seed: Optional[int] = None,
          arch: Union[None, str, Sequence[int]] = None, activation: Optional[Literal["relu", "tanh", "identity", "poly"]] = None,
          bias: Optional[bool] = None, param: Optional[Literal["standard", "mean-field"]] = None,
          weight_decay: Optional[float] = None, init_seed: Optional[int] = None, filter_normalize: Optional[bool] = None,
          steps: Optional[int] = None,
          ) -> BasinResult: ...

def load(dir: _Path) -> BasinResult: ...
def presets() -> list[str]: ...
def critical_eta(u: Union[float, _Numbers], v: Union[float, _Numbers], y: float = 1.0, *,
                 data_coef: Optional[float] = None, lam: Optional[float] = None, reg_coef: Optional[float] = None,
                 momentum: Optional[float] = None) -> float: ...

class Orbit:
    theta: npt.NDArray[np.float64]
    loss: npt.NDArray[np.float64]
    sharpness: Optional[npt.NDArray[np.float64]]
    escaped: bool

def orbit(problem: Problem, eta: float, theta0: _Numbers, steps: int = 500, *, momentum: Optional[float] = None,
          sharpness: bool = True, escape: Optional[float] = None, progress: _Progress = None) -> Orbit: ...
def dimension(result: Union[BasinResult, _Path], boundary: str = "converged",
              fit: Optional[tuple[int, int]] = None) -> dict[str, Any]: ...
def uncertainty(result: Union[BasinResult, _Path], samples: int = 1000000, eps: tuple[float, float] = (1e-9, 1e-2),
                eps_count: int = 12, box: int = 5, seed: int = 0, threads: int = 0, bootstrap: int = 200,
                min_uncertain: int = 20, boundary: Literal["outcome", "convergence"] = "outcome",
                progress: _Progress = None) -> dict[str, Any]: ...
