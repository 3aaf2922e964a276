#include "gdchaos/analysis/outcome_map.hpp"

#include <cmath>
#include <fstream>
#include <string>

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/status.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

OutcomeMap read_outcome_map(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": not a directory (expected the output of gdchaos basin)");
  const fs::path meta_path = dir / "meta.json";
  if (!fs::is_regular_file(meta_path, ec)) throw InputError(meta_path.string() + ": missing");
  std::ifstream in(meta_path);
  if (!in) throw InputError(meta_path.string() + ": cannot open");
  OutcomeMap m;
  m.meta = nlohmann::json::parse(in, nullptr, false);
  if (m.meta.is_discarded()) throw InputError(meta_path.string() + ": malformed JSON");
  if (!m.meta.is_object() || !m.meta.contains("recipe") || !m.meta["recipe"].is_object())
    throw InputError(meta_path.string() + ": no \"recipe\" object (not a gdchaos basin meta.json)");

  const auto status = npy::read(dir / "status.npy");
  if (status.shape.size() != 2 || status.shape[0] < 1 || status.shape[1] < 1)
    throw InputError((dir / "status.npy").string() + ": expected a non-empty 2-D array");
  const auto attractor = npy::read(dir / "attractor.npy");
  if (attractor.shape != status.shape)
    throw InputError((dir / "attractor.npy").string() + ": shape does not match status.npy");
  m.height = status.shape[0];
  m.width = status.shape[1];
  const auto& res = m.meta["recipe"].value("res", nlohmann::json());
  if (res.is_array() && res.size() == 2 && res[0].is_number() && res[1].is_number() &&
      (res[0].get<double>() != static_cast<double>(m.width) || res[1].get<double>() != static_cast<double>(m.height)))
    throw InputError((dir / "status.npy").string() + ": shape does not match meta.json's res");

  const auto n = static_cast<std::size_t>(m.width * m.height);
  m.status.resize(n);
  m.attractor.resize(n);
  m.labels.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double s = status.data[k], a = attractor.data[k];
    if (!(s >= 0 && s < kStatusCount && s == std::floor(s)))
      throw InputError((dir / "status.npy").string() + ": value " + std::to_string(s) + " is not a status (0..4)");
    if (!(a >= -1 && a <= 32767 && a == std::floor(a)))
      throw InputError((dir / "attractor.npy").string() + ": value " + std::to_string(a) + " is not an attractor id");
    m.status[k] = static_cast<std::uint8_t>(s);
    m.attractor[k] = static_cast<std::int16_t>(a);
    m.labels[k] = outcome_label(m.status[k], m.attractor[k]);
  }
  return m;
}

}  // namespace gdchaos
