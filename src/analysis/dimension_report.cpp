#include "gdchaos/analysis/dimension_report.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "gdchaos/core/status.hpp"
#include "gdchaos/output/basin_reader.hpp"

namespace gdchaos {

using nlohmann::json;

DimensionReport measure_dimension(BasinReader& map, const BoundarySelection& selection, const DimensionOptions& options,
                                  std::int64_t band_bytes) {
  DimensionReport r;
  r.selection = selection;
  r.width = map.width();
  r.height = map.height();
  const json& meta = map.meta();
  if (meta.contains("grid") && meta["grid"].contains("window") && meta["grid"]["window"].size() == 4) {
    const auto& w = meta["grid"]["window"];
    r.window = {w[0].get<double>(), w[1].get<double>(), w[2].get<double>(), w[3].get<double>()};
  }
  // The boundary needs only neighbouring rows and the box counts are kept per row of boxes, so a
  // map of any size is measured in memory of a few bands (status and attractor: 3 bytes a pixel).
  const bool labels = selection.kind != BoundarySelection::Kind::converged;
  if (labels) map.open("attractor");
  BoundaryStream stream(r.width, r.height, selection);
  const std::int64_t band = map.band_rows(3, band_bytes);
  std::vector<std::uint8_t> s;
  std::vector<std::int16_t> a;
  for (std::int64_t first = 0; first < r.height; first += band) {
    const std::int64_t rows = std::min(band, r.height - first);
    s.resize(static_cast<std::size_t>(rows * r.width));
    map.read_status(first, rows, s);
    if (labels) {
      a.resize(s.size());
      map.read_attractor(first, rows, a);
    }
    stream.add_rows(s, a);
    for (auto v : s) r.undecided_pixels += v == static_cast<std::uint8_t>(Status::undecided);
  }
  r.estimate = stream.estimate(options);
  // On the diverged boundary undecided runs are on the trained side by definition: no warning.
  if (r.undecided_pixels > 0 && selection.kind != BoundarySelection::Kind::attractor &&
      selection.kind != BoundarySelection::Kind::diverged)
    r.warnings.push_back(std::to_string(r.undecided_pixels) + " undecided pixels take part in the boundary (" +
                         (selection.kind == BoundarySelection::Kind::converged ? "as not converged" : "as their own label") +
                         "); scattered ones are a point-like piece that flattens N(s) at large boxes — "
                         "a larger --max-iter in gdchaos basin decides slow orbits");
  return r;
}

void to_json(json& out, const DimensionReport& r) {
  const auto& e = r.estimate;
  json counts = json::array(), slopes = json::array();
  for (const auto& c : e.counts) counts.push_back({{"box_size", c.box_size}, {"count", c.count}, {"per_offset", c.per_offset}});
  for (const auto& s : e.local_slopes)
    slopes.push_back({{"from", s.from}, {"to", s.to}, {"slope", std::isfinite(s.slope) ? json(s.slope) : json(nullptr)},
                      {"offset_spread", s.spread}, {"tolerance", s.tolerance}});
  out = {{"command", "dimension"}, {"boundary", r.selection.name()}, {"dimension", nullptr}};
  // Pixel size in plane units, from the window.
  double dx = NAN, dy = NAN;
  if (r.window) {
    const auto& w = *r.window;
    dx = (w[1] - w[0]) / static_cast<double>(r.width);
    dy = (w[3] - w[2]) / static_cast<double>(r.height);
  }
  if (e.supported) {
    out["dimension"] = e.dimension;
    out["ci"] = {e.ci_lo, e.ci_hi};
    out["ci_level"] = 0.95;
    out["stderr"] = e.std_error;
    out["ci_parts"] = {{"t_quantile", e.t_quantile},
                       {"t_times_stderr", e.t_quantile * e.std_error},
                       {"offset_spread", e.offset_spread},
                       {"range_spread", e.range_spread},
                       {"rule", "half-width = t·stderr + offset_spread + range_spread"}};
    out["fit_range"] = {e.fit_lo, e.fit_hi};
    if (std::isfinite(dx))
      out["fit_range_plane"] = {{"alpha", {e.fit_lo * dx, e.fit_hi * dx}}, {"beta", {e.fit_lo * dy, e.fit_hi * dy}}};
    out["fit_sizes"] = e.fit_sizes;
    out["fit"] = e.fit_automatic ? "automatic" : "given";
    out["max_local_slope_deviation"] = e.max_deviation;
  } else {
    out["reason"] = e.reason;
  }
  out["counts"] = counts;
  out["local_slopes"] = slopes;
  out["boundary_pixels"] = e.boundary_pixels;
  out["isolated_pixels"] = e.isolated_pixels;
  out["resolution"] = {r.width, r.height};
  out["window"] = r.window ? json(*r.window) : json(nullptr);
  if (std::isfinite(dx)) out["pixel_size"] = {dx, dy};
  out["method"] = "boxes of 2^k px on offsets {0, s/2}^2, N(s) = min over offsets; D = OLS slope of -log N vs log s";
  out["undecided_pixels"] = r.undecided_pixels;
  out["warnings"] = r.warnings;
}

}  // namespace gdchaos
