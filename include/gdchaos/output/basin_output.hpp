#pragma once
// The output directory of `gdchaos basin` (the contract other tools rely on):
//   meta.json, status.npy, steps.npy, attractor.npy, basin.png, and NAME.npy for each float field
//   of the job's field set (field_set.hpp): loss, norm2, sharpness, the model's own (the
//   factorization's imbalance), [coord].
// The map is pulled band by band (a few rows at a time) and streamed into the files, so a render
// of any size needs memory for one band only. The files go into an OutputDir (io/output_dir.hpp),
// which the caller commits: an interrupted run never leaves a directory that looks complete.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/engine/render.hpp"

namespace gdchaos {

/// Rows [row_begin, row_end) of the map as a BasinMap of that many rows; its attractor ids index
/// its own `attractors`.
using BandSource = std::function<BasinMap(std::int64_t row_begin, std::int64_t row_end)>;

/// The job's map, rendered band by band (progress is reported for the whole map).
BandSource render_bands(const BasinJob& job);

/// Bytes the output files of a map with these fields take on disk.
std::int64_t basin_output_bytes(std::int64_t pixels, const FieldSet& fields);
/// The same for the job's map.
std::int64_t basin_output_bytes(const BasinJob& job);

/// The output contract of one render, written from bands of rows that may arrive in any order
/// (bands of one process now; tiles of a server or ranks of an MPI job): the arrays are created
/// at full size, write_rows() fills each band in place, and finish() makes the attractor ids
/// canonical, draws basin.png from the arrays and returns meta.json's content (which the caller
/// completes and writes). The result does not depend on the order of the bands. One caller at a
/// time; each row exactly once.
///
/// Every band written is recorded in a checkpoint (output/basin_checkpoint.hpp) beside the arrays,
/// so a run killed part-way can be finished: a writer created on a directory that holds such a
/// checkpoint reopens the arrays, takes over the recorded bands whose bytes still match their
/// CRC (a band that does not, and every band recorded after it, is rendered again) and asks only
/// for the rest (missing_rows()). finish() removes the checkpoint as its last step: a run killed
/// while finishing resumes too, and only finishes.
class BasinWriter {
 public:
  /// Throws InputError when `dir` holds the checkpoint of another job.
  BasinWriter(const std::filesystem::path& dir, const RenderSpec& job);
  ~BasinWriter();
  BasinWriter(const BasinWriter&) = delete;
  BasinWriter& operator=(const BasinWriter&) = delete;
  /// The band height that keeps a band near a million pixels (a multiple of the job's band_row_quantum()).
  std::int64_t band_rows() const;
  /// Rows already written (taken over from an interrupted run, or by write_rows).
  std::int64_t rows_done() const;
  /// The ranges [begin, end) of rows still to write, in order.
  std::vector<std::pair<std::int64_t, std::int64_t>> missing_rows() const;
  /// Rows [row_begin, row_begin + band.height); ids index band.attractors.
  void write_rows(std::int64_t row_begin, BasinMap band);
  nlohmann::json finish();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// `ranges` cut into pieces of at most `rows` rows.
std::vector<std::pair<std::int64_t, std::int64_t>> split_rows(const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges,
                                                              std::int64_t rows);

/// Writes the whole contract from `bands` into `out` (not committed) and returns meta.json's
/// content; `extra` (an object) is merged into meta.json.
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands,
                                  const nlohmann::json& extra);
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands);
/// The same for a map already in memory.
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BasinMap& map, const nlohmann::json& extra);
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BasinMap& map);

}  // namespace gdchaos
