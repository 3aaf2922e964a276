// The loss, gradient and Hessian against finite differences; the global minimum against its
// closed form and against a search.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "gdchaos/model/problem.hpp"

using namespace gdchaos;

namespace {
Problem make(int d, int m, int n, double a, double b, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> U(-1, 1);
  Problem p;
  p.d = d, p.m = m, p.n = n, p.data_coef = a, p.reg_coef = b, p.eta = 0.1;
  p.Y.resize(m * n);
  for (auto& y : p.Y) y = U(rng);
  return p;
}
std::vector<double> random_theta(const Problem& p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  std::vector<double> t(p.dim());
  for (auto& x : t) x = N(rng);
  return t;
}
}  // namespace

TEST(Problem, GradientMatchesFiniteDifferences) {
  for (auto [d, m, n] : {std::tuple{1, 1, 1}, {3, 1, 1}, {2, 3, 4}, {5, 4, 4}}) {
    const auto p = make(d, m, n, 0.7, 0.15, d * 100 + m);
    auto theta = random_theta(p, 7);
    std::vector<double> g(p.dim());
    gradient(p, theta, g);
    for (int k = 0; k < p.dim(); ++k) {
      const double h = 1e-6, x = theta[k];
      theta[k] = x + h;
      const double up = loss(p, theta);
      theta[k] = x - h;
      const double down = loss(p, theta);
      theta[k] = x;
      EXPECT_NEAR(g[k], (up - down) / (2 * h), 1e-6 * std::max(1.0, std::abs(g[k]))) << d << m << n << " k=" << k;
    }
  }
}

TEST(Problem, HessianMatchesFiniteDifferencesOfGradient) {
  for (auto [d, m, n] : {std::tuple{1, 1, 1}, {3, 1, 1}, {2, 3, 4}}) {
    const auto p = make(d, m, n, 0.5, 0.1, 11 + d);
    auto theta = random_theta(p, 3);
    const auto H = hessian(p, theta);
    const int N = p.dim();
    std::vector<double> gp(N), gm(N);
    for (int k = 0; k < N; ++k) {
      const double h = 1e-6, x = theta[k];
      theta[k] = x + h;
      gradient(p, theta, gp);
      theta[k] = x - h;
      gradient(p, theta, gm);
      theta[k] = x;
      for (int r = 0; r < N; ++r) EXPECT_NEAR(H[r * N + k], (gp[r] - gm[r]) / (2 * h), 1e-5) << r << "," << k;
    }
  }
}

TEST(Problem, SharpnessAtUnregularisedMinimizerIsS) {
  // PAPER.md: at a λ = 0 minimizer (z = y) of ½(uᵀv − y)² the sharpness is s = ‖u‖² + ‖v‖².
  Problem p;
  p.d = 3, p.Y = {2.0};
  const std::vector<double> theta = {1.0, 0.5, -0.5, 1.5, 0.5, 0.25};  // uᵀv = 1.5 + 0.25 − 0.125 ≠ 2: rescale
  std::vector<double> t = theta;
  const double z = 1.5 + 0.25 - 0.125;
  for (int k = 3; k < 6; ++k) t[k] *= 2.0 / z;
  const auto ev = hessian_eigenvalues(p, t);
  double s = 0;
  for (double x : t) s += x * x;
  EXPECT_NEAR(ev.back(), s, 1e-12);
}

TEST(Problem, GlobalMinLossClosedForm) {
  Problem p;  // ½(uv − 0.5)² + 0.1(u² + v²): minimizers u = v, u² = y − λ = 0.3
  p.Y = {0.5};
  p.reg_coef = 0.1;
  const double u = std::sqrt(0.3);
  const std::vector<double> at_min = {u, u};
  EXPECT_NEAR(global_min_loss(p), loss(p, at_min), 1e-15);
  // a coarse search never beats it
  double best = 1e9;
  for (double x = -2; x <= 2; x += 0.01)
    for (double y = -2; y <= 2; y += 0.01) best = std::min(best, loss(p, std::vector<double>{x, y}));
  EXPECT_GE(best, global_min_loss(p) - 1e-12);
  EXPECT_LE(best, global_min_loss(p) + 1e-3);
  // y ≤ λ: the origin is the minimizer, loss a y²
  p.Y = {0.1};
  EXPECT_NEAR(global_min_loss(p), 0.5 * 0.01, 1e-15);
}

TEST(Problem, GlobalMinLossRankConstrained) {
  // d = 1 < rank Y = 2: only the largest singular value can be fitted.
  Problem p;
  p.d = 1, p.m = 2, p.n = 2, p.Y = {3.0, 0.0, 0.0, 2.0};
  EXPECT_NEAR(global_min_loss(p), 0.5 * 4.0, 1e-12);
  p.d = 2;
  EXPECT_NEAR(global_min_loss(p), 0.0, 1e-12);
}

TEST(Problem, TargetRankAndTheNoteWhenDIsBelowIt) {
  Problem p;
  p.d = 1, p.m = 3, p.n = 3, p.Y = {1, 0, 0, 0, 0.5, 0, 0, 0, 0.2};
  EXPECT_EQ(target_rank(p), 3);
  const std::string note = rank_note(p);
  EXPECT_NE(note.find("d = 1 < rank Y = 3"), std::string::npos) << note;
  char loss[32];
  std::snprintf(loss, sizeof loss, "L* = %.6g", global_min_loss(p));  // ½(0.5² + 0.2²) = 0.145
  EXPECT_NE(note.find(loss), std::string::npos) << note;
  EXPECT_NEAR(global_min_loss(p), 0.145, 1e-12);
  p.d = 2;  // one short of the rank: still a note
  EXPECT_NE(rank_note(p).find("d = 2 < rank Y = 3"), std::string::npos) << rank_note(p);
  p.d = 3;
  EXPECT_EQ(rank_note(p), "");
  // Rank by the singular values, not the entries: a rank-1 matrix with no zero entry.
  p.d = 1, p.m = 2, p.n = 2, p.Y = {1, 2, 2, 4};
  EXPECT_EQ(target_rank(p), 1);
  EXPECT_EQ(rank_note(p), "");
  p.Y = {0, 0, 0, 0};
  EXPECT_EQ(target_rank(p), 0);
  p.Y = {1, 2, 2, 4 + 1e-9};  // nearly rank 1, but not within rounding
  EXPECT_EQ(target_rank(p), 2);
}

TEST(Problem, ValidateRejectsBadInput) {
  Problem p;
  p.eta = 0;
  EXPECT_ANY_THROW(p.validate());
  p.eta = std::nan("");
  EXPECT_ANY_THROW(p.validate());
  p.eta = 0.1;
  p.momentum = 1;
  EXPECT_ANY_THROW(p.validate());
  p.momentum = 0;
  p.m = 2;
  EXPECT_ANY_THROW(p.validate());  // Y has 1 entry
  p.m = 1;
  EXPECT_NO_THROW(p.validate());
}

TEST(Problem, GaussNewtonSpectrumBoundsTheHessian) {
  // JJᵀ is a Kronecker sum: the Gauss–Newton spectrum is {2a(α_i + β_j)} ∪ {0}; the whole Hessian's
  // sorted eigenvalues lie within 2a‖R‖_F of it, one for one (Weyl). The shapes take every path of
  // the small eigensolvers (1×1 by hand, fixed 2×2 to 4×4, dynamic above).
  struct Shape {
    int d, m, n;
  };
  for (const Shape s : {Shape{5, 4, 4}, Shape{3, 2, 3}, Shape{6, 5, 1}, Shape{2, 1, 6}})
    for (double shift : {0.0, 0.05}) {
      auto p = make(s.d, s.m, s.n, 0.5, 0.0, 21);
      auto theta = random_theta(p, 9);
      // Y := UᵀV (+ shift on the diagonal): a zero-residual minimizer, or near one
      const double* U = theta.data();
      const double* V = theta.data() + s.d * s.m;
      for (int i = 0; i < s.m; ++i)
        for (int j = 0; j < s.n; ++j) {
          double sum = 0;
          for (int k = 0; k < s.d; ++k) sum += U[k * s.m + i] * V[k * s.n + j];
          p.Y[i * s.n + j] = sum + (i == j ? shift : 0.0);
        }
      double delta = -1;
      const auto gn = gauss_newton_spectrum(p, theta, delta);
      const auto full = hessian_eigenvalues(p, theta);
      ASSERT_EQ(gn.size(), full.size());
      // ‖R‖_F = shift·√(number of diagonal entries)
      EXPECT_NEAR(delta, 2 * 0.5 * shift * std::sqrt(std::min(s.m, s.n)), 1e-12);
      for (std::size_t k = 0; k < gn.size(); ++k)
        EXPECT_LE(std::abs(gn[k] - full[k]), delta + 1e-9) << s.d << s.m << s.n << " " << k;
    }
  Problem reg;
  reg.reg_coef = 0.1;
  double delta = 0;
  EXPECT_TRUE(gauss_newton_spectrum(reg, std::vector<double>{1.0, 1.0}, delta).empty());
}
