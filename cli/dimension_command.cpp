// gdchaos dimension: box-counting dimension of a boundary in a rendered map (docs/dimension.md).
// Exit codes: 0 an estimate, 3 the data cannot support one (JSON with "dimension": null and a
// "reason"), 2 bad input (one line on stderr, nothing written), 1 anything else (e.g. plotting).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/analysis/box_counting.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/io/output_file.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/core/status.hpp"
#include "plot.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct DimensionArgs {
  std::string dir, boundary = "converged", fit, plot;
  bool quiet = false, force = false;
};

std::pair<std::int64_t, std::int64_t> parse_fit(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    throw InputError("--fit needs two box sizes in pixels, lo,hi (e.g. 4,256)");
  // box sizes are integers, parsed exactly ("4.0" or "0x4" are refused)
  const std::int64_t lo = parse_integer(text.substr(0, comma), "--fit", 1, 1 << 30);
  const std::int64_t hi = parse_integer(text.substr(comma + 1), "--fit", 1, 1 << 30);
  auto power_of_two = [](std::int64_t x) { return (x & (x - 1)) == 0; };
  if (!power_of_two(lo) || !power_of_two(hi))
    throw InputError("--fit " + text + ": box sizes are powers of two (1, 2, 4, …)");
  if (hi < 8 * lo) throw InputError("--fit " + text + ": needs hi ≥ 8·lo (at least 4 box sizes)");
  return {lo, hi};
}

json to_json(const DimensionEstimate& e, const BoundarySelection& sel, const json& meta, std::int64_t width,
             std::int64_t height) {
  json counts = json::array(), slopes = json::array();
  for (const auto& c : e.counts) counts.push_back({{"box_size", c.box_size}, {"count", c.count}, {"per_offset", c.per_offset}});
  for (const auto& s : e.local_slopes)
    slopes.push_back({{"from", s.from}, {"to", s.to}, {"slope", std::isfinite(s.slope) ? json(s.slope) : json(nullptr)},
                      {"offset_spread", s.spread}, {"tolerance", s.tolerance}});
  json out = {{"command", "dimension"}, {"boundary", sel.name()}, {"dimension", nullptr}};
  // Pixel size in plane units, from meta.json's window.
  double dx = NAN, dy = NAN;
  json window = nullptr;
  if (meta.contains("grid") && meta["grid"].contains("window") && meta["grid"]["window"].size() == 4) {
    window = meta["grid"]["window"];
    dx = (window[1].get<double>() - window[0].get<double>()) / static_cast<double>(width);
    dy = (window[3].get<double>() - window[2].get<double>()) / static_cast<double>(height);
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
  out["resolution"] = {width, height};
  out["window"] = window;
  if (std::isfinite(dx)) out["pixel_size"] = {dx, dy};
  out["plane"] = meta.contains("plane") ? meta["plane"] : json(nullptr);
  out["recipe"] = meta.contains("recipe") ? meta["recipe"] : json(nullptr);
  out["method"] = "boxes of 2^k px on offsets {0, s/2}^2, N(s) = min over offsets; D = OLS slope of -log N vs log s";
  return out;
}

}  // namespace

Command add_dimension_command(CLI::App& app) {
  auto* sub = app.add_subcommand("dimension", "Box-counting dimension of a basin boundary in a `gdchaos basin` output");
  auto args = std::make_shared<DimensionArgs>();
  sub->add_option("DIR", args->dir, "output directory of gdchaos basin (status.npy, attractor.npy, meta.json)")
      ->check(non_empty())
      ->required();
  sub->add_option("--boundary", args->boundary, "converged | attractor:K | label (default converged)");
  sub->add_option("--fit", args->fit, "lo,hi: fit over these box sizes in pixels (powers of two) instead of the automatic range");
  sub->add_option("--plot", args->plot, "log-log plot (PNG); default DIR/dimension.png")->check(non_empty());
  sub->add_flag("--quiet", args->quiet, "no summary line on stderr");
  sub->add_flag("--force", args->force, "replace a plot (and its .json record) that gdchaos wrote earlier");

  auto run = [args]() -> int {
    const fs::path dir = args->dir;
    if (!fs::is_directory(dir)) throw InputError(dir.string() + ": no such directory");
    const auto selection = BoundarySelection::parse(args->boundary);
    DimensionOptions options;
    if (!args->fit.empty()) options.fit = parse_fit(args->fit);
    fs::path png = args->plot.empty() ? dir / "dimension.png" : fs::path(args->plot);
    if (png.extension() != ".png") throw InputError("--plot " + png.string() + ": the plot is a .png file");
    // The plot's JSON record goes beside it; neither may replace what this run reads.
    fs::path json_file = png;
    json_file.replace_extension(".json");
    const std::vector<fs::path> inputs = {dir / "meta.json", dir / "status.npy", dir / "attractor.npy"};
    check_output_file(png, args->force, inputs, "--plot");
    check_output_file(json_file, args->force, inputs, "--plot");
    BasinReader map(dir);
    const json& meta = map.meta();
    const std::int64_t width = map.width(), height = map.height();
    const bool labels = selection.kind != BoundarySelection::Kind::converged;
    if (labels) {
      map.open("attractor");
      if (selection.kind == BoundarySelection::Kind::attractor) {
        const auto n = meta.contains("attractors") && meta["attractors"].is_array() ? meta["attractors"].size() : 0;
        if (static_cast<std::size_t>(selection.attractor) >= n)
          throw InputError("--boundary " + selection.name() + ": this map has " + std::to_string(n) +
                           " attractor ids (meta.json's attractors)");
      }
    }
    // The map is streamed in bands of rows (about 32 MiB of status and attractor at a time): the
    // boundary needs only neighbouring rows and the box counts are kept per row of boxes, so a map
    // of any size is measured in bounded memory.
    BoundaryStream stream(width, height, selection);
    std::int64_t undecided = 0;
    {
      const std::int64_t band = map.band_rows(3);
      std::vector<std::uint8_t> s;
      std::vector<std::int16_t> a;
      for (std::int64_t first = 0; first < height; first += band) {
        const std::int64_t rows = std::min(band, height - first);
        s.resize(static_cast<std::size_t>(rows * width));
        map.read_status(first, rows, s);
        if (labels) {
          a.resize(s.size());
          map.read_attractor(first, rows, a);
        }
        stream.add_rows(s, a);
        for (auto v : s) undecided += v == static_cast<std::uint8_t>(Status::undecided);
      }
    }

    const auto estimate = stream.estimate(options);
    json out = to_json(estimate, selection, meta, width, height);
    out["source"] = dir;  // as given: a report that moves keeps a valid relative path
    out["undecided_pixels"] = undecided;
    json warnings = json::array();
    if (undecided > 0 && selection.kind != BoundarySelection::Kind::attractor)
      warnings.push_back(std::to_string(undecided) + " undecided pixels take part in the boundary (" +
                         (selection.kind == BoundarySelection::Kind::converged ? "as not converged" : "as their own label") +
                         "); scattered ones are a point-like piece that flattens N(s) at large boxes — "
                         "a larger --max-iter in gdchaos basin decides slow orbits");
    out["warnings"] = warnings;

    if (!estimate.counts.empty()) {
      // The plot script reads the same JSON, kept beside the PNG as a record.
      out["plot"] = png.string();
      out["json"] = json_file.string();
      OutputFile png_out(png, args->force, inputs, "--plot"), json_out(json_file, args->force, inputs, "--plot");
      {
        std::ofstream f(json_out.path());
        f << out.dump(2) << "\n";
        close_checked(f, json_out.path());
      }
      run_plot_script("dimension", {json_out.path().string(), png_out.path().string()});
      json_out.commit();
      png_out.commit();
    }
    std::printf("%s\n", out.dump(2).c_str());
    if (!args->quiet) {
      if (estimate.supported)
        std::fprintf(stderr, "D = %.3f, 95%% CI [%.3f, %.3f], fit over s = %lld…%lld px (%s)\n", estimate.dimension,
                     estimate.ci_lo, estimate.ci_hi, static_cast<long long>(estimate.fit_lo),
                     static_cast<long long>(estimate.fit_hi), estimate.fit_automatic ? "automatic" : "given");
      else
        std::fprintf(stderr, "no estimate: %s\n", estimate.reason.c_str());
      for (const auto& w : out["warnings"]) std::fprintf(stderr, "warning: %s\n", w.get<std::string>().c_str());
    }
    return estimate.supported ? 0 : 3;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
