// The tridiagonal solver that Lanczos calls every iteration gives, to the last bit, what Eigen's
// full SelfAdjointEigenSolver gives for the same T: the extreme eigenvalues and the last components
// of their eigenvectors (the residual bounds' s_m), for random, graded, clustered and Lanczos-like
// matrices of every size Lanczos meets.
#include "gdchaos/model/tridiagonal_extremes.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

struct Reference {
  double smallest, largest, smallest_last, largest_last;
};

Reference eigen_full(const std::vector<double>& a, const std::vector<double>& b) {
  const int k = static_cast<int>(a.size());
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(k, k);
  for (int i = 0; i < k; ++i) {
    T(i, i) = a[i];
    if (i + 1 < k) T(i, i + 1) = T(i + 1, i) = b[i];
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(T);
  const auto& S = solver.eigenvectors();
  return {solver.eigenvalues()(0), solver.eigenvalues()(k - 1), S(k - 1, 0), S(k - 1, k - 1)};
}

void expect_same(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  const Reference r = eigen_full(a, b);
  const TridiagonalExtremes t = tridiagonal_extremes(a, b);
  ASSERT_TRUE(t.converged) << what << " k=" << a.size();
  EXPECT_EQ(t.smallest, r.smallest) << what << " k=" << a.size();
  EXPECT_EQ(t.largest, r.largest) << what << " k=" << a.size();
  EXPECT_EQ(t.smallest_last, r.smallest_last) << what << " k=" << a.size();
  EXPECT_EQ(t.largest_last, r.largest_last) << what << " k=" << a.size();
}

TEST(TridiagonalExtremes, TheFullSolversNumbersBitForBit) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int k = 1; k <= 90; ++k)
    for (int trial = 0; trial < 6; ++trial) {
      std::vector<double> a(k), b(k - 1);
      for (auto& x : a) x = normal(rng);
      for (auto& x : b) x = trial == 1 ? unit(rng) * 1e-9 : std::abs(normal(rng));  // Lanczos's β > 0; nearly split
      if (trial == 2)  // graded: entries over many orders of magnitude
        for (int i = 0; i < k; ++i) a[i] *= std::pow(10.0, 6.0 * i / k), b[std::max(0, i - 1) % std::max(1, k - 1)] *= 1;
      if (trial == 3)  // clustered: the same value on the whole diagonal
        for (auto& x : a) x = 0.5;
      if (trial == 4)  // large scale (the scaling guards against overflow)
        for (auto& x : a) x *= 1e150;
      expect_same(a, b, "random");
    }
}

// T from Lanczos on a diagonal operator with a known spectrum: the matrices Lanczos actually solves,
// whose extreme Ritz values converge (tiny last components).
TEST(TridiagonalExtremes, LanczosMatricesBitForBit) {
  const int n = 60;
  std::vector<double> spectrum(n);
  for (int i = 0; i < n; ++i) spectrum[i] = -2.0 + 7.0 * i / (n - 1) + (i == n - 1 ? 3.0 : 0.0);
  std::vector<double> q(n, 1 / std::sqrt(static_cast<double>(n))), qprev(n, 0.0), w(n);
  std::vector<double> a, b;
  double bprev = 0;
  for (int m = 0; m < 40; ++m) {
    for (int i = 0; i < n; ++i) w[i] = spectrum[i] * q[i] - bprev * qprev[i];
    double alpha = 0;
    for (int i = 0; i < n; ++i) alpha += w[i] * q[i];
    for (int i = 0; i < n; ++i) w[i] -= alpha * q[i];
    a.push_back(alpha);
    expect_same(a, b, "lanczos");
    double beta = 0;
    for (double x : w) beta += x * x;
    beta = std::sqrt(beta);
    b.push_back(beta);
    qprev = q;
    for (int i = 0; i < n; ++i) q[i] = w[i] / beta;
    bprev = beta;
  }
}

TEST(TridiagonalExtremes, ClosedFormsAndBadShapes) {
  // [[a, b], [b, a]]: eigenvalues a ∓ b, eigenvectors (1, ∓1)/√2.
  const auto t = tridiagonal_extremes(std::vector<double>{2, 2}, std::vector<double>{1});
  EXPECT_NEAR(t.smallest, 1, 1e-15);
  EXPECT_NEAR(t.largest, 3, 1e-15);
  EXPECT_NEAR(std::abs(t.smallest_last), std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(std::abs(t.largest_last), std::sqrt(0.5), 1e-15);
  const auto one = tridiagonal_extremes(std::vector<double>{-4}, std::vector<double>{});
  EXPECT_EQ(one.smallest, -4);
  EXPECT_EQ(one.largest_last, 1);
  EXPECT_THROW(tridiagonal_extremes(std::vector<double>{1, 2}, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(tridiagonal_extremes(std::vector<double>{}, std::vector<double>{}), std::invalid_argument);
}

}  // namespace
