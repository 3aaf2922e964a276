// Ranged reads and in-place writes of .npy files (how attractor ids are rewritten in a streamed map).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/io/npy.hpp"

namespace fs = std::filesystem;
namespace npy = gdchaos::npy;

TEST(NpyRanges, WriteRangeReplacesExactlyTheElementsItNames) {
  const auto path = fs::temp_directory_path() / ("gdchaos_npy_ranges_" + std::to_string(::getpid()) + ".npy");
  std::vector<std::int16_t> data(1000);
  std::iota(data.begin(), data.end(), 0);
  npy::write<std::int16_t>(path, data, {20, 50});
  for (std::int64_t first : {0, 1, 37, 500, 990}) {
    std::vector<std::int16_t> patch(10);
    for (std::size_t k = 0; k < patch.size(); ++k) patch[k] = static_cast<std::int16_t>(-1 - first - k);
    npy::write_range<std::int16_t>(path, first, patch);
    for (std::size_t k = 0; k < patch.size(); ++k) data[first + k] = patch[k];
    // the whole file, through the general reader, is the expected array
    const auto a = npy::read(path);
    ASSERT_EQ(a.shape, (std::vector<std::int64_t>{20, 50}));
    for (std::size_t k = 0; k < data.size(); ++k) ASSERT_EQ(a.data[k], data[k]) << "after first = " << first << ", at " << k;
    // and a ranged read of any window agrees
    const std::int64_t from = first > 3 ? first - 3 : 0;
    const auto window = npy::read_range<std::int16_t>(path, from, std::min<std::int64_t>(16, 1000 - from));
    for (std::size_t k = 0; k < window.size(); ++k) ASSERT_EQ(window[k], data[from + k]);
  }
  fs::remove(path);
}

TEST(NpyRanges, RangesHonourAHeaderLongerThan255Bytes) {
  // 100 dimensions make a header of more than 256 bytes: its length needs both bytes of the
  // version 1.0 length field, and ranged reads and writes must start the data after all of it.
  const auto path = fs::temp_directory_path() / ("gdchaos_npy_long_header_" + std::to_string(::getpid()) + ".npy");
  std::vector<std::int64_t> shape(100, 1);
  shape[0] = 40;
  std::vector<std::int16_t> data(40);
  std::iota(data.begin(), data.end(), 100);
  npy::write<std::int16_t>(path, data, shape);
  ASSERT_GT(npy::read_info(path).data_offset, 256);
  EXPECT_EQ(npy::read_range<std::int16_t>(path, 5, 3), (std::vector<std::int16_t>{105, 106, 107}));
  npy::write_range<std::int16_t>(path, 10, std::vector<std::int16_t>{-1, -2});
  const auto a = npy::read(path);
  ASSERT_EQ(a.data.size(), 40u);
  for (std::size_t k = 0; k < a.data.size(); ++k)
    EXPECT_EQ(a.data[k], k == 10 ? -1.0 : k == 11 ? -2.0 : 100.0 + static_cast<double>(k)) << k;
  fs::remove(path);
}
