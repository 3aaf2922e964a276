#pragma once
// A `gdchaos basin` output directory read back (the reading side of basin_output.hpp's contract):
// meta.json, and any of its arrays in bands of rows, so that a map of any size is analysed in
// memory proportional to a band. Every analysis of a rendered map reads it through this class.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

/// Opens DIR: DIR/meta.json (an object with a "recipe" object) is read and checked, and the
/// header of DIR/status.npy (2-D, non-empty) is checked against meta.json's res. Other arrays are
/// opened on first use, or up front with open(), and checked to have status.npy's shape. Every
/// file must be a regular file (a FIFO or device is refused, not waited on); a malformed or
/// truncated one is an InputError naming it, never a huge allocation. Values are checked as they
/// are read. One thread at a time.
class BasinReader {
 public:
  /// Throws InputError naming what is missing or wrong.
  explicit BasinReader(const std::filesystem::path& dir);
  ~BasinReader();
  BasinReader(BasinReader&&) noexcept;
  BasinReader& operator=(BasinReader&&) noexcept;

  const std::filesystem::path& dir() const;
  const nlohmann::json& meta() const;
  std::int64_t width() const { return width_; }    ///< W columns (α)
  std::int64_t height() const { return height_; }  ///< H rows (β)
  /// The arrays meta.json lists ("arrays": status, steps, attractor, loss, norm2, …), in its order;
  /// empty when it lists none.
  std::vector<std::string> arrays() const;

  /// Opens DIR/NAME.npy now and checks its header, so that a bad file is refused before any work.
  /// NAME is status, attractor or an array meta.json lists. Throws InputError otherwise, or when
  /// the file is missing, not a regular file, malformed or not of status.npy's shape.
  void open(const std::string& name);

  /// Rows per band when a pixel costs `bytes_per_pixel` and a band may take `budget` bytes (≥ 1, ≤ H).
  std::int64_t band_rows(std::int64_t bytes_per_pixel, std::int64_t budget = std::int64_t{32} << 20) const;

  // Rows [first, first + count), row-major into a span of count · width() values. Throws
  // std::invalid_argument for rows outside the map or a span of the wrong size, InputError for a
  // file that cannot be read or a value that is not what the array holds.
  /// Statuses, checked 0..4.
  void read_status(std::int64_t first, std::int64_t count, std::span<std::uint8_t> out);
  /// Attractor ids, checked ≥ −1.
  void read_attractor(std::int64_t first, std::int64_t count, std::span<std::int16_t> out);
  /// Any array NAME (as open() accepts it) converted to double, exactly for every dtype the
  /// output writes (float32 fields, int32 steps, …); NaN stays NaN.
  void read_field(const std::string& name, std::int64_t first, std::int64_t count, std::span<double> out);

 private:
  struct Files;
  std::unique_ptr<Files> files_;
  std::int64_t width_ = 0, height_ = 0;
};

}  // namespace gdchaos
