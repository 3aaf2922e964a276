#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/sample/slice.hpp"

using namespace gdchaos;

TEST(Slice, PixelCentres) {
  Grid g{{-4, 4, -2, 2}, 8, 4};
  EXPECT_DOUBLE_EQ(g.alpha(0), -3.5);
  EXPECT_DOUBLE_EQ(g.alpha(7), 3.5);
  EXPECT_DOUBLE_EQ(g.beta(0), -1.5);
  EXPECT_DOUBLE_EQ(g.beta(3), 1.5);
  // symmetric windows give exactly negated centres (the basin symmetries rely on it)
  Grid s{{-4, 4, -4, 4}, 1000, 1000};
  for (int j = 0; j < 1000; ++j) EXPECT_EQ(s.alpha(j), -s.alpha(999 - j));
}

TEST(Slice, PixelCentresAreTheSameOnEveryPath) {
  // ½(a0 + a1) + (j + ½ − ½W)·h with the product rounded before the sum (as gdchaos has always
  // computed them; volatile keeps the compiler from fusing the reference), for windows that are
  // not symmetric about 0, where a fused multiply-add would differ in the last bit — and the
  // starting points of a slice render use exactly these centres.
  for (const Window w : {Window{0.1, 0.7, -2.5, 1.5}, Window{-2.5, 1.5, 0.3, 0.31}}) {
    const Grid g{w, 1000, 7};
    const Plane plane{"coords", {0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}};
    const SlicePoints points(plane, g);
    std::vector<double> theta(2);
    for (std::int64_t j = 0; j < g.width; ++j) {
      volatile double th = (static_cast<double>(j) + 0.5 - 0.5 * static_cast<double>(g.width)) *
                           ((w.a1 - w.a0) / static_cast<double>(g.width));
      const double expected = 0.5 * (w.a0 + w.a1) + th;
      ASSERT_EQ(g.alpha(j), expected) << j;
      points.point(3 * g.width + j, theta);
      ASSERT_EQ(theta[0], expected) << j;
      ASSERT_EQ(theta[1], g.beta(3));
    }
  }
}

TEST(Slice, RandomPlaneIsOrthonormalAndReproducible) {
  const auto a = random_plane(10, 7), b = random_plane(10, 7), c = random_plane(10, 8);
  EXPECT_EQ(a.dir1, b.dir1);
  EXPECT_EQ(a.base, b.base);
  EXPECT_NE(a.dir1, c.dir1);
  double n1 = 0, n2 = 0, dot = 0;
  for (int k = 0; k < 10; ++k) n1 += a.dir1[k] * a.dir1[k], n2 += a.dir2[k] * a.dir2[k], dot += a.dir1[k] * a.dir2[k];
  EXPECT_NEAR(n1, 1, 1e-14);
  EXPECT_NEAR(n2, 1, 1e-14);
  EXPECT_NEAR(dot, 0, 1e-14);
  // a given base keeps the same directions
  const auto d = random_plane(10, 7, std::vector<double>(10, 0.5));
  EXPECT_EQ(d.dir1, a.dir1);
  EXPECT_EQ(d.base[3], 0.5);
}

TEST(Slice, PlaneFromJsonValidates) {
  using nlohmann::json;
  EXPECT_NO_THROW(plane_from_json(json{{"base", {0, 0}}, {"dir1", {1, 0}}, {"dir2", {0, 1}}}, 2));
  EXPECT_THROW(plane_from_json(json{{"base", {0, 0}}, {"dir1", {1, 0}}}, 2), InputError);
  EXPECT_THROW(plane_from_json(json{{"base", {0, 0, 0}}, {"dir1", {1, 0}}, {"dir2", {0, 1}}}, 2), InputError);
  EXPECT_THROW(plane_from_json(json{{"base", {0, "x"}}, {"dir1", {1, 0}}, {"dir2", {0, 1}}}, 2), InputError);
  EXPECT_THROW(plane_from_json(json::array(), 2), InputError);
  EXPECT_THROW(coords_plane(4), InputError);
}
