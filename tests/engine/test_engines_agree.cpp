// The exact O(1) path and the dense path must give the same answer where both apply (m = n = 1).
#include <cmath>

#include <gtest/gtest.h>

#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

void expect_agree(const Problem& p, const Plane& plane, double half) {
  RenderOptions opt;
  opt.decision.max_iter = 20000;
  opt.engine = Engine::exact;
  const int res = 128;
  const auto exact = render_square(p, plane, half, res, opt);
  opt.engine = Engine::dense;
  const auto dense = render_square(p, plane, half, res, opt);
  ASSERT_EQ(exact.engine, "exact");
  ASSERT_EQ(dense.engine, "dense");
  ASSERT_GT(exact.counts[1], res * res / 50) << "the window must show a basin";
  std::int64_t interior = 0, status_mismatch = 0, both_converged = 0, value_mismatch = 0;
  for (int i = 0; i < res; ++i)
    for (int j = 0; j < res; ++j) {
      const auto px = i * res + j;
      if (uniform_neighbourhood(exact, i, j) && uniform_neighbourhood(dense, i, j)) {
        ++interior;
        status_mismatch += exact.status[px] != dense.status[px];
      }
      if (exact.status[px] == 1 && dense.status[px] == 1) {
        ++both_converged;
        const auto close = [](float x, float y) { return std::abs(x - y) <= 1e-5f * std::max(1.0f, std::abs(x)); };
        value_mismatch += !(close(exact.field("norm2")[px], dense.field("norm2")[px]) && close(exact.field("loss")[px], dense.field("loss")[px]) &&
                            close(exact.field("imbalance")[px], dense.field("imbalance")[px]) &&
                            close(exact.field("sharpness")[px], dense.field("sharpness")[px]));
      }
    }
  EXPECT_GT(interior, res * res / 2);
  EXPECT_EQ(status_mismatch, 0);
  // Orbits that pass near the chaotic boundary may part ways in the last bits; the rest agree.
  EXPECT_LE(value_mismatch, both_converged / 100) << value_mismatch << " of " << both_converged;
}

TEST(EnginesAgree, Fig3Setting) { expect_agree(scalar_problem(0.5, 1.0, 0.2), coords_plane(2), 4); }
TEST(EnginesAgree, Unregularised) { expect_agree(scalar_problem(1.0, 0.8), coords_plane(2), 3); }
TEST(EnginesAgree, ScalarVectorRandomPlane) {
  expect_agree(scalar_problem(1.0, 0.5, 0.1, 4), random_plane(8, 3), 2.5);
}
TEST(EnginesAgree, WithMomentum) {
  auto p = scalar_problem(1.0, 0.4, 0.05, 2);
  p.momentum = 0.3;
  expect_agree(p, random_plane(4, 9), 2.5);
}
TEST(EnginesAgree, LossWithoutTheHalf) {
  // Fig. 1's loss (uᵀv − 1)² + 0.3(‖u‖² + ‖v‖²), u, v ∈ ℝ⁵
  Problem p;
  p.d = 5, p.Y = {1.0}, p.data_coef = 1.0, p.reg_coef = 0.3, p.eta = 0.3;
  expect_agree(p, random_plane(10, 1), 2.5);
}

}  // namespace
