// Every SIMD target the kernels are compiled for renders the same map, bit for bit: status, steps,
// attractor ids, limit points and every float field (src/engine/fused-inl.h). Run on each target
// this CPU has (here at least the baseline and the best one); a target that rounds one operation
// differently moves boundary pixels of these near-critical maps, and this fails.
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/manifold_limit.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "gdchaos/data/dataset.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/sample/hyper.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/sample/slice.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

// Runs on one target for its lifetime, then on the best again.
struct OnTarget {
  explicit OnTarget(const std::string& name) { choose_simd_target(name); }
  ~OnTarget() { choose_simd_target("best"); }
};

bool same_floats(const PixelArray<float>& a, const PixelArray<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void expect_same_on_every_target(const std::function<BasinMap()>& render_map, const char* what) {
  const auto targets = simd_targets();
  ASSERT_GE(targets.size(), 1u);
#if !defined(__AVX2__)  // (a -march=native build has the build machine's target as its baseline)
  EXPECT_EQ(targets.back(), "baseline") << "the portable baseline is always compiled and runnable";
#endif
  const BasinMap best = render_map();
  ASSERT_GT(best.counts[1], 0) << what << ": the map must show converged pixels";
  for (const auto& target : targets) {
    OnTarget on(target);
    ASSERT_EQ(simd_target(), target);
    const BasinMap map = render_map();
    EXPECT_TRUE(map.status == best.status) << what << " on " << target << ": statuses differ";
    EXPECT_TRUE(map.steps == best.steps) << what << " on " << target << ": steps differ";
    EXPECT_TRUE(map.attractor == best.attractor) << what << " on " << target << ": attractor ids differ";
    EXPECT_EQ(map.attractors, best.attractors) << what << " on " << target << ": limit points differ";
    ASSERT_EQ(map.fields.size(), best.fields.size());
    for (std::size_t f = 0; f < map.fields.size(); ++f)
      EXPECT_TRUE(same_floats(map.fields[f].values, best.fields[f].values))
          << what << " on " << target << ": field " << map.fields[f].name << " differs";
  }
}

Problem fig5_like() {
  Problem p;
  p.d = 5, p.m = 4, p.n = 4, p.eta = 0.45;
  p.Y.assign(16, 0.0);
  const double diag[] = {0.2, 0.5, 0.7, 0.9};
  for (int i = 0; i < 4; ++i) p.Y[i * 4 + i] = diag[i];
  return p;
}

RenderOptions on(Engine engine, int max_iter = 4000) {
  RenderOptions opt;
  opt.engine = engine;
  opt.decision.max_iter = max_iter;
  opt.threads = 2;
  return opt;
}

TEST(SimdTargets, ExactEngineNearCriticalWithCertificatesIsTheSameOnEveryTarget) {
  // λ = 0, η|y| = 0.99: long orbits, most decided by the certified early exit.
  expect_same_on_every_target(
      [] { return render_square(scalar_problem(1, 0.99), coords_plane(2), 2, 96, on(Engine::exact, 20000)); },
      "exact, λ = 0");
}

TEST(SimdTargets, ExactEngineWithWeightDecayMomentumAndInRHigherDimension) {
  expect_same_on_every_target(
      [] { return render_square(scalar_problem(0.5, 1, 0.2), coords_plane(2), 4, 96, on(Engine::exact)); },
      "exact, Fig. 3");
  Problem heavy = scalar_problem(1, 0.8, 0.05, 3);
  heavy.momentum = 0.3;
  expect_same_on_every_target([&] { return render_square(heavy, random_plane(6, 4), 2, 64, on(Engine::exact)); },
                              "exact, momentum, d = 3");
}

TEST(SimdTargets, HyperparameterPlanesAreTheSameOnEveryTarget) {
  for (Engine engine : {Engine::exact, Engine::dense})
    expect_same_on_every_target(
        [&] {
          return render_hyper(scalar_problem(1, 1), {1.3, 0.2}, {Hyperparameter::eta, 0.5, 1.2},
                              {Hyperparameter::lambda, 0, 0.3}, 48, 48, on(engine));
        },
        engine == Engine::exact ? "exact, η × λ" : "dense, η × λ");
}

TEST(SimdTargets, DenseEngineIsTheSameOnEveryTarget) {
  // The fixed-shape kernel (Fig. 5), the general one (d = 3, m = n = 2) and momentum.
  expect_same_on_every_target([] { return render_square(fig5_like(), random_plane(40, 7), 2, 32, on(Engine::dense)); },
                              "dense, Fig. 5 shapes");
  Problem p;
  p.d = 3, p.m = 2, p.n = 2, p.eta = 0.9, p.Y = {1, 0, 0, 0.5};
  expect_same_on_every_target([&] { return render_square(p, random_plane(12, 3), 2.5, 48, on(Engine::dense)); },
                              "dense, general shapes");
  p.momentum = 0.2;
  expect_same_on_every_target([&] { return render_square(p, random_plane(12, 3), 2.5, 32, on(Engine::dense)); },
                              "dense, momentum");
}

TEST(SimdTargets, NetworksAreTheSameOnEveryTarget) {
  // The batched gradient (src/model/mlp_gradient.cpp) over a line of starts through a small
  // tanh network with weight decay, on 16-lane blocks and the leftover lanes alike.
  auto data = std::make_shared<Dataset>();
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g(0.0, 1.0);
  data->n = 24, data->p = 5;
  for (int i = 0; i < data->n; ++i) {
    const double y = i % 2 ? 1.0 : -1.0;
    for (int j = 0; j < data->p; ++j) data->X.push_back(g(rng) + 0.7 * y * (j == 0));
    data->y.push_back(y);
  }
  const Mlp net({{7, 5}, Activation::tanh, true, Parametrization::standard, 0.2}, data);
  const auto theta0 = net.initial_point(2);
  std::vector<double> dir(net.dim()), flat;
  for (auto& x : dir) x = g(rng) / std::sqrt(static_cast<double>(net.dim()));
  constexpr int kStarts = 37;
  for (int i = 0; i < kStarts; ++i)
    for (int e = 0; e < net.dim(); ++e) flat.push_back(theta0[e] + (6.0 * i / (kStarts - 1) - 3) * dir[e]);
  const ListPoints starts(net.dim(), flat);
  RenderOptions opt;
  opt.decision.max_iter = 3000;
  opt.threads = 2;
  expect_same_on_every_target([&] { return render(net, Optimizer{0.5, 0.0}, starts, opt); }, "network");
}

TEST(SimdTargets, TheCertificateIsTheSameOnEveryTarget) {
  const auto best = detail::certify_manifold_limit(0.7071067811865476, 1e-3, 0.5 - 1e-6, 1e-10);
  ASSERT_TRUE(best.certified);
  for (const auto& target : simd_targets()) {
    OnTarget on(target);
    const auto lim = detail::certify_manifold_limit(0.7071067811865476, 1e-3, 0.5 - 1e-6, 1e-10);
    EXPECT_TRUE(lim.certified) << target;
    EXPECT_EQ(lim.sigma, best.sigma) << target;
    EXPECT_EQ(lim.tau, best.tau) << target;
  }
}

TEST(SimdTargets, AnUnknownTargetIsAnInputErrorAndChangesNothing) {
  const std::string before = simd_target();
  EXPECT_THROW(choose_simd_target("sse9"), InputError);
  EXPECT_EQ(simd_target(), before);
  choose_simd_target("BASELINE");  // case-insensitive
  EXPECT_EQ(simd_target(), "baseline");
  choose_simd_target("best");
  EXPECT_EQ(simd_target(), simd_targets().front());
}

}  // namespace
