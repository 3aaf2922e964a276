#pragma once
// basin.png's colours: one image pixel per map pixel, β upward (the image's top row is the
// largest β). Grey where GD diverged (the paper's convention), white where undecided; continuous
// fields use the perceptually uniform sequential map over their 0.5–99.5 percentile range.
#include <cstdint>
#include <string>
#include <vector>

#include "gdchaos/output/colormap.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos {

/// What `color` (status | attractor | norm2 | imbalance | sharpness | steps | coord) maps onto the
/// sequential colour map, and over which range (recorded in meta.json so a colour bar can be drawn).
struct ColourScale {
  double lo = 0, hi = 1;
  bool log_scale = false;  ///< steps: coloured by log10
};

/// True for the colourings that need a range (not status or attractor).
bool continuous_colouring(const std::string& color);
/// The number a continuous colouring shows at a pixel (log10 of the steps for "steps"); NaN where it
/// shows none (a field of a pixel that did not converge).
double colour_value(const std::string& color, Status status, float field, std::int32_t steps);
/// The robust range of sampled values: their 0.5 and 99.5 percentiles (a few extreme pixels near
/// the boundary would otherwise squash the picture into one colour).
ColourScale colour_scale(std::vector<float> values, bool log_scale);
/// The colour of one pixel.
Rgb pixel_colour(const std::string& color, const ColourScale& scale, Status status, std::int16_t attractor,
                 double value);

/// pixel_colour(color, scale, status, attractor, colour_value(color, status, field, steps)) with
/// the colouring looked up once, for the millions of pixels of one image.
class PixelPainter {
 public:
  PixelPainter(const std::string& color, ColourScale scale);
  Rgb operator()(Status status, std::int16_t attractor, float field, std::int32_t steps) const;
  /// What the painter reads besides status and attractor: steps.npy, or the field named `color`.
  bool reads_steps() const { return kind_ == Kind::steps; }
  bool reads_field() const { return kind_ == Kind::field; }

 private:
  enum class Kind { status, attractor, steps, field };
  Kind kind_;
  ColourScale scale_;
};

}  // namespace gdchaos
