#pragma once
// The decision rules shared by both engines (see docs/decisions.md).
#include <algorithm>
#include <cmath>

#include "gdchaos/engine/decision.hpp"
#include "gdchaos/model/problem.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos::detail {

struct Decider {
  DecisionOptions options;
  double min_loss;  ///< global minimum of L: limits within tolerance of it are global minimizers
  /// False when the model knows no closed-form minimum: every certified limit is then a local
  /// minimum, reported as converged (model.hpp).
  bool known_min = true;

  /// Diverged: outside the escape radius, or the arithmetic overflowed (w is NaN or ∞).
  bool escaped(double w) const { return !(w <= options.escape); }
  /// The distance to the limit that counts as converged, relative to ‖θ‖ = √w.
  double tolerance(double w) const { return options.tol * std::max(1.0, std::sqrt(w)); }
  /// A-posteriori bound: if GD contracts by κ < 1 near θ_t, the limit lies within step/(1 − κ);
  /// converged when that is below the tolerance. Rounding keeps a weakly contracting map jittering
  /// around its fixed point with steps of about ε/(1 − κ) (ε the machine epsilon, relative to ‖θ‖),
  /// so a step at that level also counts: it is as close as floating point gets — but only while
  /// the distance bound it implies, step/(1 − κ) ≤ 8ε/(1 − κ)², stays below kRoundingDistance.
  /// (Without that cap a tiny η, with 1 − κ ≈ ηh, would certify any orbit at its first check: its
  /// step η‖∇L‖ is below 8ε/(ηh) whatever the gradient.) `step` must be the exact-arithmetic step
  /// η‖∇L‖ (or the last move, with momentum), not a displacement that rounded to 0. Nothing is
  /// certified where GD does not contract (κ ≥ 1), not even a zero step: a step η‖∇L‖ can square
  /// to 0 in double precision (η‖∇L‖ < 10⁻¹⁶²) near a saddle, which repels; a true fixed point of
  /// the floating-point map is decided by the engines' own test (zero gradient, or at rest).
  bool certified(double step, double kappa, double w) const {
    return kappa < 1 && step <= certifiable_step(kappa, w);
  }
  /// The largest step that certifies convergence at contraction κ (0 when κ ≥ 1): the distance
  /// bound step/(1 − κ) is then at most max(tol, min(8ε/(1 − κ)², kRoundingDistance))·max(1, ‖θ‖).
  double certifiable_step(double kappa, double w) const {
    if (!(kappa < 1)) return 0;
    const double gap = 1 - kappa;
    const double rounding = std::min(kRoundingSteps * kEpsilon / gap, kRoundingDistance * gap);
    return std::max(1.0, std::sqrt(w)) * std::max(options.tol * gap, rounding);
  }
  static constexpr double kEpsilon = 0x1.0p-52;
  static constexpr double kRoundingSteps = 8;
  /// The rounding allowance never accepts a distance bound above this (relative to max(1, ‖θ‖)).
  /// It binds only for 1 − κ < √(8ε/10⁻⁸) ≈ 4·10⁻⁴; on the regression renders 10⁻⁹ changes no
  /// pixel either (docs/decisions.md).
  static constexpr double kRoundingDistance = 1e-8;
  /// Eigenvalues below this (relative to the largest) are directions along a manifold of critical
  /// points (λ = 0 hyperbola, orbits of O(d)); they neither attract nor repel.
  static double zero_tolerance(double largest) { return 1e-6 * std::max(1.0, std::abs(largest)); }
  /// A certified point lies within δ = tolerance(w) of its limit, so near a minimizer its loss
  /// exceeds the minimum by at most ½·h·δ² (h the sharpness there): a global minimizer when L is
  /// within that, or within 10⁻¹² of the minimum (relative, or absolute below 1), of min L. At the
  /// default tol the first term is ~10⁻²⁰ and the rounding term decides; a loose --tol (10⁻⁶)
  /// leaves a loss excess of ~10⁻¹², which must not turn a minimizer into "another critical
  /// point". (It would take a·y² below that bound to confuse the saddle.)
  Status classify_limit(double L, double w, double sharpness) const {
    if (!known_min) return Status::converged;
    const double delta = tolerance(w);
    const double excess = std::max(1e-12 * std::max(1.0, std::abs(min_loss)), 0.5 * std::abs(sharpness) * delta * delta);
    return L - min_loss <= excess ? Status::converged : Status::other_critical;
  }
};

}  // namespace gdchaos::detail
