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
// and divisions, whose latency a batch shares); manifold_limit.hpp has the one-orbit form.
//
// This file is compiled once per SIMD target (Highway's foreach_target: include it after
// hwy/highway.h, inside nothing). Every lane's arithmetic is the same IEEE operations on every
// target, so each target certifies the same lanes with the same limits.
#if defined(GDCHAOS_ENGINE_MANIFOLD_LIMIT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef GDCHAOS_ENGINE_MANIFOLD_LIMIT_INL_H_
#undef GDCHAOS_ENGINE_MANIFOLD_LIMIT_INL_H_
#else
#define GDCHAOS_ENGINE_MANIFOLD_LIMIT_INL_H_
#endif

#include <cmath>

#include <hwy/highway.h>

#include "engine/manifold_limit.hpp"

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// Certifies, lane by lane, that plain GD (λ = 0) from (σ, τ) converges to the hyperbola
/// σ² − τ² = cy, and returns its limit to a relative accuracy `rel_tol`, or when to try again.
/// `cy` may differ lane by lane (a hyperparameter plane: every lane its own problem).
template <class D, class V = hn::Vec<D>>
HWY_INLINE void certify_manifold_limits(D d, V sigma, V tau, V cy, V rel_tol, ManifoldLimits& out) {
  static_assert(hn::MaxLanes(D()) <= kMaxVectorLanes);
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0), two = hn::Set(d, 2.0), four = hn::Set(d, 4.0);
  const V acy = hn::Abs(cy);
  // |x| inflated by its rounding error (a few ulps of σ² + τ² + |cy|), so the box holds the true x.
  const V x = sigma * sigma - (tau * tau + cy);
  const V X = hn::Abs(x) + hn::Set(d, 0x1.0p-50) * (sigma * sigma + tau * tau + acy), X2 = X * X;
  const V P = hn::Abs(sigma * tau), P2 = P * P;
  // The normal multiplier on the hyperbola at this P (x = 0); |q0| ≥ 1: that limit would not attract.
  const V q0 = one - two * hn::Sqrt(cy * cy + four * P2);
  // A generous guess of how far P can still fall, checked below.
  const V delta = four * X2 / ((one - q0 * q0) * (one - X2));
  const V a_lo = hn::Max(zero, acy - X), a_hi = acy + X;
  const V p_hi = four * P2, p_lo = p_hi * hn::Max(zero, one - two * delta);  // e^{−2δ} ≥ 1 − 2δ
  const V s_lo = hn::Sqrt(a_lo * a_lo + p_lo), s_hi = hn::Sqrt(a_hi * a_hi + p_hi);
  // Rounding slack on q's enclosure: a few ulps of its O(1) terms.
  const V slack = hn::Set(d, 1e-14);
  const V q_lo = one - two * s_hi - acy * X - slack, q_hi = one - two * s_lo + X2 + acy * X + slack;
  const V q_bar = hn::Max(hn::Abs(q_lo), hn::Abs(q_hi));
  const V q_min = hn::IfThenElse(hn::And(q_lo <= zero, q_hi >= zero), zero, hn::Min(hn::Abs(q_lo), hn::Abs(q_hi)));
  const V fall_max = X2 / ((one - q_bar * q_bar) * (one - X2)), fall_min = X2 / (one - q_min * q_min);
  const V width = fall_max - fall_min;
  const auto near = X < hn::Set(d, 0.25);
  const auto sized = hn::And(hn::And(near, hn::Abs(q0) < one), hn::And(q_bar < one, fall_max <= delta));
  const auto certified = hn::And(sized, width <= two * rel_tol);
  constexpr int kWidth = static_cast<int>(hn::MaxLanes(D()));
  alignas(64) double lanes[kWidth];
  auto store = [&](V v, std::array<double, kMaxVectorLanes>& to) {
    hn::Store(v, d, lanes);
    std::copy(lanes, lanes + kWidth, to.begin());
  };
  auto store_mask = [&](decltype(near) m, std::array<bool, kMaxVectorLanes>& to) {
    hn::Store(hn::VecFromMask(d, m), d, lanes);
    for (int i = 0; i < kWidth; ++i) to[i] = lanes[i] != 0;  // all bits set: a NaN, ≠ 0
  };
  store(X2, out.x2);
  store(width, out.width);
  store(rel_tol, out.rel_tol);
  store_mask(near, out.near);
  store_mask(sized, out.sized);
  store_mask(certified, out.certified);
  if (hn::AllFalse(d, certified)) return;
  // The middle of log P∞'s interval; e^{−f} by its series where f is small (it is, but for
  // fast orbits certified far out), else lane by lane.
  const V fall = hn::Set(d, 0.5) * (fall_max + fall_min);
  V shrink = one - fall * (one - fall * (hn::Set(d, 0.5) - fall * hn::Set(d, 1.0 / 6)));
  const auto big_fall = hn::AndNot(fall < hn::Set(d, 1e-3), certified);
  if (!hn::AllFalse(d, big_fall)) {
    alignas(64) double f[kWidth], s[kWidth], big[kWidth];
    hn::Store(fall, d, f);
    hn::Store(shrink, d, s);
    hn::Store(hn::VecFromMask(d, big_fall), d, big);
    for (int i = 0; i < kWidth; ++i)
      if (big[i] != 0) s[i] = std::exp(-f[i]);
    shrink = hn::Load(d, s);
  }
  const V p_inf = P * shrink;
  const V s_inf = hn::Sqrt(cy * cy + four * p_inf * p_inf);
  // Solve σ² − τ² = cy, στ = P∞ through the larger coordinate (no cancellation).
  const V big = hn::Sqrt(hn::Set(d, 0.5) * (s_inf + acy));
  const V small = hn::IfThenElse(big > zero, p_inf / big, zero);
  const auto positive = cy >= zero;
  V lim_sigma = hn::IfThenElse(positive, big, small), lim_tau = hn::IfThenElse(positive, small, big);
  lim_sigma = hn::IfThenElse(sigma < zero, hn::Neg(lim_sigma), lim_sigma);
  lim_tau = hn::IfThenElse(tau < zero, hn::Neg(lim_tau), lim_tau);
  store(lim_sigma, out.sigma);
  store(lim_tau, out.tau);
}

}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
