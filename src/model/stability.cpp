#include "gdchaos/model/stability.hpp"

#include <algorithm>
#include <cmath>

namespace gdchaos {

double multiplier_modulus(double h, double eta, double momentum) {
  const double t = 1 + momentum - eta * h;  // μ² − tμ + β = 0
  if (momentum == 0) return std::abs(t);
  const double disc = t * t - 4 * momentum;
  if (disc < 0) return std::sqrt(momentum);  // complex pair, |μ|² = β
  const double sq = std::sqrt(disc);
  return std::max(std::abs(t + sq), std::abs(t - sq)) / 2;
}

double contraction_factor(std::span<const double> hessian_eigenvalues, double eta, double momentum,
                          double zero_tol) {
  double kappa = 0;
  for (double h : hessian_eigenvalues) {
    if (std::abs(h) <= zero_tol) continue;
    kappa = std::max(kappa, multiplier_modulus(h, eta, momentum));
  }
  return kappa;
}

}  // namespace gdchaos
