#include "gdchaos/recipe/recipe_schema.hpp"

#include <algorithm>
#include <array>

namespace gdchaos {

namespace {

using G = RecipeGroup;
constexpr std::array<RecipeKey, 28> kSchema = {{
    {"y", G::problem, "scalar target y (m = n = 1)"},
    {"target", G::problem, "target Y: a number, diag:a,b,…, or a .npy/.json matrix"},
    {"d", G::problem, "inner dimension d (U is d×m, V is d×n); default 1"},
    {"m", G::problem, "rows of Y (checked against the target)"},
    {"n", G::problem, "columns of Y (checked against the target)"},
    {"eta", G::problem, "step size η"},
    {"lambda", G::problem, "ℓ2 regularisation λ: loss ½‖UᵀV − Y‖² + (λ/2)(‖U‖² + ‖V‖²)"},
    {"data_coef", G::problem, "a in a‖UᵀV − Y‖² (default ½)"},
    {"reg_coef", G::problem, "b in b(‖U‖² + ‖V‖²) (default λ/2)"},
    {"momentum", G::problem, "Polyak heavy-ball momentum β ∈ [0, 1) (default 0)"},
    {"depth", G::model, "a deep linear model of depth k >= 2 instead of UᵀV: a‖W_k⋯W_1 − Y‖² + b·Σ‖W_i‖², hidden width `d`"},
    {"window", G::slice, "a0,a1,b0,b1: the slice's α and β ranges (default -4,4,-4,4)"},
    {"res", G::slice, "W[,H] pixels (default 512)"},
    {"center", G::slice, "α,β: centre of a zoom (with `width`)"},
    {"width", G::slice, "α-width of a zoom (with `center`); the height keeps pixels square"},
    {"plane", G::slice, "coords | random | quotient | hyper | FILE.json with base, dir1, dir2"},
    {"axis1", G::slice, "`plane` hyper: NAME:lo,hi for α (NAME = eta, lambda, y, momentum)"},
    {"axis2", G::slice, "`plane` hyper: NAME:lo,hi for β"},
    {"init", G::slice, "`plane` hyper: the initialization θ₀ (vec U, then vec V)"},
    {"seed", G::slice, "seed of `plane` random (default 0)"},
    {"base", G::slice, "base point of `plane` random (default: random)"},
    {"color", G::picture, "status | attractor | steps | loss | norm2 | sharpness | imbalance | coord"},
    {"coord", G::picture, "index K of θ* to record in coord.npy"},
    {"max_iter", G::decision, "steps before a pixel is reported undecided (default 10000)"},
    {"tol", G::decision, "convergence tolerance on the distance to the limit, relative to max(1, ‖θ‖) (default 1e-10)"},
    {"escape", G::decision, "escape radius on ‖θ‖² (default 1e10)"},
    {"check_every", G::decision, "steps between classification tests (default 16)"},
    {"engine", G::decision,
     "auto | exact | dense | generic (default auto: exact when m = n = 1, dense for other targets, generic for `depth`)"},
}};

}  // namespace

std::span<const RecipeKey> recipe_schema() { return kSchema; }

bool is_recipe_key(std::string_view name) {
  return std::any_of(kSchema.begin(), kSchema.end(), [&](const RecipeKey& k) { return k.name == name; });
}

std::string flag_name(std::string_view key) {
  std::string flag(key);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

}  // namespace gdchaos
