#include "gdchaos/model/lanczos.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gdchaos/core/portable_normal.hpp"
#include "gdchaos/model/tridiagonal_extremes.hpp"

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
    // The tridiagonal T_m's extreme eigenvalues and the last components of their eigenvectors.
    const int k = m + 1;
    const TridiagonalExtremes t = tridiagonal_extremes(alpha, beta);
    result.smallest = t.smallest;
    result.largest = t.largest;
    result.smallest_error = std::abs(bnext * t.smallest_last);
    result.largest_error = std::abs(bnext * t.largest_last);
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
