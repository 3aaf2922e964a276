#pragma once
// The flags that make up a recipe (see include/gdchaos/recipe/recipe.hpp), shared by the commands that
// run GD on a problem: each --flag-name given on the command line enters the recipe as
// flag_name, over whatever a preset said.
#include <deque>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace gdchaos::cli {

using FlagList = std::vector<std::pair<std::string, std::string>>;  // name, help

// The flags of each group of the recipe schema (include/gdchaos/recipe/recipe_schema.hpp).
/// y, target, d, m, n, eta, lambda, data-coef, reg-coef, momentum.
const FlagList& problem_flags();
/// Model families other than the factorization (basin only: the other commands are factorization-specific).
const FlagList& model_flags();
/// window, res, center, width, plane, axis1, axis2, init, seed, base.
const FlagList& slice_flags();
/// color, coord.
const FlagList& picture_flags();
/// max-iter, tol, escape, check-every, engine.
const FlagList& decision_flags();
/// Everything a network recipe takes (`gdchaos net`): eta, momentum, the network group, the
/// slice, the picture and the decision keys but max-iter (a network trains for `steps`).
const FlagList& network_flags();

class RecipeFlags {
 public:
  void add(CLI::App* sub, const FlagList& flags);
  bool given(const std::string& name) const;
  /// The preset (a name or a .json path; none when empty) overlaid with the flags given.
  /// Throws InputError for contradictory flags (--y with --target, --lambda with --reg-coef, …).
  nlohmann::json recipe(const std::string& preset) const;
  /// The same over a recipe already read (e.g. a meta.json's "recipe" object).
  nlohmann::json recipe_over(nlohmann::json base) const;

 private:
  void refuse_contradictions() const;
  nlohmann::json overlay(nlohmann::json recipe) const;
  std::deque<std::pair<std::string, std::string>> values_;  // deque: CLI11 keeps their addresses
  std::vector<std::pair<std::string, CLI::Option*>> options_;
};

/// Refuses an empty value ("--out ''" is a mistake, not a request for a default).
CLI::Validator non_empty();

/// The files a run of `recipe` reads (a preset file, a plane file, a target file): its output
/// may not replace them.
std::vector<std::filesystem::path> recipe_inputs(const nlohmann::json& recipe, const std::string& preset);

}  // namespace gdchaos::cli
