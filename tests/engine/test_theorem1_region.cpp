// Theorem 1: for λ = 0 and η|y| < 1 the convergence region is the quadric
//   D′_η = { η s − η² y z < 4 − η² y² }.
// The rendered map must agree with it on every pixel whose neighbourhood lies on one side of the
// analytic boundary, for several y, η, d and random planes.
#include <cmath>
#include <cstdio>
#include <tuple>

#include <gtest/gtest.h>

#include "gdchaos/theory/critical.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

struct Case {
  double y, eta;
  int d;
  int seed;  // -1: the (u, v) plane
  double half;
};

class Theorem1Region : public ::testing::TestWithParam<Case> {};

TEST_P(Theorem1Region, RenderAgreesWithTheQuadric) {
  const auto c = GetParam();
  const auto p = scalar_problem(c.y, c.eta, 0, c.d);
  const Plane plane = c.seed < 0 ? coords_plane(2) : random_plane(2 * c.d, c.seed);
  const int res = 160;
  RenderOptions opt;
  opt.decision.max_iter = 200000;
  const Grid grid{{-c.half, c.half, -c.half, c.half}, res, res};
  const auto map = render(p, plane, grid, opt);
  std::vector<double> theta(p.dim());
  auto margin = [&](double a, double b) {
    plane.point(a, b, theta);
    return theorem1_margin(p, theta);
  };
  const double h = 2 * c.half / res;
  std::int64_t inside = 0, outside = 0;
  for (int i = 0; i < res; ++i)
    for (int j = 0; j < res; ++j) {
      // the pixel's 3×3 neighbourhood, sampled on a 7×7 lattice, lies on one side of ∂D′_η
      int neg = 0, pos = 0;
      for (int s = 0; s <= 6; ++s)
        for (int t = 0; t <= 6; ++t) (margin(grid.alpha(j) + (t - 3) * h / 2, grid.beta(i) + (s - 3) * h / 2) < 0 ? neg : pos)++;
      if (neg && pos) continue;
      const auto st = map.at(i, j);
      if (neg) {
        ++inside;
        EXPECT_TRUE(is_converged(st)) << "pixel " << i << "," << j << " status " << int(st);
      } else {
        ++outside;
        EXPECT_EQ(st, Status::diverged) << "pixel " << i << "," << j;
      }
    }
  // both sides are represented, and the boundary band is thin
  EXPECT_GT(inside, res * res / 20);
  EXPECT_GT(outside, res * res / 20);
  EXPECT_GT(inside + outside, res * res * 8 / 10);
}

INSTANTIATE_TEST_SUITE_P(Cases, Theorem1Region,
                         ::testing::Values(Case{1, 0.5, 1, -1, 3}, Case{1, 0.9, 1, -1, 3}, Case{2, 0.3, 1, -1, 3},
                                           Case{-1, 0.7, 1, -1, 3}, Case{1, 0.6, 3, 1, 2.5},
                                           Case{0.5, 1.2, 5, 2, 2.5}, Case{1.5, 0.4, 10, 3, 2.5}),
                         [](const auto& info) {
                           const auto& c = info.param;
                           char name[96];
                           std::snprintf(name, sizeof name, "y%g_eta%g_d%d_%s%d", c.y, c.eta, c.d,
                                         c.seed < 0 ? "uv" : "seed", std::max(c.seed, 0));
                           std::string s = name;
                           for (auto& ch : s) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return s;
                         });

}  // namespace
