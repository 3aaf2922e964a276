// The network engine: properties of what it decides (a certified limit is linearly stable: its
// sharpness is below 2/η, (2 + 2β)/η with momentum), final values after the step budget, a
// network's outcome independent of its lane and tile, and the Lanczos sharpness against the dense
// Hessian's top eigenvalue.
#include <cmath>
#include <memory>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/model/spectrum.hpp"

namespace gdchaos {
namespace {

std::shared_ptr<const Dataset> blobs(int n, int p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  auto d = std::make_shared<Dataset>();
  d->n = n, d->p = p;
  for (int i = 0; i < n; ++i) {
    const double y = i % 2 ? 1.0 : -1.0;
    for (int j = 0; j < p; ++j) d->X.push_back(g(rng) + 0.8 * y * (j == 0));
    d->y.push_back(y);
  }
  d->description = nlohmann::json{{"source", "test"}};
  return d;
}

// Starts: θ₀ + s·(random direction) for s spread over [−spread, spread].
ListPoints starts(const Mlp& net, int count, double spread, std::uint64_t seed) {
  const auto theta0 = net.initial_point(seed);
  std::mt19937_64 rng(seed + 1);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> dir(net.dim());
  for (auto& x : dir) x = g(rng) / std::sqrt(static_cast<double>(net.dim()));
  std::vector<double> flat;
  for (int i = 0; i < count; ++i) {
    const double s = count == 1 ? 0 : spread * (2.0 * i / (count - 1) - 1);
    for (int e = 0; e < net.dim(); ++e) flat.push_back(theta0[e] + s * dir[e]);
  }
  return ListPoints(net.dim(), flat);
}

RenderOptions budget(int steps) {
  RenderOptions o;
  o.decision.max_iter = steps;
  o.threads = 1;
  return o;
}

TEST(NetworkEngine, IsChosenForNetworksAndRefusedForOtherFamilies) {
  const Mlp net({{4}, Activation::tanh, true, Parametrization::standard, 0}, blobs(8, 3, 1));
  EXPECT_EQ(resolve_engine(net, Engine::automatic), Engine::network);
  EXPECT_EQ(resolve_engine(net, Engine::generic), Engine::generic);
}

TEST(NetworkEngine, CertifiedLimitsAreLinearlyStableAndUndecidedOnesKeepTheirFinalValues) {
  // With weight decay the minima are isolated, so some networks certify; sharpness < 2/η there.
  const Mlp net({{6}, Activation::tanh, true, Parametrization::standard, 0.2}, blobs(20, 3, 2));
  for (double beta : {0.0, 0.6}) {
    const double eta = 0.5;
    const auto map = render(net, {eta, beta}, starts(net, 40, 3.0, 3), budget(4000));
    int converged = 0, undecided = 0;
    for (std::int64_t k = 0; k < map.pixels(); ++k) {
      const auto s = static_cast<Status>(map.status[k]);
      const float sharp = map.field("sharpness")[k], loss = map.field("loss")[k];
      if (s == Status::diverged) {
        EXPECT_TRUE(std::isnan(sharp));
        continue;
      }
      EXPECT_TRUE(std::isfinite(loss) && std::isfinite(sharp)) << k;
      if (s == Status::converged) {
        ++converged;
        EXPECT_LT(sharp, (2 + 2 * beta) / eta) << "pixel " << k << " β " << beta;
        EXPECT_LE(map.steps[k], 4000);
      } else {
        ++undecided;
        EXPECT_EQ(map.steps[k], 4000);  // exactly the budget
      }
    }
    EXPECT_GT(converged, 0) << "β " << beta;
  }
}

TEST(NetworkEngine, ANetworksOutcomeDoesNotDependOnItsLaneOrTile) {
  const Mlp net({{5, 4}, Activation::relu, true, Parametrization::standard, 1e-3}, blobs(24, 4, 5));
  const auto all = starts(net, 37, 4.0, 9);
  const Optimizer opt{0.9, 0};
  auto options = budget(600);
  const auto map = render(net, opt, all, options);
  for (int k : {0, 5, 17, 36}) {
    std::vector<double> one(net.dim());
    all.point(k, one);
    const auto single = render(net, opt, ListPoints(net.dim(), one), options);
    EXPECT_EQ(single.status[0], map.status[k]) << k;
    EXPECT_EQ(single.steps[0], map.steps[k]) << k;
    const float a = single.field("loss")[0], b = map.field("loss")[k];
    if (std::isnan(b)) EXPECT_TRUE(std::isnan(a));
    else EXPECT_EQ(a, b) << k;
  }
  // More threads (other tiles): the same map.
  options.threads = 2;
  const auto again = render(net, opt, all, options);
  EXPECT_EQ(std::vector<std::uint8_t>(again.status.begin(), again.status.end()),
            std::vector<std::uint8_t>(map.status.begin(), map.status.end()));
}

TEST(NetworkEngine, HugeStepsDivergeAndTheSharpnessIsTheHessiansTopEigenvalue) {
  const Mlp net({{4}, Activation::tanh, true, Parametrization::standard, 0}, blobs(10, 3, 7));
  const auto map = render(net, {50.0, 0}, starts(net, 4, 0.5, 1), budget(200));
  EXPECT_EQ(map.counts[static_cast<int>(Status::diverged)], 4);

  // A small step: after 50 steps no network is decided; the recorded sharpness is λ_max(H(θ_50)).
  const auto pts = starts(net, 1, 0, 4);
  const auto small = render(net, {0.01, 0}, pts, budget(50));
  ASSERT_EQ(small.status[0], static_cast<std::uint8_t>(Status::undecided));
  std::vector<double> theta(net.dim()), g(net.dim());
  pts.point(0, theta);
  for (int t = 0; t < 50; ++t) {
    net.gradient(theta, g);
    for (int e = 0; e < net.dim(); ++e) theta[e] -= 0.01 * g[e];
  }
  const auto ev = symmetric_eigenvalues(net.hessian(theta), net.dim());
  EXPECT_NEAR(small.field("sharpness")[0], ev.back(), 1e-5 * ev.back());
  EXPECT_NEAR(small.field("loss")[0], net.loss(theta), 1e-6 * net.loss(theta));
}

TEST(NetworkEngine, OnAManifoldOfMinimizersOnlyAnOrbitThatStopsIsConverged) {
  // λ = 0 and far more parameters than samples: the zero-loss minimizers form a manifold, the
  // Hessian there has zero eigenvalues, GD's Jacobian has eigenvalue 1 along it, and no
  // contraction certificate exists. A network is converged there only when GD stops exactly
  // (zero residuals: a fixed point in double precision); the others stay undecided.
  const Mlp net({{6}, Activation::tanh, true, Parametrization::standard, 0}, blobs(3, 2, 11));
  for (double beta : {0.0, 0.5}) {
    const auto map = render(net, {0.3, beta}, starts(net, 16, 1.0, 5), budget(6000));
    int reached = 0;
    for (std::int64_t k = 0; k < map.pixels(); ++k) {
      const auto s = static_cast<Status>(map.status[k]);
      const float loss = map.field("loss")[k];
      if (s == Status::converged) {
        EXPECT_LT(loss, 1e-30) << "pixel " << k << " β " << beta;
      }
      if (s != Status::diverged && loss < 1e-12) ++reached;
    }
    EXPECT_GT(reached, 0) << "no network reached the manifold: the test checks nothing (β " << beta << ")";
  }
}

}  // namespace
}  // namespace gdchaos
