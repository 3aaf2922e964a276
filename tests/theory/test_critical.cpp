// Theorem 1's η* and its equivalent quadric form D′_η.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"

using namespace gdchaos;

TEST(Critical, KnownValue) {
  Problem p;
  p.d = 2, p.Y = {1.0};
  // u = (1, 0.2), v = (0.5, −0.1): z = 0.48, s = 1.3, quadric term 8/(1.3 + √10.01) ≈ 1.79 > 1/|y| = 1
  const auto c = critical_step(p, std::vector<double>{1.0, 0.2, 0.5, -0.1});
  EXPECT_DOUBLE_EQ(c.eta_star, 1.0);
  EXPECT_EQ(c.active, "1/|y|");
  EXPECT_NEAR(c.z, 0.48, 1e-15);
  EXPECT_NEAR(c.s, 1.3, 1e-15);
  // a larger start: the quadric is active
  const auto big = critical_step(p, std::vector<double>{2.0, 0.0, 1.5, 0.0});
  EXPECT_EQ(big.active, "quadric");
  EXPECT_NEAR(big.eta_star, 8 / (6.25 + std::sqrt(6.25 * 6.25 - 16 * 2)), 1e-14);
}

TEST(Critical, EtaStarIsTheQuadricBoundary) {
  // For η < 1/|y|: η < η* ⟺ η s − η² y z < 4 − η² y² (PAPER.md, checked by algebra).
  std::mt19937_64 rng(5);
  std::normal_distribution<double> N;
  int quadric_cases = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    Problem p;
    p.d = 1 + trial % 4;
    p.Y = {N(rng)};
    std::vector<double> theta(2 * p.d);
    for (auto& x : theta) x = 1.5 * N(rng);
    const auto c = critical_step(p, theta);
    if (c.active != "quadric") continue;
    ++quadric_cases;
    for (double f : {0.97, 1.03}) {
      p.eta = f * c.eta_star;
      if (p.eta * std::abs(p.y()) >= 1) continue;
      EXPECT_EQ(theorem1_margin(p, theta) < 0, f < 1) << trial;
    }
  }
  EXPECT_GT(quadric_cases, 500);
}

TEST(Critical, DataCoefficientRescalesTheStep) {
  Problem half, full;
  half.Y = full.Y = {1.0};
  full.data_coef = 1.0;  // (uv − 1)²: GD with step η is GD on ½(uv − 1)² with step 2η
  const std::vector<double> theta = {2.0, 1.0};
  EXPECT_NEAR(critical_step(full, theta).eta_star, critical_step(half, theta).eta_star / 2, 1e-15);
}

TEST(Critical, RefusesWhereTheTheoremDoesNotApply) {
  Problem p;
  p.reg_coef = 0.1;
  EXPECT_THROW(critical_step(p, std::vector<double>{1.0, 1.0}), InputError);
  Problem q;
  q.m = 2, q.Y = {1.0, 1.0};
  EXPECT_THROW(critical_step(q, std::vector<double>{1.0, 1.0, 1.0}), InputError);
}
