// gdchaos critical: Theorem 1's critical step size η*(u, v), as JSON.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos::cli {

Command add_critical_command(CLI::App& app) {
  auto* sub = app.add_subcommand("critical", "Theorem 1's critical step size η*(u, v) (λ = 0, m = n = 1)");
  struct Args {
    std::string u, v, y, target, lambda, reg_coef, data_coef, momentum;
  };
  auto args = std::make_shared<Args>();
  sub->add_option("--u", args->u, "u ∈ ℝ^d, comma-separated")->required();
  sub->add_option("--v", args->v, "v ∈ ℝ^d, comma-separated")->required();
  sub->add_option("--y", args->y, "scalar target y")->required();
  sub->add_option("--lambda", args->lambda, "λ (the theorem needs 0)");
  sub->add_option("--reg-coef", args->reg_coef, "b (the theorem needs 0)");
  sub->add_option("--data-coef", args->data_coef, "a in a(uᵀv − y)² (default ½)");
  sub->add_option("--momentum", args->momentum, "β (the theorem needs 0)");
  auto run = [args]() -> int {
    const auto u = parse_number_list(args->u, "u"), v = parse_number_list(args->v, "v");
    if (u.size() != v.size())
      throw InputError("u and v must have the same length (" + std::to_string(u.size()) + " vs " +
                       std::to_string(v.size()) + ")");
    nlohmann::json recipe = {{"y", args->y}, {"d", u.size()}, {"eta", 1.0}};
    if (!args->lambda.empty()) recipe["lambda"] = args->lambda;
    if (!args->reg_coef.empty()) recipe["reg_coef"] = args->reg_coef;
    if (!args->data_coef.empty()) recipe["data_coef"] = args->data_coef;
    if (!args->momentum.empty()) recipe["momentum"] = args->momentum;
    const Problem p = problem_from_recipe(recipe);
    std::vector<double> theta(u);
    theta.insert(theta.end(), v.begin(), v.end());
    const auto c = critical_step(p, theta);
    const nlohmann::json out = {{"eta_star", c.eta_star}, {"active", c.active}, {"z", c.z}, {"s", c.s},
                                {"y", p.y()}, {"d", p.d}, {"data_coef", p.data_coef},
                                {"theorem", "Theorem 1: GD converges for eta < eta_star, diverges for eta > eta_star (a.e.)"}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
