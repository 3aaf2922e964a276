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

// The point that stands for an attractor is the smallest matched to it, in any order of sight:
// meta.json's attractors are then the same for bands, tiles and ranks in any order.
TEST(Attractors, TheRepresentativeDoesNotDependOnTheOrder) {
  const std::vector<double> a = {1.0, 2.0}, b = {1.0 + 4e-7, 2.0}, c = {1.0 - 3e-7, 2.0 + 1e-7};
  std::vector<std::vector<double>> seen;
  for (const auto& order : {std::vector{a, b, c}, std::vector{b, c, a}, std::vector{c, a, b}}) {
    AttractorTable t;
    for (const auto& p : order) EXPECT_EQ(t.find_or_add(p), 0);
    ASSERT_EQ(t.size(), 1);
    seen.emplace_back(t.point(0).begin(), t.point(0).end());
  }
  EXPECT_EQ(seen[0], c);
  EXPECT_EQ(seen[1], c);
  EXPECT_EQ(seen[2], c);
  // merged tables too
  AttractorTable x, y;
  x.find_or_add(b), y.find_or_add(c);
  x.merge(y);
  EXPECT_EQ(std::vector<double>(x.point(0).begin(), x.point(0).end()), c);
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

TEST(Attractors, MergeOfPointsEqualsMergeOfTheirTable) {
  AttractorTable a, b, c;
  a.find_or_add(std::vector<double>{1.0});
  c.find_or_add(std::vector<double>{1.0});
  const std::vector<std::vector<double>> points = {{3.0}, {1.0 + 1e-9}, {2.0}};
  for (const auto& p : points) b.find_or_add(p);
  EXPECT_EQ(a.merge(b), c.merge(points, false));
  EXPECT_EQ(a.size(), c.size());
  // Points of a table that had overflowed: this one becomes a continuum too, every id −1.
  const auto none = c.merge(points, true);
  EXPECT_TRUE(c.overflowed());
  EXPECT_EQ(none, (std::vector<int>{-1, -1, -1}));
}

TEST(Attractors, RelabelRewritesIdsAndKeepsNone) {
  std::vector<std::int16_t> ids = {0, -1, 2, 1, 2};
  const std::vector<int> new_id = {2, -1, 0};
  relabel_attractors(ids, new_id);
  EXPECT_EQ(ids, (std::vector<std::int16_t>{2, -1, 0, -1, 0}));
  relabel_attractors(ids, new_id, /*continuum=*/true);
  EXPECT_EQ(ids, (std::vector<std::int16_t>(5, -1)));
}
