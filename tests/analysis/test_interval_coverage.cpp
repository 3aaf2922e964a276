// A 95 % interval must cover the true value in about 95 % of repeated experiments: here, box counts
// of exact power laws N(s) ∝ s^(−D) with log-normal noise, fitted over a given range.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "gdchaos/analysis/box_counting.hpp"

using namespace gdchaos;

namespace {

double coverage(double D, double noise, int trials, std::uint64_t seed, double* mean_half_width) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> eps(0, noise);
  DimensionOptions opt;
  opt.fit = std::pair<std::int64_t, std::int64_t>{4, 64};  // five sizes: t(3) = 3.18, far from 1.96
  int covered = 0;
  double width = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<BoxCount> counts;
    for (std::int64_t s = 1; s <= 512; s *= 2) {
      const auto n = static_cast<std::int64_t>(std::llround(1e7 * std::pow(static_cast<double>(s), -D) * std::exp(eps(rng))));
      BoxCount c{s, n, {}};
      c.per_offset.assign(s == 1 ? 1 : 4, n);  // no spread across grid offsets
      counts.push_back(c);
    }
    const auto e = estimate_dimension(counts, 1'000'000, opt);
    EXPECT_TRUE(e.supported) << e.reason;
    covered += e.ci_lo <= D && D <= e.ci_hi;
    width += 0.5 * (e.ci_hi - e.ci_lo);
  }
  *mean_half_width = width / trials;
  return static_cast<double>(covered) / trials;
}

TEST(IntervalCoverage, BoxCountingIntervalCoversTheTrueDimension) {
  for (double D : {1.1, 1.26, 1.6}) {
    double half = 0;
    const double c = coverage(D, 0.03, 2000, static_cast<std::uint64_t>(D * 1000), &half);
    // At least the nominal 95 % (the interval also adds the fit range's sensitivity, so it may
    // be somewhat conservative), and not so wide that it would cover anything.
    EXPECT_GE(c, 0.94) << "D " << D << ": coverage " << c << ", mean half-width " << half;
    EXPECT_LE(c, 0.995) << "D " << D << ": coverage " << c << ", mean half-width " << half;
  }
}

}  // namespace
