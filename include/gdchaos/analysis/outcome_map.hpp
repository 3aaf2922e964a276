#pragma once
// A rendered map read back from a `gdchaos basin` output directory: meta.json, status.npy and
// attractor.npy, checked against each other, with each pixel's outcome label (outcome.hpp).
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/io/npy.hpp"

namespace gdchaos {

/// A `gdchaos basin` output directory opened for reading in bands of rows, so that a map of any
/// size is analysed in memory proportional to a band: DIR/meta.json (an object with a "recipe")
/// is read and checked, the headers of DIR/status.npy (2-D, non-empty) and DIR/attractor.npy
/// (the same shape) are checked against each other and against meta.json's res; pixel values are
/// checked as they are read. Every file must be a regular file (a FIFO is refused, not waited on).
class OutcomeMapReader {
 public:
  /// Throws InputError naming what is missing or wrong.
  explicit OutcomeMapReader(const std::filesystem::path& dir);
  std::int64_t width() const { return width_; }    ///< W columns (α)
  std::int64_t height() const { return height_; }  ///< H rows (β)
  const nlohmann::json& meta() const { return meta_; }
  /// Rows per band when a pixel costs `bytes_per_pixel` and a band may take `budget` bytes (≥ 1, ≤ H).
  std::int64_t band_rows(std::int64_t bytes_per_pixel, std::int64_t budget = std::int64_t{32} << 20) const;
  /// Rows [first, first + count): status (checked 0..4) and attractor ids (checked ≥ −1), each
  /// span count · width long. Throws InputError for a value that is not a status or attractor id.
  void read_rows(std::int64_t first, std::int64_t count, std::span<std::uint8_t> status,
                 std::span<std::int16_t> attractor);

 private:
  std::filesystem::path dir_;
  nlohmann::json meta_;
  npy::RowReader<std::uint8_t> status_;
  npy::RowReader<std::int16_t> attractor_;
  std::int64_t width_ = 0, height_ = 0;
};

/// A whole map in memory (about 7 bytes a pixel); large maps are read with OutcomeMapReader.
struct OutcomeMap {
  std::int64_t width = 0, height = 0;  ///< W columns (α), H rows (β)
  std::vector<std::uint8_t> status;    ///< row-major, row i ↔ β_i
  std::vector<std::int16_t> attractor;
  std::vector<int> labels;             ///< outcome_label(status, attractor)
  nlohmann::json meta;                 ///< meta.json as written by `gdchaos basin`
};

/// Reads the whole map through OutcomeMapReader. Throws InputError naming what is missing or wrong.
OutcomeMap read_outcome_map(const std::filesystem::path& dir);

}  // namespace gdchaos
