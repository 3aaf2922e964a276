#pragma once
// Hyperparameter planes: one initialization θ₀, and a map over two of η, λ, y and the momentum β
// (the view of Sohl-Dickstein 2024 for this model family). Pixel (i, j) runs GD from θ₀ with
// axis1 = α_j and axis2 = β_i; the output contract is that of a basin map.
#include <cmath>
#include <string>
#include <vector>

#include "gdchaos/engine/render.hpp"

namespace gdchaos {

enum class Hyperparameter { eta, lambda, y, momentum };

struct HyperAxis {
  Hyperparameter which = Hyperparameter::eta;
  double lo = 0, hi = 1;  ///< the values at the axis's ends
  /// η only: 0 for every layer's step size, k ≥ 1 for layer k's alone (networks: eta1, eta2, …).
  int layer = 0;
  /// A logarithmic axis: the map's coordinate along it is log₁₀ of the value (the window, the
  /// pixel centres and the plot's axis are in log₁₀ units).
  bool log = false;

  double coordinate_lo() const { return log ? std::log10(lo) : lo; }
  double coordinate_hi() const { return log ? std::log10(hi) : hi; }
  /// The value at a coordinate of the map.
  double value(double coordinate) const { return log ? std::pow(10.0, coordinate) : coordinate; }
  /// "eta", "eta2", "log10 eta1", … (meta.json and axis labels).
  std::string name() const;
  std::string label() const;
};

/// "eta:0.5,1.2", "eta2:1e-2,1e2:log" → the axis; throws InputError for unknown names, bad ranges
/// or a logarithmic axis that reaches 0.
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
