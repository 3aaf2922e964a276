#pragma once
// Hyperparameter planes of networks (the mlp family), as in Sohl-Dickstein 2024: one start θ₀,
// and a map over two of η (every layer), η_k (layer k alone: eta1, eta2, …) and the momentum β,
// on linear or logarithmic axes. Pixel (i, j) trains from θ₀ with axis1 = value(α_j) and
// axis2 = value(β_i); the other layers keep the optimizer's η. The output contract is a basin map's.
#include <cstdint>
#include <functional>
#include <vector>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/sample/hyper.hpp"

namespace gdchaos {

/// Throws InputError unless both axes are step sizes of the network's layers or β, different from
/// each other, and every pixel's optimizer is valid (checked at the corners: each bound is an interval).
void validate_network_axes(const Mlp& model, const Optimizer& base, HyperAxis axis1, HyperAxis axis2);

/// The step sizes of every layer and the momentum at plane values (a, b) of the two axes.
std::vector<double> layer_step_sizes(const Mlp& model, const Optimizer& base, HyperAxis axis1, double a, HyperAxis axis2,
                                     double b, double& momentum);

/// Pixel k's step sizes, one a layer, and its momentum.
using NetworkStepSizes = std::function<std::vector<double>(std::int64_t pixel, double& momentum)>;

/// The general form (step-size scans use it too): a width × height map of runs from θ₀, pixel k
/// training with steps(k) on the network engine.
BasinMap render_network_runs(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, std::int64_t width,
                             std::int64_t height, const NetworkStepSizes& steps, const RenderOptions& options);

/// Renders rows [row_begin, row_end) (all rows when row_end < 0) of the plane.
BasinMap render_network_hyper(const Mlp& model, const Optimizer& base, const std::vector<double>& theta0, HyperAxis axis1,
                              HyperAxis axis2, std::int64_t width, std::int64_t height, const RenderOptions& options,
                              std::int64_t row_begin = 0, std::int64_t row_end = -1);

}  // namespace gdchaos
