// Step-size scans against Theorem 1.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/analysis/scan.hpp"
#include "gdchaos/theory/critical.hpp"

using namespace gdchaos;

TEST(Scan, PointScanEdgeBracketsTheoremOnesEtaStar) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> N;
  int checked = 0;
  for (int trial = 0; trial < 12; ++trial) {
    Problem p;
    p.d = 1 + trial % 3;
    p.Y = {0.5 + std::abs(N(rng))};
    std::vector<double> theta(2 * p.d);
    for (auto& x : theta) x = 1.5 * N(rng);
    const auto c = critical_step(p, theta);
    if (c.active != "quadric") continue;  // above 1/|y| GD cycles rather than diverges
    RenderOptions opt;
    opt.decision.max_iter = 200000;
    const auto scan = scan_point(p, theta, 0.5 * c.eta_star, 1.5 * c.eta_star, 400, opt);
    ASSERT_TRUE(scan.eta_star.has_value());
    ASSERT_TRUE(scan.edge.has_value()) << trial;
    EXPECT_LE(scan.edge->first, c.eta_star) << trial;
    EXPECT_GE(scan.edge->second, c.eta_star) << trial;
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST(Scan, EdgeAtOneOverYWhereGDStartsToCycle) {
  // When η* = 1/|y| is the active term, GD above it does not diverge but cycles (undecided).
  Problem p;
  p.Y = {1.0};
  const std::vector<double> theta = {1.5, 0.3};
  ASSERT_EQ(critical_step(p, theta).active, "1/|y|");
  RenderOptions opt;
  opt.decision.max_iter = 100000;
  const auto scan = scan_point(p, theta, 0.5, 1.5, 200, opt);
  ASSERT_TRUE(scan.edge.has_value());
  EXPECT_LE(scan.edge->first, 1.0);
  EXPECT_GE(scan.edge->second, 1.0);
}

TEST(Scan, RegionFractionFollowsTheQuadric) {
  nlohmann::json recipe = {{"y", 1}, {"eta", 0.3}, {"window", "-3,3,-3,3"}, {"res", 48}, {"max_iter", 100000}};
  const auto job = basin_job_from_recipe(recipe);
  const auto scan = scan_region(job, 0.2, 0.95, 16);
  ASSERT_EQ(scan.etas.size(), 16u);
  for (std::size_t k = 0; k < scan.etas.size(); ++k) {
    ASSERT_TRUE(scan.predicted[k].has_value());
    // pixels on the boundary can go either way: a few per cent of a 48² grid at most
    EXPECT_NEAR(scan.converged[k], *scan.predicted[k], 0.03) << "eta " << scan.etas[k];
    EXPECT_NEAR(scan.converged[k] + scan.diverged[k] + scan.undecided[k], 1.0, 1e-12);
  }
  EXPECT_GT(scan.converged.front(), scan.converged.back());
}
