// The fractal-or-smooth rule (docs/uncertainty.md) on hand-made fits.
#include <cmath>

#include <gtest/gtest.h>

#include "gdchaos/analysis/fractal_verdict.hpp"

using namespace gdchaos;

namespace {

UncertaintyFit fit(double alpha, double se) {
  UncertaintyFit f;
  f.ok = true;
  f.alpha = alpha;
  f.se = se;
  f.ci_lo = alpha - 1.96 * se;
  f.ci_hi = alpha + 1.96 * se;
  return f;
}

BasinEntropy entropy(double s_bb) {
  BasinEntropy e;
  e.boxes = 100;
  e.boundary_boxes = 10;
  e.boundary_entropy = s_bb;
  e.entropy = s_bb / 10;
  return e;
}

TEST(FractalVerdict, AlphaRule) {
  auto v = fractal_verdict(fit(0.7, 0.02), std::nullopt);
  EXPECT_EQ(v.verdict, "fractal");
  EXPECT_NEAR(*v.p_alpha_below_1, 1.0, 1e-9);
  EXPECT_NEAR(*v.confidence, 1.0, 1e-9);
  v = fractal_verdict(fit(0.99, 0.02), std::nullopt);
  EXPECT_EQ(v.verdict, "smooth");
  EXPECT_NEAR(*v.p_alpha_below_1, 0.5 * std::erfc(-0.5 / std::sqrt(2.0)), 1e-12);
  EXPECT_GT(*v.confidence, 0.99);  // P(α > 0.9)
  v = fractal_verdict(fit(0.95, 0.05), std::nullopt);  // CI [0.852, 1.048] reaches below 0.9
  EXPECT_EQ(v.verdict, "inconclusive");
  v = fractal_verdict(fit(1.2, 0.02), std::nullopt);  // above 1: not a clean power law
  EXPECT_EQ(v.verdict, "inconclusive");
  v = fractal_verdict(fit(0.95, 0.02), std::nullopt);  // CI [0.911, 0.989]: below 1, so fractal
  EXPECT_EQ(v.verdict, "fractal");
}

TEST(FractalVerdict, EntropyCrossCheck) {
  const double log2 = std::log(2.0);
  auto v = fractal_verdict(fit(0.7, 0.02), entropy(0.5));
  EXPECT_EQ(v.verdict, "fractal");
  EXPECT_EQ(v.by_entropy, "not shown");
  EXPECT_TRUE(v.agree);  // the entropy test is only sufficient
  v = fractal_verdict(fit(0.7, 0.02), entropy(log2 + 0.1));
  EXPECT_EQ(v.verdict, "fractal");
  EXPECT_EQ(v.by_entropy, "fractal");
  v = fractal_verdict(fit(1.0, 0.02), entropy(log2 + 0.1));
  EXPECT_EQ(v.verdict, "inconclusive");
  EXPECT_FALSE(v.agree);
  v = fractal_verdict(fit(1.0, 0.02), entropy(0.4));
  EXPECT_EQ(v.verdict, "smooth");
  UncertaintyFit none;
  v = fractal_verdict(none, entropy(log2 + 0.1));
  EXPECT_EQ(v.verdict, "fractal");
  EXPECT_FALSE(v.confidence.has_value());
  v = fractal_verdict(none, entropy(0.3));
  EXPECT_EQ(v.verdict, "inconclusive");
}

}  // namespace
