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
//
// The engine certifies a SIMD vector of lanes at once (the arithmetic is a chain of square roots
// and divisions, whose latency a batch shares); `certify_manifold_limit` is the one-orbit form.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <experimental/simd>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace gdchaos::detail {

/// r^{2/3} for 0 < r < 10⁶ to about 1 %: only where to try again depends on it. The exponent bits
/// of r scaled by 2/3 give a first guess within about 10 % (no libm call), one Newton step on
/// y³ = r² the rest.
inline double rough_cbrt_squared(double r) {
  constexpr std::int64_t kOne = 0x3FF0000000000000;  // the bits of 1.0
  const auto bits = std::bit_cast<std::int64_t>(r);
  double y = std::bit_cast<double>(kOne + (bits - kOne) / 3 * 2);
  y -= (y * y * y - r * r) / (3 * y * y);
  return y;
}

using LimitVec = std::experimental::native_simd<double>;

/// x² below which the certificate is worth a first try (|x| ≤ 10⁻⁴).
inline constexpr double kFirstTryX2 = 1e-8;

/// √v lane by lane. With AVX-512, GCC 12's `_mm512_sqrt_pd` (behind stdx::sqrt) warns about an
/// uninitialised pass-through operand (GCC bug 105593); the masked form has none.
inline LimitVec lane_sqrt(LimitVec v) {
#if defined(__AVX512F__)
  if constexpr (LimitVec::size() == 8) {
    const __m512d r = static_cast<__m512d>(v);
    return LimitVec(_mm512_mask_sqrt_pd(r, static_cast<__mmask8>(0xFF), r));
  }
#endif
  return std::experimental::sqrt(v);
}

/// The certificate for a vector of orbits.
struct ManifoldLimits {
  LimitVec::mask_type certified;
  LimitVec sigma, tau;  ///< the limits (σ∞, τ∞), in certified lanes
  /// When lane i is not certified: the x² below which another attempt may succeed.
  double retry_x2(int i) const {
    if (!near[i]) return kFirstTryX2;   // far from the hyperbola: come back when x is small
    if (!sized[i]) return 0.25 * x2[i];  // |q| ≥ 1 on the box (P still falls) or the box too small
    return 0.8 * pass_x2(i);
  }
  /// For a lane with a sized box: about the x² at which it passes (the width scales like X³).
  double pass_x2(int i) const {
    const double r = 2 * rel_tol[i] / width[i];
    if (!(r < 1e6)) return kFirstTryX2;  // width 0 or tiny: passes far out
    return std::min(kFirstTryX2, x2[i] * rough_cbrt_squared(r));
  }
  LimitVec::mask_type near, sized;
  LimitVec x2, width, rel_tol;
};

/// Certifies, lane by lane, that plain GD (λ = 0) from (σ, τ) converges to the hyperbola
/// σ² − τ² = cy, and returns its limit to a relative accuracy `rel_tol`, or when to try again.
/// `cy` may differ lane by lane (a hyperparameter plane: every lane its own problem).
inline ManifoldLimits certify_manifold_limits(LimitVec sigma, LimitVec tau, LimitVec cy, LimitVec rel_tol) {
  namespace stdx = std::experimental;
  using V = LimitVec;
  ManifoldLimits out;
  const V acy = stdx::abs(cy);
  // |x| inflated by its rounding error (a few ulps of σ² + τ² + |cy|), so the box holds the true x.
  const V x = sigma * sigma - (tau * tau + cy);
  const V X = stdx::abs(x) + 0x1.0p-50 * (sigma * sigma + tau * tau + acy), X2 = X * X;
  const V P = stdx::abs(sigma * tau), P2 = P * P;
  // The normal multiplier on the hyperbola at this P (x = 0); |q0| ≥ 1: that limit would not attract.
  const V q0 = 1 - 2 * lane_sqrt(cy * cy + 4 * P2);
  // A generous guess of how far P can still fall, checked below.
  const V delta = 4 * X2 / ((1 - q0 * q0) * (1 - X2));
  const V a_lo = stdx::max(V(0), acy - X), a_hi = acy + X;
  const V p_hi = 4 * P2, p_lo = p_hi * stdx::max(V(0), 1 - 2 * delta);  // e^{−2δ} ≥ 1 − 2δ
  const V s_lo = lane_sqrt(a_lo * a_lo + p_lo), s_hi = lane_sqrt(a_hi * a_hi + p_hi);
  // Rounding slack on q's enclosure: a few ulps of its O(1) terms.
  constexpr double kSlack = 1e-14;
  const V q_lo = 1 - 2 * s_hi - acy * X - kSlack, q_hi = 1 - 2 * s_lo + X2 + acy * X + kSlack;
  const V q_bar = stdx::max(stdx::abs(q_lo), stdx::abs(q_hi));
  V q_min = stdx::min(stdx::abs(q_lo), stdx::abs(q_hi));
  stdx::where(q_lo <= 0 && q_hi >= 0, q_min) = V(0);
  const V fall_max = X2 / ((1 - q_bar * q_bar) * (1 - X2)), fall_min = X2 / (1 - q_min * q_min);
  out.x2 = X2;
  out.width = fall_max - fall_min;
  out.rel_tol = rel_tol;
  out.near = X < 0.25;
  out.sized = out.near && stdx::abs(q0) < 1 && q_bar < 1 && fall_max <= delta;
  out.certified = out.sized && out.width <= 2 * rel_tol;
  if (stdx::none_of(out.certified)) return out;
  // The middle of log P∞'s interval; e^{−f} by its series where f is small (it is, but for
  // fast orbits certified far out), else lane by lane.
  const V fall = 0.5 * (fall_max + fall_min);
  V shrink = 1 - fall * (1 - fall * (0.5 - fall * (1.0 / 6)));
  const auto big_fall = out.certified && !(fall < 1e-3);
  if (stdx::any_of(big_fall))
    for (int i = 0; i < static_cast<int>(V::size()); ++i)
      if (big_fall[i]) shrink[i] = std::exp(-fall[i]);
  const V p_inf = P * shrink;
  const V s_inf = lane_sqrt(cy * cy + 4 * p_inf * p_inf);
  // Solve σ² − τ² = cy, στ = P∞ through the larger coordinate (no cancellation).
  const V big = lane_sqrt(0.5 * (s_inf + acy));
  V small = p_inf / big;
  stdx::where(!(big > 0), small) = V(0);
  const auto positive = cy >= 0;
  out.sigma = small;
  out.tau = big;
  stdx::where(positive, out.sigma) = big;
  stdx::where(positive, out.tau) = small;
  stdx::where(sigma < 0, out.sigma) = -out.sigma;
  stdx::where(tau < 0, out.tau) = -out.tau;
  return out;
}

/// One orbit's certificate.
struct ManifoldLimit {
  bool certified = false;
  double sigma = 0, tau = 0;  ///< the limit (σ∞, τ∞), when certified
  double retry_x2 = 0;        ///< when not certified: the x² below which another attempt may succeed
};

inline ManifoldLimit certify_manifold_limit(double sigma, double tau, double cy, double rel_tol) {
  const auto all = certify_manifold_limits(LimitVec(sigma), LimitVec(tau), LimitVec(cy), LimitVec(rel_tol));
  if (all.certified[0]) return {true, all.sigma[0], all.tau[0], 0};
  return {false, 0, 0, all.retry_x2(0)};
}

}  // namespace gdchaos::detail
