#include "gdchaos/theory/critical.hpp"

#include <cmath>
#include <limits>

#include "gdchaos/core/error.hpp"
#include "gdchaos/theory/quotient.hpp"

namespace gdchaos {

bool theorem1_applies(const Problem& p) { return p.scalar_target() && p.reg_coef == 0 && p.momentum == 0; }

CriticalStep critical_step(const Problem& p, std::span<const double> theta) {
  if (!p.scalar_target()) throw InputError("Theorem 1 applies to scalar-vector problems only (m = n = 1)");
  if (p.reg_coef != 0) throw InputError("Theorem 1 applies to λ = 0 only (no regularisation)");
  if (p.momentum != 0) throw InputError("Theorem 1 applies to plain GD only (no momentum)");
  const auto [z, s] = quotient_map(p, theta);
  if (!std::isfinite(z) || !std::isfinite(s)) throw InputError("u and v are too large: uᵀv or ‖u‖² + ‖v‖² overflows");
  const double y = p.y();
  const double inv_y = y == 0 ? std::numeric_limits<double>::infinity() : 1 / std::abs(y);
  const double disc = s * s - 16 * y * (z - y);  // ≥ 0 since s ≥ 2|z|
  const double quadric = 8 / (s + std::sqrt(std::max(disc, 0.0)));
  // η* is for ½(uᵀv − y)²; the loss a(uᵀv − y)² runs the same orbits at step 2aη.
  const double scale = 1 / (2 * p.data_coef);
  if (quadric <= inv_y) return {quadric * scale, "quadric", z, s};
  return {inv_y * scale, "1/|y|", z, s};
}

double theorem1_margin(const Problem& p, std::span<const double> theta) {
  const auto [z, s] = quotient_map(p, theta);
  const double e = 2 * p.data_coef * p.eta, y = p.y();
  return e * s - e * e * y * z - (4 - e * e * y * y);
}

}  // namespace gdchaos
