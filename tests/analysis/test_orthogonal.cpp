// Proposition 5: with orthogonal columns and diagonal Y the matrix problem is its columns.
#include <gtest/gtest.h>

#include "gdchaos/analysis/iterates.hpp"
#include "gdchaos/analysis/orthogonal.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;

TEST(Orthogonal, MatrixGDMatchesTheColumnProblemsOnAGrid) {
  Problem p;
  p.d = 4, p.m = 2, p.n = 2, p.Y = {1.0, 0.0, 0.0, 0.6}, p.eta = 0.7;
  const Plane plane = orthogonal_plane(2, 4);
  const Grid grid{{-2.5, 2.5, -2.5, 2.5}, 96, 96};
  RenderOptions opt;
  opt.engine = Engine::dense;
  opt.decision.max_iter = 100000;
  const auto map = render(p, plane, grid, opt);
  const auto predicted = orthogonal_prediction(p, plane, grid);
  std::int64_t checked = 0, agree = 0, both = 0;
  for (int i = 1; i < 95; ++i)
    for (int j = 1; j < 95; ++j) {
      bool uniform = true;  // the prediction is constant around the pixel
      for (int a = -1; a <= 1; ++a)
        for (int b = -1; b <= 1; ++b) uniform &= predicted[(i + a) * 96 + j + b] == predicted[i * 96 + j];
      const auto want = predicted[i * 96 + j];
      if (!uniform || want == 0) continue;
      ++checked;
      const auto got = static_cast<Status>(map.status[i * 96 + j]);
      agree += want == 1 ? is_converged(got) : got == Status::diverged;
    }
  for (auto s : predicted) both += s == 1;
  EXPECT_GT(both, 96 * 96 / 20);                // the slice shows the basin
  EXPECT_LT(both, 96 * 96 * 19 / 20);           // and its complement
  EXPECT_GT(checked, 96 * 96 * 3 / 4);
  EXPECT_EQ(agree, checked);
}

TEST(Orthogonal, ColumnsStayOrthogonalUnderGD) {
  Problem p;
  p.d = 6, p.m = 3, p.n = 3, p.Y = {1, 0, 0, 0, 0.5, 0, 0, 0, 0.8}, p.eta = 0.2;
  const Plane plane = orthogonal_plane(3, 1);
  const Grid grid{{-0.5, 0.5, -0.5, 0.5}, 4, 4};
  const auto theta = iterate_points(p, SlicePoints(plane, grid), 25);
  const int dim = p.dim();
  for (std::int64_t px = 0; px < 16; ++px)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        if (i == j) continue;
        double uu = 0, uv = 0;
        for (int row = 0; row < 6; ++row) {
          uu += theta[px * dim + row * 3 + i] * theta[px * dim + row * 3 + j];
          uv += theta[px * dim + row * 3 + i] * theta[px * dim + 18 + row * 3 + j];
        }
        EXPECT_NEAR(uu, 0, 1e-12);
        EXPECT_NEAR(uv, 0, 1e-12);
      }
}
