#include "gdchaos/output/basin_reader.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/status.hpp"
#include "gdchaos/io/input_file.hpp"
#include "gdchaos/io/npy.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

namespace {

nlohmann::json read_meta(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": not a directory (expected the output of gdchaos basin)");
  const fs::path meta_path = dir / "meta.json";
  if (!fs::exists(meta_path, ec))
    throw InputError(meta_path.string() + ": missing (is " + dir.string() + " the output of gdchaos basin?)");
  nlohmann::json meta = read_json_file(meta_path, "map");
  if (!meta.is_object() || !meta.contains("recipe") || !meta["recipe"].is_object())
    throw InputError(meta_path.string() + ": no \"recipe\" object (not a gdchaos basin meta.json)");
  return meta;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
  return s + "]";
}

}  // namespace

struct BasinReader::Files {
  fs::path dir;
  nlohmann::json meta;
  npy::RowReader<std::uint8_t> status;
  std::optional<npy::RowReader<std::int16_t>> attractor;
  std::map<std::string, npy::RowReader<double>> fields;

  explicit Files(const fs::path& d) : dir(d), meta(read_meta(d)), status(d / "status.npy", "map") {}

  fs::path file(const std::string& name) const { return dir / (name + ".npy"); }

  // A name is a file of this directory only when it is status, attractor or listed in meta.json
  // (a name from a caller never reaches outside the directory).
  void check_name(const std::string& name) const {
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    const auto* arrays = meta.contains("arrays") && meta["arrays"].is_object() ? &meta["arrays"] : nullptr;
    if (!plain || (name != "status" && name != "attractor" && !(arrays && arrays->contains(name))))
      throw InputError((dir / "meta.json").string() + ": lists no array '" + name + "'");
  }

  template <class T>
  void check_shape(const npy::RowReader<T>& in) const {
    if (in.info().shape != status.info().shape)
      throw InputError(in.path().string() + ": shape " + shape_text(in.info().shape) + " does not match status.npy's " +
                       shape_text(status.info().shape));
  }

  npy::RowReader<std::int16_t>& attractor_file() {
    if (!attractor) {
      npy::RowReader<std::int16_t> in(file("attractor"), "map");
      check_shape(in);
      attractor.emplace(std::move(in));
    }
    return *attractor;
  }

  npy::RowReader<double>& field_file(const std::string& name) {
    if (auto it = fields.find(name); it != fields.end()) return it->second;
    check_name(name);
    npy::RowReader<double> in(file(name), "map");
    check_shape(in);
    return fields.emplace(name, std::move(in)).first->second;
  }
};

BasinReader::BasinReader(const fs::path& dir) : files_(std::make_unique<Files>(dir)) {
  const auto& shape = files_->status.info().shape;
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1)
    throw InputError(files_->status.path().string() + ": expected a non-empty 2-D array");
  height_ = shape[0];
  width_ = shape[1];
  const auto& res = files_->meta["recipe"].value("res", nlohmann::json());
  if (res.is_array() && res.size() == 2 && res[0].is_number() && res[1].is_number() &&
      (res[0].get<double>() != static_cast<double>(width_) || res[1].get<double>() != static_cast<double>(height_)))
    throw InputError(files_->status.path().string() + ": shape does not match meta.json's res");
}

BasinReader::~BasinReader() = default;
BasinReader::BasinReader(BasinReader&&) noexcept = default;
BasinReader& BasinReader::operator=(BasinReader&&) noexcept = default;

const fs::path& BasinReader::dir() const { return files_->dir; }
const nlohmann::json& BasinReader::meta() const { return files_->meta; }

std::vector<std::string> BasinReader::arrays() const {
  std::vector<std::string> names;
  const auto& meta = files_->meta;
  if (meta.contains("arrays") && meta["arrays"].is_object())
    for (const auto& [name, _] : meta["arrays"].items()) names.push_back(name);
  return names;
}

void BasinReader::open(const std::string& name) {
  if (name == "status") return;  // opened by the constructor
  if (name == "attractor") {
    files_->attractor_file();
    return;
  }
  files_->field_file(name);
}

std::int64_t BasinReader::band_rows(std::int64_t bytes_per_pixel, std::int64_t budget) const {
  const std::int64_t row = std::max<std::int64_t>(1, bytes_per_pixel) * width_;
  return std::clamp<std::int64_t>(budget / row, 1, height_);
}

void BasinReader::read_status(std::int64_t first, std::int64_t count, std::span<std::uint8_t> out) {
  files_->status.read_rows(first, count, out);
  for (const auto s : out)
    if (s >= kStatusCount)
      throw InputError(files_->status.path().string() + ": value " + std::to_string(s) + " is not a status (0..4)");
}

void BasinReader::read_attractor(std::int64_t first, std::int64_t count, std::span<std::int16_t> out) {
  auto& in = files_->attractor_file();
  in.read_rows(first, count, out);
  for (const auto a : out)
    if (a < -1) throw InputError(in.path().string() + ": value " + std::to_string(a) + " is not an attractor id");
}

void BasinReader::read_field(const std::string& name, std::int64_t first, std::int64_t count, std::span<double> out) {
  files_->field_file(name).read_rows(first, count, out);
}

}  // namespace gdchaos
