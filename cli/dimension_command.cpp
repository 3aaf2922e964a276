// gdchaos dimension: box-counting dimension of a boundary in a rendered map (docs/dimension.md).
// Exit codes: 0 an estimate, 3 the data cannot support one (JSON with "dimension": null and a
// "reason"), 2 bad input (one line on stderr, nothing written), 1 anything else (e.g. plotting).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/dimension_report.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/io/output_file.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/recipe/recipe.hpp"
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

}  // namespace

Command add_dimension_command(CLI::App& app) {
  auto* sub = app.add_subcommand("dimension", "Box-counting dimension of a basin boundary in a `gdchaos basin` output");
  auto args = std::make_shared<DimensionArgs>();
  sub->add_option("DIR", args->dir, "output directory of gdchaos basin (status.npy, attractor.npy, meta.json)")
      ->check(non_empty())
      ->required();
  sub->add_option("--boundary", args->boundary, "converged | attractor:K | label | diverged (diverged vs not: networks' trainability) (default converged)");
  sub->add_option("--fit", args->fit, "lo,hi: fit over these box sizes in pixels (powers of two) instead of the automatic range");
  sub->add_option("--plot", args->plot, "log-log plot (PNG); default DIR/dimension.png")->check(non_empty());
  add_quiet_flag(sub, args->quiet, "no summary line on stderr");
  add_force_flag(sub, args->force, "replace a plot (and its .json record) that gdchaos wrote earlier");

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
    if (selection.kind != BoundarySelection::Kind::converged) {
      map.open("attractor");
      if (selection.kind == BoundarySelection::Kind::attractor) {
        const auto n = meta.contains("attractors") && meta["attractors"].is_array() ? meta["attractors"].size() : 0;
        if (static_cast<std::size_t>(selection.attractor) >= n)
          throw InputError("--boundary " + selection.name() + ": this map has " + std::to_string(n) +
                           " attractor ids (meta.json's attractors)");
      }
    }
    const auto report = measure_dimension(map, selection, options);
    const auto& estimate = report.estimate;
    json out = report;
    out["source"] = dir;  // as given: a report that moves keeps a valid relative path
    out["plane"] = meta.contains("plane") ? meta["plane"] : json(nullptr);
    out["recipe"] = meta["recipe"];

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
