// The generic engine runs any model through the model interface. It must agree with the
// factorization's fast paths where both apply, render the deep linear family at depth 2 as the
// dense engine renders the same loss, and decide orbits as a plain reference loop does.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/deep_linear.hpp"
#include "gdchaos/model/factorization.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

struct Agreement {
  std::int64_t interior = 0, status_mismatch = 0, both_converged = 0, value_mismatch = 0;
};

// Compares two maps pixel by pixel: statuses away from the boundary, fields where both converged.
Agreement compare(const BasinMap& a, const BasinMap& b, float rel = 1e-5f) {
  Agreement r;
  for (std::int64_t i = 0; i < a.height; ++i)
    for (std::int64_t j = 0; j < a.width; ++j) {
      const auto px = i * a.width + j;
      if (uniform_neighbourhood(a, i, j) && uniform_neighbourhood(b, i, j)) {
        ++r.interior;
        r.status_mismatch += a.status[px] != b.status[px];
      }
      if (a.status[px] == 1 && b.status[px] == 1) {
        ++r.both_converged;
        bool close = true;
        for (const char* f : {"loss", "norm2", "sharpness", "imbalance"}) {
          const float x = a.field(f)[px], y = b.field(f)[px];
          close = close && std::abs(x - y) <= rel * std::max(1.0f, std::abs(y));
        }
        r.value_mismatch += !close;
      }
    }
  return r;
}

TEST(GenericEngine, AgreesWithTheDenseEngineOnAMatrixFactorization) {
  Problem p;
  p.d = 3, p.m = 2, p.n = 2, p.Y = {1.0, 0.0, 0.0, 0.5}, p.eta = 0.6, p.reg_coef = 0.02;
  const auto plane = random_plane(p.dim(), 3);
  RenderOptions opt;
  opt.decision.max_iter = 5000;
  opt.engine = Engine::dense;
  const auto dense = render_square(p, plane, 2.5, 96, opt);
  opt.engine = Engine::generic;
  const auto generic = render_square(p, plane, 2.5, 96, opt);
  ASSERT_EQ(generic.engine, "generic");
  ASSERT_GT(dense.counts[1], 96 * 96 / 20) << "the window must show a basin";
  ASSERT_GT(dense.counts[3], 96 * 96 / 20) << "and a region that diverges";
  const auto r = compare(dense, generic);
  EXPECT_GT(r.interior, 96 * 96 / 2);
  EXPECT_EQ(r.status_mismatch, 0);
  EXPECT_LE(r.value_mismatch, r.both_converged / 200);
  for (int s = 0; s < kStatusCount; ++s) EXPECT_NEAR(dense.counts[s], generic.counts[s], 96 * 96 / 100) << "status " << s;
}

TEST(GenericEngine, AgreesWithTheExactEngineOnTheScalarProblemWithMomentum) {
  auto p = scalar_problem(0.8, 0.9, 0.1);
  p.momentum = 0.3;
  RenderOptions opt;
  opt.engine = Engine::exact;
  const auto exact = render_square(p, coords_plane(2), 2.5, 96, opt);
  opt.engine = Engine::generic;
  const auto generic = render_square(p, coords_plane(2), 2.5, 96, opt);
  const auto r = compare(exact, generic);
  EXPECT_GT(r.interior, 96 * 96 / 2);
  EXPECT_EQ(r.status_mismatch, 0);
  EXPECT_LE(r.value_mismatch, r.both_converged / 200);
}

// The deep linear θ = (vec W_1, vec W_2) as the factorization's (vec U, vec V): W_1 = V, W_2 = Uᵀ.
Plane as_factorization_plane(const DeepLinear& M, const Plane& deep) {
  const auto& s = M.shape();
  auto convert = [&](const std::vector<double>& t) {
    std::vector<double> f(t.size());
    for (int k = 0; k < s.d; ++k)
      for (int i = 0; i < s.m; ++i) f[k * s.m + i] = t[M.offset(2) + i * s.d + k];
    for (int e = 0; e < s.d * s.n; ++e) f[s.d * s.m + e] = t[M.offset(1) + e];
    return f;
  };
  return Plane{"file", convert(deep.base), convert(deep.dir1), convert(deep.dir2)};
}

TEST(GenericEngine, DeepLinearAtDepthTwoRendersAsTheDenseFactorization) {
  for (double lambda : {0.0, 0.1}) {
    const DeepLinear deep({2, 2, 2, 1, {1.0, 0.4}, 0.5, lambda / 2});
    Problem p;
    p.d = 2, p.m = 2, p.n = 1, p.Y = {1.0, 0.4}, p.eta = 0.7, p.reg_coef = lambda / 2;
    const auto plane = random_plane(deep.dim(), 5);
    const Grid grid{{-2, 2, -2, 2}, 96, 96};
    RenderOptions opt;
    opt.decision.max_iter = 4000;
    const auto generic = render(deep, optimizer_of(p), SlicePoints(plane, grid), opt);
    opt.engine = Engine::dense;
    const auto dense = render(p, as_factorization_plane(deep, plane), grid, opt);
    EXPECT_EQ(generic.engine, "generic");
    ASSERT_GT(dense.counts[1], 96 * 96 / 20) << "λ " << lambda;
    const auto r = compare(dense, generic);
    EXPECT_GT(r.interior, 96 * 96 / 2) << "λ " << lambda;
    EXPECT_EQ(r.status_mismatch, 0) << "λ " << lambda;
    EXPECT_LE(r.value_mismatch, r.both_converged / 200) << "λ " << lambda;
  }
}

// A plain reference: heavy-ball GD from θ₀ with the model's gradient until the loss is at the
// minimum to 1e-9 (converged), ‖θ‖² > 1e10 (diverged), or the budget runs out.
Status reference_outcome(const Model& M, const Optimizer& o, std::vector<double> x, int budget) {
  std::vector<double> prev = x, g(x.size());
  const double min = M.global_min_loss().value_or(0);
  for (int t = 0; t < budget; ++t) {
    M.gradient(x, g);
    for (std::size_t e = 0; e < x.size(); ++e) {
      const double next = x[e] - o.eta * g[e] + o.momentum * (x[e] - prev[e]);
      prev[e] = x[e];
      x[e] = next;
    }
    double n2 = 0;
    for (double v : x) n2 += v * v;
    if (!(n2 <= 1e10)) return Status::diverged;
  }
  return M.loss(x) - min < 1e-9 ? Status::converged : Status::undecided;
}

TEST(GenericEngine, ScalarDeepLinearToyDecidesAsAPlainLoop) {
  // ½(x₃x₂x₁ − 1)² with a step near the edge: starts that converge or diverge well inside their
  // region are decided as plain GD decides them, and every converged limit is a global minimizer
  // (loss 0, product 1).
  const DeepLinear M({3, 1, 1, 1, {1.0}, 0.5, 0.0});
  const Optimizer o{0.35, 0.0};
  std::mt19937_64 rng(9);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> flat;
  const int count = 400;
  for (int k = 0; k < count * 3; ++k) flat.push_back(1.2 * g(rng));
  RenderOptions opt;
  opt.decision.max_iter = 20000;
  const auto map = render(M, o, ListPoints(3, flat), opt);
  int compared = 0, agree = 0, converged = 0;
  for (int k = 0; k < count; ++k) {
    const std::vector<double> x(flat.begin() + 3 * k, flat.begin() + 3 * k + 3);
    const auto ref = reference_outcome(M, o, x, 20000);
    if (ref == Status::undecided) continue;
    ++compared;
    agree += map.status[k] == static_cast<std::uint8_t>(ref);
    if (map.status[k] == 1) {
      ++converged;
      EXPECT_NEAR(map.field("loss")[k], 0.0f, 1e-9f);
    }
  }
  EXPECT_GT(compared, count / 2);
  EXPECT_GT(converged, count / 10);
  EXPECT_GE(agree, compared - compared / 100) << agree << " of " << compared;
  EXPECT_EQ(map.counts[2], 0) << "λ = 0: every local minimum is global";
}

TEST(GenericEngine, RefusesFastPathsForOtherFamilies) {
  const DeepLinear M({3, 1, 1, 1, {1.0}, 0.5, 0.0});
  EXPECT_EQ(resolve_engine(M, Engine::automatic), Engine::generic);
  EXPECT_THROW(resolve_engine(M, Engine::dense), InputError);
  EXPECT_THROW(resolve_engine(M, Engine::exact), InputError);
  EXPECT_EQ(resolve_engine(Factorization(scalar_problem(1, 0.5)), Engine::automatic), Engine::exact);
  Problem matrix;
  matrix.m = 2, matrix.Y = {1.0, 0.5};
  EXPECT_EQ(resolve_engine(Factorization(matrix), Engine::automatic), Engine::dense);
  EXPECT_THROW(resolve_engine(Factorization(matrix), Engine::exact), InputError);
  EXPECT_EQ(resolve_engine(Factorization(matrix), Engine::generic), Engine::generic);
}

}  // namespace
