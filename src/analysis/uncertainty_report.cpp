#include "gdchaos/analysis/uncertainty_report.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/version.hpp"

namespace gdchaos {

using nlohmann::json;

namespace {

BasinEntropy streamed_entropy(BasinReader& map, int box, bool convergence_only, bool divergence_only) {
  BasinEntropyStream stream(map.width(), map.height(), box);
  const std::int64_t band = map.band_rows(7);  // status, attractor and label: 7 bytes a pixel of the band
  std::vector<std::uint8_t> status;
  std::vector<std::int16_t> attractor;
  std::vector<int> labels;
  for (std::int64_t first = 0; first < map.height(); first += band) {
    const std::int64_t rows = std::min(band, map.height() - first);
    const auto n = static_cast<std::size_t>(rows * map.width());
    status.resize(n), attractor.resize(n), labels.resize(n);
    map.read_status(first, rows, status);
    map.read_attractor(first, rows, attractor);
    for (std::size_t k = 0; k < n; ++k) labels[k] = comparison_label(status[k], attractor[k], convergence_only, divergence_only);
    stream.add_rows(labels);
  }
  return stream.result();
}

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

UncertaintyReport measure_uncertainty(BasinReader& map, const BasinJob& job, const UncertaintyOptions& options, int box) {
  UncertaintyReport report;
  report.options = options;
  report.options.progress = nullptr;  // the caller's callback is not part of the result
  report.entropy = streamed_entropy(map, box, options.convergence_only, options.divergence_only);
  report.result = uncertainty_exponent(job, options);
  report.verdict = fractal_verdict(report.result.fit, report.entropy);
  return report;
}

void to_json(json& out, const UncertaintyReport& report) {
  const auto& [opt, entropy, result, verdict] = report;
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
  out = {{"gdchaos_version", kVersion}, {"command", "uncertainty"}};
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
  out["eps_unit"] = "fraction of the window width a1 - a0 = " + std::to_string(result.window_width);
  out["eps"] = rows;
  out["samples"] = result.samples;
  out["base_draws"] = result.base_draws;
  out["undecided"] = {{"base", result.undecided_base},
                      {"perturbed", undecided_perturbed},
                      {"pairs_excluded", excluded_undecided},
                      {"note", "runs still undecided at max_iter are kept apart: pairs with an undecided member are "
                               "excluded from f(eps), never counted as diverged"}};
  out["excluded_outside_domain"] = excluded_outside;
  out["boundary"] = opt.divergence_only ? "divergence" : opt.convergence_only ? "convergence" : "outcome";
  out["outcomes_compared"] = opt.divergence_only    ? "diverged (status 3) vs not (trained, certified or not; undecided runs included)"
                             : opt.convergence_only ? "converged (status 1 or 2) vs diverged (status 3)"
                             : result.attractor_ids ? "outcome_label (status, refined by attractor id)"
                                                    : "status only (attractor ids were not consistent across engine calls)";
  out["basin_entropy"] = entropy_json(entropy);
  out["seed"] = opt.seed;
  out["threads"] = opt.threads;
  out["engine"] = result.engine;
  out["runs"] = result.runs;
  out["engine_calls"] = result.engine_calls;
  out["wall_seconds"] = result.wall_seconds;
}

}  // namespace gdchaos
