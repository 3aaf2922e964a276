#pragma once
// A basin render (`gdchaos basin`, `gdchaos net basin`) across the ranks of an MPI job: rows in
// small bands from the work queue, written by rank 0 into one BasinWriter as they arrive. The
// writer's output does not depend on the order of its bands (output/basin_output.hpp), so the
// result is bit-identical to a single-process run's; its checkpoint makes the run resumable as
// in one process, whatever the number of ranks before and after.
#include <cstdint>
#include <functional>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/cluster/session.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos::cluster {

/// Rows done of all rows, on rank 0.
using RowProgress = std::function<void(std::int64_t done, std::int64_t total)>;

/// Bands a rank of the queue: enough to even out the slow bands near a boundary.
inline constexpr int kBandsPerRank = 16;

/// Writes the output contract of `job` into `out` (rank 0's; nullptr on the others) and returns
/// meta.json's content on rank 0 (null elsewhere), `extra` merged into it; `out` is not committed.
/// meta.json's wall_seconds is rank 0's elapsed time, queue_seconds the part until the last band
/// was written (the rest is the output's finish: ids, basin.png), rank_seconds the time all bands
/// took on all ranks.
nlohmann::json write_basin_output_across(const Session& session, OutputDir* out, const BasinJob& job,
                                         const nlohmann::json& extra, const RowProgress& progress = {});

}  // namespace gdchaos::cluster
