#include "gdchaos/output/colormap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <thread>
#include <vector>

using namespace gdchaos;

namespace {

double distance(Oklab p, Oklab q) { return std::hypot(p.L - q.L, p.a - q.a, p.b - q.b); }

int max_channel_diff(Rgb p, Rgb q) {
  return std::max({std::abs(p.r - q.r), std::abs(p.g - q.g), std::abs(p.b - q.b)});
}

std::vector<Oklab> sample_sequential(int n) {
  std::vector<Oklab> out;
  for (int i = 0; i < n; ++i) out.push_back(rgb_to_oklab(sequential_color(static_cast<double>(i) / (n - 1))));
  return out;
}

}  // namespace

TEST(Oklab, MatchesPublishedReferenceValues) {
  // Reference values from Björn Ottosson's Oklab definition.
  const Oklab white = rgb_to_oklab({255, 255, 255});
  EXPECT_NEAR(white.L, 1.0, 1e-4);
  EXPECT_NEAR(white.a, 0.0, 1e-4);
  EXPECT_NEAR(white.b, 0.0, 1e-4);
  const Oklab black = rgb_to_oklab({0, 0, 0});
  EXPECT_NEAR(black.L, 0.0, 1e-12);
  const Oklab red = rgb_to_oklab({255, 0, 0});
  EXPECT_NEAR(red.L, 0.627955, 1e-4);
  EXPECT_NEAR(red.a, 0.224863, 1e-4);
  EXPECT_NEAR(red.b, 0.125846, 1e-4);
  const Oklab blue = rgb_to_oklab({0, 0, 255});
  EXPECT_NEAR(blue.L, 0.452014, 1e-4);
  EXPECT_NEAR(blue.a, -0.032457, 1e-4);
  EXPECT_NEAR(blue.b, -0.311528, 1e-4);
  // Greys lie on the neutral axis with lightness rising.
  double last = -1;
  for (int v = 0; v <= 255; v += 15) {
    const Oklab g = rgb_to_oklab({static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v),
                                  static_cast<std::uint8_t>(v)});
    EXPECT_NEAR(g.a, 0.0, 1e-4);
    EXPECT_NEAR(g.b, 0.0, 1e-4);
    EXPECT_GT(g.L, last);
    last = g.L;
  }
}

TEST(Oklab, RoundTripsEverySrgbColourWithinOneStep) {
  int worst = 0;
  for (int r = 0; r <= 255; r += 3)
    for (int g = 0; g <= 255; g += 3)
      for (int b = 0; b <= 255; b += 3) {
        const Rgb c{static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(b)};
        worst = std::max(worst, max_channel_diff(c, oklab_to_rgb(rgb_to_oklab(c))));
      }
  EXPECT_LE(worst, 1);
}

TEST(Oklab, OutOfGamutColoursAreClamped) {
  EXPECT_EQ(oklab_to_rgb({1.5, 0, 0}), (Rgb{255, 255, 255}));
  EXPECT_EQ(oklab_to_rgb({-0.2, 0, 0}), (Rgb{0, 0, 0}));
}

TEST(SequentialMap, LightnessIsLinearAndStrictlyIncreasing) {
  EXPECT_NEAR(sequential_lightness(0.0), 0.27, 0.02);
  EXPECT_NEAR(sequential_lightness(1.0), 0.93, 0.02);
  double last = -1;
  for (int i = 0; i <= 1000; ++i) {
    const double L = sequential_lightness(i / 1000.0);
    EXPECT_GT(L, last);
    last = L;
  }
  // The colours really have that lightness: no channel clamping distorted them.
  const auto samples = sample_sequential(64);
  for (int i = 0; i < 64; ++i) {
    EXPECT_NEAR(samples[i].L, sequential_lightness(i / 63.0), 0.005) << i;
    if (i > 0) {
      EXPECT_GT(samples[i].L, samples[i - 1].L) << i;
    }
  }
}

TEST(SequentialMap, StepsArePerceptuallyEven) {
  const auto samples = sample_sequential(64);
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (int i = 1; i < 64; ++i) {
    const double d = distance(samples[i - 1], samples[i]);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_GT(lo, 0.0);
  // The unrounded map is even to within 6%; rounding to 8-bit channels adds the rest.
  EXPECT_LT(hi / lo, 1.6) << "min step " << lo << ", max step " << hi;
}

TEST(SequentialMap, HueTurnsFromBluePurpleThroughTealToYellow) {
  const Oklab start = rgb_to_oklab(sequential_color(0.0));
  const Oklab mid = rgb_to_oklab(sequential_color(0.5));
  const Oklab end = rgb_to_oklab(sequential_color(1.0));
  EXPECT_LT(start.b, -0.05);  // blue side
  EXPECT_GT(start.a, 0.0);    // towards purple
  EXPECT_LT(mid.a, -0.05);    // green-cyan side
  EXPECT_GT(end.b, 0.1);      // yellow
  const Rgb e = sequential_color(1.0);
  EXPECT_GT(e.r, 200);
  EXPECT_GT(e.g, 200);
  EXPECT_LT(e.b, 120);
  // Clearly coloured, not washed out, at both ends.
  EXPECT_GT(std::hypot(start.a, start.b), 0.08);
  EXPECT_GT(std::hypot(end.a, end.b), 0.12);
}

TEST(SequentialMap, ClampsOutOfRangeAndMapsNanToGrey) {
  EXPECT_EQ(sequential_color(-3.0), sequential_color(0.0));
  EXPECT_EQ(sequential_color(7.0), sequential_color(1.0));
  EXPECT_EQ(sequential_color(-std::numeric_limits<double>::infinity()), sequential_color(0.0));
  EXPECT_EQ(sequential_color(std::numeric_limits<double>::infinity()), sequential_color(1.0));
  EXPECT_EQ(sequential_color(std::nan("")), kNoConvergenceGrey);
}

TEST(SequentialMap, InterpolatesContinuously) {
  for (int i = 1; i <= 4096; ++i)
    EXPECT_LE(max_channel_diff(sequential_color((i - 1) / 4096.0), sequential_color(i / 4096.0)), 2) << i;
}

TEST(SequentialMap, IsSafeToInitialiseFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<Rgb> results(8);
  for (int i = 0; i < 8; ++i) threads.emplace_back([&results, i] { results[i] = sequential_color(0.3); });
  for (auto& t : threads) t.join();
  for (const Rgb& c : results) EXPECT_EQ(c, sequential_color(0.3));
}

TEST(CategoricalMap, ColoursAreDistinctFromEachOtherAndFromSpecialColours) {
  const int n = categorical_palette_size();
  ASSERT_EQ(n, 7);  // Okabe–Ito without black
  for (int i = 0; i < n; ++i) {
    const Oklab ci = rgb_to_oklab(categorical_color(i));
    EXPECT_GT(distance(ci, rgb_to_oklab(kNoConvergenceGrey)), 0.08) << i;
    EXPECT_GT(distance(ci, rgb_to_oklab(kUndecidedColor)), 0.08) << i;
    EXPECT_GT(distance(ci, rgb_to_oklab({0, 0, 0})), 0.3) << i;
    for (int j = 0; j < i; ++j) EXPECT_GT(distance(ci, rgb_to_oklab(categorical_color(j))), 0.08) << i << ", " << j;
  }
}

TEST(CategoricalMap, CyclesAfterThePalette) {
  const int n = categorical_palette_size();
  for (int k = 0; k < 3 * n; ++k) EXPECT_EQ(categorical_color(k), categorical_color(k % n));
  EXPECT_EQ(categorical_color(0), (Rgb{230, 159, 0}));  // Okabe–Ito orange
}
