// Lanczos' extreme eigenvalues against a dense eigensolver, on random symmetric matrices and on a
// network's Hessian.
#include <cmath>
#include <memory>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/model/lanczos.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/model/spectrum.hpp"

namespace gdchaos {
namespace {

TEST(Lanczos, ExtremeEigenvaluesOfRandomSymmetricMatrices) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0.0, 1.0);
  for (int n : {1, 2, 5, 40, 120}) {
    std::vector<double> A(static_cast<std::size_t>(n) * n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j <= i; ++j) A[i * n + j] = A[j * n + i] = g(rng);
    const auto ev = symmetric_eigenvalues(A, n);
    const auto r = lanczos_extremes(
        n,
        [&](std::span<const double> v, std::span<double> out) {
          for (int i = 0; i < n; ++i) {
            double s = 0;
            for (int j = 0; j < n; ++j) s += A[i * n + j] * v[j];
            out[i] = s;
          }
        },
        n, 1e-10);
    EXPECT_TRUE(r.converged) << n;
    EXPECT_NEAR(r.largest, ev.back(), 1e-8 * (1 + std::abs(ev.back()))) << n;
    EXPECT_NEAR(r.smallest, ev.front(), 1e-8 * (1 + std::abs(ev.front()))) << n;
    // The residual bounds hold: a true eigenvalue within each.
    EXPECT_LE(std::abs(r.largest - ev.back()), r.largest_error + 1e-9);
  }
}

TEST(Lanczos, SharpnessOfANetworkEqualsTheDenseHessiansTopEigenvalue) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> g(0.0, 1.0);
  auto d = std::make_shared<Dataset>();
  d->n = 12, d->p = 4;
  for (int k = 0; k < 48; ++k) d->X.push_back(g(rng));
  for (int i = 0; i < 12; ++i) d->y.push_back(i % 3 ? 1.0 : -1.0);
  d->description = nlohmann::json::object();
  const Mlp M({{5, 4}, Activation::tanh, true, Parametrization::standard, 1e-3}, d);
  const auto theta = M.initial_point(2);
  const auto ev = symmetric_eigenvalues(M.hessian(theta), M.dim());
  const auto r = lanczos_extremes(M.dim(), [&](std::span<const double> v, std::span<double> out) {
    M.hessian_vector(theta, v, out);
  });
  EXPECT_NEAR(r.largest, ev.back(), 1e-7 * std::abs(ev.back()));
  EXPECT_NEAR(r.smallest, ev.front(), 1e-6 * std::max(1.0, std::abs(ev.front())));
}

}  // namespace
}  // namespace gdchaos
