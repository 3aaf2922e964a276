// BasinEntropyStream against basin_entropy on the whole map: the same result, bit for bit, for
// bands of any size (including ones that split boxes and a height that no band divides).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "gdchaos/analysis/basin_entropy.hpp"
#include "gdchaos/core/error.hpp"

using namespace gdchaos;

namespace {

// Labels in patches (so most boxes hold one outcome and some several), a band of excluded
// pixels (4) and noise.
std::vector<int> patchy_labels(std::int64_t w, std::int64_t h, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int> labels(static_cast<std::size_t>(w * h));
  const int cell = 1 + static_cast<int>(rng() % 9);
  std::vector<int> patch(static_cast<std::size_t>((w / cell + 1) * (h / cell + 1)));
  for (auto& p : patch) p = std::vector<int>{0, 1, 3, 16, 17, 18}[rng() % 6];
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j) {
      int l = patch[static_cast<std::size_t>((i / cell) * (w / cell + 1) + j / cell)];
      if (j < w / 5 && i > h / 2) l = 4;  // outside the domain
      if (rng() % 50 == 0) l = static_cast<int>(rng() % 20);
      labels[static_cast<std::size_t>(i * w + j)] = l;
    }
  return labels;
}

}  // namespace

TEST(BasinEntropyStreamTest, EqualsTheWholeMapComputation) {
  struct Size {
    std::int64_t w, h;
    int box;
  };
  for (const auto& [w, h, box] : std::vector<Size>{
           {100, 83, 5}, {83, 100, 5}, {64, 64, 1}, {37, 41, 7}, {50, 50, 50}, {200, 13, 4}, {9, 200, 9}, {31, 29, 3}}) {
    const auto labels = patchy_labels(w, h, static_cast<std::uint32_t>(w * 31 + h + box));
    const auto want = basin_entropy(labels, w, h, box);
    for (const std::int64_t band : {std::int64_t{1}, std::int64_t{2}, std::int64_t{box}, std::int64_t{box + 1},
                                    std::int64_t{17}, h}) {
      SCOPED_TRACE(testing::Message() << w << "x" << h << " box " << box << " band " << band);
      BasinEntropyStream s(w, h, box);
      for (std::int64_t first = 0; first < h; first += band) {
        const std::int64_t n = std::min(band, h - first);
        EXPECT_FALSE(s.complete());
        s.add_rows(std::span<const int>(labels.data() + first * w, static_cast<std::size_t>(n * w)));
      }
      const auto got = s.result();
      EXPECT_EQ(got.box, want.box);
      EXPECT_EQ(got.boxes, want.boxes);
      EXPECT_EQ(got.boundary_boxes, want.boundary_boxes);
      EXPECT_EQ(got.skipped_boxes, want.skipped_boxes);
      EXPECT_EQ(got.pixels, want.pixels);
      EXPECT_EQ(got.outcomes, want.outcomes);
      EXPECT_EQ(got.entropy, want.entropy);  // bit for bit: the boxes are summed in the same order
      EXPECT_EQ(got.boundary_entropy, want.boundary_entropy);
    }
  }
}

TEST(BasinEntropyStreamTest, BadInputAndMisuse) {
  EXPECT_THROW(BasinEntropyStream(10, 10, 0), InputError);
  EXPECT_THROW(BasinEntropyStream(10, 10, 11), InputError);
  EXPECT_THROW(BasinEntropyStream(0, 10, 1), InputError);
  BasinEntropyStream s(4, 4, 2);
  const std::vector<int> partial(3, 1), rows(8, 1), too_many(20, 1);
  EXPECT_THROW(s.add_rows(partial), std::invalid_argument);
  EXPECT_THROW(s.add_rows(too_many), std::logic_error);
  EXPECT_THROW((void)s.result(), std::logic_error);
  s.add_rows(rows);
  s.add_rows(rows);
  EXPECT_EQ(s.result().boxes, 4);
}
