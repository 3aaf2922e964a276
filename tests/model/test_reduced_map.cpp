// The invariant-plane step against full GD: with T(θ) = (‖u + v‖/2, ‖u − v‖/2), T∘GD = ReducedMap∘T.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/model/reduced_map.hpp"

namespace gdchaos {
namespace {

Problem scalar(double y, double eta, double lambda, int d, double beta = 0) {
  Problem p;
  p.d = d, p.Y = {y}, p.eta = eta, p.reg_coef = lambda / 2, p.momentum = beta;
  return p;
}

TEST(ReducedMap, CoefficientsAreThoseOfTheStep) {
  const auto p = scalar(0.7, 0.9, 0.3, 1);
  const ReducedMap q(p);
  EXPECT_DOUBLE_EQ(q.rho, 1 - 2 * 0.9 * 0.15);
  EXPECT_DOUBLE_EQ(q.c, 2 * 0.9 * p.data_coef);
  EXPECT_DOUBLE_EQ(q.cy, q.c * 0.7);
  EXPECT_DOUBLE_EQ(q.sqrt_c * q.sqrt_c, q.c);
}

TEST(ReducedMap, CommutesWithGradientDescent) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0, 0.7);
  for (int d : {1, 3, 8})
    for (double lambda : {0.0, 0.2}) {
      const auto p = scalar(0.8, 0.6, lambda, d);
      const ReducedMap q(p);
      std::vector<double> theta(2 * d);
      for (auto& x : theta) x = normal(rng) / std::sqrt(double(d));  // ‖θ‖ = O(1): orbits that stay bounded
      auto [S, T] = reduced_start(p, theta);
      double Sp = S, Tp = T;
      for (int t = 0; t < 20; ++t) {
        gd_step(p, theta);
        q.step(S, T, Sp, Tp);
        const auto [S1, T1] = reduced_start(p, theta);
        // (S, T) may change sign (ρ ∓ c r < 0); T(θ) holds their moduli.
        ASSERT_NEAR(std::abs(S), S1, 1e-11 * (1 + S1)) << "d = " << d << ", step " << t;
        ASSERT_NEAR(std::abs(T), T1, 1e-11 * (1 + T1)) << "d = " << d << ", step " << t;
      }
    }
}

TEST(ReducedMap, HeavyBallMatchesTheFullIteration) {
  // θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}) keeps span{u₀, v₀} too (θ_{−1} = θ₀).
  const auto p = scalar(1.0, 0.4, 0.1, 2, 0.6);
  const ReducedMap q(p);
  std::vector<double> theta = {0.9, -0.2, 0.3, 0.5}, prev = theta, grad(4);
  auto [S, T] = reduced_start(p, theta);
  double Sp = S, Tp = T;
  for (int t = 0; t < 30; ++t) {
    gradient(p, theta, grad);
    for (int k = 0; k < 4; ++k) {
      const double next = theta[k] - p.eta * grad[k] + p.momentum * (theta[k] - prev[k]);
      prev[k] = theta[k], theta[k] = next;
    }
    q.step(S, T, Sp, Tp);
    const auto [S1, T1] = reduced_start(p, theta);
    ASSERT_NEAR(std::abs(S), S1, 1e-11) << t;
    ASSERT_NEAR(std::abs(T), T1, 1e-11) << t;
  }
}

}  // namespace
}  // namespace gdchaos
