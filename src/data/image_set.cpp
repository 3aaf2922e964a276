#include "gdchaos/data/image_set.hpp"

#include <zlib.h>

#include <cstring>
#include <sstream>
#include <string>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/input_file.hpp"

namespace gdchaos {

namespace {

// The whole decompressed content of a gzip file (a plain file passes through gzread unchanged).
std::vector<std::uint8_t> read_gzip(const std::filesystem::path& path, const std::string& what) {
  check_input_file(path, what);
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw InputError(path.string() + ": cannot be opened");
  std::vector<std::uint8_t> out;
  std::uint8_t chunk[1 << 16];
  while (true) {
    const int got = gzread(f, chunk, sizeof chunk);
    if (got < 0) {
      int code = 0;
      const std::string message = gzerror(f, &code);
      gzclose(f);
      throw InputError(path.string() + ": not a readable gzip file (" + message + ")");
    }
    if (got == 0) break;
    out.insert(out.end(), chunk, chunk + got);
  }
  // A truncated gzip stream reads short without an error from gzread; gzclose_r reports it.
  if (gzclose_r(f) != Z_OK) throw InputError(path.string() + ": truncated or corrupt gzip file");
  return out;
}

std::uint32_t big_endian(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

}  // namespace

ImageSet read_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels) {
  const auto img = read_gzip(images, "an idx image file");
  const auto lab = read_gzip(labels, "an idx label file");
  // idx: magic 0x00000803 (unsigned bytes, 3 dimensions) or 0x00000801 (1 dimension), then the
  // dimensions as big-endian 32-bit integers, then the data.
  if (img.size() < 16 || big_endian(img, 0) != 0x803) throw InputError(images.string() + ": not an idx3 image file");
  if (lab.size() < 8 || big_endian(lab, 0) != 0x801) throw InputError(labels.string() + ": not an idx1 label file");
  const std::uint64_t count = big_endian(img, 4), rows = big_endian(img, 8), cols = big_endian(img, 12);
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096 || count > (1u << 24))
    throw InputError(images.string() + ": implausible image dimensions");
  if (img.size() != 16 + count * rows * cols) throw InputError(images.string() + ": holds fewer or more bytes than its header says");
  if (big_endian(lab, 4) != count || lab.size() != 8 + count)
    throw InputError(labels.string() + ": does not hold one label per image of " + images.string());
  ImageSet s;
  s.count = static_cast<int>(count), s.rows = static_cast<int>(rows), s.cols = static_cast<int>(cols);
  s.pixels.assign(img.begin() + 16, img.end());
  s.labels.assign(lab.begin() + 8, lab.end());
  s.max_value = 255;
  return s;
}

ImageSet read_digits_csv(const std::filesystem::path& file) {
  const auto bytes = read_gzip(file, "the digits data");
  ImageSet s;
  s.rows = s.cols = 8;
  s.max_value = 16;
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string field;
    int k = 0;
    while (std::getline(fields, field, ',')) {
      // sklearn writes the values as floats ("0.0"); each must be an integer in range
      char* end = nullptr;
      const double v = std::strtod(field.c_str(), &end);
      const int limit = k < 64 ? 16 : 9;
      if (end == field.c_str() || *end != '\0' || v != static_cast<int>(v) || v < 0 || v > limit)
        throw InputError(file.string() + ": line " + std::to_string(line_no) + " field " + std::to_string(k + 1) +
                         " is not an integer in [0, " + std::to_string(limit) + "]");
      (k < 64 ? s.pixels : s.labels).push_back(static_cast<std::uint8_t>(v));
      ++k;
    }
    if (k != 65) throw InputError(file.string() + ": line " + std::to_string(line_no) + " does not hold 64 pixels and a label");
    ++s.count;
  }
  if (s.count == 0) throw InputError(file.string() + ": holds no samples");
  return s;
}

}  // namespace gdchaos
