// gdchaos uncertainty DIR: the uncertainty exponent of a rendered map's boundaries, measured with
// the engine (perturbed re-runs over decades of ε), its basin entropy, and a fractal-or-smooth
// verdict; JSON on stdout.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/analysis/fractal_verdict.hpp"
#include "gdchaos/analysis/outcome_map.hpp"
#include "gdchaos/analysis/uncertainty.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/core/memory_budget.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/version.hpp"
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

json optional_number(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

json entropy_json(const BasinEntropy& e) {
  return {{"box", e.box},
          {"boxes", e.boxes},
          {"boundary_boxes", e.boundary_boxes},
          {"skipped_boxes", e.skipped_boxes},
          {"pixels", e.pixels},
          {"outcomes", e.outcomes},
          {"S_b", e.entropy},
          {"S_bb", e.boundary_entropy},
          {"log2", std::numbers::ln2},
          {"S_bb_above_log2", e.fractal_by_log2()},
          {"note",
           "S_i = -sum p_j log p_j over the outcomes of each box of box x box pixels (status-4 pixels excluded, "
           "boxes of only status 4 skipped; undecided is an outcome of its own); S_b = mean over boxes, S_bb = mean "
           "over boxes with S_i > 0. S_bb > log 2 is sufficient for a fractal boundary, not necessary."}};
}

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
  add_integer_option(sub, "threads", args->threads, 0, 1024, "worker threads (default: all)");
  add_integer_option(sub, "bootstrap", args->bootstrap, 0, 100000, "bootstrap resamples for alpha's error (default 200)");
  add_integer_option(sub, "min-uncertain", args->min_uncertain, 1, 1LL << 31,
                     "uncertain pairs an eps needs to enter the fit (default 20)");
  sub->add_option("--boundary", args->boundary,
                  "outcome: pairs differ when their outcome labels do (status, refined by the attractor); "
                  "convergence: only converged vs diverged (default outcome)");
  sub->add_flag("--quiet", args->quiet, "no progress bar or summary on stderr");

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
    if (args->boundary != "outcome" && args->boundary != "convergence")
      throw InputError("--boundary: expected outcome or convergence, got '" + args->boundary + "'");
    opt.convergence_only = args->boundary == "convergence";

    OutcomeMapReader map(args->dir);
    const auto job = basin_job_from_recipe(map.meta()["recipe"]);
    if (job.grid.width != map.width() || job.grid.height != map.height())
      throw InputError(args->dir + ": status.npy's shape does not match the recipe's resolution");
    if (args->box > map.width() || args->box > map.height())
      throw InputError("--box " + std::to_string(args->box) + " is larger than the map (" + std::to_string(map.width()) +
                       "x" + std::to_string(map.height()) + ")");
    require_memory(uncertainty_memory_bytes(job, opt),
                   std::to_string(opt.samples) + " samples x " + std::to_string(opt.eps_count) + " eps");
    // The basin entropy, from the map streamed in bands of rows (status, attractor and label: 7
    // bytes a pixel of the band), so a map of any size is measured in bounded memory.
    const auto entropy = [&] {
      BasinEntropyStream stream(map.width(), map.height(), args->box);
      const std::int64_t band = map.band_rows(7);
      std::vector<std::uint8_t> status;
      std::vector<std::int16_t> attractor;
      std::vector<int> labels;
      for (std::int64_t first = 0; first < map.height(); first += band) {
        const std::int64_t rows = std::min(band, map.height() - first);
        const auto n = static_cast<std::size_t>(rows * map.width());
        status.resize(n), attractor.resize(n), labels.resize(n);
        map.read_rows(first, rows, status, attractor);
        for (std::size_t k = 0; k < n; ++k) labels[k] = comparison_label(status[k], attractor[k], opt.convergence_only);
        stream.add_rows(labels);
      }
      return stream.result();
    }();

    auto bar = std::make_unique<ProgressBar>("uncertainty", !args->quiet);
    opt.progress = [&bar](std::int64_t done, std::int64_t total) { bar->update(done, total); };
    auto result = uncertainty_exponent(job, opt);
    bar.reset();  // ends the bar's line
    const auto verdict = fractal_verdict(result.fit, entropy);
    const auto& fit = result.fit;

    json rows = json::array();
    std::int64_t undecided_perturbed = 0, excluded_undecided = 0, excluded_outside = 0;
    for (std::size_t k = 0; k < result.rows.size(); ++k) {
      const auto& r = result.rows[k];
      // the slope between this eps and the one before: how straight log f vs log eps is
      json local = nullptr;
      if (k > 0 && r.f > 0 && result.rows[k - 1].f > 0)
        local = std::log(r.f / result.rows[k - 1].f) / std::log(r.eps / result.rows[k - 1].eps);
      rows.push_back({{"eps", r.eps}, {"eps_abs", r.eps_abs}, {"pairs", r.pairs}, {"uncertain", r.uncertain},
                      {"f", r.f}, {"f_se", r.f_se}, {"local_alpha", local}, {"undecided_perturbed", r.undecided_perturbed},
                      {"excluded_undecided", r.excluded_undecided}, {"excluded_outside", r.excluded_outside},
                      {"in_fit", r.in_fit}});
      undecided_perturbed += r.undecided_perturbed;
      excluded_undecided += r.excluded_undecided;
      excluded_outside += r.excluded_outside;
    }
    const double width = result.window_width;
    json out = {{"gdchaos_version", kVersion}, {"command", "uncertainty"}, {"dir", args->dir}};
    if (fit.ok) {
      out["alpha"] = fit.alpha;
      out["alpha_se"] = fit.se;
      out["ci"] = {fit.ci_lo, fit.ci_hi};
      out["dimension"] = fit.dimension();
      out["dimension_ci"] = {2 - fit.ci_hi, 2 - fit.ci_lo};
      out["eps_range"] = {result.rows[fit.first].eps, result.rows[fit.last].eps};
      out["eps_range_abs"] = {result.rows[fit.first].eps_abs, result.rows[fit.last].eps_abs};
    } else {
      out["alpha"] = out["alpha_se"] = out["ci"] = out["dimension"] = out["dimension_ci"] = out["eps_range"] =
          out["eps_range_abs"] = nullptr;
    }
    out["S_b"] = entropy.entropy;
    out["S_bb"] = entropy.boundary_entropy;
    out["verdict"] = verdict.verdict;
    out["confidence"] = optional_number(verdict.confidence);
    out["p_alpha_below_1"] = optional_number(verdict.p_alpha_below_1);
    out["criteria"] = {{"by_alpha", verdict.by_alpha},
                       {"by_entropy", verdict.by_entropy},
                       {"agree", verdict.agree},
                       {"basis", verdict.basis},
                       {"note", verdict.note},
                       {"rule",
                        "alpha: fractal if the 95% CI's upper end < 1; smooth if the CI contains 1 and its lower end > 0.9; "
                        "otherwise inconclusive. Entropy: S_bb > log 2 => fractal (sufficient, not necessary). Combined: "
                        "alpha's verdict; smooth with S_bb > log 2 => inconclusive; inconclusive with S_bb > log 2 => "
                        "fractal (no confidence level). confidence = P(alpha < 1) for fractal, P(alpha > 0.9) for smooth "
                        "(normal approximation)."}};
    out["fit"] = {{"ok", fit.ok},
                  {"reason", fit.reason},
                  {"points", fit.ok ? fit.last - fit.first + 1 : 0},
                  {"method",
                   "weighted least squares of log f on log eps (weights = uncertain/(1 - f), binomial) over the longest "
                   "run of consecutive eps with >= min_uncertain uncertain pairs and f <= saturation * f_random"},
                  {"min_uncertain", opt.min_uncertain},
                  {"saturation", opt.saturation},
                  {"f_random", result.f_random},
                  {"intercept", fit.intercept},
                  {"se_weighted", fit.se_weighted},
                  {"se_bootstrap", fit.se_bootstrap},
                  {"bootstrap_resamples", opt.bootstrap},
                  {"bootstrap_used", fit.bootstrap_used},
                  {"chi2_per_dof", fit.chi2_per_dof},
                  {"se_lack_of_fit", fit.se_lack_of_fit},
                  {"se", fit.se},
                  {"ci_method",
                   "alpha +- 1.96 se, se = sqrt(se_bootstrap^2 + se_lack_of_fit^2): a bootstrap over base points "
                   "(binomial counting error and the correlation between eps that share base points) plus the scatter "
                   "beyond counting error, se_weighted * sqrt(chi2/dof - 1) when chi2/dof > 1"}};
    out["eps_unit"] = "fraction of the window width a1 - a0 = " + std::to_string(width);
    out["eps"] = rows;
    out["samples"] = result.samples;
    out["base_draws"] = result.base_draws;
    out["undecided"] = {{"base", result.undecided_base},
                        {"perturbed", undecided_perturbed},
                        {"pairs_excluded", excluded_undecided},
                        {"note", "runs still undecided at max_iter are kept apart: pairs with an undecided member are "
                                 "excluded from f(eps), never counted as diverged"}};
    out["excluded_outside_domain"] = excluded_outside;
    out["boundary"] = args->boundary;
    out["outcomes_compared"] = opt.convergence_only ? "converged (status 1 or 2) vs diverged (status 3)"
                               : result.attractor_ids ? "outcome_label (status, refined by attractor id)"
                                                      : "status only (attractor ids were not consistent across engine calls)";
    out["basin_entropy"] = entropy_json(entropy);
    out["seed"] = args->seed;
    out["threads"] = args->threads;
    out["engine"] = result.engine;
    out["runs"] = result.runs;
    out["engine_calls"] = result.engine_calls;
    out["wall_seconds"] = result.wall_seconds;
    out["recipe"] = map.meta()["recipe"];
    std::printf("%s\n", out.dump(2).c_str());
    if (!args->quiet) {
      if (fit.ok)
        std::fprintf(stderr, "alpha = %.3f [%.3f, %.3f], D = %.3f, S_b = %.3f, S_bb = %.3f: %s\n", fit.alpha, fit.ci_lo,
                     fit.ci_hi, fit.dimension(), entropy.entropy, entropy.boundary_entropy, verdict.verdict.c_str());
      else
        std::fprintf(stderr, "no alpha: %s; S_b = %.3f, S_bb = %.3f: %s\n", fit.reason.c_str(), entropy.entropy,
                     entropy.boundary_entropy, verdict.verdict.c_str());
    }
    return 0;
  };
  return {sub, run};
}

}  // namespace gdchaos::cli
