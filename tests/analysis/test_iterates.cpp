// θ_k of every start: the same as k steps of the reference GD step, heavy ball from rest, NaN
// outside the quotient domain, and preimages of balls under GD^k.
#include "gdchaos/analysis/iterates.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;

namespace {

Problem fig1() {
  Problem p;
  p.Y = {1.0}, p.data_coef = 1.0, p.reg_coef = 0.3, p.eta = 0.45;
  return p;
}

TEST(Iterates, ZeroStepsAreTheStarts) {
  const Grid grid{{-2, 2, -1, 1}, 5, 3};
  const SlicePoints pts(coords_plane(2), grid);
  const auto theta = iterate_points(fig1(), pts, 0);
  ASSERT_EQ(theta.size(), 2u * 15u);
  std::vector<double> start(2);
  for (std::int64_t k = 0; k < pts.size(); ++k) {
    pts.point(k, start);
    EXPECT_EQ(theta[2 * k], start[0]);
    EXPECT_EQ(theta[2 * k + 1], start[1]);
  }
}

// Plain GD: k applications of gd_step (problem.hpp), the engines' reference step.
TEST(Iterates, PlainGDIsKReferenceSteps) {
  Problem p;
  p.d = 2, p.m = 2, p.n = 1, p.Y = {0.8, -0.3}, p.reg_coef = 0.02, p.eta = 0.3;
  const auto plane = random_plane(p.dim(), 5);
  const SlicePoints pts(plane, Grid{{-1, 1, -1, 1}, 4, 4});
  const int k = 12;
  const auto theta = iterate_points(p, pts, k, 2);
  std::vector<double> ref(p.dim());
  for (std::int64_t i = 0; i < pts.size(); ++i) {
    pts.point(i, ref);
    for (int t = 0; t < k; ++t) gd_step(p, ref);
    for (int e = 0; e < p.dim(); ++e) EXPECT_NEAR(theta[i * p.dim() + e], ref[e], 1e-12 * std::max(1.0, std::abs(ref[e])));
  }
}

// Heavy ball from rest: θ₁ = θ₀ − η∇L(θ₀), then θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}).
TEST(Iterates, HeavyBallStartsFromRest) {
  Problem p = fig1();
  p.momentum = 0.4;
  const std::vector<double> start = {1.3, -0.4};
  const auto theta = iterate_points(p, ListPoints(2, start), 3);
  std::vector<double> prev = start, cur = start, g(2);
  for (int t = 0; t < 3; ++t) {
    gradient(p, cur, g);
    const std::vector<double> next = {cur[0] - p.eta * g[0] + p.momentum * (cur[0] - prev[0]),
                                      cur[1] - p.eta * g[1] + p.momentum * (cur[1] - prev[1])};
    prev = cur, cur = next;
  }
  EXPECT_NEAR(theta[0], cur[0], 1e-14);
  EXPECT_NEAR(theta[1], cur[1], 1e-14);
  // with momentum the orbit differs from plain GD's after the first step
  p.momentum = 0;
  EXPECT_NE(iterate_points(p, ListPoints(2, start), 3)[0], theta[0]);
}

// Critical points stay put: the saddle 0 and, for (uv − 1)² + 0.3(u² + v²), the minimizers
// u = v = ±√0.7 (2(u² − 1)u + 0.6u = 0).
TEST(Iterates, CriticalPointsAreFixed) {
  const double s = std::sqrt(0.7);
  const auto theta = iterate_points(fig1(), ListPoints(2, {0, 0, s, s, -s, -s}), 50);
  EXPECT_EQ(theta[0], 0.0);
  EXPECT_EQ(theta[1], 0.0);
  for (int k = 2; k < 6; ++k) EXPECT_NEAR(std::abs(theta[k]), s, 1e-14) << k;
}

TEST(Iterates, TheThreadCountDoesNotChangeTheIterates) {
  const SlicePoints pts(coords_plane(2), Grid{{-2, 2, -2, 2}, 16, 16});
  const auto one = iterate_points(fig1(), pts, 9, 1), two = iterate_points(fig1(), pts, 9, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t k = 0; k < one.size(); ++k)  // orbits that escaped are NaN on both
    EXPECT_TRUE(one[k] == two[k] || (std::isnan(one[k]) && std::isnan(two[k]))) << k;
}

TEST(Iterates, OutsideTheQuotientDomainTheIterateIsNaNAndInNoBall) {
  const Grid grid{{-3, 3, 0, 6}, 8, 8};
  const QuotientPoints pts(grid);
  const auto theta = iterate_points(fig1(), pts, 2);
  const auto mask = preimage_of_ball(fig1(), pts, 0, std::vector<double>{0, 0}, 1e9);
  std::vector<double> scratch(2);
  for (std::int64_t k = 0; k < pts.size(); ++k) {
    const bool inside = pts.point(k, scratch);
    EXPECT_EQ(std::isnan(theta[2 * k]), !inside) << k;
    EXPECT_EQ(mask[k], inside ? 1 : 0) << k;  // a huge ball holds every start inside the domain
  }
}

TEST(Iterates, RefusesMismatchedOrNegativeRequests) {
  const ListPoints three(3, {1, 2, 3});
  EXPECT_THROW(iterate_points(fig1(), three, 1), InputError);
  EXPECT_THROW(iterate_points(fig1(), ListPoints(2, {1, 2}), -1), InputError);
  Problem bad = fig1();
  bad.eta = -1;
  EXPECT_THROW(iterate_points(bad, ListPoints(2, {1, 2}), 1), InputError);
}

TEST(Iterates, PreimageOfABallUnderGDk) {
  Problem p;
  p.Y = {1.0}, p.data_coef = 1.0, p.eta = 0.45;
  const Grid grid{{-3, 3, -3, 3}, 64, 64};
  const std::vector<double> minimizer = {1.0, 1.0};
  const auto zero = preimage_of_ball(p, SlicePoints(coords_plane(2), grid), 0, minimizer, 0.5);
  const auto six = preimage_of_ball(p, SlicePoints(coords_plane(2), grid), 6, minimizer, 0.5);
  std::int64_t n0 = 0, n6 = 0;
  for (auto x : zero) n0 += x;
  for (auto x : six) n6 += x;
  EXPECT_NEAR(n0, 3.14159 * 0.25 / (6.0 * 6.0 / 4096), n0 * 0.15);  // the disc itself
  EXPECT_GT(n6, n0);  // more starts arrive within 6 steps than start inside
}

// The mask is ‖θ_k − centre‖ < radius, strictly.
TEST(Iterates, PreimageOfABallIsTheStrictDistanceTest) {
  const ListPoints pts(2, {0, 0, 3, 4, 3, 4.000001});
  const auto mask = preimage_of_ball(fig1(), pts, 0, std::vector<double>{0, 0}, 5.0);
  EXPECT_EQ(mask, (std::vector<std::uint8_t>{1, 0, 0}));
}

}  // namespace
