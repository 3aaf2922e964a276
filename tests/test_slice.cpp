#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/error.hpp"
#include "gdchaos/slice.hpp"

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
