#pragma once
// Network recipes: a recipe that names `data` trains the mlp family (a fully connected network on
// that data) instead of factorizing a target. The same keys serve `gdchaos net basin` (slices and
// hyperparameter planes) and `gdchaos net scan` (a list of step sizes); see recipe_schema.cpp.
#include <memory>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/core/json_value.hpp"
#include "gdchaos/engine/decision.hpp"
#include "gdchaos/engine/render.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos {

bool is_network_recipe(const nlohmann::json& recipe);

/// What every network run needs: the network on its data, the start θ₀, the optimizer, the step
/// budget and decision thresholds, and the recipe with those parts resolved (defaults filled in).
struct NetworkSetup {
  std::shared_ptr<const Mlp> model;
  std::vector<double> theta0;
  Optimizer optimizer;
  DecisionOptions decision;
  Engine engine = Engine::network;
  JsonValue resolved;  ///< the data, network, init and decision keys, resolved
};

/// Reads the data and builds the network; throws InputError naming the first bad key. Keys that
/// belong to the factorization family (y, target, d, lambda, depth, …) are refused.
NetworkSetup network_from_recipe(const nlohmann::json& recipe);

/// A whole `net basin` job: a random (or file) slice through θ₀, or a hyperparameter plane of
/// η, η_k and β from θ₀.
BasinJob net_job_from_recipe(const nlohmann::json& recipe);

/// Scales each direction filter by filter (a row of W_k: one neuron's incoming weights) to the
/// norm of the same row of θ₀, as loss-landscape plots do; the biases' entries become 0.
void filter_normalize(const Mlp& model, const std::vector<double>& theta0, std::vector<double>& direction);

}  // namespace gdchaos
