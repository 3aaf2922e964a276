// Small step sizes: a step η‖∇L‖ that is tiny because η is tiny says nothing about the distance
// to a critical point, so no pixel may be declared converged (status 1 or 2) where the gradient at
// its limit is not small; and step sizes too small for double precision are refused up front.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

struct Case {
  double eta, lambda;
  Engine engine;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "eta " << c.eta << ", lambda " << c.lambda << ", " << engine_name(c.engine);
}

std::string name(const Case& c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "eta%g_lambda%g_%s", c.eta, c.lambda, engine_name(c.engine));
  std::string s = buf;
  for (auto& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return s;
}

double norm(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v * v;
  return std::sqrt(s);
}

class SmallSteps : public ::testing::TestWithParam<Case> {};

TEST_P(SmallSteps, ConvergedPixelsHaveASmallGradientAtTheirLimit) {
  const auto c = GetParam();
  const Problem p = scalar_problem(1.0, c.eta, c.lambda);
  RenderOptions opt;
  opt.engine = c.engine;
  opt.decision.max_iter = 2000;
  const int res = 20;  // the diagonals u = ±v are pixel centres: the saddle's line and the axes' lanes
  const Grid grid{{-2, 2, -2, 2}, res, res};
  opt.coord = 0;
  const auto mu = render(p, coords_plane(2), grid, opt);
  opt.coord = 1;
  const auto mv = render(p, coords_plane(2), grid, opt);
  ASSERT_EQ(mu.status, mv.status);
  int decided = 0;
  for (int i = 0; i < res; ++i)
    for (int j = 0; j < res; ++j) {
      const auto k = static_cast<std::size_t>(i * res + j);
      const auto s = static_cast<Status>(mu.status[k]);
      EXPECT_NE(s, Status::diverged) << i << "," << j;  // nothing can escape in 2000 tiny steps
      if (s != Status::converged && s != Status::other_critical) continue;
      ++decided;
      // The recorded limit (float32) must be a critical point.
      const std::vector<double> limit{mu.field("coord")[k], mv.field("coord")[k]};
      std::vector<double> g(2);
      gradient(p, limit, g);
      EXPECT_LT(norm(g), 1e-4) << i << "," << j << " status " << int(s) << " after " << mu.steps[k] << " steps";
      // And the limit of this orbit: for λ = 0 a small η nearly conserves u² − v² (each step
      // multiplies it by 1 − η²r²), so the limit is the point of uv = y with the start's imbalance.
      if (c.lambda == 0) {
        const double u0 = grid.alpha(j), v0 = grid.beta(i);
        EXPECT_NEAR(limit[0] * limit[0] - limit[1] * limit[1], u0 * u0 - v0 * v0, 1e-4 * (1 + u0 * u0 + v0 * v0))
            << i << "," << j;
      }
      // The dense engine's limit is the orbit's state: a plain loop of as many steps gets there.
      if (c.engine == Engine::dense) {
        std::vector<double> theta{grid.alpha(j), grid.beta(i)};
        for (int t = 0; t < mu.steps[k]; ++t) gd_step(p, theta);
        gradient(p, theta, g);
        EXPECT_LT(norm(g), 1e-4) << i << "," << j << " (reference loop)";
      }
    }
  // Only the exact engine's λ = 0 certificate can decide orbits this slow (docs/decisions.md):
  // it proves where the exact orbit ends; the step-size test cannot within 2000 steps.
  if (!(c.engine == Engine::exact && c.lambda == 0)) {
    EXPECT_EQ(decided, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, SmallSteps,
                         ::testing::Values(Case{1e-6, 0, Engine::dense}, Case{1e-9, 0, Engine::dense},
                                           Case{1e-12, 0, Engine::dense}, Case{1e-6, 0.2, Engine::dense},
                                           Case{1e-12, 0.2, Engine::dense}, Case{1e-6, 0, Engine::exact},
                                           Case{1e-9, 0, Engine::exact}, Case{1e-12, 0, Engine::exact},
                                           Case{1e-6, 0.2, Engine::exact}, Case{1e-12, 0.2, Engine::exact},
                                           // a step that rounds to 0 in the exact engine's (S, T)
                                           Case{1e-15, 0.2, Engine::exact}, Case{1e-15, 0, Engine::exact}),
                         [](const auto& info) { return name(info.param); });

TEST(SmallSteps, TheReportedBugIsGone) {
  // `gdchaos basin --y 1 --eta 1e-12 --engine dense --res 64`: pixels were "other critical" after
  // 16 steps with ‖∇L‖ ≈ 1 (the rounding allowance 8ε/(1 − κ) ≈ 10⁻³ let any step through).
  RenderOptions opt;
  opt.engine = Engine::dense;
  const auto m = render(scalar_problem(1.0, 1e-12), coords_plane(2), Grid{{-4, 4, -4, 4}, 64, 64}, opt);
  EXPECT_EQ(m.counts[static_cast<int>(Status::converged)], 0);
  EXPECT_EQ(m.counts[static_cast<int>(Status::other_critical)], 0);
  EXPECT_EQ(m.counts[static_cast<int>(Status::undecided)], 64 * 64);
}

TEST(SmallSteps, AStepThatUnderflowsIsNotALimit) {
  // Tiny windows around the saddle 0 of the Fig. 3 problem, where the step η‖∇L‖ is below 10⁻¹⁶²
  // and its square underflows to 0 in double precision although θ moves: η = 10⁻¹⁵ at 10⁻¹⁵⁰
  // (the gradient is far above underflow level), and η = 1 at 10⁻¹⁶³. The saddle repels off its
  // stable set u = −v, and in 64 steps no orbit gets near anything else: nothing is decided.
  struct Case {
    double eta, half;
  };
  const int res = 8;
  for (const Case c : {Case{1e-15, 1e-150}, Case{1.0, 1e-163}})
    for (const Engine engine : {Engine::exact, Engine::dense}) {
      RenderOptions opt;
      opt.engine = engine;
      opt.decision.max_iter = 64;
      const auto m = render(scalar_problem(0.5, c.eta, 0.2), coords_plane(2),
                            Grid{{-c.half, c.half, -c.half, c.half}, res, res}, opt);
      for (int i = 0; i < res; ++i)
        for (int j = 0; j < res; ++j)
          if (i + j != res - 1) {  // the anti-diagonal is the saddle's stable set
            EXPECT_EQ(m.at(i, j), Status::undecided)
                << engine_name(engine) << ", eta " << c.eta << ", pixel " << i << "," << j;
          }
    }
}

TEST(SmallSteps, TooSmallToMoveThetaIsRefused) {
  const nlohmann::json ok = {{"y", 1}, {"eta", 1e-12}, {"res", 8}};
  EXPECT_NO_THROW(basin_job_from_recipe(ok));
  for (const double eta : {1e-320, 1e-300, 1e-17}) {
    auto r = ok;
    r["eta"] = eta;
    EXPECT_THROW(basin_job_from_recipe(r), InputError) << eta;
  }
  // The bound scales with the window: far-out starts have a larger curvature.
  const Problem p = scalar_problem(1.0, 1e-15);
  EXPECT_NO_THROW(check_step_size(p, 32));     // [−4, 4]²: h ≤ 49
  EXPECT_THROW(check_step_size(p, 0), InputError);  // |θ| ≤ 1: h ≤ 2.5
  // A hyperparameter plane is checked at every corner of its axes.
  const nlohmann::json hyper = {{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:1e-300,1"}, {"axis2", "lambda:0,0.5"},
                                {"init", "1.5,0.3"}, {"res", 8}};
  EXPECT_THROW(basin_job_from_recipe(hyper), InputError);
  auto fine = hyper;
  fine["axis1"] = "eta:1e-9,1";
  EXPECT_NO_THROW(basin_job_from_recipe(fine));
}

}  // namespace
