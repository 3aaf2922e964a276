// gdchaos reproduce: every figure of the paper from the engine's output, with one command.
//
// Each figure is a list of steps. Most are gdchaos commands (run as child processes, so the
// report can show exactly what made each panel; child_process.hpp forwards an interrupt to them); two are computed here (GD⁶ preimages for Fig. 1
// right, the column-wise prediction of Proposition 5). python/plots/report.py then draws the
// figures (PNG and SVG) and writes index.html.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/analysis/iterates.hpp"
#include "gdchaos/analysis/orthogonal.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/version.hpp"
#include "child_process.hpp"
#include "plot.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Quality {
  std::string name;
  int basin, quotient, dense, depth, side, max_iter;
};

Quality quality(const std::string& name) {
  if (name == "draft") return {name, 96, 256, 40, 3, 16, 20000};
  if (name == "default") return {name, 1024, 4096, 320, 6, 64, 20000};
  if (name == "high") return {name, 2048, 8192, 640, 8, 128, 50000};
  throw InputError("--quality: expected draft, default or high, got '" + name + "'");
}

struct Step {
  std::string args;            ///< what follows `gdchaos` (paths relative to the report)
  std::string stdout_file;     ///< where its stdout goes (relative), or empty
  std::set<int> ok = {0};      ///< exit codes that count as success
};

struct Figure {
  std::string id;
  std::vector<Step> steps;
  /// Work done in this process (returns what the report should say about it).
  std::function<json(const fs::path& root)> internal;
  std::string internal_description;
};

std::string s(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::vector<Figure> figures(const Quality& q) {
  const std::string b = " --res " + std::to_string(q.basin) + " --max-iter " + std::to_string(q.max_iter) + " --quiet";
  const std::string depth = " --depth " + std::to_string(q.depth);
  std::vector<Figure> out;

  Figure f1{"fig1", {}, {}, {}};
  f1.steps.push_back({"basin --preset fig1" + b + " --out data/fig1/left", {}});
  f1.steps.push_back({"basin --y 1 --data-coef 1 --eta 0.45 --window -0.25,2.75,-0.25,2.75 --color norm2" + b +
                          " --out data/fig1/right",
                      {}});
  f1.internal_description =
      "GD⁶ preimages of the discs O_p (radius 0.08) around the balanced minimizer p = (1, 1) and the imbalanced "
      "minimizer (1.25, 0.8), on the same grid as data/fig1/right (library: preimage_of_ball)";
  f1.internal = [q](const fs::path& root) {
    Problem p;
    p.Y = {1.0}, p.data_coef = 1.0, p.eta = 0.45;
    const Grid grid{{-0.25, 2.75, -0.25, 2.75}, q.basin, q.basin};
    const SlicePoints points(coords_plane(2), grid);
    json out = json::object();
    for (const auto& [name, centre] : {std::pair{"balanced", std::vector<double>{1.0, 1.0}},
                                       std::pair{"imbalanced", std::vector<double>{1.25, 0.8}}}) {
      for (int k : {0, 6}) {
        const auto mask = preimage_of_ball(p, points, k, centre, 0.08);
        npy::write<std::uint8_t>(root / "data/fig1/right" / (std::string(name) + "_gd" + std::to_string(k) + ".npy"), mask,
                                 {grid.height, grid.width});
        std::int64_t n = 0;
        for (auto m : mask) n += m;
        out[std::string(name) + "_gd" + std::to_string(k) + "_pixels"] = n;
      }
      out[std::string(name) + "_centre"] = centre;
    }
    out["radius"] = 0.08;
    out["steps"] = 6;
    return out;
  };
  out.push_back(f1);

  const std::string fig2_problem = " --y 1 --data-coef 1 --eta 0.45";
  Figure f2{"fig2", {}, {}, {}};
  f2.steps.push_back({"basin --preset fig2" + b + " --out data/fig2/basin", {}});
  f2.steps.push_back({"preimages" + fig2_problem + " --kind saddle" + depth + " --window -3,3,-3,3 --quiet --out data/fig2/saddle.npy",
                      "data/fig2/saddle.json"});
  f2.steps.push_back({"preimages" + fig2_problem + " --kind unstable-minimizers" + depth +
                          " --window -3,3,-3,3 --quiet --out data/fig2/unstable.npy",
                      "data/fig2/unstable.json"});
  f2.steps.push_back({"sensitivity" + fig2_problem + " --side " + std::to_string(q.side) +
                          " --max-iter 100000 --out data/fig2/sensitivity",
                      "data/fig2/sensitivity.json"});
  out.push_back(f2);

  const std::string fig3_problem = " --y 0.5 --lambda 0.2 --eta 1";
  Figure f3{"fig3", {}, {}, {}};
  f3.steps.push_back({"basin" + fig3_problem + " --plane quotient --window -3,3,0,6 --res " + std::to_string(q.quotient) +
                          " --max-iter " + std::to_string(q.max_iter) + " --quiet --out data/fig3/quotient",
                      {}});
  f3.steps.push_back({"preimages" + fig3_problem + " --kind quotient-copies --from data/fig3/quotient --quiet --out data/fig3/copies.npy",
                      "data/fig3/copies.json"});
  f3.steps.push_back({"basin --preset fig3" + b + " --out data/fig3/basin", {}});
  // --plot keeps its JSON record beside the PNG: data/fig3/dimension.json
  f3.steps.push_back({"dimension data/fig3/quotient --boundary converged --quiet --plot data/fig3/dimension.png", {}, {0, 3}});
  f3.steps.push_back({"uncertainty data/fig3/basin --boundary convergence --quiet", "data/fig3/uncertainty.json", {0}});
  out.push_back(f3);

  Figure f4{"fig4", {}, {}, {}};
  const std::pair<const char*, double> lambdas[] = {{"a", 0.0}, {"b", 0.01}, {"c", 0.1}, {"d", 0.5}};
  for (const auto& [tag, lambda] : lambdas) {
    f4.steps.push_back({std::string("basin --preset fig4") + tag + b + " --out data/fig4/" + tag, {}});
    f4.steps.push_back({"preimages --y 0.8 --eta 1.2 --lambda " + s(lambda) + " --kind saddle" + depth +
                            " --window -3,3,-3,3 --quiet --out data/fig4/saddle_" + tag + ".npy",
                        std::string("data/fig4/saddle_") + tag + ".json"});
  }
  out.push_back(f4);

  Figure f5{"fig5", {}, {}, {}};
  for (const char* tag : {"a", "b", "c", "d"})
    f5.steps.push_back({std::string("basin --preset fig5") + tag + " --res " + std::to_string(q.dense) + " --max-iter " +
                            std::to_string(q.max_iter) + " --quiet --out data/fig5/" + tag,
                        {}});
  out.push_back(f5);

  Figure f6{"prop5", {}, {}, {}};
  f6.internal_description =
      "Proposition 5: GD on U, V ∈ ℝ^{4×2} (Y = diag(1, 0.6), η = 0.7, dense engine) over a slice on which the columns "
      "stay orthogonal (library: orthogonal_plane, seed 4), against Theorem 1 applied to each column problem "
      "(library: orthogonal_prediction)";
  f6.internal = [q](const fs::path& root) {
    // The slice goes into a plane file, so data/prop5/basin/meta.json re-runs the render (from the
    // report's directory) like any other.
    const Plane plane = orthogonal_plane(2, 4);
    fs::create_directories(root / "data/prop5");
    {
      std::ofstream f(root / "data/prop5/plane.json");
      f << json{{"base", plane.base}, {"dir1", plane.dir1}, {"dir2", plane.dir2}}.dump(2) << '\n';
      close_checked(f, root / "data/prop5/plane.json");
    }
    json recipe = {{"d", 4},          {"target", {{1.0, 0.0}, {0.0, 0.6}}}, {"eta", 0.7},
                   {"engine", "dense"}, {"window", {-4, 4, -4, 4}},           {"res", q.dense},
                   {"max_iter", 100000}, {"plane", (root / "data/prop5/plane.json").string()}};
    BasinJob job = basin_job_from_recipe(recipe);
    job.recipe["plane"] = "data/prop5/plane.json";
    const Problem& p = job.problem;
    const auto map = job.render();
    {
      OutputDir basin(root / "data/prop5/basin", false);
      write_basin_output(basin, job, map);
      basin.commit();
    }
    const auto predicted = orthogonal_prediction(p, job.plane(), job.grid);
    npy::write<std::uint8_t>(root / "data/prop5/predicted.npy", predicted, {job.grid.height, job.grid.width});
    std::int64_t checked = 0, agree = 0;
    for (std::int64_t px = 0; px < map.pixels(); ++px) {
      if (predicted[px] == 0) continue;
      ++checked;
      const auto st = static_cast<Status>(map.status[px]);
      agree += predicted[px] == 1 ? is_converged(st) : st == Status::diverged;
    }
    return json{{"pixels_predicted", checked}, {"pixels_agreeing", agree},
                {"fraction_agreeing", checked ? static_cast<double>(agree) / checked : 0.0}};
  };
  out.push_back(f6);
  return out;
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
  sub->add_option("--fig", args->figs, "a figure: 1, 2, 3, 4, 5 or prop5 (repeatable)");
  sub->add_option("--quality", args->quality, "draft (seconds) | default (minutes) | high (for print)");
  sub->add_option("--out", args->out, "report directory: index.html, fig*.png/svg, data/")->check(non_empty())->required();
  sub->add_flag("--force", args->force, "replace a non-empty output directory");
  sub->add_flag("--quiet", args->quiet, "no progress lines on stderr");
  auto run = [args]() -> int {
    const Quality q = quality(args->quality);
    std::set<std::string> wanted;
    for (auto f : args->figs) wanted.insert(f.rfind("fig", 0) == 0 || f == "prop5" ? f : "fig" + f);
    if (!args->all && wanted.empty()) throw InputError("say which figures: --all or --fig N");
    auto all = figures(q);
    for (const auto& w : wanted)
      if (std::none_of(all.begin(), all.end(), [&](const Figure& f) { return f.id == w; }))
        throw InputError("--fig: unknown figure '" + w + "' (1, 2, 3, 4, 5, prop5)");
    OutputDir dir(args->out, args->force);
    const fs::path root = dir.path();
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    json report = {{"gdchaos_version", kVersion}, {"quality", q.name}, {"figures", json::array()},
                   {"command", std::string("gdchaos reproduce ") + (args->all ? "--all" : "--fig …") +
                                   " --quality " + q.name + " --out " + args->out}};
    const auto started = std::chrono::steady_clock::now();
    for (const auto& fig : all) {
      if (!args->all && !wanted.count(fig.id)) continue;
      json entry = {{"id", fig.id}, {"steps", json::array()}};
      fs::create_directories(root / "data" / fig.id);
      fs::create_directories(root / "logs");
      int k = 0;
      for (const auto& step : fig.steps) {
        if (!args->quiet) std::fprintf(stderr, "[%s] gdchaos %s\n", fig.id.c_str(), step.args.c_str());
        const fs::path log = root / "logs" / (fig.id + "_" + std::to_string(k++) + ".stderr");
        std::vector<std::string> argv = {self};
        for (std::size_t a = 0, b; a < step.args.size(); a = b + 1) {  // the steps' words hold no spaces
          b = std::min(step.args.find(' ', a), step.args.size());
          if (b > a) argv.push_back(step.args.substr(a, b - a));
        }
        const auto t0 = std::chrono::steady_clock::now();
        const int code = run_child(argv, {root, step.stdout_file.empty() ? fs::path() : root / step.stdout_file, log});
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!step.ok.count(code)) {
          std::ifstream in(log);
          std::string first;
          std::getline(in, first);
          throw std::runtime_error("gdchaos " + step.args + " failed (exit " + std::to_string(code) + "): " + first);
        }
        entry["steps"].push_back({{"command", "gdchaos " + step.args}, {"seconds", secs}, {"exit_code", code},
                                  {"stdout", step.stdout_file}});
      }
      if (fig.internal) {
        if (!args->quiet) std::fprintf(stderr, "[%s] %s\n", fig.id.c_str(), fig.internal_description.c_str());
        const auto t0 = std::chrono::steady_clock::now();
        entry["internal"] = fig.internal(root);
        entry["steps"].push_back(
            {{"command", "(in gdchaos reproduce) " + fig.internal_description},
             {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}});
      }
      report["figures"].push_back(entry);
    }
    report["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    dir.write_json("report.json", report);
    if (!args->quiet) std::fprintf(stderr, "drawing the figures and index.html\n");
    run_plot_script("report", {root.string()});
    dir.commit();
    if (!args->quiet) std::fprintf(stderr, "wrote %s/index.html\n", args->out.c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
