#include <gtest/gtest.h>

#include "gdchaos/core/attractors.hpp"

using namespace gdchaos;

TEST(Attractors, MatchesWithinToleranceAndOrdersCanonically) {
  AttractorTable t(1e-6);
  const std::vector<double> p = {1.0, 1.0}, q = {-1.0, -1.0};
  EXPECT_EQ(t.find_or_add(p), 0);
  EXPECT_EQ(t.find_or_add(q), 1);
  EXPECT_EQ(t.find_or_add(std::vector<double>{1.0 + 1e-8, 1.0}), 0);
  EXPECT_EQ(t.find_or_add(std::vector<double>{1.0 + 1e-3, 1.0}), 2);
  const auto order = t.canonical_order();
  EXPECT_EQ(order[1], 0);  // (−1, −1) sorts first
  EXPECT_EQ(t.point(0)[0], -1.0);
}

TEST(Attractors, OverflowMeansContinuum) {
  AttractorTable t;
  for (int k = 0; k < AttractorTable::kCapacity; ++k) EXPECT_EQ(t.find_or_add(std::vector<double>{double(k)}), k);
  EXPECT_EQ(t.find_or_add(std::vector<double>{1000.0}), -1);
  EXPECT_TRUE(t.overflowed());
  AttractorTable g;
  g.find_or_add(std::vector<double>{0.0});
  const auto map = g.merge(t);
  EXPECT_TRUE(g.overflowed());
}

TEST(Attractors, MergeMapsIds) {
  AttractorTable a, b;
  a.find_or_add(std::vector<double>{1.0});
  b.find_or_add(std::vector<double>{2.0});
  b.find_or_add(std::vector<double>{1.0});
  const auto map = a.merge(b);
  EXPECT_EQ(map[0], 1);
  EXPECT_EQ(map[1], 0);
  EXPECT_EQ(a.size(), 2);
}
