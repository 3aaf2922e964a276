// gdchaos uncertainty DIR: the uncertainty exponent of a rendered map's boundaries, measured with
// the engine (perturbed re-runs over decades of ε), its basin entropy, and a fractal-or-smooth
// verdict; JSON on stdout.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common_flags.hpp"
#include "gdchaos/analysis/uncertainty_report.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "number_options.hpp"
#include "progress_bar.hpp"
#include "recipe_flags.hpp"

namespace gdchaos::cli {

namespace {

using nlohmann::json;

struct UncertaintyArgs {
  std::string dir, eps = "1e-9,1e-2", boundary = "outcome";
  std::int64_t samples = 1000000;
  int eps_count = 12, box = 5, threads = 0, bootstrap = 200;
  std::uint64_t seed = 0;
  std::int64_t min_uncertain = 20;
  bool quiet = false;
};

}  // namespace

Command add_uncertainty_command(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "uncertainty", "Uncertainty exponent (engine re-runs), basin entropy and a fractal-or-smooth verdict of a rendered map");
  auto args = std::make_shared<UncertaintyArgs>();
  sub->add_option("DIR", args->dir, "output directory of gdchaos basin (meta.json, status.npy, attractor.npy)")
      ->check(non_empty())
      ->required();
  add_integer_option(sub, "samples", args->samples, 10, 1LL << 31, "N random base points (default 1000000)");
  sub->add_option("--eps", args->eps, "lo,hi: the eps range as fractions of the window width (default 1e-9,1e-2)");
  add_integer_option(sub, "eps-count", args->eps_count, 3, 200, "K values of eps, geometric (default 12)");
  add_integer_option(sub, "box", args->box, 1, 1 << 20, "basin-entropy box size n (n x n pixels, default 5)");
  add_unsigned_option(sub, "seed", args->seed, "random seed (default 0)");
  add_threads_option(sub, args->threads);
  add_integer_option(sub, "bootstrap", args->bootstrap, 0, 100000, "bootstrap resamples for alpha's error (default 200)");
  add_integer_option(sub, "min-uncertain", args->min_uncertain, 1, 1LL << 31,
                     "uncertain pairs an eps needs to enter the fit (default 20)");
  sub->add_option("--boundary", args->boundary,
                  "outcome: pairs differ when their outcome labels do (status, refined by the attractor); "
                  "convergence: only converged vs diverged; divergence: diverged vs not, undecided runs included "
                  "(the trainability boundary of networks) (default outcome)");
  add_quiet_flag(sub, args->quiet, "no progress bar or summary on stderr");

  auto run = [args]() -> int {
    const auto eps = parse_number_list(args->eps, "eps");
    if (eps.size() != 2) throw InputError("--eps: expected lo,hi");
    UncertaintyOptions opt;
    opt.samples = args->samples;
    opt.eps_lo = eps[0];
    opt.eps_hi = eps[1];
    opt.eps_count = args->eps_count;
    opt.seed = args->seed;
    opt.threads = args->threads;
    opt.bootstrap = args->bootstrap;
    opt.min_uncertain = args->min_uncertain;
    if (!(opt.eps_lo > 0) || !(opt.eps_hi > opt.eps_lo)) throw InputError("--eps: expected 0 < lo < hi");
    if (opt.eps_hi > 1) throw InputError("--eps: values are fractions of the window width and must be <= 1");
    if (args->boundary != "outcome" && args->boundary != "convergence" && args->boundary != "divergence")
      throw InputError("--boundary: expected outcome, convergence or divergence, got '" + args->boundary + "'");
    opt.convergence_only = args->boundary == "convergence";
    opt.divergence_only = args->boundary == "divergence";

    BasinReader map(args->dir);
    map.open("attractor");
    const auto job = basin_job_from_recipe(map.meta()["recipe"]);
    if (job.grid.width != map.width() || job.grid.height != map.height())
      throw InputError(args->dir + ": status.npy's shape does not match the recipe's resolution");
    if (args->box > map.width() || args->box > map.height())
      throw InputError("--box " + std::to_string(args->box) + " is larger than the map (" + std::to_string(map.width()) +
                       "x" + std::to_string(map.height()) + ")");
    require_memory(uncertainty_memory_bytes(job, opt),
                   std::to_string(opt.samples) + " samples x " + std::to_string(opt.eps_count) + " eps");

    auto bar = std::make_unique<ProgressBar>("uncertainty", !args->quiet);
    opt.progress = [&bar](std::int64_t done, std::int64_t total) { bar->update(done, total); };
    const auto report = measure_uncertainty(map, job, opt, args->box);
    bar.reset();  // ends the bar's line
    json out = report;
    out["dir"] = args->dir;
    out["recipe"] = map.meta()["recipe"];
    // The library names parameters `like_this` (core/error.hpp); here they are flags.
    std::printf("%s\n", spell_parameters(out.dump(2), flag_spelling).c_str());
    const auto& fit = report.result.fit;
    const auto& entropy = report.entropy;
    const auto& verdict = report.verdict;
    if (!args->quiet) {
      if (fit.ok)
        std::fprintf(stderr, "alpha = %.3f [%.3f, %.3f], D = %.3f, S_b = %.3f, S_bb = %.3f: %s\n", fit.alpha, fit.ci_lo,
                     fit.ci_hi, fit.dimension(), entropy.entropy, entropy.boundary_entropy, verdict.verdict.c_str());
      else
        std::fprintf(stderr, "no alpha: %s; S_b = %.3f, S_bb = %.3f: %s\n", spell_parameters(fit.reason, flag_spelling).c_str(), entropy.entropy,
                     entropy.boundary_entropy, verdict.verdict.c_str());
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
