#pragma once
// NumPy .npy files (format version 1.0, little-endian, C order): what numpy.load reads.
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace gdchaos::npy {

/// Writes `data` with the given shape; dtype from T (uint8, int16, int32, float32, float64).
/// Throws std::runtime_error when the file cannot be written.
template <class T>
void write(const std::filesystem::path& path, std::span<const T> data, const std::vector<std::int64_t>& shape);

/// A loaded array, converted to double.
struct Array {
  std::vector<std::int64_t> shape;
  std::vector<double> data;
};

/// Reads a C-order .npy of any integer, bool or float dtype (either byte order).
/// Throws gdchaos::InputError when the file is missing or not a supported .npy.
Array read(const std::filesystem::path& path);

}  // namespace gdchaos::npy
