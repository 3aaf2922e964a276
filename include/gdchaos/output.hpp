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

#include <nlohmann/json.hpp>

#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe.hpp"
#include "gdchaos/render.hpp"

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

/// Writes the whole contract from `bands` into `out` (not committed) and returns meta.json's
/// content; `extra` is merged into meta.json.
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BandSource& bands,
                                  const nlohmann::json& extra = nlohmann::json::object());
/// The same for a map already in memory.
nlohmann::json write_basin_output(OutputDir& out, const BasinJob& job, const BasinMap& map,
                                  const nlohmann::json& extra = nlohmann::json::object());

}  // namespace gdchaos
