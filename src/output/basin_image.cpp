#include "gdchaos/output/basin_image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gdchaos {

namespace {
Rgb status_colour(Status s) {
  switch (s) {
    case Status::converged: return categorical_color(0);
    case Status::other_critical: return categorical_color(2);
    case Status::diverged: return kNoConvergenceGrey;
    case Status::outside_domain: return Rgb{40, 40, 40};
    default: return kUndecidedColor;
  }
}
}  // namespace

bool continuous_colouring(const std::string& color) { return color != "status" && color != "attractor"; }

namespace {
// Iteration counts span decades: log10, shown for every status (escape time).
double steps_value(Status status, std::int32_t steps) {
  return status == Status::outside_domain ? std::numeric_limits<double>::quiet_NaN()
                                          : std::log10(static_cast<double>(std::max(steps, 1)));
}
// Undecided pixels carry values only where the engine records final values (networks, after
// their step budget: what the paper's Fig. 7 colours); elsewhere their fields are NaN.
double field_value(Status status, float field) {
  return is_converged(status) || status == Status::undecided ? static_cast<double>(field)
                                                             : std::numeric_limits<double>::quiet_NaN();
}
Rgb attractor_colour(Status status, std::int16_t attractor) {
  return is_converged(status) && attractor >= 0 ? categorical_color(attractor) : status_colour(status);
}
Rgb scale_colour(const ColourScale& scale, Status status, double value) {
  if (!std::isfinite(value)) return status_colour(status);
  return sequential_color((value - scale.lo) / (scale.hi - scale.lo));
}
}  // namespace

double colour_value(const std::string& color, Status status, float field, std::int32_t steps) {
  return color == "steps" ? steps_value(status, steps) : field_value(status, field);
}

ColourScale colour_scale(std::vector<float> v, bool log_scale) {
  std::erase_if(v, [](float x) { return !std::isfinite(x); });
  if (v.empty()) return {0, 1, log_scale};
  const auto k_lo = static_cast<std::ptrdiff_t>(0.005 * static_cast<double>(v.size() - 1));
  const auto k_hi = static_cast<std::ptrdiff_t>(0.995 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k_lo, v.end());
  const double lo = v[k_lo];  // float samples: the scale only places the colours
  std::nth_element(v.begin(), v.begin() + k_hi, v.end());
  const double hi = v[k_hi];
  return {lo, hi > lo ? hi : lo + 1, log_scale};
}

Rgb pixel_colour(const std::string& color, const ColourScale& scale, Status status, std::int16_t attractor,
                 double value) {
  if (color == "status") return status_colour(status);
  if (color == "attractor") return attractor_colour(status, attractor);
  return scale_colour(scale, status, value);
}

PixelPainter::PixelPainter(const std::string& color, ColourScale scale)
    : kind_(color == "status"      ? Kind::status
            : color == "attractor" ? Kind::attractor
            : color == "steps"     ? Kind::steps
                                   : Kind::field),
      scale_(scale) {}

Rgb PixelPainter::operator()(Status status, std::int16_t attractor, float field, std::int32_t steps) const {
  switch (kind_) {
    case Kind::status: return status_colour(status);
    case Kind::attractor: return attractor_colour(status, attractor);
    case Kind::steps: return scale_colour(scale_, status, steps_value(status, steps));
    case Kind::field: break;
  }
  return scale_colour(scale_, status, field_value(status, field));
}

}  // namespace gdchaos
