#pragma once
// A rendered map read back from a `gdchaos basin` output directory: meta.json, status.npy and
// attractor.npy, checked against each other, with each pixel's outcome label (outcome.hpp).
#include <cstdint>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

namespace gdchaos {

struct OutcomeMap {
  std::int64_t width = 0, height = 0;  ///< W columns (α), H rows (β)
  std::vector<std::uint8_t> status;    ///< row-major, row i ↔ β_i
  std::vector<std::int16_t> attractor;
  std::vector<int> labels;             ///< outcome_label(status, attractor)
  nlohmann::json meta;                 ///< meta.json as written by `gdchaos basin`
};

/// Reads DIR/meta.json (an object with a "recipe"), DIR/status.npy (2-D, values 0..4) and
/// DIR/attractor.npy (same shape, integers ≥ −1). Throws InputError naming what is missing or wrong.
OutcomeMap read_outcome_map(const std::filesystem::path& dir);

}  // namespace gdchaos
