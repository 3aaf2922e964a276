#pragma once
// Labelled grey-scale images as the two offline image sources store them: Fashion-MNIST's idx
// files (gzip-compressed, big-endian headers) and the UCI digits' CSV (gzip-compressed, 64 pixel
// values 0…16 and the label on each line).
#include <cstdint>
#include <filesystem>
#include <vector>

namespace gdchaos {

struct ImageSet {
  int count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;  ///< count × rows × cols
  std::vector<std::uint8_t> labels;  ///< count
  double max_value = 255;            ///< the brightest a pixel can be (255 idx, 16 digits)
};

/// An idx3 image file and its idx1 label file; throws InputError when one is missing or malformed.
ImageSet read_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels);
/// sklearn's digits.csv.gz; throws InputError when missing or malformed.
ImageSet read_digits_csv(const std::filesystem::path& file);

}  // namespace gdchaos
