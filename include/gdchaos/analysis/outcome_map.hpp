#pragma once
// A rendered map in memory with each pixel's outcome label (outcome.hpp), for small maps and
// tests; analyses of maps of any size read bands through BasinReader (output/basin_reader.hpp).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "gdchaos/core/json_value.hpp"

namespace gdchaos {

/// A whole map in memory (about 7 bytes a pixel).
struct OutcomeMap {
  std::int64_t width = 0, height = 0;  ///< W columns (α), H rows (β)
  std::vector<std::uint8_t> status;    ///< row-major, row i ↔ β_i
  std::vector<std::int16_t> attractor;
  std::vector<int> labels;             ///< outcome_label(status, attractor)
  JsonValue meta;                      ///< meta.json as written by `gdchaos basin`
};

/// Reads the whole map through BasinReader. Throws InputError naming what is missing or wrong.
OutcomeMap read_outcome_map(const std::filesystem::path& dir);

}  // namespace gdchaos
