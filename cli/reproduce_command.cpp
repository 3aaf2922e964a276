// gdchaos reproduce: every figure of the paper from the engine's output, with one command.
//
// The figures, their steps per quality and their captions are data: figures/catalogue.json
// (figure_catalogue.hpp). Most steps are gdchaos commands (run as child processes, so the report
// can show exactly what made each panel; child_process.hpp forwards an interrupt to them); the
// builtins below are computed here (GD⁶ preimages for Fig. 1 right, the column-wise prediction of
// Proposition 5). python/plots/report.py then draws the figures (PNG and SVG) and writes
// index.html, reading the same catalogue from the report directory.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/iterates.hpp"
#include "gdchaos/analysis/orthogonal.hpp"
#include "gdchaos/analysis/prediction_agreement.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/version.hpp"
#include "child_process.hpp"
#include "figure_catalogue.hpp"
#include "plot.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  close_checked(f, path);
}

/// Preimages of small discs under GD^k on a render's grid (Fig. 1 right): for each named centre
/// and each k in `iterates`, OUT/<name>_gd<k>.npy marks the starts whose k-th iterate lies in the disc.
json ball_preimages(const json& step, const fs::path& root) {
  const BasinJob job = basin_job_from_recipe(step.at("recipe"));
  const SlicePoints points(job.plane(), job.grid);
  const fs::path out_dir = root / step.at("out").get<std::string>();
  const double radius = step.at("radius");
  const auto iterates = step.at("iterates").get<std::vector<int>>();
  json out = json::object();
  for (const auto& [name, centre_json] : step.at("centres").items()) {
    const auto centre = centre_json.get<std::vector<double>>();
    for (int k : iterates) {
      const auto mask = preimage_of_ball(job.problem, points, k, centre, radius);
      const std::string key = name + "_gd" + std::to_string(k);
      npy::write<std::uint8_t>(out_dir / (key + ".npy"), mask, {job.grid.height, job.grid.width});
      std::int64_t n = 0;
      for (auto m : mask) n += m;
      out[key + "_pixels"] = n;
    }
    out[name + "_centre"] = centre;
  }
  out["radius"] = radius;
  out["steps"] = iterates.empty() ? 0 : iterates.back();
  return out;
}

/// Proposition 5: the matrix problem rendered over a slice whose columns stay orthogonal
/// (OUT/basin), the column-wise prediction (OUT/predicted.npy), and how well they agree.
json orthogonal_columns(const json& step, const fs::path& root) {
  const fs::path out_dir = root / step.at("out").get<std::string>();
  const std::string plane_file = step.at("out").get<std::string>() + "/plane.json";
  // The slice goes into a plane file, so OUT/basin/meta.json re-runs the render (from the
  // report's directory) like any other.
  const Plane plane = orthogonal_plane(step.at("columns"), step.at("plane_seed"));
  fs::create_directories(out_dir);
  write_text(root / plane_file,
             json{{"base", plane.base}, {"dir1", plane.dir1}, {"dir2", plane.dir2}}.dump(2) + '\n');
  json recipe = step.at("recipe");
  recipe["plane"] = (root / plane_file).string();
  BasinJob job = basin_job_from_recipe(recipe);
  (*job.recipe)["plane"] = plane_file;
  const auto map = job.render();
  {
    OutputDir basin(out_dir / "basin", false);
    write_basin_output(basin, job, map);
    basin.commit();
  }
  const auto predicted = orthogonal_prediction(job.problem, job.plane(), job.grid);
  npy::write<std::uint8_t>(out_dir / "predicted.npy", predicted, {job.grid.height, job.grid.width});
  const auto agreement = prediction_agreement(predicted, map.status);
  return json{{"pixels_predicted", agreement.predicted}, {"pixels_agreeing", agreement.agreeing},
              {"fraction_agreeing", agreement.fraction()}};
}

using Builtin = std::function<json(const json& step, const fs::path& root)>;
const std::map<std::string, Builtin> kBuiltins = {{"ball_preimages", ball_preimages},
                                                  {"orthogonal_columns", orthogonal_columns}};

std::vector<std::string> words(const std::string& args) {  // the steps' words hold no spaces
  std::vector<std::string> out;
  for (std::size_t a = 0, b; a < args.size(); a = b + 1) {
    b = std::min(args.find(' ', a), args.size());
    if (b > a) out.push_back(args.substr(a, b - a));
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Command add_reproduce_command(CLI::App& app) {
  auto* sub = app.add_subcommand("reproduce", "Regenerate the paper's figures from the engine, with an HTML report");
  struct Args {
    bool all = false, force = false, quiet = false;
    std::vector<std::string> figs;
    std::string out, quality = "default";
  };
  auto args = std::make_shared<Args>();
  sub->add_flag("--all", args->all, "every figure");
  sub->add_option("--fig", args->figs, "a figure: 1, 2, 3, 4, 5, 6, 7, prop5 or sd (the trainability plane) (repeatable)");
  sub->add_option("--quality", args->quality, "draft (seconds) | default (minutes) | high (for print)");
  add_out_option(sub, args->out, "report directory: index.html, fig*.png/svg, data/");
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_quiet_flag(sub, args->quiet, "no progress lines on stderr");
  auto run = [args]() -> int {
    const auto all = catalogue_figures(args->quality);
    std::set<std::string> wanted;
    for (auto f : args->figs) wanted.insert(f.rfind("fig", 0) == 0 || f == "prop5" || f == "sd" ? f : "fig" + f);
    if (!args->all && wanted.empty()) throw InputError("say which figures: --all or --fig N");
    for (const auto& w : wanted)
      if (std::none_of(all.begin(), all.end(), [&](const CatalogueFigure& f) { return f.id == w; })) {
        std::string known;
        for (const auto& f : all) known += (known.empty() ? "" : ", ") + f.id;
        throw InputError("--fig: unknown figure '" + w + "' (" + known + ")");
      }
    OutputDir dir(args->out, args->force);
    const fs::path root = dir.path();
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    json report = {{"gdchaos_version", kVersion}, {"quality", args->quality}, {"figures", json::array()},
                   {"command", std::string("gdchaos reproduce ") + (args->all ? "--all" : "--fig …") +
                                   " --quality " + args->quality + " --out " + args->out}};
    const auto started = std::chrono::steady_clock::now();
    for (const auto& fig : all) {
      if (!args->all && !wanted.count(fig.id)) continue;
      json entry = {{"id", fig.id}, {"steps", json::array()}};
      fs::create_directories(root / "data" / fig.id);
      fs::create_directories(root / "logs");
      int k = 0;
      for (const auto& step : fig.steps) {
        if (!step.builtin.empty()) {
          if (!args->quiet) std::fprintf(stderr, "[%s] %s\n", fig.id.c_str(), step.description.c_str());
          const auto t0 = std::chrono::steady_clock::now();
          entry["internal"] = kBuiltins.at(step.builtin)(step.parameters, root);
          entry["steps"].push_back(
              {{"command", "(in gdchaos reproduce) " + step.description}, {"seconds", seconds_since(t0)}});
          continue;
        }
        if (!args->quiet) std::fprintf(stderr, "[%s] gdchaos %s\n", fig.id.c_str(), step.run.c_str());
        const fs::path log = root / "logs" / (fig.id + "_" + std::to_string(k++) + ".stderr");
        std::vector<std::string> argv = {self};
        for (auto& w : words(step.run)) argv.push_back(std::move(w));
        const auto t0 = std::chrono::steady_clock::now();
        const int code = run_child(argv, {root, step.stdout_file.empty() ? fs::path() : root / step.stdout_file, log, {}});
        const double secs = seconds_since(t0);
        if (!step.ok_exit_codes.count(code)) {
          std::ifstream in(log);
          std::string first;
          std::getline(in, first);
          throw std::runtime_error("gdchaos " + step.run + " failed (exit " + std::to_string(code) + "): " + first);
        }
        entry["steps"].push_back({{"command", "gdchaos " + step.run}, {"seconds", secs}, {"exit_code", code},
                                  {"stdout", step.stdout_file}});
      }
      report["figures"].push_back(entry);
    }
    report["seconds"] = seconds_since(started);
    dir.write_json("report.json", report);
    // report.py reads the captions and plot functions from the catalogue these figures came from.
    write_text(root / "catalogue.json", figure_catalogue_text());
    if (!args->quiet) std::fprintf(stderr, "drawing the figures and index.html\n");
    run_plot_script("report", {root.string()});
    dir.commit();
    if (!args->quiet) std::fprintf(stderr, "wrote %s/index.html\n", args->out.c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
