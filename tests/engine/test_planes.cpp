// The quotient plane and hyperparameter planes against the (u, v) renders they summarise.
#include <cmath>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/theory/critical.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/hyper.hpp"
#include "gdchaos/theory/quotient.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

void expect_quotient_agrees(const Problem& p, int d) {
  // A (u, v) render (on a random plane in ℝ^{2d}), pushed through T, against the quotient render:
  // on every pixel whose quotient neighbourhood is one status, status and ‖θ*‖² agree.
  Problem pd = p;
  pd.d = d;
  const Plane plane = d == 1 ? coords_plane(2) : random_plane(2 * d, 5);
  RenderOptions opt;
  opt.decision.max_iter = 20000;
  const auto uv = render_square(pd, plane, 3.0, 200, opt);
  const Grid qgrid{{-5, 5, 0, 10}, 400, 400};
  const auto q = render(p, QuotientPoints(qgrid), opt);
  EXPECT_EQ(q.counts[4] > 0, true);
  const Grid uvgrid{{-3, 3, -3, 3}, 200, 200};
  std::vector<double> theta(2 * d);
  std::int64_t compared = 0, mismatched = 0;
  for (int i = 0; i < 200; ++i)
    for (int j = 0; j < 200; ++j) {
      plane.point(uvgrid.alpha(j), uvgrid.beta(i), theta);
      const auto [z, w] = quotient_map(pd, theta);
      const auto qj = static_cast<std::int64_t>(std::floor((z - qgrid.window.a0) / (10.0 / 400)));
      const auto qi = static_cast<std::int64_t>(std::floor((w - qgrid.window.b0) / (10.0 / 400)));
      if (qi < 1 || qj < 1 || qi >= 399 || qj >= 399 || !uniform_neighbourhood(q, qi, qj)) continue;
      const auto qs = q.at(qi, qj);
      if (qs == Status::outside_domain) continue;  // a pixel centre just across w = 2|z|
      ++compared;
      const auto px = i * 200 + j;
      // (sub-pixel islands of the fractal boundary that the quotient grid does not resolve are
      // allowed below; the exact-point comparison after the loop has no such excuse)
      mismatched += uv.status[px] != static_cast<std::uint8_t>(qs);
      if (qs == Status::converged && uv.status[px] == 1) {
        // the limit's norm, where it varies slowly across the quotient pixel's neighbourhood
        float lo = q.field("norm2")[qi * 400 + qj], hi = lo;
        for (int a = -1; a <= 1; ++a)
          for (int b = -1; b <= 1; ++b) {
            lo = std::min(lo, q.field("norm2")[(qi + a) * 400 + qj + b]);
            hi = std::max(hi, q.field("norm2")[(qi + a) * 400 + qj + b]);
          }
        mismatched += hi - lo < 0.01f * hi && (uv.field("norm2")[px] < 0.99f * lo || uv.field("norm2")[px] > 1.01f * hi);
      }
    }
  EXPECT_GT(compared, 200 * 200 / 3);
  EXPECT_LE(mismatched, compared / 1000) << "of " << compared;

  // Exactly at T(θ₀): the quotient's d = 1 representative runs the same reduced orbit.
  std::vector<double> reps;
  for (int i = 0; i < 200; ++i)
    for (int j = 0; j < 200; ++j) {
      plane.point(uvgrid.alpha(j), uvgrid.beta(i), theta);
      const auto [z, w] = quotient_map(pd, theta);
      std::vector<double> rep(2);
      ASSERT_TRUE(quotient_representative(z, w, rep));
      reps.insert(reps.end(), rep.begin(), rep.end());
    }
  const auto exact = render(p, ListPoints(2, reps), opt);
  std::int64_t differ = 0;
  for (std::int64_t px = 0; px < 200 * 200; ++px) {
    differ += exact.status[px] != uv.status[px];
    if (exact.status[px] == 1 && uv.status[px] == 1)
      differ += std::abs(exact.field("norm2")[px] - uv.field("norm2")[px]) > 1e-4f * std::max(1.0f, uv.field("norm2")[px]);
  }
  EXPECT_LE(differ, 200 * 200 / 1000);
}

TEST(QuotientPlane, AgreesWithTheUVPlaneFig3) { expect_quotient_agrees(scalar_problem(0.5, 1.0, 0.2), 1); }
TEST(QuotientPlane, AgreesWithARandomPlaneInR8) { expect_quotient_agrees(scalar_problem(1.0, 0.7, 0.1), 4); }

TEST(QuotientPlane, OutsideTheDomainIsStatusFour) {
  const Grid g{{-2, 2, 0, 2}, 64, 64};
  const auto q = render(scalar_problem(1, 0.5), QuotientPoints(g), RenderOptions{});
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 64; ++j)
      EXPECT_EQ(q.at(i, j) == Status::outside_domain, g.beta(i) < 2 * std::abs(g.alpha(j))) << i << "," << j;
}

TEST(HyperPlane, PixelsMatchSingleRuns) {
  const auto base = scalar_problem(0.5, 1.0, 0.2);
  const std::vector<double> init = {1.3, -0.4};
  const HyperAxis eta{Hyperparameter::eta, 0.4, 1.4}, lam{Hyperparameter::lambda, 0.0, 0.5};
  RenderOptions opt;
  opt.decision.max_iter = 5000;
  const auto m = render_hyper(base, init, eta, lam, 24, 16, opt);
  const Grid g{{0.4, 1.4, 0.0, 0.5}, 24, 16};
  for (int i : {0, 5, 15})
    for (int j : {0, 11, 23}) {
      auto p = with_hyperparameter(with_hyperparameter(base, Hyperparameter::eta, g.alpha(j)), Hyperparameter::lambda,
                                   g.beta(i));
      const auto one = render_point(p, init, opt);
      EXPECT_EQ(m.status[i * 24 + j], one.status[0]) << i << "," << j;
      EXPECT_EQ(m.steps[i * 24 + j], one.steps[0]);
      if (one.status[0] == 1) {
        EXPECT_EQ(m.field("norm2")[i * 24 + j], one.field("norm2")[0]);
      }
    }
  EXPECT_GT(m.counts[1], 0);
}

TEST(HyperPlane, EtaAxisEdgeIsTheoremOnesCriticalStep) {
  // λ = 0: along η, GD from θ₀ converges below η*(θ₀) and diverges above it.
  const auto base = scalar_problem(1.0, 0.5);
  const std::vector<double> init = {2.0, 0.7};
  const double eta_star = critical_step(base, init).eta_star;
  ASSERT_LT(eta_star, 1.0);  // the quadric term is active, so divergence (not a cycle) lies above
  RenderOptions opt;
  opt.decision.max_iter = 100000;
  const HyperAxis eta{Hyperparameter::eta, 0.5 * eta_star, 1.5 * eta_star}, y{Hyperparameter::y, 0.999, 1.001};
  const auto m = render_hyper(base, init, eta, y, 200, 1, opt);
  const Grid g{{eta.lo, eta.hi, 0, 1}, 200, 1};
  for (int j = 0; j < 200; ++j) {
    const double e = g.alpha(j);
    if (e < 0.99 * eta_star) {
      EXPECT_TRUE(is_converged(m.at(0, j))) << e << " vs η* " << eta_star;
    } else if (e > 1.01 * eta_star) {
      EXPECT_EQ(m.at(0, j), Status::diverged) << e << " vs η* " << eta_star;
    }
  }
}

TEST(HyperPlane, RecipeValidates) {
  using nlohmann::json;
  const auto job = basin_job_from_recipe(json{{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:0.5,1.2"},
                                              {"axis2", "momentum:0,0.9"}, {"init", "1.5,0.3"}, {"res", 8}});
  EXPECT_TRUE(job.is_hyper());
  EXPECT_EQ(job.render().counts[0] + job.render().counts[1] + job.render().counts[3], 64);
  EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:0.5,1.2"}, {"axis2", "eta:0,1"},
                                          {"init", "1,1"}}),
               InputError);
  EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:-1,1"}, {"axis2", "lambda:0,1"},
                                          {"init", "1,1"}}),
               InputError);
  EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:0.5,1"}, {"axis2", "momentum:0,1.5"},
                                          {"init", "1,1"}}),
               InputError);
  EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"eta", 0.5}, {"plane", "hyper"}, {"axis1", "eta:0.5,1"},
                                          {"axis2", "lambda:0,1"}}),
               InputError);  // no --init
}

}  // namespace
