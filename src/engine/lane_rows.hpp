#pragma once
// The structure-of-arrays state the dense and generic engines share: coordinate e of the kLanes
// orbits in flight is row e (X = θ_t, Xp = θ_{t−1}, G = ∇L(θ_{t−1})), and a check reads one lane.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace gdchaos::detail {

/// The Hessian is costly (an eigen-decomposition): after one that did not certify, not again for
/// this many steps.
inline constexpr std::int32_t kHessianPause = 64;

/// ratio^(1/every): square roots when `every` is a power of two (the default 16), much quicker
/// than pow, which would otherwise run for every lane at every check.
inline double per_step_root(double ratio, int every) {
  if (every > 0 && (every & (every - 1)) == 0) {
    for (int e = every; e > 1; e >>= 1) ratio = std::sqrt(ratio);
    return ratio;
  }
  return std::pow(ratio, 1.0 / every);
}

/// What a check reads of lane l: ‖θ_t‖², ‖θ_t − θ_{t−1}‖², ‖∇L(θ_{t−1})‖², and whether θ moved at
/// all (the squared move can underflow to 0 although θ moved).
struct LaneObservation {
  double w = 0, move2 = 0, grad2 = 0;
  bool moved = false;

  /// The step: the larger of the last move and the gradient step η‖∇L(θ_{t−1})‖ (with momentum
  /// the move alone is small at a turning point, where the gradient is not).
  double step(double eta) const { return std::sqrt(std::max(move2, eta * eta * grad2)); }
  /// θ is a fixed point of the floating-point map (θ_t = θ_{t−1} exactly) with a gradient at
  /// underflow level: the orbit stays there whatever the Hessian says (docs/decisions.md).
  bool at_rest() const { return !moved && grad2 < std::numeric_limits<double>::min(); }
};

template <int Lanes>
LaneObservation observe_lane(const std::vector<double>& X, const std::vector<double>& Xp, const std::vector<double>& G,
                             int dim, int l) {
  LaneObservation o;
  for (int e = 0; e < dim; ++e) {
    const std::size_t i = static_cast<std::size_t>(e) * Lanes + l;
    const double x = X[i], dx = x - Xp[i], g = G[i];
    o.w += x * x;
    o.move2 += dx * dx;
    o.grad2 += g * g;
    o.moved = o.moved || dx != 0;
  }
  return o;
}

/// Copies lane l of X into θ and marks in `keep` the coordinates the map does not hold at 0: a
/// coordinate that is exactly 0, was 0 a step ago and has exactly zero gradient stays 0 (an
/// invariant coordinate subspace, e.g. the orthogonal columns of Proposition 5), so the orbit
/// never feels the Hessian in that direction. Returns true when some coordinate is held.
template <int Lanes>
bool held_coordinates(const std::vector<double>& X, const std::vector<double>& Xp, const std::vector<double>& G,
                      int dim, int l, std::span<double> theta, std::span<std::uint8_t> keep) {
  bool held = false;
  for (int e = 0; e < dim; ++e) {
    const std::size_t i = static_cast<std::size_t>(e) * Lanes + l;
    theta[e] = X[i];
    keep[e] = !(theta[e] == 0 && Xp[i] == 0 && G[i] == 0);
    held |= !keep[e];
  }
  return held;
}

}  // namespace gdchaos::detail
