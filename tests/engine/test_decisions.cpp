// What an orbit is declared to have done.
#include <cmath>

#include <gtest/gtest.h>

#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

RenderOptions with(std::int32_t max_iter, Engine engine = Engine::automatic) {
  RenderOptions o;
  o.decision.max_iter = max_iter;
  o.engine = engine;
  return o;
}

class Decisions : public ::testing::TestWithParam<Engine> {};

TEST_P(Decisions, SlowConvergenceIsNotDeclaredEarly) {
  // λ = 0, y = 1, η = 0.999: the balanced minimizer u = v = 1 has multiplier 1 − 2η = −0.998,
  // so an orbit from (1.05, 1.05) creeps in over thousands of steps while its gradient is small.
  const auto p = scalar_problem(1.0, 0.999);
  const auto early = render_point(p, {1.05, 1.05}, with(400, GetParam()));
  EXPECT_EQ(early.at(0, 0), Status::undecided);
  EXPECT_TRUE(std::isnan(early.field("norm2")[0]));
  const auto late = render_point(p, {1.05, 1.05}, with(200000, GetParam()));
  EXPECT_EQ(late.at(0, 0), Status::converged);
  EXPECT_GT(late.steps[0], 2000);
  EXPECT_NEAR(late.field("norm2")[0], 2.0, 1e-6);
}

TEST_P(Decisions, SaddleBasinIsOtherCritical) {
  // u = −v stays on the anti-diagonal, which GD contracts to the saddle 0.
  const auto m = render_point(scalar_problem(1.0, 0.5), {0.3, -0.3}, with(10000, GetParam()));
  EXPECT_EQ(m.at(0, 0), Status::other_critical);
  EXPECT_NEAR(m.field("norm2")[0], 0.0, 1e-12);
}

TEST_P(Decisions, PeriodicOrbitStaysUndecided) {
  // η|y| > 1: on the diagonal the balanced minimizer has lost stability to a 2-cycle.
  const auto m = render_point(scalar_problem(1.0, 1.1), {1.02, 1.02}, with(20000, GetParam()));
  EXPECT_EQ(m.at(0, 0), Status::undecided);
  EXPECT_GE(m.steps[0], 20000);
}

TEST_P(Decisions, FarStartDiverges) {
  const auto m = render_point(scalar_problem(1.0, 0.5), {3.0, 2.5}, with(1000, GetParam()));
  EXPECT_EQ(m.at(0, 0), Status::diverged);
  EXPECT_LT(m.steps[0], 200);
}

TEST_P(Decisions, OriginIsTheMinimizerWhenYBelowLambda) {
  // y ≤ λ: 0 is the global minimizer, and it attracts.
  const auto m = render_point(scalar_problem(0.1, 0.5, 0.3), {0.2, 0.1}, with(10000, GetParam()));
  EXPECT_EQ(m.at(0, 0), Status::converged);
}

TEST_P(Decisions, NearTheSaddleOnlyItsStableSetGoesThere) {
  // A window of width 10⁻¹⁵ around the saddle 0 of the Fig. 3 problem: the gradient is tiny on
  // every pixel, but only the anti-diagonal u = −v is on the saddle's stable set.
  const auto p = scalar_problem(0.5, 1.0, 0.2);
  RenderOptions opt = with(20000, GetParam());
  const int res = 16;
  const auto m = render(p, coords_plane(2), Grid{{-5e-16, 5e-16, -5e-16, 5e-16}, res, res}, opt);
  for (int i = 0; i < res; ++i)
    for (int j = 0; j < res; ++j)
      EXPECT_EQ(m.at(i, j), i + j == res - 1 ? Status::other_critical : Status::converged) << i << "," << j;
}

TEST_P(Decisions, MomentumTurningPointIsNotALimit) {
  // Heavy ball β = 0.9 from u = v = 0.3697…: the orbit turns round with θ_t ≈ θ_{t−1} at a point
  // that is not critical; it converges to the minimizer ‖θ*‖² = 2(y − λ) = 0.6.
  auto p = scalar_problem(0.5, 1.0, 0.2);
  p.momentum = 0.9;
  const auto m = render_point(p, {0.36973601593481026, 0.36973601593481026}, with(20000, GetParam()));
  EXPECT_EQ(m.at(0, 0), Status::converged);
  EXPECT_NEAR(m.field("norm2")[0], 0.6, 1e-6);  // float32 output
}

INSTANTIATE_TEST_SUITE_P(Engines, Decisions, ::testing::Values(Engine::exact, Engine::dense),
                         [](const auto& info) { return std::string(engine_name(info.param)); });

TEST(Decisions, EscapeRadiusDoesNotChangeTheAnswer) {
  // Divergence is declared at ‖θ‖² > escape; a far larger radius must not change any pixel.
  for (const auto& p : {scalar_problem(0.5, 1.0, 0.2), scalar_problem(1.0, 0.9), scalar_problem(0.0, 1.0, 0.2)}) {
    RenderOptions a = with(20000), b = with(20000);
    b.decision.escape = 1e14;
    const auto ma = render_square(p, coords_plane(2), 4, 160, a);
    const auto mb = render_square(p, coords_plane(2), 4, 160, b);
    EXPECT_EQ(ma.status, mb.status);
  }
}

TEST(Decisions, ThreadCountDoesNotChangeTheAnswer) {
  const auto p = scalar_problem(0.5, 1.0, 0.2);
  RenderOptions one = with(20000), two = with(20000);
  one.threads = 1, two.threads = 2;
  const auto a = render_square(p, coords_plane(2), 4, 128, one);
  const auto b = render_square(p, coords_plane(2), 4, 128, two);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.attractor, b.attractor);
  EXPECT_EQ(a.steps, b.steps);
}

TEST(Decisions, Fig3HasTwoMinimizersAndTheSaddle) {
  const auto m = render_square(scalar_problem(0.5, 1.0, 0.2), coords_plane(2), 4, 256, with(20000));
  // minimizers ±(√0.3, √0.3), plus the saddle reached from the anti-diagonal
  ASSERT_EQ(m.attractors.size(), 3u);
  EXPECT_NEAR(m.attractors.front()[0], -std::sqrt(0.3), 1e-8);
  EXPECT_NEAR(m.attractors.back()[1], std::sqrt(0.3), 1e-8);
  EXPECT_EQ(m.counts[0], 0);
}

}  // namespace
