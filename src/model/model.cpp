#include "gdchaos/model/model.hpp"

#include <algorithm>
#include <cmath>

namespace gdchaos {

void Model::gradient(std::span<const double> theta, std::span<double> grad) const {
  gradient_lanes(theta.data(), grad.data(), 1);
}

void Model::hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const {
  // (∇L(θ + hv) − ∇L(θ − hv)) / 2h with h ≈ ε^{1/3}·scale: truncation O(h²), rounding O(ε/h).
  const int n = dim();
  double theta_norm = 0, v_norm = 0;
  for (int e = 0; e < n; ++e) theta_norm += theta[e] * theta[e], v_norm += v[e] * v[e];
  if (v_norm == 0) return std::fill(out.begin(), out.end(), 0.0);
  const double h = 6e-6 * std::max(1.0, std::sqrt(theta_norm)) / std::sqrt(v_norm);
  std::vector<double> plus(n), minus(n), g_plus(n), g_minus(n);
  for (int e = 0; e < n; ++e) plus[e] = theta[e] + h * v[e], minus[e] = theta[e] - h * v[e];
  gradient(plus, g_plus);
  gradient(minus, g_minus);
  for (int e = 0; e < n; ++e) out[e] = (g_plus[e] - g_minus[e]) / (2 * h);
}

std::vector<double> Model::hessian(std::span<const double> theta) const {
  const int n = dim();
  std::vector<double> H(static_cast<std::size_t>(n) * n), unit(n, 0.0), column(n);
  for (int c = 0; c < n; ++c) {
    unit[c] = 1;
    hessian_vector(theta, unit, column);
    unit[c] = 0;
    for (int r = 0; r < n; ++r) H[static_cast<std::size_t>(r) * n + c] = column[r];
  }
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < r; ++c) {
      const double s = 0.5 * (H[static_cast<std::size_t>(r) * n + c] + H[static_cast<std::size_t>(c) * n + r]);
      H[static_cast<std::size_t>(r) * n + c] = H[static_cast<std::size_t>(c) * n + r] = s;
    }
  return H;
}

}  // namespace gdchaos
