#pragma once
// Local contraction of the GD map near a critical point. A Hessian eigenvalue h gives the
// heavy-ball multipliers μ with μ² − (1 + β − ηh)μ + β = 0 (μ = 1 − ηh when β = 0); the map
// contracts along that direction iff max|μ| < 1.
#include <span>

namespace gdchaos {

/// max|μ| over the eigenvalues h of the Hessian, skipping |h| ≤ zero_tol: those are directions
/// along a manifold of critical points (λ = 0), where the orbit's drift is bounded by its steps.
double contraction_factor(std::span<const double> hessian_eigenvalues, double eta, double momentum,
                          double zero_tol);

/// max|μ| for one eigenvalue.
double multiplier_modulus(double h, double eta, double momentum);

}  // namespace gdchaos
