#pragma once
// basin.png: one image pixel per map pixel, β upward (row 0 of the image is the largest β).
#include <string>
#include <vector>

#include "gdchaos/colormap.hpp"
#include "gdchaos/render.hpp"

namespace gdchaos {

struct BasinImage {
  std::vector<Rgb> pixels;  ///< top row first
  /// For continuous colourings, the value range mapped onto the colour map (and whether the scale is
  /// logarithmic); recorded in meta.json so a colour bar can be drawn from it.
  double lo = 0, hi = 0;
  bool log_scale = false;
};

/// Colours by `color` ∈ status | attractor | norm2 | imbalance | sharpness | steps | coord:
/// grey where GD did not converge (diverged), white where it is undecided; continuous fields use
/// the sequential map over their 0.5–99.5 percentile range.
BasinImage basin_image(const BasinMap& map, const std::string& color);

}  // namespace gdchaos
