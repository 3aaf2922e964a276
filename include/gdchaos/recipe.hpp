#pragma once
// A recipe is the JSON form of a `gdchaos basin` request: the keys are the command's flag names
// (with '_' for '-'), so a preset, the flags and meta.json's "recipe" are one and the same thing.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "gdchaos/field_set.hpp"
#include "gdchaos/hyper.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/problem.hpp"
#include "gdchaos/render.hpp"
#include "gdchaos/slice.hpp"

namespace gdchaos {

/// Everything needed to render and write one basin map.
struct BasinJob {
  /// The loss GD runs on: Factorization(problem), or another family (the recipe's "depth" gives
  /// the deep linear one).
  std::shared_ptr<const Model> model;
  Optimizer optimizer;
  /// The factorization family's problem, η and β included (the fast paths, the quotient and
  /// hyperparameter planes and Theorem 1 speak of it); for the quotient plane d = 1 (the quotient
  /// does not depend on d). For other families it holds only the optimizer's η and β: see
  /// is_factorization().
  Problem problem;
  Plane plane;      ///< the slice (unused for the quotient plane)
  bool quotient = false;  ///< pixels are (z, w) of Proposition 3 rather than points of a slice
  bool hyper = false;     ///< pixels are hyperparameter pairs, GD always starts from `init`
  HyperAxis axis1, axis2;
  std::vector<double> init;
  Grid grid;
  RenderOptions options;
  std::string color = "status";
  nlohmann::json recipe;  ///< the resolved recipe: every parameter, defaults filled in

  bool is_factorization() const { return model->family() == "factorization"; }
  /// Throws InputError naming `what` unless the job's model is the factorization family.
  void require_factorization(const std::string& what) const;
  /// The float fields its output holds (field_set.hpp).
  FieldSet fields() const;
  /// The starting points of the render (refers to this job: keep the job alive). Not for
  /// hyperparameter planes, whose pixels differ in the problem rather than the start.
  std::unique_ptr<InitialPoints> points() const;
  /// θ₀ at plane coordinates (α, β); false outside the quotient domain. Not for hyperparameter planes.
  bool point(double alpha, double beta, std::span<double> theta) const;
  BasinMap render() const;
  /// GD on the job's model and optimizer from any starting points (e.g. uncertainty's pairs).
  BasinMap render(const InitialPoints& points, const RenderOptions& options) const;
};

/// Builds the problem (target, d, m, n, eta, lambda, data_coef, reg_coef, momentum) from a recipe.
Problem problem_from_recipe(const nlohmann::json& recipe);
/// Builds a whole job; throws InputError naming the first bad key.
BasinJob basin_job_from_recipe(const nlohmann::json& recipe);

/// A preset by name (compiled in from presets/) or a path to a JSON file: a preset, or a meta.json
/// whose "recipe" is used. Throws InputError for unknown names and malformed files.
nlohmann::json load_preset(const std::string& name_or_path);
/// Names of the compiled-in presets.
std::vector<std::string> preset_names();

/// Strict number parsing: the whole string must be one finite number, written plainly in decimal
/// or scientific notation ([sign] digits [. digits] [e [sign] digits]); no blanks, no "inf", "nan",
/// hex or doubled signs ("+-1"). Throws InputError naming `what`.
double parse_number(const std::string& text, const std::string& what);
std::vector<double> parse_number_list(const std::string& text, const std::string& what);
/// Strict integer parsing, exact (never through double): decimal digits with an optional leading
/// '-', in [lo, hi]; "1.0", "1e3", "0x10", "+1", " 1" are refused. Throws InputError naming `what`.
long long parse_integer(const std::string& text, const std::string& what, long long lo, long long hi);
/// The same for [0, 2⁶⁴ − 1] (seeds).
std::uint64_t parse_unsigned(const std::string& text, const std::string& what);

}  // namespace gdchaos
