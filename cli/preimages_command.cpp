// gdchaos preimages: the measure-zero basins (of the saddle, of unstable minimizers) as curves
// traced backwards through every real preimage branch of GD, and the preimage copies of a
// quotient-plane boundary under F (Proposition 3). d = 1, plain GD.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/analysis/quotient_copies.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/reduced_map.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/output_file.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/core/status.hpp"
#include "gdchaos/version.hpp"
#include "number_options.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace fs = std::filesystem;

namespace {

struct PreimagesArgs {
  RecipeFlags flags;
  std::string preset, kind, window, region, from, out;
  int depth = -1, seeds = 256;
  double spacing = 0;
  long long max_points = 2'000'000;
  bool force = false, quiet = false;
};

Window parse_window(const std::string& text, const std::string& what) {
  const auto w = parse_number_list(text, what);
  if (w.size() != 4 || !(w[1] > w[0]) || !(w[3] > w[2]))
    throw InputError("--" + what + ": expected a0,a1,b0,b1 with a0 < a1 and b0 < b1");
  return {w[0], w[1], w[2], w[3]};
}

nlohmann::json window_json(const Window& w) { return {w.a0, w.a1, w.b0, w.b1}; }

nlohmann::json problem_json(const Problem& p) {
  return {{"y", p.y()}, {"eta", p.eta}, {"data_coef", p.data_coef}, {"reg_coef", p.reg_coef},
          {"lambda", p.lambda_equivalent()}, {"rho", ReducedMap(p).rho}, {"c", ReducedMap(p).c}};
}


std::vector<fs::path> inputs_of(const PreimagesArgs& args) {
  std::vector<fs::path> inputs;
  if (!args.preset.empty()) inputs = recipe_inputs(args.flags.recipe(args.preset), args.preset);
  if (!args.from.empty()) inputs.emplace_back(args.from);
  return inputs;
}

nlohmann::json curves(const PreimagesArgs& args, std::vector<double>& rows) {
  if (!args.from.empty()) throw InputError("--from is for --kind quotient-copies");
  if (args.depth < 0) throw InputError("--depth is required (the number of preimage steps)");
  const Problem problem = problem_from_recipe(args.flags.recipe(args.preset));
  BackwardOptions opt;
  opt.depth = args.depth;
  opt.window = args.window.empty() ? Window{-4, 4, -4, 4} : parse_window(args.window, "window");
  opt.region = args.region.empty() ? default_region(opt.window) : parse_window(args.region, "region");
  opt.seeds = args.seeds;
  opt.spacing = args.spacing;
  opt.max_points = args.max_points;
  const double extent = std::max({std::abs(opt.region.a0), std::abs(opt.region.a1), std::abs(opt.region.b0),
                                  std::abs(opt.region.b1)});
  const Seeds seeds = args.kind == "saddle" ? saddle_seeds(problem) : unstable_minimizer_seeds(problem, extent);
  const auto result = backward_curves(problem, seeds, opt);
  rows.reserve(3 * result.points.size());
  for (const auto& p : result.points) rows.insert(rows.end(), {p.u, p.v, static_cast<double>(p.depth)});
  return {{"columns", {"u", "v", "depth"}},
          {"problem", problem_json(problem)},
          {"seeds", {{"curves", seeds.curves.size()}, {"note", seeds.note}, {"initial_samples", opt.seeds}}},
          {"depth", opt.depth},
          {"depth_completed", result.depth_completed},
          {"capped", result.capped},
          {"max_points", opt.max_points},
          {"points", result.points.size()},
          {"per_depth", result.per_depth},
          {"per_branch", result.per_branch},
          {"held", result.held},
          {"spacing", result.spacing},
          {"window", window_json(opt.window)},
          {"region", window_json(result.region)}};
}

nlohmann::json quotient_copies(const PreimagesArgs& args, std::vector<double>& rows) {
  if (args.from.empty()) throw InputError("--kind quotient-copies needs --from DIR (a gdchaos basin --plane quotient output)");
  if (!args.preset.empty()) throw InputError("--kind quotient-copies takes its problem from --from, not --preset");
  if (args.depth != -1 && args.depth != 1) throw InputError("--kind quotient-copies is one preimage step: --depth 1");
  BasinReader map(args.from);
  nlohmann::json recipe = map.meta()["recipe"];
  recipe.erase("description");  // as --preset reads a meta.json's recipe
  const auto job = basin_job_from_recipe(args.flags.recipe_over(std::move(recipe)));
  if (!job.is_quotient()) throw InputError("--from " + args.from + ": not a quotient-plane render (--plane quotient)");
  if (map.height() != job.grid.height || map.width() != job.grid.width)
    throw InputError("--from " + args.from + ": status.npy does not match meta.json's resolution");
  QuotientCopiesOptions opt;
  opt.window = args.window.empty() ? job.grid.window : parse_window(args.window, "window");
  opt.max_points = args.max_points;  // the memory checked up front
  auto copies = gdchaos::quotient_copies(job, map, opt);
  rows = std::move(copies.rows);
  nlohmann::json counts = nlohmann::json::object();
  for (auto [n, k] : copies.preimage_counts) counts[std::to_string(n)] = k;
  return {{"columns", {"z", "w", "branch"}},
          {"problem", problem_json(job.problem)},
          {"from", args.from},
          {"boundary_pixels", copies.boundary_pixels},
          {"preimage_counts", counts},
          {"points", rows.size() / 3},
          {"per_branch", copies.per_branch},
          {"window", window_json(opt.window)},
          {"max_points", args.max_points},
          {"capped", copies.capped}};
}

}  // namespace

Command add_preimages_command(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "preimages", "Measure-zero basins as curves: the preimage tree of the saddle's or the unstable minimizers' stable "
                   "set (d = 1), or the preimage copies of a quotient-plane boundary under F");
  auto args = std::make_shared<PreimagesArgs>();
  args->flags.add(sub, problem_flags());
  sub->add_option("--kind", args->kind, "saddle | unstable-minimizers | quotient-copies")->required();
  add_integer_option(sub, "depth", args->depth, 0, 100000, "preimage steps from the seeds (quotient-copies: 1)");
  sub->add_option("--window", args->window, "a0,a1,b0,b1: the points kept, in (u, v) (default -4,4,-4,4; "
                                            "quotient-copies: (z, w), default the render's window)");
  sub->add_option("--region", args->region, "a0,a1,b0,b1: where the tree is followed (default: the window grown threefold)");
  add_integer_option(sub, "seeds", args->seeds, 2, 10'000'000,
                     "initial samples per seed curve, refined down to --spacing (default 256)");
  add_number_option(sub, "spacing", args->spacing, [](double x) { return x >= 0; }, ">= 0",
                    "largest gap between neighbours on a branch (default: window side / 2048)");
  add_integer_option(sub, "max-points", args->max_points, 1, 200'000'000, "cap on the points written (default 2000000)");
  sub->add_option("--from", args->from, "quotient-copies: a gdchaos basin --plane quotient output directory")->check(non_empty());
  add_preset_option(sub, args->preset, "a preset name or .json file for the problem");
  add_out_option(sub, args->out, "output .npy: float64 (N, 3), rows u, v, depth (quotient-copies: z, w, branch)");
  add_force_flag(sub, args->force, "replace an existing output file");
  add_quiet_flag(sub, args->quiet, "print nothing but the JSON summary");
  auto run = [args]() -> int {
    const auto start = std::chrono::steady_clock::now();
    if (args->kind != "saddle" && args->kind != "unstable-minimizers" && args->kind != "quotient-copies")
      throw InputError("--kind must be saddle, unstable-minimizers or quotient-copies, not '" + args->kind + "'");
    const auto inputs = inputs_of(*args);
    check_output_file(args->out, args->force, inputs);
    if (args->seeds < 2 || args->seeds > 10'000'000) throw InputError("--seeds must be in [2, 10000000]");
    if (args->max_points < 1 || args->max_points > 200'000'000) throw InputError("--max-points must be in [1, 200000000]");
    if (!(args->spacing >= 0) || !std::isfinite(args->spacing)) throw InputError("--spacing must be a number >= 0");
    // Memory for --max-points before any work: the rows written (24 bytes a point) and, for the
    // curves, the preimage tree behind them.
    {
      BackwardOptions bounds;
      bounds.max_points = args->max_points;
      const std::int64_t tree = args->kind == "quotient-copies" ? 0 : backward_curves_memory_bytes(bounds);
      require_memory(args->max_points * 24 + tree, "--max-points " + std::to_string(args->max_points));
    }
    // Staged (and locked against a second run) from here on; moved into place at the end, so a
    // failed run leaves no file that looks complete.
    OutputFile out(args->out, args->force, inputs);
    std::vector<double> rows;
    auto summary = args->kind == "quotient-copies" ? quotient_copies(*args, rows) : curves(*args, rows);
    npy::write<double>(out.path(), rows, {static_cast<std::int64_t>(rows.size() / 3), 3});
    out.commit();
    summary["kind"] = args->kind;
    summary["out"] = args->out;
    summary["shape"] = {rows.size() / 3, 3};
    summary["gdchaos_version"] = kVersion;
    summary["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!args->quiet)
      std::fprintf(stderr, "gdchaos preimages: %zu points written to %s%s\n", rows.size() / 3, args->out.c_str(),
                   summary.value("capped", false) ? " (capped)" : "");
    std::printf("%s\n", summary.dump(2).c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
