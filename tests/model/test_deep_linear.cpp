// The deep linear family against finite differences, against the factorization at depth 2, and
// its closed-form global minimum against brute force.
#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/deep_linear.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/spectrum.hpp"

namespace gdchaos {
namespace {

std::vector<double> random_vector(int n, std::mt19937_64& rng, double scale = 1.0) {
  std::normal_distribution<double> g(0.0, scale);
  std::vector<double> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

struct Shape {
  int depth, d, m, n;
  double lambda;
};

class DeepLinearShapes : public ::testing::TestWithParam<Shape> {
 protected:
  DeepLinear model() const {
    const auto s = GetParam();
    std::mt19937_64 rng(s.depth * 1000 + s.d * 100 + s.m * 10 + s.n);
    return DeepLinear({s.depth, s.d, s.m, s.n, random_vector(s.m * s.n, rng), 0.5, s.lambda / 2});
  }
};

TEST_P(DeepLinearShapes, GradientMatchesCentralDifferencesOfTheLoss) {
  const auto M = model();
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 3; ++trial) {
    auto theta = random_vector(M.dim(), rng, 0.8);
    std::vector<double> g(M.dim());
    M.gradient(theta, g);
    for (int e = 0; e < M.dim(); ++e) {
      const double h = 1e-6;
      auto plus = theta, minus = theta;
      plus[e] += h, minus[e] -= h;
      const double fd = (M.loss(plus) - M.loss(minus)) / (2 * h);
      EXPECT_NEAR(g[e], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "coordinate " << e;
    }
  }
}

TEST_P(DeepLinearShapes, HessianVectorProductMatchesDifferencesOfTheGradient) {
  const auto M = model();
  std::mt19937_64 rng(11);
  const auto theta = random_vector(M.dim(), rng, 0.8), v = random_vector(M.dim(), rng);
  std::vector<double> hv(M.dim()), gp(M.dim()), gm(M.dim());
  M.hessian_vector(theta, v, hv);
  const double h = 1e-5;
  auto plus = theta, minus = theta;
  for (int e = 0; e < M.dim(); ++e) plus[e] += h * v[e], minus[e] -= h * v[e];
  M.gradient(plus, gp);
  M.gradient(minus, gm);
  double scale = 1;
  for (double x : hv) scale = std::max(scale, std::abs(x));
  for (int e = 0; e < M.dim(); ++e) EXPECT_NEAR(hv[e], (gp[e] - gm[e]) / (2 * h), 1e-6 * scale) << "coordinate " << e;
  // The Hessian it builds is symmetric (a property of the exact product, not imposed on it).
  const auto H = M.hessian(theta);
  for (int r = 0; r < M.dim(); ++r)
    for (int c = 0; c < r; ++c) EXPECT_NEAR(H[r * M.dim() + c], H[c * M.dim() + r], 1e-12 * scale);
}

TEST_P(DeepLinearShapes, BatchedGradientIsThePointwiseGradientInEveryLane) {
  const auto M = model();
  constexpr int kLanes = 16;
  std::mt19937_64 rng(5);
  const auto soa = random_vector(M.dim() * kLanes, rng);
  std::vector<double> grad(soa.size()), point(M.dim()), g(M.dim());
  M.gradient_lanes(soa.data(), grad.data(), kLanes);
  for (int l = 0; l < kLanes; ++l) {
    for (int e = 0; e < M.dim(); ++e) point[e] = soa[e * kLanes + l];
    M.gradient(point, g);
    for (int e = 0; e < M.dim(); ++e) EXPECT_EQ(grad[e * kLanes + l], g[e]) << "lane " << l << " coordinate " << e;
  }
}

TEST_P(DeepLinearShapes, CurvatureBoundHoldsOnTheBall) {
  const auto M = model();
  std::mt19937_64 rng(13);
  for (double radius2 : {0.5, 2.0, 6.0}) {
    const double bound = M.curvature_bound(radius2);
    for (int trial = 0; trial < 5; ++trial) {
      auto theta = random_vector(M.dim(), rng);
      double n2 = 0;
      for (double x : theta) n2 += x * x;
      for (auto& x : theta) x *= std::sqrt(radius2 / n2);
      const auto ev = symmetric_eigenvalues(M.hessian(theta), M.dim());
      EXPECT_LE(std::max(std::abs(ev.front()), std::abs(ev.back())), bound) << "radius² " << radius2;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, DeepLinearShapes,
                         ::testing::Values(Shape{2, 1, 1, 1, 0.0}, Shape{3, 1, 1, 1, 0.2}, Shape{4, 2, 1, 1, 0.0},
                                           Shape{2, 3, 2, 2, 0.1}, Shape{3, 2, 3, 2, 0.05}, Shape{5, 3, 2, 3, 0.3}));

// θ of the factorization (vec U, vec V), U d×m, V d×n, from the deep linear θ (vec W_1, vec W_2)
// with W_1 = V (d×n) and W_2 = Uᵀ (m×d).
std::vector<double> factorization_order(const DeepLinear& M, std::span<const double> theta) {
  const auto& s = M.shape();
  std::vector<double> f(theta.size());
  for (int k = 0; k < s.d; ++k)
    for (int i = 0; i < s.m; ++i) f[k * s.m + i] = theta[M.offset(2) + i * s.d + k];  // U_ki = (W_2)_ik
  for (int e = 0; e < s.d * s.n; ++e) f[s.d * s.m + e] = theta[M.offset(1) + e];
  return f;
}

TEST(DeepLinear, DepthTwoIsTheFactorizationLoss) {
  std::mt19937_64 rng(3);
  const int d = 3, m = 2, n = 4;
  const auto Y = random_vector(m * n, rng);
  const DeepLinear deep({2, d, m, n, Y, 0.5, 0.07});
  const Factorization flat(Problem{d, m, n, Y, 0.5, 0.07});
  ASSERT_EQ(deep.dim(), flat.dim());
  for (int trial = 0; trial < 4; ++trial) {
    const auto theta = random_vector(deep.dim(), rng);
    const auto same = factorization_order(deep, theta);
    EXPECT_NEAR(deep.loss(theta), flat.loss(same), 1e-12 * std::max(1.0, flat.loss(same)));
    std::vector<double> g(deep.dim()), gf(deep.dim());
    deep.gradient(theta, g);
    flat.gradient(same, gf);
    const auto g_as_flat = factorization_order(deep, g);
    for (int e = 0; e < deep.dim(); ++e) EXPECT_NEAR(g_as_flat[e], gf[e], 1e-12 * std::max(1.0, std::abs(gf[e])));
    double vi[1], fi[1];
    deep.field_values(theta, vi);
    flat.field_values(same, fi);
    EXPECT_NEAR(vi[0], fi[0], 1e-12 * std::max(1.0, std::abs(fi[0])));
  }
  EXPECT_NEAR(*deep.global_min_loss(), *flat.global_min_loss(), 1e-14);
}

TEST(DeepLinear, GlobalMinimumOfTheScalarToyMatchesBruteForce) {
  // ½(x₃x₂x₁ − y)² + (λ/2)Σx_i²: on the balanced line x_i = t the loss is ½(t³ − y)² + (3λ/2)t²,
  // and no unbalanced point does better (AM–GM); compare the closed form with a fine scan of t
  // and with plain GD from many starts, which can only reach values ≥ the minimum.
  for (double y : {1.0, 0.5, -2.0})
    for (double lambda : {0.0, 0.05, 0.3, 1.5}) {
      const DeepLinear M({3, 1, 1, 1, {y}, 0.5, lambda / 2});
      const double closed = *M.global_min_loss();
      double scan = 0.5 * y * y;
      for (int k = 0; k <= 400000; ++k) {
        const double t = 2.0 * k / 400000;
        const double r = t * t * t - std::abs(y);
        scan = std::min(scan, 0.5 * r * r + 1.5 * lambda * t * t);
      }
      EXPECT_NEAR(closed, scan, 1e-9) << "y " << y << " λ " << lambda;
      EXPECT_LE(closed, scan + 1e-15);
      std::mt19937_64 rng(17);
      double best = 1e300;
      for (int start = 0; start < 40; ++start) {
        auto x = random_vector(3, rng);
        std::vector<double> g(3);
        for (int step = 0; step < 4000; ++step) {
          M.gradient(x, g);
          for (int e = 0; e < 3; ++e) x[e] -= 0.05 * g[e];
        }
        const double L = M.loss(x);
        if (!std::isfinite(L)) continue;  // a start GD diverges from
        EXPECT_GE(L, closed - 1e-12) << "GD went below the claimed minimum";
        best = std::min(best, L);
      }
      EXPECT_NEAR(best, closed, 1e-8) << "y " << y << " λ " << lambda;
    }
}

TEST(DeepLinear, RankLimitedByTheWidthLeavesTheTailOfTheSpectrum) {
  // Y = diag(3, 2, 1) through width d = 1: the best product has rank 1, so with λ = 0 the minimum
  // is ½(2² + 1²).
  const DeepLinear M({3, 1, 3, 3, {3, 0, 0, 0, 2, 0, 0, 0, 1}, 0.5, 0.0});
  EXPECT_NEAR(*M.global_min_loss(), 2.5, 1e-12);
  const DeepLinear wide({3, 3, 3, 3, {3, 0, 0, 0, 2, 0, 0, 0, 1}, 0.5, 0.0});
  EXPECT_NEAR(*wide.global_min_loss(), 0.0, 1e-15);
}

TEST(DeepLinear, DirectionMinimumIsTheSoftThresholdAtDepthTwo) {
  for (double sigma : {0.0, 0.05, 0.3, 1.0, 4.0})
    for (double b : {0.0, 0.1, 0.5}) {
      const double closed = sigma > 2 * b ? 2 * b * sigma - 2 * b * b : 0.5 * sigma * sigma;  // a = ½
      EXPECT_NEAR(deep_linear_direction_min(sigma, 0.5, b, 2), closed, 1e-14) << sigma << " " << b;
    }
}

TEST(DeepLinear, ParametersAreValidatedWithOneLineMessages) {
  EXPECT_THROW(DeepLinear({1, 1, 1, 1, {1.0}, 0.5, 0}), InputError);
  EXPECT_THROW(DeepLinear({3, 0, 1, 1, {1.0}, 0.5, 0}), InputError);
  EXPECT_THROW(DeepLinear({4, 50, 1, 1, {1.0}, 0.5, 0}), InputError);  // 50 + 2·2500 + 50 > 4096 parameters
  EXPECT_NO_THROW(DeepLinear({3, 50, 1, 1, {1.0}, 0.5, 0}));          // 2600
  EXPECT_THROW(DeepLinear({3, 1, 1, 1, {1.0, 2.0}, 0.5, 0}).validate(), InputError);
  EXPECT_THROW(DeepLinear({3, 1, 1, 1, {NAN}, 0.5, 0}).validate(), InputError);
  EXPECT_THROW(DeepLinear({3, 1, 1, 1, {1.0}, 0.5, -1}).validate(), InputError);
  const auto j = DeepLinear({4, 2, 1, 1, {1.0}, 0.5, 0.1}).describe();
  EXPECT_EQ(j["family"], "deep_linear");
  EXPECT_EQ(j["depth"], 4);
}

}  // namespace
}  // namespace gdchaos
