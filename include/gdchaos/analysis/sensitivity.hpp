#pragma once
// Sensitivity near the convergence boundary (PAPER.md Fig. 2 right, Theorems 1–2): starts sampled
// evenly in ever smaller square neighbourhoods of a boundary point, and the spread of what GD
// converges to (‖θ*‖², imbalance, sharpness, iterations to a small loss) at each size.
#include <cstdint>
#include <span>
#include <vector>

#include "gdchaos/engine/render.hpp"

namespace gdchaos {

/// First t with L(θ_t) − min L < threshold for GD (with the problem's momentum) from θ₀, or −1
/// when max_iter steps do not get there. O(1) a step for m = n = 1.
std::int64_t steps_to_loss(const Problem& p, std::span<const double> theta0, double threshold, std::int64_t max_iter);

/// A point of the convergence boundary on the ray base + t(cos φ dir1 + sin φ dir2), t > 0, found
/// by bisection on the engine's verdict (converged at t = 0, diverged further out). Throws
/// InputError when the ray's start does not converge or the ray never diverges.
std::vector<double> boundary_point(const Problem& p, const Plane& plane, double angle, const RenderOptions& options);

struct SensitivityOptions {
  std::vector<double> radii{1e-2, 1e-4, 1e-6};  ///< half-widths of the square neighbourhoods
  int side = 64;                                ///< side × side starts per neighbourhood
  double loss_threshold = 1e-8;                 ///< for the iterations-to-small-loss statistic
  RenderOptions render;
};

struct SensitivitySample {
  double radius, alpha, beta;  ///< offset (α, β) from the centre along the plane's dir1, dir2
  std::uint8_t status;
  float norm2, imbalance, sharpness;
  std::int64_t steps_to_loss;  ///< −1 when not reached (or not converged)
};

/// Samples around `centre` in the plane spanned by plane.dir1, plane.dir2. It allocates about
/// sensitivity_memory_bytes(p, options); whether that is affordable is the caller's policy.
std::vector<SensitivitySample> sample_neighbourhoods(const Problem& p, const std::vector<double>& centre,
                                                     const Plane& plane, const SensitivityOptions& options);

/// Bytes sample_neighbourhoods holds at its peak (every start of every radius at once).
std::int64_t sensitivity_memory_bytes(const Problem& p, const SensitivityOptions& options);

}  // namespace gdchaos

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

/// Per radius: status counts and, over the starts that reach a global minimizer, quantiles, IQR and
/// standard deviation of ‖θ*‖², the imbalance, the sharpness and the iterations to a small loss;
/// across radii, how the spread changes; and Theorem 2's sharpness interval (γ_min, 2/η).
nlohmann::json sensitivity_summary(const Problem& p, const std::vector<SensitivitySample>& samples);

}  // namespace gdchaos
