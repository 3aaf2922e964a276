#include "gdchaos/recipe/recipe_schema.hpp"

#include <algorithm>
#include <array>

namespace gdchaos {

namespace {

using G = RecipeGroup;
constexpr std::array<RecipeKey, 45> kSchema = {{
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
    {"init", G::slice, "`plane` hyper: the initialization θ₀ (vec U, then vec V); networks: θ₀ as FILE.npy or a list"},
    {"seed", G::slice, "seed of `plane` random (default 0)"},
    {"base", G::slice, "base point of `plane` random (default: random)"},
    {"color", G::picture, "status | attractor | steps | loss | norm2 | sharpness | imbalance | coord"},
    {"coord", G::picture, "index K of θ* to record in coord.npy"},
    {"vmin", G::picture, "lower end of a continuous colouring's range (default: the 0.5th percentile of the values)"},
    {"vmax", G::picture, "upper end of a continuous colouring's range (default: the 99.5th percentile of the values)"},
    {"fields", G::picture,
     "the float arrays to write, e.g. loss,norm2, or none (default all; status, steps and attractor always)"},
    {"max_iter", G::decision, "steps before a pixel is reported undecided (default 10000)"},
    {"tol", G::decision, "convergence tolerance on the distance to the limit, relative to max(1, ‖θ‖) (default 1e-10)"},
    {"escape", G::decision, "escape radius on ‖θ‖² (default 1e10)"},
    {"check_every", G::decision, "steps between classification tests (default 16)"},
    {"engine", G::decision,
     "auto | exact | dense | generic | network (default auto: exact when m = n = 1, dense for other targets, generic for "
     "`depth`, network for networks)"},
    {"data", G::network,
     "the training set: fashion-mnist:A,B | fashion-mnist-test:A,B | digits:A,B | gaussian | FILE.npz | X.npy,y.npy"},
    {"samples", G::network, "n: the first n samples (default all; gaussian: as many as the network has parameters)"},
    {"downsample", G::network, "average k×k blocks of pixels (image data; default 1)"},
    {"standardize", G::network, "true | false: each feature to mean 0, variance 1 (image data; default true)"},
    {"features", G::network, "p of gaussian data (default 16)"},
    {"data_seed", G::network, "seed of gaussian data (default 0)"},
    {"arch", G::network, "hidden widths h_1,…,h_{L−1}, e.g. 32,32 (default 8,8; 'none' for a linear model)"},
    {"activation", G::network, "relu | tanh | identity | poly (σ(z) = z + z²/2) (default relu)"},
    {"bias", G::network, "true | false (default true)"},
    {"param", G::network, "standard | mean-field (default standard)"},
    {"weight_decay", G::network, "λ in (λ/2)‖θ‖², on every parameter (default 0)"},
    {"init_seed", G::network, "seed of the default He initialization θ₀ (default 0; ignored with `init`)"},
    {"filter_normalize", G::network, "true | false: scale `plane` random's directions filter by filter to θ₀'s norms (default false)"},
    {"steps", G::network, "the fixed budget of GD steps (default 1000); final values are taken after it"},
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
