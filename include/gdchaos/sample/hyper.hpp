#pragma once
// Hyperparameter planes: one initialization θ₀, and a map over two of η, λ, y and the momentum β
// (the view of Sohl-Dickstein 2024 for this model family). Pixel (i, j) runs GD from θ₀ with
// axis1 = α_j and axis2 = β_i; the output contract is that of a basin map.
#include <string>
#include <vector>

#include "gdchaos/engine/render.hpp"

namespace gdchaos {

enum class Hyperparameter { eta, lambda, y, momentum };

struct HyperAxis {
  Hyperparameter which = Hyperparameter::eta;
  double lo = 0, hi = 1;
};

/// "eta:0.5,1.2" → the axis; throws InputError for unknown names or bad ranges.
HyperAxis parse_hyper_axis(const std::string& text);
const char* hyperparameter_name(Hyperparameter h);
/// p with one hyperparameter set (λ sets reg_coef = λ/2, the paper's form; y needs m = n = 1).
Problem with_hyperparameter(Problem p, Hyperparameter h, double value);

/// Throws InputError unless the axes differ and every pixel's problem is valid (each constraint is
/// an interval, so checking the window's corners covers every pixel centre).
void validate_hyper_axes(const Problem& base, HyperAxis axis1, HyperAxis axis2);

/// Renders GD from θ₀ over the grid of (axis1, axis2) values; the grid's window is
/// [axis1.lo, axis1.hi] × [axis2.lo, axis2.hi]. With a row range, only rows [row_begin, row_end)
/// of that grid (the map then has row_end − row_begin rows).
BasinMap render_hyper(const Problem& base, const std::vector<double>& theta0, HyperAxis axis1, HyperAxis axis2,
                      std::int64_t width, std::int64_t height, const RenderOptions& options, std::int64_t row_begin = 0,
                      std::int64_t row_end = -1);

}  // namespace gdchaos
