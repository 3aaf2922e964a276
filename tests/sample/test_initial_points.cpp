// Where orbits start: pixel index (row-major, row i ↔ β_i) ↔ θ₀ for every kind of start, and the
// quotient plane's domain w ≥ 2|z| with its boundary w = 2|z| included.
#include "gdchaos/sample/initial_points.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

std::vector<double> point_of(const InitialPoints& pts, std::int64_t index, bool* inside = nullptr) {
  std::vector<double> theta(pts.dim(), -99.0);
  const bool in = pts.point(index, theta);
  if (inside) *inside = in;
  return theta;
}

// A slanted plane in ℝ³ over a window that is not symmetric, 5 columns by 3 rows.
Plane slanted_plane() { return Plane{"file", {0.5, -1, 2}, {1, 2, 0}, {0, -1, 3}}; }
const Grid kGrid{{-1, 3, 0.5, 2}, 5, 3};

TEST(SlicePoints, IndexIsRowTimesWidthPlusColumn) {
  const Plane plane = slanted_plane();
  const SlicePoints pts(plane, kGrid);
  EXPECT_EQ(pts.dim(), 3);
  EXPECT_EQ(pts.width(), 5);
  EXPECT_EQ(pts.height(), 3);
  EXPECT_EQ(pts.size(), 15);
  std::vector<double> want(3);
  for (std::int64_t i = 0; i < kGrid.height; ++i)
    for (std::int64_t j = 0; j < kGrid.width; ++j) {
      bool inside = false;
      const auto theta = point_of(pts, i * kGrid.width + j, &inside);
      EXPECT_TRUE(inside);
      plane.point(kGrid.alpha(j), kGrid.beta(i), want);
      EXPECT_EQ(theta, want) << i << "," << j;
    }
  // the corners, by the pixel-centre formula α_j = a0 + (j + ½)(a1 − a0)/W
  const auto first = point_of(pts, 0), last = point_of(pts, 14);
  EXPECT_NEAR(first[0], 0.5 + (-1 + 0.4) * 1, 1e-15);
  EXPECT_NEAR(last[2], 2 + (0.5 + 2.5 * 1.5 / 3) * 3, 1e-14);
}

TEST(SlicePoints, KeepsItsOwnCopyOfThePlaneAndGrid) {
  Plane plane = slanted_plane();
  Grid grid = kGrid;
  const SlicePoints pts(plane, grid);
  const auto before = point_of(pts, 7);
  plane.base[0] = 100, grid.width = 1;
  EXPECT_EQ(point_of(pts, 7), before);
  EXPECT_EQ(pts.width(), 5);
}

// The representative is a point of the fibre: uᵀv = z and ‖u‖² + ‖v‖² = w.
TEST(QuotientPoints, TheRepresentativeMapsBackOntoItsQuotientPoint) {
  const Grid grid{{-3, 3, 0, 6}, 24, 16};
  const QuotientPoints pts(grid);
  EXPECT_EQ(pts.dim(), 2);
  EXPECT_EQ(pts.size(), 24 * 16);
  int inside_count = 0;
  for (std::int64_t i = 0; i < grid.height; ++i)
    for (std::int64_t j = 0; j < grid.width; ++j) {
      const double z = grid.alpha(j), w = grid.beta(i);
      bool inside = false;
      const auto theta = point_of(pts, i * grid.width + j, &inside);
      EXPECT_EQ(inside, w >= 2 * std::abs(z)) << "z " << z << " w " << w;
      if (!inside) continue;
      ++inside_count;
      EXPECT_NEAR(theta[0] * theta[1], z, 1e-14 * std::max(1.0, w)) << z << "," << w;
      EXPECT_NEAR(theta[0] * theta[0] + theta[1] * theta[1], w, 1e-14 * std::max(1.0, w)) << z << "," << w;
    }
  EXPECT_GT(inside_count, 0);
  EXPECT_LT(inside_count, 24 * 16);
}

TEST(QuotientPoints, TheDomainBoundaryWEqualsTwiceAbsZIsInside) {
  std::vector<double> theta(2);
  for (double z : {-2.5, -1.0, 0.0, 0.75, 3.0}) {
    const double w = 2 * std::abs(z);
    ASSERT_TRUE(quotient_representative(z, w, theta)) << z;
    // on the boundary u = ±v: u = v for z ≥ 0, u = −v for z < 0
    EXPECT_NEAR(theta[0], z >= 0 ? theta[1] : -theta[1], 1e-15) << z;
    EXPECT_NEAR(theta[0] * theta[1], z, 1e-14) << z;
    // rounding of a computed T(u, v) onto the boundary is allowed, a real step outside is not
    if (z != 0) {
      EXPECT_TRUE(quotient_representative(z, w * (1 - 0x1.0p-52), theta)) << z;
      EXPECT_FALSE(quotient_representative(z, w * (1 - 1e-9), theta)) << z;
    }
  }
  EXPECT_FALSE(quotient_representative(0, -1e-300, theta));
  EXPECT_FALSE(quotient_representative(1, std::nan(""), theta));
  ASSERT_TRUE(quotient_representative(0, 0, theta));
  EXPECT_EQ(theta, (std::vector<double>{0, 0}));
}

// A band of rows is those rows of the whole set, and the bands together are the whole.
TEST(RowBand, BandsConcatenateToTheWhole) {
  const SlicePoints all(slanted_plane(), kGrid);
  const std::vector<std::pair<std::int64_t, std::int64_t>> bands = {{0, 1}, {1, 3}};
  std::int64_t index = 0;
  for (const auto& [begin, end] : bands) {
    const RowBand band(all, begin, end);
    EXPECT_EQ(band.dim(), all.dim());
    EXPECT_EQ(band.width(), all.width());
    EXPECT_EQ(band.height(), end - begin);
    for (std::int64_t k = 0; k < band.size(); ++k, ++index) EXPECT_EQ(point_of(band, k), point_of(all, index)) << index;
  }
  EXPECT_EQ(index, all.size());
}

TEST(RowBand, KeepsTheDomainOfTheWhole) {
  const Grid grid{{-3, 3, 0, 6}, 6, 6};
  const QuotientPoints all(grid);
  const RowBand band(all, 2, 5);
  for (std::int64_t k = 0; k < band.size(); ++k) {
    bool in_band = false, in_all = false;
    const auto a = point_of(band, k, &in_band), b = point_of(all, 2 * 6 + k, &in_all);
    EXPECT_EQ(in_band, in_all) << k;
    if (in_all) { EXPECT_EQ(a, b) << k; }
  }
}

TEST(SameStart, EveryPixelStartsFromTheSamePoint) {
  const std::vector<double> theta0 = {1.5, 0.3, -0.2};
  const SameStart pts(theta0, 4, 3);
  EXPECT_EQ(pts.dim(), 3);
  EXPECT_EQ(pts.width(), 4);
  EXPECT_EQ(pts.height(), 3);
  EXPECT_EQ(pts.size(), 12);
  for (std::int64_t k = 0; k < pts.size(); ++k) {
    bool inside = false;
    EXPECT_EQ(point_of(pts, k, &inside), theta0) << k;
    EXPECT_TRUE(inside);
  }
}

TEST(ListPoints, OneRowOfTheListedPointsInOrder) {
  const std::vector<double> flat = {1, 2, 3, 4, 5, 6, 7, 8};
  const ListPoints pairs(2, flat), quads(4, flat);
  EXPECT_EQ(pairs.width(), 4);
  EXPECT_EQ(pairs.height(), 1);
  EXPECT_EQ(quads.width(), 2);
  EXPECT_EQ(quads.dim(), 4);
  EXPECT_EQ(point_of(pairs, 0), (std::vector<double>{1, 2}));
  EXPECT_EQ(point_of(pairs, 3), (std::vector<double>{7, 8}));
  EXPECT_EQ(point_of(quads, 1), (std::vector<double>{5, 6, 7, 8}));
  EXPECT_EQ(ListPoints(3, {}).size(), 0);
}

}  // namespace
