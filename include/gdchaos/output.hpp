#pragma once
// The output directory of `gdchaos basin` (the contract other tools rely on):
//   meta.json, status.npy, steps.npy, loss.npy, norm2.npy, imbalance.npy, sharpness.npy,
//   attractor.npy, [coord.npy], basin.png.
// Everything is written into a temporary sibling directory that is renamed into place at the end,
// so an interrupted run never leaves a directory that looks complete.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "gdchaos/io/atomic_dir.hpp"
#include "gdchaos/recipe.hpp"
#include "gdchaos/render.hpp"

namespace gdchaos {


/// meta.json's content for a finished render.
nlohmann::json basin_meta(const BasinJob& job, const BasinMap& map);

/// Writes the whole contract; `meta` is written as meta.json (see basin_meta).
void write_basin_output(const std::filesystem::path& dir, const BasinJob& job, const BasinMap& map,
                        nlohmann::json meta, bool force);

}  // namespace gdchaos
