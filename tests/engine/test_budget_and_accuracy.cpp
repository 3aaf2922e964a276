// Properties of the decisions every engine must keep: the step budget, and the promised accuracy
// of a converged pixel's limit on slow orbits.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

class EveryEngine : public ::testing::TestWithParam<Engine> {};

TEST_P(EveryEngine, UndecidedPixelsRanExactlyTheBudget) {
  // η|y| > 1: stable 2-cycles, so many pixels stay undecided. Odd resolution: the middle row and
  // column lie on the axes u = 0 and v = 0.
  const auto p = scalar_problem(1.0, 1.1);
  for (int max_iter : {400, 390, 17}) {
    RenderOptions opt;
    opt.engine = GetParam();
    opt.decision.max_iter = max_iter;
    const int every = opt.decision.check_every;
    const std::int32_t expected = (max_iter + every - 1) / every * every;
    const auto map = render_square(p, coords_plane(2), 2.0, 65, opt);
    ASSERT_GT(map.counts[0], 100) << "the job must leave pixels undecided";
    bool on_axis = false;
    for (std::int64_t px = 0; px < map.pixels(); ++px) {
      if (map.status[px] != 0) continue;
      on_axis |= px / 65 == 32 || px % 65 == 32;
      ASSERT_EQ(map.steps[px], expected) << "max_iter " << max_iter << " pixel " << px;
      ASSERT_TRUE(std::isnan(map.field("norm2")[px]));
    }
    EXPECT_TRUE(on_axis) << "some undecided pixel lies on an axis";
    // and no decided pixel took more than the budget
    for (std::int64_t px = 0; px < map.pixels(); ++px) ASSERT_LE(map.steps[px], expected);
  }
}

// θ after many plain GD steps: the limit of a slowly converging orbit.
std::vector<double> run_long(const Problem& p, std::vector<double> theta, int steps) {
  for (int k = 0; k < steps; ++k) gd_step(p, theta);
  return theta;
}

TEST_P(EveryEngine, SlowOrbitsStopWithinTheToleranceOfTheirLimit) {
  // Multipliers near +1 (small η): the step is tiny long before the orbit is near its limit, so
  // only the contraction bound's 1/(1 − κ) keeps the promise |θ* − θ_limit| ≤ tol·max(1, ‖θ‖).
  struct Case {
    Problem p;
    std::vector<double> start;
  };
  std::vector<Case> cases = {{scalar_problem(1.0, 0.001), {1.05, 1.05}},
                             {scalar_problem(1.0, 0.002), {0.6, 1.9}},
                             {scalar_problem(0.5, 0.003, 0.2), {1.2, 0.4}},
                             {scalar_problem(1.0, 0.001, 0.0, 2), {1.0, 0.3, 0.8, -0.2}}};
  for (const auto& c : cases) {
    const double tol = 1e-6;
    const int dim = c.p.dim();
    std::vector<double> reported(dim);
    int steps = 0;
    for (int k = 0; k < dim; ++k) {
      RenderOptions opt;
      opt.engine = GetParam();
      opt.decision.tol = tol;
      opt.decision.max_iter = 200000;
      opt.coord = k;
      const auto map = render_point(c.p, c.start, opt);
      // a global minimizer, also with a loose tolerance (its loss is then up to ~10⁻¹² above the
      // minimum)
      ASSERT_EQ(map.status[0], 1) << "start " << c.start[0] << "," << c.start[1];
      reported[k] = map.field("coord")[0];
      steps = map.steps[0];
    }
    const auto limit = run_long(c.p, c.start, 400'000);
    double err2 = 0, norm2 = 0;
    for (int k = 0; k < dim; ++k) err2 += (reported[k] - limit[k]) * (reported[k] - limit[k]), norm2 += limit[k] * limit[k];
    // coord.npy is float32: its rounding (6e-8 relative) comes on top of the tolerance
    EXPECT_LE(std::sqrt(err2), tol * std::max(1.0, std::sqrt(norm2)) + 1e-7 * std::sqrt(norm2))
        << "start " << c.start[0] << "," << c.start[1] << " decided at step " << steps;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EveryEngine, ::testing::Values(Engine::exact, Engine::dense),
                         [](const auto& info) { return info.param == Engine::exact ? "exact" : "dense"; });

}  // namespace
