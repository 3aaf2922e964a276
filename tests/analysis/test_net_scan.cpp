// Network step-size scans: the grid of step sizes, the regimes and intervals on constructed final
// values, and properties of a real scan (converged runs lie below the stability edge).
#include "gdchaos/analysis/net_scan.hpp"

#include <cmath>
#include <memory>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/data/dataset.hpp"

namespace gdchaos {
namespace {

TEST(NetScan, StepSizesAreEvenlySpacedWithBothEnds) {
  const auto etas = evenly_spaced(0.01, 1.5, 200);
  ASSERT_EQ(etas.size(), 200u);
  EXPECT_EQ(etas.front(), 0.01);
  EXPECT_EQ(etas.back(), 1.5);
  for (std::size_t k = 1; k < etas.size(); ++k) EXPECT_NEAR(etas[k] - etas[k - 1], 1.49 / 199, 1e-15);
  EXPECT_EQ(evenly_spaced(0.3, 0.4, 1), std::vector<double>{0.3});
}

// A scan whose final values are made up: stable below 0.4 (S = E/2), at the edge of stability on
// [0.4, 0.8) (S = E, ‖θ‖² smooth), chaotic on [0.8, 1.0) (S and ‖θ‖² pseudo-random), diverged above.
NetScan constructed(double beta) {
  NetScan scan;
  scan.momentum = beta;
  scan.etas = evenly_spaced(0.1, 1.2, 111);
  const auto n = static_cast<std::int64_t>(scan.etas.size());
  auto& m = scan.runs;
  m.width = n, m.height = 1;
  m.status.assign(n, static_cast<std::uint8_t>(Status::undecided));
  m.steps.assign(n, 100);
  m.attractor.assign(n, -1);
  for (const char* f : {"loss", "norm2", "sharpness"}) m.fields.push_back({f, PixelArray<float>(n, 0.f)});
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(0.05, 1.0);
  for (std::int64_t k = 0; k < n; ++k) {
    const double eta = scan.etas[k], edge = (2 + 2 * beta) / eta;
    double s = edge / 2, norm = 3 + eta;
    if (eta >= 0.4 - 1e-9) s = edge * (1 + 0.01 * eta);
    if (eta >= 0.8 - 1e-9) s = edge * u(rng), norm = 3 + 5 * u(rng);
    if (eta >= 1.0 - 1e-9) {
      m.status[k] = static_cast<std::uint8_t>(Status::diverged);
      s = norm = NAN;
    }
    m.field("sharpness")[k] = static_cast<float>(s);
    m.field("norm2")[k] = static_cast<float>(norm);
    m.field("loss")[k] = 0.1f;
  }
  return scan;
}

TEST(NetScan, FindsTheEdgeOfStabilityAndTheChaoticInterval) {
  for (double beta : {0.0, 0.9}) {
    auto scan = constructed(beta);
    classify_scan(scan);
    ASSERT_TRUE(scan.edge_of_stability) << beta;
    EXPECT_NEAR(scan.edge_of_stability->lo, 0.41, 0.015) << beta;
    EXPECT_NEAR(scan.edge_of_stability->hi, 0.79, 0.015) << beta;
    ASSERT_TRUE(scan.chaotic) << beta;
    EXPECT_NEAR(scan.chaotic->lo, 0.8, 0.025) << beta;
    EXPECT_NEAR(scan.chaotic->hi, 0.99, 0.025) << beta;
    ASSERT_TRUE(scan.first_divergence);
    EXPECT_NEAR(*scan.first_divergence, 1.0, 1e-9);
    EXPECT_EQ(scan.regimes[5], ScanRegime::stable);
  }
}

TEST(NetScan, DivergenceInterleavedWithTrainingIsChaotic) {
  auto scan = constructed(0);
  // every third run of [0.8, 1.0) diverges, the others keep smooth final values
  for (std::int64_t k = 0; k < scan.runs.width; ++k) {
    const double eta = scan.etas[k];
    if (eta < 0.8 - 1e-9 || eta >= 1.0 - 1e-9) continue;
    scan.runs.field("sharpness")[k] = static_cast<float>(2 / eta);
    scan.runs.field("norm2")[k] = static_cast<float>(3 + eta);
    if (k % 3 == 0) {
      scan.runs.status[k] = static_cast<std::uint8_t>(Status::diverged);
      scan.runs.field("sharpness")[k] = scan.runs.field("norm2")[k] = NAN;
    }
  }
  classify_scan(scan);
  ASSERT_TRUE(scan.chaotic);
  EXPECT_NEAR(scan.chaotic->lo, 0.8, 0.025);
  EXPECT_NEAR(scan.chaotic->hi, 0.99, 0.025);
  ASSERT_TRUE(scan.first_divergence);
  EXPECT_LT(*scan.first_divergence, 0.83);
}

TEST(NetScan, ASmoothScanHasNoChaoticInterval) {
  auto scan = constructed(0);
  for (std::int64_t k = 0; k < scan.runs.width; ++k) {  // stable all the way, smooth
    scan.runs.status[k] = static_cast<std::uint8_t>(Status::converged);
    scan.runs.field("sharpness")[k] = static_cast<float>(1 / scan.etas[k]);
    scan.runs.field("norm2")[k] = static_cast<float>(2 + std::sin(scan.etas[k]));
  }
  classify_scan(scan);
  EXPECT_FALSE(scan.chaotic);
  EXPECT_FALSE(scan.edge_of_stability);
  EXPECT_FALSE(scan.first_divergence);
}

TEST(NetScan, ConvergedRunsLieBelowTheStabilityEdge) {
  DataRequest d;
  // Weight decay makes the minima isolated, so runs certify (`gdchaos net scan --data gaussian
  // --features 3 --samples 20 --arch 6 --activation tanh --weight-decay 0.2 --steps 4000`).
  d.source = "gaussian", d.samples = 20, d.features = 3;
  const Mlp net({{6}, Activation::tanh, true, Parametrization::standard, 0.2}, std::make_shared<Dataset>(load_dataset(d)));
  RenderOptions options;
  options.decision.max_iter = 4000;
  for (double beta : {0.0, 0.5}) {
    const auto scan = scan_network(net, {0.1, beta}, net.initial_point(0), evenly_spaced(0.05, 2.4, 24), options);
    int converged = 0;
    for (std::size_t k = 0; k < scan.etas.size(); ++k) {
      if (static_cast<Status>(scan.runs.status[k]) != Status::converged) continue;
      ++converged;
      EXPECT_LT(scan.runs.field("sharpness")[k], (2 + 2 * beta) / scan.etas[k]) << "η " << scan.etas[k] << " β " << beta;
    }
    EXPECT_GT(converged, 3) << "β " << beta;
    EXPECT_EQ(scan.regimes.size(), scan.etas.size());
  }
}

}  // namespace
}  // namespace gdchaos
