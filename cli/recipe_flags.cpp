#include "recipe_flags.hpp"

#include <algorithm>

#include "gdchaos/error.hpp"
#include "gdchaos/recipe.hpp"

namespace gdchaos::cli {

const FlagList& problem_flags() {
  static const FlagList flags = {
      {"y", "scalar target y (m = n = 1)"},
      {"target", "target Y: a number, diag:a,b,…, or a .npy/.json matrix"},
      {"d", "inner dimension d (U is d×m, V is d×n); default 1"},
      {"m", "rows of Y (checked against the target)"},
      {"n", "columns of Y (checked against the target)"},
      {"eta", "step size η"},
      {"lambda", "ℓ2 regularisation λ: loss ½‖UᵀV − Y‖² + (λ/2)(‖U‖² + ‖V‖²)"},
      {"data-coef", "a in a‖UᵀV − Y‖² (default ½)"},
      {"reg-coef", "b in b(‖U‖² + ‖V‖²) (default λ/2)"},
      {"momentum", "Polyak heavy-ball momentum β ∈ [0, 1) (default 0)"},
  };
  return flags;
}

const FlagList& model_flags() {
  static const FlagList flags = {
      {"depth", "a deep linear model of depth k >= 2 instead of UᵀV: a‖W_k⋯W_1 − Y‖² + b·Σ‖W_i‖², hidden width --d"},
  };
  return flags;
}

const FlagList& slice_flags() {
  static const FlagList flags = {
      {"window", "a0,a1,b0,b1: the slice's α and β ranges (default -4,4,-4,4)"},
      {"res", "W[,H] pixels (default 512)"},
      {"center", "α,β: centre of a zoom (with --width)"},
      {"width", "α-width of a zoom (with --center); the height keeps pixels square"},
      {"plane", "coords | random | quotient | hyper | FILE.json with base, dir1, dir2"},
      {"axis1", "--plane hyper: NAME:lo,hi for α (NAME = eta, lambda, y, momentum)"},
      {"axis2", "--plane hyper: NAME:lo,hi for β"},
      {"init", "--plane hyper: the initialization θ₀ (vec U, then vec V)"},
      {"seed", "seed of --plane random (default 0)"},
      {"base", "base point of --plane random (default: random)"},
  };
  return flags;
}

const FlagList& decision_flags() {
  static const FlagList flags = {
      {"max-iter", "steps before a pixel is reported undecided (default 10000)"},
      {"tol", "convergence tolerance on the distance to the limit, relative to max(1, ‖θ‖) (default 1e-10)"},
      {"escape", "escape radius on ‖θ‖² (default 1e10)"},
      {"check-every", "steps between classification tests (default 16)"},
      {"engine", "auto | exact | dense | generic (default auto: exact when m = n = 1, dense for other targets, generic for --depth)"},
  };
  return flags;
}

void RecipeFlags::add(CLI::App* sub, const FlagList& flags) {
  for (const auto& [name, help] : flags) {
    values_.emplace_back(name, "");
    options_.emplace_back(name, sub->add_option(std::string("--") + name, values_.back().second, help));
  }
}

bool RecipeFlags::given(const std::string& name) const {
  for (const auto& [n, opt] : options_)
    if (n == name) return opt->count() > 0;
  return false;
}

nlohmann::json RecipeFlags::recipe(const std::string& preset) const {
  if (given("y") && given("target")) throw InputError("give either --y or --target, not both");
  if (given("lambda") && given("reg-coef")) throw InputError("give either --lambda or --reg-coef, not both");
  if (given("window") && (given("center") || given("width"))) throw InputError("give either --window or --center/--width");
  nlohmann::json recipe = preset.empty() ? nlohmann::json::object() : load_preset(preset);
  for (std::size_t k = 0; k < options_.size(); ++k) {
    if (options_[k].second->count() == 0) continue;
    std::string key = options_[k].first;
    for (auto& c : key) c = c == '-' ? '_' : c;
    // A flag replaces the preset's way of saying the same thing.
    if (key == "y" || key == "target") recipe.erase("y"), recipe.erase("target");
    if (key == "lambda" || key == "reg_coef") recipe.erase("lambda"), recipe.erase("reg_coef");
    if (key == "window") recipe.erase("center"), recipe.erase("width");
    recipe[key] = values_[k].second;
  }
  return recipe;
}

CLI::Validator non_empty() {
  return CLI::Validator([](std::string& v) { return v.empty() ? std::string("an empty value names nothing") : std::string(); },
                        "", "NON_EMPTY");
}

std::vector<std::filesystem::path> recipe_inputs(const nlohmann::json& recipe, const std::string& preset) {
  std::vector<std::filesystem::path> files;
  const auto names = preset_names();
  if (!preset.empty() && std::find(names.begin(), names.end(), preset) == names.end()) files.emplace_back(preset);
  if (recipe.contains("plane") && recipe["plane"].is_string()) {
    const auto plane = recipe["plane"].get<std::string>();
    if (plane != "coords" && plane != "random" && plane != "quotient" && plane != "hyper") files.emplace_back(plane);
  }
  if (recipe.contains("target") && recipe["target"].is_string()) {
    const std::filesystem::path target(recipe["target"].get<std::string>());
    if (target.extension() == ".npy" || target.extension() == ".json") files.push_back(target);
  }
  return files;
}

}  // namespace gdchaos::cli
