// gdchaos preimages: the measure-zero basins (of the saddle, of unstable minimizers) as curves
// traced backwards through every real preimage branch of GD, and the preimage copies of a
// quotient-plane boundary under F (Proposition 3). d = 1, plain GD.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/output_file.hpp"
#include "gdchaos/core/memory_budget.hpp"
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
          {"lambda", p.lambda_equivalent()}, {"rho", 1 - 2 * p.eta * p.reg_coef}, {"c", 2 * p.eta * p.data_coef}};
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
  const fs::path dir(args.from);
  if (!fs::exists(dir / "meta.json")) throw InputError("--from " + args.from + ": no meta.json there");
  const auto job = basin_job_from_recipe(args.flags.recipe((dir / "meta.json").string()));
  if (!job.is_quotient()) throw InputError("--from " + args.from + ": not a quotient-plane render (--plane quotient)");
  // status.npy streamed through a window of three rows (the row and its neighbours above and
  // below), so a map of any size is read in memory O(width).
  npy::RowReader<std::uint8_t> status(dir / "status.npy", "--from");
  if (status.info().shape.size() != 2 || status.info().shape[0] != job.grid.height ||
      status.info().shape[1] != job.grid.width)
    throw InputError("--from " + args.from + ": status.npy does not match meta.json's resolution");
  const Window window = args.window.empty() ? job.grid.window : parse_window(args.window, "window");
  const std::int64_t H = job.grid.height, W = job.grid.width;
  // 0: no class (undecided, outside the domain), 1: converged, 2: diverged
  auto cls_of = [](std::uint8_t s) { return s == 1 || s == 2 ? 1 : s == 3 ? 2 : 0; };
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(W));
  std::array<std::vector<int>, 3> window_rows;  // classes of rows i − 1, i, i + 1 (by i mod 3)
  for (auto& r : window_rows) r.assign(static_cast<std::size_t>(W), 0);
  auto load = [&](std::int64_t i) {
    status.read_rows(i, 1, raw);
    auto& r = window_rows[static_cast<std::size_t>(i % 3)];
    for (std::int64_t j = 0; j < W; ++j) r[static_cast<std::size_t>(j)] = cls_of(raw[static_cast<std::size_t>(j)]);
  };
  auto cls = [&](std::int64_t i, std::int64_t j) {
    return window_rows[static_cast<std::size_t>(i % 3)][static_cast<std::size_t>(j)];
  };
  std::int64_t boundary = 0;
  bool capped = false;
  std::vector<std::int64_t> per_branch;
  std::map<int, std::int64_t> root_counts;  // how many real preimages the boundary points have
  if (H > 0) load(0);
  for (std::int64_t i = 0; i < H; ++i) {
    if (i + 1 < H) load(i + 1);
    for (std::int64_t j = 0; j < W; ++j) {
      const int c = cls(i, j);
      if (c == 0) continue;
      bool edge = false;
      for (auto [di, dj] : {std::pair{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
        const auto a = i + di, b = j + dj;
        if (a < 0 || b < 0 || a >= H || b >= W) continue;
        const int n = cls(a, b);
        if (n != 0 && n != c) edge = true;
      }
      if (!edge) continue;
      ++boundary;
      const auto pre = quotient_preimages(job.problem, job.grid.alpha(j), job.grid.beta(i));
      ++root_counts[static_cast<int>(pre.size())];
      for (std::size_t b = 0; b < pre.size(); ++b) {
        const auto& p = pre[b];
        if (!(p.w >= 2 * std::abs(p.z)) || p.z < window.a0 || p.z > window.a1 || p.w < window.b0 || p.w > window.b1)
          continue;
        if (static_cast<long long>(rows.size() / 3) >= args.max_points) {  // the memory checked up front
          capped = true;
          continue;
        }
        rows.insert(rows.end(), {p.z, p.w, static_cast<double>(b)});
        if (per_branch.size() <= b) per_branch.resize(b + 1, 0);
        ++per_branch[b];
      }
    }
  }
  nlohmann::json counts = nlohmann::json::object();
  for (auto [n, k] : root_counts) counts[std::to_string(n)] = k;
  return {{"columns", {"z", "w", "branch"}},
          {"problem", problem_json(job.problem)},
          {"from", args.from},
          {"boundary_pixels", boundary},
          {"preimage_counts", counts},
          {"points", rows.size() / 3},
          {"per_branch", per_branch},
          {"window", window_json(window)},
          {"max_points", args.max_points},
          {"capped", capped}};
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
  sub->add_option("--preset", args->preset, "a preset name or .json file for the problem")->check(non_empty());
  sub->add_option("--out", args->out, "output .npy: float64 (N, 3), rows u, v, depth (quotient-copies: z, w, branch)")->check(non_empty())
      ->required();
  sub->add_flag("--force", args->force, "replace an existing output file");
  sub->add_flag("--quiet", args->quiet, "print nothing but the JSON summary");
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
