#pragma once
// The certified early exit of the exact engine for plain GD with λ = 0 (ρ = 1, no momentum).
//
// In the scaled coordinates of exact_engine.cpp a step is
//   x = σ² − τ² − c y,   σ ← (1 − x) σ,   τ ← (1 + x) τ,
// and its limits are the points of the hyperbola σ² − τ² = c y (x = 0). Two quantities carry the
// whole orbit: x and P = στ. With s = σ² + τ² = √((x + c y)² + 4P²),
//   x′ = x·q(x, P),   q = 1 − 2s + x(x + c y),        P′ = (1 − x²)·P.
// Near the hyperbola x contracts geometrically (q → 1 − 2s, the normal multiplier 1 − ηh), while
// P creeps: the limit is fixed by P∞ = P_k·∏_{j≥k}(1 − x_j²). That product needs no more steps.
//
// Certificate. Take the box R = {|x| ≤ X = |x_k|, |P| ∈ [|P_k|e^{−δ}, |P_k|]} and bound q over it by
// interval arithmetic: q ∈ [q_lo, q_hi], q̄ = max|q| < 1, q_min = min|q| (0 if the interval holds 0).
// While the orbit stays in R, |x_{j+1}| ≤ q̄|x_j|, so it does (|x| only shrinks, P only decreases by
// at most δ in log), and X²/(1 − q_min²) ≤ Σ x_j² ≤ X²/(1 − q̄²). With t ≤ −log(1 − t) ≤ t/(1 − t),
//   log|P∞/P_k| ∈ [−Σ_hi/(1 − X²), −Σ_lo],
// provided that interval's lower end is within δ (the box was big enough). x → 0, so the orbit
// converges, to the point of the hyperbola with that P∞: σ∞² − τ∞² = c y, σ∞τ∞ = P∞, signs kept
// (1 ± x > 0 throughout). We return the middle of the interval; its half-width W/2 bounds the error
// in log P∞, and |d log σ∞ / d log P∞|, |d log τ∞ / d log P∞| ≤ 1, so the returned limit is within
// a relative W/2 of the true one. The width shrinks like X³/(1 − q²)² (q's spread over R is O(X)),
// so the certificate holds at |x| ≈ 10⁻⁵ where the step-size test of docs/decisions.md needs
// |x| ≈ tol·(1 − κ) ≈ 10⁻¹², which for κ ≈ 0.98–0.999 is thousands of steps later.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>

namespace gdchaos::detail {

struct ManifoldLimit {
  bool certified = false;
  double sigma = 0, tau = 0;  ///< the limit (σ∞, τ∞), when certified
  /// When not certified: the x² below which another attempt may succeed.
  double retry_x2 = 0;
};

/// r^{2/3} for 0 < r < 1 to about 1 %: only where to try again depends on it. The exponent bits
/// of r scaled by 2/3 give a first guess within about 10 % (no libm call), one Newton step on
/// y³ = r² the rest.
inline double rough_cbrt_squared(double r) {
  constexpr std::int64_t kOne = 0x3FF0000000000000;  // the bits of 1.0
  const auto bits = std::bit_cast<std::int64_t>(r);
  double y = std::bit_cast<double>(kOne + (bits - kOne) / 3 * 2);
  y -= (y * y * y - r * r) / (3 * y * y);
  return y;
}

/// Certifies that plain GD (λ = 0) from (σ, τ) converges to the hyperbola σ² − τ² = cy, and
/// returns its limit to a relative accuracy `rel_tol`, or when to try again.
inline ManifoldLimit certify_manifold_limit(double sigma, double tau, double cy, double rel_tol) {
  ManifoldLimit out;
  const double x = sigma * sigma - tau * tau - cy, X = std::abs(x);
  const double P = std::abs(sigma * tau), acy = std::abs(cy);
  // The normal multiplier on the hyperbola at this P (x = 0); |q0| ≥ 1: P's limit would not attract.
  const double s0 = std::sqrt(cy * cy + 4 * P * P), q0 = 1 - 2 * s0;
  if (!(X < 0.25)) {  // far from the hyperbola: come back when x is small
    out.retry_x2 = 1e-8;
    return out;
  }
  // |q0| ≥ 1: x would not contract here; P still falls, so look again once |x| has halved.
  if (!(std::abs(q0) < 1)) {
    out.retry_x2 = 0.25 * X * X;
    return out;
  }
  // A generous guess of how far P can still fall, checked below.
  const double X2 = X * X, delta = 4 * X2 / ((1 - q0 * q0) * (1 - X2));
  const double a_lo = std::max(0.0, acy - X), a_hi = acy + X;
  const double p_hi = 4 * P * P, p_lo = p_hi * std::max(0.0, 1 - 2 * delta);  // e^{−2δ} ≥ 1 − 2δ
  const double s_lo = std::sqrt(a_lo * a_lo + p_lo), s_hi = std::sqrt(a_hi * a_hi + p_hi);
  // Rounding slack on q's enclosure: a few ulps of its O(1) terms.
  constexpr double kSlack = 1e-14;
  const double q_lo = 1 - 2 * s_hi - acy * X - kSlack, q_hi = 1 - 2 * s_lo + X2 + acy * X + kSlack;
  const double q_bar = std::max(std::abs(q_lo), std::abs(q_hi));
  const double q_min = (q_lo <= 0 && q_hi >= 0) ? 0.0 : std::min(std::abs(q_lo), std::abs(q_hi));
  const double sum_hi = X2 / (1 - q_bar * q_bar), sum_lo = X2 / (1 - q_min * q_min);
  const double fall_max = sum_hi / (1 - X2), fall_min = sum_lo;
  const double width = fall_max - fall_min;
  if (!(q_bar < 1) || !(fall_max <= delta) || !(width <= 2 * rel_tol)) {
    // The width scales like X³: aim where it would pass, with some margin.
    const bool sized = q_bar < 1 && fall_max <= delta;
    out.retry_x2 = X2 * (sized ? 0.8 * rough_cbrt_squared(2 * rel_tol / width) : 0.25);
    return out;
  }
  const double fall = 0.5 * (fall_max + fall_min);  // ≤ δ, tiny whenever the width passed
  const double p_inf = P * (fall < 1e-3 ? 1 - fall * (1 - fall * (0.5 - fall / 6)) : std::exp(-fall));
  const double s_inf = std::sqrt(cy * cy + 4 * p_inf * p_inf);
  // Solve σ² − τ² = cy, στ = P∞ through the larger coordinate (no cancellation).
  double big = std::sqrt(0.5 * (s_inf + acy)), small = big > 0 ? p_inf / big : 0.0;
  double s_abs = cy >= 0 ? big : small, t_abs = cy >= 0 ? small : big;
  out.certified = true;
  out.sigma = std::copysign(s_abs, sigma);
  out.tau = std::copysign(t_abs, tau);
  return out;
}

}  // namespace gdchaos::detail
