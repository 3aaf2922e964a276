#pragma once
// The certified early exit of the exact engine for plain GD with λ = 0 (ρ = 1, no momentum): what
// every SIMD target shares. The mathematics and the vector code are in engine/manifold_limit-inl.h,
// compiled once per target; this header holds the lane-by-lane results and the one-orbit form.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

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

/// x² below which the certificate is worth a first try (|x| ≤ 10⁻⁴).
inline constexpr double kFirstTryX2 = 1e-8;

/// Lanes of the widest SIMD vector of doubles any target has (AVX-512: 8).
inline constexpr int kMaxVectorLanes = 8;

/// The certificate for one SIMD vector of orbits, lane by lane.
struct ManifoldLimits {
  std::array<bool, kMaxVectorLanes> certified{}, near{}, sized{};
  std::array<double, kMaxVectorLanes> sigma{}, tau{};  ///< the limits (σ∞, τ∞), in certified lanes
  std::array<double, kMaxVectorLanes> x2{}, width{}, rel_tol{};
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
};

/// One orbit's certificate.
struct ManifoldLimit {
  bool certified = false;
  double sigma = 0, tau = 0;  ///< the limit (σ∞, τ∞), when certified
  double retry_x2 = 0;        ///< when not certified: the x² below which another attempt may succeed
};

/// Certifies that plain GD (λ = 0) from (σ, τ) converges to the hyperbola σ² − τ² = cy, and returns
/// its limit to a relative accuracy `rel_tol`, or when to try again (on the SIMD target that runs).
ManifoldLimit certify_manifold_limit(double sigma, double tau, double cy, double rel_tol);

}  // namespace gdchaos::detail
