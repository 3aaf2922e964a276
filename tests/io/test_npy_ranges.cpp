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
