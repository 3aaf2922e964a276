#include "gdchaos/model/lanczos.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "gdchaos/core/portable_normal.hpp"

namespace gdchaos {

ExtremeEigenvalues lanczos_extremes(int dim, const LinearOperator& apply, int max_iter, double rtol, std::uint64_t seed) {
  ExtremeEigenvalues result;
  if (dim <= 0) return result;
  max_iter = std::clamp(max_iter, 1, dim);
  const std::size_t n = dim;
  std::vector<std::vector<double>> Q;
  std::vector<double> alpha, beta;
  std::vector<double> q(n), w(n);
  PortableNormal normal(seed);
  double norm = 0;
  for (auto& x : q) x = normal(), norm += x * x;
  norm = std::sqrt(norm);
  for (auto& x : q) x /= norm;
  auto dot = [&](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
  };
  for (int m = 0; m < max_iter; ++m) {
    Q.push_back(q);
    apply(q, w);
    const double a = dot(w, q);
    alpha.push_back(a);
    // Full reorthogonalization, twice (Gram–Schmidt against every basis vector so far).
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& b : Q) {
        const double c = dot(w, b);
        for (std::size_t i = 0; i < n; ++i) w[i] -= c * b[i];
      }
    const double bnext = std::sqrt(dot(w, w));
    // The tridiagonal T_m and its extreme eigenpairs.
    const int k = m + 1;
    Eigen::MatrixXd T = Eigen::MatrixXd::Zero(k, k);
    for (int i = 0; i < k; ++i) {
      T(i, i) = alpha[i];
      if (i + 1 < k) T(i, i + 1) = T(i + 1, i) = beta[i];
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(T);
    const auto& ev = solver.eigenvalues();
    const auto& S = solver.eigenvectors();
    result.smallest = ev(0);
    result.largest = ev(k - 1);
    result.smallest_error = std::abs(bnext * S(k - 1, 0));
    result.largest_error = std::abs(bnext * S(k - 1, k - 1));
    result.iterations = k;
    const bool exhausted = !(bnext > 1e-14 * std::max(1.0, std::abs(result.largest)));
    if (exhausted || (result.largest_error <= rtol * std::max(1.0, std::abs(result.largest)) &&
                      result.smallest_error <= rtol * std::max(1.0, std::abs(result.smallest)))) {
      if (exhausted) result.largest_error = result.smallest_error = 0;
      result.converged = true;
      return result;
    }
    beta.push_back(bnext);
    for (std::size_t i = 0; i < n; ++i) q[i] = w[i] / bnext;
  }
  return result;
}

}  // namespace gdchaos
