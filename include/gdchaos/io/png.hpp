#pragma once
// 8-bit RGB PNG output (libpng).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>
#include <span>

#include "gdchaos/output/colormap.hpp"

namespace gdchaos::png {

/// `pixels` holds height rows of width pixels, top row first.
/// Throws std::runtime_error when the file cannot be written.
void write(const std::filesystem::path& path, std::int64_t width, std::int64_t height, std::span<const Rgb> pixels);

/// Writes an image row by row (top row first), so a large image never has to be in memory whole.
class RowWriter {
 public:
  RowWriter(const std::filesystem::path& path, std::int64_t width, std::int64_t height);
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;
  void write_row(std::span<const Rgb> row);
  /// Checks that every row arrived and flushes; throws std::runtime_error on failure.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::filesystem::path path_;
  std::int64_t width_, height_, rows_ = 0;
  bool finished_ = false;
};

/// Reads an 8-bit RGB or RGBA PNG (for tests); fills width/height; alpha is dropped.
std::vector<Rgb> read(const std::filesystem::path& path, std::int64_t& width, std::int64_t& height);

}  // namespace gdchaos::png
