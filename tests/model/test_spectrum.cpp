// Eigenvalues of symmetric matrices: closed forms, the trace and determinant identities, only the
// lower triangle read, and principal submatrices (Cauchy interlacing).
#include "gdchaos/model/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

std::vector<double> random_symmetric(int n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> a(n * n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c <= r; ++c) a[r * n + c] = a[c * n + r] = u(gen);
  return a;
}

// The determinant by Gaussian elimination with partial pivoting.
double determinant(std::vector<double> a, int n) {
  double det = 1;
  for (int k = 0; k < n; ++k) {
    int p = k;
    for (int r = k + 1; r < n; ++r)
      if (std::abs(a[r * n + k]) > std::abs(a[p * n + k])) p = r;
    if (p != k) {
      for (int c = 0; c < n; ++c) std::swap(a[k * n + c], a[p * n + c]);
      det = -det;
    }
    det *= a[k * n + k];
    for (int r = k + 1; r < n; ++r) {
      const double f = a[r * n + k] / a[k * n + k];
      for (int c = k; c < n; ++c) a[r * n + c] -= f * a[k * n + c];
    }
  }
  return det;
}

TEST(Spectrum, TwoByTwoClosedForm) {
  const auto ev = symmetric_eigenvalues(std::vector<double>{2, 1, 1, 2}, 2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_NEAR(ev[0], 1, 1e-14);
  EXPECT_NEAR(ev[1], 3, 1e-14);
}

// The path Laplacian tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2cos(kπ/(n + 1)), k = 1..n.
TEST(Spectrum, TridiagonalLaplacianClosedForm) {
  for (int n : {3, 7}) {
    std::vector<double> a(n * n, 0.0);
    for (int k = 0; k < n; ++k) {
      a[k * n + k] = 2;
      if (k > 0) a[k * n + k - 1] = a[(k - 1) * n + k] = -1;
    }
    const auto ev = symmetric_eigenvalues(a, n);
    ASSERT_EQ(ev.size(), static_cast<std::size_t>(n));
    for (int k = 1; k <= n; ++k)
      EXPECT_NEAR(ev[k - 1], 2 - 2 * std::cos(k * std::numbers::pi / (n + 1)), 1e-13) << n << " " << k;
  }
}

TEST(Spectrum, AscendingWithTraceDeterminantAndFrobeniusIdentities) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const int n = 6;
    const auto a = random_symmetric(n, seed);
    const auto ev = symmetric_eigenvalues(a, n);
    ASSERT_EQ(ev.size(), static_cast<std::size_t>(n));
    EXPECT_TRUE(std::is_sorted(ev.begin(), ev.end()));
    double trace = 0, frobenius2 = 0, sum = 0, sum2 = 0, product = 1;
    for (int k = 0; k < n; ++k) trace += a[k * n + k];
    for (double x : a) frobenius2 += x * x;
    for (double l : ev) sum += l, sum2 += l * l, product *= l;
    EXPECT_NEAR(sum, trace, 1e-12) << seed;
    EXPECT_NEAR(sum2, frobenius2, 1e-12) << seed;
    EXPECT_NEAR(product, determinant(a, n), 1e-12) << seed;
  }
}

TEST(Spectrum, OnlyTheLowerTriangleIsRead) {
  const int n = 5;
  auto a = random_symmetric(n, 9);
  const auto want = symmetric_eigenvalues(a, n);
  for (int r = 0; r < n; ++r)
    for (int c = r + 1; c < n; ++c) a[r * n + c] = 1e6 * (r + 1) + c;  // garbage above the diagonal
  EXPECT_EQ(symmetric_eigenvalues(a, n), want);
  const std::vector<std::uint8_t> keep = {1, 0, 1, 1, 0};
  std::vector<double> clean = random_symmetric(n, 9);
  EXPECT_EQ(symmetric_eigenvalues(a, n, keep), symmetric_eigenvalues(clean, n, keep));
}

TEST(Spectrum, PrincipalSubmatrixIsTheKeptRowsAndColumns) {
  const int n = 5;
  const auto a = random_symmetric(n, 4);
  // all kept: the whole matrix
  EXPECT_EQ(symmetric_eigenvalues(a, n, std::vector<std::uint8_t>(n, 1)), symmetric_eigenvalues(a, n));
  // none kept: no eigenvalues
  EXPECT_TRUE(symmetric_eigenvalues(a, n, std::vector<std::uint8_t>(n, 0)).empty());
  // rows and columns 0, 2, 3, extracted by hand
  const std::vector<int> idx = {0, 2, 3};
  std::vector<double> sub;
  for (int r : idx)
    for (int c : idx) sub.push_back(a[r * n + c]);
  const auto got = symmetric_eigenvalues(a, n, std::vector<std::uint8_t>{1, 0, 1, 1, 0});
  const auto want = symmetric_eigenvalues(sub, 3);
  ASSERT_EQ(got.size(), 3u);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], want[k], 1e-14) << k;
  // a diagonal matrix: the kept diagonal entries, ascending
  std::vector<double> diag(n * n, 0.0);
  for (int k = 0; k < n; ++k) diag[k * n + k] = 5.0 - k;
  EXPECT_EQ(symmetric_eigenvalues(diag, n, std::vector<std::uint8_t>{0, 1, 0, 1, 1}), (std::vector<double>{1, 2, 4}));
}

// Dropping one index: λ_k ≤ μ_k ≤ λ_{k+1} (Cauchy's interlacing theorem).
TEST(Spectrum, PrincipalSubmatricesInterlace) {
  const int n = 6;
  const auto a = random_symmetric(n, 12);
  const auto lambda = symmetric_eigenvalues(a, n);
  for (int drop = 0; drop < n; ++drop) {
    std::vector<std::uint8_t> keep(n, 1);
    keep[drop] = 0;
    const auto mu = symmetric_eigenvalues(a, n, keep);
    ASSERT_EQ(mu.size(), static_cast<std::size_t>(n - 1));
    for (int k = 0; k + 1 < n; ++k) {
      EXPECT_LE(lambda[k], mu[k] + 1e-12) << drop << " " << k;
      EXPECT_LE(mu[k], lambda[k + 1] + 1e-12) << drop << " " << k;
    }
  }
}

}  // namespace
