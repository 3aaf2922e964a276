// The uncertainty exponent measured with the engine: α = 1 on Theorem 1's smooth boundary (λ = 0),
// α < 1 on the fractal boundary of Fig. 3; undecided runs kept apart; the fit on synthetic counts.
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/analysis/fractal_verdict.hpp"
#include "gdchaos/analysis/uncertainty.hpp"
#include "gdchaos/core/error.hpp"

using namespace gdchaos;

namespace {

BasinJob job(nlohmann::json recipe) {
  recipe["res"] = 16;
  return basin_job_from_recipe(recipe);
}

UncertaintyOptions small(std::int64_t samples, double lo, double hi, int count) {
  UncertaintyOptions o;
  o.samples = samples;
  o.eps_lo = lo;
  o.eps_hi = hi;
  o.eps_count = count;
  o.bootstrap = 100;
  return o;
}

void expect_counts_add_up(const UncertaintyResult& r) {
  for (const auto& row : r.rows) {
    EXPECT_EQ(row.pairs + row.excluded_undecided + row.excluded_outside, r.samples);
    EXPECT_LE(row.uncertain, row.pairs);
    EXPECT_GE(row.excluded_undecided, row.undecided_perturbed > 0 ? 1 : 0);
  }
}

TEST(Uncertainty, SmoothBoundaryOfTheoremOneHasAlphaOne) {
  // λ = 0: the convergence region is the quadric of Theorem 1, a smooth boundary.
  const auto j = job({{"y", 1}, {"eta", 0.9}, {"window", {-3, 3, -3, 3}}});
  const auto r = uncertainty_exponent(j, small(200000, 1e-4, 1e-1, 7));
  expect_counts_add_up(r);
  ASSERT_TRUE(r.fit.ok) << r.fit.reason;
  EXPECT_LE(r.fit.ci_lo, 1.0);
  EXPECT_GE(r.fit.ci_hi, 1.0);
  EXPECT_NEAR(r.fit.alpha, 1.0, 0.1);
  EXPECT_GT(r.fit.last - r.fit.first, 2);
  EXPECT_GT(r.fit.se, 0);
  const auto v = fractal_verdict(r.fit, std::nullopt);
  EXPECT_NE(v.verdict, "fractal") << v.note;
  EXPECT_EQ(v.by_alpha, "smooth") << v.note;
}

TEST(Uncertainty, FractalBoundaryOfFigureThreeHasAlphaBelowOne) {
  const auto j = job({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"window", {-4, 4, -4, 4}}});
  const auto r = uncertainty_exponent(j, small(100000, 1e-5, 1e-2, 7));
  expect_counts_add_up(r);
  ASSERT_TRUE(r.fit.ok) << r.fit.reason;
  EXPECT_LT(r.fit.ci_hi, 1.0);
  EXPECT_GT(r.fit.dimension(), 1.1);
  EXPECT_LT(r.fit.alpha, 0.85);
  EXPECT_GT(r.fit.alpha, 0.5);
  EXPECT_EQ(r.engine, "exact");
  EXPECT_TRUE(r.attractor_ids);
  const auto v = fractal_verdict(r.fit, std::nullopt);
  EXPECT_EQ(v.verdict, "fractal");
  ASSERT_TRUE(v.confidence.has_value());
  EXPECT_GT(*v.confidence, 0.99);
}

TEST(Uncertainty, QuotientPlaneDrawsInsideTheDomain) {
  auto recipe = nlohmann::json{{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"plane", "quotient"}, {"window", {-3, 3, 0, 6}}};
  const auto j = job(recipe);
  const auto r = uncertainty_exponent(j, small(30000, 1e-5, 1e-2, 7));
  expect_counts_add_up(r);
  // about half of [−3, 3] × [0, 6] lies in w ≥ 2|z|
  EXPECT_GT(r.base_draws, 3 * r.samples / 2);
  EXPECT_LT(r.base_draws, 5 * r.samples / 2);
  for (const auto& row : r.rows) EXPECT_LT(row.excluded_outside, r.samples / 100);
  ASSERT_TRUE(r.fit.ok) << r.fit.reason;
  EXPECT_LT(r.fit.ci_hi, 1.0);
}

TEST(Uncertainty, UndecidedRunsAreKeptApart) {
  // η|y| > 1: a stable 2-cycle attracts part of the plane (undecided at max_iter, about 15%), the
  // rest diverges. The undecided runs must not be counted as diverged.
  auto recipe = nlohmann::json{{"y", 1}, {"eta", 1.1}, {"window", {-4, 4, -4, 4}}, {"max_iter", 2000}};
  const auto r = uncertainty_exponent(job(recipe), small(5000, 1e-4, 1e-1, 4));
  EXPECT_GT(r.undecided_base, 0);
  expect_counts_add_up(r);
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    EXPECT_GT(r.rows[k].undecided_perturbed, 0);
    EXPECT_GE(r.rows[k].excluded_undecided, r.undecided_base);
    // the pair states agree with the counts: left out (2) = excluded, uncertain (1) = uncertain
    std::int64_t left_out = 0, uncertain = 0;
    for (std::int64_t i = 0; i < r.samples; ++i) {
      left_out += r.state[k * r.samples + i] == 2;
      uncertain += r.state[k * r.samples + i] == 1;
    }
    EXPECT_EQ(left_out, r.rows[k].excluded_undecided + r.rows[k].excluded_outside);
    EXPECT_EQ(uncertain, r.rows[k].uncertain);
  }
  EXPECT_GT(r.undecided_base, r.samples / 20);
  // the 2-cycle's basin borders the divergent region: merged into "diverged" those pairs would be
  // certain, compared as an outcome they would be uncertain; left out, they are neither
  EXPECT_LT(r.rows.back().uncertain, r.rows.back().excluded_undecided);
}

TEST(Uncertainty, ReproducibleAndIndependentOfThreads) {
  const auto j = job({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}});
  auto o = small(4000, 1e-4, 1e-1, 4);
  o.threads = 1;
  const auto a = uncertainty_exponent(j, o);
  o.threads = 2;
  o.max_runs_per_call = 3000;  // several engine calls: attractor ids must still match
  const auto b = uncertainty_exponent(j, o);
  EXPECT_GT(b.engine_calls, 1);
  EXPECT_EQ(a.state, b.state);
  o.seed = 1;
  const auto c = uncertainty_exponent(j, o);
  EXPECT_NE(a.state, c.state);
}

TEST(Uncertainty, FitRecoversAKnownExponent) {
  // Nested synthetic pairs: f(ε) = 0.3·ε^0.6 up to saturation, with 2 outcomes equally likely.
  UncertaintyResult r;
  const std::int64_t N = 200000;
  const int K = 10;
  r.samples = N;
  r.f_random = 0.5;
  r.rows.resize(K);
  r.state.assign(N * K, 0);
  for (int k = 0; k < K; ++k) {
    auto& row = r.rows[k];
    row.eps = 1e-8 * std::pow(10.0, 8.0 * k / (K - 1));
    const double f = std::min(0.45, 0.3 * std::pow(row.eps, 0.6));
    row.pairs = N;
    row.uncertain = static_cast<std::int64_t>(std::llround(f * N));
    row.f = static_cast<double>(row.uncertain) / N;
    for (std::int64_t i = 0; i < row.uncertain; ++i) r.state[k * N + i] = 1;
  }
  UncertaintyOptions o;
  const auto fit = fit_uncertainty_exponent(r, o);
  ASSERT_TRUE(fit.ok) << fit.reason;
  EXPECT_NEAR(fit.alpha, 0.6, 0.01);
  // ε = 1e-8 has 0.3·1e-4.8·N ≈ 1 pair (< 20) and ε = 1 is saturated: both out of the fit
  EXPECT_FALSE(r.rows.front().in_fit);
  EXPECT_FALSE(r.rows.back().in_fit);
  EXPECT_TRUE(r.rows[5].in_fit);
  EXPECT_LE(fit.ci_lo, 0.6);
  EXPECT_GE(fit.ci_hi, 0.6);
  EXPECT_GT(fit.bootstrap_used, o.bootstrap / 2);
  EXPECT_NEAR(fit.dimension(), 1.4, 0.01);
}

TEST(Uncertainty, FitIsWeightedLeastSquaresWithBinomialWeights) {
  // Counts that are no clean power law, with fractions up to 0.39 so that 1 − f matters: the fit
  // must be the weighted least squares of log f on log ε with weights u/(1 − f) (the inverse
  // variance of log f̂), its error 1/√Sxx, widened by √(χ²/dof − 1), and α ± 1.96·se.
  UncertaintyResult r;
  r.samples = 10000;
  r.f_random = 0.9;
  const std::vector<std::int64_t> u = {60, 230, 700, 2100, 3900};
  for (std::size_t k = 0; k < u.size(); ++k) {
    EpsilonCount row;
    row.eps = std::pow(10.0, -4.0 + static_cast<double>(k));
    row.pairs = r.samples;
    row.uncertain = u[k];
    row.f = static_cast<double>(u[k]) / static_cast<double>(r.samples);
    r.rows.push_back(row);
  }
  UncertaintyOptions o;
  o.bootstrap = 0;
  const auto fit = fit_uncertainty_exponent(r, o);
  ASSERT_TRUE(fit.ok) << fit.reason;
  ASSERT_EQ(fit.first, 0);
  ASSERT_EQ(fit.last, 4);
  double sw = 0, sx = 0, sy = 0;
  std::vector<double> x, y, w;
  for (const auto& row : r.rows) {
    x.push_back(std::log(row.eps)), y.push_back(std::log(row.f)), w.push_back(row.uncertain / (1 - row.f));
    sw += w.back(), sx += w.back() * x.back(), sy += w.back() * y.back();
  }
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) sxx += w[k] * (x[k] - sx / sw) * (x[k] - sx / sw), sxy += w[k] * (x[k] - sx / sw) * (y[k] - sy / sw);
  const double alpha = sxy / sxx, intercept = sy / sw - alpha * sx / sw;
  double chi2 = 0;
  for (std::size_t k = 0; k < x.size(); ++k) chi2 += w[k] * std::pow(y[k] - intercept - alpha * x[k], 2);
  const double se_weighted = 1 / std::sqrt(sxx), chi2_per_dof = chi2 / 3;
  ASSERT_GT(chi2_per_dof, 1) << "the counts must scatter about the line";
  const double se = se_weighted * std::sqrt(chi2_per_dof);  // √(se_w² + se_w²(χ²/dof − 1))
  EXPECT_NEAR(fit.alpha, alpha, 1e-12);
  EXPECT_NEAR(fit.intercept, intercept, 1e-11);
  EXPECT_NEAR(fit.se_weighted, se_weighted, 1e-14);
  EXPECT_NEAR(fit.chi2_per_dof, chi2_per_dof, 1e-9 * chi2_per_dof);
  EXPECT_NEAR(fit.se_lack_of_fit, se_weighted * std::sqrt(chi2_per_dof - 1), 1e-12);
  EXPECT_NEAR(fit.se, se, 1e-12);
  EXPECT_NEAR(fit.ci_lo, alpha - 1.959963984540054 * se, 1e-11);
  EXPECT_NEAR(fit.ci_hi, alpha + 1.959963984540054 * se, 1e-11);
}

TEST(Uncertainty, FitSaysWhenTheDataCannotSupportIt) {
  UncertaintyResult r;
  r.samples = 1000;
  r.f_random = 0.5;
  r.rows.resize(5);
  for (int k = 0; k < 5; ++k) r.rows[k] = EpsilonCount{std::pow(10.0, -5 + k), 0, 1000, k < 3 ? 2 : 30, 0, 0, 0, 0, 0, false};
  for (auto& row : r.rows) row.f = static_cast<double>(row.uncertain) / row.pairs;
  const auto fit = fit_uncertainty_exponent(r, UncertaintyOptions{});
  EXPECT_FALSE(fit.ok);
  EXPECT_FALSE(fit.reason.empty());
  const auto v = fractal_verdict(fit, std::nullopt);
  EXPECT_EQ(v.verdict, "inconclusive");
  EXPECT_FALSE(v.confidence.has_value());
}

TEST(Uncertainty, BadOptionsAreInputErrors) {
  const auto j = job({{"y", 1}, {"eta", 0.5}});
  auto bad = [&](auto change) {
    auto o = small(1000, 1e-4, 1e-1, 4);
    change(o);
    EXPECT_THROW(uncertainty_exponent(j, o), InputError);
  };
  bad([](auto& o) { o.samples = 0; });
  bad([](auto& o) { o.eps_lo = 0; });
  bad([](auto& o) { o.eps_lo = 1e-2, o.eps_hi = 1e-3; });
  bad([](auto& o) { o.eps_hi = 2; });
  bad([](auto& o) { o.eps_count = 2; });
  bad([](auto& o) { o.saturation = 0; });
  bad([](auto& o) { o.threads = -1; });
  // a quotient window that misses the domain w ≥ 2|z|
  const auto q = job({{"y", 1}, {"eta", 0.5}, {"plane", "quotient"}, {"window", {1, 2, -2, -1}}});
  EXPECT_THROW(uncertainty_exponent(q, small(1000, 1e-4, 1e-1, 4)), InputError);
}

TEST(Uncertainty, ConvergenceOnlyComparesConvergedWithDiverged) {
  EXPECT_EQ(comparison_label(1, 0, true), comparison_label(2, -1, true));
  EXPECT_EQ(comparison_label(1, 0, true), comparison_label(1, 5, true));
  EXPECT_NE(comparison_label(1, 0, false), comparison_label(1, 1, false));
  EXPECT_NE(comparison_label(0, -1, true), comparison_label(3, -1, true));
  EXPECT_EQ(comparison_label(4, -1, true), 4);
}

TEST(Uncertainty, DivergenceOnlyCountsUndecidedRunsAsTrained) {
  EXPECT_EQ(comparison_label(0, -1, false, true), comparison_label(1, 3, false, true));
  EXPECT_NE(comparison_label(0, -1, false, true), comparison_label(3, -1, false, true));
  // the 2-cycle plane of UndecidedRunsAreKeptApart: nothing is excluded on this boundary, and
  // pairs across the cycle's basin and the divergent region are uncertain now
  auto recipe = nlohmann::json{{"y", 1}, {"eta", 1.1}, {"window", {-4, 4, -4, 4}}, {"max_iter", 2000}};
  auto options = small(5000, 1e-4, 1e-1, 4);
  options.divergence_only = true;
  const auto r = uncertainty_exponent(job(recipe), options);
  EXPECT_EQ(r.undecided_base, 0);
  for (const auto& row : r.rows) EXPECT_EQ(row.excluded_undecided, 0);
  EXPECT_GT(r.rows.back().uncertain, 0);
}

}  // namespace
