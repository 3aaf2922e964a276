// A band survives the trip between ranks bit for bit; a damaged message is refused, not misread.
#include <cstring>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/cluster/band_codec.hpp"
#include "gdchaos/cluster/distributed_scan.hpp"
#include "gdchaos/cluster/work_queue.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos::cluster {
namespace {

BasinMap some_band() {
  auto job = basin_job_from_recipe({{"y", 1}, {"eta", 0.6}, {"res", "9,4"}, {"lambda", 0.1}});
  return job.render_rows(1, 3, job.options);
}

void expect_equal_bits(const BasinMap& a, const BasinMap& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_TRUE(std::equal(a.status.begin(), a.status.end(), b.status.begin(), b.status.end()));
  EXPECT_TRUE(std::equal(a.steps.begin(), a.steps.end(), b.steps.begin(), b.steps.end()));
  EXPECT_TRUE(std::equal(a.attractor.begin(), a.attractor.end(), b.attractor.begin(), b.attractor.end()));
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (std::size_t k = 0; k < a.fields.size(); ++k) {
    EXPECT_EQ(a.fields[k].name, b.fields[k].name);
    ASSERT_EQ(a.fields[k].values.size(), b.fields[k].values.size());
    EXPECT_EQ(std::memcmp(a.fields[k].values.data(), b.fields[k].values.data(), a.fields[k].values.size() * 4), 0);
  }
  EXPECT_EQ(a.attractors, b.attractors);
  EXPECT_EQ(a.attractors_overflowed, b.attractors_overflowed);
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_EQ(a.engine, b.engine);
  EXPECT_EQ(a.wall_seconds, b.wall_seconds);
}

TEST(BandCodec, RoundTripIsExact) {
  const auto band = some_band();
  ASSERT_GE(band.attractors.size(), 1u);
  expect_equal_bits(band, decode_band(encode_band(band)));
}

TEST(BandCodec, TruncatedOrPaddedMessagesAreRefused) {
  const auto bytes = encode_band(some_band());
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(decode_band(std::string_view(bytes).substr(0, cut)), std::runtime_error) << cut;
  EXPECT_THROW(decode_band(bytes + "x"), std::runtime_error);
}

TEST(JoinColumns, PiecesOfAScanPutTogetherAreTheWholeScan) {
  auto job = basin_job_from_recipe({{"y", 1}, {"eta", 0.6}, {"res", "12,1"}, {"lambda", 0.1}});
  const auto whole = job.render_rows(0, 1, job.options);
  // the same pixels in three pieces, as three ranks would return them
  std::vector<BasinMap> parts;
  for (auto [b, e] : {std::pair{0, 5}, {5, 6}, {6, 12}}) {
    BasinMap p;
    p.width = e - b, p.height = 1, p.engine = whole.engine, p.attractors = whole.attractors;
    p.status.assign(whole.status.begin() + b, whole.status.begin() + e);
    p.steps.assign(whole.steps.begin() + b, whole.steps.begin() + e);
    p.attractor.assign(whole.attractor.begin() + b, whole.attractor.begin() + e);
    for (const auto& f : whole.fields) p.fields.push_back({f.name, PixelArray<float>(f.values.begin() + b, f.values.begin() + e)});
    for (auto s : p.status) ++p.counts[s];
    parts.push_back(std::move(p));
  }
  auto joined = join_columns(std::move(parts));
  joined.wall_seconds = whole.wall_seconds;
  expect_equal_bits(whole, joined);
}

TEST(SplitEvenly, CoversEveryItemOnceInBoundedUnits) {
  for (std::int64_t total : {1, 7, 100, 1001})
    for (int ranks : {1, 3, 64}) {
      const auto units = split_evenly(total, ranks, 4, 10);
      std::int64_t next = 0;
      for (const auto& u : units) {
        EXPECT_EQ(u.begin, next);
        EXPECT_GT(u.end, u.begin);
        EXPECT_LE(u.end - u.begin, 10);
        next = u.end;
      }
      EXPECT_EQ(next, total);
      if (total >= 4 * ranks * 10) {
        EXPECT_EQ(units.front().end - units.front().begin, 10);
      }
    }
}

}  // namespace
}  // namespace gdchaos::cluster
