#pragma once
// Theorem 1 (λ = 0, m = n = 1): for almost every (u, v), GD converges for η < η*(u, v) and
// diverges for η > η*(u, v), where, with z = uᵀv and s = ‖u‖² + ‖v‖²,
//   η* = min{ 1/|y|,  8 / (s + sqrt(s² − 16 y (z − y))) }.
// Equivalently, for η|y| < 1 the convergence region is the quadric
//   D′_η = { η s − η² y z < 4 − η² y² }.
// For a loss a(uᵀv − y)² (a ≠ ½) GD with step η is GD on ½(uᵀv − y)² with step 2aη.
#include <span>
#include <string>

#include "gdchaos/model/problem.hpp"

namespace gdchaos {

struct CriticalStep {
  double eta_star;     ///< η*(u, v) for the problem's loss coefficient
  std::string active;  ///< "1/|y|" or "quadric": which term of the min is attained
  double z, s;
};

/// Throws InputError when Theorem 1 does not apply (λ ≠ 0, m or n ≠ 1, momentum ≠ 0).
CriticalStep critical_step(const Problem& p, std::span<const double> theta);
/// True when the theorem applies to p (ignoring η).
bool theorem1_applies(const Problem& p);
/// η s − η² y z − (4 − η² y²), in the normalised step 2aη: negative inside D′_η, positive outside.
double theorem1_margin(const Problem& p, std::span<const double> theta);

}  // namespace gdchaos
