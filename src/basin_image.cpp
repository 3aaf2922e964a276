#include "gdchaos/basin_image.hpp"

#include <algorithm>
#include <cmath>

namespace gdchaos {

namespace {

Rgb status_color(Status s) {
  switch (s) {
    case Status::converged: return categorical_color(0);
    case Status::other_critical: return categorical_color(2);
    case Status::diverged: return kNoConvergenceGrey;
    case Status::outside_domain: return Rgb{40, 40, 40};
    default: return kUndecidedColor;
  }
}

// Robust range of the finite values: the 0.5 and 99.5 percentiles (a few extreme pixels near the
// boundary would otherwise squash the whole picture into one colour).
std::pair<double, double> robust_range(std::vector<double> v) {
  if (v.empty()) return {0, 1};
  const auto k_lo = static_cast<std::ptrdiff_t>(0.005 * static_cast<double>(v.size() - 1));
  const auto k_hi = static_cast<std::ptrdiff_t>(0.995 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k_lo, v.end());
  const double lo = v[k_lo];
  std::nth_element(v.begin(), v.begin() + k_hi, v.end());
  const double hi = v[k_hi];
  return {lo, hi > lo ? hi : lo + 1};
}

}  // namespace

BasinImage basin_image(const BasinMap& map, const std::string& color) {
  const std::int64_t W = map.width, H = map.height;
  BasinImage image;
  image.pixels.resize(map.pixels());
  auto put = [&](std::int64_t px, Rgb c) { image.pixels[(H - 1 - px / W) * W + px % W] = c; };

  if (color == "status") {
    for (std::int64_t px = 0; px < map.pixels(); ++px) put(px, status_color(static_cast<Status>(map.status[px])));
    return image;
  }
  if (color == "attractor") {
    for (std::int64_t px = 0; px < map.pixels(); ++px) {
      const auto s = static_cast<Status>(map.status[px]);
      put(px, is_converged(s) && map.attractor[px] >= 0 ? categorical_color(map.attractor[px]) : status_color(s));
    }
    return image;
  }

  const bool steps = color == "steps";
  const std::vector<float>* field = color == "norm2"       ? &map.norm2
                                    : color == "imbalance" ? &map.imbalance
                                    : color == "sharpness" ? &map.sharpness
                                    : color == "coord"     ? &map.coord
                                                           : nullptr;
  // Iteration counts span decades: colour them on a log scale, for every status (escape time).
  auto value = [&](std::int64_t px) {
    return steps ? std::log10(static_cast<double>(std::max(map.steps[px], 1))) : static_cast<double>((*field)[px]);
  };
  std::vector<double> finite;
  for (std::int64_t px = 0; px < map.pixels(); ++px)
    if (steps || is_converged(static_cast<Status>(map.status[px]))) {
      const double v = value(px);
      if (std::isfinite(v)) finite.push_back(v);
    }
  const auto [lo, hi] = robust_range(std::move(finite));
  image.lo = steps ? std::pow(10.0, lo) : lo;
  image.hi = steps ? std::pow(10.0, hi) : hi;
  image.log_scale = steps;
  for (std::int64_t px = 0; px < map.pixels(); ++px) {
    const auto s = static_cast<Status>(map.status[px]);
    if (!steps && !is_converged(s)) {
      put(px, status_color(s));
      continue;
    }
    put(px, sequential_color((value(px) - lo) / (hi - lo)));
  }
  return image;
}

}  // namespace gdchaos
