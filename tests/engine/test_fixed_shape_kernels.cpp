// The dense engine's fixed-shape kernels ((d, m, n) = (5, 4, 4) and (1, 1, 1)) must follow the same
// orbits as the general kernel and as gd_step. The general kernel is reached by embedding the
// problem in d + 1 with a zero last row of U and V: GD keeps that row 0 (its gradient is
// V_{d+1}Rᵀ + λU_{d+1} = 0), so the embedded dynamics is the original one, exactly.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

// θ of (d, m, n) as θ of (d + 1, m, n) with zero last rows.
std::vector<double> embed(const std::vector<double>& theta, int d, int m, int n) {
  std::vector<double> out;
  out.insert(out.end(), theta.begin(), theta.begin() + d * m);
  out.insert(out.end(), m, 0.0);
  out.insert(out.end(), theta.begin() + d * m, theta.end());
  out.insert(out.end(), n, 0.0);
  return out;
}

void expect_same_orbits(Problem p, const Plane& plane, double half, int res) {
  RenderOptions opt;
  opt.engine = Engine::dense;
  opt.decision.max_iter = 4000;
  const auto fixed = render_square(p, plane, half, res, opt);
  Problem big = p;
  big.d = p.d + 1;
  const Plane embedded{"file", embed(plane.base, p.d, p.m, p.n), embed(plane.dir1, p.d, p.m, p.n),
                       embed(plane.dir2, p.d, p.m, p.n)};
  const auto general = render_square(big, embedded, half, res, opt);
  ASSERT_GT(fixed.counts[1], res * res / 20) << "the window must show converged pixels";
  ASSERT_GT(fixed.counts[3], res * res / 20) << "and diverged ones";
  std::int64_t mismatch = 0, value_mismatch = 0, both = 0;
  for (std::int64_t px = 0; px < fixed.pixels(); ++px) {
    mismatch += fixed.status[px] != general.status[px];
    if (fixed.status[px] == 1 && general.status[px] == 1) {
      ++both;
      value_mismatch += std::abs(fixed.field("norm2")[px] - general.field("norm2")[px]) > 1e-5f * std::max(1.0f, fixed.field("norm2")[px]);
    }
  }
  // Sums in another order may part chaotic orbits at the boundary; nowhere else.
  EXPECT_LE(mismatch, fixed.pixels() / 200) << mismatch << " of " << fixed.pixels() << " statuses differ";
  EXPECT_LE(value_mismatch, both / 100) << value_mismatch << " of " << both << " limits differ";

  // A few converged pixels against plain gd_step, run to the end.
  int checked = 0;
  for (std::int64_t px = 0; px < fixed.pixels() && checked < 12; px += 37) {
    if (fixed.status[px] != 1) continue;
    const std::int64_t i = px / res, j = px % res;
    const double a = -half + (j + 0.5) * 2 * half / res, b = -half + (i + 0.5) * 2 * half / res;
    std::vector<double> theta(p.dim());
    for (int e = 0; e < p.dim(); ++e) theta[e] = plane.base[e] + a * plane.dir1[e] + b * plane.dir2[e];
    for (int k = 0; k < 20000; ++k) gd_step(p, theta);
    double n2 = 0;
    for (double x : theta) n2 += x * x;
    EXPECT_NEAR(fixed.field("norm2")[px], n2, 1e-4 * std::max(1.0, n2)) << "pixel " << i << "," << j;
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(FixedShapeKernels, Fig5ShapeFollowsTheGeneralKernel) {
  Problem p;
  p.d = 5, p.m = 4, p.n = 4, p.eta = 0.5, p.reg_coef = 0.01;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-0.5, 1.0);
  p.Y.resize(16);
  for (auto& y : p.Y) y = u(rng);  // not symmetric: VRᵀ and VR differ
  expect_same_orbits(p, random_plane(p.dim(), 2), 4.0, 48);
}

TEST(FixedShapeKernels, ScalarShapeFollowsTheGeneralKernel) {
  Problem p = scalar_problem(0.5, 1.0, 0.2);
  expect_same_orbits(p, coords_plane(2), 4.0, 96);
}

}  // namespace
