#pragma once
// One orbit of GD followed step by step: θ_t, L(θ_t) and the sharpness (largest Hessian
// eigenvalue) along the way, for a trajectory plot of one start (the Python front end's orbit()).
// The step is the optimizer's heavy ball θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}), θ_{−1} = θ_0,
// the same arithmetic as iterate_points, so θ_k is the same number as there.
#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"

namespace gdchaos {

struct Orbit {
  int dim = 0;
  std::int64_t steps = 0;          ///< iterates after θ_0 that were taken (fewer when it escaped)
  std::vector<double> theta;       ///< (steps + 1) × dim, row t = θ_t
  std::vector<double> loss;        ///< L(θ_t)
  std::vector<double> sharpness;   ///< λ_max(∇²L(θ_t)); empty unless asked for
  bool escaped = false;            ///< stopped early: ‖θ_t‖² exceeded the escape radius or was not finite
};

/// Follows GD from `theta0` for `steps` steps, stopping early once ‖θ‖² > escape (or not finite).
/// With `with_sharpness`, the Hessian's largest eigenvalue at every iterate (dim² work a step).
/// The stop token is checked every few thousand steps (throws Cancelled). Throws InputError for
/// a start of the wrong size, a non-finite start, steps < 0 or an invalid optimizer.
Orbit follow_orbit(const Model& model, const Optimizer& optimizer, std::span<const double> theta0, std::int64_t steps,
                   double escape, bool with_sharpness, const std::stop_token& stop = {});

}  // namespace gdchaos
