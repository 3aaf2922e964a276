"""The losses GD runs on, as recipe fragments (the problem and model keys of a recipe)."""
from . import _recipe


class Problem:
    """A loss for gdchaos to run GD on: the problem (and model) keys of a recipe.

    Pass it to `basin`, `orbit`; keywords given there (eta, momentum, …) complete it.
    """

    def __init__(self, **keywords):
        self._recipe = _recipe.overlay({}, keywords)

    def recipe(self):
        """The recipe keys this problem sets (a dict; `lambda` under its recipe name)."""
        return dict(self._recipe)

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self._recipe.items())
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other):
        return type(self) is type(other) and self._recipe == other._recipe


class Factorization(Problem):
    r"""Matrix factorization: L(U, V) = a‖UᵀV − Y‖²_F + b(‖U‖²_F + ‖V‖²_F), U ∈ ℝ^{d×m}, V ∈ ℝ^{d×n}.

    By default a = ½ and b = λ/2 (the paper's ½‖UᵀV − Y‖² + (λ/2)(‖U‖² + ‖V‖²)); `data_coef` and
    `reg_coef` set a and b as written. The parameters θ list vec(U) row-major, then vec(V).

    y:      scalar target (m = n = 1), e.g. Fig. 3's y = 0.5
    target: Y as a number, an m×n array, "diag:a,b,…" or a .npy/.json file (`Y` is the same)
    d:      inner dimension (default 1)
    m, n:   checked against the target's shape
    lam:    λ ≥ 0 (the recipe's `lambda`)
    data_coef, reg_coef: a and b
    """

    def __init__(self, y=None, *, target=None, Y=None, d=None, m=None, n=None, lam=None, data_coef=None,
                 reg_coef=None):
        if target is not None and Y is not None:
            raise TypeError("give either `target` or `Y` (the same thing), not both")
        super().__init__(y=y, target=target if target is not None else Y, d=d, m=m, n=n, lam=lam,
                         data_coef=data_coef, reg_coef=reg_coef)


class DeepLinear(Problem):
    r"""Deep linear network: L(W_1, …, W_K) = a‖W_K⋯W_1 − Y‖²_F + b·Σ‖W_i‖²_F, hidden width d.

    Depth 2 is the factorization's loss (W₂ = Uᵀ, W₁ = V) in another parameter order. Runs on the
    generic engine; keywords as for Factorization.
    """

    def __init__(self, depth, y=None, *, target=None, Y=None, d=None, m=None, n=None, lam=None, data_coef=None,
                 reg_coef=None):
        if target is not None and Y is not None:
            raise TypeError("give either `target` or `Y` (the same thing), not both")
        super().__init__(depth=depth, y=y, target=target if target is not None else Y, d=d, m=m, n=n, lam=lam,
                         data_coef=data_coef, reg_coef=reg_coef)
