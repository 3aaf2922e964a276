// Hyperparameter planes run every SIMD lane, each lane its own problem: every pixel must come out
// exactly as that pixel's problem rendered alone from θ₀ (status, steps and every field, bit for bit).
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/core/attractors.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/hyper.hpp"
#include "../render_helpers.hpp"

namespace gdchaos {
namespace {

using testing::render_point;
using testing::scalar_problem;

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_every_pixel_alone(const Problem& base, const std::vector<double>& init, HyperAxis a1, HyperAxis a2,
                              int width, int height, Engine engine, int max_iter = 4000, double min_decided = 0.5) {
  RenderOptions opt;
  opt.engine = engine;
  opt.decision.max_iter = max_iter;
  opt.threads = 2;
  const auto map = render_hyper(base, init, a1, a2, width, height, opt);
  const Grid g{{a1.lo, a1.hi, a2.lo, a2.hi}, width, height};
  int decided = 0;
  // Each pixel's limit, matched in pixel order: the attractor table a one-pixel-at-a-time render makes.
  AttractorTable alone;
  std::vector<int> alone_id(static_cast<std::size_t>(width) * height, -1);
  for (int i = 0; i < height; ++i)
    for (int j = 0; j < width; ++j) {
      const auto p = with_hyperparameter(with_hyperparameter(base, a1.which, g.alpha(j)), a2.which, g.beta(i));
      const auto one = render_point(p, init, opt);
      const auto k = static_cast<std::size_t>(i) * width + j;
      const std::string where = std::string(engine_name(engine)) + " pixel " + std::to_string(i) + "," +
                                std::to_string(j);
      ASSERT_EQ(map.status[k], one.status[0]) << where;
      ASSERT_EQ(map.steps[k], one.steps[0]) << where;
      ASSERT_EQ(map.fields.size(), one.fields.size());
      for (std::size_t f = 0; f < map.fields.size(); ++f)
        ASSERT_TRUE(same_bits(map.fields[f].values[k], one.fields[f].values[0]))
            << where << " " << map.fields[f].name << ": " << map.fields[f].values[k] << " vs "
            << one.fields[f].values[0];
      decided += map.status[k] != 0;
      if (one.attractor[0] >= 0) alone_id[k] = alone.find_or_add(one.attractors[0]);
    }
  ASSERT_EQ(map.attractors_overflowed, alone.overflowed());
  if (!alone.overflowed()) {
    const auto canonical = alone.canonical_order();
    ASSERT_EQ(map.attractors.size(), static_cast<std::size_t>(alone.size()));
    for (int id = 0; id < alone.size(); ++id) {
      const auto pt = alone.point(id);
      EXPECT_EQ(map.attractors[id], std::vector<double>(pt.begin(), pt.end())) << "attractor " << id;
    }
    for (std::size_t k = 0; k < alone_id.size(); ++k)
      ASSERT_EQ(map.attractor[k], alone_id[k] < 0 ? -1 : canonical[alone_id[k]]) << "pixel " << k;
  }
  // The plane must exercise the decisions, not be all undecided.
  EXPECT_GT(decided, min_decided * width * height) << engine_name(engine);
}

TEST(HyperPlaneLanes, EtaLambdaEveryEngineAsIfAlone) {
  const auto base = scalar_problem(1.0, 1.0);
  for (Engine e : {Engine::exact, Engine::dense, Engine::generic})
    expect_every_pixel_alone(base, {1.5, 0.3}, {Hyperparameter::eta, 0.5, 1.2}, {Hyperparameter::lambda, 0, 0.5},
                             37, 11, e);
}

TEST(HyperPlaneLanes, ASmallBudgetAsIfAlone) {
  // Many lanes run out of steps while their neighbours are still converging: a lane's budget is
  // its own (as alone), not its tile's oldest lane's.
  const auto base = scalar_problem(1.0, 1.0);
  for (int max_iter : {60, 200})
    for (Engine e : {Engine::exact, Engine::dense})
      expect_every_pixel_alone(base, {1.5, 0.3}, {Hyperparameter::eta, 0.2, 1.1}, {Hyperparameter::lambda, 0.01, 0.5},
                               40, 12, e, max_iter, /*min_decided=*/0.2);
}

TEST(HyperPlaneLanes, MomentumAxisAsIfAlone) {
  auto base = scalar_problem(1.0, 1.0, 0.1);
  for (Engine e : {Engine::exact, Engine::dense})
    expect_every_pixel_alone(base, {1.5, 0.3}, {Hyperparameter::eta, 0.3, 1.2}, {Hyperparameter::momentum, 0, 0.9},
                             29, 9, e);
}

TEST(HyperPlaneLanes, LambdaZeroCertifiedExitAsIfAlone) {
  // λ = 0: the exact engine's certified exit near the hyperbola decides these pixels, each lane
  // with its own cy (a y axis) and c (an η axis). The second plane converges almost everywhere,
  // so neighbouring pixels of one tile are certified one after another: each must be tried as if
  // alone (no first try carried over from a pixel of another problem).
  const auto base = scalar_problem(1.0, 1.0);
  expect_every_pixel_alone(base, {1.2, -0.4}, {Hyperparameter::y, 0.2, 2}, {Hyperparameter::eta, 0.2, 1.5}, 41, 13,
                           Engine::exact, 20000);
  expect_every_pixel_alone(base, {0.9, 0.2}, {Hyperparameter::y, 0.6, 1.4}, {Hyperparameter::eta, 0.3, 0.9}, 64, 16,
                           Engine::exact, 20000, /*min_decided=*/0.9);
}

TEST(HyperPlaneLanes, InRThreeAndAMatrixTargetAsIfAlone) {
  auto scalar = scalar_problem(0.8, 1.0, 0.05, 3);
  expect_every_pixel_alone(scalar, {1.1, -0.3, 0.4, 0.2, 0.9, -0.5}, {Hyperparameter::eta, 0.3, 1.1},
                           {Hyperparameter::y, 0.5, 1.5}, 19, 7, Engine::exact);
  Problem matrix;
  matrix.d = 2, matrix.m = 2, matrix.n = 2, matrix.Y = {1, 0.3, 0, 0.5}, matrix.eta = 0.5;
  std::vector<double> init(matrix.dim());
  for (int k = 0; k < matrix.dim(); ++k) init[k] = 0.6 * std::sin(1.7 * k + 0.4);
  expect_every_pixel_alone(matrix, init, {Hyperparameter::eta, 0.2, 0.9}, {Hyperparameter::lambda, 0, 0.3}, 21, 6,
                           Engine::dense);
}

TEST(HyperPlaneLanes, TileStraddlingAChangeOfKindAsIfAlone) {
  // λ so small that ρ = 1 − ηλ rounds to 1 on some pixels and not on others: the kernels differ,
  // so such a tile runs pixel by pixel; either way each pixel is as if alone.
  const auto base = scalar_problem(1.0, 1.0);
  expect_every_pixel_alone(base, {1.5, 0.3}, {Hyperparameter::lambda, 0, 4e-16}, {Hyperparameter::eta, 0.5, 1.1}, 64,
                           3, Engine::exact);
}

}  // namespace
}  // namespace gdchaos
