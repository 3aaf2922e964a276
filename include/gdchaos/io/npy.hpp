#pragma once
// NumPy .npy files (format version 1.0, little-endian, C order): what numpy.load reads.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <vector>

namespace gdchaos::npy {

/// Writes `data` with the given shape; dtype from T (uint8, int16, int32, float32, float64).
/// Throws std::runtime_error when the file cannot be written.
template <class T>
void write(const std::filesystem::path& path, std::span<const T> data, const std::vector<std::int64_t>& shape);

/// A .npy written in pieces (C order), so a large array never has to be in memory whole: the
/// header goes out first, then append() calls that together hold exactly the shape's elements;
/// finish() checks the count and flushes (a short or failed write throws std::runtime_error).
template <class T>
class StreamWriter {
 public:
  StreamWriter(const std::filesystem::path& path, const std::vector<std::int64_t>& shape);
  ~StreamWriter();
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;
  void append(std::span<const T> data);
  void finish();

 private:
  std::filesystem::path path_;
  std::unique_ptr<std::ofstream> out_;
  std::int64_t expected_ = 0, written_ = 0;
  bool finished_ = false;
};

/// Elements [first, first + count) of a .npy of dtype T written by this library (little-endian).
template <class T>
std::vector<T> read_range(const std::filesystem::path& path, std::int64_t first, std::int64_t count);
/// Overwrites elements [first, first + data.size()) of such a file in place.
template <class T>
void write_range(const std::filesystem::path& path, std::int64_t first, std::span<const T> data);

/// A loaded array, converted to double.
struct Array {
  std::vector<std::int64_t> shape;
  std::vector<double> data;
};

/// Reads a C-order .npy of any integer, bool or float dtype (either byte order).
/// Throws gdchaos::InputError when the file is missing or not a supported .npy.
Array read(const std::filesystem::path& path);

}  // namespace gdchaos::npy
