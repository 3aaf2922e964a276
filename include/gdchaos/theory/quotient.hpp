#pragma once
// Proposition 3 (planar quotient): T(u, v) = (uᵀv, ‖u‖² + ‖v‖²) = (z, w) conjugates GD_η with
//   F(z, w) = ((a² + b²) z − a b w,  (a² + b²) w − 4 a b z),   a = 1 − ηλ, b = η(z − y),
// written here for the general loss coefficients: a = 1 − 2η·reg_coef, b = 2η·data_coef·(z − y).
#include <span>
#include <utility>

#include "gdchaos/model/problem.hpp"

namespace gdchaos {

/// T(u, v) for m = n = 1: θ = (u, v) ∈ ℝ^{2d}.
std::pair<double, double> quotient_map(const Problem& p, std::span<const double> theta);
/// F(z, w): one GD step seen in the quotient plane (plain GD; momentum does not factor through T).
std::pair<double, double> quotient_step(const Problem& p, double z, double w);

}  // namespace gdchaos
