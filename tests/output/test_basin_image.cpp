// basin.png's colours: the status palette (README: white undecided, orange converged, bluish green
// another critical point, grey diverged, near-black outside), attractor ids in the Okabe–Ito
// colours, continuous values on the sequential map over a 0.5–99.5 percentile range.
#include "gdchaos/output/basin_image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

constexpr Status kAll[] = {Status::undecided, Status::converged, Status::other_critical, Status::diverged,
                           Status::outside_domain};
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(BasinImage, OnlyStatusAndAttractorAreCategorical) {
  EXPECT_FALSE(continuous_colouring("status"));
  EXPECT_FALSE(continuous_colouring("attractor"));
  for (const char* c : {"steps", "loss", "norm2", "imbalance", "sharpness", "coord"}) EXPECT_TRUE(continuous_colouring(c)) << c;
}

TEST(BasinImage, StatusColoursAreThePublishedPalette) {
  const ColourScale scale;
  auto colour = [&](Status s) { return pixel_colour("status", scale, s, -1, kNaN); };
  EXPECT_EQ(colour(Status::undecided), (Rgb{255, 255, 255}));      // white
  EXPECT_EQ(colour(Status::converged), (Rgb{230, 159, 0}));        // Okabe–Ito orange
  EXPECT_EQ(colour(Status::other_critical), (Rgb{0, 158, 115}));   // Okabe–Ito bluish green
  EXPECT_EQ(colour(Status::diverged), kNoConvergenceGrey);
  const Rgb outside = colour(Status::outside_domain);
  EXPECT_LT(outside.r + outside.g + outside.b, 3 * 64);  // near-black
  std::set<std::tuple<int, int, int>> distinct;
  for (const Status s : kAll) distinct.insert({colour(s).r, colour(s).g, colour(s).b});
  EXPECT_EQ(distinct.size(), 5u);
}

TEST(BasinImage, AttractorIdsTakeTheCategoricalColoursOnlyWhereGDConverged) {
  const ColourScale scale;
  for (int id = 0; id < 9; ++id) {
    EXPECT_EQ(pixel_colour("attractor", scale, Status::converged, static_cast<std::int16_t>(id), kNaN),
              categorical_color(id));
    EXPECT_EQ(pixel_colour("attractor", scale, Status::other_critical, static_cast<std::int16_t>(id), kNaN),
              categorical_color(id));
  }
  // no id (a continuum of limits), or no convergence: the status colour
  for (const Status s : kAll) {
    EXPECT_EQ(pixel_colour("attractor", scale, s, -1, kNaN), pixel_colour("status", scale, s, -1, kNaN));
    if (!is_converged(s)) { EXPECT_EQ(pixel_colour("attractor", scale, s, 3, kNaN), pixel_colour("status", scale, s, -1, kNaN)); }
  }
}

TEST(BasinImage, ContinuousColoursPlaceTheValueOnTheScale) {
  const ColourScale scale{2.0, 6.0, false};
  EXPECT_EQ(pixel_colour("norm2", scale, Status::converged, 0, 2.0), sequential_color(0.0));
  EXPECT_EQ(pixel_colour("norm2", scale, Status::converged, 0, 6.0), sequential_color(1.0));
  EXPECT_EQ(pixel_colour("norm2", scale, Status::converged, 0, 3.0), sequential_color(0.25));
  // no value: the status colour, so diverged pixels stay grey under every colouring
  for (const Status s : kAll)
    EXPECT_EQ(pixel_colour("loss", scale, s, -1, kNaN), pixel_colour("status", scale, s, -1, kNaN));
}

// Converged pixels show their limit's value; undecided ones the value recorded after the last
// step where an engine records one (networks), and the status colour where it records NaN.
TEST(BasinImage, FieldValuesShowWhereGDConvergedOrRanItsBudget) {
  for (const Status s : kAll) {
    const double v = colour_value("loss", s, 0.25f, 100);
    if (is_converged(s) || s == Status::undecided) { EXPECT_EQ(v, 0.25) << static_cast<int>(s); }
    else { EXPECT_TRUE(std::isnan(v)) << static_cast<int>(s); }
    EXPECT_TRUE(std::isnan(colour_value("loss", s, NAN, 100))) << static_cast<int>(s);
  }
}

// Iteration counts are shown for every status, as log10 (escape time too), except outside the domain.
TEST(BasinImage, StepsShowAsTheirLogarithmForEveryStatusInsideTheDomain) {
  for (const Status s : {Status::undecided, Status::converged, Status::other_critical, Status::diverged}) {
    EXPECT_DOUBLE_EQ(colour_value("steps", s, NAN, 1000), 3.0);
    EXPECT_DOUBLE_EQ(colour_value("steps", s, NAN, 16), std::log10(16.0));
    EXPECT_EQ(colour_value("steps", s, NAN, 0), 0.0);  // zero steps is shown as one
  }
  EXPECT_TRUE(std::isnan(colour_value("steps", Status::outside_domain, NAN, 1000)));
}

TEST(BasinImage, ScaleIsTheHalfAndNinetyNineAndAHalfPercentiles) {
  // 0, 1, …, 1000 in shuffled order: the 0.5 % and 99.5 % order statistics are 5 and 995.
  std::vector<float> v(1001);
  for (int k = 0; k <= 1000; ++k) v[k] = static_cast<float>(k);
  std::shuffle(v.begin(), v.end(), std::mt19937(4));
  // a few extreme pixels and non-numbers change nothing
  auto with_outliers = v;
  with_outliers.insert(with_outliers.end(), {NAN, INFINITY, -INFINITY, NAN});
  for (const auto& values : {v, with_outliers}) {
    const auto s = colour_scale(values, true);
    EXPECT_EQ(s.lo, 5.0);
    EXPECT_EQ(s.hi, 995.0);
    EXPECT_TRUE(s.log_scale);
  }
  EXPECT_FALSE(colour_scale(v, false).log_scale);
}

TEST(BasinImage, DegenerateSamplesStillGiveAnIncreasingRange) {
  const auto none = colour_scale({}, false);
  EXPECT_EQ(none.lo, 0.0);
  EXPECT_EQ(none.hi, 1.0);
  const auto all_nan = colour_scale({NAN, NAN}, false);
  EXPECT_LT(all_nan.lo, all_nan.hi);
  const auto constant = colour_scale(std::vector<float>(50, 7.0f), false);
  EXPECT_EQ(constant.lo, 7.0);
  EXPECT_EQ(constant.hi, 8.0);
}

}  // namespace

// The painter basin.png is drawn with gives every pixel the colour of pixel_colour ∘ colour_value,
// for every colouring, status and value (NaN, ±∞, out of range, log-scaled steps included).
TEST(BasinImage, PainterAgreesWithPixelColourEverywhere) {
  const float values[] = {-1e30f, -2.5f, 0.0f, 0.3f, 0.99f, 1.0f, 7.0f, 1e30f, std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::infinity()};
  const std::int32_t steps[] = {0, 1, 16, 1000, 123456};
  const std::int16_t ids[] = {-1, 0, 1, 6, 7, 300};
  for (const std::string color : {"status", "attractor", "norm2", "sharpness", "imbalance", "coord", "steps"}) {
    const ColourScale scale{color == "steps" ? 0.5 : -1.0, color == "steps" ? 4.0 : 2.0, color == "steps"};
    const PixelPainter paint(color, scale);
    EXPECT_EQ(paint.reads_steps(), color == "steps");
    EXPECT_EQ(paint.reads_field(), continuous_colouring(color) && color != "steps");
    for (int st = 0; st < kStatusCount; ++st)
      for (const float v : values)
        for (const std::int32_t n : steps)
          for (const std::int16_t id : ids) {
            const auto s = static_cast<Status>(st);
            const Rgb want = pixel_colour(color, scale, s, id, colour_value(color, s, v, n));
            const Rgb got = paint(s, id, v, n);
            ASSERT_TRUE(want.r == got.r && want.g == got.g && want.b == got.b)
                << color << " status " << st << " value " << v << " steps " << n << " id " << id;
          }
  }
}
