// The streamed box counting (BoxCounter, BoundaryStream) against the in-memory definitions
// (count_boxes, boundary_mask, isolated_pixel_count, box_counting_dimension): the same numbers,
// bit for bit, whatever the band size, including bands that do not divide the height.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gdchaos/analysis/box_counting.hpp"

using gdchaos::BoundarySelection;
using gdchaos::BoundaryStream;
using gdchaos::BoxCount;
using gdchaos::BoxCounter;
using gdchaos::LabelImage;

namespace {

// A map with structure at several scales: discs of converged pixels (three attractors) in a
// diverged background, a wedge outside the domain, a few undecided specks and scattered noise.
LabelImage random_map(std::int64_t w, std::int64_t h, std::uint32_t seed, bool with_attractor = true, double noise = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  struct Disc {
    double x, y, r;
    int id;
  };
  std::vector<Disc> discs;
  for (int k = 0; k < 12; ++k)
    discs.push_back({U(rng) * w, U(rng) * h, (0.05 + 0.3 * U(rng)) * std::min(w, h), static_cast<int>(rng() % 3)});
  LabelImage im;
  im.width = w, im.height = h;
  im.status.resize(static_cast<std::size_t>(w * h));
  if (with_attractor) im.attractor.resize(im.status.size());
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j) {
      const auto k = static_cast<std::size_t>(i * w + j);
      std::uint8_t s = 3;
      std::int16_t a = -1;
      for (const auto& d : discs)
        if (std::hypot(j + 0.5 - d.x, i + 0.5 - d.y) < d.r) s = 1, a = static_cast<std::int16_t>(d.id);
      if (i < (w / 6 - j) / 2) s = 4, a = -1;  // a corner outside the domain
      const double n = U(rng) / noise;  // noise = 0: none
      if (n < 0.01) s = 0, a = -1;  // undecided specks
      else if (n < 0.03) s = static_cast<std::uint8_t>(1 + rng() % 3), a = s == 1 ? static_cast<std::int16_t>(rng() % 3) : -1;
      else if (n < 0.035) s = 2, a = -1;  // the saddle
      im.status[k] = s;
      if (with_attractor) im.attractor[k] = a;
    }
  return im;
}

void expect_same_counts(const std::vector<BoxCount>& got, const std::vector<BoxCount>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(got[k].box_size, want[k].box_size) << k;
    EXPECT_EQ(got[k].count, want[k].count) << k;
    EXPECT_EQ(got[k].per_offset, want[k].per_offset) << "box size " << want[k].box_size;
  }
}

// Feeds the map to a BoundaryStream in bands whose sizes cycle through `bands`.
BoundaryStream stream_map(const LabelImage& im, const BoundarySelection& sel, const std::vector<std::int64_t>& bands,
                          std::int64_t min_boxes = 8) {
  BoundaryStream s(im.width, im.height, sel, min_boxes);
  std::size_t b = 0;
  for (std::int64_t first = 0; first < im.height; ++b) {
    const std::int64_t n = std::min(bands[b % bands.size()], im.height - first);
    const auto lo = static_cast<std::size_t>(first * im.width), hi = static_cast<std::size_t>((first + n) * im.width);
    const std::span<const std::uint8_t> status(im.status.data() + lo, hi - lo);
    const std::span<const std::int16_t> attractor =
        im.attractor.empty() ? std::span<const std::int16_t>() : std::span<const std::int16_t>(im.attractor.data() + lo, hi - lo);
    EXPECT_FALSE(s.complete());
    s.add_rows(status, attractor);
    first += n;
  }
  EXPECT_TRUE(s.complete());
  return s;
}

}  // namespace

TEST(BoxCounterStream, EqualsCountBoxesOnRandomMasks) {
  std::mt19937 rng(11);
  struct Size {
    std::int64_t w, h, min_boxes;
  };
  for (const auto& [w, h, min_boxes] : std::vector<Size>{
           {1, 1, 1}, {7, 300, 1}, {300, 7, 1}, {129, 77, 8}, {256, 256, 8}, {1000, 33, 2}, {65, 130, 1}, {64, 64, 100}}) {
    for (const double density : {0.0, 0.002, 0.05, 0.5, 1.0}) {
      SCOPED_TRACE(testing::Message() << w << "x" << h << " density " << density << " min " << min_boxes);
      std::bernoulli_distribution hit(density);
      std::vector<std::uint8_t> mask(static_cast<std::size_t>(w * h));
      for (auto& m : mask) m = hit(rng);
      BoxCounter counter(w, h, min_boxes);
      std::vector<std::int64_t> cols;
      for (std::int64_t i = 0; i < h; ++i) {
        cols.clear();
        for (std::int64_t j = 0; j < w; ++j)
          if (mask[static_cast<std::size_t>(i * w + j)]) cols.push_back(j);
        counter.add_row(cols);
      }
      expect_same_counts(counter.counts(), gdchaos::count_boxes(mask, w, h, min_boxes));
    }
  }
}

TEST(BoxCounterStream, RefusesMisuse) {
  EXPECT_THROW(BoxCounter(4, 4, 0), std::invalid_argument);
  EXPECT_THROW(BoxCounter(-1, 4), std::invalid_argument);
  BoxCounter c(16, 2, 1);
  EXPECT_THROW((void)c.counts(), std::logic_error);  // rows missing
  const std::vector<std::int64_t> unsorted = {3, 2}, outside = {16};
  EXPECT_THROW(c.add_row(unsorted), std::invalid_argument);
  EXPECT_THROW(c.add_row(outside), std::invalid_argument);
  c.add_row({});
  c.add_row({});
  EXPECT_THROW(c.add_row({}), std::logic_error);  // beyond the height
  EXPECT_EQ(c.counts().front().count, 0);
}

TEST(BoundaryStreamTest, EqualsTheInMemoryComputationOnRandomMaps) {
  struct Size {
    std::int64_t w, h;
  };
  // Heights that no band size below divides (157, 61), and thin maps.
  for (const auto& [w, h] : std::vector<Size>{{200, 157}, {61, 64}, {64, 61}, {1, 50}, {50, 1}, {3, 3}, {300, 127}}) {
    for (const bool with_attractor : {true, false}) {
      const auto im = random_map(w, h, static_cast<std::uint32_t>(w * 1000 + h), with_attractor);
      for (const auto& sel : {BoundarySelection::parse("converged"), BoundarySelection::parse("attractor:1"),
                              BoundarySelection::parse("label")}) {
        const auto mask = gdchaos::boundary_mask(im, sel);
        const auto want_counts = gdchaos::count_boxes(mask, w, h);
        const auto want = gdchaos::box_counting_dimension(im, sel);
        std::int64_t boundary = 0;
        for (auto m : mask) boundary += m;
        for (const auto& bands : std::vector<std::vector<std::int64_t>>{{1}, {7}, {16}, {h}, {h + 5}, {3, 1, 10, 2}}) {
          SCOPED_TRACE(testing::Message() << w << "x" << h << " " << sel.name() << " attractor " << with_attractor
                                          << " first band " << bands.front());
          const auto s = stream_map(im, sel, bands);
          EXPECT_EQ(s.boundary_pixels(), boundary);
          EXPECT_EQ(s.isolated_pixels(), gdchaos::isolated_pixel_count(im, sel));
          expect_same_counts(s.counts(), want_counts);
          const auto got = s.estimate();
          EXPECT_EQ(got.supported, want.supported);
          EXPECT_EQ(got.reason, want.reason);
          EXPECT_EQ(got.dimension, want.dimension);
          EXPECT_EQ(got.ci_lo, want.ci_lo);
          EXPECT_EQ(got.ci_hi, want.ci_hi);
          EXPECT_EQ(got.boundary_pixels, want.boundary_pixels);
          EXPECT_EQ(got.isolated_pixels, want.isolated_pixels);
        }
      }
    }
  }
}

TEST(BoundaryStreamTest, SupportedEstimateIsBitIdentical) {
  // Large enough for a fit (several box sizes with many boxes); 1000 rows in bands of 64.
  const auto im = random_map(900, 1000, 7, true, 0);
  for (const auto& sel : {BoundarySelection::parse("converged"), BoundarySelection::parse("label")}) {
    SCOPED_TRACE(sel.name());
    const auto want = gdchaos::box_counting_dimension(im, sel);
    const auto got = stream_map(im, sel, {64}).estimate();
    ASSERT_TRUE(want.supported) << want.reason;
    EXPECT_EQ(got.supported, want.supported);
    EXPECT_EQ(got.dimension, want.dimension);
    EXPECT_EQ(got.ci_lo, want.ci_lo);
    EXPECT_EQ(got.ci_hi, want.ci_hi);
    EXPECT_EQ(got.std_error, want.std_error);
    EXPECT_EQ(got.fit_lo, want.fit_lo);
    EXPECT_EQ(got.fit_hi, want.fit_hi);
    EXPECT_EQ(got.offset_spread, want.offset_spread);
    EXPECT_EQ(got.range_spread, want.range_spread);
    ASSERT_EQ(got.local_slopes.size(), want.local_slopes.size());
    for (std::size_t k = 0; k < want.local_slopes.size(); ++k) {
      if (std::isnan(want.local_slopes[k].slope)) EXPECT_TRUE(std::isnan(got.local_slopes[k].slope));
      else EXPECT_EQ(got.local_slopes[k].slope, want.local_slopes[k].slope);
      EXPECT_EQ(got.local_slopes[k].spread, want.local_slopes[k].spread);
    }
  }
}

TEST(BoundaryStreamTest, RefusesMisuse) {
  BoundaryStream s(4, 2, BoundarySelection{});
  const std::vector<std::uint8_t> row(4, 1), partial(3, 1), three_rows(12, 1);
  const std::vector<std::int16_t> short_ids(2, 0);
  EXPECT_THROW(s.add_rows(partial), std::invalid_argument);
  EXPECT_THROW(s.add_rows(row, short_ids), std::invalid_argument);
  EXPECT_THROW(s.add_rows(three_rows), std::logic_error);
  EXPECT_THROW((void)s.estimate(), std::logic_error);
  s.add_rows(row);
  s.add_rows(row);
  EXPECT_TRUE(s.complete());
  EXPECT_EQ(s.boundary_pixels(), 0);
  // An image without columns is complete from the start.
  EXPECT_TRUE(BoundaryStream(0, 5, BoundarySelection{}).complete());
}
