#pragma once
// When an orbit is decided. See docs/decisions.md for why each test is safe.
#include <cstdint>

namespace gdchaos {

struct DecisionOptions {
  std::int32_t max_iter = 10000;  ///< still running after this many steps → undecided
  /// Converged when the a-posteriori bound on the distance to the limit,
  ///   ‖θ_t − θ_{t−1}‖ / (1 − κ)  (κ < 1: the local contraction factor of the GD map),
  /// is below tol·max(1, ‖θ‖).
  double tol = 1e-10;
  /// Diverged when ‖θ‖² exceeds this (the escape radius, squared).
  double escape = 1e10;
  /// Classification runs every this many steps (the kernels iterate branch-free in between).
  std::int32_t check_every = 16;
};

}  // namespace gdchaos
