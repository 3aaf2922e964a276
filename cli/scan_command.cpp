// gdchaos scan: what GD does as the step size varies, from one start or over a region.
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cluster_front.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/scan.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/version.hpp"
#include "number_options.hpp"
#include "plot.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

struct ScanArgs {
  RecipeFlags flags;
  std::string preset, out, eta_range, init;
  int count = 200, threads = 0;
  bool force = false, quiet = false;
};

// Everything a scan from one start needs, checked before anything is written.
struct PointScan {
  Problem problem;
  std::vector<double> theta0;
  RenderOptions options;
  nlohmann::json recipe;  ///< the problem and decision, resolved (as a region scan's "recipe")
};

PointScan prepare_point_scan(const ScanArgs& args, nlohmann::json recipe) {
  if (recipe.contains("depth")) throw InputError("gdchaos scan needs the factorization family, not deep_linear");
  PointScan p{problem_from_recipe(recipe), parse_number_list(args.init, "init"), {}, {}};
  if (static_cast<int>(p.theta0.size()) != p.problem.dim())
    throw InputError("--init has " + std::to_string(p.theta0.size()) + " numbers, the problem has " +
                     std::to_string(p.problem.dim()) + " parameters");
  double norm2 = 0;
  for (double x : p.theta0) norm2 += x * x;
  check_step_size(p.problem, norm2);  // at the smallest scanned η
  // decisions as a basin job would make them (max-iter, tol, …)
  recipe["plane"] = p.problem.dim() == 2 ? "coords" : "random";
  recipe.erase("init");
  const BasinJob job = basin_job_from_recipe(recipe);
  p.options = job.options;
  p.options.threads = args.threads;
  p.recipe = job.recipe;
  p.recipe.erase("plane");  // a point scan has no plane: its start is "init"
  p.recipe.erase("res");
  p.recipe.erase("window");
  for (const char* key : {"color", "seed", "base"}) p.recipe.erase(key);
  p.recipe["init"] = p.theta0;
  return p;
}

nlohmann::json point_scan(const ScanArgs& args, const PointScan& p, double lo, double hi, const OutputDir& dir) {
  const auto& theta0 = p.theta0;
  const auto scan = scan_point(p.problem, theta0, lo, hi, args.count, p.options);
  std::ofstream csv(dir.path() / "scan.csv");
  csv << "eta,status,steps,norm2,sharpness\n";
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t k = 0; k < scan.etas.size(); ++k) {
    csv << scan.etas[k] << ',' << int(scan.runs.status[k]) << ',' << scan.runs.steps[k] << ',' << scan.runs.field("norm2")[k]
        << ',' << scan.runs.field("sharpness")[k] << '\n';
  }
  close_checked(csv, dir.path() / "scan.csv");
  nlohmann::json summary = {{"kind", "point"}, {"init", theta0}, {"count", args.count}, {"eta_range", {lo, hi}}};
  summary["recipe"] = p.recipe;
  summary["eta_star"] = scan.eta_star ? nlohmann::json(*scan.eta_star) : nlohmann::json(nullptr);
  summary["edge"] = scan.edge ? nlohmann::json{scan.edge->first, scan.edge->second} : nlohmann::json(nullptr);
  if (scan.eta_star && !scan.edge) {
    summary["theorem1_agrees"] = nullptr;
    summary["theorem1_note"] = "no convergence edge inside the scanned range: widen --eta-range";
  }
  if (scan.eta_star && scan.edge) {
    // Theorem 1: converge below η*, diverge above; on a grid the edge brackets η* to one spacing
    const double spacing = (hi - lo) / args.count;
    summary["theorem1_agrees"] = *scan.eta_star >= scan.edge->first - 1e-12 * hi &&
                                 *scan.eta_star <= scan.edge->second + 1e-12 * hi;
    summary["spacing"] = spacing;
  }
  nlohmann::json counts = nlohmann::json::object();
  for (int s = 0; s < kStatusCount; ++s) counts[std::string(kStatusNames[s])] = scan.runs.counts[s];
  summary["counts"] = counts;
  return summary;
}

BasinJob prepare_region_scan(const ScanArgs& args, nlohmann::json recipe) {
  if (!recipe.contains("res")) recipe["res"] = 64;
  auto job = basin_job_from_recipe(recipe);
  job.require_factorization("gdchaos scan");
  job.options.threads = rank_threads(args.threads);
  // Each η is rendered whole, in memory.
  require_memory(basin_map_bytes(job.grid.pixels(), job.rendered_fields()),
                 "a " + std::to_string(job.grid.width) + "x" + std::to_string(job.grid.height) + " map in memory");
  return job;
}

nlohmann::json region_scan(const ScanArgs& args, const BasinJob& job, double lo, double hi, const RegionScan& scan,
                           const OutputDir& dir) {
  std::ofstream csv(dir.path() / "scan.csv");
  csv << "eta,converged,diverged,undecided,mean_steps,theorem1_converged\n";
  for (std::size_t k = 0; k < scan.etas.size(); ++k) {
    csv << scan.etas[k] << ',' << scan.converged[k] << ',' << scan.diverged[k] << ',' << scan.undecided[k] << ','
        << scan.mean_steps[k] << ',';
    if (scan.predicted[k]) csv << *scan.predicted[k];
    csv << '\n';
  }
  close_checked(csv, dir.path() / "scan.csv");
  nlohmann::json summary = {{"kind", "region"}, {"count", args.count}, {"eta_range", {lo, hi}},
                            {"resolution", {job.grid.width, job.grid.height}}, {"recipe", job.recipe}};
  double worst = 0;
  bool any = false;
  for (std::size_t k = 0; k < scan.etas.size(); ++k)
    if (scan.predicted[k]) worst = std::max(worst, std::abs(*scan.predicted[k] - scan.converged[k])), any = true;
  if (any) summary["theorem1_max_fraction_difference"] = worst;
  return summary;
}

}  // namespace

Command add_scan_command(CLI::App& app) {
  auto* sub = app.add_subcommand("scan", "Scan the step size η: from one start (--init) or over a region of a plane");
  auto args = std::make_shared<ScanArgs>();
  args->flags.add(sub, problem_flags());
  args->flags.add(sub, slice_flags());
  // A region scan renders the region once for each η: smaller than a basin map by default.
  sub->get_option("--res")->description("W[,H] pixels of the region at each η (default 64)");
  args->flags.add(sub, decision_flags());
  sub->add_option("--eta-range", args->eta_range, "lo,hi: the scanned step sizes")->required();
  add_integer_option(sub, "count", args->count, 2, 100000, "how many step sizes (default 200)");
  add_preset_option(sub, args->preset, "a preset name or .json file for the problem and region");
  add_out_option(sub, args->out, "output directory: scan.csv, scan.json, scan.png");
  add_force_flag(sub, args->force, "replace a non-empty output directory");
  add_quiet_flag(sub, args->quiet, "print nothing but the JSON summary");
  add_threads_option(sub, args->threads);
  auto run = [args]() -> int {
    const auto range = parse_number_list(args->eta_range, "eta-range");
    if (range.size() != 2 || !(range[0] > 0) || !(range[1] > range[0]))
      throw InputError("--eta-range: expected lo,hi with 0 < lo < hi");
    if (args->count < 2 || args->count > 100000) throw InputError("--count must be in [2, 100000]");
    nlohmann::json recipe;
    std::optional<PointScan> point;
    std::optional<BasinJob> region;
    on_every_rank([&] {
      recipe = args->flags.recipe(args->preset);
      recipe.erase("color");
      recipe.erase("coord");
      recipe["eta"] = range[0];  // replaced by each scanned η
      // --init makes it a scan from one start; it is a flag of this command, not of the plane
      args->init = args->flags.given("init") ? recipe["init"].get<std::string>() : "";
      if (!args->init.empty() && args->flags.given("plane")) throw InputError("give either --init or a region (--plane …)");
      // Every input is checked before anything is created.
      if (args->init.empty()) region = prepare_region_scan(*args, recipe);
      else point = prepare_point_scan(*args, recipe);
    });
    std::optional<OutputDir> out;
    on_rank0([&] { out.emplace(args->out, args->force, recipe_inputs(recipe, args->preset)); });
    // A region scan is shared across the ranks of an MPI job, η by η; a point scan runs on rank 0.
    std::optional<RegionScan> scanned;
    if (region) {
      ProgressBar bar("scan", !args->quiet && cluster_rank() == 0);
      scanned = scan_region_here(*region, scan_centres(range[0], range[1], args->count), bar);
    }
    if (cluster_rank() != 0) return 0;
    OutputDir& dir = *out;
    auto summary = region ? region_scan(*args, *region, range[0], range[1], *scanned, dir)
                          : point_scan(*args, *point, range[0], range[1], dir);
    summary["gdchaos_version"] = kVersion;
    summary["simd"] = simd_target();
    summary["ranks"] = region ? cluster_ranks() : 1;
    dir.write_json("scan.json", summary);
    run_plot_script("scan", {(dir.path() / "scan.csv").string(), (dir.path() / "scan.json").string(),
                             (dir.path() / "scan.png").string()});
    dir.commit();
    std::printf("%s\n", summary.dump(2).c_str());
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
