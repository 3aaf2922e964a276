#pragma once
// The extreme eigenvalues of a symmetric operator known only through its products (a Hessian
// through Hessian–vector products): Lanczos with full reorthogonalization, as the
// edge-of-stability literature measures sharpness. Each Ritz value comes with its residual
// bound |β_m s_m|: an eigenvalue of the operator lies within it.
#include <cstdint>
#include <functional>
#include <span>

namespace gdchaos {

struct ExtremeEigenvalues {
  double largest = 0, smallest = 0;
  /// Residual bounds of the two Ritz values: the operator has eigenvalues in
  /// [largest − largest_error, largest + largest_error], likewise for the smallest.
  double largest_error = 0, smallest_error = 0;
  int iterations = 0;
  /// Both residual bounds fell below the requested tolerance (or the Krylov space was exhausted).
  bool converged = false;
};

using LinearOperator = std::function<void(std::span<const double> v, std::span<double> out)>;

/// Lanczos from a seeded start vector, at most max_iter iterations (capped at dim), stopping once
/// both extreme Ritz values have residual bounds ≤ rtol·max(1, |Ritz value|). Deterministic for a
/// given seed.
ExtremeEigenvalues lanczos_extremes(int dim, const LinearOperator& apply, int max_iter = 60, double rtol = 1e-8,
                                    std::uint64_t seed = 1);

}  // namespace gdchaos
