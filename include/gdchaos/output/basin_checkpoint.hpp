#pragma once
// The checkpoint of a basin render in progress: a JSON-lines file in its staging directory
// (io/output_target.hpp names it). The first line says which render it is (the whole of
// meta.json's job part: recipe, grid, decision, version); every further line records one band of
// rows that is in the arrays: what the arrays do not hold (the band's attractor points, counts,
// iterations, wall time, Theorem 1's tally) and a CRC-32 of the bytes written for it. A run killed
// at any moment leaves at most a torn last line, which reading ignores; a resumed run replays the
// records in order (so attractor ids come out as they were written) and re-renders the rest.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/analysis/theorem1_agreement.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos {

struct BandRecord {
  std::int64_t row = 0, rows = 0;
  std::vector<std::vector<double>> attractors;  ///< the band's own table (its ids index it)
  bool attractors_overflowed = false;
  std::array<std::int64_t, kStatusCount> counts{};
  std::int64_t point_iterations = 0;
  double wall_seconds = 0;
  std::string engine;
  std::optional<Theorem1Agreement> theorem1;
  std::uint32_t crc = 0;  ///< CRC-32 (zlib's) of the band's bytes, array by array in contract order
};

nlohmann::json to_json(const BandRecord& r);
/// Throws std::runtime_error on a malformed record.
BandRecord band_record_from_json(const nlohmann::json& j);

struct Checkpoint {
  std::string identity;  ///< the first line
  std::vector<BandRecord> bands;
};

/// Reads a checkpoint; a last line without its newline (a torn write) is ignored. Throws
/// std::runtime_error when the file cannot be read or a complete line is malformed.
Checkpoint read_checkpoint(const std::filesystem::path& path);

/// Appends records to a checkpoint, one write(2) a line, so a kill leaves whole lines only.
class CheckpointLog {
 public:
  /// Creates `path` holding `identity` and `bands` (written to a temporary, then renamed into place).
  CheckpointLog(const std::filesystem::path& path, const std::string& identity, const std::vector<BandRecord>& bands = {});
  ~CheckpointLog();
  CheckpointLog(const CheckpointLog&) = delete;
  CheckpointLog& operator=(const CheckpointLog&) = delete;
  /// Throws std::runtime_error when the write fails.
  void append(const BandRecord& record);
  /// Closes and removes the file (the output is complete: nothing is left to resume).
  void remove();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace gdchaos
