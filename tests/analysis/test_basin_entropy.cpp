// Basin entropy on label images whose answers are known.
#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/core/error.hpp"

using namespace gdchaos;

namespace {

TEST(BasinEntropy, SingleLabelHasNoBoundary) {
  const std::vector<int> labels(60 * 40, 1);
  const auto e = basin_entropy(labels, 60, 40, 5);
  EXPECT_EQ(e.boxes, 12 * 8);
  EXPECT_EQ(e.boundary_boxes, 0);
  EXPECT_EQ(e.skipped_boxes, 0);
  EXPECT_EQ(e.outcomes, 1);
  EXPECT_DOUBLE_EQ(e.entropy, 0);
  EXPECT_DOUBLE_EQ(e.boundary_entropy, 0);
  EXPECT_FALSE(e.fractal_by_log2());
}

TEST(BasinEntropy, OneBoxByHand) {
  // 2×2 box with three 1s and one 3: S = −(¾ log ¾ + ¼ log ¼)
  const std::vector<int> labels = {1, 1, 1, 3};
  const auto e = basin_entropy(labels, 2, 2, 2);
  const double s = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  EXPECT_EQ(e.boxes, 1);
  EXPECT_EQ(e.boundary_boxes, 1);
  EXPECT_NEAR(e.entropy, s, 1e-15);
  EXPECT_NEAR(e.boundary_entropy, s, 1e-15);
}

TEST(BasinEntropy, HalfPlaneSplitStaysAtOrBelowLog2) {
  const int W = 100, H = 80;
  for (int split : {23, 50, 71}) {
    std::vector<int> labels(W * H);
    for (int i = 0; i < H; ++i)
      for (int j = 0; j < W; ++j) labels[i * W + j] = j < split ? 1 : 3;
    const auto e = basin_entropy(labels, W, H, 5);
    EXPECT_EQ(e.boxes, 20 * 16);
    EXPECT_EQ(e.boundary_boxes, split % 5 ? 16 : 0) << split;  // one column of boxes straddles a split inside it
    EXPECT_LE(e.boundary_entropy, std::numbers::ln2 + 1e-12);
    EXPECT_FALSE(e.fractal_by_log2());
    EXPECT_LE(e.entropy, e.boundary_entropy);
  }
  // a diagonal split: many boundary boxes, each with two outcomes at most
  std::vector<int> labels(W * H);
  for (int i = 0; i < H; ++i)
    for (int j = 0; j < W; ++j) labels[i * W + j] = 0.7 * j + 0.3 * i < 45 ? 1 : 16;
  const auto e = basin_entropy(labels, W, H, 5);
  EXPECT_GT(e.boundary_boxes, 10);
  EXPECT_GT(e.boundary_entropy, 0.1);
  EXPECT_LE(e.boundary_entropy, std::numbers::ln2);
  EXPECT_FALSE(e.fractal_by_log2());
}

TEST(BasinEntropy, FineRandomCheckerboardOfThreeLabelsIsNearLog3) {
  const int W = 200, H = 200;
  std::mt19937 rng(3);
  std::vector<int> labels(W * H);
  for (auto& l : labels) l = static_cast<int>(rng() % 3);
  const auto e = basin_entropy(labels, W, H, 5);
  EXPECT_EQ(e.boundary_boxes, e.boxes);
  EXPECT_EQ(e.outcomes, 3);
  // 25 pixels a box: the plug-in entropy is biased low by about (3 − 1)/(2·25)
  EXPECT_NEAR(e.boundary_entropy, std::log(3.0), 0.08);
  EXPECT_GT(e.boundary_entropy, std::numbers::ln2);
  EXPECT_TRUE(e.fractal_by_log2());
  EXPECT_DOUBLE_EQ(e.entropy, e.boundary_entropy);
}

TEST(BasinEntropy, ExcludedPixelsAreLeftOut) {
  // left half outside the domain (4); right half one label, except a lone 3 next to the excluded part
  const int W = 20, H = 10;
  std::vector<int> labels(W * H, 1);
  for (int i = 0; i < H; ++i)
    for (int j = 0; j < 8; ++j) labels[i * W + j] = 4;
  const auto e = basin_entropy(labels, W, H, 5);
  EXPECT_EQ(e.skipped_boxes, 2);  // columns 0–4 of both box rows
  EXPECT_EQ(e.boxes, 6);
  EXPECT_EQ(e.boundary_boxes, 0);  // the boxes mixing 4 and 1 are not boundary boxes
  EXPECT_EQ(e.pixels, 200 - 80);
  labels[0 * W + 9] = 3;
  const auto f = basin_entropy(labels, W, H, 5);
  EXPECT_EQ(f.boundary_boxes, 1);
  // that box (columns 5–9, rows 0–4) counts columns 8–9 only: 10 pixels, one of them a 3
  const double s = -(0.9 * std::log(0.9) + 0.1 * std::log(0.1));
  EXPECT_NEAR(f.boundary_entropy, s, 1e-12);
  // a different excluded label
  const auto g = basin_entropy(labels, W, H, 5, /*excluded=*/-1);
  EXPECT_EQ(g.skipped_boxes, 0);
  EXPECT_EQ(g.outcomes, 3);
}

TEST(BasinEntropy, PartialBoxesAtTheEdgeAreLeftOut) {
  std::vector<int> labels(12 * 7, 1);
  labels[11] = 3;  // column 11 lies beyond the last full box
  const auto e = basin_entropy(labels, 12, 7, 5);
  EXPECT_EQ(e.boxes, 2);
  EXPECT_EQ(e.boundary_boxes, 0);
}

TEST(BasinEntropy, BadInput) {
  const std::vector<int> labels(16, 1);
  EXPECT_THROW(basin_entropy(labels, 4, 4, 0), InputError);
  EXPECT_THROW(basin_entropy(labels, 4, 4, 5), InputError);
  EXPECT_THROW(basin_entropy(labels, 4, 3, 2), InputError);
}

}  // namespace
