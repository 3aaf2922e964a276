#include "gdchaos/analysis/outcome_map.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/input_file.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

namespace {

nlohmann::json read_meta(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": not a directory (expected the output of gdchaos basin)");
  const fs::path meta_path = dir / "meta.json";
  if (!fs::exists(meta_path, ec)) throw InputError(meta_path.string() + ": missing");
  nlohmann::json meta = read_json_file(meta_path, "map");
  if (!meta.is_object() || !meta.contains("recipe") || !meta["recipe"].is_object())
    throw InputError(meta_path.string() + ": no \"recipe\" object (not a gdchaos basin meta.json)");
  return meta;
}

}  // namespace

OutcomeMapReader::OutcomeMapReader(const fs::path& dir)
    : dir_(dir),
      meta_(read_meta(dir)),
      status_(dir / "status.npy", "map"),
      attractor_(dir / "attractor.npy", "map") {
  const auto& shape = status_.info().shape;
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1)
    throw InputError((dir / "status.npy").string() + ": expected a non-empty 2-D array");
  if (attractor_.info().shape != shape)
    throw InputError((dir / "attractor.npy").string() + ": shape does not match status.npy");
  height_ = shape[0];
  width_ = shape[1];
  const auto& res = meta_["recipe"].value("res", nlohmann::json());
  if (res.is_array() && res.size() == 2 && res[0].is_number() && res[1].is_number() &&
      (res[0].get<double>() != static_cast<double>(width_) || res[1].get<double>() != static_cast<double>(height_)))
    throw InputError((dir / "status.npy").string() + ": shape does not match meta.json's res");
}

std::int64_t OutcomeMapReader::band_rows(std::int64_t bytes_per_pixel, std::int64_t budget) const {
  const std::int64_t row = std::max<std::int64_t>(1, bytes_per_pixel) * width_;
  return std::clamp<std::int64_t>(budget / row, 1, height_);
}

void OutcomeMapReader::read_rows(std::int64_t first, std::int64_t count, std::span<std::uint8_t> status,
                                 std::span<std::int16_t> attractor) {
  status_.read_rows(first, count, status);
  attractor_.read_rows(first, count, attractor);
  for (std::size_t k = 0; k < status.size(); ++k) {
    if (status[k] >= kStatusCount)
      throw InputError((dir_ / "status.npy").string() + ": value " + std::to_string(status[k]) +
                       " is not a status (0..4)");
    if (attractor[k] < -1)
      throw InputError((dir_ / "attractor.npy").string() + ": value " + std::to_string(attractor[k]) +
                       " is not an attractor id");
  }
}

OutcomeMap read_outcome_map(const fs::path& dir) {
  OutcomeMapReader reader(dir);
  OutcomeMap m;
  m.width = reader.width();
  m.height = reader.height();
  m.meta = reader.meta();
  const auto n = static_cast<std::size_t>(m.width * m.height);
  m.status.resize(n);
  m.attractor.resize(n);
  reader.read_rows(0, m.height, m.status, m.attractor);
  m.labels.resize(n);
  for (std::size_t k = 0; k < n; ++k) m.labels[k] = outcome_label(m.status[k], m.attractor[k]);
  return m;
}

}  // namespace gdchaos
